"""Documents that belong to no case: the recovery-code sheet (rendered by
``reports.recovery_sheet``; the UI never calls reportlab itself)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.reports.recovery_sheet import render_recovery_sheet
from desktop.storage.fileio import write_atomic


def recovery_sheet(code: str, vault_name: str, *,
                   today: Callable[[], date] = date.today) -> bytes:
    """The one-page PDF with the recovery ``code`` of the vault ``vault_name``."""
    return render_recovery_sheet(code, vault_name, today())


def save_recovery_sheet(code: str, vault_name: str, target: Path) -> Path:
    """Writes the sheet atomically (temp file, fsync, rename; mode 0600) to ``target``."""
    write_atomic(target, recovery_sheet(code, vault_name))
    return target
