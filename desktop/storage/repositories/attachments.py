"""Queries of a case's attachments (Anlagen); the bytes are read only by ``content_of``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.orm import Attachment, AttachmentContent, Case, User


def attachments_of(session: Session, case_id: str) -> list[tuple[Attachment, str | None]]:
    """Live attachments of a case with the display name of who added them, newest first.

    Never touches ``attachment_contents``."""
    stmt = (select(Attachment, User.display_name)
            .outerjoin(User, User.id == Attachment.added_by)
            .where(Attachment.case_id == case_id, Attachment.deleted_at.is_(None))
            .order_by(Attachment.created_at.desc(), Attachment.filename))
    return [(row, name) for row, name in session.execute(stmt)]


def live_attachment(session: Session, attachment_id: str) -> Attachment | None:
    """The attachment if it exists and is not deleted (nor is its case)."""
    stmt = (select(Attachment).join(Case, Case.id == Attachment.case_id)
            .where(Attachment.id == attachment_id, Attachment.deleted_at.is_(None),
                   Case.deleted_at.is_(None)))
    return session.execute(stmt).scalar_one_or_none()


def case_is_live(session: Session, case_id: str) -> bool:
    stmt = select(Case.id).where(Case.id == case_id, Case.deleted_at.is_(None))
    return session.execute(stmt).first() is not None


def display_name(session: Session, user_id: str | None) -> str | None:
    if user_id is None:
        return None
    return session.execute(select(User.display_name).where(User.id == user_id)).scalar()


def add_content(session: Session, attachment_id: str, data: bytes) -> None:
    session.add(AttachmentContent(attachment_id=attachment_id, data=data))


def content_of(session: Session, attachment_id: str) -> bytes | None:
    stmt = select(AttachmentContent.data).where(
        AttachmentContent.attachment_id == attachment_id)
    return session.execute(stmt).scalar_one_or_none()


def first_live_cases(session: Session, limit: int) -> list[tuple[str, str]]:
    """Id and file number of up to ``limit`` live cases in file-number order (the demo's
    attachment holders)."""
    stmt = (select(Case.id, Case.file_number).where(Case.deleted_at.is_(None))
            .order_by(Case.file_number).limit(limit))
    return [(case_id, number) for case_id, number in session.execute(stmt)]
