"""Queries of letters (Schriftverkehr), their frozen PDFs, text modules and letter settings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.storage.orm import (
    Case,
    Contact,
    ExternalReference,
    Letter,
    LetterDocument,
    Measure,
    Partner,
    TextModuleRow,
    User,
    VaultMeta,
)


def live_letter(session: Session, letter_id: str) -> Letter | None:
    """The letter if neither it nor its case is deleted."""
    stmt = (select(Letter).join(Case, Case.id == Letter.case_id)
            .where(Letter.id == letter_id, Letter.deleted_at.is_(None),
                   Case.deleted_at.is_(None)))
    return session.execute(stmt).scalar_one_or_none()


def letters_of(session: Session, case_id: str) -> list[Letter]:
    stmt = (select(Letter).where(Letter.case_id == case_id, Letter.deleted_at.is_(None))
            .order_by(Letter.created_at.desc()))
    return list(session.execute(stmt).scalars())


def successor_of(session: Session, letter_id: str) -> Letter | None:
    """A live letter that corrects ``letter_id`` (a draft or final one), if any."""
    stmt = select(Letter).where(Letter.previous_id == letter_id, Letter.deleted_at.is_(None))
    return session.execute(stmt).scalars().first()


def user_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    stmt = select(User.id, User.display_name).where(User.id.in_(ids))
    return {str(key): str(value) for key, value in session.execute(stmt).all()}


def file_numbers(session: Session, case_ids: set[str]) -> dict[str, str]:
    if not case_ids:
        return {}
    stmt = select(Case.id, Case.file_number).where(Case.id.in_(case_ids))
    return {str(key): str(value) for key, value in session.execute(stmt).all()}


def register_numbers(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    stmt = select(Letter.id, Letter.register_number).where(Letter.id.in_(ids))
    return {row_id: number for row_id, number in session.execute(stmt) if number}


def next_register_seq(session: Session, year: int) -> int:
    """The next running number of ``year`` (call inside the writing transaction)."""
    stmt = select(func.max(Letter.register_seq)).where(Letter.register_year == year)
    return int(session.execute(stmt).scalar() or 0) + 1


def register(session: Session, year: int | None) -> list[tuple[Letter, str]]:
    """Registered letters (final or superseded) with the case's file number, newest first."""
    stmt = (select(Letter, Case.file_number).join(Case, Case.id == Letter.case_id)
            .where(Letter.register_number.is_not(None))
            .order_by(Letter.register_year.desc(), Letter.register_seq.desc()))
    if year is not None:
        stmt = stmt.where(Letter.register_year == year)
    return [(row, number) for row, number in session.execute(stmt)]


def add_document(session: Session, letter_id: str, pdf: bytes) -> None:
    session.add(LetterDocument(letter_id=letter_id, pdf=pdf))


def document_of(session: Session, letter_id: str) -> bytes | None:
    stmt = select(LetterDocument.pdf).where(LetterDocument.letter_id == letter_id)
    return session.execute(stmt).scalar_one_or_none()


# --- what a letter needs from the case --------------------------------------------------------

def abh_reference(session: Session, case_id: str) -> str:
    """The first live file number of kind ``abh`` of the case ("" if none)."""
    stmt = (select(ExternalReference.value)
            .where(ExternalReference.case_id == case_id, ExternalReference.kind == "abh",
                   ExternalReference.deleted_at.is_(None))
            .order_by(ExternalReference.created_at))
    return session.execute(stmt).scalars().first() or ""


def first_contact(session: Session, partner_id: str) -> Contact | None:
    stmt = (select(Contact).where(Contact.partner_id == partner_id,
                                  Contact.deleted_at.is_(None))
            .order_by(Contact.name))
    return session.execute(stmt).scalars().first()


def district_authority(session: Session, district: str) -> Partner | None:
    """The Bezirksregierung of ``district`` in the partner directory (for the letterhead)."""
    stmt = select(Partner).where(Partner.kind == "bezreg", Partner.district == district,
                                 Partner.deleted_at.is_(None))
    return session.execute(stmt).scalars().first()


def overdue_abh_case_ids(session: Session, before: date) -> list[str]:
    """Live cases that are not closed with an open measure owned by an ABH, due before
    ``before`` (the owner is the ABH in general or a partner of kind ``abh``)."""
    owner = aliased(Partner)
    stmt = (select(Measure.case_id).distinct()
            .join(Case, Case.id == Measure.case_id)
            .outerjoin(owner, owner.id == Measure.owner_partner_id)
            .where(Measure.status == "open", Measure.deleted_at.is_(None),
                   Measure.due_date.is_not(None), Measure.due_date < before,
                   Case.deleted_at.is_(None), Case.status != "closed",
                   (Measure.owner == "abh") | (owner.kind == "abh")))
    ids = set(session.execute(stmt).scalars())
    order = select(Case.id).where(Case.id.in_(ids)).order_by(Case.file_number)
    return list(session.execute(order).scalars())


# --- text modules and settings ----------------------------------------------------------------

def text_modules(session: Session, *, with_deleted: bool = False) -> list[TextModuleRow]:
    stmt = select(TextModuleRow).order_by(TextModuleRow.position, TextModuleRow.key)
    if not with_deleted:
        stmt = stmt.where(TextModuleRow.deleted_at.is_(None))
    return list(session.execute(stmt).scalars())


def text_module(session: Session, key: str) -> TextModuleRow | None:
    """The module with ``key``, deleted or not."""
    return session.execute(select(TextModuleRow).where(TextModuleRow.key == key)).scalar()


def meta(session: Session, key: str) -> str | None:
    return session.execute(select(VaultMeta.value).where(VaultMeta.key == key)).scalar()


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(VaultMeta, key)
    if row is None:
        session.add(VaultMeta(key=key, value=value))
    else:
        row.value = value


def cases_with_abh_address(session: Session, limit: int) -> list[str]:
    """Up to ``limit`` live cases (file-number order) whose responsible ABH has an address
    (the demo's letter holders)."""
    stmt = (select(Case.id).join(Partner, Partner.id == Case.responsible_abh_id)
            .where(Case.deleted_at.is_(None), Partner.deleted_at.is_(None),
                   Partner.street != "", Partner.postcode != "", Partner.city != "")
            .order_by(Case.file_number).limit(limit))
    return list(session.execute(stmt).scalars())
