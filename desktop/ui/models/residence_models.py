"""Table models of the "Aufenthalt" tab: Duldungen (expiring and expired said in words and
colour), obstacles, external file numbers and identity documents."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.dates import format_date
from desktop.domain.nationalities import nationality_name
from desktop.services.read_models import (
    DuldungView,
    ExternalReferenceView,
    IdentityDocumentView,
    ObstacleView,
)
from desktop.ui.models.base import RowsTableModel

EXPIRED_COLOUR = QColor("#b3261e")
WARNING_COLOUR = QColor("#8a5300")
MUTED_COLOUR = QColor("#5f6368")

T = TypeVar("T")


def duldung_state(item: DuldungView) -> str:
    """The Duldung's state in words: expired, expiring in N days, current, future."""
    if item.expired:
        return "abgelaufen"
    if item.expiring and item.days_left is not None:
        if item.days_left == 0:
            return "läuft heute ab"
        return ("läuft ab in 1 Tag" if item.days_left == 1
                else f"läuft ab in {item.days_left} Tagen")
    if item.current:
        return "gültig"
    return "noch nicht gültig"


class IdRowsModel(RowsTableModel[T]):
    """Rows with an ``id``; ``row_of(id)`` finds one, ``UserRole`` gives it."""

    def row_of(self, row_id: str) -> int:
        for row, item in enumerate(self._rows):
            if getattr(item, "id", None) == row_id:
                return row
        return -1

    def cell(self, item: T, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(item, column) or None
        if role == Qt.ItemDataRole.UserRole:
            return getattr(item, "id", None)
        return self.style(item, role)

    def display(self, item: T, column: int) -> str:
        raise NotImplementedError

    def style(self, item: T, role: int) -> Any:
        return None


class DuldungenModel(IdRowsModel[DuldungView]):
    COLUMNS = ("Art", "Gültig ab", "Gültig bis", "Stand", "Grund", "Ausgestellt von")

    def display(self, item: DuldungView, column: int) -> str:
        return (item.type.label, format_date(item.valid_from), format_date(item.valid_until),
                duldung_state(item), item.reason.replace("\n", " "), item.issued_by)[column]

    def cell(self, item: DuldungView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{item.type.label}: {item.type.description}"
        return super().cell(item, column, role)

    def style(self, item: DuldungView, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.expired:
                return QBrush(EXPIRED_COLOUR)
            if item.expiring:
                return QBrush(WARNING_COLOUR)
            if not item.current:
                return QBrush(MUTED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and (item.expired or item.expiring):
            font = QFont()
            font.setBold(True)
            return font
        return None


class ObstaclesModel(IdRowsModel[ObstacleView]):
    COLUMNS = ("Hindernis", "Seit", "Bis", "Stand", "Beschreibung")

    def display(self, item: ObstacleView, column: int) -> str:
        state = "besteht" if item.active else ("ausgeräumt" if item.resolved else "beendet")
        return (item.kind.label, format_date(item.since), format_date(item.until), state,
                item.description.replace("\n", " "))[column]

    def style(self, item: ObstacleView, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return QBrush(MUTED_COLOUR)
        return None


class ReferencesModel(IdRowsModel[ExternalReferenceView]):
    COLUMNS = ("Behörde", "Aktenzeichen", "Stelle")

    def display(self, item: ExternalReferenceView, column: int) -> str:
        return (item.kind.label, item.value, item.authority)[column]


class DocumentsModel(IdRowsModel[IdentityDocumentView]):
    COLUMNS = ("Dokument", "Nummer", "Staat", "Gültig bis", "Passstatus")

    def display(self, item: IdentityDocumentView, column: int) -> str:
        country = nationality_name(item.issuing_country) if item.issuing_country else ""
        until = format_date(item.valid_until)
        if item.expired:
            until += " (abgelaufen)"
        return (item.kind.label, item.number, country, until, item.status.label)[column]

    def style(self, item: IdentityDocumentView, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and item.expired:
            return QBrush(EXPIRED_COLOUR)
        return None
