"""Queries and writes of saved case-list filters (one user's rows, by position and name)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.storage.orm import SavedFilter


def of_user(session: Session, user_id: str) -> list[SavedFilter]:
    """The user's live filters in their order (position, then name)."""
    return list(session.execute(
        select(SavedFilter).where(SavedFilter.user_id == user_id,
                                  SavedFilter.deleted_at.is_(None))
        .order_by(SavedFilter.position, SavedFilter.name)).scalars())


def get(session: Session, user_id: str, filter_id: str) -> SavedFilter | None:
    """The user's live filter ``filter_id`` (``None``: not there, deleted, someone else's)."""
    row = session.get(SavedFilter, filter_id)
    if row is None or row.deleted_at is not None or row.user_id != user_id:
        return None
    return row


def named(session: Session, user_id: str, name: str) -> SavedFilter | None:
    """The user's row (live or deleted) that holds ``name``; the name is unique per user."""
    return session.execute(
        select(SavedFilter).where(SavedFilter.user_id == user_id, SavedFilter.name == name)
    ).scalar_one_or_none()


def next_position(session: Session, user_id: str) -> int:
    highest = session.execute(
        select(func.max(SavedFilter.position)).where(SavedFilter.user_id == user_id,
                                                     SavedFilter.deleted_at.is_(None))
    ).scalar()
    return 0 if highest is None else int(highest) + 1
