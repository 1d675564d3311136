"""Helpers for the storage tests: file fingerprints, byte surgery, raw SQLCipher access."""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlcipher3
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.storage import keyslots
from desktop.storage.engine import connect
from desktop.storage.keyslots import KeyFile
from desktop.storage.orm import AuditEvent
from desktop.storage.vault import OpenVault, VaultFiles
from tests.support import PASSPHRASE, USER


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(directory: Path) -> dict[str, str]:
    """Name → SHA-256 of every file in ``directory`` except the instance lock file.

    Comparing two snapshots shows both changed files and files that appeared or vanished.
    """
    return {p.name: sha256(p) for p in sorted(directory.iterdir())
            if p.is_file() and not p.name.endswith(".lock")}


def flip_bytes(path: Path, offset: int, count: int = 8) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        original = handle.read(count)
        handle.seek(offset)
        handle.write(bytes(b ^ 0xFF for b in original))


def truncate(path: Path, size: int) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)


def data_key_from_passphrase(db: Path, user: str = USER, passphrase: str = PASSPHRASE) -> bytes:
    """The data key, recovered the way an unlock does (through the user's passphrase slot)."""
    keys = KeyFile.load(VaultFiles(db).keys)
    found = keys.user_by_name(user)
    assert found is not None
    slot = keys.slots_of("passphrase", found.user_id)[0]
    return keyslots.open_with_secret(slot, keys.vault_id, passphrase)


def raw_connection(db: Path, data_key: bytes) -> sqlcipher3.Connection:
    """A plain SQLCipher connection (autocommit) for tampering behind the ORM's back."""
    return connect(db, data_key)


def audit_events(ov: OpenVault) -> list[AuditEvent]:
    assert ov.engine is not None
    with Session(ov.engine) as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        session.expunge_all()
        return list(rows)


def audit_count(ov: OpenVault) -> int:
    assert ov.engine is not None
    with Session(ov.engine) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
