"""Rules of residence data: labels, the Duldung early warning, validity, input validation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.residence import (
    DocumentKind,
    DuldungInput,
    DuldungType,
    IdentityDocumentInput,
    ObstacleInput,
    ObstacleKind,
    PassportStatus,
    ReferenceInput,
    ReferenceKind,
    days_left,
    duldung_warning,
    is_current,
    is_expired,
    parse_languages,
    text_problem,
    validate_document,
    validate_duldung,
    validate_obstacle,
    validate_person_extras,
    validate_reference,
    warning_date,
)

TODAY = date(2026, 3, 10)


def test_duldung_types_are_the_glossary_codes_with_legal_labels():
    assert [t.value for t in DuldungType] == [
        "60a_1", "60a_2_1", "60a_2_3", "60a_2a", "60a_2b", "60b", "60c", "60d"]
    assert DuldungType.S60A_1.label == "§ 60a Abs. 1 AufenthG"
    assert DuldungType.S60A_2_3.label == "§ 60a Abs. 2 S. 3 AufenthG"
    assert DuldungType.S60C.description == "Ausbildungsduldung"
    assert DuldungType.from_label("§ 60d AufenthG") is DuldungType.S60D


@pytest.mark.parametrize("enum", [DuldungType, ObstacleKind, ReferenceKind, DocumentKind,
                                  PassportStatus])
def test_every_member_has_a_distinct_german_label(enum):
    labels = [member.label for member in enum]
    assert all(labels)
    assert len(set(labels)) == len(labels)


def test_passport_status_labels_name_the_travel_document():
    assert PassportStatus.TRAVEL_DOCUMENT_REQUESTED.label == "Passersatzpapier beantragt (PEP)"
    assert ObstacleKind.PASSPORT.label == "Pass/Passersatzpapier fehlt"


@pytest.mark.parametrize(("until", "warned"), [
    (None, False),
    (TODAY - timedelta(days=1), False),  # expired: no early warning, it is over
    (TODAY, True),
    (TODAY + timedelta(days=28), True),
    (TODAY + timedelta(days=29), False),
])
def test_duldung_warning(until, warned):
    assert duldung_warning(until, TODAY) is warned


def test_duldung_warning_period_can_be_chosen():
    assert duldung_warning(TODAY + timedelta(days=40), TODAY, days=42)
    assert not duldung_warning(TODAY + timedelta(days=8), TODAY, days=7)
    assert warning_date(date(2026, 4, 7)) == TODAY


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(-100, 100))
def test_warning_fires_exactly_from_the_warning_date(until, shift):
    today = until + timedelta(days=shift)
    assert duldung_warning(until, today) == (warning_date(until) <= today <= until)


def test_days_left_and_expiry():
    assert days_left(None, TODAY) is None
    assert days_left(TODAY + timedelta(days=3), TODAY) == 3
    assert is_expired(TODAY - timedelta(days=1), TODAY)
    assert not is_expired(TODAY, TODAY)
    assert not is_expired(None, TODAY)


@pytest.mark.parametrize(("start", "end", "current"), [
    (date(2026, 1, 1), date(2026, 3, 10), True),
    (date(2026, 3, 10), None, True),
    (date(2026, 3, 11), None, False),
    (date(2026, 1, 1), date(2026, 3, 9), False),
    (None, None, False),
])
def test_is_current(start, end, current):
    assert is_current(DuldungInput(DuldungType.S60B, start, end), TODAY) is current


def test_duldung_ending_before_it_starts():
    problems = validate_duldung(DuldungInput(DuldungType.S60A_2_1, date(2026, 3, 1),
                                             date(2026, 2, 28)))
    assert problems == {"valid_until": "Die Duldung endet vor ihrem Beginn."}
    assert validate_duldung(DuldungInput(DuldungType.S60A_2_1, date(2026, 3, 1),
                                         date(2026, 3, 1))) == {}


def test_duldung_needs_a_start_and_plain_text():
    problems = validate_duldung(DuldungInput(DuldungType.S60C, None, reason="x" * 2001,
                                             issued_by="ABH\x1b"))
    assert problems == {"valid_from": "Bitte angeben, ab wann die Duldung gilt.",
                        "reason": "Höchstens 2000 Zeichen.",
                        "issued_by": "Steuerzeichen sind nicht erlaubt."}


def test_impossible_years_are_refused():
    problems = validate_duldung(DuldungInput(DuldungType.S60C, date(1066, 1, 1),
                                             date(2200, 1, 1)))
    assert set(problems) == {"valid_from", "valid_until"}


def test_text_problem():
    assert text_problem("a\nb", 10) == "Steuerzeichen sind nicht erlaubt."
    assert text_problem("a\nb\tc", 10, multiline=True) is None
    assert text_problem("a\x7f", 10, multiline=True) == "Steuerzeichen sind nicht erlaubt."
    assert text_problem("abc", 2) == "Höchstens 2 Zeichen."


def test_obstacle_rules():
    assert validate_obstacle(ObstacleInput(ObstacleKind.MEDICAL, since=TODAY), TODAY) == {}
    assert validate_obstacle(ObstacleInput(ObstacleKind.MEDICAL,
                                           since=TODAY + timedelta(days=1)), TODAY) == {
        "since": "Das Datum liegt in der Zukunft."}
    assert "until" in validate_obstacle(ObstacleInput(
        ObstacleKind.FAMILY, since=TODAY, until=TODAY - timedelta(days=1)), TODAY)
    assert "description" in validate_obstacle(ObstacleInput(ObstacleKind.OTHER, " "), TODAY)


def test_reference_rules():
    assert validate_reference(ReferenceInput(ReferenceKind.ABH, "ABH-123/45")) == {}
    assert validate_reference(ReferenceInput(ReferenceKind.ABH, "")) == {
        "value": "Bitte das Aktenzeichen angeben."}
    assert validate_reference(ReferenceInput(ReferenceKind.AZR, "123456789012")) == {}
    assert "value" in validate_reference(ReferenceInput(ReferenceKind.AZR, "12345"))


def test_document_rules():
    ok = IdentityDocumentInput(DocumentKind.PASSPORT, PassportStatus.VALID, "P1",
                               "tr", TODAY)
    assert validate_document(ok, TODAY) == {}
    expired = IdentityDocumentInput(DocumentKind.PASSPORT, PassportStatus.VALID,
                                    valid_until=TODAY - timedelta(days=1))
    assert set(validate_document(expired, TODAY)) == {"status"}
    unknown = IdentityDocumentInput(DocumentKind.ID_CARD, PassportStatus.NONE,
                                    issuing_country="ZZ")
    assert set(validate_document(unknown, TODAY)) == {"issuing_country"}


def test_languages_are_split_trimmed_and_unique():
    assert parse_languages(" ar, Kurdisch (Sorani);ar ,, fa ") == ("ar", "Kurdisch (Sorani)",
                                                                   "fa")
    assert parse_languages("") == ()
    assert validate_person_extras("de, en", "Str. 1\n12345 Ort") == {}
    assert set(validate_person_extras("x" * 51, "a\x00")) == {"languages", "address"}
