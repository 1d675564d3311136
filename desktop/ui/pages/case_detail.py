"""The open case: a header and the tabs Stammdaten, Status, Verlauf, Maßnahmen, Fristen,
Aufenthalt, Anlagen, Schriftverkehr, Haft, Konferenzen.

``load(case_id)`` opens a case (the audited open) and then fetches its journal, measures,
residence data and reminders, one after the other on the task runner; results for a case that
is no longer current are dropped. ``clear()`` (used on lock) leaves no case data in any widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.letters import LetterKind
from desktop.errors import InvalidInputError, StaleDataError, UserFacingError
from desktop.services.read_models import (
    CaseDetail,
    JournalView,
    MeasureView,
    PartnerRef,
    ReminderView,
    ResidenceOverview,
)
from desktop.ui.context import AppContext
from desktop.ui.dialogs.status_dialog import StatusDialog
from desktop.ui.pages.attachments_tab import AttachmentsTab
from desktop.ui.pages.case_conferences_tab import CaseConferencesTab
from desktop.ui.pages.custody_tab import CustodyTab
from desktop.ui.pages.journal_tab import JournalTab
from desktop.ui.pages.letters_tab import LettersTab
from desktop.ui.pages.measures_tab import MeasuresTab
from desktop.ui.pages.reminders_tab import RemindersTab
from desktop.ui.pages.residence_tab import ResidenceTab
from desktop.ui.pages.status_tab import StatusTab
from desktop.ui.widgets.case_form import CaseForm
from desktop.ui.widgets.case_header import CaseHeader
from desktop.ui.widgets.form_page import lay_out_form_page, scrolling
from desktop.ui.widgets.question_box import question_box

NO_CASE = "Kein Fall geöffnet."
LOADING = "Lädt …"
TAB_MASTER = "Stammdaten"


class CaseDetailPanel(QWidget):
    """See module docstring. ``sig_case_changed(case_id)`` follows every saved change;
    ``sig_loaded(case_id)`` tells that a ``load()`` has finished."""

    sig_case_changed = Signal(str)
    sig_loaded = Signal(str)  # case, journal, measures, residence, reminders shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetailPanel")
        self._ctx = ctx
        self._case_id: str | None = None
        self._detail: CaseDetail | None = None
        self._seq = 0  # bumped by load() and clear(); older results are ignored
        self._saving = False
        self._authorities_loaded = False
        self._status_dialog: StatusDialog | None = None
        self._reload_box: QMessageBox | None = None

        self.placeholder = QLabel(NO_CASE, self)
        self.placeholder.setObjectName("detailPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.header = CaseHeader(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("caseTabs")

        # Stammdaten
        master = QWidget(self.tabs)
        self.form = CaseForm(master, district_editable=False)
        scroll = scrolling(self.form, master)
        self.save_status = QLabel(master)
        self.save_status.setObjectName("saveStatus")
        self.discard_button = QPushButton("Verwerfen", master)
        self.discard_button.setToolTip("Änderungen verwerfen und die gespeicherten Daten zeigen")
        self.save_button = QPushButton("Speichern", master)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip("Stammdaten speichern (Strg+S)")
        lay_out_form_page(master, self.form, scroll, self.save_status,
                          (self.discard_button, self.save_button))

        self.status_tab = StatusTab(self.tabs)
        self.journal_tab = JournalTab(ctx, self.tabs)
        self.measures_tab = MeasuresTab(ctx, self.tabs)
        self.reminders_tab = RemindersTab(ctx, self.tabs)
        self.residence_tab = ResidenceTab(ctx, self.tabs)
        self.tabs.addTab(master, TAB_MASTER)
        self.tabs.addTab(self.status_tab, "Status")
        self.tabs.addTab(self.journal_tab, "Verlauf")
        self.tabs.addTab(self.measures_tab, "Maßnahmen")
        self.tabs.addTab(self.reminders_tab, "Fristen")
        self.tabs.addTab(self.residence_tab, "Aufenthalt")
        self.attachments_tab = AttachmentsTab(ctx, self.tabs)
        self.tabs.addTab(self.attachments_tab, "Anlagen")
        self.letters_tab = LettersTab(ctx, self.tabs)
        self.tabs.addTab(self.letters_tab, "Schriftverkehr")
        self.custody_tab = CustodyTab(ctx, self.tabs)
        self.tabs.addTab(self.custody_tab, "Haft")
        self.conferences_tab = CaseConferencesTab(ctx, self.tabs)
        self.tabs.addTab(self.conferences_tab, "Konferenzen")

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.header)
        content_layout.addWidget(self.tabs, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        self._content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self._on_save)
        self.save_button.clicked.connect(self._on_save)
        self.discard_button.clicked.connect(self._on_discard)
        self.form.sig_changed.connect(self._on_form_changed)
        self.status_tab.sig_change_requested.connect(self._on_change_status)
        self.journal_tab.sig_added.connect(self._on_journal_added)
        self.measures_tab.sig_changed.connect(self._on_measures_changed)
        self.reminders_tab.sig_changed.connect(self._on_measures_changed)
        self.residence_tab.sig_changed.connect(self._on_measures_changed)
        self.attachments_tab.sig_changed.connect(self._on_measures_changed)
        self.letters_tab.sig_changed.connect(self._on_measures_changed)
        self.custody_tab.sig_changed.connect(self._on_custody_changed)
        self.conferences_tab.sig_changed.connect(self._on_conferences_changed)
        self.custody_tab.sig_write_notice.connect(self._on_write_notice)
        self.residence_tab.sig_obstacles.connect(self.measures_tab.set_obstacles)
        ctx.session.sig_locked.connect(self.clear)
        self._on_form_changed()

    # --- public ----------------------------------------------------------------------------
    @property
    def current_case_id(self) -> str | None:
        return self._case_id

    @property
    def detail(self) -> CaseDetail | None:
        return self._detail

    def has_unsaved_changes(self) -> bool:
        """Edited Stammdaten, or a Vermerk or Maßnahme typed but not yet added."""
        if self._detail is None:
            return False
        return (self.form.is_dirty() or self.journal_tab.has_draft()
                or self.measures_tab.has_draft() or self.residence_tab.has_draft()
                or self.reminders_tab.has_draft() or self.letters_tab.has_draft()
                or self.custody_tab.has_draft() or self.conferences_tab.has_draft())

    def load(self, case_id: str) -> None:
        """Opens ``case_id``; unsaved changes of the previous case are dropped (ask first)."""
        self._reset(LOADING)
        self._case_id = case_id
        self.journal_tab.set_case(case_id)
        self.measures_tab.set_case(case_id)
        self.reminders_tab.set_case(case_id)
        self.residence_tab.set_case(case_id)
        self.attachments_tab.set_case(case_id)  # lists on the worker
        self.letters_tab.set_case(case_id)
        self.custody_tab.set_case(case_id)
        self.conferences_tab.set_case(case_id)
        seq = self._seq
        runner, cases = self._ctx.runner, self._ctx.workspace.cases
        if not self._authorities_loaded:
            runner.run(self._ctx.workspace.partners.foreigners_authorities,
                       on_success=self._on_authorities, owner=self, label="Behörden laden")
        runner.run(cases.get, case_id, on_success=lambda d: self._on_detail(seq, d),
                   on_error=lambda e: self._on_load_failed(seq, e), owner=self,
                   label="Fall öffnen")

    def reload(self) -> None:
        if self._case_id is not None:
            self.load(self._case_id)

    def clear(self) -> None:
        """Empties every field and model (on lock); late results are ignored."""
        self._reset(NO_CASE)

    # --- loading ---------------------------------------------------------------------------
    def _reset(self, placeholder: str) -> None:
        self._seq += 1
        self._case_id = None
        self._detail = None
        self._saving = False
        for popup in (self._status_dialog, self._reload_box):
            if popup is not None:
                popup.done(QDialog.DialogCode.Rejected)
        self._status_dialog = None
        self._reload_box = None
        self.header.clear()
        self.form.clear()
        self.form.setEnabled(True)
        self.status_tab.clear()
        self.journal_tab.clear()
        self.measures_tab.clear()
        self.reminders_tab.clear()
        self.residence_tab.clear()
        self.attachments_tab.clear()
        self.letters_tab.clear()
        self.custody_tab.clear()
        self.conferences_tab.clear()
        self.save_status.clear()
        self.placeholder.setText(placeholder)
        self.stack.setCurrentWidget(self.placeholder)
        self._on_form_changed()

    def _on_authorities(self, partners: list[PartnerRef]) -> None:
        self._authorities_loaded = True
        self.form.set_authorities(partners)

    def _on_detail(self, seq: int, detail: CaseDetail) -> None:
        if seq != self._seq:
            return
        self._show_detail(detail, refill_form=True)
        self.stack.setCurrentWidget(self._content)
        self._ctx.runner.run(self._ctx.workspace.cases.journal, detail.id,
                             self.journal_tab.kind_filter(),
                             on_success=lambda entries: self._on_journal(seq, entries),
                             on_error=lambda e: self._on_load_failed(seq, e), owner=self,
                             label="Verlauf laden")

    def _on_journal(self, seq: int, entries: list[JournalView]) -> None:
        if seq != self._seq or self._detail is None:
            return
        self.journal_tab.set_entries(entries)
        self._ctx.runner.run(self._ctx.workspace.cases.measures, self._detail.id,
                             on_success=lambda items: self._on_measures(seq, items),
                             on_error=lambda e: self._on_load_failed(seq, e), owner=self,
                             label="Maßnahmen laden")

    def _on_measures(self, seq: int, measures: list[MeasureView]) -> None:
        if seq != self._seq or self._detail is None:
            return
        self.measures_tab.set_measures(measures)
        self._ctx.runner.run(self._ctx.workspace.residence.overview, self._detail.id,
                             on_success=lambda overview: self._on_residence(seq, overview),
                             on_error=lambda e: self._on_load_failed(seq, e), owner=self,
                             label="Aufenthalt laden")

    def _on_residence(self, seq: int, overview: ResidenceOverview) -> None:
        if seq != self._seq or self._detail is None:
            return
        self.residence_tab.show_overview(overview)
        self._ctx.runner.run(self._ctx.workspace.reminders.of_case, self._detail.id,
                             on_success=lambda items: self._on_reminders(seq, items),
                             on_error=lambda e: self._on_load_failed(seq, e), owner=self,
                             label="Fristen laden")

    def _on_reminders(self, seq: int, reminders: list[ReminderView]) -> None:
        if seq == self._seq and self._detail is not None:
            self.reminders_tab.set_reminders(reminders)
            self.sig_loaded.emit(self._detail.id)

    def _on_load_failed(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        self._reset(error.message if isinstance(error, UserFacingError)
                    else "Der Fall konnte nicht geladen werden.")
        if not isinstance(error, UserFacingError):
            self._ctx.errors.show(error, self)

    def _show_detail(self, detail: CaseDetail, *, refill_form: bool) -> None:
        self._detail = detail
        self.header.set_detail(detail)
        self.status_tab.set_detail(detail)
        if refill_form:
            self.form.set_detail(detail)
        self._on_form_changed()

    # --- Stammdaten ------------------------------------------------------------------------
    def _on_form_changed(self) -> None:
        dirty = self._detail is not None and self.form.is_dirty()
        self.tabs.setTabText(0, f"{TAB_MASTER} *" if dirty else TAB_MASTER)
        self.save_button.setEnabled(dirty and not self._saving)
        self.discard_button.setEnabled(dirty and not self._saving)
        if dirty:
            self.save_status.clear()

    def _on_discard(self) -> None:
        if self._detail is not None and not self._saving:
            self.form.set_detail(self._detail)

    def _on_save(self) -> None:
        if self.tabs.currentWidget() is self.custody_tab:
            self.custody_tab.save()  # Strg+S in the "Haft" tab saves the custody record
            return
        detail = self._detail
        if detail is None or self._saving or not self.form.is_dirty():
            return
        if not self.form.check_locally():
            return
        changes = self.form.case_changes(detail.caseworker.id if detail.caseworker else None)
        seq = self._seq
        self._set_saving(True)
        self._ctx.runner.run(self._ctx.workspace.cases.update, detail.id, detail.version,
                             changes, on_success=lambda d: self._on_saved(seq, d),
                             on_error=lambda e: self._on_save_failed(seq, e), owner=self,
                             label="Stammdaten speichern")

    def _on_saved(self, seq: int, detail: CaseDetail) -> None:
        if seq != self._seq:
            return
        self._set_saving(False)
        self._show_detail(detail, refill_form=True)
        self.save_status.setText("Gespeichert.")
        self.journal_tab.reload()
        self.sig_case_changed.emit(detail.id)

    def _on_save_failed(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        self._set_saving(False)
        if isinstance(error, InvalidInputError):
            self.form.errors.show(error.problems)
        elif isinstance(error, StaleDataError):
            self._offer_reload(error.message)
        else:
            self._ctx.errors.show(error, self)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        focus = self.focusWidget()
        self.form.setEnabled(not saving)
        if not saving and focus is not None and self.form.isAncestorOf(focus):
            focus.setFocus()
        self.save_status.setText("Wird gespeichert …" if saving else "")
        self._on_form_changed()

    def _offer_reload(self, message: str) -> None:
        if self._reload_box is not None:
            return
        box = question_box(self, QMessageBox.Icon.Warning, "Fallakte RRK",
                           f"{message}\n\nJetzt neu laden? Ungespeicherte Änderungen in den "
                           "Stammdaten gehen dabei verloren.",
                           name="staleDataBox", yes="Neu laden",
                           yes_role=QMessageBox.ButtonRole.AcceptRole, no="Nicht jetzt",
                           default_yes=True, on_answer=self._on_reload_answer)
        self._reload_box = box
        box.open()

    def _on_reload_answer(self, box: QMessageBox, reload: bool) -> None:
        if self._reload_box is box:
            self._reload_box = None
            if reload:
                self.reload()

    # --- status, journal, measures ---------------------------------------------------------
    def _on_change_status(self) -> None:
        if self._detail is None or self._status_dialog is not None:
            return
        dialog = StatusDialog(self._ctx, self._detail, self)
        dialog.sig_status_changed.connect(self._on_status_changed)
        dialog.sig_stale.connect(lambda: self._offer_reload(StaleDataError.message))
        dialog.finished.connect(lambda _r: self._on_status_dialog_finished(dialog))
        self._status_dialog = dialog
        dialog.open()

    def _on_status_dialog_finished(self, dialog: StatusDialog) -> None:
        if self._status_dialog is dialog:
            self._status_dialog = None
        dialog.deleteLater()

    def _on_status_changed(self, detail: CaseDetail) -> None:
        if detail.id != self._case_id:
            return
        # Typed but unsaved Stammdaten stay; they are saved against the new version.
        self._show_detail(detail, refill_form=not self.form.is_dirty())
        self.journal_tab.reload()
        self.sig_case_changed.emit(detail.id)

    def _on_journal_added(self, entry: JournalView) -> None:
        self.sig_case_changed.emit(entry.case_id)

    def _on_measures_changed(self) -> None:
        self.journal_tab.reload()
        if self._case_id is not None:
            self.sig_case_changed.emit(self._case_id)

    def _on_custody_changed(self) -> None:
        """Dates, early warnings (Fristen), the journal and the flag "in Haft" may have moved."""
        self.reminders_tab.reload()
        self._on_measures_changed()
        if self._case_id is not None:
            self._ctx.runner.run(self._ctx.workspace.cases.get, self._case_id,
                                 on_success=self._on_status_changed, owner=self,
                                 label="Fall laden")

    def _on_conferences_changed(self) -> None:
        """A conference's decisions become measures with Wiedervorlagen in the case."""
        self.measures_tab.reload()
        self.reminders_tab.reload()
        self._on_measures_changed()

    def _on_write_notice(self) -> None:
        """"Mitteilung Haftentlassung schreiben …": the Schriftverkehr's compose flow."""
        self.tabs.setCurrentWidget(self.letters_tab)
        self.letters_tab.new_letter(LetterKind.CUSTODY_NOTICE)
