"""Table model of a case's Maßnahmen; overdue open measures are red and bold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.dates import format_date
from desktop.domain.enums import MeasureStatus
from desktop.services.read_models import MeasureView

COLUMNS = ("Maßnahme", "Zuständig", "Fällig", "Status", "Ergebnis")
OVERDUE_COLOUR = QColor("#b3261e")
DONE_COLOUR = QColor("#5f6368")

_Index = QModelIndex | QPersistentModelIndex


def overdue_text(days: int) -> str:
    return "überfällig seit 1 Tag" if days == 1 else f"überfällig seit {days} Tagen"


def sort_measures(measures: list[MeasureView]) -> list[MeasureView]:
    """Open ones first (earliest due first, undated last), then done and dropped ones."""
    order = {MeasureStatus.OPEN: 0, MeasureStatus.DONE: 1, MeasureStatus.CANCELLED: 2}
    return sorted(measures, key=lambda m: (order[m.status], m.due_date is None,
                                           m.due_date or date.max))


class MeasuresModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._today = today
        self._measures: list[MeasureView] = []

    def set_measures(self, measures: list[MeasureView]) -> None:
        self.beginResetModel()
        self._measures = sort_measures(list(measures))
        self.endResetModel()

    def clear(self) -> None:
        self.set_measures([])

    def measure(self, row: int) -> MeasureView:
        return self._measures[row]

    def measures(self) -> list[MeasureView]:
        return list(self._measures)

    def row_of(self, measure_id: str) -> int:
        for row, measure in enumerate(self._measures):
            if measure.id == measure_id:
                return row
        return -1

    def overdue_days(self, measure: MeasureView) -> int:
        if not measure.overdue or measure.due_date is None:
            return 0
        return max(1, (self._today() - measure.due_date).days)

    # --- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._measures)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._measures):
            return None
        measure = self._measures[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(measure, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if measure.overdue:
                return overdue_text(self.overdue_days(measure))
            if column == 0:
                return measure.title
            if column == 4 and measure.result:
                return measure.result
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if measure.overdue:
                return QBrush(OVERDUE_COLOUR)
            if measure.status != MeasureStatus.OPEN:
                return QBrush(DONE_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole and measure.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return measure.id
        return None

    def _display(self, measure: MeasureView, column: int) -> str:
        if column == 0:
            return measure.title
        if column == 1:
            return measure.owner_partner.label if measure.owner_partner else measure.owner.label
        if column == 2:
            return format_date(measure.due_date)
        if column == 3:
            if measure.status != MeasureStatus.OPEN and measure.done_on:
                return f"{measure.status.label} am {format_date(measure.done_on)}"
            if measure.overdue:  # said in words too, not only in red
                return f"{measure.status.label}, überfällig"
            return measure.status.label
        return measure.result
