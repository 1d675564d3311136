"""Partner directory queries: folded search, one partner with its contacts, what refers to a
partner, the name/city pairs for duplicate checks, and a bulk insert of contact persons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, insert, or_, select
from sqlalchemy.orm import Session, selectinload

from desktop.storage.orm import Case, Contact, Measure, Partner, new_uuid, utcnow

# The directory is small (hundreds of rows); a search never returns more than this.
SEARCH_LIMIT = 2000


def _folded_like(document: ColumnElement[str], token: str) -> ColumnElement[bool]:
    """``document LIKE '%token%'``; ``token`` is a folded search token ([0-9a-z]+ only)."""
    return document.like(f"%{token}%")


def search(session: Session, tokens: Sequence[str], kind: str | None = None,
           limit: int = SEARCH_LIMIT) -> list[Partner]:
    """Live partners of ``kind`` (any if None) matching every one of the folded ``tokens``
    in name, short name, city, postcode or the name/function of a live contact person.

    The folding (diacritics, ß, umlauts as ü/ue) is done by the connection's
    ``fallakte_search_doc`` function, so the filter runs in SQL.
    """
    stmt = select(Partner).where(Partner.deleted_at.is_(None))
    if kind:
        stmt = stmt.where(Partner.kind == kind)
    own = func.fallakte_search_doc(Partner.name, Partner.short_name, Partner.city,
                                   Partner.postcode)
    people = func.fallakte_search_doc(Contact.name, Contact.function)
    for token in tokens:
        in_contacts = exists().where(Contact.partner_id == Partner.id,
                                     Contact.deleted_at.is_(None),
                                     _folded_like(people, token))
        stmt = stmt.where(or_(_folded_like(own, token), in_contacts))
    stmt = (stmt.options(selectinload(Partner.contacts))
            .order_by(Partner.name, Partner.city, Partner.id).limit(limit))
    return list(session.execute(stmt).scalars())


def load(session: Session, partner_id: str) -> Partner | None:
    """The live partner with its contacts (deleted contacts are filtered by the caller)."""
    return session.execute(
        select(Partner).where(Partner.id == partner_id, Partner.deleted_at.is_(None))
        .options(selectinload(Partner.contacts))
    ).scalar_one_or_none()


def load_contact(session: Session, contact_id: str) -> Contact | None:
    """The live contact of a live partner."""
    return session.execute(
        select(Contact).join(Partner, Partner.id == Contact.partner_id)
        .where(Contact.id == contact_id, Contact.deleted_at.is_(None),
               Partner.deleted_at.is_(None))
    ).scalar_one_or_none()


def references(session: Session, partner_id: str) -> tuple[int, int]:
    """How many live cases have the partner as responsible authority, and how many open
    measures of live cases it owns."""
    cases = session.execute(
        select(func.count()).select_from(Case)
        .where(Case.responsible_abh_id == partner_id, Case.deleted_at.is_(None))
    ).scalar_one()
    measures = session.execute(
        select(func.count()).select_from(Measure)
        .join(Case, Case.id == Measure.case_id)
        .where(and_(Measure.owner_partner_id == partner_id, Measure.deleted_at.is_(None),
                    Measure.status == "open", Case.deleted_at.is_(None)))
    ).scalar_one()
    return int(cases), int(measures)


def names_and_cities(session: Session) -> list[tuple[str, str, str]]:
    """``(id, name, city)`` of every live partner, for duplicate checks."""
    rows = session.execute(select(Partner.id, Partner.name, Partner.city)
                           .where(Partner.deleted_at.is_(None)))
    return [(row.id, row.name, row.city) for row in rows]


def insert_contacts(session: Session, rows: list[dict[str, Any]]) -> int:
    """Bulk-inserts contact rows (plain dicts keyed by column; the record columns are filled
    in), as the demo build does for the invented contact persons. No audit here."""
    if not rows:
        return 0
    now = utcnow()
    for row in rows:
        row.setdefault("id", new_uuid())
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
        row.setdefault("version", 1)
        row.setdefault("deleted_at", None)
    session.execute(insert(Contact), rows)
    return len(rows)
