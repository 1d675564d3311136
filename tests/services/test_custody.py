"""CustodyService on a real (encrypted) vault: dates computed on save, engine errors, confirmed
dates winning, early warnings (made, moved, done ones kept), the flag "in Haft", notices,
the calendar and its filters, refresh_all, and audit without case data."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.custody import CustodyInput, Sentence
from desktop.domain.enums import CaseFlag, CaseTrack, District, IntakeSource, PartnerKind
from desktop.domain.partners import PartnerInput
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services.custody import CustodyService
from desktop.services.custody_models import (
    CustodyDateKind,
    CustodyInputForm,
    Decision456a,
    DetentionKind,
)
from desktop.services.progress import Progress
from desktop.services.read_models import CaseDetail
from desktop.services.workspace import Workspace
from desktop.storage import orm
from tests.storage.helpers import audit_events
from tests.support import new_workspace

TODAY = date(2026, 3, 10)
K = CustodyDateKind


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    yield ws
    ws.close()


@pytest.fixture
def custody(workspace: Workspace) -> CustodyService:
    return CustodyService(workspace.open_vault, today=lambda: TODAY)


def _case(workspace: Workspace, family: str = "Kovačević") -> CaseDetail:
    return workspace.cases.create(CaseInput(
        person=PersonInput(family, "Dragan", nationalities=("RS",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=TODAY))


@pytest.fixture
def case(workspace: Workspace) -> CaseDetail:
    return _case(workspace)


@pytest.fixture
def jva(workspace: Workspace) -> str:
    return workspace.partners.create(PartnerInput(
        PartnerKind.JVA, "Justizvollzugsanstalt Beispielstadt", district=District.KOELN,
        street="Am Gefängnis 1", postcode="50000", city="Köln"), ()).id


def form(jva: str | None = None, *, credit: int = 0, start: date = date(2026, 10, 1),
         sentences: tuple[Sentence, ...] = (Sentence(years=1),)) -> CustodyInputForm:
    return CustodyInputForm(facility_partner_id=jva, booking_number="B 123/26",
                            prosecutor_reference="StA 12 Js 345/26",
                            detention_kind=DetentionKind.STRAFHAFT, start=start,
                            credited_days=credit, sentences=sentences)


def open_warnings(workspace: Workspace, custody_id: str) -> list[orm.Reminder]:
    with workspace.open_vault.unit_of_work(write=False) as uow:
        from sqlalchemy import select

        return list(uow.session.execute(select(orm.Reminder).where(
            orm.Reminder.custody_record_id == custody_id,
            orm.Reminder.deleted_at.is_(None)).order_by(orm.Reminder.due_date)).scalars())


def test_save_computes_the_dates(custody, case, jva, workspace):
    view = custody.save(case.id, form(jva))
    assert view.date_of(K.END).computed == date(2027, 9, 30)
    assert view.date_of(K.HALF).computed == date(2027, 3, 31)
    assert view.date_of(K.TWO_THIRDS).computed == date(2027, 5, 31)
    assert view.date_of(K.HALF_456A).effective == date(2027, 3, 31)
    assert view.date_of(K.END).status == "berechnet"
    assert view.facility_name == "Justizvollzugsanstalt Beispielstadt"
    assert view.lead_times_months == (6, 3)
    assert view.decision_456a is Decision456a.NONE
    assert view.error == ""
    assert custody.of_case(case.id) == view
    journal = workspace.cases.journal(case.id)
    assert journal[0].subject == "Haftfall angelegt"


def test_engine_error_names_the_field_and_saves_nothing(custody, case):
    with pytest.raises(InvalidInputError) as raised:
        custody.save(case.id, form(sentences=(Sentence(months=1), Sentence(years=-1))))
    assert "sentences[1].years" in raised.value.problems
    with pytest.raises(InvalidInputError) as raised:
        custody.save(case.id, form(credit=400))
    assert "credited_days" in raised.value.problems or \
        "sentences[0]" in raised.value.problems
    assert custody.of_case(case.id) is None


def test_facility_must_be_a_jva(custody, case, workspace):
    abh = workspace.partners.create(PartnerInput(PartnerKind.ABH, "ABH Beispiel"), ()).id
    with pytest.raises(InvalidInputError) as raised:
        custody.save(case.id, form(abh))
    assert "facility_partner_id" in raised.value.problems


def test_confirmed_date_wins_and_can_be_removed(custody, case):
    view = custody.save(case.id, form())
    view = custody.confirm_date(view.id, view.version, K.HALF_456A, date(2027, 3, 15),
                                "StA Beispielstadt, Schreiben vom 02.03.2026", date(2026, 3, 2))
    half = view.date_of(K.HALF_456A)
    assert (half.computed, half.confirmed, half.effective) == (
        date(2027, 3, 31), date(2027, 3, 15), date(2027, 3, 15))
    assert half.status == "bestätigt"
    assert half.confirmed_source.startswith("StA Beispielstadt")
    with pytest.raises(StaleDataError):
        custody.confirm_date(view.id, view.version - 1, K.END, date(2027, 9, 1), "JVA",
                             date(2026, 3, 2))
    view = custody.confirm_date(view.id, view.version, K.HALF_456A, None, "", TODAY)
    assert view.date_of(K.HALF_456A).effective == date(2027, 3, 31)
    # re-confirming revives the row (unique per record and kind)
    view = custody.confirm_date(view.id, view.version, K.HALF_456A, date(2027, 3, 20), "JVA",
                                TODAY)
    assert view.date_of(K.HALF_456A).confirmed == date(2027, 3, 20)


def test_warnings_at_six_and_three_months(custody, case, workspace):
    view = custody.save(case.id, form())
    dues = {(r.title, r.due_date) for r in open_warnings(workspace, view.id)}
    assert dues == {
        ("Haft: Halbstrafe § 456a in 6 Monaten (31.03.2027)", date(2026, 9, 30)),
        ("Haft: Halbstrafe § 456a in 3 Monaten (31.03.2027)", date(2026, 12, 31)),
        ("Haft: Zweidrittel in 6 Monaten (31.05.2027)", date(2026, 11, 30)),
        ("Haft: Zweidrittel in 3 Monaten (31.05.2027)", date(2027, 2, 28)),
        ("Haft: Strafende in 6 Monaten (30.09.2027)", date(2027, 3, 30)),
        ("Haft: Strafende in 3 Monaten (30.09.2027)", date(2027, 6, 30)),
    }
    # they are ordinary reminders of the case
    assert len([r for r in workspace.cases.reminders(case.id)
                if r.title.startswith("Haft:")]) == 6


def test_change_of_credit_moves_warnings_and_keeps_done_ones(custody, case, workspace):
    view = custody.save(case.id, form())
    first = open_warnings(workspace, view.id)[0]  # 6 months before the § 456a half
    workspace.reminders.complete(first.id)
    view = custody.save(case.id, form(credit=10), view.version)
    assert view.date_of(K.END).computed == date(2027, 9, 20)
    rows = open_warnings(workspace, view.id)
    done = [r for r in rows if r.done_at is not None]
    assert [(r.id, r.due_date) for r in done] == [(first.id, first.due_date)]
    open_rows = {(r.title, r.due_date) for r in rows if r.done_at is None}
    assert ("Haft: Halbstrafe § 456a in 6 Monaten (21.03.2027)", date(2026, 9, 21)) in open_rows
    assert ("Haft: Strafende in 3 Monaten (20.09.2027)", date(2027, 6, 20)) in open_rows
    assert all("31.03.2027" not in title for title, _ in open_rows)
    assert len(open_rows) == 6


def test_confirmation_lead_times_and_456a_recompute_warnings(custody, case, workspace):
    view = custody.save(case.id, form())
    view = custody.confirm_date(view.id, view.version, K.END, date(2027, 9, 1), "JVA",
                                TODAY)
    titles = {r.title for r in open_warnings(workspace, view.id)}
    assert "Haft: Strafende in 3 Monaten (01.09.2027)" in titles
    view = custody.set_lead_times(view.id, view.version, (1,))
    titles = {r.title for r in open_warnings(workspace, view.id)}
    assert titles == {"Haft: Halbstrafe § 456a in 1 Monat (31.03.2027)",
                      "Haft: Zweidrittel in 1 Monat (31.05.2027)",
                      "Haft: Strafende in 1 Monat (01.09.2027)"}
    view = custody.set_456a(view.id, view.version, Decision456a.REFUSED, date(2026, 3, 1))
    assert view.decision_456a is Decision456a.REFUSED
    assert not any("456a" in r.title for r in open_warnings(workspace, view.id))
    with pytest.raises(InvalidInputError):
        custody.set_lead_times(view.id, view.version, (0,))
    view = custody.set_planned_deportation(view.id, view.version, date(2027, 4, 1))
    assert view.planned_deportation == date(2027, 4, 1)


def _active_flags(detail: CaseDetail) -> dict[CaseFlag, object]:
    return {f.flag: f for f in detail.flags if f.until is None}


def test_flag_set_on_save_and_ended(custody, case, workspace):
    view = custody.save(case.id, form(start=date(2025, 10, 1)))
    flag = _active_flags(workspace.cases.get(case.id))[CaseFlag.CUSTODY]
    assert flag.since == date(2025, 10, 1)
    with pytest.raises(InvalidInputError):
        custody.end(view.id, view.version, date(2025, 9, 1))  # before the start
    custody.end(view.id, view.version, date(2026, 3, 5))
    detail = workspace.cases.get(case.id)
    assert CaseFlag.CUSTODY not in _active_flags(detail)
    ended = next(f for f in detail.flags if f.flag is CaseFlag.CUSTODY)
    assert (ended.since, ended.until) == (date(2025, 10, 1), date(2026, 3, 5))
    assert custody.of_case(case.id) is None
    assert [r for r in open_warnings(workspace, view.id) if r.done_at is None] == []
    with pytest.raises(NotFoundError):
        custody.get(view.id)


def test_notices_days_ahead(custody, case, workspace):
    view = custody.save(case.id, form(start=date(2025, 10, 1)))  # half (§ 456a) 31.03.2026
    view = custody.record_notice(view.id, date(2026, 1, 30))
    view = custody.record_notice(view.id, date(2026, 3, 10), relevant=K.END,
                                 recipient="ABH Beispiel")
    assert [(n.sent_on, n.relevant_date, n.days_ahead) for n in view.notices] == [
        (date(2026, 1, 30), date(2026, 3, 31), 60),
        (date(2026, 3, 10), date(2026, 9, 30), 204)]
    assert view.notices[1].recipient == "ABH Beispiel"
    with pytest.raises(InvalidInputError):
        custody.record_notice(view.id, date(2026, 3, 11))


def test_calendar_filters_and_order(custody, workspace, jva):
    other_jva = workspace.partners.create(PartnerInput(PartnerKind.JVA, "JVA Zwei"), ()).id
    one, two = _case(workspace, "Eins"), _case(workspace, "Zwei")
    custody.save(one.id, form(jva))
    record = custody.save(two.id, form(other_jva, start=date(2026, 11, 1)))
    custody.confirm_date(record.id, record.version, K.HALF_456A, date(2027, 3, 10), "StA",
                         TODAY)
    entries = custody.calendar(date(2027, 3, 1), date(2027, 3, 31))
    assert [(e.person_name, e.kind, e.day, e.confirmed) for e in entries] == [
        ("Zwei, Dragan", K.HALF_456A, date(2027, 3, 10), True),
        ("Eins, Dragan", K.HALF, date(2027, 3, 31), False),
        ("Eins, Dragan", K.HALF_456A, date(2027, 3, 31), False),
    ]
    assert entries[1].facility_name == "Justizvollzugsanstalt Beispielstadt"
    only = custody.calendar(date(2027, 3, 1), date(2027, 3, 31), facility_id=jva)
    assert {e.person_name for e in only} == {"Eins, Dragan"}
    assert custody.calendar(date(2027, 3, 1), date(2027, 3, 31),
                            caseworker_id="no-such-user") == []
    assert custody.calendar(date(2027, 3, 1), date(2027, 3, 31), abh_id=jva) == []


def test_refresh_all_recomputes_and_is_idempotent(custody, case, workspace):
    view = custody.save(case.id, form())
    assert custody.refresh_all() == 0
    with workspace.open_vault.unit_of_work() as uow:  # as if an older engine had computed
        row = uow.session.get(orm.CustodyRecord, view.id)
        row.end_date = date(2027, 1, 1)
        row.two_thirds_date = None
    seen: list[tuple[int, int]] = []
    assert custody.refresh_all(Progress(lambda d, t, _s: seen.append((d, t)))) == 1
    again = custody.get(view.id)
    assert again.date_of(K.END).computed == date(2027, 9, 30)
    assert again.date_of(K.TWO_THIRDS).computed == date(2027, 5, 31)
    assert again.version > view.version
    assert seen[-1] == (1, 1)
    assert len(open_warnings(workspace, view.id)) == 6
    assert custody.refresh_all() == 0


def test_audit_has_no_case_data(custody, case, workspace):
    view = custody.save(case.id, form())
    custody.confirm_date(view.id, view.version, K.END, date(2027, 9, 1), "StA Geheim", TODAY)
    events = [e for e in audit_events(workspace.open_vault) if e.action.startswith("custody.")]
    assert [e.action for e in events] == ["custody.create", "custody.confirm"]
    text = json.dumps([e.details for e in events])
    for secret in ("Kovačević", "StA Geheim", "B 123"):
        assert secret not in text


def test_compute_without_a_case(custody):
    dates = custody.compute(CustodyInput(date(2025, 10, 1), (Sentence(years=1),)))
    assert dates.end == date(2026, 9, 30)
    with pytest.raises(InvalidInputError) as raised:
        custody.compute(CustodyInput(date(2025, 10, 1), ()))
    assert "sentences" in raised.value.problems


def test_letter_placeholders_and_summary_from_the_record(custody, case, jva, workspace):
    from desktop.services import letter_values

    view = custody.save(case.id, form(jva))
    with workspace.open_vault.unit_of_work(write=False) as uow:
        values = letter_values.custody_values(uow.session, case.id)
        summary = letter_values.custody_summary(uow.session, case.id)
    assert values == {"custody.facility": "Justizvollzugsanstalt Beispielstadt",
                      "custody.release_date": "30.09.2027"}
    assert summary is not None
    assert summary.since == date(2026, 10, 1)
    assert summary.two_thirds == date(2027, 5, 31)
    custody.set_456a(view.id, view.version, Decision456a.GRANTED, date(2026, 3, 1))
    with workspace.open_vault.unit_of_work(write=False) as uow:
        values = letter_values.custody_values(uow.session, case.id)
    assert values["custody.release_date"] == "31.03.2027"


def test_demo_puts_a_share_of_cases_in_custody(tmp_path):
    from sqlalchemy import func, select

    from desktop.services.demo import create_demo
    from tests.support import FAST_KDF, MemoryKeyring

    ws, summary = create_demo(tmp_path / "demo.fallakte", 400, kdf=FAST_KDF,
                              keyring=MemoryKeyring().store(), today=TODAY)
    try:
        assert 0.08 * 400 <= summary.custody_records <= 0.25 * 400
        with ws.open_vault.unit_of_work(write=False) as uow:
            count = uow.session.execute(select(func.count()).select_from(orm.CustodyRecord)
                                        ).scalar()
            stacks = uow.session.execute(select(orm.CustodyRecord.sentences)).scalars().all()
            credited = uow.session.execute(select(func.count()).select_from(orm.CustodyRecord)
                                           .where(orm.CustodyRecord.credited_days > 0)).scalar()
            confirmed = uow.session.execute(select(func.count())
                                            .select_from(orm.CustodyConfirmation)).scalar()
            notices = uow.session.execute(select(orm.CustodyNotice.sent_on,
                                                 orm.CustodyNotice.relevant_date)).all()
            warned = uow.session.execute(select(func.count()).select_from(orm.Reminder).where(
                orm.Reminder.custody_record_id.is_not(None))).scalar()
        assert count == summary.custody_records
        assert any(len(json.loads(s)) > 1 for s in stacks)
        assert credited
        assert confirmed
        assert warned
        assert notices
        assert any((due - sent).days < 90 for sent, due in notices)  # some late
        # every record has its flag "in Haft" since its start, and the engine agrees
        custody = CustodyService(ws.open_vault, today=lambda: TODAY)
        assert custody.refresh_all() == 0
        some = custody.calendar(TODAY, date(2027, 12, 31))
        assert some
        view = custody.of_case(some[0].case_id)
        assert view is not None
        flags = _active_flags(ws.cases.get(view.case_id))
        assert flags[CaseFlag.CUSTODY].since == view.start
    finally:
        ws.close()
