"""Our own SQLCipher connection creator and the SQLAlchemy engine over it.

Every connection: raw 256-bit key as validated hex (never in a URL or a log), SQLCipher 4
settings asserted, a first read that tells a wrong key or a damaged file apart from success,
then ``foreign_keys``, WAL with ``synchronous=FULL``, ``secure_delete``, ``temp_store=MEMORY``,
a 64 MB page cache and a busy timeout, each read back and asserted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from desktop.domain.text import search_document
from desktop.errors import (
    DamagedVaultError,
    PlaintextDatabaseError,
    VaultError,
    VaultNotFoundError,
    WrongKeyError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096
CACHE_KIB = 64 * 1024
BUSY_TIMEOUT_MS = 5000
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")

# What every connection must report back (PRAGMA name → expected value, as text).
EXPECTED_PRAGMAS: dict[str, str] = {
    "cipher_page_size": str(PAGE_SIZE),
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
    "foreign_keys": "1",
    "journal_mode": "wal",
    "synchronous": "2",       # FULL
    "secure_delete": "1",
    "temp_store": "2",        # MEMORY
    "cache_size": str(-CACHE_KIB),
    "busy_timeout": str(BUSY_TIMEOUT_MS),
}


def inspect_file(path: Path) -> None:
    """Refuses what must never be opened as a vault, before SQLCipher touches it.

    Raises VaultNotFoundError (missing), PlaintextDatabaseError (an unencrypted SQLite file)
    or DamagedVaultError (empty, truncated to less than a page, or not a multiple of pages).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise VaultNotFoundError(detail=str(path)) from None
    except OSError as error:
        raise VaultError(f"Die Tresordatei kann nicht gelesen werden: {error.strerror}",
                         detail=str(error)) from error
    if head == SQLITE_HEADER:
        raise PlaintextDatabaseError(detail=str(path))
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise DamagedVaultError(detail=f"size {size} is not a whole number of pages")


def key_to_hex(data_key: bytes) -> str:
    hex_key = data_key.hex()
    if not _HEX_KEY.match(hex_key):
        raise ValueError("a data key is exactly 32 bytes")
    return hex_key


def connect(path: Path, data_key: bytes, *, create: bool = False,
            read_only: bool = False) -> sqlcipher3.Connection:
    """Opens one SQLCipher connection and checks it thoroughly.

    ``create`` is only true while a new vault is made; an existing vault is opened with
    ``mode=rw`` so SQLite can never create a new, empty file in place of a missing one.
    """
    hex_key = key_to_hex(data_key)
    mode = "rwc" if create else ("ro" if read_only else "rw")
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    try:
        conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False,
                                  isolation_level=None)
    except sqlcipher3.OperationalError as error:
        if not path.exists():
            raise VaultNotFoundError(detail=str(path)) from None
        raise VaultError(f"Die Tresordatei kann nicht geöffnet werden: {error}",
                         detail=str(error)) from error
    try:
        _configure(conn, hex_key, read_only=read_only)
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: sqlcipher3.Connection, hex_key: str, *, read_only: bool) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")  # no decryption chatter on stderr
    conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise VaultError("Die SQLite-Bibliothek verschlüsselt nicht (SQLCipher fehlt).")
    conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        raise WrongKeyError(detail=str(error)) from None
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.create_function("fallakte_search_doc", -1, search_document, deterministic=True)
    for name, expected in EXPECTED_PRAGMAS.items():
        if read_only and name == "journal_mode":
            continue
        row = conn.execute(f"PRAGMA {name}").fetchone()
        actual = str(row[0]).lower() if row else ""
        if actual != expected.lower():
            raise VaultError(f"Sicherheitseinstellung {name} ist {actual!r} statt "
                             f"{expected!r}; der Tresor wird nicht geöffnet.")


def read_pragmas(conn: Any) -> dict[str, str]:
    """The current values of the asserted settings (for ``fallakte check``)."""
    values: dict[str, str] = {}
    for name in ("cipher_version", "cipher_provider", *EXPECTED_PRAGMAS):
        row = conn.exec_driver_sql(f"PRAGMA {name}").fetchone()
        values[name] = str(row[0]) if row else ""
    return values


def make_engine(path: Path, data_key: bytes) -> Engine:
    """An engine whose every connection comes from :func:`connect`.

    Pool: ``QueuePool`` chosen on purpose (an in-memory style URL would otherwise get a
    SingletonThreadPool). A connection is checked out by one thread at a time; the program
    runs database work on one serialised worker, so in practice one connection is in use.
    The key is captured in the closure only; the URL carries no path or secret.
    """
    key = bytes(data_key)

    def creator() -> sqlcipher3.Connection:
        return connect(path, key)

    engine = create_engine(
        "sqlite://", creator=creator, module=sqlcipher3.dbapi2, poolclass=QueuePool,
        pool_size=2, max_overflow=2, pool_pre_ping=False, hide_parameters=True,
    )
    _install_transaction_hooks(engine)
    return engine


def _install_transaction_hooks(engine: Engine) -> None:
    """SQLAlchemy owns BEGIN (the driver's own transaction handling is off).

    A unit of work that writes runs on ``engine.execution_options(fallakte_write=True)`` and
    begins IMMEDIATE, so it holds the write lock from its first read (the audit head it reads
    cannot change underneath it).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("fallakte_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

