"""The connection creator and engine, the migrations, the ORM's optimistic locking."""

from __future__ import annotations

import secrets
import sqlite3

import pytest
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import exc as sa_exc
from sqlalchemy import select, text
from sqlalchemy.pool import QueuePool, SingletonThreadPool

from desktop.errors import (
    DamagedVaultError,
    PlaintextDatabaseError,
    ReadOnlyLocationError,
    StaleDataError,
    StorageFullError,
    VaultInUseError,
    VaultNotFoundError,
)
from desktop.storage import migrate, orm
from desktop.storage.engine import (
    EXPECTED_PRAGMAS,
    connect,
    inspect_file,
    key_to_hex,
    make_engine,
    read_pragmas,
)
from desktop.storage.orm import Person, User
from desktop.storage.unit_of_work import translate
from tests.storage.helpers import audit_count

# --- connections and engine -------------------------------------------------------------------

def test_every_asserted_pragma_on_a_fresh_engine_connection(vault):
    vault.engine.dispose()  # the next connection is a new one from our creator
    with vault.engine.connect() as conn:
        values = read_pragmas(conn)
    for name, expected in EXPECTED_PRAGMAS.items():
        assert values[name].lower() == expected.lower(), name
    assert values["cipher_version"].startswith("4.")
    assert values["cipher_provider"]


def test_expected_pragmas_are_the_documented_ones():
    assert EXPECTED_PRAGMAS["journal_mode"] == "wal"
    assert EXPECTED_PRAGMAS["synchronous"] == "2"
    assert EXPECTED_PRAGMAS["foreign_keys"] == "1"
    assert EXPECTED_PRAGMAS["secure_delete"] == "1"
    assert EXPECTED_PRAGMAS["temp_store"] == "2"
    assert int(EXPECTED_PRAGMAS["busy_timeout"]) > 0


def test_foreign_keys_are_enforced(vault):
    with pytest.raises(sa_exc.IntegrityError), vault.unit_of_work() as uow:
        uow.session.execute(text(
            "INSERT INTO contacts (id, partner_id, name, function, phone, email, created_at,"
            " updated_at, version) VALUES ('c', 'no-such-partner', 'n', '', '', '', 'x', 'x',"
            " 1)"))


def test_engine_pool_url_and_parameters(vault):
    engine = vault.engine
    assert isinstance(engine.pool, QueuePool)
    assert not isinstance(engine.pool, SingletonThreadPool)
    assert engine.hide_parameters is True
    url = str(engine.url)
    assert str(vault.path) not in url
    assert vault.path.name not in url
    assert vault._data_key.hex() not in url
    assert vault._data_key.hex() not in repr(engine)


def test_parameters_do_not_appear_in_errors(vault):
    with vault.unit_of_work() as uow:
        person = Person(family_name="GEHEIM_Mustermann")
        uow.session.add(person)
    with pytest.raises(sa_exc.IntegrityError) as info, vault.unit_of_work() as uow:
        uow.session.add(Person(id=person.id, family_name="GEHEIM_Doppelt"))
    assert "GEHEIM" not in str(info.value)
    assert "hidden" in str(info.value)


def test_engine_connections_read_what_units_of_work_write(vault):
    with vault.unit_of_work() as uow:
        uow.session.add(Person(family_name="Sichtbar"))
    engine = make_engine(vault.path, vault._data_key)
    try:
        with engine.connect() as conn:
            names = conn.execute(select(Person.family_name)).scalars().all()
    finally:
        engine.dispose()
    assert names == ["Sichtbar"]


def test_key_must_be_32_bytes(closed_vault):
    for bad in (b"", bytes(31), bytes(33)):
        with pytest.raises(ValueError, match="32 bytes"):
            key_to_hex(bad)
    assert key_to_hex(bytes(range(32))) == bytes(range(32)).hex()


def test_connect_never_creates_a_missing_file(tmp_path):
    path = tmp_path / "fehlt.fallakte"
    with pytest.raises(VaultNotFoundError):
        connect(path, secrets.token_bytes(32))
    assert list(tmp_path.iterdir()) == []


def test_inspect_file(tmp_path, closed_vault):
    inspect_file(closed_vault)  # a real vault passes
    with pytest.raises(VaultNotFoundError):
        inspect_file(tmp_path / "fehlt")
    empty = tmp_path / "leer"
    empty.write_bytes(b"")
    with pytest.raises(DamagedVaultError):
        inspect_file(empty)
    plain = tmp_path / "klar.db"
    sqlite3.connect(plain).execute("create table t (x)").connection.close()
    with pytest.raises(PlaintextDatabaseError):
        inspect_file(plain)



@pytest.mark.parametrize("size", [1, 1000, 4095, 4097, 3 * 4096 + 100])
def test_inspect_file_refuses_partial_pages_before_any_key_is_tried(tmp_path, size):
    path = tmp_path / "teil.fallakte"
    path.write_bytes(secrets.token_bytes(size))
    with pytest.raises(DamagedVaultError) as info:
        inspect_file(path)
    assert str(size) in info.value.detail


def test_inspect_file_accepts_whole_pages_of_ciphertext(tmp_path):
    path = tmp_path / "ganz.fallakte"
    path.write_bytes(secrets.token_bytes(2 * 4096))
    inspect_file(path)

def test_read_only_connection(closed_vault):
    from tests.storage.helpers import data_key_from_passphrase

    conn = connect(closed_vault, data_key_from_passphrase(closed_vault), read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM audit_events").fetchone()[0] >= 1
        with pytest.raises(sqlcipher3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO vault_meta (key, value) VALUES ('x', 'y')")
    finally:
        conn.close()


# --- migrations -------------------------------------------------------------------------------

def _is_fts(diff: object) -> bool:
    """True for a difference that concerns only the FTS5 table and its shadow tables."""
    if isinstance(diff, list):
        return all(_is_fts(d) for d in diff)
    assert isinstance(diff, tuple)
    names = [getattr(part, "name", None) for part in diff] + [
        getattr(getattr(part, "table", None), "name", None) for part in diff]
    fts = (orm.FTS_TABLE, orm.JOURNAL_FTS_TABLE)
    return any(n in fts or (n or "").startswith(tuple(f + "_" for f in fts)) for n in names)


def test_new_vault_is_at_the_head_revision(vault):
    with vault.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    assert migrate.head_revision() == "0011"


def test_migrated_schema_matches_the_orm(vault):
    with vault.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                          "compare_server_default": True})
        diffs = compare_metadata(context, orm.Base.metadata)
    remaining = [d for d in diffs if not _is_fts(d)]
    assert remaining == []


def test_schema_has_fts_and_audit_triggers(vault):
    with vault.engine.connect() as conn:
        rows = conn.execute(text("SELECT type, name FROM sqlite_master")).all()
    assert ("table", orm.FTS_TABLE) in rows
    assert ("table", orm.JOURNAL_FTS_TABLE) in rows
    assert ("trigger", "audit_events_no_update") in rows
    assert ("trigger", "audit_events_no_delete") in rows


def test_upgrade_again_is_a_no_op(vault, tmp_path):
    calls = []
    before = audit_count(vault)
    assert migrate.upgrade(vault.engine, before=lambda *a: calls.append(a)) is False
    assert calls == []
    assert audit_count(vault) == before
    assert list(tmp_path.glob("*.pre-migration-*")) == []


def test_upgrade_of_an_empty_database_creates_the_schema(tmp_path):
    path = tmp_path / "leer.fallakte"
    key = secrets.token_bytes(32)
    connect(path, key, create=True).close()
    engine = make_engine(path, key)
    calls = []
    try:
        assert migrate.upgrade(engine, before=lambda *a: calls.append(a)) is True
        assert calls == []  # nothing to copy before the first schema
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        assert migrate.upgrade(engine) is False
    finally:
        engine.dispose()


def test_residence_migration_goes_down_and_up_again(vault):
    from alembic import command

    with vault.engine.begin() as conn:
        command.downgrade(migrate._config(conn), "0001")
    with vault.engine.connect() as conn:
        assert migrate.current_revision(conn) == "0001"
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(persons)"))}
    assert not tables & {"duldungen", "obstacles", "external_references",
                         "identity_documents"}
    assert not columns & {"languages", "address"}
    assert migrate.upgrade(vault.engine) is True
    with vault.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                          "compare_server_default": True})
        assert [d for d in compare_metadata(context, orm.Base.metadata) if not _is_fts(d)] == []


# --- ORM and unit of work ---------------------------------------------------------------------

def test_optimistic_locking_raises_stale_data(vault):
    with vault.unit_of_work() as uow:
        person = Person(family_name="Erstfassung")
        uow.session.add(person)
    with vault.unit_of_work() as uow:
        stale = uow.session.get(Person, person.id)
    assert stale.version == 1

    with vault.unit_of_work() as uow:
        fresh = uow.session.get(Person, person.id)
        fresh.family_name = "Zweitfassung"
    assert fresh.version == 2

    def save_stale_copy() -> None:
        with vault.unit_of_work() as uow:
            uow.session.add(stale)
            stale.family_name = "Veraltet"
            uow.audit("person.update", "person", person.id, {"fields": ["family_name"]})

    audit_before = audit_count(vault)
    with pytest.raises(StaleDataError):
        save_stale_copy()
    assert audit_count(vault) == audit_before

    with vault.unit_of_work(write=False) as uow:
        row = uow.session.get(Person, person.id)
        assert (row.family_name, row.version) == ("Zweitfassung", 2)
    assert vault.verify_audit().ok


def test_record_columns_are_filled(vault):
    with vault.unit_of_work() as uow:
        person = Person(family_name="Zeitstempel")
        uow.session.add(person)
    assert len(person.id) == 36
    assert person.created_at.tzinfo is not None
    assert person.version == 1
    assert person.deleted_at is None


def test_naive_datetimes_are_refused(vault):
    from datetime import datetime

    with pytest.raises(sa_exc.StatementError), vault.unit_of_work() as uow:
        uow.session.add(Person(family_name="Naiv",
                               created_at=datetime(2025, 1, 1)))  # noqa: DTZ001


def test_users_of_the_key_file_are_mirrored(vault):
    with vault.unit_of_work(write=False) as uow:
        users = uow.session.scalars(select(User)).all()
    assert [(u.id, u.name, u.role) for u in users] == [
        (vault.actor.user_id, "anna", "caseworker")]


def test_closed_vault_hands_out_no_unit_of_work(vault):
    from desktop.errors import VaultLockedError

    vault.close()
    assert not vault.is_open
    with pytest.raises(VaultLockedError), vault.unit_of_work():
        pass


@pytest.mark.parametrize(("message", "expected"), [
    ("database or disk is full", StorageFullError),
    ("attempt to write a readonly database", ReadOnlyLocationError),
    ("database disk image is malformed", DamagedVaultError),
    ("file is not a database", DamagedVaultError),
    ("database is locked", VaultInUseError),
])
def test_translate_database_errors(message, expected):
    error = sa_exc.OperationalError("SELECT 1", {}, Exception(message))
    translated = translate(error)
    assert type(translated) is expected
    assert translated.detail == message


def test_translate_leaves_bugs_alone():
    assert translate(RuntimeError("bug")) is None
    assert translate(sa_exc.OperationalError("SELECT 1", {}, Exception("no such table"))) \
        is None
    assert translate(StorageFullError()) is None
