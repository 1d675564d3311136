"""Generic lookups of live (not soft-deleted) rows, and the child lists of a case."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.storage.orm import (
    JournalEntry,
    Measure,
    Partner,
    Record,
    Reminder,
    User,
    VaultMeta,
)

R = TypeVar("R", bound=Record)


def get_live(session: Session, model: type[R], row_id: str) -> R | None:
    row = session.get(model, row_id)
    return row if row is not None and row.deleted_at is None else None


def journal_of(session: Session, case_id: str, kind: str | None = None) -> list[JournalEntry]:
    stmt = (select(JournalEntry).where(JournalEntry.case_id == case_id,
                                       JournalEntry.deleted_at.is_(None))
            .options(selectinload(JournalEntry.author))
            .order_by(JournalEntry.occurred_at.desc(), JournalEntry.created_at.desc()))
    if kind:
        stmt = stmt.where(JournalEntry.kind == kind)
    return list(session.execute(stmt).scalars())


def measures_of(session: Session, case_id: str) -> list[Measure]:
    stmt = (select(Measure).where(Measure.case_id == case_id, Measure.deleted_at.is_(None))
            .options(selectinload(Measure.owner_partner))
            .order_by(Measure.status != "open", Measure.due_date.is_(None), Measure.due_date,
                      Measure.created_at))
    return list(session.execute(stmt).scalars())


def reminders_of(session: Session, case_id: str) -> list[Reminder]:
    stmt = (select(Reminder).where(Reminder.case_id == case_id, Reminder.deleted_at.is_(None))
            .order_by(Reminder.done_at.is_not(None), Reminder.due_date))
    return list(session.execute(stmt).scalars())


def partners(session: Session, kind: str | None = None) -> list[Partner]:
    stmt = select(Partner).where(Partner.deleted_at.is_(None)).order_by(Partner.name)
    if kind:
        stmt = stmt.where(Partner.kind == kind)
    return list(session.execute(stmt).scalars())


def meta(session: Session, key: str) -> str | None:
    """A value of the vault's key/value facts (``vault_meta``)."""
    return session.execute(select(VaultMeta.value).where(VaultMeta.key == key)).scalar()


def users(session: Session) -> list[User]:
    return list(session.execute(select(User).where(User.deleted_at.is_(None))
                                .order_by(User.display_name)).scalars())


def close_reply_deadlines(session: Session, entry_id: str) -> int:
    """Marks the open reminders linked to a journal entry (a letter's reply Frist) as done;
    returns how many."""
    reminders = session.scalars(
        select(Reminder).where(Reminder.journal_entry_id == entry_id,
                               Reminder.done_at.is_(None), Reminder.deleted_at.is_(None))).all()
    now = datetime.now(UTC)
    for reminder in reminders:
        reminder.done_at = now
    return len(reminders)
