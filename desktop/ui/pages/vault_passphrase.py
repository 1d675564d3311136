"""The vault page's "Passphrase ändern" group: change it with the old one, or, after an unlock
with the recovery code, set a new one without it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import InvalidInputError, UserFacingError, WrongPassphraseError
from desktop.services.workspace import Workspace
from desktop.ui.context import AppContext
from desktop.ui.pages.card import HINT_STYLE, text_label
from desktop.ui.widgets.field_errors import FieldErrors
from desktop.ui.widgets.strength_hint import StrengthHint, password_field

OK_STYLE = "color: #1b6e20;"
_RIGHT_TOP = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
WRONG_OLD = "Die bisherige Passphrase ist falsch."
CHANGED = ("Passphrase geändert. Die Tresordatei blieb unverändert; nur der Schlüssel wurde neu "
           "verpackt.")
RESET = ("Neue Passphrase festgelegt. Die Tresordatei blieb unverändert; nur der Schlüssel wurde "
         "neu verpackt.")
_INTRO = ("Nach dem Ändern öffnet nur noch die neue Passphrase den Tresor. Ältere Sicherungen "
          "öffnen sich weiter mit der Passphrase, die bei ihrer Erstellung galt.")
_INTRO_RESET = ("Der Tresor wurde mit dem Wiederherstellungscode entsperrt. Legen Sie jetzt eine "
                "neue Passphrase fest; die bisherige wird dafür nicht gebraucht und gilt danach "
                "nicht mehr.")


class PassphraseBox(QGroupBox):
    """Emits ``sig_passphrase_set`` after the passphrase was changed or reset."""

    sig_passphrase_set = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Passphrase ändern", parent)
        self.setObjectName("passphraseBox")
        self._ctx = ctx
        self._reset_mode = False
        self._busy = False
        layout = QVBoxLayout(self)
        self.intro = text_label(_INTRO, self, style=HINT_STYLE)
        layout.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.old = password_field("oldPassphrase", self)
        self.new = password_field("newPassphrase", self)
        self.repeated = password_field("repeatedPassphrase", self)
        self.repeated.returnPressed.connect(self.submit)
        self.summary = QLabel(self)
        self.summary.setObjectName("passphraseSummary")
        self.errors = FieldErrors(self.summary, self)
        self._old_label = self.errors.add_row(self.form, "Bisherige Passphrase", "old",
                                              self.old, "Bisherige Passphrase")
        self.errors.add_row(self.form, "Neue Passphrase", "passphrase", self.new,
                            "Neue Passphrase")
        self.errors.add_row(self.form, "Neue Passphrase wiederholen", "repeated", self.repeated,
                            "Wiederholung")
        self.strength = StrengthHint(self)
        self.form.addRow("Stärke", self.strength)
        self.new.textChanged.connect(self.strength.set_passphrase)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)

        row = QHBoxLayout()
        self.result = text_label("", self, style=OK_STYLE)
        self.result.setObjectName("passphraseResult")
        self.result.setVisible(False)
        row.addWidget(self.result, 1)
        self.submit_button = QPushButton("Passphrase ändern", self)
        self.submit_button.setObjectName("changePassphraseButton")
        self.submit_button.clicked.connect(self.submit)
        row.addWidget(self.submit_button, 0, _RIGHT_TOP)
        layout.addLayout(row)

    @property
    def reset_mode(self) -> bool:
        """True while a new passphrase is set without the old one (after a recovery unlock)."""
        return self._reset_mode

    def set_reset_mode(self, reset: bool) -> None:
        self._reset_mode = reset
        self.form.setRowVisible(self._old_label, not reset)
        self.intro.setText(_INTRO_RESET if reset else _INTRO)
        self.intro.setStyleSheet("font-weight: bold;" if reset else HINT_STYLE)
        self.submit_button.setText("Passphrase festlegen" if reset else "Passphrase ändern")

    def focus_new(self) -> None:
        self.new.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Forgets everything typed and shown (on lock)."""
        for field in (self.old, self.new, self.repeated):
            field.clear()
        self.errors.clear()
        self._show_result("")
        self._set_busy(False)
        self.set_reset_mode(False)

    # --- submitting -------------------------------------------------------------------------
    def submit(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None or self._busy:
            return
        self.errors.clear()
        self._show_result("")
        new, repeated = self.new.text(), self.repeated.text()
        if self._reset_mode:
            self._start(workspace, workspace.reset_passphrase, new, repeated)
            return
        old = self.old.text()
        if not old:
            self.errors.show({"old": "Bitte die bisherige Passphrase eingeben."})
            return
        self._start(workspace, workspace.change_passphrase, old, new, repeated)

    def _start(self, workspace: Workspace, fn, *args: str) -> None:
        self._set_busy(True)
        self._ctx.runner.run(
            fn, *args, owner=self, label="Passphrase ändern",
            on_success=lambda _r: self._on_changed(workspace),
            on_error=lambda error: self._on_change_failed(workspace, error))

    def _on_changed(self, workspace: Workspace) -> None:
        if workspace is not self._ctx.session.workspace:
            return  # locked in the meantime
        self._set_busy(False)
        message = RESET if self._reset_mode else CHANGED
        for field in (self.old, self.new, self.repeated):
            field.clear()
        self.set_reset_mode(workspace.may_reset_passphrase)
        self._show_result(message)
        self.sig_passphrase_set.emit()

    def _on_change_failed(self, workspace: Workspace, error: BaseException) -> None:
        if workspace is not self._ctx.session.workspace:
            return
        self._set_busy(False)
        if isinstance(error, InvalidInputError):
            self.errors.show(error.problems)
        elif isinstance(error, WrongPassphraseError):
            self.old.clear()
            self.errors.show({"old": WRONG_OLD})
        elif isinstance(error, UserFacingError):
            self.errors.show({"form": error.message})
        else:
            self._ctx.errors.show(error, self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)

    def _show_result(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))
