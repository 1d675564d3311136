"""Table model of the "Heute" desk: one table, each section a header line and its lines.

Header lines (and the "nothing due" and "more" notes) are enabled but not selectable; the
lines of a case are. On overdue lines date and days are red and bold, and say it in words
too. German weekday and month names come from here, not from the operating system's locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from desktop.domain.dates import format_date
from desktop.services.read_models import Desk, DeskItem, DeskItemKind, DeskSection, DeskSectionKey
from desktop.ui.models.base import AnyIndex, RowsTableModel, row_flags

COLUMNS = ("Fällig", "Tage überfällig", "Aktenzeichen", "Name", "Was", "Einzelheiten")
COL_DUE, COL_DAYS, COL_FILE_NUMBER, COL_NAME, COL_WHAT, COL_DETAIL = range(len(COLUMNS))

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")

OVERDUE_COLOUR = QColor("#b3261e")
EMPTY_TEXT = {
    DeskSectionKey.OVERDUE: "Nichts überfällig.",
    DeskSectionKey.TODAY: "Heute ist nichts fällig.",
    DeskSectionKey.WEEK: "In dieser Woche ist sonst nichts fällig.",
    DeskSectionKey.DULDUNGEN: "In den nächsten vier Wochen läuft sonst keine Duldung ab.",
    DeskSectionKey.REPLIES: "Keine Antwort steht aus.",
    DeskSectionKey.INACTIVE: "Kein offener Fall ist ohne Aktivität.",
}


def long_date(day: date) -> str:
    """``Montag, 23. November 2026``."""
    return f"{WEEKDAYS[day.weekday()]}, {day.day}. {MONTHS[day.month - 1]} {day.year}"


def due_text(item: DeskItem) -> str:
    """``Mo 23.11.2026``, with the time of an appointment: ``Mo 23.11.2026 10:30``."""
    if item.due is None:
        return ""
    text = f"{WEEKDAYS_SHORT[item.due.weekday()]} {format_date(item.due)}"
    return f"{text} {item.due_time}" if item.due_time else text


def days_text(item: DeskItem) -> str:
    """How late or how soon, in words (never by colour alone)."""
    days = item.days_overdue
    if item.kind == DeskItemKind.INACTIVE:
        return "ohne Eintrag seit 1 Tag" if days == 1 else f"ohne Eintrag seit {days} Tagen"
    if item.due is None:
        return ""
    if days > 0:
        return "überfällig seit 1 Tag" if days == 1 else f"überfällig seit {days} Tagen"
    if days == 0:
        return "heute"
    return "morgen" if days == -1 else f"in {-days} Tagen"


def count_text(section: DeskSection) -> str:
    """``12`` or, when the section was cut at the limit, ``mehr als 500``."""
    return str(section.count) if section.complete else f"mehr als {section.count}"


def what_text(item: DeskItem) -> str:
    if item.kind == DeskItemKind.INACTIVE:
        return item.title
    return f"{item.kind.label}: {item.title}"


@dataclass(frozen=True)
class DeskLine:
    """A line of the table: a section's header (``item`` and ``note`` empty), a note in a
    section (nothing due, more lines than shown), or a desk item."""

    section: DeskSection
    item: DeskItem | None = None
    note: str = ""

    @property
    def is_header(self) -> bool:
        return self.item is None and not self.note


def lines_of(desk: Desk) -> list[DeskLine]:
    lines: list[DeskLine] = []
    for section in desk.sections:
        lines.append(DeskLine(section))
        lines.extend(DeskLine(section, item) for item in section.items)
        if not section.items:
            lines.append(DeskLine(section, note=EMPTY_TEXT.get(section.key, "Keine Einträge.")))
        elif not section.complete:
            lines.append(DeskLine(section, note=(
                f"… und weitere; gezeigt werden die {section.count} dringendsten.")))
    return lines


class DeskModel(RowsTableModel[DeskLine]):
    """``Qt.UserRole`` gives the case id of an item line (``None`` on other lines)."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk: Desk | None = None

    @property
    def desk(self) -> Desk | None:
        return self._desk

    def set_desk(self, desk: Desk | None) -> None:
        self._desk = desk
        self.set_rows(lines_of(desk) if desk is not None else [])

    def clear(self) -> None:
        self.set_desk(None)

    def item(self, row: int) -> DeskItem | None:
        return self._rows[row].item if 0 <= row < len(self._rows) else None

    def case_id(self, row: int) -> str | None:
        item = self.item(row)
        return item.case_id if item is not None else None

    def header_rows(self) -> list[int]:
        return [row for row, line in enumerate(self._rows) if line.is_header]

    def section_row(self, key: DeskSectionKey) -> int:
        """The header line of section ``key`` (-1 if not shown)."""
        return next((row for row, line in enumerate(self._rows)
                     if line.is_header and line.section.key == key), -1)

    def row_of(self, case_id: str, source_id: str = "") -> int:
        """The first line of ``case_id`` (about ``source_id``, if given), or -1."""
        for row, line in enumerate(self._rows):
            item = line.item
            if item is not None and item.case_id == case_id and (
                    not source_id or item.source_id == source_id):
                return row
        return -1

    # --- Qt ---------------------------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].item is None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        return row_flags(index)

    def cell(self, line: DeskLine, column: int, role: int) -> Any:
        if line.item is None:
            return self._note_cell(line, column, role)
        item = line.item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._display(item, column)
            return f"{COLUMNS[column]}: {text}" if text else f"{COLUMNS[column]}: keine Angabe"
        # Overdue: the date and the days in red and bold (and in words); the rest of the line
        # stays plain, so that a long "Überfällig" section is still readable.
        emphasised = item.overdue and column in (COL_DUE, COL_DAYS)
        if role == Qt.ItemDataRole.ForegroundRole and emphasised:
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and emphasised:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return item.case_id
        return None

    def _note_cell(self, line: DeskLine, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column != 0:
                return ""
            if line.is_header:
                return f"{line.section.title} ({count_text(line.section)})"
            return line.note
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if line.is_header:
                font.setBold(True)
                if font.pointSizeF() > 0:
                    font.setPointSizeF(font.pointSizeF() * 1.1)
            else:
                font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and line.is_header:
            return QApplication.palette().brush(QPalette.ColorGroup.Active,
                                                QPalette.ColorRole.Midlight)
        return None

    @staticmethod
    def _display(item: DeskItem, column: int) -> str:
        if column == COL_DUE:
            return due_text(item)
        if column == COL_DAYS:
            return days_text(item)
        if column == COL_FILE_NUMBER:
            return item.file_number
        if column == COL_NAME:
            return item.person_name
        if column == COL_WHAT:
            return what_text(item)
        return item.detail

    @staticmethod
    def _tooltip(item: DeskItem, column: int) -> str | None:
        if column in (COL_WHAT, COL_DETAIL):
            return DeskModel._display(item, column) or None
        if item.overdue:
            return days_text(item)
        return None
