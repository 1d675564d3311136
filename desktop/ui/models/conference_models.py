"""Table models of the Fallkonferenzen: conferences, open decisions across conferences, and in
the editor the participants and the decisions of one agenda item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.dates import format_date
from desktop.services.conferences import (
    ConferenceRow,
    DecisionInput,
    DecisionView,
    OpenDecisionRow,
    ParticipantInput,
)
from desktop.ui.models.base import RowsTableModel

OVERDUE = QBrush(QColor("#b3261e"))


def when_text(starts_at: datetime, ends_at: datetime) -> str:
    """``03.04.2027 10:00–11:30``."""
    return f"{format_date(starts_at.date())} {starts_at:%H:%M}–{ends_at:%H:%M}"


class ConferencesModel(RowsTableModel[ConferenceRow]):
    """Conferences, one a line, in the order the service gives them."""

    COLUMNS = ("Termin", "Art", "Ort", "Fälle", "Teilnehmende", "Offene Beschlüsse", "Status")
    CASES = 3

    def row_of(self, conference_id: str) -> int:
        return next((i for i, x in enumerate(self._rows) if x.id == conference_id), -1)

    def cell(self, item: ConferenceRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (when_text(item.starts_at, item.ends_at), item.kind.label, item.place,
                    ", ".join(item.file_numbers), str(item.participants),
                    str(item.open_decisions) if item.open_decisions else "",
                    item.status.label)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, self.CASES):
            return item.place if column == 2 else ", ".join(item.file_numbers)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


class OpenDecisionsModel(RowsTableModel[OpenDecisionRow]):
    """Open decisions across conferences: who, what, by when, case, status."""

    COLUMNS = ("Wer", "Was", "Bis", "Fall", "Konferenz", "Status")
    WHAT = 1

    def cell(self, item: OpenDecisionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.owner_label, item.text, format_date(item.due_date),
                    ", ".join(item.file_numbers),
                    f"{item.kind.label} am {format_date(item.conference_day)}",
                    item.status_text)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WHAT:
            return item.text
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and item.overdue:
            return OVERDUE
        if role == Qt.ItemDataRole.UserRole:
            return item.decision_id
        return None


class ParticipantsModel(RowsTableModel[ParticipantInput]):
    """The participants being edited (inputs, not yet stored)."""

    COLUMNS = ("Name", "Organisation", "Funktion", "Anwesenheit", "Verteiler")

    def replace(self, row: int, item: ParticipantInput) -> None:
        self._rows[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def append(self, item: ParticipantInput) -> None:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(item)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def cell(self, item: ParticipantInput, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.name, item.organisation, item.role, item.attendance.label,
                    "ja" if item.on_distribution_list else "nein")[column]
        return None


@dataclass(frozen=True)
class DecisionDraft:
    """A decision as edited: the input, how its owner reads, and (once stored) its status."""

    data: DecisionInput
    owner_label: str
    status_text: str = ""

    @classmethod
    def of(cls, view: DecisionView) -> DecisionDraft:
        return cls(DecisionInput(view.text, view.due_date, id=view.id,
                                 owner_partner_id=view.owner_partner_id,
                                 owner_user_id=view.owner_user_id, owner_name=view.owner_name,
                                 owner_kind=view.owner_kind),
                   view.owner_label, view.status_text)


class DecisionsModel(RowsTableModel[DecisionDraft]):
    """The decisions of one agenda item: who, what, by when, and the measure's status."""

    COLUMNS = ("Wer", "Was", "Bis", "Umsetzung")
    WHAT = 1

    def cell(self, item: DecisionDraft, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            due: date | None = item.data.due_date
            return (item.owner_label, item.data.text, format_date(due) if due else "",
                    item.status_text or "noch nicht gespeichert")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WHAT:
            return item.data.text
        return None
