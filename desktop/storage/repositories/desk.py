"""Queries of the "Heute" desk: open measures and reminders by date, expiring Duldungen, replies
awaited, quiet cases.

Every query reads live rows of cases that are live and not closed, joined with the person for
file number and name; ``caseworker_id`` narrows to the cases of one caseworker. Each returns at
most ``limit`` rows, the most pressing first, so that a desk over 100,000 cases reads what it
shows rather than everything that is due. Rows are named tuples; the service makes read models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, Select, and_, exists, func, not_, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from desktop.domain.enums import CaseStatus
from desktop.storage.orm import Case, Duldung, JournalEntry, Measure, Partner, Person, Reminder

CLOSED = CaseStatus.CLOSED.value
OPEN_STATUSES = tuple(status.value for status in CaseStatus if status != CaseStatus.CLOSED)
DEADLINE = "deadline"

S = TypeVar("S", bound=Select[*tuple[Any, ...]])  # a select of any row shape


def _open_case(stmt: S, caseworker_id: str | None) -> S:
    """Keeps rows of live cases that are not closed (optionally of one caseworker)."""
    stmt = stmt.where(Case.deleted_at.is_(None), Case.status != CLOSED)
    if caseworker_id is not None:
        # Wrapped in a function so that SQLite cannot start from the caseworker's index: the
        # desk's queries must walk their own date index and stop after ``limit`` rows. Started
        # from the caseworker's cases, a query reads every row of every one of their cases
        # (expiring Duldungen: 2.4 s instead of 0.1 s with 100,000 cases).
        stmt = stmt.where(func.coalesce(Case.caseworker_id, "") == caseworker_id)
    return stmt


def _date_range(column: Any, first: date | None, last: date) -> list[ColumnElement[bool]]:
    conditions = [column <= last]
    if first is not None:
        conditions.append(column >= first)
    return conditions


def due_measures(session: Session, *, first: date | None, last: date, limit: int,
                 caseworker_id: str | None = None) -> list[Row[Any]]:
    """Open measures due from ``first`` (``None``: any time before) to ``last``, earliest
    first (walks the index on status and due date, and stops after ``limit``)."""
    stmt = (
        select(Measure.id, Measure.case_id, Measure.title, Measure.due_date, Measure.owner,
               func.coalesce(func.nullif(Partner.short_name, ""), Partner.name)
               .label("owner_partner"),
               Case.file_number, Person.family_name, Person.given_names)
        .join(Case, Case.id == Measure.case_id)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(Partner, Partner.id == Measure.owner_partner_id)
        .where(Measure.status == "open", Measure.deleted_at.is_(None),
               *_date_range(Measure.due_date, first, last))
        .order_by(Measure.due_date).limit(limit)
    )
    return list(session.execute(_open_case(stmt, caseworker_id)))


def _warning_pending(today: date) -> ColumnElement[bool]:
    """A deadline still ahead with an earlier early warning: the warning is what is due."""
    return and_(Reminder.kind == DEADLINE, Reminder.early_warning.is_not(None),
                Reminder.early_warning < Reminder.due_date, Reminder.due_date > today)


def _reminder_rows(session: Session, conditions: list[ColumnElement[bool]], order: Any,
                   limit: int, caseworker_id: str | None) -> list[Row[Any]]:
    stmt = (select(Reminder.id, Reminder.case_id, Reminder.kind, Reminder.title,
                   Reminder.due_date, Reminder.due_time, Reminder.early_warning,
                   Case.file_number, Person.family_name, Person.given_names)
            .join(Case, Case.id == Reminder.case_id)
            .join(Person, Person.id == Case.person_id)
            .where(Reminder.done_at.is_(None), Reminder.deleted_at.is_(None), *conditions)
            .order_by(order).limit(limit))
    return list(session.execute(_open_case(stmt, caseworker_id)))


def due_reminders(session: Session, *, today: date, first: date | None, last: date,
                  limit: int, caseworker_id: str | None = None) -> list[Row[Any]]:
    """Reminders not done, due from ``first`` to ``last``, earliest first; deadlines whose
    early warning is still the next date are left to :func:`pending_warnings`."""
    return _reminder_rows(
        session, [*_date_range(Reminder.due_date, first, last), not_(_warning_pending(today))],
        Reminder.due_date, limit, caseworker_id)


def pending_warnings(session: Session, *, today: date, last: date, limit: int,
                     caseworker_id: str | None = None) -> list[Row[Any]]:
    """Deadlines not done, still ahead, whose early warning is on or before ``last``;
    earliest warning first."""
    return _reminder_rows(session, [_warning_pending(today), Reminder.early_warning <= last],
                          Reminder.early_warning, limit, caseworker_id)


def expiring_duldungen(session: Session, *, ranges: list[tuple[date | None, date]],
                       limit: int, caseworker_id: str | None = None) -> list[Row[Any]]:
    """The latest live Duldung of every open case whose last valid day lies in one of
    ``ranges`` (``first`` ``None``: any day before ``last``), at most ``limit`` per range,
    earliest last valid day first within each range.

    "Latest": no other live Duldung of the case starts after it (or starts the same day and
    lasts longer or without end) — an expired Duldung with a follow-up is not expiring. One
    query: a ``UNION ALL`` of one branch per range, each walking the partial index
    ``ix_duldungen_live_until`` over its range and stopping after ``limit`` rows, so that many
    long-expired Duldungen cannot crowd out the ones that expire next week.
    """
    later = aliased(Duldung)
    follow_up = exists().where(
        later.case_id == Duldung.case_id, later.deleted_at.is_(None), later.id != Duldung.id,
        or_(later.valid_from > Duldung.valid_from,
            and_(later.valid_from == Duldung.valid_from,
                 or_(later.valid_until.is_(None), later.valid_until > Duldung.valid_until))))
    branches = []
    for first, last in ranges:
        stmt = (
            select(Duldung.id, Duldung.case_id, Duldung.type, Duldung.valid_until,
                   Case.file_number, Person.family_name, Person.given_names)
            .join(Case, Case.id == Duldung.case_id)
            .join(Person, Person.id == Case.person_id)
            .where(Duldung.deleted_at.is_(None), Duldung.valid_until.is_not(None),
                   *_date_range(Duldung.valid_until, first, last), not_(follow_up))
            .order_by(Duldung.valid_until, Duldung.case_id).limit(limit)
        )
        # SQLite takes LIMIT in a compound select only on a subquery.
        branches.append(select(_open_case(stmt, caseworker_id).subquery()))
    if not branches:
        return []
    return list(session.execute(union_all(*branches)))


def awaited_replies(session: Session, *, ranges: list[tuple[date | None, date]], limit: int,
                    caseworker_id: str | None = None) -> list[Row[Any]]:
    """Live journal entries whose answer is awaited (``reply_due`` set, nothing received)
    with ``reply_due`` in one of ``ranges``, at most ``limit`` per range, earliest first.

    One query: a ``UNION ALL`` of one branch per range, each walking the partial index
    ``ix_journal_awaiting_reply`` (its condition is repeated here word for word, so that
    SQLite may use it) and stopping after ``limit`` rows.
    """
    branches = []
    for first, last in ranges:
        stmt = (
            select(JournalEntry.id, JournalEntry.case_id, JournalEntry.kind,
                   JournalEntry.subject, JournalEntry.occurred_at, JournalEntry.reply_due,
                   Case.file_number, Person.family_name, Person.given_names)
            .join(Case, Case.id == JournalEntry.case_id)
            .join(Person, Person.id == Case.person_id)
            .where(JournalEntry.reply_due.is_not(None),
                   JournalEntry.reply_received_on.is_(None),
                   JournalEntry.deleted_at.is_(None),
                   *_date_range(JournalEntry.reply_due, first, last))
            .order_by(JournalEntry.reply_due, JournalEntry.case_id).limit(limit)
        )
        branches.append(select(_open_case(stmt, caseworker_id).subquery()))
    if not branches:
        return []
    return list(session.execute(union_all(*branches)))


def quiet_cases(session: Session, *, before: datetime, limit: int,
                caseworker_id: str | None = None) -> list[Row[Any]]:
    """Open cases whose latest live journal entry (without any: whose creation) is before
    ``before``, the quietest first; ``last_entry`` is ``None`` for a case without entries.

    One query. The latest entry of every case comes from one grouped pass over the journal
    index; the open cases from the index on live cases by status (their creation is read only
    for a case without entries). That list is sorted once (a materialised CTE), and only then
    are the cases' rows read — the caseworker, file number and person — in that order until
    ``limit`` are found, instead of reading every open case's row.
    """
    latest = (select(JournalEntry.case_id, func.max(JournalEntry.occurred_at).label("last"))
              .where(JournalEntry.deleted_at.is_(None))
              .group_by(JournalEntry.case_id)
              .subquery("latest"))
    since = func.coalesce(latest.c.last, Case.created_at)
    quiet = (
        select(Case.id.label("case_id"), latest.c.last.label("last_entry"),
               since.label("since"))
        .select_from(Case)
        .outerjoin(latest, latest.c.case_id == Case.id)
        .where(Case.deleted_at.is_(None), Case.status.in_(OPEN_STATUSES), since < before)
        .order_by(since, Case.id)
        .cte("quiet")
        .prefix_with("MATERIALIZED")
    )
    stmt = (
        select(quiet.c.case_id, quiet.c.last_entry, quiet.c.since, Case.file_number,
               Case.status, Person.family_name, Person.given_names)
        .join(Case, Case.id == quiet.c.case_id)
        .join(Person, Person.id == Case.person_id)
        .order_by(quiet.c.since, quiet.c.case_id)
        .limit(limit)
    )
    if caseworker_id is not None:
        stmt = stmt.where(func.coalesce(Case.caseworker_id, "") == caseworker_id)
    return list(session.execute(stmt))
