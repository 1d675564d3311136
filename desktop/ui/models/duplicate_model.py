"""Table model of the duplicate check's candidates (Mögliche Dubletten) in the create dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.services.read_models import DuplicateView
from desktop.ui.models.base import RowsTableModel

COLUMNS = ("Aktenzeichen", "Name", "Geburtsdatum", "Status", "Übereinstimmung", "Gründe")


def match_text(view: DuplicateView) -> str:
    """``hoch (92)``: the strength in words, the score (0–100) as a number."""
    return f"{view.strength} ({view.score})"


def reasons_text(view: DuplicateView) -> str:
    return "; ".join(view.reasons)


class DuplicatesModel(RowsTableModel[DuplicateView]):
    """One candidate a row, best first (the order the service gives)."""

    COLUMNS = COLUMNS

    def cell(self, item: DuplicateView, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return "\n".join(item.reasons)
        if role == Qt.ItemDataRole.UserRole:
            return item.case_id
        return None

    @staticmethod
    def _display(item: DuplicateView, column: int) -> str:
        return (item.file_number, item.name, item.birth_date, item.status.label,
                match_text(item), reasons_text(item))[column]
