"""Table model of a case's Maßnahmen; overdue open measures are red and bold."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.dates import format_date
from desktop.domain.enums import MeasureStatus
from desktop.services.read_models import MeasureView
from desktop.ui.models.base import RowsTableModel

COLUMNS = ("Maßnahme", "Zuständig", "Fällig", "Status", "Ergebnis")
OVERDUE_COLOUR = QColor("#b3261e")
DONE_COLOUR = QColor("#5f6368")


def overdue_text(days: int) -> str:
    return "überfällig seit 1 Tag" if days == 1 else f"überfällig seit {days} Tagen"


def sort_measures(measures: list[MeasureView]) -> list[MeasureView]:
    """Open ones first (earliest due first, undated last), then done and dropped ones."""
    order = {MeasureStatus.OPEN: 0, MeasureStatus.DONE: 1, MeasureStatus.CANCELLED: 2}
    return sorted(measures, key=lambda m: (order[m.status], m.due_date is None,
                                           m.due_date or date.max))


class MeasuresModel(RowsTableModel[MeasureView]):
    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._today = today

    def set_rows(self, rows: Iterable[MeasureView]) -> None:
        super().set_rows(sort_measures(list(rows)))

    # the names the Maßnahmen tab (and its tests) use
    set_measures = set_rows
    measure = RowsTableModel.row
    measures = RowsTableModel.rows

    def row_of(self, measure_id: str) -> int:
        for row, measure in enumerate(self._rows):
            if measure.id == measure_id:
                return row
        return -1

    def overdue_days(self, measure: MeasureView) -> int:
        if not measure.overdue or measure.due_date is None:
            return 0
        return max(1, (self._today() - measure.due_date).days)

    def cell(self, item: MeasureView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.overdue:
                return overdue_text(self.overdue_days(item))
            if column == 0:
                return item.title
            if column == 4 and item.result:
                return item.result
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue:
                return QBrush(OVERDUE_COLOUR)
            if item.status != MeasureStatus.OPEN:
                return QBrush(DONE_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole and item.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return item.id
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
