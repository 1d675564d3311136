"""The dialog for a new case (Falleingang): person, intake, Merkmale, Sachverhalt.

Opened with ``open()``; emits ``sig_created(CaseDetail)`` after the case was saved. Problems
the service finds are shown at the fields and the dialog stays open with all input kept.

"Fall anlegen" first runs the duplicate check. If it finds existing cases, the panel
"Mögliche Dubletten" shows them inside the dialog with their reasons; the caseworker then
creates the case anyway or opens an existing one (``sig_open_case(case_id)``, and the dialog
closes without creating anything). Changing a person field after the warning hides it, and
the next "Fall anlegen" checks again.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.domain.enums import District
from desktop.errors import InvalidInputError
from desktop.services.read_models import CaseDetail, DuplicateView, PartnerRef
from desktop.ui.context import AppContext
from desktop.ui.widgets.case_form import CaseForm
from desktop.ui.widgets.duplicates_panel import DuplicatesPanel
from desktop.ui.widgets.form_page import lay_out_form_page, scrolling
from desktop.ui.widgets.question_box import question_box

_LAST_DISTRICT_KEY = "create_case/district"  # a district code: UI state, no case data


class CreateCaseDialog(QDialog):
    """See module docstring. Esc asks before throwing typed input away."""

    sig_created = Signal(object)  # CaseDetail
    sig_open_case = Signal(str)  # the id of an existing case the caseworker chose instead

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createCaseDialog")
        self.setWindowTitle("Neuen Fall anlegen")
        self._ctx = ctx
        self._busy = False
        self._confirm: QMessageBox | None = None
        self._warned: tuple | None = None  # the person fields the shown warning is about

        self.form = CaseForm(self)
        scroll = scrolling(self.form, self)
        self.duplicates = DuplicatesPanel(self)  # made here: Tab goes form → panel → buttons

        self.status_label = QLabel(self)
        self.status_label.setObjectName("createStatus")
        self.create_button = QPushButton("Fall anlegen", self)
        self.create_button.setObjectName("createButton")
        self.create_button.setToolTip("Fall anlegen (Strg+Enter)")
        self.cancel_button = QPushButton("Abbrechen", self)
        self.cancel_button.setToolTip("Abbrechen (Esc)")
        for button in (self.create_button, self.cancel_button):
            # Enter in a field must not create the case by accident; Strg+Enter does.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.create_button.clicked.connect(self._on_create)
        self.cancel_button.clicked.connect(self.reject)

        hint = QLabel("Pflichtfeld: *  ·  Strg+Enter legt den Fall an, Esc bricht ab.", self)
        hint.setStyleSheet("color: palette(placeholder-text);")
        lay_out_form_page(self, self.form, scroll, self.status_label,
                          (self.create_button, self.cancel_button),
                          notes=(self.duplicates, hint))
        self.duplicates.sig_create_anyway.connect(self._on_create_anyway)
        self.duplicates.sig_open_case.connect(self._on_open_existing)
        self.form.sig_changed.connect(self._on_form_changed)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._on_create)

        self.form.clear(district=self._default_district())
        self.resize(1040, 720)
        ctx.session.sig_locked.connect(self._on_locked)
        ctx.runner.run(ctx.workspace.partners.foreigners_authorities,
                       on_success=self._on_authorities, owner=self, label="Behörden laden")

    # --- public ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def has_input(self) -> bool:
        return self.form.is_dirty()

    def discard(self) -> None:
        """Closes without asking (the input is thrown away)."""
        self._close_confirm()
        self._reset_warning()
        self.form.clear()
        super().reject()

    # --- QDialog ---------------------------------------------------------------------------
    def reject(self) -> None:
        if self._busy:
            return  # the case is being saved; closing now would hide the result
        if not self.form.is_dirty():
            super().reject()
            return
        if self._confirm is not None:
            return
        box = question_box(self, QMessageBox.Icon.Question, "Eingaben verwerfen?",
                           "Die Eingaben für den neuen Fall gehen verloren.",
                           name="discardInputBox", yes="Verwerfen",
                           yes_role=QMessageBox.ButtonRole.DestructiveRole,
                           no="Weiter bearbeiten", default_yes=False,
                           on_answer=self._on_confirm_finished)
        self._confirm = box
        box.open()

    def done(self, result: int) -> None:
        self._close_confirm()
        super().done(result)

    # --- slots -----------------------------------------------------------------------------
    def _on_confirm_finished(self, box: QMessageBox, discard: bool) -> None:
        if box is self._confirm:
            self._confirm = None
            if discard:
                self.discard()

    def _on_authorities(self, partners: list[PartnerRef]) -> None:
        self.form.set_authorities(partners)

    def _on_create(self) -> None:
        """Runs the duplicate check; the case is created if it finds nothing."""
        if self._busy:
            return
        if self.duplicates.isVisible():
            self.duplicates.table.setFocus()  # the choice is made in the panel
            return
        if not self.form.check_locally():
            return
        data = self.form.case_input()
        self._set_busy(True, "Mögliche Dubletten werden gesucht …")
        self._ctx.runner.run(self._ctx.workspace.cases.duplicate_candidates, data.person,
                             data.aliases,
                             on_success=partial(self._on_candidates, self._person_state()),
                             on_error=self._on_create_failed, owner=self,
                             label="Dubletten prüfen")

    def _on_candidates(self, checked: tuple, candidates: list[DuplicateView]) -> None:
        if checked != self._person_state():
            # Changed while the check ran: the next "Fall anlegen" checks again.
            self._set_busy(False)
            return
        if not candidates:
            self._create()
            return
        self._set_busy(False)
        self._warned = checked
        self.create_button.setEnabled(False)
        count = len(candidates)
        self.status_label.setText("1 möglicher vorhandener Fall" if count == 1
                                  else f"{count} mögliche vorhandene Fälle")
        self.duplicates.show_candidates(candidates)

    def _on_create_anyway(self) -> None:
        if self._busy or self._warned != self._person_state():
            return
        if self.form.check_locally():
            self._create()

    def _on_open_existing(self, case_id: str) -> None:
        if self._busy:
            return
        self.sig_open_case.emit(case_id)
        self.discard()  # nothing is created; no typed data stays in a hidden dialog

    def _on_form_changed(self) -> None:
        if self._warned is not None and self._warned != self._person_state():
            self._reset_warning()
            self.status_label.setText("Personalien geändert: „Fall anlegen“ prüft erneut "
                                      "auf Dubletten.")

    def _create(self) -> None:
        data = self.form.case_input()
        self._set_busy(True, "Fall wird angelegt …")
        self._ctx.runner.run(self._ctx.workspace.cases.create, data,
                             on_success=self._on_created, on_error=self._on_create_failed,
                             owner=self, label="Fall anlegen")

    def _on_created(self, detail: CaseDetail) -> None:
        self._set_busy(False)
        self._reset_warning()
        self._ctx.settings.setValue(_LAST_DISTRICT_KEY, detail.district.value)
        self.sig_created.emit(detail)
        self.form.clear()  # no case data stays behind in a hidden dialog
        self.accept()

    def _on_create_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, InvalidInputError):
            self.form.errors.show(error.problems)
        else:
            self._ctx.errors.show(error, self)

    def _on_locked(self) -> None:
        self._busy = False
        self.discard()

    # --- helpers ---------------------------------------------------------------------------
    def _close_confirm(self) -> None:
        box, self._confirm = self._confirm, None
        if box is not None:
            box.done(QMessageBox.StandardButton.Cancel)
            box.deleteLater()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.create_button.setEnabled(not busy and self._warned is None)
        self.cancel_button.setEnabled(not busy)
        self.duplicates.set_enabled(not busy)
        self.status_label.setText(text if busy else "")

    def _reset_warning(self) -> None:
        self._warned = None
        self.duplicates.reset()
        self.create_button.setEnabled(not self._busy)

    def _person_state(self) -> tuple:
        """The fields the duplicate check reads, as typed (names, birth date, aliases)."""
        form = self.form
        aliases = tuple(tuple(w.text() for w in form.aliases.row_widgets(i))
                        for i in range(form.aliases.row_count()))
        return (form.family_name.text(), form.given_names.text(), form.birth_name.text(),
                form.birth_date.text(), aliases)

    def _default_district(self) -> District:
        """The vault's district if it records one, else the last one used, else Düsseldorf."""
        own = getattr(self._ctx.session.workspace, "district", None)
        if isinstance(own, District):
            return own
        try:
            return District(str(self._ctx.settings.value(_LAST_DISTRICT_KEY, "DUS")))
        except ValueError:
            return District.DUESSELDORF
