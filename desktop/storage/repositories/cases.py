"""Case queries and writes: file numbers, the list (ids, paged rows), detail, search index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, func, select, text, union
from sqlalchemy.orm import Session, selectinload

from desktop.domain.enums import CaseStatus
from desktop.domain.text import search_document, tokens
from desktop.storage.orm import (
    Case,
    CaseFlagRow,
    ExternalReference,
    FileNumberCounter,
    JournalEntry,
    Measure,
    Partner,
    Person,
    PersonNationality,
    Reminder,
    User,
)

CLOSED = CaseStatus.CLOSED.value
SORT_COLUMNS: dict[str, tuple[Any, ...]] = {
    "file_number": (Case.file_number,),
    "name": (Case.sort_name, Case.file_number),
    "status": (Case.status, Case.sort_name),
    "district": (Case.district, Case.sort_name),
    "intake_date": (Case.intake_date, Case.file_number),
    "updated": (Case.updated_at, Case.file_number),
}


def next_file_number(session: Session, district: str, year: int) -> int:
    """The next running number for ``district`` and ``year`` (inside the write transaction)."""
    counter = session.execute(
        select(FileNumberCounter).where(FileNumberCounter.district == district,
                                        FileNumberCounter.year == year)
    ).scalar_one_or_none()
    if counter is None:
        highest = session.execute(
            select(func.max(Case.file_number)).where(
                Case.file_number.like(f"RRK-{district}-{year:04d}-%"))
        ).scalar()
        start = int(highest.rsplit("-", 1)[1]) if highest else 0
        counter = FileNumberCounter(district=district, year=year, last_number=start)
        session.add(counter)
    counter.last_number += 1
    session.flush()
    return counter.last_number


def fts_query(search: str) -> str | None:
    """An FTS5 query in which every folded token is a quoted prefix term (no FTS syntax
    from the user gets through)."""
    terms = tokens(search)
    if not terms:
        return None
    return " ".join(f'"{term}"*' for term in terms)


def overdue_case_ids(today: date) -> Any:
    """The cases with an open measure, a reminder not done, or an awaited reply due before
    ``today`` (a compound select of case ids).

    Each branch walks an index over its due date and reads only what is overdue: measures
    ``ix_measures_status_due`` (status, due date), reminders ``ix_reminders_due`` (done,
    due date), replies the partial index ``ix_journal_awaiting_reply`` (its condition is
    repeated word for word, so that SQLite may use it).
    """
    return union(
        select(Measure.case_id).where(Measure.status == "open", Measure.due_date < today,
                                      Measure.deleted_at.is_(None)),
        select(Reminder.case_id).where(Reminder.done_at.is_(None), Reminder.due_date < today,
                                       Reminder.deleted_at.is_(None)),
        select(JournalEntry.case_id).where(JournalEntry.reply_due.is_not(None),
                                           JournalEntry.reply_received_on.is_(None),
                                           JournalEntry.deleted_at.is_(None),
                                           JournalEntry.reply_due < today))


def query_ids(session: Session, *, search: str = "", status: str | None = None,
              district: str | None = None, flag: str | None = None,
              caseworker_id: str | None = None, sort: str = "file_number",
              descending: bool = False, overdue_before: date | None = None,
              open_only: bool = False) -> list[str]:
    """The ids of all live cases matching the filters, in the requested order.

    ``overdue_before``: only open cases with something overdue on that day (see
    :func:`overdue_case_ids`); ``open_only``: only cases that are not closed.
    """
    stmt = select(Case.id).where(Case.deleted_at.is_(None))
    if status:
        stmt = stmt.where(Case.status == status)
    if open_only or overdue_before is not None:
        stmt = stmt.where(Case.status != CLOSED)
    if overdue_before is not None:
        stmt = stmt.where(Case.id.in_(overdue_case_ids(overdue_before)))
    if district:
        stmt = stmt.where(Case.district == district)
    if caseworker_id:
        stmt = stmt.where(Case.caseworker_id == caseworker_id)
    if flag:
        # IN rather than a correlated EXISTS: SQLite then reads the (few) flagged cases from
        # the partial index ix_case_flags_flag_case instead of probing for every case.
        stmt = stmt.where(Case.id.in_(
            select(CaseFlagRow.case_id).where(CaseFlagRow.flag == flag,
                                              CaseFlagRow.until.is_(None),
                                              CaseFlagRow.deleted_at.is_(None))))
    match = fts_query(search)
    if search.strip() and match is None:
        return []
    if match is not None:
        stmt = stmt.where(Case.id.in_(
            select(text("case_id")).select_from(text("case_search"))
            .where(text("case_search MATCH :match")))).params(match=match)
    columns = SORT_COLUMNS.get(sort, SORT_COLUMNS["file_number"])
    stmt = stmt.order_by(*[c.desc() if descending else c.asc() for c in columns])
    return list(session.execute(stmt).scalars())


def list_rows(session: Session, ids: Sequence[str]) -> list[Row[Any]]:
    """The list columns of the given cases, in the order of ``ids``."""
    if not ids:
        return []
    nat = (select(func.group_concat(PersonNationality.code, ","))
           .where(PersonNationality.person_id == Case.person_id,
                  PersonNationality.deleted_at.is_(None))
           .correlate(Case).scalar_subquery())
    flags = (select(func.group_concat(CaseFlagRow.flag, ","))
             .where(CaseFlagRow.case_id == Case.id, CaseFlagRow.until.is_(None),
                    CaseFlagRow.deleted_at.is_(None))
             .correlate(Case).scalar_subquery())
    stmt = (
        select(Case.id, Case.file_number, Person.family_name, Person.given_names,
               Person.birth_date, nat.label("nationalities"), Case.status, Case.district,
               Case.track, flags.label("flags"), User.display_name.label("caseworker"),
               Case.intake_date, func.coalesce(Partner.short_name, Partner.name).label("abh"))
        .join(Person, Person.id == Case.person_id)
        .outerjoin(User, User.id == Case.caseworker_id)
        .outerjoin(Partner, Partner.id == Case.responsible_abh_id)
        .where(Case.id.in_(list(ids)))
    )
    by_id = {row.id: row for row in session.execute(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def load_case(session: Session, case_id: str) -> Case | None:
    return session.execute(
        select(Case).where(Case.id == case_id, Case.deleted_at.is_(None))
        .options(selectinload(Case.person).selectinload(Person.aliases),
                 selectinload(Case.person).selectinload(Person.nationalities),
                 selectinload(Case.flags), selectinload(Case.responsible_abh),
                 selectinload(Case.caseworker))
    ).scalar_one_or_none()


def case_id_by_file_number(session: Session, file_number: str) -> str | None:
    return session.execute(select(Case.id).where(Case.file_number == file_number,
                                                 Case.deleted_at.is_(None))).scalar()


def reindex(session: Session, case: Case) -> None:
    """Rewrites the case's row of the FTS5 index (names, aliases, file numbers, external
    file numbers)."""
    person = case.person
    names = search_document(
        person.family_name, person.given_names, person.birth_name,
        *[f"{a.family_name} {a.given_names}" for a in person.aliases if a.deleted_at is None])
    external = session.execute(
        select(ExternalReference.value)
        .where(ExternalReference.case_id == case.id, ExternalReference.deleted_at.is_(None))
        .order_by(ExternalReference.created_at)).scalars()
    numbers = search_document(case.file_number, person.azr_number, case.intake_reference,
                              *external)
    session.execute(text("DELETE FROM case_search WHERE case_id = :id"), {"id": case.id})
    if case.deleted_at is None:
        session.execute(text("INSERT INTO case_search (case_id, names, numbers) "
                             "VALUES (:id, :names, :numbers)"),
                        {"id": case.id, "names": names, "numbers": numbers})


def rebuild_index(session: Session) -> int:
    """Rebuilds the whole FTS5 index in SQL (used after bulk imports); returns rows."""
    session.execute(text("DELETE FROM case_search"))
    session.execute(text("""
        INSERT INTO case_search (case_id, names, numbers)
        SELECT c.id,
               fallakte_search_doc(p.family_name, p.given_names, p.birth_name,
                                   (SELECT group_concat(a.family_name || ' ' || a.given_names,
                                                        ' ')
                                      FROM aliases a
                                     WHERE a.person_id = p.id AND a.deleted_at IS NULL)),
               fallakte_search_doc(c.file_number, p.azr_number, c.intake_reference,
                                   (SELECT group_concat(r.value, ' ')
                                      FROM external_references r
                                     WHERE r.case_id = c.id AND r.deleted_at IS NULL))
          FROM cases c JOIN persons p ON p.id = c.person_id
         WHERE c.deleted_at IS NULL
    """))
    return int(session.execute(text("SELECT count(*) FROM case_search")).scalar_one())


def rebuild_journal_index(session: Session) -> int:
    """Rebuilds ``journal_search`` from the live entries of live cases (after bulk imports);
    returns the number of indexed entries."""
    session.execute(text("DELETE FROM journal_search"))
    session.execute(text("""
        INSERT INTO journal_search (entry_id, case_id, text)
        SELECT j.id, j.case_id, fallakte_search_doc(j.subject, j.text)
          FROM journal_entries j JOIN cases c ON c.id = j.case_id
         WHERE j.deleted_at IS NULL AND c.deleted_at IS NULL
    """))
    return int(session.execute(text("SELECT count(*) FROM journal_search")).scalar_one())


def count_live(session: Session) -> int:
    return int(session.execute(
        select(func.count()).select_from(Case).where(Case.deleted_at.is_(None))).scalar_one())
