"""Table model of a case's Fristen, Wiedervorlagen and Termine; overdue ones are said in words
and shown red and bold."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.dates import format_date
from desktop.services.read_models import ReminderView
from desktop.ui.models.base import RowsTableModel

COLUMNS = ("Art", "Titel", "Fällig", "Vorfrist", "Status")
OVERDUE_COLOUR = QColor("#b3261e")
WARNING_COLOUR = QColor("#8a5300")
DONE_COLOUR = QColor("#5f6368")
WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag",
                 "Sonntag")


def day_text(day: date | None) -> str:
    """``TT.MM.JJJJ (Wt)``, or empty."""
    return f"{format_date(day)} ({WEEKDAYS[day.weekday()]})" if day else ""


def long_day_text(day: date) -> str:
    """``Dienstag, 07.04.2026``."""
    return f"{WEEKDAY_NAMES[day.weekday()]}, {format_date(day)}"


def overdue_words(days: int) -> str:
    if days == 0:
        return "heute fällig"
    return "überfällig seit 1 Tag" if days == 1 else f"überfällig seit {days} Tagen"


class RemindersModel(RowsTableModel[ReminderView]):
    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._today = today

    def set_rows(self, rows: Iterable[ReminderView]) -> None:
        super().set_rows(sorted(rows, key=lambda r: (r.done, r.due_date, r.due_time or "")))

    set_reminders = set_rows
    reminder = RowsTableModel.row
    reminders = RowsTableModel.rows

    def row_of(self, reminder_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == reminder_id), -1)

    def overdue_days(self, item: ReminderView) -> int | None:
        """Days past the due date of an open reminder (0: due today), else None."""
        if item.done:
            return None
        days = (self._today() - item.due_date).days
        return days if days >= 0 else None

    def warning_reached(self, item: ReminderView) -> bool:
        return (not item.done and item.early_warning is not None
                and item.early_warning <= self._today() < item.due_date)

    def status_text(self, item: ReminderView) -> str:
        if item.done:
            return "erledigt"
        days = self.overdue_days(item)
        if days is not None:
            return f"offen, {overdue_words(days)}"
        if self.warning_reached(item):
            return "offen, Vorfrist erreicht"
        return "offen"

    def cell(self, item: ReminderView, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return item.title
            if column == 2:
                return long_day_text(item.due_date)
            if column == 4:
                return self.status_text(item)
            return None
        overdue = (self.overdue_days(item) or 0) > 0
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QBrush(OVERDUE_COLOUR)
            if self.warning_reached(item) or self.overdue_days(item) == 0:
                return QBrush(WARNING_COLOUR)
            if item.done:
                return QBrush(DONE_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole and overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None

    def _display(self, item: ReminderView, column: int) -> str:
        if column == 0:
            return item.kind.label
        if column == 1:
            return item.title
        if column == 2:
            text = day_text(item.due_date)
            return f"{text}, {item.due_time} Uhr" if item.due_time else text
        if column == 3:
            return day_text(item.early_warning)
        return self.status_text(item)
