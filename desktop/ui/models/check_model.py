"""The lines of the security self-test (``Workspace.check()``) as a small table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.services.read_models import CheckLine
from desktop.ui.models.base import RowsTableModel

COLUMNS = ("Prüfung", "Ergebnis", "Einzelheiten")
_OK_COLOR = QColor("#1b6e20")
_FAIL_COLOR = QColor("#b00020")


class CheckModel(RowsTableModel[CheckLine]):
    COLUMNS = COLUMNS

    set_lines = RowsTableModel.set_rows  # the name the vault page uses

    @property
    def all_ok(self) -> bool:
        return bool(self._rows) and all(line.ok for line in self._rows)

    def cell(self, item: CheckLine, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (item.name, "in Ordnung" if item.ok else "FEHLER", item.detail)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return _OK_COLOR if item.ok else _FAIL_COLOR
        return None
