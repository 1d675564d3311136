"""The case list as a Qt table model over ids, with a lazily filled row cache.

``set_query`` asks the worker for the matching ids (filters, search and order in SQL) and
resets the model; the lines themselves are fetched a page at a time when the view first asks
for them. Until a page has arrived its cells show "…".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal

from desktop.domain.dates import format_date
from desktop.domain.enums import CaseFlag
from desktop.services.export import CASE_COLUMNS
from desktop.services.read_models import CaseListRow, CaseQuery, CaseSort
from desktop.ui.context import AppContext
from desktop.ui.models.base import AnyIndex, header_text, row_flags

PAGE_SIZE = 100
PENDING = "…"

# The same columns as the export (keys for settings and export, German headers).
COLUMN_KEYS: tuple[str, ...] = tuple(CASE_COLUMNS)
COLUMNS: tuple[str, ...] = tuple(CASE_COLUMNS.values())
COL_FILE_NUMBER, COL_NAME, COL_BIRTH, COL_NATIONALITY, COL_STATUS, COL_DISTRICT, COL_FLAGS, \
    COL_CASEWORKER, COL_INTAKE, COL_TRACK, COL_ABH = range(len(COLUMNS))
# Columns the user cannot hide, and those hidden until the user shows them.
ALWAYS_VISIBLE = frozenset({COL_FILE_NUMBER, COL_NAME})
DEFAULT_HIDDEN = frozenset({"track", "responsible_abh"})

# Columns the list can be ordered by (in SQL); the others keep the current order.
SORTABLE: dict[int, CaseSort] = {
    COL_FILE_NUMBER: CaseSort.FILE_NUMBER,
    COL_NAME: CaseSort.NAME,
    COL_STATUS: CaseSort.STATUS,
    COL_DISTRICT: CaseSort.DISTRICT,
    COL_INTAKE: CaseSort.INTAKE_DATE,
}

FLAG_SHORT: dict[CaseFlag, str] = {
    CaseFlag.MIT: "MIT",
    CaseFlag.NEGATIVE_SOCIAL_BEHAVIOUR: "NSV",
    CaseFlag.DANGER_POTENTIAL: "Gefahr",
    CaseFlag.MEDIA_INTEREST: "Medien",
    CaseFlag.CUSTODY: "Haft",
}


def column_of(sort: CaseSort) -> int | None:
    return next((col for col, value in SORTABLE.items() if value == sort), None)


def hidden_keys(saved: object) -> frozenset[str]:
    """The hidden column keys from the settings value (comma-separated; unset: defaults)."""
    if saved is None:
        return DEFAULT_HIDDEN
    text = ",".join(map(str, saved)) if isinstance(saved, list | tuple) else str(saved)
    always = {COLUMN_KEYS[c] for c in ALWAYS_VISIBLE}
    return frozenset(k for k in text.split(",") if k in COLUMN_KEYS and k not in always)


class CaseListModel(QAbstractTableModel):
    """Rows are case ids; ``Qt.UserRole`` gives the id of a row."""

    sig_loaded = Signal(int)  # number of matching cases, after each (re)load
    sig_failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._query = CaseQuery()
        self._ids: list[str] = []
        self._cache: dict[str, CaseListRow] = {}
        self._loaded_pages: set[int] = set()
        self._requested_pages: set[int] = set()
        self._wanted_pages: set[int] = set()
        self._generation = 0
        self._loading = False
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._on_fetch_wanted)

    # --- querying ---------------------------------------------------------------------------
    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def set_query(self, query: CaseQuery) -> None:
        """Runs the query on the worker; the model resets when the ids arrive."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Reloads ids and lines with the current query (after a change)."""
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self._generation += 1
        self._loading = True
        generation = self._generation
        self._ctx.runner.run(
            workspace.cases.query_ids, self._query, owner=self, label="Fälle suchen",
            on_success=lambda ids: self._on_ids(generation, ids),
            on_error=lambda error: self._on_failed(generation, error))

    def clear(self) -> None:
        """Forgets ids and lines (on lock); answers still under way are ignored."""
        self._generation += 1
        self._loading = False
        self.beginResetModel()
        self._reset_data([])
        self.endResetModel()

    def _reset_data(self, ids: list[str]) -> None:
        self._ids = ids
        self._cache.clear()
        self._loaded_pages.clear()
        self._requested_pages.clear()
        self._wanted_pages.clear()

    def _on_ids(self, generation: int, ids: list[str]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.beginResetModel()
        self._reset_data(list(ids))
        self.endResetModel()
        if self._ids:
            self._want(0)
        self.sig_loaded.emit(len(self._ids))

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.sig_failed.emit(error)

    # --- lazily filled lines ----------------------------------------------------------------
    def _want(self, page: int) -> None:
        if page in self._loaded_pages or page in self._requested_pages:
            return
        self._wanted_pages.add(page)
        if not self._fetch_timer.isActive():
            self._fetch_timer.start()

    def _on_fetch_wanted(self) -> None:
        workspace = self._ctx.session.workspace
        wanted, self._wanted_pages = self._wanted_pages, set()
        if workspace is None:
            return
        generation = self._generation
        for page in sorted(wanted):
            if page in self._loaded_pages or page in self._requested_pages:
                continue
            ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
            if not ids:
                continue
            self._requested_pages.add(page)
            self._ctx.runner.run(
                workspace.cases.rows, ids, owner=self, label="Fallliste laden",
                on_success=partial(self._on_rows, generation, page),
                on_error=partial(self._on_rows_failed, generation, page))

    def _on_rows(self, generation: int, page: int, rows: list[CaseListRow]) -> None:
        if generation != self._generation:
            return
        self._requested_pages.discard(page)
        self._loaded_pages.add(page)
        for row in rows:
            self._cache[row.id] = row
        first = page * PAGE_SIZE
        last = min(len(self._ids), first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _on_rows_failed(self, generation: int, page: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._requested_pages.discard(page)
        self.sig_failed.emit(error)

    def is_loaded(self, row: int) -> bool:
        return (row // PAGE_SIZE) in self._loaded_pages

    def row_data(self, row: int) -> CaseListRow | None:
        """The line at ``row`` if it has arrived (``None`` otherwise)."""
        if 0 <= row < len(self._ids):
            return self._cache.get(self._ids[row])
        return None

    def case_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, case_id: str) -> int:
        try:
            return self._ids.index(case_id)
        except ValueError:
            return -1

    # --- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS) and section not in SORTABLE):
            return "Nach dieser Spalte kann nicht sortiert werden."
        return header_text(COLUMNS, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return row_flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[row]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if not self.is_loaded(row):
            self._want(row // PAGE_SIZE)
            return PENDING if role == Qt.ItemDataRole.DisplayRole else None
        line = self._cache.get(self._ids[row])
        if line is None:  # deleted since the ids were read
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(line, index.column())
        return _display(line, index.column())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Orders in SQL: a new query with the column's CaseSort (other columns: no-op)."""
        sort = SORTABLE.get(column)
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if sort == self._query.sort and descending == self._query.descending and self._ids:
            return
        self._query = CaseQuery(
            search=self._query.search, status=self._query.status,
            district=self._query.district, flag=self._query.flag,
            caseworker_id=self._query.caseworker_id, sort=sort, descending=descending)
        self.refresh()


_DISPLAY: dict[int, Callable[[CaseListRow], str]] = {
    COL_FILE_NUMBER: lambda line: line.file_number,
    COL_NAME: lambda line: line.name,
    COL_BIRTH: lambda line: line.birth_date,
    COL_NATIONALITY: lambda line: line.nationalities,
    COL_STATUS: lambda line: line.status.label,
    COL_DISTRICT: lambda line: line.district.label,
    COL_FLAGS: lambda line: ", ".join(FLAG_SHORT[f] for f in line.flags),
    COL_CASEWORKER: lambda line: line.caseworker,
    COL_INTAKE: lambda line: format_date(line.intake_date),
    COL_TRACK: lambda line: line.track.label,
    COL_ABH: lambda line: line.responsible_abh,
}


def _display(line: CaseListRow, column: int) -> str:
    getter = _DISPLAY.get(column)
    return getter(line) if getter is not None else ""


def _tooltip(line: CaseListRow, column: int) -> str | None:
    if column == COL_FLAGS:
        return "\n".join(f.label for f in line.flags) or "keine Merkmale"
    if column == COL_NAME and line.responsible_abh:
        return f"{line.name}\nZuständige ABH: {line.responsible_abh}"
    if column == COL_STATUS:
        return f"{line.status.label} · {line.track.label}"
    return None
