"""Case rules: the status workflow, validation of input, file numbers, display names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.cases import (
    ALLOWED_TRANSITIONS,
    CaseInput,
    PersonInput,
    ValidationError,
    check_transition,
    display_name,
    validate_case,
)
from desktop.domain.dates import PartialDate
from desktop.domain.enums import (
    CaseOutcome,
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
)
from desktop.domain.file_numbers import FileNumber

TODAY = date(2026, 11, 23)


def case(**person: object) -> CaseInput:
    fields = {"family_name": "Beispiel", **person}
    return CaseInput(person=PersonInput(**fields),  # type: ignore[arg-type]
                     district=District.DUESSELDORF, track=CaseTrack.CASE_MANAGEMENT,
                     intake_source=IntakeSource.POLICE_REPORT, intake_date=date(2026, 3, 1))


@pytest.mark.parametrize("current", list(CaseStatus))
@pytest.mark.parametrize("target", list(CaseStatus))
def test_transition_matrix(current: CaseStatus, target: CaseStatus) -> None:
    allowed = target == current or target in ALLOWED_TRANSITIONS[current]
    if allowed:
        check_transition(current, target, CaseOutcome.OTHER, TODAY)
    else:
        with pytest.raises(ValidationError) as info:
            check_transition(current, target, CaseOutcome.OTHER, TODAY)
        assert "status" in info.value.problems


def test_workflow_shape() -> None:
    assert CaseStatus.DORMANT in ALLOWED_TRANSITIONS[CaseStatus.ACTIVE]
    assert CaseStatus.ACTIVE in ALLOWED_TRANSITIONS[CaseStatus.DORMANT]
    assert CaseStatus.INTAKE not in ALLOWED_TRANSITIONS[CaseStatus.ACTIVE]
    assert ALLOWED_TRANSITIONS[CaseStatus.CLOSED] == {CaseStatus.ACTIVE}


def test_closing_needs_outcome_and_date() -> None:
    with pytest.raises(ValidationError) as info:
        check_transition(CaseStatus.ACTIVE, CaseStatus.CLOSED, None, None)
    assert set(info.value.problems) == {"outcome", "outcome_date"}
    check_transition(CaseStatus.ACTIVE, CaseStatus.CLOSED, CaseOutcome.DEPORTED, TODAY)


def test_valid_case_passes() -> None:
    validate_case(case(given_names="Hans", birth_date=PartialDate(1990),
                       nationalities=("TR", "XU"), azr_number="123456789012"), TODAY)


@pytest.mark.parametrize(("person", "field"), [
    ({"family_name": "  "}, "family_name"),
    ({"birth_date": PartialDate(2027)}, "birth_date"),
    ({"nationalities": ("QQ",)}, "nationalities"),
    ({"nationalities": ("TR", "TR")}, "nationalities"),
    ({"azr_number": "12ab"}, "azr_number"),
    ({"given_names": "x\x00y"}, "given_names"),
    ({"family_name": "x" * 201}, "family_name"),
    ({"languages": "ar\nfr"}, "languages"),
    ({"languages": "x" * 2001}, "languages"),
    ({"address": "Str. 1\x07"}, "address"),
    ({"address": "Str. 1\tHaus 2"}, "address"),
    ({"address": "x" * 2001}, "address"),
])
def test_invalid_input_names_the_field(person: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_case(case(**person), TODAY)
    assert field in info.value.problems
    assert all(message for message in info.value.problems.values())


def test_languages_and_address_in_the_person() -> None:
    assert PersonInput("Beispiel").languages == ""
    assert PersonInput("Beispiel").address == ""
    validate_case(case(languages="ar, fr", address="LAE Bochum\nZimmer 12\n44787 Bochum"),
                  TODAY)
    validate_case(case(languages="x" * 2000, address="y" * 2000), TODAY)
    with pytest.raises(ValidationError) as info:
        validate_case(case(languages="de\x00", address="\x1b[0m"), TODAY)
    assert info.value.problems == {"languages": "Steuerzeichen sind nicht erlaubt.",
                                   "address": "Steuerzeichen sind nicht erlaubt."}
    with pytest.raises(ValidationError) as info:
        validate_case(case(address="x" * 2001), TODAY)
    assert info.value.problems == {"address": "Höchstens 2000 Zeichen."}


def test_future_intake_date_is_refused() -> None:
    data = CaseInput(person=PersonInput("Beispiel"), district=District.KOELN,
                     track=CaseTrack.VOLUNTARY_RETURN, intake_source=IntakeSource.PROACTIVE,
                     intake_date=date(2027, 1, 1))
    with pytest.raises(ValidationError) as info:
        validate_case(data, TODAY)
    assert "intake_date" in info.value.problems


@given(st.sampled_from(list(District)), st.integers(2000, 2200), st.integers(1, 99999))
def test_file_number_round_trip(district: District, year: int, number: int) -> None:
    value = FileNumber(district, year, number)
    text = str(value)
    assert text.startswith(f"RRK-{district.value}-{year}-")
    assert FileNumber.parse(text) == value


def test_file_number_format() -> None:
    assert str(FileNumber(District.DUESSELDORF, 2026, 42)) == "RRK-DUS-2026-00042"
    with pytest.raises(ValueError, match="Aktenzeichen"):
        FileNumber.parse("RRK-XYZ-2026-00042")


@pytest.mark.parametrize(("text", "district"), [
    ("DUS", District.DUESSELDORF), ("Düsseldorf", District.DUESSELDORF),
    ("köln", District.KOELN), ("MST", District.MUENSTER), ("Arnsberg", District.ARNSBERG),
])
def test_district_parse(text: str, district: District) -> None:
    assert District.parse(text) == district


def test_display_name() -> None:
    assert display_name("Müller", "Hans") == "Müller, Hans"
    assert display_name("Müller", "") == "Müller"


def test_every_enum_member_has_a_german_label() -> None:
    from desktop.domain import enums

    for enum_cls in (enums.District, enums.CaseTrack, enums.CaseFlag, enums.CaseStatus,
                     enums.CaseOutcome, enums.IntakeSource, enums.MeasureStatus,
                     enums.ReminderKind, enums.JournalKind, enums.PartnerKind,
                     enums.MeasureOwner, enums.Role):
        for member in enum_cls:
            assert member.label
            assert enum_cls.from_label(member.label) is member
