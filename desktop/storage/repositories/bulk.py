"""Fast bulk inserts of plain dicts (synthetic demo data, imports) with Core executemany.

The functions take a session inside the caller's unit of work and lists of dicts keyed by
column name. Columns every record has (``id``, ``created_at``, ``updated_at``, ``version``,
``deleted_at``) are filled in where a row leaves them out. No ORM objects are built, and no
audit events are written here: the caller writes one event for the whole import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.storage import orm
from desktop.storage.repositories import person_keys as keys_repo
from desktop.storage.repositories.cases import rebuild_index

Row = dict[str, Any]

_VARIANT = "89ab"


def new_ids(count: int) -> list[str]:
    """``count`` random version-4 UUIDs as text (from ``os.urandom``, faster than uuid4)."""
    raw = os.urandom(16 * count).hex()
    out = []
    for start in range(0, 32 * count, 32):
        h = raw[start:start + 32]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16], 16) & 3]}{h[17:20]}-"
                   f"{h[20:]}")
    return out


def _table(model: type[orm.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert(session: Session, model: type[orm.Record], rows: list[Row],
            now: datetime | None) -> int:
    """Completes the record columns and inserts ``rows`` with one executemany."""
    if not rows:
        return 0
    stamp = now or orm.utcnow()
    missing = sum(1 for row in rows if "id" not in row)
    # Sorted, so that the new keys go into the primary-key index in order.
    ids = iter(sorted(new_ids(missing))) if missing else iter(())
    for row in rows:
        if "id" not in row:
            row["id"] = next(ids)
        row.setdefault("created_at", stamp)
        row.setdefault("updated_at", stamp)
        row.setdefault("version", 1)
        row.setdefault("deleted_at", None)
    table = _table(model)
    names = list(rows[0])
    # Columns the rows leave out get their constant default, as a Core insert would.
    fixed: dict[str, Any] = {}
    keys = rows[0].keys()
    general = (len(names) < 2 or any(name not in table.c for name in names)
               or any(row.keys() != keys for row in rows))
    for column in table.columns:
        if column.name in names or column.default is None:
            continue
        if isinstance(column.default, ScalarElementColumnDefault):
            fixed[column.name] = column.default.arg
        else:
            general = True
    if general:  # unusual rows or a computed default: the general path
        session.execute(insert(table), rows)
        return len(rows)
    # One executemany straight on the driver, with each column's own bind processing
    # (dates, UTC datetimes, partial dates, booleans); much less overhead per row.
    connection = session.connection()
    dialect = connection.dialect

    def bind(name: str) -> Any:
        process = table.c[name].type.bind_processor(dialect)
        return process or (lambda value: value)

    processors = [bind(name) for name in names]
    pick = itemgetter(*names)  # the values in the order of ``names``, whatever the dict's
    tail = tuple(None if value is None else bind(name)(value) for name, value in fixed.items())
    columns = ", ".join(f'"{name}"' for name in (*names, *fixed))
    marks = ", ".join("?" for _ in range(len(names) + len(fixed)))
    # Values go through the driver's placeholders; the names are the table's own columns.
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    connection.exec_driver_sql(sql, [
        tuple(None if value is None else process(value)
              for process, value in zip(processors, pick(row), strict=True)) + tail
        for row in rows])
    return len(rows)


# The tables a bulk load fills, whose secondary indexes it may build at the end.
BULK_MODELS: tuple[type[orm.Base], ...] = (
    orm.Person, orm.PersonNationality, orm.Alias, orm.PersonBlockingKey, orm.Case,
    orm.CaseFlagRow, orm.Measure, orm.Reminder, orm.JournalEntry, orm.Duldung, orm.Obstacle,
    orm.ExternalReference, orm.IdentityDocument)


@contextmanager
def indexes_deferred(session: Session) -> Iterator[None]:
    """Drops the secondary indexes of the bulk tables and builds them again at the end.

    Building an index once over all rows is much faster than keeping it up to date row by
    row. The indexes are re-created from their own stored SQL, so the schema ends exactly as
    it was. Only for use inside a unit of work: on an error the body's exception propagates
    without re-creating anything, and the unit of work's rollback restores the indexes (DDL
    is transactional in SQLite). Primary keys and unique constraints stay in place.
    """
    names = [_table(model).name for model in BULK_MODELS]
    placeholders = ", ".join(f":t{i}" for i in range(len(names)))
    stored = session.execute(
        text(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
             f"AND tbl_name IN ({placeholders}) ORDER BY name"),
        {f"t{i}": name for i, name in enumerate(names)}).all()
    for name, _sql in stored:
        session.execute(text(f'DROP INDEX "{name}"'))
    yield
    for _name, sql in stored:
        session.execute(text(sql))


def partners(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.Partner, rows, now)


def persons(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.Person, rows, now)


def person_nationalities(session: Session, rows: list[Row], *,
                         now: datetime | None = None) -> int:
    return _insert(session, orm.PersonNationality, rows, now)


def aliases(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.Alias, rows, now)


def person_keys(session: Session, persons: list[Row], aliases: list[Row]) -> int:
    """The duplicate check's blocking keys of bulk-inserted ``persons`` and their
    ``aliases`` (the same dicts, after their own inserts), computed in Python and handed
    straight to the driver's ``executemany`` (about nine rows a person)."""
    rows = keys_repo.bulk_rows(persons, aliases)
    if not rows:
        return 0
    table = _table(orm.PersonBlockingKey)
    session.connection().exec_driver_sql(
        f"INSERT OR IGNORE INTO {table.name} (key, person_id) VALUES (?, ?)",
        [(row["key"], row["person_id"]) for row in rows])
    return len(rows)


def cases(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    """Cases; each row brings its ``file_number`` and ``sort_name`` (computed by the caller)."""
    return _insert(session, orm.Case, rows, now)


def case_flags(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.CaseFlagRow, rows, now)


def measures(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.Measure, rows, now)


def reminders(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.Reminder, rows, now)


def journal_entries(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.JournalEntry, rows, now)


def duldungen(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.Duldung, rows, now)


def obstacles(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.Obstacle, rows, now)


def external_references(session: Session, rows: list[Row], *,
                        now: datetime | None = None) -> int:
    """External file numbers; the caller rebuilds the search index afterwards."""
    return _insert(session, orm.ExternalReference, rows, now)


def identity_documents(session: Session, rows: list[Row], *,
                       now: datetime | None = None) -> int:
    return _insert(session, orm.IdentityDocument, rows, now)


def custody_records(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.CustodyRecord, rows, now)


def custody_confirmations(session: Session, rows: list[Row], *,
                          now: datetime | None = None) -> int:
    return _insert(session, orm.CustodyConfirmation, rows, now)


def custody_notices(session: Session, rows: list[Row], *, now: datetime | None = None) -> int:
    return _insert(session, orm.CustodyNotice, rows, now)


def set_meta(session: Session, values: Mapping[str, str]) -> None:
    """Sets ``vault_meta`` keys (insert or replace)."""
    for key, value in values.items():
        session.merge(orm.VaultMeta(key=key, value=value))
    session.flush()


def raise_file_number_counters(session: Session,
                               highest: Iterable[tuple[str, int, int]]) -> None:
    """Moves each (district, year) counter up to at least the highest running number used."""
    for district, year, number in highest:
        counter = session.execute(
            select(orm.FileNumberCounter).where(orm.FileNumberCounter.district == district,
                                                orm.FileNumberCounter.year == year)
        ).scalar_one_or_none()
        if counter is None:
            session.add(orm.FileNumberCounter(district=district, year=year,
                                              last_number=number))
        elif counter.last_number < number:
            counter.last_number = number
    session.flush()


def finish(session: Session, highest: Iterable[tuple[str, int, int]]) -> int:
    """Sets the file number counters and rebuilds the search index; returns indexed cases."""
    raise_file_number_counters(session, highest)
    return rebuild_index(session)


def count(session: Session, model: type[orm.Record]) -> int:
    return int(session.execute(select(func.count()).select_from(_table(model))).scalar_one())
