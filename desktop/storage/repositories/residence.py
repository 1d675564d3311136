"""Queries of a case's residence data: Duldungen, obstacles, external file numbers, documents."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.orm import (
    AzrCheck,
    Case,
    Duldung,
    ExternalReference,
    IdentityDocument,
    Obstacle,
)


def duldungen_of(session: Session, case_id: str) -> list[Duldung]:
    """Live Duldungen of a case, the newest (latest start) first."""
    stmt = (select(Duldung).where(Duldung.case_id == case_id, Duldung.deleted_at.is_(None))
            .order_by(Duldung.valid_from.desc(), Duldung.created_at.desc()))
    return list(session.execute(stmt).scalars())


def obstacles_of(session: Session, case_id: str) -> list[Obstacle]:
    """Live obstacles of a case: unresolved first, then by start date."""
    stmt = (select(Obstacle).where(Obstacle.case_id == case_id, Obstacle.deleted_at.is_(None))
            .order_by(Obstacle.resolved, Obstacle.since.is_(None), Obstacle.since,
                      Obstacle.created_at))
    return list(session.execute(stmt).scalars())


def references_of(session: Session, case_id: str) -> list[ExternalReference]:
    stmt = (select(ExternalReference)
            .where(ExternalReference.case_id == case_id,
                   ExternalReference.deleted_at.is_(None))
            .order_by(ExternalReference.kind, ExternalReference.created_at))
    return list(session.execute(stmt).scalars())


def documents_of(session: Session, person_id: str) -> list[IdentityDocument]:
    stmt = (select(IdentityDocument)
            .where(IdentityDocument.person_id == person_id,
                   IdentityDocument.deleted_at.is_(None))
            .order_by(IdentityDocument.valid_until.is_(None),
                      IdentityDocument.valid_until.desc(), IdentityDocument.created_at))
    return list(session.execute(stmt).scalars())


def case_ids_of_person(session: Session, person_id: str) -> list[str]:
    """The live cases about a person (usually one)."""
    stmt = (select(Case.id).where(Case.person_id == person_id, Case.deleted_at.is_(None))
            .order_by(Case.created_at))
    return list(session.execute(stmt).scalars())


def azr_checks_of(session: Session, case_id: str) -> list[AzrCheck]:
    """The live AZR checklist rows of a case (at most one per item)."""
    stmt = select(AzrCheck).where(AzrCheck.case_id == case_id, AzrCheck.deleted_at.is_(None))
    return list(session.execute(stmt).scalars())


def azr_check(session: Session, case_id: str, item: str) -> AzrCheck | None:
    """The row of one item of a case, deleted or not (the pair is unique)."""
    stmt = select(AzrCheck).where(AzrCheck.case_id == case_id, AzrCheck.item == item)
    return session.execute(stmt).scalars().first()
