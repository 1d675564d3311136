"""A read-only table model over a list of rows: the Qt boilerplate the detail models share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

T = TypeVar("T")

AnyIndex = QModelIndex | QPersistentModelIndex

ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
             | Qt.ItemFlag.ItemNeverHasChildren)


def header_text(columns: tuple[str, ...], section: int, orientation: Qt.Orientation,
                role: int) -> str | None:
    """The horizontal header's text for ``section`` (``None`` for anything else)."""
    if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(columns)):
        return columns[section]
    return None


def row_flags(index: AnyIndex) -> Qt.ItemFlag:
    """Enabled and selectable, never editable, no children."""
    return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


class RowsTableModel(QAbstractTableModel, Generic[T]):
    """A flat table of ``T``s, one a row, with the headers ``COLUMNS``.

    Subclasses set ``COLUMNS`` and implement ``cell``; ``set_rows`` replaces all rows (a reset).
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> T:
        return self._rows[row]

    def rows(self) -> list[T]:
        return list(self._rows)

    def cell(self, item: T, column: int, role: int) -> Any:
        """What ``data()`` gives for ``role`` in ``column`` of the row showing ``item``."""
        raise NotImplementedError

    # --- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return header_text(self.COLUMNS, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return row_flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)
