"""Intake details and the state of birth on a real vault: stored, returned, audited; MiStra
Nr. 42 cases refuse missing person data and nothing is saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.dates import PartialDate, format_date
from desktop.domain.enums import CaseTrack, District, IntakeSource, JournalKind
from desktop.domain.intake import (
    MISTRA_TYPICAL,
    decode_details,
    is_mistra42,
    mistra42_problems,
    validate_intake_details,
)
from desktop.errors import InvalidInputError
from desktop.services.cases import CaseChanges
from desktop.services.demo_intake import birth_country, intake_details
from desktop.services.read_models import CaseDetail
from desktop.storage import orm
from tests.support import new_workspace

TODAY = date.today()  # noqa: DTZ011 - the clock CaseService uses by default

PERSON = PersonInput(
    family_name="Beispielmann", given_names="Testo", birth_name="Mustermann",
    birth_date=PartialDate(1991, 4, 2), birth_place="Beispielstadt", birth_country="XK",
    nationalities=("XK",), address="Musterweg 5\n40210 Düsseldorf")
POLICE_MISTRA = (("police_authority", " KPB Musterstadt "), ("offence_date", "1.3.2026"),
                 ("mistra42", "ja"), ("justice_authority", "StA Musterstadt"),
                 ("justice_reference", "12 Js 345/26"))


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    yield ws
    ws.close()


def intake(person: PersonInput = PERSON,
           details: tuple[tuple[str, str], ...] | None = POLICE_MISTRA) -> CaseInput:
    return CaseInput(person=person, district=District.DUESSELDORF,
                     track=CaseTrack.CASE_MANAGEMENT, intake_source=IntakeSource.POLICE_REPORT,
                     intake_date=date(2026, 3, 2), intake_details=details)


def changes_of(detail: CaseDetail, person: PersonInput) -> CaseChanges:
    return CaseChanges(person=person, track=detail.track, intake_source=detail.intake_source,
                       intake_date=detail.intake_date, intake_reference=detail.intake_reference)


def test_details_and_birth_country_are_stored_and_returned(workspace) -> None:
    detail = workspace.cases.create(intake())
    assert dict(detail.intake_details) == {
        "police_authority": "KPB Musterstadt", "offence_date": "01.03.2026",
        "mistra42": "ja", "justice_authority": "StA Musterstadt",
        "justice_reference": "12 Js 345/26"}
    assert detail.person.birth_country == "XK"
    again = workspace.cases.get(detail.id)
    assert again.intake_details == detail.intake_details
    with workspace.open_vault.unit_of_work(write=False) as uow:
        stored = uow.session.scalar(select(orm.Case.intake_details)
                                    .where(orm.Case.id == detail.id))
        events = uow.session.scalars(select(orm.AuditEvent)
                                     .where(orm.AuditEvent.action == "case.create")).all()
    assert stored.startswith('{"justice_authority":"StA Musterstadt",')
    assert "KPB" not in str([e.details for e in events])  # the audit names keys, no values
    assert "police_authority" in str([e.details for e in events])


def test_a_case_without_recorded_details_stores_an_empty_object(workspace) -> None:
    detail = workspace.cases.create(intake(PersonInput("Ohnedetails"), None))
    assert detail.intake_details == ()
    assert detail.person.birth_country == ""


def test_missing_mistra_person_fields_are_refused_and_nothing_is_saved(workspace) -> None:
    before = workspace.cases.count()
    person = replace(PERSON, birth_name="", birth_country="", address="",
                     birth_date=PartialDate(1991))
    with pytest.raises(InvalidInputError) as info:
        workspace.cases.create(intake(person))
    assert set(info.value.problems) == {"birth_name", "birth_country", "address", "birth_date"}
    assert all("MiStra Nr. 42" in m for m in info.value.problems.values())
    assert workspace.cases.count() == before


def test_bad_details_are_refused_with_intake_keys(workspace) -> None:
    before = workspace.cases.count()
    future = format_date(TODAY + timedelta(days=30))
    details = (("police_authority", ""), ("offence_date", future), ("wer", "?"))
    with pytest.raises(InvalidInputError) as info:
        workspace.cases.create(intake(PersonInput("Beispiel"), details))
    assert set(info.value.problems) == {"intake.police_authority", "intake.offence_date",
                                        "intake.wer"}
    assert "Zukunft" in info.value.problems["intake.offence_date"]
    assert workspace.cases.count() == before


def test_birth_country_is_edited_journaled_and_audited(workspace) -> None:
    detail = workspace.cases.create(intake(PersonInput("Beispiel"), None))
    updated = workspace.cases.update(
        detail.id, detail.version,
        changes_of(detail, PersonInput("Beispiel", birth_country="UA")))
    assert updated.person.birth_country == "UA"
    journal = workspace.cases.journal(detail.id, JournalKind.SYSTEM)
    assert any(e.subject == "Stammdaten geändert" and "Geburtsstaat" in e.text
               for e in journal)
    with workspace.open_vault.unit_of_work(write=False) as uow:
        event = uow.session.scalars(select(orm.AuditEvent)
                                    .where(orm.AuditEvent.action == "case.update")).one()
    assert "birth_country" in str(event.details)
    with pytest.raises(InvalidInputError) as info:
        workspace.cases.update(detail.id, updated.version,
                               changes_of(updated, PersonInput("Beispiel", birth_country="ZZ")))
    assert "birth_country" in info.value.problems


def test_a_mistra_case_keeps_its_person_data_on_update(workspace) -> None:
    detail = workspace.cases.create(intake())
    with pytest.raises(InvalidInputError) as info:
        workspace.cases.update(detail.id, detail.version,
                               changes_of(detail, replace(PERSON, address="")))
    assert set(info.value.problems) == {"address"}
    assert workspace.cases.get(detail.id).person.address == PERSON.address


@pytest.mark.parametrize("source", list(IntakeSource))
def test_demo_details_are_valid_and_mistra_only_for_complete_persons(source) -> None:
    intake_day = date(2026, 3, 2)
    mistra_seen = 0
    for number in range(60):
        person = {"family_name": "Beispiel", "birth_name": "", "given_names": "Testo",
                  "birth_date": PartialDate(1990, 1, 2) if number % 2 else PartialDate(1990),
                  "birth_place": "Musterort", "birth_country": birth_country("TR", True),
                  "address": "Musterweg 1"}
        details = decode_details(intake_details(source.value, intake_day, f"s-{number}",
                                                person))
        assert validate_intake_details(source, details, intake_day) == {}
        if is_mistra42(details):
            mistra_seen += 1
            complete = PersonInput(**person, nationalities=("TR",))
            assert mistra42_problems(complete) == {}
    assert (mistra_seen > 0) == (source in MISTRA_TYPICAL)
    assert birth_country("XS", True) == ""
