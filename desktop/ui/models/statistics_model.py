"""Table models of the Statistik page: the figures of a period (a breakdown as indented
category lines), the values behind a chart (its table view for screen readers), the
snapshots, the differences to the last snapshot and the statewide table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt

from desktop.domain.statistics import (
    FIGURES,
    FigureKind,
    FigureValue,
    category_label,
    marked,
)
from desktop.domain.statistics_consolidation import Statewide
from desktop.services.statistics_models import FigureDifference, SnapshotSummary
from desktop.ui.models.base import AnyIndex, RowsTableModel, header_text

T = TypeVar("T")

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class FigureLine:
    """One line of a figures table: a figure or one category of a breakdown."""

    figure_id: str
    key: str | None
    label: str
    tooltip: str
    values: tuple[str, ...]   # one per value column


def shown(value: FigureValue) -> str:
    """A count marked when small ("3*"), days with one decimal, "–" for none."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return marked(value)
    return ""


def figure_lines(columns: Sequence[Mapping[str, FigureValue]]) -> list[FigureLine]:
    """The lines for the figures of every column, in FIGURES order; a breakdown's categories
    are those of any column (the fixed ones are always there), a nationality sorted by its
    German name."""
    lines: list[FigureLine] = []
    for definition in FIGURES:
        values = [c.get(definition.id) for c in columns]
        if definition.kind is FigureKind.BREAKDOWN:
            lines.append(FigureLine(definition.id, None, definition.label, definition.tooltip,
                                    tuple("" for _ in columns)))
            keys = [k for k, _label in definition.categories]
            for value in values:
                if isinstance(value, dict):
                    keys += [k for k in value if k not in keys]
            if not definition.categories:
                keys.sort(key=lambda k: category_label(definition.id, k).casefold())
            for key in keys:
                label = category_label(definition.id, key)
                lines.append(FigureLine(
                    definition.id, key, f"    {label}", f"{definition.label}: {label}\n\n"
                    f"{definition.definition}",
                    tuple(shown(v.get(key, 0)) if isinstance(v, dict) else "" for v in values)))
        else:
            lines.append(FigureLine(definition.id, None, definition.label, definition.tooltip,
                                    tuple(shown(v) for v in values)))
    return lines


class _HeadedModel(RowsTableModel[T]):
    """A table whose column headers come with its rows (``_headers``), not ``COLUMNS``."""

    def __init__(self, headers: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = headers

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return header_text(self._headers, section, orientation, role)


class FiguresModel(_HeadedModel[FigureLine]):
    """Kennzahl | one value column per set of figures (one, or the districts and "NRW")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(("Kennzahl", "Wert"), parent)

    def set_figures(self, headers: Sequence[str],
                    columns: Sequence[Mapping[str, FigureValue]]) -> None:
        self.beginResetModel()
        self._headers = ("Kennzahl", *headers)
        self._rows = figure_lines(columns)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def cell(self, item: FigureLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label.strip() if column == 0 and item.key is None else (
                item.label if column == 0 else item.values[column - 1])
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return item.figure_id
        return None

    def value_of(self, figure_id: str, key: str | None = None, column: int = 1) -> str:
        for line in self._rows:
            if line.figure_id == figure_id and line.key == key:
                return line.values[column - 1]
        raise KeyError(figure_id)


@dataclass(frozen=True)
class ChartLine:
    label: str
    values: tuple[float, ...]


class ChartTableModel(_HeadedModel[ChartLine]):
    """The numbers a chart draws, as a table (the charts' view for screen readers)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(("", "Wert"), parent)

    def set_lines(self, headers: Sequence[str], lines: Sequence[ChartLine]) -> None:
        self.beginResetModel()
        self._headers = tuple(headers)
        self._rows = list(lines)
        self.endResetModel()

    def cell(self, item: ChartLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.label
            value = item.values[column - 1]
            return f"{value:g}".replace(".", ",")
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        return None


class SnapshotsModel(RowsTableModel[SnapshotSummary]):
    COLUMNS = ("Stand", "Zeitraum", "Bezirk", "Festgeschrieben am", "von", "Definitionen")
    PERIOD = 1

    def cell(self, item: SnapshotSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.cut_off.strftime("%d.%m.%Y"), item.period.label, item.district_label,
                    item.created_at.astimezone().strftime("%d.%m.%Y %H:%M"), item.created_by,
                    f"Version {item.definitions_version}")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.label}\nSHA-256 {item.sha256}"
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


class DifferencesModel(RowsTableModel[FigureDifference]):
    COLUMNS = ("Kennzahl", "Letzter Stand", "Dieser Stand", "Änderung")

    def cell(self, item: FigureDifference, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            delta = item.delta
            change = "" if delta is None else (f"+{shown(delta)}" if delta > 0 else shown(delta))
            return (item.label, shown(item.before), shown(item.after), change)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        return None


def statewide_columns(statewide: Statewide) -> tuple[list[str], list[Mapping[str, FigureValue]]]:
    """Headers and value columns of the statewide table: each district read, then "NRW"."""
    headers = [row.district.label for row in statewide.rows] + ["NRW gesamt"]
    columns = [row.figures for row in statewide.rows] + [statewide.totals]
    return headers, columns
