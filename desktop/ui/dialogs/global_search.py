"""The global search (Ctrl+K): a non-modal popup over names, aliases, all file numbers and
the journal text. Typing searches after a short pause; Enter or a double click opens the case,
Esc closes. Everything works by keyboard alone."""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.read_models import SearchHit
from desktop.ui.context import AppContext
from desktop.ui.models.base import RowsTableModel

DEBOUNCE_MS = 150
LIMIT = 50
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SearchHitsModel(RowsTableModel[SearchHit]):
    COLUMNS: ClassVar[tuple[str, ...]] = ("Aktenzeichen", "Name", "Status", "Fundstelle",
                                          "Auszug")

    def cell(self, item: SearchHit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.file_number, item.name, item.status.label, item.where,
                    item.snippet)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and item.snippet:
            return item.snippet
        return None


class GlobalSearchDialog(QDialog):
    """Search field and results; emits ``sig_open_case`` and closes when a hit is chosen."""

    sig_open_case = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("globalSearchDialog")
        self.setWindowTitle("Suche in allen Fällen")
        self.setModal(False)
        self.resize(820, 460)
        self._ctx = ctx
        self._shown = ""  # the query whose hits the table shows
        self._open_when_done = False

        label = QLabel("&Suche nach Name, Alias, Aktenzeichen oder Verlauf:", self)
        self.input = QLineEdit(self)
        self.input.setObjectName("globalSearchInput")
        self.input.setAccessibleName("Suchbegriff für die Suche in allen Fällen")
        self.input.setPlaceholderText("z. B. Müller, RRK-K-2026-12, Botschaft")
        self.input.setClearButtonEnabled(True)
        label.setBuddy(self.input)
        self.model = SearchHitsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("globalSearchResults")
        self.table.setAccessibleName("Suchergebnisse")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(self)
        self.status.setObjectName("globalSearchStatus")
        self.status.setAccessibleName("Anzahl der Treffer")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.input)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.input.textChanged.connect(lambda _text: self._timer.start())
        self.input.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._open_index)
        ctx.session.sig_locked.connect(self.clear)

    def show_search(self) -> None:
        """Shows the popup with the field focused and its text selected."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus()
        self.input.selectAll()

    def clear(self) -> None:
        """Forgets query and results and closes (on lock)."""
        self._timer.stop()
        self._shown = ""
        self.input.clear()
        self._open_when_done = False
        self.model.clear()
        self.status.clear()
        self.close()

    # --- searching ----------------------------------------------------------------------------
    def _search(self) -> None:
        query = self.input.text()
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        if not query.strip():
            self._shown = query
            self.model.clear()
            self.status.clear()
            return
        self._ctx.runner.run(workspace.search.search, query, limit=LIMIT, owner=self,
                             label="Suche", on_success=partial(self._on_hits, query))

    def _on_hits(self, query: str, hits: list[SearchHit]) -> None:
        if query != self.input.text() or self._ctx.session.workspace is None:
            return  # typed on meanwhile, or locked
        self._shown = query
        self.model.set_rows(hits)
        open_now, self._open_when_done = self._open_when_done, False
        if open_now and hits:
            self.open_current()
            return
        if hits:
            self.table.selectRow(0)
        count = len(hits)
        self.status.setText("Keine Treffer." if not count else
                            "1 Treffer." if count == 1 else
                            f"{count} Treffer{' (die ersten)' if count >= LIMIT else ''}.")

    # --- choosing -----------------------------------------------------------------------------
    def open_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.row(index.row())
        self.close()
        self.sig_open_case.emit(hit.case_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _ENTER:
                if watched is self.input and (self._timer.isActive()
                                              or self._shown != self.input.text()):
                    # Enter before the hits of what was typed are shown: open when they are.
                    self._open_when_done = True
                    if self._timer.isActive():
                        self._timer.stop()
                        self._search()
                    return True
                self.open_current()
                return True
            if watched is self.input and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) \
                    and self.model.rowCount():
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
