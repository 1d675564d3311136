"""DeskService on a real (encrypted) vault: which line lands in which section and in which order,
closed cases and done or deleted rows left out, the caseworker filter, cases without activity,
the limit per section, and an injected "today" (a Monday and a Sunday)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import event, update

from desktop.domain.cases import CaseInput, PersonInput
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
    ReminderKind,
    Role,
)
from desktop.domain.residence import DuldungInput, DuldungType
from desktop.errors import InvalidInputError
from desktop.services.cases import MeasureInput, ReminderInput
from desktop.services.desk import DeskScope, DeskService, week_end
from desktop.services.read_models import Desk, DeskItem, DeskItemKind, DeskSectionKey
from desktop.services.workspace import Workspace
from desktop.storage import orm
from tests.support import FAST_KDF, PASSPHRASE, new_workspace

MONDAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 29)
OVERDUE, TODAY, WEEK, INACTIVE = (DeskSectionKey.OVERDUE, DeskSectionKey.TODAY,
                                  DeskSectionKey.WEEK, DeskSectionKey.INACTIVE)
DULDUNGEN, REPLIES = DeskSectionKey.DULDUNGEN, DeskSectionKey.REPLIES


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    yield ws
    ws.close()


def desk_of(workspace: Workspace, today: date) -> DeskService:
    return DeskService(workspace.open_vault, today=lambda: today)


def new_case(workspace: Workspace, family: str, caseworker_id: str | None = None) -> str:
    detail = workspace.cases.create(CaseInput(
        person=PersonInput(family_name=family, given_names="Test",
                           birth_date=PartialDate(1990), nationalities=("TR",)),
        district=District.DUESSELDORF, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=date(2026, 1, 5),
        caseworker_id=caseworker_id))
    return detail.id


def measure(workspace: Workspace, case_id: str, title: str, due: date | None) -> str:
    return workspace.cases.add_measure(case_id, MeasureInput(
        title, owner=MeasureOwner.ABH, due_date=due)).id


def reminder(workspace: Workspace, case_id: str, kind: ReminderKind, title: str, due: date, *,
             at: str | None = None, warning: date | None = None) -> str:
    return workspace.cases.add_reminder(case_id, ReminderInput(
        kind, title, due, due_time=at, early_warning=warning)).id


def duldung(workspace: Workspace, case_id: str, valid_from: date, valid_until: date | None,
            kind: DuldungType = DuldungType.S60A_2_1) -> str:
    return workspace.residence.add_duldung(case_id, DuldungInput(kind, valid_from,
                                                                 valid_until)).id


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def set_journal_time(workspace: Workspace, case_id: str, day: date) -> None:
    """Moves every journal entry of the case to ``day`` (as if written then)."""
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(update(orm.JournalEntry).where(orm.JournalEntry.case_id == case_id)
                            .values(occurred_at=noon(day)))


def soft_delete(workspace: Workspace, model: type[orm.Record], row_id: str) -> None:
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(update(model).where(model.id == row_id)
                            .values(deleted_at=datetime.now(UTC)))


def close_case(workspace: Workspace, case_id: str) -> None:
    detail = workspace.cases.change_status(case_id, 1, CaseStatus.ACTIVE)
    workspace.cases.change_status(case_id, detail.version, CaseStatus.CLOSED,
                                  outcome=CaseOutcome.VOLUNTARY_DEPARTURE,
                                  outcome_date=date(2026, 11, 2))


def lines(desk: Desk, key: DeskSectionKey) -> list[tuple[str, str, int]]:
    return [(i.person_name.split(",")[0], f"{i.kind.label}: {i.title}", i.days_overdue)
            for i in desk.section(key).items]


@pytest.fixture
def day_of_work(workspace):
    """Two open cases with measures and reminders of every kind around MONDAY, a closed one,
    and rows that must not show (done, cancelled, undated, deleted, later)."""
    adler = new_case(workspace, "Adler")
    measure(workspace, adler, "Passersatzbeschaffung", MONDAY - timedelta(days=10))
    measure(workspace, adler, "Rückkehrberatung", MONDAY)
    measure(workspace, adler, "Botschaftsvorführung", MONDAY + timedelta(days=3))
    measure(workspace, adler, "Nächste Woche", MONDAY + timedelta(days=7))
    measure(workspace, adler, "Ohne Datum", None)
    done = measure(workspace, adler, "Erledigt", MONDAY - timedelta(days=20))
    workspace.cases.update_measure(done, 1, MeasureStatus.DONE, "erledigt")
    dropped = measure(workspace, adler, "Entfallen", MONDAY - timedelta(days=20))
    workspace.cases.update_measure(dropped, 1, MeasureStatus.CANCELLED)
    deleted = measure(workspace, adler, "Gelöscht", MONDAY - timedelta(days=30))
    soft_delete(workspace, orm.Measure, deleted)

    berger = new_case(workspace, "Berger")
    reminder(workspace, berger, ReminderKind.FOLLOW_UP, "Sachstand ABH", MONDAY - timedelta(3))
    reminder(workspace, berger, ReminderKind.APPOINTMENT, "Fallkonferenz", MONDAY, at="14:30")
    reminder(workspace, berger, ReminderKind.APPOINTMENT, "Botschaft", MONDAY, at="09:00")
    reminder(workspace, berger, ReminderKind.DEADLINE, "Klagefrist", MONDAY + timedelta(10),
             warning=MONDAY - timedelta(2))
    reminder(workspace, berger, ReminderKind.DEADLINE, "Widerspruch", MONDAY + timedelta(20),
             warning=MONDAY + timedelta(4))
    reminder(workspace, berger, ReminderKind.DEADLINE, "Stellungnahme", MONDAY + timedelta(2),
             warning=MONDAY - timedelta(5))
    reminder(workspace, berger, ReminderKind.DEADLINE, "Antrag", MONDAY - timedelta(1),
             warning=MONDAY - timedelta(8))
    reminder(workspace, berger, ReminderKind.DEADLINE, "Später", MONDAY + timedelta(30),
             warning=MONDAY + timedelta(23))
    done_reminder = reminder(workspace, berger, ReminderKind.FOLLOW_UP, "Erledigt",
                             MONDAY - timedelta(4))
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(update(orm.Reminder).where(orm.Reminder.id == done_reminder)
                            .values(done_at=noon(MONDAY - timedelta(4))))
    gone = reminder(workspace, berger, ReminderKind.FOLLOW_UP, "Gelöscht", MONDAY)
    soft_delete(workspace, orm.Reminder, gone)

    closed = new_case(workspace, "Closed")
    measure(workspace, closed, "Im abgeschlossenen Fall", MONDAY - timedelta(days=40))
    reminder(workspace, closed, ReminderKind.FOLLOW_UP, "Im abgeschlossenen Fall", MONDAY)
    close_case(workspace, closed)
    return {"adler": adler, "berger": berger, "closed": closed}


# --- the dated sections ------------------------------------------------------------------------

def test_overdue_today_and_this_week_on_a_monday(workspace, day_of_work):
    desk = desk_of(workspace, MONDAY).build()
    assert [s.key for s in desk.sections] == [OVERDUE, TODAY, WEEK, DULDUNGEN, REPLIES,
                                              INACTIVE]
    assert desk.today == MONDAY
    assert desk.week_end == SUNDAY
    assert lines(desk, OVERDUE) == [
        ("Adler", "Maßnahme: Passersatzbeschaffung", 10),
        ("Berger", "Vorfrist: Stellungnahme", 5),
        ("Berger", "Wiedervorlage: Sachstand ABH", 3),
        ("Berger", "Vorfrist: Klagefrist", 2),
        ("Berger", "Frist: Antrag", 1),
    ]
    assert lines(desk, TODAY) == [
        ("Berger", "Termin: Botschaft", 0),
        ("Berger", "Termin: Fallkonferenz", 0),
        ("Adler", "Maßnahme: Rückkehrberatung", 0),
    ]
    assert lines(desk, WEEK) == [
        ("Adler", "Maßnahme: Botschaftsvorführung", -3),
        ("Berger", "Vorfrist: Widerspruch", -4),
    ]
    assert desk.section(INACTIVE).items == ()
    assert all(s.complete for s in desk.sections)


def test_lines_carry_what_the_desk_shows(workspace, day_of_work):
    desk = desk_of(workspace, MONDAY).build()
    first = desk.section(OVERDUE).items[0]
    assert first.case_id == day_of_work["adler"]
    assert first.file_number == "RRK-DUS-2026-00001"
    assert first.person_name == "Adler, Test"
    assert first.kind == DeskItemKind.MEASURE
    assert first.due == MONDAY - timedelta(days=10)
    assert first.detail == "Zuständig: Ausländerbehörde"
    assert first.overdue
    by_title = {i.title: i for s in desk.sections for i in s.items}
    klage = by_title["Klagefrist"]
    assert klage.kind == DeskItemKind.EARLY_WARNING
    assert klage.due == MONDAY - timedelta(days=2)
    assert klage.detail == "Vorfrist zur Frist am 03.12.2026"
    antrag = by_title["Antrag"]
    assert antrag.kind == DeskItemKind.DEADLINE
    assert antrag.detail == "Vorfrist war am 15.11.2026"
    meeting = by_title["Fallkonferenz"]
    assert (meeting.due_time, meeting.detail, meeting.overdue) == ("14:30", "um 14:30 Uhr",
                                                                    False)


def test_closed_done_cancelled_undated_deleted_and_later_rows_stay_out(workspace, day_of_work):
    desk = desk_of(workspace, MONDAY).build()
    titles = {i.title for s in desk.sections for i in s.items}
    assert not titles & {"Erledigt", "Entfallen", "Gelöscht", "Ohne Datum", "Nächste Woche",
                         "Später", "Im abgeschlossenen Fall"}
    assert day_of_work["closed"] not in {i.case_id for s in desk.sections for i in s.items}


def test_a_sunday_has_no_rest_of_the_week(workspace, day_of_work):
    desk = desk_of(workspace, SUNDAY).build()
    assert desk.week_end == SUNDAY
    assert desk.section(WEEK).items == ()
    overdue = lines(desk, OVERDUE)
    # Monday's appointments and the Thursday measure are overdue now; the Frist "Stellungnahme"
    # (due Wednesday) has passed, so the deadline itself shows, not its early warning.
    assert overdue[:4] == [("Adler", "Maßnahme: Passersatzbeschaffung", 16),
                           ("Berger", "Wiedervorlage: Sachstand ABH", 9),
                           ("Berger", "Vorfrist: Klagefrist", 8),
                           ("Berger", "Frist: Antrag", 7)]
    assert ("Berger", "Frist: Stellungnahme", 4) in overdue
    assert ("Berger", "Termin: Botschaft", 6) in overdue
    assert ("Adler", "Maßnahme: Botschaftsvorführung", 3) in overdue
    assert [d for _n, _w, d in overdue] == sorted((d for _n, _w, d in overdue), reverse=True)
    # Monday's measure ("Nächste Woche") is not today and not in this week
    assert lines(desk, TODAY) == []
    assert "Nächste Woche" not in {i.title for s in desk.sections for i in s.items}


def test_a_due_date_on_sunday_is_due_today_on_that_sunday(workspace):
    case = new_case(workspace, "Sonntag")
    measure(workspace, case, "Am Sonntag", SUNDAY)
    measure(workspace, case, "Am Montag danach", SUNDAY + timedelta(days=1))
    assert lines(desk_of(workspace, MONDAY).build(), WEEK) == [
        ("Sonntag", "Maßnahme: Am Sonntag", -6)]
    sunday = desk_of(workspace, SUNDAY).build()
    assert lines(sunday, TODAY) == [("Sonntag", "Maßnahme: Am Sonntag", 0)]
    assert sunday.total == 1


def test_week_end_is_the_sunday_of_the_week():
    assert [week_end(MONDAY + timedelta(days=n)) for n in range(7)] == [SUNDAY] * 7
    assert week_end(SUNDAY + timedelta(days=1)) == SUNDAY + timedelta(days=7)


# --- cases without activity ----------------------------------------------------------------------

def test_cases_without_activity_for_n_days(workspace):
    quiet = new_case(workspace, "Quiet")
    set_journal_time(workspace, quiet, MONDAY - timedelta(days=75))
    boundary = new_case(workspace, "Boundary")
    set_journal_time(workspace, boundary, MONDAY - timedelta(days=60))
    recent = new_case(workspace, "Recent")
    set_journal_time(workspace, recent, MONDAY - timedelta(days=59))
    revived = new_case(workspace, "Revived")  # an old entry, then a recent one
    set_journal_time(workspace, revived, MONDAY - timedelta(days=200))
    workspace.cases.add_journal(revived, JournalKind.CALL, "Telefonat", "ABH angerufen",
                                occurred_at=noon(MONDAY - timedelta(days=2)))
    deleted_recent = new_case(workspace, "Deleted")  # its recent entry was deleted
    set_journal_time(workspace, deleted_recent, MONDAY - timedelta(days=90))
    entry = workspace.cases.add_journal(deleted_recent, JournalKind.NOTE, "Vermerk", "…",
                                        occurred_at=noon(MONDAY - timedelta(days=1)))
    soft_delete(workspace, orm.JournalEntry, entry.id)
    closed = new_case(workspace, "Closed")
    close_case(workspace, closed)
    set_journal_time(workspace, closed, MONDAY - timedelta(days=300))

    desk = desk_of(workspace, MONDAY).build()
    assert lines(desk, INACTIVE) == [
        ("Deleted", "Ohne Aktivität: Letzter Eintrag am 25.08.2026", 90),
        ("Quiet", "Ohne Aktivität: Letzter Eintrag am 09.09.2026", 75),
        ("Boundary", "Ohne Aktivität: Letzter Eintrag am 24.09.2026", 60),
    ]
    item = desk.section(INACTIVE).items[1]
    assert item.kind == DeskItemKind.INACTIVE
    assert item.case_id == quiet
    assert item.due is None
    assert not item.overdue
    assert item.detail == "seit 75 Tagen ohne Eintrag im Verlauf (Status: Eingang)"

    shorter = desk_of(workspace, MONDAY).build(inactive_days=30)
    assert [n for n, _w, _d in lines(shorter, INACTIVE)] == ["Deleted", "Quiet", "Boundary",
                                                            "Recent"]
    longer = desk_of(workspace, MONDAY).build(inactive_days=80)
    assert [n for n, _w, _d in lines(longer, INACTIVE)] == ["Deleted"]


def test_a_case_without_any_live_entry_counts_from_its_creation(workspace):
    case = new_case(workspace, "Leer")
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(update(orm.JournalEntry).where(orm.JournalEntry.case_id == case)
                            .values(deleted_at=datetime.now(UTC)))
        uow.session.execute(update(orm.Case).where(orm.Case.id == case)
                            .values(created_at=noon(MONDAY - timedelta(days=70))))
    (item,) = desk_of(workspace, MONDAY).build().section(INACTIVE).items
    assert item.title == "Kein Eintrag im Verlauf"
    assert item.days_overdue == 70
    assert item.detail.startswith("seit der Anlage vor 70 Tagen ohne Eintrag im Verlauf")


def test_inactive_days_must_be_sensible(workspace):
    service = desk_of(workspace, MONDAY)
    for days in (0, -5, 100_000):
        with pytest.raises(InvalidInputError) as raised:
            service.build(inactive_days=days)
        assert "inactive_days" in raised.value.problems


# --- expiring Duldungen ---------------------------------------------------------------------------

def test_expiring_duldungen(workspace):
    start = MONDAY - timedelta(days=170)
    zehn = new_case(workspace, "Zehn")
    duldung(workspace, zehn, start, MONDAY + timedelta(days=10))
    duldung(workspace, new_case(workspace, "Drei"), start, MONDAY + timedelta(days=3),
            DuldungType.S60B)
    duldung(workspace, new_case(workspace, "Heute"), start, MONDAY)
    duldung(workspace, new_case(workspace, "Grenze"), start, MONDAY + timedelta(days=28))
    duldung(workspace, new_case(workspace, "Später"), start, MONDAY + timedelta(days=29))
    duldung(workspace, new_case(workspace, "Unbefristet"), start, None)
    expired = new_case(workspace, "Abgelaufen")  # an older one, then the latest: expired
    duldung(workspace, expired, start - timedelta(days=200), start - timedelta(days=1))
    duldung(workspace, expired, start, MONDAY - timedelta(days=5))
    renewed = new_case(workspace, "Verlängert")  # expired, but followed by a current one
    duldung(workspace, renewed, start, MONDAY - timedelta(days=5))
    duldung(workspace, renewed, MONDAY - timedelta(days=4), MONDAY + timedelta(days=100))
    withdrawn = new_case(workspace, "Zurückgenommen")  # the follow-up was deleted
    duldung(workspace, withdrawn, start, MONDAY - timedelta(days=2))
    soft_delete(workspace, orm.Duldung,
                duldung(workspace, withdrawn, MONDAY - timedelta(days=1), MONDAY + timedelta(90)))
    deleted = new_case(workspace, "Gelöscht")
    soft_delete(workspace, orm.Duldung, duldung(workspace, deleted, start, MONDAY))
    closed = new_case(workspace, "Closed")
    duldung(workspace, closed, start, MONDAY + timedelta(days=10))
    close_case(workspace, closed)

    desk = desk_of(workspace, MONDAY).build()
    def duldungen_in(key: DeskSectionKey) -> list[tuple[str, str, int]]:
        return [line for line in lines(desk, key) if line[1].startswith("Duldung")]
    assert duldungen_in(OVERDUE) == [
        ("Abgelaufen", "Duldung: abgelaufen, keine Folgeduldung", 5),
        ("Zurückgenommen", "Duldung: abgelaufen, keine Folgeduldung", 2)]
    assert duldungen_in(TODAY) == [("Heute", "Duldung: läuft ab", 0)]
    assert duldungen_in(WEEK) == [("Drei", "Duldung: läuft ab", -3)]
    assert lines(desk, DULDUNGEN) == [("Zehn", "Duldung: läuft ab", -10),
                                      ("Grenze", "Duldung: läuft ab", -28)]
    ten = desk.section(DULDUNGEN).items[0]
    assert ten.case_id == zehn
    assert ten.kind == DeskItemKind.DULDUNG
    assert ten.due == MONDAY + timedelta(days=10)
    assert ten.detail == "Duldung § 60a Abs. 2 S. 1 AufenthG läuft am 03.12.2026 ab"
    assert desk.section(WEEK).items[0].detail == "Duldung § 60b AufenthG läuft am 26.11.2026 ab"
    assert desk.section(OVERDUE).items[0].detail == \
        "Duldung § 60a Abs. 2 S. 1 AufenthG ist am 18.11.2026 abgelaufen"


def test_expiring_duldungen_on_a_sunday_and_the_limit(workspace):
    case = new_case(workspace, "Sonntag")
    duldung(workspace, case, SUNDAY - timedelta(days=100), SUNDAY + timedelta(days=1))
    for n in range(1, 5):
        duldung(workspace, new_case(workspace, f"Alt{n}"), SUNDAY - timedelta(days=300),
                SUNDAY - timedelta(days=n))
    desk = desk_of(workspace, SUNDAY).build(limit=2)
    assert lines(desk, DULDUNGEN) == [("Sonntag", "Duldung: läuft ab", -1)]
    assert [i.days_overdue for i in desk.section(OVERDUE).items] == [4, 3]
    assert not desk.section(OVERDUE).complete


# --- filters, limits, queries --------------------------------------------------------------------

def test_the_caseworker_filter(workspace):
    workspace.add_user("bernd", "Bernd Beispiel", Role.CASEWORKER, PASSPHRASE, FAST_KDF)
    me = workspace.user.id
    other = next(u.id for u in workspace.partners.users() if u.id != me)
    mine = new_case(workspace, "Meiner")
    theirs = new_case(workspace, "Fremder", caseworker_id=other)
    for case in (mine, theirs):
        measure(workspace, case, "Überfällig", MONDAY - timedelta(days=1))
        reminder(workspace, case, ReminderKind.FOLLOW_UP, "Heute", MONDAY)
        reminder(workspace, case, ReminderKind.DEADLINE, "Frist", MONDAY + timedelta(days=9),
                 warning=MONDAY + timedelta(days=2))
        duldung(workspace, case, MONDAY - timedelta(days=90), MONDAY + timedelta(days=20))
        awaiting(workspace, case, "Antwort", MONDAY + timedelta(days=12))
        set_journal_time(workspace, case, MONDAY - timedelta(days=100))
    service = desk_of(workspace, MONDAY)

    def cases_in(desk: Desk) -> dict[DeskSectionKey, set[str]]:
        return {s.key: {i.case_id for i in s.items} for s in desk.sections}

    everyone = service.build()
    assert everyone.caseworker_id is None
    assert cases_in(everyone) == {key: {mine, theirs} for key in DeskSectionKey}
    assert cases_in(service.build(caseworker_id=me)) == {key: {mine} for key in DeskSectionKey}
    assert cases_in(service.build(caseworker_id=other)) == {
        key: {theirs} for key in DeskSectionKey}
    assert service.build(caseworker_id="").caseworker_id is None  # empty means everyone


def test_each_section_holds_at_most_the_limit_and_says_so(workspace):
    case = new_case(workspace, "Viel")
    for n in range(1, 6):
        measure(workspace, case, f"Maßnahme {n}", MONDAY - timedelta(days=n))
        reminder(workspace, case, ReminderKind.FOLLOW_UP, f"Wiedervorlage {n}",
                 MONDAY - timedelta(days=n) - timedelta(days=10))
    measure(workspace, case, "Heute", MONDAY)
    desk = desk_of(workspace, MONDAY).build(limit=3)
    overdue = desk.section(OVERDUE)
    assert not overdue.complete
    assert [i.days_overdue for i in overdue.items] == [15, 14, 13]  # the oldest, across sources
    assert desk.section(TODAY).complete
    assert desk.limit == 3
    full = desk_of(workspace, MONDAY).build()
    assert full.section(OVERDUE).count == 10
    assert full.section(OVERDUE).complete


def test_the_build_is_a_few_queries_however_many_cases(workspace, day_of_work):
    engine = workspace.open_vault.engine
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        desk_of(workspace, MONDAY).build()
        few = len(statements)
        for n in range(5):
            case = new_case(workspace, f"Mehr{n}")
            measure(workspace, case, "Noch eine", MONDAY)
        statements.clear()
        desk_of(workspace, MONDAY).build()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert few <= 10
    assert len(statements) == few
    assert sum("max(journal_entries.occurred_at)" in s for s in statements) == 1
    assert sum("FROM duldungen" in s for s in statements) == 1
    assert sum("reply_due" in s for s in statements) == 1


def test_further_sources_can_be_added(workspace):
    case = new_case(workspace, "Quelle")

    def duldung_warnings(_uow, scope: DeskScope) -> list[DeskItem]:
        due = scope.today + timedelta(days=2)
        return [DeskItem(case, "RRK-DUS-2026-00001", "Quelle, Test", DeskItemKind.DEADLINE,
                         "Duldung läuft ab", due, (scope.today - due).days, "")]

    service = DeskService(workspace.open_vault, today=lambda: MONDAY,
                          dated_sources=(duldung_warnings,), section_sources=(),
                          lookahead_sources=(), awaited_sources=())
    desk = service.build()
    assert [s.key for s in desk.sections] == [OVERDUE, TODAY, WEEK]
    assert lines(desk, WEEK) == [("Quelle", "Frist: Duldung läuft ab", -2)]


# --- replies awaited ---------------------------------------------------------------------------

def awaiting(workspace: Workspace, case_id: str, subject: str, due: date, *,
             sent: date | None = None, kind: JournalKind = JournalKind.LETTER) -> str:
    """An outgoing entry written on ``sent`` whose answer is expected by ``due``."""
    entry = workspace.cases.add_journal(case_id, kind, subject, "")
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(update(orm.JournalEntry).where(orm.JournalEntry.id == entry.id)
                            .values(reply_due=due,
                                    occurred_at=noon(sent or due - timedelta(days=14))))
    return entry.id


def test_replies_awaited_overdue_ones_are_overdue(workspace):
    adler = new_case(workspace, "Adler")
    berger = new_case(workspace, "Berger")
    late = awaiting(workspace, adler, "Sachstandsanfrage ABH", MONDAY - timedelta(days=4),
                    sent=MONDAY - timedelta(days=30))
    awaiting(workspace, berger, "Weisung Passersatz", MONDAY + timedelta(days=10),
             kind=JournalKind.EMAIL)
    awaiting(workspace, adler, "Rückruf Botschaft", MONDAY, kind=JournalKind.CALL)
    received = awaiting(workspace, berger, "Beantwortet", MONDAY - timedelta(days=2))
    workspace.cases.mark_reply_received(received, MONDAY - timedelta(days=1))
    deleted = awaiting(workspace, berger, "Gelöscht", MONDAY - timedelta(days=2))
    soft_delete(workspace, orm.JournalEntry, deleted)
    closed = new_case(workspace, "Closed")
    awaiting(workspace, closed, "Im abgeschlossenen Fall", MONDAY - timedelta(days=2))
    close_case(workspace, closed)

    desk = desk_of(workspace, MONDAY).build()
    assert lines(desk, OVERDUE) == [("Adler", "Antwort ausstehend: Sachstandsanfrage ABH", 4)]
    assert lines(desk, REPLIES) == [
        ("Adler", "Antwort ausstehend: Rückruf Botschaft", 0),
        ("Berger", "Antwort ausstehend: Weisung Passersatz", -10)]
    assert lines(desk, TODAY) == []
    assert lines(desk, WEEK) == []
    item = desk.section(OVERDUE).items[0]
    assert item.kind == DeskItemKind.REPLY
    assert item.source_id == late
    assert item.case_id == adler
    assert item.overdue
    assert item.detail == (f"Schreiben vom {(MONDAY - timedelta(days=30)):%d.%m.%Y}, "
                           f"Antwort erwartet bis {(MONDAY - timedelta(days=4)):%d.%m.%Y}")


def test_replies_awaited_follow_the_caseworker_filter_and_the_limit(workspace):
    workspace.add_user("bernd", "Bernd Beispiel", Role.CASEWORKER, PASSPHRASE, FAST_KDF)
    me = workspace.user.id
    colleague = next(u.id for u in workspace.partners.users() if u.id != me)
    mine = new_case(workspace, "Meins")
    theirs = new_case(workspace, "Fremd", caseworker_id=colleague)
    for n in range(3):
        awaiting(workspace, mine, f"Frage {n}", MONDAY + timedelta(days=n + 1))
    awaiting(workspace, theirs, "Fremde Frage", MONDAY + timedelta(days=1))
    desk = desk_of(workspace, MONDAY).build(caseworker_id=me, limit=2)
    section = desk.section(REPLIES)
    assert [i.title for i in section.items] == ["Frage 0", "Frage 1"]
    assert not section.complete
    everyone = desk_of(workspace, MONDAY).build()
    assert everyone.section(REPLIES).count == 4


def test_one_caseworkers_desk_walks_the_date_indexes_not_their_cases(workspace):
    """With a caseworker, each query must still start from its date index and stop after
    ``limit`` rows; started from the caseworker's cases it read every row of every one of
    them (100,000 cases: expiring Duldungen 2.4 s, replies 3.3 s instead of 0.16 / 0.05 s)."""
    engine = workspace.open_vault.engine
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        desk_of(workspace, MONDAY).build(caseworker_id=workspace.user.id)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    plans = []
    with engine.connect() as connection:
        for statement, parameters in statements:
            if "caseworker_id" in statement:
                rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}",
                                                  parameters)
                plans.append(" | ".join(str(row[-1]) for row in rows))
    assert plans
    for plan in plans:
        assert "ix_cases_live_caseworker" not in plan, plan
