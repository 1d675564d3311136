"""Table models of the partner directory: the partners, one partner's contact persons, and the
lines of a CSV import report."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.read_models import ContactView, ImportReport, PartnerView
from desktop.ui.models.base import RowsTableModel

ERROR_COLOUR = QColor("#b3261e")
NOTE_COLOUR = QColor("#5f6368")


class PartnerTableModel(RowsTableModel[PartnerView]):
    COLUMNS = ("Art", "Name", "Ort", "Telefon", "E-Mail")

    def row_of(self, partner_id: str) -> int:
        for row, partner in enumerate(self._rows):
            if partner.id == partner_id:
                return row
        return -1

    def cell(self, item: PartnerView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.kind.label, item.name, item.city, item.phone, item.email)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return f"{item.name} ({item.short_name})" if item.short_name else item.name
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


class ContactTableModel(RowsTableModel[ContactView]):
    COLUMNS = ("Name", "Funktion", "Telefon", "E-Mail")

    def cell(self, item: ContactView, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (item.name, item.function, item.phone, item.email)[column]
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


class ImportIssue:
    """One line of the report table: an error (red) or a skipped duplicate (grey)."""

    __slots__ = ("column", "is_error", "line", "message")

    def __init__(self, line: int, column: str, message: str, *, is_error: bool) -> None:
        self.line = line
        self.column = column
        self.message = message
        self.is_error = is_error


def issues_of(report: ImportReport) -> list[ImportIssue]:
    """Errors and duplicates of ``report`` in file order."""
    issues = [ImportIssue(p.line, p.column, p.message, is_error=True) for p in report.errors]
    issues += [ImportIssue(d.line, "—", f"Übersprungen: „{d.existing_name}“ ist schon im "
                           "Verzeichnis (gleicher Name und Ort).", is_error=False)
               for d in report.duplicates]
    return sorted(issues, key=lambda i: (i.line, not i.is_error))


class ImportIssueModel(RowsTableModel[ImportIssue]):
    COLUMNS = ("Zeile", "Spalte", "Meldung")

    def cell(self, item: ImportIssue, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(item.line), item.column, item.message)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return item.message
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(ERROR_COLOUR if item.is_error else NOTE_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
