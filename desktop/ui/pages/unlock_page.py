"""The unlock screen: user, passphrase (or keyring, or recovery code); errors shown inline."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.errors import (
    KeyringUnavailableError,
    UserFacingError,
    WrongPassphraseError,
)
from desktop.services.workspace import TooManyAttemptsError, VaultState, Workspace
from desktop.ui.context import AppContext
from desktop.ui.pages.card import ERROR_STYLE, HINT_STYLE, centred_card, text_label, title_label

SETTINGS_LAST_USER = "unlock/last_user"


class UnlockPage(QWidget):
    """Shown while a vault exists and is locked. Sets the session's workspace on success."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPage")
        self._ctx = ctx
        self._state: VaultState | None = None
        self._busy = False
        self._auto_keyring = False
        self._blocked_until = 0.0
        self._blocked_prefix = ""

        card = centred_card(self)
        card.addWidget(title_label("Fallakte RRK", self))
        self.subtitle = text_label("Der Tresor ist gesperrt.", self)
        card.addWidget(self.subtitle)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("unlockUser")
        self.user_combo.currentIndexChanged.connect(self._on_user_changed)
        form.addRow("Benutzer", self.user_combo)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("unlockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.returnPressed.connect(self.submit)
        self.passphrase.textEdited.connect(self._on_typing)
        form.addRow("Passphrase", self.passphrase)
        card.addLayout(form)

        self.demo_hint = text_label("", self, style=HINT_STYLE)
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setVisible(False)
        card.addWidget(self.demo_hint)

        self.message = text_label("", self, style=ERROR_STYLE)
        self.message.setObjectName("unlockMessage")
        self.message.setVisible(False)
        card.addWidget(self.message)

        buttons = QHBoxLayout()
        self.keyring_button = QPushButton("Mit Schlüsselbund entsperren", self)
        self.keyring_button.setObjectName("keyringButton")
        self.keyring_button.setVisible(False)
        self.keyring_button.clicked.connect(self.unlock_with_keyring)
        buttons.addWidget(self.keyring_button)
        buttons.addStretch(1)
        self.unlock_button = QPushButton("Entsperren", self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        buttons.addWidget(self.unlock_button)
        card.addLayout(buttons)

        self.recovery_toggle = QPushButton("Wiederherstellungscode verwenden …", self)
        self.recovery_toggle.setObjectName("recoveryToggle")
        self.recovery_toggle.setFlat(True)
        self.recovery_toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.recovery_toggle.setStyleSheet("text-decoration: underline; text-align: left;")
        self.recovery_toggle.clicked.connect(self._on_recovery_toggled)
        card.addWidget(self.recovery_toggle, 0, Qt.AlignmentFlag.AlignLeft)

        self.recovery_box = QWidget(self)
        recovery = QFormLayout(self.recovery_box)
        recovery.setContentsMargins(0, 0, 0, 0)
        recovery_hint = text_label(
            "Den Wiederherstellungscode hat die Leitung verwahrt. Nach dem Entsperren bitte "
            "eine neue Passphrase festlegen lassen.", self.recovery_box, style=HINT_STYLE)
        recovery.addRow(recovery_hint)
        self.recovery_code = QLineEdit(self.recovery_box)
        self.recovery_code.setObjectName("recoveryCode")
        self.recovery_code.setPlaceholderText("XXXXX-XXXXX-XXXXX-…")
        self.recovery_code.returnPressed.connect(self.unlock_with_recovery)
        recovery.addRow("Code", self.recovery_code)
        self.recovery_button = QPushButton("Mit Code entsperren", self.recovery_box)
        self.recovery_button.setObjectName("recoveryButton")
        self.recovery_button.clicked.connect(self.unlock_with_recovery)
        recovery.addRow("", self.recovery_button)
        self.recovery_box.setVisible(False)
        card.addWidget(self.recovery_box)

        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._on_countdown)

    # --- showing ----------------------------------------------------------------------------
    def prepare(self, *, auto_keyring: bool = False, notice: str = "") -> None:
        """Reads the vault's users (on the worker); with ``auto_keyring`` tries the keyring
        first when the chosen user has a keyring slot (at program start, not after a lock).

        ``notice`` says why the vault is locked (e.g. after idle time).
        """
        self._auto_keyring = auto_keyring
        self.passphrase.clear()
        self.recovery_code.clear()
        self._show_message("")
        path = self._ctx.vault_service.path
        text = f"Der Tresor „{path.name}“ ist gesperrt."
        self.subtitle.setText(f"{text}\n{notice}" if notice else text)
        self.subtitle.setToolTip(str(path))
        if self._ctx.demo and self._ctx.demo_passphrase:
            self.demo_hint.setText("Demo-Tresor mit ausschließlich synthetischen Daten.\n"
                                   f"Passphrase: {self._ctx.demo_passphrase}")
            self.demo_hint.setVisible(True)
        else:
            self.demo_hint.setVisible(False)
        self._set_busy(True)
        self._ctx.runner.run(self._ctx.vault_service.state, owner=self,
                             label="Tresor prüfen", on_success=self._on_state,
                             on_error=self._on_error)

    def _on_state(self, state: VaultState) -> None:
        self._state = state
        self._set_busy(False)
        wanted = self.user_combo.currentText() or str(
            self._ctx.settings.value(SETTINGS_LAST_USER, ""))
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        self.user_combo.addItems(list(state.users))
        index = self.user_combo.findText(wanted)
        self.user_combo.setCurrentIndex(max(index, 0))
        self.user_combo.blockSignals(False)
        self.user_combo.setEnabled(len(state.users) > 1)
        self._on_user_changed()
        self._update_countdown()
        if self._auto_keyring and self.keyring_button.isVisible():
            self._auto_keyring = False
            self.unlock_with_keyring()
        else:
            self.passphrase.setFocus()

    def _on_user_changed(self, *_args: int) -> None:
        state = self._state
        user = self.user_combo.currentText()
        usable = bool(state and state.keyring_available and user in state.keyring_users)
        self.keyring_button.setVisible(usable)

    def _on_recovery_toggled(self) -> None:
        shown = not self.recovery_box.isVisible()
        self.recovery_box.setVisible(shown)
        if shown:
            self.recovery_code.setFocus()

    def _on_typing(self, _text: str) -> None:
        if self.message.isVisible() and not self._blocked():
            self._show_message("")

    # --- unlocking --------------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy or self._blocked():
            return
        secret = self.passphrase.text()
        if not secret:
            self._show_message("Bitte die Passphrase eingeben.")
            return
        self._start(self._ctx.vault_service.unlock_with_passphrase,
                    self.user_combo.currentText() or None, secret)

    def unlock_with_keyring(self) -> None:
        if self._busy:
            return
        self._start(self._ctx.vault_service.unlock_with_keyring, self.user_combo.currentText())

    def unlock_with_recovery(self) -> None:
        if self._busy:
            return
        code = self.recovery_code.text().strip()
        if not code:
            self._show_message("Bitte den Wiederherstellungscode eingeben.")
            return
        self._start(self._ctx.vault_service.unlock_with_recovery, self.user_combo.currentText(),
                    code)

    def _start(self, fn, *args) -> None:
        self._show_message("")
        self._set_busy(True)
        self._ctx.runner.run(fn, *args, owner=self, label="Entsperren",
                             on_success=self._on_unlocked, on_error=self._on_error)

    def _on_unlocked(self, workspace: Workspace) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.recovery_code.clear()
        self.recovery_box.setVisible(False)
        self._show_message("")
        self._ctx.settings.setValue(SETTINGS_LAST_USER, self.user_combo.currentText())
        self._ctx.session.set_workspace(workspace)

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, TooManyAttemptsError):
            self.passphrase.clear()
            self._block(error.wait_seconds)
            return
        if isinstance(error, WrongPassphraseError):
            self.passphrase.clear()
            self._show_message(error.message)
            delay = self._ctx.vault_service.retry_delay()
            if delay > 0:
                self._block(delay, prefix=error.message)
            self.passphrase.setFocus()
            return
        if isinstance(error, KeyringUnavailableError):
            self.keyring_button.setVisible(False)
            self._show_message(error.message)
            self.passphrase.setFocus()
            return
        if isinstance(error, UserFacingError):
            self._show_message(error.message)
            return
        self._ctx.errors.show(error, self)

    # --- back-off ---------------------------------------------------------------------------
    def _blocked(self) -> bool:
        return time.monotonic() < self._blocked_until

    def _block(self, seconds: float, prefix: str = "") -> None:
        self._blocked_prefix = prefix
        self._blocked_until = time.monotonic() + seconds
        self._countdown.start()
        self._update_countdown()

    def _on_countdown(self) -> None:
        self._update_countdown()

    def _update_countdown(self) -> None:
        remaining = self._blocked_until - time.monotonic()
        if remaining > 0:
            seconds = math.ceil(remaining)
            unit = "Sekunde" if seconds == 1 else "Sekunden"
            prefix = self._blocked_prefix
            text = f"Zu viele Fehlversuche. Nächster Versuch in {seconds} {unit}."
            self._show_message(f"{prefix}\n{text}" if prefix else text)
            self.unlock_button.setEnabled(False)
            self.unlock_button.setText(f"Entsperren ({seconds})")
            return
        self._countdown.stop()
        if self.unlock_button.text() != "Entsperren":
            self.unlock_button.setText("Entsperren")
            self._show_message("")
        self.unlock_button.setEnabled(not self._busy)

    # --- helpers ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.passphrase, self.keyring_button, self.recovery_button,
                       self.recovery_code):
            widget.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and not self._blocked())
        if busy:
            self.unlock_button.setText("Entsperren …")
        elif not self._blocked():
            self.unlock_button.setText("Entsperren")

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
