"""The files that make up a vault, named from the database path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class VaultFiles:
    """The files that belong to a vault: database, key slots, audit head, instance lock."""

    db: Path

    @property
    def keys(self) -> Path:
        return self.db.with_name(self.db.name + ".keys")

    @property
    def head(self) -> Path:
        return self.db.with_name(self.db.name + ".head")

    @property
    def lock(self) -> Path:
        return self.db.with_name(self.db.name + ".lock")

    def sqlite_sidecars(self) -> list[Path]:
        return [self.db.with_name(self.db.name + suffix) for suffix in ("-wal", "-shm")]


def read_db_salt(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.read(16).hex()
