"""The "Netzwerk" page: the partner directory with search and kind filter, the selected
partner on the right (``partner_detail``), new partners, and the CSV import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import PartnerKind
from desktop.errors import InvalidInputError, UserFacingError
from desktop.services.partner_import import MAX_BYTES
from desktop.services.partners import PartnerService
from desktop.services.read_models import ImportReport, PartnerView
from desktop.ui.context import AppContext
from desktop.ui.dialogs.partner_import_dialog import PartnerImportDialog
from desktop.ui.models.partner_model import PartnerTableModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.pages.partner_detail import PartnerDetail, Popups, shortcut
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.field_errors import ERROR_COLOUR
from desktop.ui.widgets.question_box import question_box

SEARCH_DELAY_MS = 250
ALL_KINDS = "Alle Arten"
SETTINGS_DIR = "partners/import_dir"  # where the file dialog starts (UI state, no data)


def read_and_check(partners: PartnerService, path: str) -> tuple[bytes, ImportReport]:
    """Runs on the worker: reads the file (at most 5 MB) and checks it without writing."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise InvalidInputError({"file": "Die Datei ist größer als 5 MB. Bitte die Liste "
                                             "aufteilen."})
        data = file.read_bytes()
    except OSError as error:
        raise UserFacingError(f"Die Datei „{file.name}“ konnte nicht gelesen werden "
                              f"({error.strerror or error}).") from None
    return data, partners.import_csv(data, dry_run=True)


class PartnersPage(QWidget):
    """See module docstring. Loads when first shown after an unlock; forgets on lock."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnersPage")
        self._ctx = ctx
        self._request = 0  # results of older searches are dropped
        self._stale = True  # reload when shown
        self._keep_id: str | None = None  # select this partner after the next load
        self._restoring = False
        self.popups = Popups()

        self.search = QLineEdit(self)
        self.search.setObjectName("partnerSearch")
        self.search.setPlaceholderText("Name, Ort oder Ansprechperson …")
        self.search.setAccessibleName("Partner suchen")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(200)
        self.kind_filter = enum_combo(PartnerKind, self, none_text=ALL_KINDS)
        self.kind_filter.setObjectName("partnerKindFilter")
        self.kind_filter.setAccessibleName("Nach Art filtern")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("partnerCount")
        self.new_button = QPushButton("Neuer Partner …", self)
        self.new_button.setObjectName("newPartnerButton")
        self.import_button = QPushButton("CSV importieren …", self)
        self.import_button.setObjectName("importPartnersButton")
        self.import_button.setToolTip("Eine Partnerliste (CSV) prüfen und importieren")
        search_label = QLabel("S&uchen", self)
        search_label.setBuddy(self.search)
        kind_label = QLabel("A&rt", self)
        kind_label.setBuddy(self.kind_filter)
        bar = QHBoxLayout()
        for widget, stretch in ((search_label, 0), (self.search, 2), (kind_label, 0),
                                (self.kind_filter, 0), (self.count_label, 1),
                                (self.new_button, 0), (self.import_button, 0)):
            bar.addWidget(widget, stretch)
        self.notice = QLabel(self)
        self.notice.setObjectName("partnerNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.model = PartnerTableModel(self)
        self.table = rows_view(self, self.model, "partnerTable", stretch=1,
                               widths={0: 135, 2: 125, 3: 115, 4: 190})
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setAccessibleName("Partnerliste")
        self.table.setEditTriggers(self.table.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (keyboard-only use)
        self.detail = PartnerDetail(ctx, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("partnersSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([840, 540])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._on_search_return)
        self.kind_filter.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.activated.connect(lambda _index: self.detail.form.focus_first())
        self.new_button.clicked.connect(self.new_partner)
        self.import_button.clicked.connect(self.choose_import_file)
        self.detail.sig_saved.connect(self._on_saved)
        self.detail.sig_deleted.connect(self._on_deleted)
        shortcut("Delete", self.table, self.detail.ask_delete)
        ctx.session.sig_unlocked.connect(self._on_unlocked)
        ctx.session.sig_locked.connect(self.clear)

    # --- life cycle ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._ctx.session.workspace is not None:
            self.reload()

    def _on_unlocked(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def clear(self) -> None:
        """On lock: drops every piece of data this page holds and closes its dialogs."""
        self._request += 1
        self._stale = True
        self._search_timer.stop()
        self.popups.close_all()
        self.detail.clear()
        self.model.clear()
        for widget, reset in ((self.search, self.search.clear),
                              (self.kind_filter, lambda: self.kind_filter.setCurrentIndex(0))):
            widget.blockSignals(True)
            reset()
            widget.blockSignals(False)
        self._set_notice("")
        self.import_button.setEnabled(True)

    def has_unsaved_changes(self) -> bool:
        return self.detail.has_unsaved_changes()

    def current_partner(self) -> PartnerView | None:
        return self.detail.current

    # --- the list -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Searches again with the current text and kind (on the worker)."""
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self._search_timer.stop()
        self._stale = False
        self._request += 1
        request = self._request
        self.count_label.setText("Suche …")
        self._ctx.runner.run(workspace.partners.search, self.search.text(),
                             self.kind_filter.value(),
                             on_success=lambda rows: self._on_loaded(request, rows),
                             on_error=self._on_load_failed, owner=self,
                             label="Partner suchen")

    def _on_search_return(self) -> None:
        if self._search_timer.isActive():
            self.reload()
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _on_loaded(self, request: int, rows: list[PartnerView]) -> None:
        if request != self._request:
            return
        current = self.detail.current
        keep = self._keep_id or (current.id if current else None)
        self._keep_id = None
        self._restoring = True
        try:
            self.model.set_rows(rows)
        finally:
            self._restoring = False
        self.count_label.setText("1 Partner" if len(rows) == 1 else f"{len(rows)} Partner")
        if keep:
            self._select(keep)

    def _on_load_failed(self, error: BaseException) -> None:
        if self._ctx.session.workspace is None:
            return  # locked meanwhile
        self.count_label.setText("Fehler")
        self._ctx.errors.show(error, self)

    def _select(self, partner_id: str) -> None:
        """Selects the row of ``partner_id`` without opening it again; if the list has a newer
        copy of the partner in the form and the form is unchanged, shows that copy."""
        row = self.model.row_of(partner_id)
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
        self.table.scrollTo(index)
        fresh, current = self.model.row(row), self.detail.current
        if (current is not None and fresh.id == current.id and fresh != current
                and not self.detail.has_unsaved_changes()):
            self.detail.show_partner(fresh)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring or not current.isValid():
            return
        partner = self.model.row(current.row())
        shown = self.detail.current
        if shown is not None and partner.id == shown.id and self.detail.editing:
            return
        self._open(partner)

    def _open(self, partner: PartnerView | None) -> None:
        """Shows ``partner`` (None: a new one); asks first if the form has edits."""
        if self.detail.has_unsaved_changes():
            self._ask_discard(partner)
            return
        self._set_notice("")
        if partner is None:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            self.detail.new(self.kind_filter.value())
        else:
            self.detail.show_partner(partner)

    def _ask_discard(self, target: PartnerView | None) -> None:
        if self.popups:
            return
        shown = self.detail.current
        if shown is not None:
            self._select(shown.id)
        else:
            self.table.clearSelection()

        def answered(_box: QMessageBox, discard: bool) -> None:
            if discard:
                self.detail.form.mark_clean()
                if target is not None:
                    self._select(target.id)
                self._open(target)

        self.popups.show(question_box(
            self, QMessageBox.Icon.Question, "Ungespeicherte Änderungen",
            "Der Partner hat ungespeicherte Änderungen.\nÄnderungen verwerfen?",
            name="partnerDiscardBox", yes="Verwerfen",
            yes_role=QMessageBox.ButtonRole.DestructiveRole, no="Abbrechen",
            default_yes=False, on_answer=answered))

    def new_partner(self) -> None:
        if self._ctx.session.workspace is not None:
            self._open(None)

    def _on_saved(self, view: PartnerView) -> None:
        row = self.model.row_of(view.id)
        if row >= 0:  # show the saved copy at once; the search then places it anew
            rows = self.model.rows()
            rows[row] = view
            self._restoring = True
            try:
                self.model.set_rows(rows)
            finally:
                self._restoring = False
        self._keep_id = view.id
        self._select(view.id)
        self.reload()

    def _on_deleted(self, _partner_id: str) -> None:
        self._set_notice("Der Partner wurde gelöscht.")
        self.reload()
        self.table.setFocus()

    # --- CSV import ---------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        if self._ctx.session.workspace is None or self.popups:
            return
        start = self._ctx.settings.value(SETTINGS_DIR) or str(self._ctx.data_dir or Path.home())
        dialog = QFileDialog(self, "Partnerliste (CSV) wählen", str(start),
                             "CSV-Dateien (*.csv *.txt);;Alle Dateien (*)")
        dialog.setObjectName("partnerImportFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.import_file)
        self.popups.show(dialog)

    def import_file(self, path: str) -> None:
        """Reads and checks ``path`` on the worker, then shows the report dialog."""
        workspace = self._ctx.session.workspace
        if workspace is None or not path:
            return
        self._ctx.settings.setValue(SETTINGS_DIR, str(Path(path).parent))
        self._set_notice(f"„{Path(path).name}“ wird geprüft …")
        self.import_button.setEnabled(False)
        self._ctx.runner.run(read_and_check, workspace.partners, path,
                             on_success=lambda result: self._on_checked(path, result),
                             on_error=self._on_check_failed, owner=self,
                             label="Partnerliste prüfen")

    def _on_checked(self, path: str, result: tuple[bytes, ImportReport]) -> None:
        self.import_button.setEnabled(True)
        self._set_notice("")
        if self._ctx.session.workspace is None:
            return
        data, report = result
        dialog = PartnerImportDialog(self._ctx, data, report, Path(path).name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_imported.connect(self._on_imported)
        self.popups.show(dialog)

    def _on_check_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._set_notice("")
        if self._ctx.session.workspace is None:
            return  # locked meanwhile
        if isinstance(error, InvalidInputError):
            self._set_notice(" ".join(error.problems.values()), error=True)
        else:
            self._ctx.errors.show(error, self)

    def _on_imported(self, report: ImportReport) -> None:
        contacts = ("1 Ansprechperson" if report.contacts == 1
                    else f"{report.contacts} Ansprechpersonen")
        text = f"{report.created} Partner mit {contacts} importiert."
        skipped = len(report.duplicates) + report.error_lines
        if skipped:
            text += " 1 Zeile übersprungen." if skipped == 1 else f" {skipped} Zeilen " \
                                                                  "übersprungen."
        self._set_notice(text)
        self.reload()

    def _set_notice(self, text: str, *, error: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.notice.setVisible(bool(text))
