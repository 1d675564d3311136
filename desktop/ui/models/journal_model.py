"""Table model of a case's Verlauf (journal entries), newest first as the service gives them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from desktop.domain.dates import format_date
from desktop.services.read_models import JournalView
from desktop.ui.models.base import RowsTableModel

COLUMNS = ("Datum/Zeit", "Art", "Betreff", "Text", "Verfasser", "Antwort")
TEXT_COLUMN = 3
REPLY_COLUMN = 5


def local_time(moment: datetime) -> datetime:
    """The stored UTC moment in the computer's local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def reply_text(entry: JournalView) -> str:
    """``Antwort bis 05.12.2026`` (awaited), ``Antwort am 03.12.2026`` (received), or ""."""
    if entry.reply_received_on is not None:
        return f"Antwort am {format_date(entry.reply_received_on)}"
    if entry.reply_due is not None:
        return f"Antwort bis {format_date(entry.reply_due)}"
    return ""


def first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line + " …" if "\n" in text.strip() else line


class JournalModel(RowsTableModel[JournalView]):
    COLUMNS = COLUMNS
    # the names the Verlauf tab (and its tests) use
    set_entries = RowsTableModel.set_rows
    entry = RowsTableModel.row
    entries = RowsTableModel.rows

    def cell(self, item: JournalView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, TEXT_COLUMN):
            full = "\n".join(part for part in (item.subject, item.text) if part)
            return full or None
        if role == Qt.ItemDataRole.UserRole:
            return item.id
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
        if column == REPLY_COLUMN:
            return reply_text(entry)
        return entry.author
