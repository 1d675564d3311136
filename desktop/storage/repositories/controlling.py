"""Queries of the Controlling page: open and overdue measures, reminders and awaited replies
counted per Ausländerbehörde and per caseworker, the rows behind each number, and unanswered
Weisungen and Sachstandsanfragen.

Every query reads live rows of live cases that are not closed: measures and reminders through
the materialised open cases (see ``_open_cases``), replies and letters from the partial
``ix_journal_awaiting_reply``.
Counts come back grouped (a few hundred rows at most); the service adds them up.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from desktop.storage.orm import (
    Case,
    CustodyNotice,
    JournalEntry,
    Letter,
    Measure,
    Partner,
    Person,
    Reminder,
    User,
)

CLOSED = "closed"
FINAL = "final"

_LIVE_OPEN_CASE = and_(Case.deleted_at.is_(None), Case.status != CLOSED)

_OPEN_MEASURE = and_(Measure.status == "open", Measure.deleted_at.is_(None))
# The same, written so that SQLite cannot use an index ("+column"): for the scans in table
# order against the materialised open cases.
_OPEN_MEASURE_SCAN = and_(literal_column("+measures.status") == "open",
                          Measure.deleted_at.is_(None))
# A reply Frist of a letter is counted as the awaited reply, not a second time as a reminder.
_OPEN_REMINDER = and_(Reminder.done_at.is_(None), Reminder.deleted_at.is_(None),
                      Reminder.journal_entry_id.is_(None))
_OPEN_REMINDER_SCAN = and_(literal_column("+reminders.done_at").is_(None),
                           Reminder.deleted_at.is_(None), Reminder.journal_entry_id.is_(None))
# Word for word the condition of the partial index ix_journal_awaiting_reply.
_AWAITED = and_(JournalEntry.reply_due.is_not(None), JournalEntry.reply_received_on.is_(None),
                JournalEntry.deleted_at.is_(None))


def _overdue(column: Any, today: date) -> ColumnElement[int]:
    return func.sum(case((column < today, 1), else_=0))


def _earliest_overdue(column: Any, today: date) -> Any:
    return func.min(case((column < today, column), else_=None))


def _open_cases(*columns: Any) -> Any:
    """Live cases that are not closed, read once into a materialised CTE. The counts and
    lists walk it and read each case's items by their ``case_id`` index (the status
    conditions are written ``+column`` so that SQLite does not start from the status index
    and read every case row at random: 100,000 cases, 87,000 open measures — 1.3 s that way,
    about 0.45 s this way; EXPLAIN QUERY PLAN in benchmarks/bench_controlling.py --plan)."""
    return (select(Case.id, *columns)
            .where(_LIVE_OPEN_CASE)
            .cte("open_cases")
            .prefix_with("MATERIALIZED"))


def measure_counts(session: Session, today: date) -> list[Row[Any]]:
    """(abh_id, caseworker_id, open, overdue, earliest overdue due date) of open measures,
    grouped by the measure's ABH and the case's caseworker. The ABH of a measure is its owner
    partner; for one owned by "the ABH" without a named partner, the case's responsible ABH
    (``None``: neither; the service keeps only partners of kind ABH)."""
    cases = _open_cases(Case.caseworker_id, Case.responsible_abh_id)
    abh = func.coalesce(Measure.owner_partner_id,
                        case((Measure.owner == "abh", cases.c.responsible_abh_id),
                             else_=None)).label("abh_id")
    stmt = (select(abh, cases.c.caseworker_id, func.count(), _overdue(Measure.due_date, today),
                   _earliest_overdue(Measure.due_date, today))
            .select_from(Measure)
            .join(cases, cases.c.id == Measure.case_id)
            .where(_OPEN_MEASURE_SCAN)
            .group_by(abh, cases.c.caseworker_id))
    return list(session.execute(stmt))


def reminder_counts(session: Session, today: date) -> list[Row[Any]]:
    """(caseworker_id, open, overdue, earliest overdue due date) of reminders not done."""
    cases = _open_cases(Case.caseworker_id)
    stmt = (select(cases.c.caseworker_id, func.count(), _overdue(Reminder.due_date, today),
                   _earliest_overdue(Reminder.due_date, today))
            .select_from(Reminder)
            .join(cases, cases.c.id == Reminder.case_id)
            .where(_OPEN_REMINDER_SCAN)
            .group_by(cases.c.caseworker_id))
    return list(session.execute(stmt))


def reply_counts(session: Session, today: date) -> list[Row[Any]]:
    """(caseworker_id, awaited, overdue, earliest overdue reply date) of awaited replies
    (only the partial index and the cases are read)."""
    stmt = (select(Case.caseworker_id, func.count(), _overdue(JournalEntry.reply_due, today),
                   _earliest_overdue(JournalEntry.reply_due, today))
            .join(Case, Case.id == JournalEntry.case_id)
            .where(_AWAITED, _LIVE_OPEN_CASE)
            .group_by(Case.caseworker_id))
    return list(session.execute(stmt))


def _unanswered_letters(today: date, kinds: tuple[str, ...]) -> Any:
    """Final letters of ``kinds`` whose journal entry still awaits the reply past its day.

    A final letter's entry (``letter_register.freeze``) carries the letter's id in
    ``letter_id`` (schema 0011) and the letter's reply deadline as its ``reply_due``. The
    walk starts from the overdue part of ``ix_journal_awaiting_reply`` and reads each letter
    by its primary key (``ix_journal_entries_letter`` serves the other direction, from a
    letter to its entry).
    """
    return (select(Letter.id.label("letter_id"), Letter.kind.label("letter_kind"),
                   Letter.recipient_partner_id.label("abh_id"),
                   Letter.register_number, JournalEntry.id.label("entry_id"),
                   JournalEntry.case_id, JournalEntry.reply_due, Case.file_number,
                   Case.caseworker_id, Person.family_name, Person.given_names)
            .select_from(JournalEntry)
            .join(Case, Case.id == JournalEntry.case_id)
            .join(Person, Person.id == Case.person_id)
            .join(Letter, Letter.id == JournalEntry.letter_id)
            .where(_AWAITED, JournalEntry.reply_due < today, _LIVE_OPEN_CASE,
                   Letter.deleted_at.is_(None), Letter.status == FINAL,
                   Letter.kind.in_(kinds)))


def unanswered_letters(session: Session, today: date, kinds: tuple[str, ...], *,
                       abh_id: str | None = None) -> list[Row[Any]]:
    """The rows of :func:`_unanswered_letters`, optionally of one recipient ABH, the longest
    overdue first."""
    stmt = _unanswered_letters(today, kinds)
    if abh_id is not None:
        stmt = stmt.where(Letter.recipient_partner_id == abh_id)
    return list(session.execute(stmt.order_by(JournalEntry.reply_due, Case.file_number)))


def measure_rows(session: Session, today: date, *, abh_id: str | None = None,
                 caseworker_id: str | None = None, any_caseworker: bool = True,
                 overdue_only: bool = False) -> list[Row[Any]]:
    """Open measures (of one ABH and/or the cases of one caseworker; ``caseworker_id`` None
    with ``any_caseworker`` False: cases without one), earliest due first. Like the counts,
    a scan of the measures against the materialised open cases."""
    cases = _open_cases(Case.file_number, Case.person_id, Case.caseworker_id,
                        Case.responsible_abh_id)
    stmt = (select(Measure.id, Measure.case_id, Measure.title, Measure.due_date,
                   cases.c.file_number, Person.family_name, Person.given_names)
            .select_from(Measure)
            .join(cases, cases.c.id == Measure.case_id)
            .join(Person, Person.id == cases.c.person_id)
            .where(_OPEN_MEASURE_SCAN))
    if abh_id is not None:
        stmt = stmt.where(or_(Measure.owner_partner_id == abh_id,
                              and_(Measure.owner_partner_id.is_(None), Measure.owner == "abh",
                                   cases.c.responsible_abh_id == abh_id)))
    stmt = _of_caseworker(stmt, cases.c.caseworker_id, caseworker_id, any_caseworker)
    if overdue_only:
        stmt = stmt.where(Measure.due_date < today)
    return list(session.execute(stmt.order_by(Measure.due_date.is_(None), Measure.due_date,
                                              cases.c.file_number)))


def reminder_rows(session: Session, today: date, *, caseworker_id: str | None,
                  overdue_only: bool) -> list[Row[Any]]:
    cases = _open_cases(Case.file_number, Case.person_id, Case.caseworker_id)
    stmt = (select(Reminder.id, Reminder.case_id, Reminder.title, Reminder.due_date,
                   cases.c.file_number, Person.family_name, Person.given_names)
            .select_from(Reminder)
            .join(cases, cases.c.id == Reminder.case_id)
            .join(Person, Person.id == cases.c.person_id)
            .where(_OPEN_REMINDER_SCAN))
    stmt = _of_caseworker(stmt, cases.c.caseworker_id, caseworker_id, False)
    if overdue_only:
        stmt = stmt.where(Reminder.due_date < today)
    return list(session.execute(stmt.order_by(Reminder.due_date, cases.c.file_number)))


def reply_rows(session: Session, today: date, *, caseworker_id: str | None,
               overdue_only: bool) -> list[Row[Any]]:
    stmt = (select(JournalEntry.id, JournalEntry.case_id, JournalEntry.subject,
                   JournalEntry.reply_due, Case.file_number, Person.family_name,
                   Person.given_names)
            .join(Case, Case.id == JournalEntry.case_id)
            .join(Person, Person.id == Case.person_id)
            .where(_AWAITED, _LIVE_OPEN_CASE))
    stmt = _of_caseworker(stmt, Case.caseworker_id, caseworker_id, False)
    if overdue_only:
        stmt = stmt.where(JournalEntry.reply_due < today)
    return list(session.execute(stmt.order_by(JournalEntry.reply_due, Case.file_number)))


def _of_caseworker(stmt: Any, column: Any, caseworker_id: str | None,
                   any_caseworker: bool) -> Any:
    if caseworker_id is not None:
        # Not by the caseworker's index: the walk over the open items is the cheaper start.
        return stmt.where(func.coalesce(column, "") == caseworker_id)
    if not any_caseworker:
        return stmt.where(column.is_(None))
    return stmt


def abh_names(session: Session) -> dict[str, str]:
    """{id: name} of every live partner of kind ABH."""
    stmt = (select(Partner.id, Partner.name)
            .where(Partner.kind == "abh", Partner.deleted_at.is_(None)))
    return {row[0]: row[1] for row in session.execute(stmt)}


def user_names(session: Session) -> dict[str, str]:
    return {row[0]: row[1] for row in session.execute(select(User.id, User.display_name))}


def notices_of_records(session: Session, record_ids: list[str]) -> dict[str, list[date]]:
    """{record id: days a live Mitteilung Haftentlassung was sent, earliest first}."""
    out: dict[str, list[date]] = {}
    for start in range(0, len(record_ids), 900):
        chunk = record_ids[start:start + 900]
        stmt = (select(CustodyNotice.record_id, CustodyNotice.sent_on)
                .where(CustodyNotice.record_id.in_(chunk), CustodyNotice.deleted_at.is_(None))
                .order_by(CustodyNotice.sent_on))
        for record_id, sent_on in session.execute(stmt):
            out.setdefault(record_id, []).append(sent_on)
    return out
