"""Intake details per source, the MiStra Nr. 42 person rules and their JSON form."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.cases import CaseInput, PersonInput, ValidationError, validate_case
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseTrack, District, IntakeSource
from desktop.domain.intake import (
    JUSTICE_FIELDS,
    MISTRA_KEY,
    SOURCE_FIELDS,
    FieldKind,
    decode_details,
    describe_details,
    encode_details,
    fields_for,
    is_mistra42,
    mistra42_problems,
    normalize_intake_details,
    validate_intake_details,
)
from desktop.domain.nationalities import STATELESS, UNCLARIFIED

TODAY = date(2026, 11, 23)

COMPLETE_PERSON = PersonInput(
    family_name="Beispiel", given_names="Erika", birth_name="Muster",
    birth_date=PartialDate(1990, 5, 17), birth_place="Musterstadt", birth_country="TR",
    nationalities=("TR",), address="Teststraße 1\n12345 Musterstadt")


def required_values(source: IntakeSource, mistra: bool = False) -> dict[str, str]:
    values = {f.key: "Testwert" for f in fields_for(source, mistra) if f.required}
    if mistra:
        values[MISTRA_KEY] = "ja"
    return values


def test_every_source_has_fields_with_german_labels() -> None:
    assert set(SOURCE_FIELDS) == set(IntakeSource)
    keys = [f.key for fs in SOURCE_FIELDS.values() for f in fs] + [
        f.key for f in JUSTICE_FIELDS]
    assert len(keys) == len(set(keys))  # a key means the same thing everywhere
    for fields in SOURCE_FIELDS.values():
        assert fields
        assert any(f.required for f in fields)
        for item in fields:
            assert item.label
            assert item.max_length > 0
    police = {f.key: f for f in SOURCE_FIELDS[IntakeSource.POLICE_REPORT]}
    assert police["police_authority"].label == "Polizeibehörde"
    assert police["offence_date"].kind == FieldKind.DATE
    assert police["offence"].kind == FieldKind.MULTILINE


@pytest.mark.parametrize("source", list(IntakeSource))
def test_required_fields_of_each_source(source: IntakeSource) -> None:
    assert validate_intake_details(source, required_values(source), TODAY) == {}
    problems = validate_intake_details(source, {}, TODAY)
    required = {f.key for f in SOURCE_FIELDS[source] if f.required}
    assert set(problems) == required
    assert all("bitte angeben" in message for message in problems.values())


@pytest.mark.parametrize("source", list(IntakeSource))
def test_mistra_flag_is_allowed_for_every_source_and_needs_the_justice_fields(
        source: IntakeSource) -> None:
    values = required_values(source)
    values[MISTRA_KEY] = "ja"
    problems = validate_intake_details(source, values, TODAY)
    assert set(problems) == {"justice_authority", "justice_reference"}
    assert validate_intake_details(source, required_values(source, True), TODAY) == {}


def test_justice_fields_without_the_flag_are_refused() -> None:
    values = required_values(IntakeSource.PRESS_REPORT)
    values["justice_reference"] = "123 Js 456/26"
    problems = validate_intake_details(IntakeSource.PRESS_REPORT, values, TODAY)
    assert "MiStra Nr. 42" in problems["justice_reference"]


def test_unknown_and_foreign_keys_are_refused() -> None:
    values = required_values(IntakeSource.PRESS_REPORT)
    values["police_authority"] = "KPB"  # belongs to another source
    values["x" * 500] = "?"
    problems = validate_intake_details(IntakeSource.PRESS_REPORT, values, TODAY)
    assert "Pressebericht" in problems["police_authority"]
    assert "x" * 40 in problems
    assert all(len(key) <= 40 for key in problems)


def test_bad_flag_value_is_refused() -> None:
    values = required_values(IntakeSource.PROACTIVE, True)
    values[MISTRA_KEY] = "vielleicht"
    assert MISTRA_KEY in validate_intake_details(IntakeSource.PROACTIVE, values, TODAY)


@pytest.mark.parametrize(("text", "fragment"), [
    ("24.11.2026", "Zukunft"),
    ("31.02.2026", "TT.MM.JJJJ"),
    ("00.05.2026", "TT.MM.JJJJ"),
    ("gestern", "TT.MM.JJJJ"),
    ("01.01.1899", "vor 1900"),
])
def test_bad_dates(text: str, fragment: str) -> None:
    values = required_values(IntakeSource.POLICE_REPORT)
    values["offence_date"] = text
    problems = validate_intake_details(IntakeSource.POLICE_REPORT, values, TODAY)
    assert fragment in problems["offence_date"]
    assert problems["offence_date"].startswith("Tatzeit")


def test_control_characters_and_length() -> None:
    values = required_values(IntakeSource.POLICE_REPORT)
    values["police_reference"] = "ab\x00c"
    values["offence"] = "Zeile 1\nZeile 2"  # newlines are fine in a multiline field
    values["police_authority"] = "K" * 100_000
    problems = validate_intake_details(IntakeSource.POLICE_REPORT, values, TODAY)
    assert "Steuerzeichen" in problems["police_reference"]
    assert "höchstens 200 Zeichen" in problems["police_authority"]
    assert "offence" not in problems
    values = required_values(IntakeSource.POLICE_REPORT)
    values["offence"] = "x" * 100_000
    values["police_reference"] = "A\nB"  # a line field takes no newline
    problems = validate_intake_details(IntakeSource.POLICE_REPORT, values, TODAY)
    assert "höchstens 2000" in problems["offence"]
    assert "Steuerzeichen" in problems["police_reference"]


def test_normalize_trims_drops_empty_and_formats_dates() -> None:
    out = normalize_intake_details({"police_authority": "  KPB  ", "police_reference": " ",
                                    "offence_date": "1.2.2026"})
    assert out == {"police_authority": "KPB", "offence_date": "01.02.2026"}


def test_mistra_person_fields() -> None:
    assert mistra42_problems(COMPLETE_PERSON) == {}
    problems = mistra42_problems(PersonInput(family_name="Beispiel",
                                             birth_date=PartialDate(1990, 5)))
    assert set(problems) == {"birth_name", "given_names", "birth_date", "birth_place",
                             "birth_country", "nationalities", "address"}
    assert "vollständige Geburtsdatum" in problems["birth_date"]
    assert all("MiStra Nr. 42" in m for m in problems.values())


@pytest.mark.parametrize("code", [UNCLARIFIED, STATELESS])
def test_unclarified_and_stateless_nationality_count(code: str) -> None:
    person = PersonInput(**{**COMPLETE_PERSON.__dict__, "nationalities": (code,)})
    assert mistra42_problems(person) == {}


def case(person: PersonInput, details: dict[str, str] | None,
         source: IntakeSource = IntakeSource.POLICE_REPORT) -> CaseInput:
    return CaseInput(person=person, district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
                     intake_source=source, intake_date=date(2026, 3, 1),
                     intake_details=None if details is None else tuple(details.items()))


def test_validate_case_checks_details_and_mistra_person() -> None:
    validate_case(case(COMPLETE_PERSON, required_values(IntakeSource.POLICE_REPORT, True)),
                  TODAY)
    validate_case(case(PersonInput("Beispiel"), None), TODAY)  # not recorded: not checked
    with pytest.raises(ValidationError) as info:
        validate_case(case(PersonInput("Beispiel"),
                           required_values(IntakeSource.POLICE_REPORT, True)), TODAY)
    assert {"birth_name", "birth_country", "address"} <= set(info.value.problems)
    with pytest.raises(ValidationError) as info:
        validate_case(case(COMPLETE_PERSON, {}), TODAY)
    assert set(info.value.problems) == {"intake.police_authority"}


def test_birth_country_must_be_a_state() -> None:
    for code, fragment in (("ZZ", "Unbekannter Geburtsstaat"), (STATELESS, "kein Geburtsstaat")):
        person = PersonInput(family_name="Beispiel", birth_country=code)
        with pytest.raises(ValidationError) as info:
            validate_case(case(person, None), TODAY)
        assert fragment in info.value.problems["birth_country"]
    validate_case(case(PersonInput("Beispiel", birth_country=UNCLARIFIED), None), TODAY)


def test_describe_details_in_field_order() -> None:
    details = {"offence_date": "01.02.2026", "police_authority": "KPB", MISTRA_KEY: "ja"}
    assert describe_details(IntakeSource.POLICE_REPORT, details) == [
        ("Mitteilung der Justiz (MiStra Nr. 42)", "ja"), ("Polizeibehörde", "KPB"),
        ("Tatzeit", "01.02.2026")]
    assert is_mistra42(details)


@given(st.dictionaries(st.text(max_size=30), st.text(max_size=200), max_size=8))
def test_json_round_trip(details: dict[str, str]) -> None:
    text = encode_details(details)
    assert decode_details(text) == details
    assert encode_details(decode_details(text)) == text  # canonical: one text per mapping
    assert encode_details(dict(reversed(details.items()))) == text  # key order irrelevant


@pytest.mark.parametrize("text", ["[]", '{"a": 1}', "null", '"x"'])
def test_decode_refuses_what_is_no_object_of_texts(text: str) -> None:
    with pytest.raises(ValueError, match="Objekt"):
        decode_details(text)
