"""Table models of the custody screens: the dates of a record (berechnet / bestätigt), the
notices sent to the ABH, and the entries of the custody calendar. Confirmed dates are tinted
green and say "bestätigt" in words, so that the status is never told by colour alone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.dates import format_date
from desktop.services.custody_models import CalendarEntry, CustodyDateView, NoticeView
from desktop.ui.models.base import RowsTableModel
from desktop.ui.models.reminders_model import day_text

CONFIRMED_BACKGROUND = QColor("#dcefe0")
CONFIRMED_FOREGROUND = QColor("#1e6b34")
COMPUTED_FOREGROUND = QColor("#3c4043")
CONFIRMED_TEXT = "bestätigt"
COMPUTED_TEXT = "berechnet"


def status_words(confirmed: bool) -> str:
    return CONFIRMED_TEXT if confirmed else COMPUTED_TEXT


class CustodyDatesModel(RowsTableModel[CustodyDateView]):
    """The dates of a custody record that have a computed or a confirmed value."""

    COLUMNS = ("Datum-Art", "berechnet", "bestätigt (Quelle, am)", "wirksam", "Status")
    STATUS = 4

    def set_rows(self, rows: Any) -> None:
        super().set_rows([d for d in rows if d.computed is not None or d.confirmed is not None])

    def row_of(self, kind: Any) -> int:
        return next((i for i, d in enumerate(self._rows) if d.kind == kind), -1)

    def cell(self, item: CustodyDateView, column: int, role: int) -> Any:
        confirmed = item.confirmed is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and confirmed:
            return QBrush(CONFIRMED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column in (3, self.STATUS):
            return QBrush(CONFIRMED_FOREGROUND if confirmed else COMPUTED_FOREGROUND)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.COLUMNS[column]}: {self._display(item, column)}"
        if role == Qt.ItemDataRole.UserRole:
            return item.kind
        return None

    @staticmethod
    def _display(item: CustodyDateView, column: int) -> str:
        if column == 0:
            return item.kind.label
        if column == 1:
            return day_text(item.computed) or "–"
        if column == 2:
            if item.confirmed is None:
                return ""
            return (f"{day_text(item.confirmed)} ({item.confirmed_source}, "
                    f"{format_date(item.confirmed_on)})")
        if column == 3:
            return day_text(item.effective)
        return item.status


class NoticesModel(RowsTableModel[NoticeView]):
    """The Mitteilungen Haftentlassung sent to the ABH, with how many days ahead."""

    COLUMNS = ("Gesendet am", "Empfänger", "betrifft Datum", "Tage vorher", "Schreiben")

    def cell(self, item: NoticeView, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return format_date(item.sent_on)
        if column == 1:
            return item.recipient
        if column == 2:
            return format_date(item.relevant_date)
        if column == 3:
            return "" if item.days_ahead is None else f"{item.days_ahead} Tage"
        return "im Programm" if item.letter_id else "außerhalb erfasst"


class CalendarEntriesModel(RowsTableModel[CalendarEntry]):
    """Release-relevant dates of the custody calendar (agenda and day list)."""

    COLUMNS = ("Datum", "Datum-Art", "Status", "Az.", "Person", "JVA", "ABH", "Bearbeitung")

    def cell(self, item: CalendarEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (day_text(item.day), item.kind.label, status_words(item.confirmed),
                    item.file_number, item.person_name, item.facility_name, item.abh_name,
                    item.caseworker)[column]
        if role == Qt.ItemDataRole.BackgroundRole and item.confirmed:
            return QBrush(CONFIRMED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QBrush(CONFIRMED_FOREGROUND if item.confirmed else COMPUTED_FOREGROUND)
        if role == Qt.ItemDataRole.UserRole:
            return item.case_id
        return None
