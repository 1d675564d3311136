"""Table model of a case's Verlauf (journal entries), newest first as the service gives them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.read_models import JournalView

COLUMNS = ("Datum/Zeit", "Art", "Betreff", "Text", "Verfasser")
TEXT_COLUMN = 3

_Index = QModelIndex | QPersistentModelIndex


def local_time(moment: datetime) -> datetime:
    """The stored UTC moment in the computer's local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line + " …" if "\n" in text.strip() else line


class JournalModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[JournalView] = []

    def set_entries(self, entries: list[JournalView]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries([])

    def entry(self, row: int) -> JournalView:
        return self._entries[row]

    def entries(self) -> list[JournalView]:
        return list(self._entries)

    # --- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, TEXT_COLUMN):
            full = "\n".join(part for part in (entry.subject, entry.text) if part)
            return full or None
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    @staticmethod
    def _display(entry: JournalView, column: int) -> str:
        if column == 0:
            return local_time(entry.occurred_at).strftime("%d.%m.%Y %H:%M")
        if column == 1:
            return entry.kind.label
        if column == 2:
            return entry.subject
        if column == TEXT_COLUMN:
            return first_line(entry.text)
        return entry.author
