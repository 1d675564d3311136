"""Paths and settings: platformdirs by default, one override (``FALLAKTE_HOME``) for tests and
portable use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "fallakte-rrk"
APP_AUTHOR = "RRK NRW"
VAULT_SUFFIX = ".fallakte"
DEFAULT_IDLE_LOCK_MINUTES = 10
# The demo vault holds synthetic cases only; its passphrase is public on purpose.
DEMO_PASSPHRASE = "demo-fallakte-rrk"  # noqa: S105 - public by design


@dataclass(frozen=True)
class Paths:
    """Where the program keeps its files; all under one data directory."""

    data_dir: Path

    @property
    def default_vault(self) -> Path:
        return self.data_dir / f"fallakte{VAULT_SUFFIX}"

    @property
    def demo_vault(self) -> Path:
        return self.data_dir / f"demo{VAULT_SUFFIX}"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "ui.ini"

    def ensure(self) -> Paths:
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def paths(override: str | os.PathLike[str] | None = None) -> Paths:
    """The program's paths: ``override``, else ``$FALLAKTE_HOME``, else the platform's."""
    chosen = override or os.environ.get("FALLAKTE_HOME")
    if chosen:
        return Paths(Path(chosen).expanduser().resolve())
    return Paths(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)))
