"""Table models of the Controlling page: the lines per ABH and per caseworker (each number
cell knows its ``Figure``), the rows behind a number, and the custody releases ahead."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from desktop.services.controlling_models import (
    AuthorityLine,
    CaseworkerLine,
    ControllingItem,
    Figure,
    ReleaseLine,
)
from desktop.ui.models.base import RowsTableModel

FIGURE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Figure behind a number cell
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day is not None else ""


class _FigureModel(RowsTableModel[Any]):
    """Lines whose columns after the first are numbers, each backed by a ``Figure``."""

    FIGURES: ClassVar[tuple[Figure, ...]] = ()
    MAX_DAYS_TIP = "Die meisten Tage, die ein offener Vorgang überfällig ist."

    def figure_at(self, column: int) -> Figure:
        """The figure whose list a click on ``column`` opens (the name: the first figure)."""
        return self.FIGURES[max(0, column - 1)]

    def value(self, item: Any, column: int) -> int:
        raise NotImplementedError

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name if column == 0 else str(self.value(item, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column > 0:
            return self._tip(column)
        if role == FIGURE_ROLE:
            return self.figure_at(column)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column > 0:
            return f"{self.COLUMNS[column]}: Eingabe zeigt die Liste dazu."
        return None

    def _tip(self, column: int) -> str:
        if self.COLUMNS[column].startswith("max."):
            return self.MAX_DAYS_TIP
        return self.figure_at(column).definition

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 < section < len(self.COLUMNS)):
            return self._tip(section)
        return super().headerData(section, orientation, role)


class AuthorityModel(_FigureModel):
    COLUMNS = ("Ausländerbehörde", "Maßnahmen offen", "überfällig", "max. Tage überfällig",
               "Weisungen ohne Antwort", "Sachstandsanfragen unbeantwortet")
    FIGURES = (Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, Figure.OVERDUE_MEASURES,
               Figure.INSTRUCTIONS, Figure.STATUS_REQUESTS)

    def value(self, item: AuthorityLine, column: int) -> int:
        return (0, item.open_measures, item.overdue_measures, item.max_days_overdue,
                item.instructions, item.status_requests)[column]


class CaseworkerModel(_FigureModel):
    COLUMNS = ("Bearbeitung", "Maßnahmen offen", "Maßnahmen überfällig", "Fristen offen",
               "Fristen überfällig", "Antworten ausstehend", "Antworten überfällig",
               "max. Tage überfällig")
    FIGURES = (Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, Figure.OPEN_REMINDERS,
               Figure.OVERDUE_REMINDERS, Figure.AWAITED_REPLIES, Figure.OVERDUE_REPLIES,
               Figure.OVERDUE_ALL)

    def value(self, item: CaseworkerLine, column: int) -> int:
        return (0, item.open_measures, item.overdue_measures, item.open_reminders,
                item.overdue_reminders, item.awaited_replies, item.overdue_replies,
                item.max_days_overdue)[column]


class ItemsModel(RowsTableModel[ControllingItem]):
    """The rows behind a number."""

    COLUMNS = ("Az.", "Person", "Art", "Was", "Fällig", "Tage überfällig")
    WHAT = 3

    def cell(self, item: ControllingItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.file_number, item.person_name, item.kind.label, item.what,
                    _day(item.due), str(item.days_overdue) if item.days_overdue else "")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WHAT:
            return item.what
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return _RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return item.case_id
        return None


class ReleasesModel(RowsTableModel[ReleaseLine]):
    """Custody releases ahead and whether the ABH was informed."""

    COLUMNS = ("Datum", "Art", "Az.", "Person", "Ausländerbehörde", "JVA", "Status",
               "ABH informiert")
    INFORMED = 7

    def cell(self, item: ReleaseLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (_day(item.day), item.kind.label, item.file_number, item.person_name,
                    item.abh_name, item.facility_name,
                    "bestätigt" if item.confirmed else "berechnet", item.informed_text)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.INFORMED:
            if item.notice_sent_on is None:
                return "Keine Mitteilung Haftentlassung an die ABH erfasst."
            return f"Erste Mitteilung an die ABH am {_day(item.notice_sent_on)}."
        if role == Qt.ItemDataRole.UserRole:
            return item.case_id
        return None
