"""Table models of the Schriftverkehr: a case's letters and the outgoing register
(Postausgangsbuch)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from desktop.domain.dates import format_date
from desktop.services.letter_models import LetterStatus, LetterView, RegisterRow
from desktop.ui.models.base import RowsTableModel


def status_label(status: LetterStatus) -> str:
    return status.label


def is_final(letter: LetterView) -> bool:
    """A frozen letter: final, or final and corrected later (superseded)."""
    return letter.status.frozen


def _day(value: date | None) -> str:
    return format_date(value) if value is not None else ""


class LettersModel(RowsTableModel[LetterView]):
    """The letters of one case, newest first as the service gives them."""

    COLUMNS = ("Datum", "Nr.", "Art", "Empfänger", "Betreff", "Status", "Antwort bis")
    SUBJECT = 4

    def row_of(self, letter_id: str) -> int:
        return next((i for i, x in enumerate(self._rows) if x.id == letter_id), -1)

    def cell(self, item: LetterView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (_day(item.letter_date), item.register_number or "", item.kind.label,
                    item.recipient.name, item.subject, status_label(item.status),
                    _day(item.reply_deadline))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, self.SUBJECT):
            return item.recipient.name if column == 3 else item.subject
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


class RegisterModel(RowsTableModel[RegisterRow]):
    """The Postausgangsbuch: one line per registered letter."""

    COLUMNS = ("Nr.", "Datum", "Art", "Az.", "Empfänger", "Betreff", "Freigabe",
               "Verfasser", "Berichtigt")
    SUBJECT = 5

    def cell(self, item: RegisterRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            corrects = f"berichtigt {item.corrects}" if item.corrects else ""
            return (item.register_number, _day(item.letter_date), item.kind.label,
                    item.file_number, item.recipient_name, item.subject,
                    item.approved_by or "", item.author, corrects)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.SUBJECT:
            return item.subject
        if role == Qt.ItemDataRole.UserRole:
            return item.letter_id
        return None
