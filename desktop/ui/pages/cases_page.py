"""The "Fälle" page: filter bar, the lazily filled case list, and the case detail on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.read_models import CaseDetail, CaseQuery
from desktop.ui.context import AppContext
from desktop.ui.dialogs.create_case import CreateCaseDialog
from desktop.ui.models.case_list_model import (
    ALWAYS_VISIBLE,
    COLUMN_KEYS,
    COLUMNS,
    SORTABLE,
    CaseListModel,
    column_of,
    hidden_keys,
)
from desktop.ui.pages.batch_launcher import BatchLauncher
from desktop.ui.pages.case_detail import CaseDetailPanel
from desktop.ui.pages.case_export import CaseListExport
from desktop.ui.pages.case_filters import CaseFilterBar
from desktop.ui.pages.saved_filters_box import SavedFiltersBox

OPEN_DELAY_MS = 150
DEFAULT_WIDTHS = (140, 170, 90, 130, 85, 85, 90, 140, 80, 130, 160)
SETTINGS_WIDTHS = "cases/column_widths"
SETTINGS_SPLITTER = "cases/splitter"
SETTINGS_HIDDEN = "cases/hidden_columns"  # column keys, comma-separated


class CasesPage(QWidget):
    """Lists the cases of the vault; selecting one opens it in the detail panel."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casesPage")
        self._ctx = ctx
        self._keep_id: str | None = None  # reselect this case after the next load
        self._restoring = False
        self._pending_open: str | None = None
        self._create_dialog: CreateCaseDialog | None = None
        self._discard_box: QMessageBox | None = None

        self.model = CaseListModel(ctx, self)
        self.model.sig_loaded.connect(self._on_loaded)
        self.model.sig_failed.connect(self._on_model_failed)

        self.filters = CaseFilterBar(self)
        self.filters.sig_changed.connect(self._on_filters_changed)
        self.filters.sig_search_return.connect(self._on_search_return)
        self.saved_filters = SavedFiltersBox(ctx, self.current_query, self)
        self.saved_filters.sig_apply.connect(self.apply_query)
        self.filters.add_to_top(self.saved_filters)
        self.new_button = QPushButton("Neuer Fall …", self)
        self.new_button.setObjectName("newCaseButton")
        self.new_button.setToolTip("Einen neuen Fall anlegen (Strg+N)")
        self.new_button.clicked.connect(self.new_case)
        self.filters.add_to_top(self.new_button)

        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setAccessibleName("Fallliste")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._restore_widths()
        header.sectionResized.connect(self._on_section_resized)
        self.table.setSortingEnabled(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self._build_column_menu()
        self.exporter = CaseListExport(ctx, self._export_request, self)
        self.filters.add_to_top(self.exporter.button)
        self.batch = BatchLauncher(ctx, self.current_query, self)
        self.filters.add_to_top(self.batch.button)

        self.detail = CaseDetailPanel(ctx, self)
        self.detail.setObjectName("caseDetailPanel")
        self.detail.sig_case_changed.connect(self._on_case_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("casesSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        state = ctx.settings.value(SETTINGS_SPLITTER)
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([540, 710])
        self.splitter.splitterMoved.connect(self._on_splitter_moved)

        self._open_timer = QTimer(self)
        self._open_timer.setSingleShot(True)
        self._open_timer.setInterval(OPEN_DELAY_MS)
        self._open_timer.timeout.connect(self._on_open_timer)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.filters)
        layout.addWidget(self.exporter)
        layout.addWidget(self.splitter, 1)

    # --- life cycle (called by the main window) ---------------------------------------------
    def reload(self) -> None:
        """After unlocking: colleagues for the filter, then the list."""
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self._ctx.runner.run(workspace.partners.users, owner=self, label="Benutzer laden",
                             on_success=self.filters.set_users)
        self.saved_filters.reload()
        self.filters.set_count(None)
        self.model.set_query(self.current_query())

    def clear(self) -> None:
        """On lock: drop every piece of case data this page holds."""
        self._open_timer.stop()
        self._pending_open = None
        self._keep_id = None
        self.exporter.clear()
        self.batch.clear()
        if self._discard_box is not None:
            self._discard_box.close()
        if self._create_dialog is not None:
            self._create_dialog.discard()  # on lock typed input is dropped without asking
            self._create_dialog = None
        self.model.clear()
        self.detail.clear()
        self.filters.reset()
        self.saved_filters.clear()

    def has_unsaved_changes(self) -> bool:
        return self.detail.has_unsaved_changes()

    def focus_search(self) -> None:
        self.filters.focus_search()

    # --- filters ----------------------------------------------------------------------------
    def current_query(self) -> CaseQuery:
        old = self.model.query
        return self.filters.query(old.sort, old.descending)

    def focus_saved_filters(self) -> None:
        self.saved_filters.focus_chooser()

    def apply_query(self, query: CaseQuery) -> None:
        """Shows the list of ``query`` (a saved filter): its filters and its order."""
        if self._ctx.session.workspace is None:
            return
        self.filters.set_query(query, emit=False)
        self.filters.set_count(None)
        self.model.set_query(self.filters.query(query.sort, query.descending))

    def _on_filters_changed(self) -> None:
        if self._ctx.session.workspace is None:
            return
        self.filters.set_count(None)
        query = self.current_query()
        self.saved_filters.note_query(query)
        self.model.set_query(query)

    def _on_search_return(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    # --- list -------------------------------------------------------------------------------
    def _on_loaded(self, count: int) -> None:
        self.filters.set_count(count)
        self._sync_sort_indicator()
        # After any reload (filter, order, change) the open case stays selected if listed.
        keep, self._keep_id = self._keep_id, None
        keep = keep or self.detail.current_case_id
        if keep:
            self._select(keep)

    def _on_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in SORTABLE:
            self._sync_sort_indicator()  # that column has no order in SQL: keep the old one

    def _sync_sort_indicator(self) -> None:
        column = column_of(self.model.query.sort)
        if column is None:
            return
        order = (Qt.SortOrder.DescendingOrder if self.model.query.descending
                 else Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(False)
            header.viewport().update()

    def _on_model_failed(self, error: BaseException) -> None:
        self.filters.count_label.setText("Fehler")
        self._ctx.errors.show(error, self)

    def _select(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        self._restoring = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._restoring = False
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def select_case(self, case_id: str) -> None:
        """Selects ``case_id`` in the list (if it is shown) and opens it."""
        self._select(case_id)
        self._open(case_id)

    def show_case(self, case_id: str) -> None:
        """Opens ``case_id`` coming from elsewhere (the "Heute" desk): selects its line and
        loads the detail; if the current list does not hold it, the filters are cleared first
        (the order stays) and the line is selected when the list has been loaded again."""
        if self.model.row_of(case_id) < 0:
            bar = self.filters
            bar.clear_filters()
            self.saved_filters.note_query(self.current_query())
            self._keep_id = case_id
            bar.set_count(None)
            self.model.set_query(self.current_query())
        else:
            self._select(case_id)
        self._open(case_id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring or not current.isValid():
            return
        case_id = self.model.case_id(current.row())
        if case_id and case_id != self.detail.current_case_id:
            self._pending_open = case_id
            self._open_timer.start()

    def _on_open_timer(self) -> None:
        if self._pending_open:
            self._open(self._pending_open)

    def _on_activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id:
            self._open(case_id)

    def _open(self, case_id: str, *, discard: bool = False) -> None:
        self._open_timer.stop()
        self._pending_open = None
        if case_id == self.detail.current_case_id:
            return
        if not discard and self.detail.has_unsaved_changes():
            self._ask_discard(case_id)
            return
        self.detail.load(case_id)

    def _ask_discard(self, case_id: str) -> None:
        """The open case has unsaved edits: ask (non-modally) before opening another one."""
        if self._discard_box is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Ungespeicherte Änderungen",
                          "Der geöffnete Fall hat ungespeicherte Änderungen.\n"
                          "Änderungen verwerfen und den anderen Fall öffnen?",
                          QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("discardChangesBox")
        box.button(QMessageBox.StandardButton.Discard).setText("Verwerfen")
        box.button(QMessageBox.StandardButton.Cancel).setText("Abbrechen")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._discard_box = box
        current = self.detail.current_case_id
        if current:
            self._select(current)

        def finished(_result: int) -> None:
            clicked = box.standardButton(box.clickedButton()) if box.clickedButton() else None
            self._discard_box = None
            box.deleteLater()
            if clicked == QMessageBox.StandardButton.Discard:
                self._select(case_id)
                self._open(case_id, discard=True)

        box.finished.connect(finished)
        box.open()

    def _on_case_changed(self, case_id: str) -> None:
        self._keep_id = case_id
        self.model.refresh()

    # --- new case ---------------------------------------------------------------------------
    def new_case(self) -> None:
        if self._ctx.session.workspace is None:
            return
        if self._create_dialog is not None:
            self._create_dialog.raise_()
            self._create_dialog.activateWindow()
            return
        dialog = CreateCaseDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_created.connect(self._on_case_created)
        dialog.sig_open_case.connect(self.show_case)  # the caseworker chose an existing case
        dialog.finished.connect(self._on_create_finished)
        self._create_dialog = dialog
        dialog.open()

    def _on_create_finished(self, _result: int) -> None:
        self._create_dialog = None

    def _on_case_created(self, detail: CaseDetail) -> None:
        self._keep_id = detail.id
        self.model.refresh()
        if self.detail.current_case_id != detail.id and not self.detail.has_unsaved_changes():
            self.detail.load(detail.id)

    # --- settings ---------------------------------------------------------------------------
    def _restore_widths(self) -> None:
        header = self.table.horizontalHeader()
        saved = self._ctx.settings.value(SETTINGS_WIDTHS)
        widths: list[int] = list(DEFAULT_WIDTHS)
        if isinstance(saved, list | tuple) and len(saved) <= len(COLUMNS):
            try:  # widths saved before columns were added cover the first columns
                widths[:len(saved)] = [max(30, int(w)) for w in saved]
            except (TypeError, ValueError):
                widths = list(DEFAULT_WIDTHS)
        self._widths = widths
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        if new <= 0 or self.table.isColumnHidden(column):
            return  # hiding a column sets its size to 0: keep the width it had
        self._widths[column] = new
        self._ctx.settings.setValue(SETTINGS_WIDTHS, list(self._widths))

    def _on_splitter_moved(self, *_args: int) -> None:
        self._ctx.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())

    # --- columns ----------------------------------------------------------------------------
    def _build_column_menu(self) -> None:
        """"Spalten …" button and the header's context menu: one checkable entry a column."""
        self.columns_menu = QMenu("Spalten", self)
        self.columns_menu.setObjectName("columnsMenu")
        self._column_actions = []
        for column, title in enumerate(COLUMNS):
            action = self.columns_menu.addAction(title)
            action.setCheckable(True)
            action.setData(COLUMN_KEYS[column])
            if column in ALWAYS_VISIBLE:
                action.setEnabled(False)
                action.setToolTip("Diese Spalte wird immer angezeigt.")
            action.toggled.connect(
                lambda visible, c=column: self.set_column_visible(c, visible))
            self._column_actions.append(action)
        self.columns_button = QPushButton("S&palten …", self)
        self.columns_button.setObjectName("columnsButton")
        self.columns_button.setToolTip("Spalten der Liste ein- oder ausblenden "
                                       "(auch mit Rechtsklick auf die Kopfzeile)")
        self.columns_button.setMenu(self.columns_menu)
        self.filters.add_to_top(self.columns_button)
        header = self.table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        self._apply_hidden(hidden_keys(self._ctx.settings.value(SETTINGS_HIDDEN)))

    def _apply_hidden(self, hidden: frozenset[str]) -> None:
        for column, action in enumerate(self._column_actions):
            visible = COLUMN_KEYS[column] not in hidden
            action.blockSignals(True)
            action.setChecked(visible)
            action.blockSignals(False)
            self.table.setColumnHidden(column, not visible)

    def _on_header_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        self.columns_menu.popup(header.viewport().mapToGlobal(pos))

    def set_column_visible(self, column: int, visible: bool) -> None:
        """Shows or hides a column (Aktenzeichen and Name always stay); remembered."""
        if column in ALWAYS_VISIBLE or not 0 <= column < len(COLUMNS):
            return
        self.table.setColumnHidden(column, not visible)
        action = self._column_actions[column]
        if action.isChecked() != visible:
            action.blockSignals(True)
            action.setChecked(visible)
            action.blockSignals(False)
        hidden = [COLUMN_KEYS[c] for c in range(len(COLUMNS)) if self.table.isColumnHidden(c)]
        self._ctx.settings.setValue(SETTINGS_HIDDEN, ",".join(hidden))

    def visible_columns(self) -> list[str]:
        """The keys of the shown columns in the order they are shown."""
        header = self.table.horizontalHeader()
        shown = [c for c in range(len(COLUMNS)) if not self.table.isColumnHidden(c)]
        return [COLUMN_KEYS[c] for c in sorted(shown, key=header.visualIndex)]

    # --- export -----------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        """Asks where to save the list as shown, as ``fmt`` ("csv" or "xlsx"), and saves it."""
        self.exporter.choose_file(fmt)

    def _export_request(self) -> tuple[CaseQuery, list[str]]:
        self.filters.flush()  # typed search text counts even within its delay
        return self.current_query(), self.visible_columns()
