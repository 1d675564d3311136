"""ControllingService on a hand-built (encrypted) vault whose answers are known: the lines per
ABH and per caseworker, the rows behind every number, unanswered Weisungen and
Sachstandsanfragen, and the custody releases ahead with the notices to the ABH."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.custody import Sentence
from desktop.domain.dates import PartialDate
from desktop.domain.enums import (
    CaseOutcome,
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
    JournalKind,
    MeasureOwner,
    MeasureStatus,
    PartnerKind,
    ReminderKind,
    Role,
)
from desktop.domain.letters import LetterKind
from desktop.domain.partners import ContactInput, PartnerInput
from desktop.domain.residence import ReferenceInput, ReferenceKind
from desktop.errors import InvalidInputError
from desktop.services.cases import MeasureInput, ReminderInput
from desktop.services.controlling import (
    NO_CASEWORKER,
    ControllingService,
    Figure,
    ItemKind,
    add_months,
)
from desktop.services.custody import CustodyService
from desktop.services.custody_models import (
    CustodyDateKind,
    CustodyInputForm,
    Decision456a,
    DetentionKind,
)
from desktop.services.letters import LetterService
from desktop.services.workspace import VaultService, Workspace
from desktop.storage import orm
from tests.support import FAST_KDF, PASSPHRASE, USER, MemoryKeyring

LETTER_DAY = date(2026, 9, 1)
TODAY = date(2026, 11, 24)


@dataclass
class World:
    ws: Workspace
    abh_a: str
    abh_b: str
    case1: str
    case2: str
    case3: str
    instruction_due: date
    status_request_due: date


def _abh(ws: Workspace, name: str, kind: PartnerKind = PartnerKind.ABH) -> str:
    return ws.partners.create(
        PartnerInput(kind, name, district=District.KOELN, street="Markt 1", postcode="50667",
                     city="Köln"), (ContactInput("Frau Beispiel"),)).id


def _case(ws: Workspace, family: str, abh_id: str | None, caseworker: str | None) -> str:
    case = ws.cases.create(CaseInput(
        person=PersonInput(family, "Dragan", birth_date=PartialDate(1990, 5, 17),
                           nationalities=("RS",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.ABH_SUBMISSION, intake_date=date(2026, 1, 5),
        responsible_abh_id=abh_id, caseworker_id=caseworker))
    ws.residence.add_reference(case.id, ReferenceInput(ReferenceKind.ABH, "ABH-1/26", "Köln"))
    return case.id


@pytest.fixture
def world(tmp_path):
    service = VaultService(tmp_path / "akte.fallakte", kdf=FAST_KDF,
                           keyring=MemoryKeyring().store())
    ws, _code = service.create(user_name=USER, display_name="Anna Beispiel",
                               passphrase=PASSPHRASE, district=District.KOELN, role=Role.LEAD)
    me = ws.user.id
    abh_a = _abh(ws, "Stadt Köln – Ausländerbehörde")
    abh_b = _abh(ws, "Kreis Beispiel – Ausländerbehörde")
    police = _abh(ws, "Polizeipräsidium Köln", PartnerKind.POLICE)
    _abh(ws, "Stadt Ohnefälle – Ausländerbehörde")  # nothing open: no line
    case1 = _case(ws, "Eins", abh_a, me)
    case2 = _case(ws, "Zwei", abh_b, None)
    with ws.open_vault.unit_of_work() as uow:  # the service always names a caseworker
        uow.session.get(orm.Case, case2).caseworker_id = None
    case3 = _case(ws, "Drei", abh_a, me)
    add = ws.cases.add_measure
    add(case1, MeasureInput("Passersatz", MeasureOwner.ABH, abh_a, TODAY - timedelta(days=10)))
    add(case1, MeasureInput("Vorführung", MeasureOwner.ABH, None, TODAY + timedelta(days=5)))
    add(case1, MeasureInput("Beratung", MeasureOwner.RRK, None, TODAY - timedelta(days=3)))
    done = add(case1, MeasureInput("Erledigt", MeasureOwner.ABH, abh_a, TODAY - timedelta(20)))
    ws.cases.update_measure(done.id, done.version, MeasureStatus.DONE, "erledigt")
    add(case2, MeasureInput("Ausweisung prüfen", MeasureOwner.ABH, abh_b,
                            TODAY - timedelta(days=30)))
    add(case2, MeasureInput("Aufenthalt ermitteln", MeasureOwner.POLICE, police,
                            TODAY - timedelta(days=1)))
    add(case2, MeasureInput("Ohne Datum", MeasureOwner.ABH, abh_b, None))
    add(case3, MeasureInput("Im geschlossenen Fall", MeasureOwner.ABH, abh_a,
                            TODAY - timedelta(days=99)))
    ws.cases.add_reminder(case1, ReminderInput(ReminderKind.FOLLOW_UP, "Nachfassen",
                                               TODAY - timedelta(days=2)))
    ws.cases.add_reminder(case1, ReminderInput(ReminderKind.FOLLOW_UP, "Später",
                                               TODAY + timedelta(days=7)))
    ws.cases.add_journal(case1, JournalKind.EMAIL, "Anfrage per E-Mail", "Bitte um Rückmeldung",
                         reply_due=TODAY + timedelta(days=3))

    letters = LetterService(ws.open_vault, today=lambda: LETTER_DAY)
    letters.set_four_eyes(False)

    def final(case_id: str, kind: LetterKind):
        draft = letters.create_draft(case_id, kind)
        return letters.finalise(draft.id, draft.version)

    instruction = final(case1, LetterKind.INSTRUCTION)
    answered = final(case1, LetterKind.STATUS_REQUEST)
    unanswered = final(case2, LetterKind.STATUS_REQUEST)
    final(case3, LetterKind.INSTRUCTION)  # closed below: not counted
    entry = next(e for e in ws.cases.journal(case1)
                 if answered.register_number and answered.register_number in e.subject)
    ws.cases.mark_reply_received(entry.id)
    detail = ws.cases.get(case3)
    detail = ws.cases.change_status(case3, detail.version, CaseStatus.ACTIVE)
    ws.cases.change_status(case3, detail.version, CaseStatus.CLOSED,
                           outcome=CaseOutcome.OTHER, outcome_date=TODAY - timedelta(days=1))
    assert instruction.reply_deadline
    assert unanswered.reply_deadline
    yield World(ws, abh_a, abh_b, case1, case2, case3, instruction.reply_deadline,
                unanswered.reply_deadline)
    ws.close()


def service(world: World) -> ControllingService:
    return ControllingService(world.ws.open_vault, today=lambda: TODAY)


def test_lines_per_abh(world: World) -> None:
    overview = service(world).overview()
    assert overview.today == TODAY
    lines = {line.name: line for line in overview.authorities}
    assert set(lines) == {"Stadt Köln – Ausländerbehörde", "Kreis Beispiel – Ausländerbehörde"}
    a = lines["Stadt Köln – Ausländerbehörde"]
    assert (a.open_measures, a.overdue_measures, a.max_days_overdue) == (2, 1, 10)
    assert (a.instructions, a.status_requests) == (1, 0)
    b = lines["Kreis Beispiel – Ausländerbehörde"]
    assert (b.open_measures, b.overdue_measures, b.max_days_overdue) == (2, 1, 30)
    assert (b.instructions, b.status_requests) == (0, 1)
    assert b.figure(Figure.STATUS_REQUESTS) == 1


def test_lines_per_caseworker(world: World) -> None:
    lines = {line.user_id: line for line in service(world).overview().caseworkers}
    me = lines[world.ws.user.id]
    assert me.name == "Anna Beispiel"
    assert (me.open_measures, me.overdue_measures) == (3, 2)
    assert (me.open_reminders, me.overdue_reminders) == (2, 1)
    assert (me.awaited_replies, me.overdue_replies) == (2, 1)
    assert me.max_days_overdue == (TODAY - world.instruction_due).days
    assert me.figure(Figure.OVERDUE_ALL) == 4
    nobody = lines[NO_CASEWORKER]
    assert nobody.name == "ohne Bearbeitung"
    assert (nobody.open_measures, nobody.overdue_measures) == (3, 2)
    assert (nobody.open_reminders, nobody.awaited_replies, nobody.overdue_replies) == (0, 1, 1)
    assert list(lines)[-1] == NO_CASEWORKER


def test_every_number_has_its_list(world: World) -> None:
    controlling = service(world)
    overview = controlling.overview()
    for line in overview.authorities:
        for figure in (Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, Figure.INSTRUCTIONS,
                       Figure.STATUS_REQUESTS):
            assert len(controlling.authority_items(line.partner_id, figure)) == \
                line.figure(figure), (line.name, figure)
    for worker in overview.caseworkers:
        for figure in (*[f for f in Figure if f not in (Figure.INSTRUCTIONS,
                                                        Figure.STATUS_REQUESTS)],):
            assert len(controlling.caseworker_items(worker.user_id, figure)) == \
                worker.figure(figure), (worker.name, figure)


def test_rows_behind_a_number(world: World) -> None:
    controlling = service(world)
    [measure] = controlling.authority_items(world.abh_a, Figure.OVERDUE_MEASURES)
    assert (measure.case_id, measure.what, measure.days_overdue) == (world.case1, "Passersatz", 10)
    assert measure.kind == ItemKind.MEASURE
    assert measure.person_name.startswith("Eins")
    assert measure.file_number.startswith("RRK-KLN-")
    [instruction] = controlling.authority_items(world.abh_a, Figure.INSTRUCTIONS)
    assert instruction.kind == ItemKind.INSTRUCTION
    assert instruction.what.startswith("Weisung Nr. PA-2026-")
    assert instruction.due == world.instruction_due
    assert instruction.days_overdue == (TODAY - world.instruction_due).days
    [request] = controlling.authority_items(world.abh_b, Figure.STATUS_REQUESTS)
    assert request.case_id == world.case2
    overdue = controlling.caseworker_items(world.ws.user.id, Figure.OVERDUE_ALL)
    assert [i.kind for i in overdue] == [ItemKind.REPLY, ItemKind.MEASURE, ItemKind.MEASURE,
                                         ItemKind.REMINDER]
    assert [i.days_overdue for i in overdue] == [(TODAY - world.instruction_due).days, 10, 3, 2]
    with pytest.raises(InvalidInputError):
        controlling.authority_items(world.abh_a, Figure.OPEN_REMINDERS)


def test_a_letter_is_found_by_its_linked_journal_entry(world: World) -> None:
    """A hand-written entry that reads like the letter's (same subject and reply day) is not
    the letter's entry: only ``journal_entries.letter_id`` links them."""
    controlling = service(world)
    [request] = controlling.authority_items(world.abh_b, Figure.STATUS_REQUESTS)
    [entry] = world.ws.cases.journal(world.case2, JournalKind.LETTER)
    world.ws.cases.add_journal(world.case2, JournalKind.LETTER, entry.subject, "Abschrift",
                               datetime(2026, 9, 1, 10, tzinfo=UTC),
                               reply_due=world.status_request_due)
    assert controlling.authority_items(world.abh_b, Figure.STATUS_REQUESTS) == [request]


def test_prepared_status_requests_become_a_batch(world: World) -> None:
    items = service(world).authority_items(world.abh_b, Figure.OVERDUE_MEASURES)
    letters = LetterService(world.ws.open_vault, today=lambda: TODAY)
    result = letters.batch(LetterKind.STATUS_REQUEST, sorted({i.case_id for i in items}))
    assert len(result.letters) == 1
    assert not result.skipped
    assert result.letters[0].case_id == world.case2


def test_releases_ahead_with_notices(world: World) -> None:
    ws = world.ws
    custody = CustodyService(ws.open_vault, today=lambda: TODAY)

    def record(family: str, start: date, sentence: Sentence) -> tuple[str, str]:
        case_id = _case(ws, family, world.abh_a, None)
        view = custody.save(case_id, CustodyInputForm(
            facility_partner_id=None, booking_number="B 1", prosecutor_reference="StA 1",
            detention_kind=DetentionKind.STRAFHAFT, start=start, credited_days=0,
            sentences=(sentence,)))
        return case_id, view.id

    soon, soon_id = record("Bald", date(2026, 6, 1), Sentence(months=8))
    later, _later_id = record("Später", date(2026, 6, 1), Sentence(years=1))
    early, early_id = record("Halbstrafe", date(2026, 1, 1), Sentence(years=2))
    view = custody.get(early_id)
    custody.set_456a(early_id, view.version, Decision456a.GRANTED, TODAY - timedelta(days=5))
    custody.record_notice(soon_id, TODAY - timedelta(days=4))
    controlling = service(world)
    three = controlling.releases(3)
    assert {line.case_id for line in three} == {soon, early}
    assert [line.day for line in three] == sorted(line.day for line in three)
    by_case = {line.case_id: line for line in controlling.releases(12)}
    assert set(by_case) == {soon, later, early}
    release_day = custody.get(soon_id).date_of(CustodyDateKind.RELEASE_DAY).effective
    assert release_day is not None
    line = by_case[soon]
    assert (line.kind, line.day, line.informed) == (CustodyDateKind.RELEASE_DAY, release_day,
                                                    True)
    assert line.days_before == (release_day - (TODAY - timedelta(days=4))).days
    assert line.informed_text == f"ja ({line.days_before} Tage vorher)"
    assert line.abh_name == "Stadt Köln – Ausländerbehörde"
    assert by_case[early].kind == CustodyDateKind.HALF_456A
    assert by_case[later].informed_text == "nein"
    assert later not in {x.case_id for x in controlling.releases(6)}
    with pytest.raises(InvalidInputError):
        controlling.releases(0)


def test_add_months() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)
