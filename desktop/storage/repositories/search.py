"""Global search (Ctrl+K): the journal's FTS5 index and the queries over both indexes.

``case_search`` (names, numbers) is written by ``repositories.cases``, which also rebuilds both
indexes after bulk imports; new journal entries go into ``journal_search`` (entry_id, case_id,
folded subject and text) here. Queries take an FTS5 match string made by ``cases.fts_query``
(every token a quoted prefix term), never the user's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, select, text
from sqlalchemy.orm import Session

from desktop.domain.text import search_document
from desktop.storage.orm import Alias, Case, ExternalReference, JournalEntry, Person


def index_journal_entry(session: Session, entry: JournalEntry) -> None:
    """Adds a new journal entry to ``journal_search`` (entries are append-only; a
    soft-deleted entry is left out by the queries, which join the live entries)."""
    session.flush()
    if entry.deleted_at is not None:
        return
    session.execute(text("INSERT INTO journal_search (entry_id, case_id, text) "
                         "VALUES (:entry_id, :case_id, :text)"),
                    {"entry_id": entry.id, "case_id": entry.case_id,
                     "text": search_document(entry.subject, entry.text)})


def case_matches(session: Session, match: str, limit: int) -> list[Row[Any]]:
    """Live cases whose names or numbers match: case_id, names, numbers (folded), best
    first."""
    return list(session.execute(text("""
        SELECT s.case_id AS case_id, s.names AS names, s.numbers AS numbers
          FROM (SELECT case_id, names, numbers, rank FROM case_search
                 WHERE case_search MATCH :match ORDER BY rank LIMIT :limit) s
          JOIN cases c ON c.id = s.case_id
         WHERE c.deleted_at IS NULL
         ORDER BY s.rank
    """), {"match": match, "limit": limit}))


def journal_matches(session: Session, match: str, limit: int) -> list[Row[Any]]:
    """Live journal entries of live cases that match: entry_id, case_id, subject, text."""
    return list(session.execute(text("""
        SELECT j.id AS entry_id, j.case_id AS case_id, j.subject AS subject, j.text AS text
          FROM (SELECT entry_id, rank FROM journal_search
                 WHERE journal_search MATCH :match ORDER BY rank LIMIT :limit) s
          JOIN journal_entries j ON j.id = s.entry_id
          JOIN cases c ON c.id = j.case_id
         WHERE j.deleted_at IS NULL AND c.deleted_at IS NULL
         ORDER BY s.rank
    """), {"match": match, "limit": limit}))


def case_heads(session: Session, case_ids: Sequence[str]) -> list[Row[Any]]:
    """id, file_number, status, person's names, azr_number, intake_reference of live cases."""
    if not case_ids:
        return []
    return list(session.execute(
        select(Case.id, Case.file_number, Case.status, Case.intake_reference,
               Person.id.label("person_id"), Person.family_name, Person.given_names,
               Person.birth_name, Person.azr_number)
        .join(Person, Person.id == Case.person_id)
        .where(Case.id.in_(list(case_ids)), Case.deleted_at.is_(None))))


def live_aliases(session: Session, person_ids: Sequence[str]) -> list[Row[Any]]:
    if not person_ids:
        return []
    return list(session.execute(
        select(Alias.person_id, Alias.family_name, Alias.given_names)
        .where(Alias.person_id.in_(list(person_ids)), Alias.deleted_at.is_(None))))


def live_references(session: Session, case_ids: Sequence[str]) -> list[Row[Any]]:
    if not case_ids:
        return []
    return list(session.execute(
        select(ExternalReference.case_id, ExternalReference.value)
        .where(ExternalReference.case_id.in_(list(case_ids)),
               ExternalReference.deleted_at.is_(None))))
