"""The "Tresor" page: which vault and user, the security self-test, backups, the keyring;
the passphrase, the recovery code and the users (groups of their own modules)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.config import VAULT_SUFFIX
from desktop.services.read_models import CheckLine
from desktop.ui.context import AppContext
from desktop.ui.models.check_model import CheckModel
from desktop.ui.pages.card import ERROR_STYLE, HINT_STYLE, text_label, title_label
from desktop.ui.pages.vault_passphrase import PassphraseBox
from desktop.ui.pages.vault_recovery import RecoveryCodeBox
from desktop.ui.pages.vault_users import UsersBox

OK_STYLE = "color: #1b6e20;"
NOTE_STYLE = ("QLabel { background: #fff4ce; color: #4d3800; border: 1px solid #e0c060; "
              "border-radius: 4px; padding: 8px 10px; font-weight: bold; }")


class VaultPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vaultPage")
        self._ctx = ctx
        self._file_dialog: QFileDialog | None = None
        self._keyring_busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("vaultScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area)
        content = QWidget(self.scroll_area)
        content.setObjectName("vaultContent")
        self.scroll_area.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(16, 12, 16, 12)
        page.setSpacing(12)
        page.addWidget(title_label("Tresor", content, size_delta=4))
        self.recovery_note = text_label(
            "Der Tresor wurde mit dem Wiederherstellungscode entsperrt. Bitte legen Sie jetzt "
            "unter „Passphrase ändern“ eine neue Passphrase fest.", content)
        self.recovery_note.setObjectName("recoveryUnlockNote")
        self.recovery_note.setStyleSheet(NOTE_STYLE)
        self.recovery_note.setVisible(False)
        page.addWidget(self.recovery_note)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        page.addLayout(columns, 1)
        left = QVBoxLayout()
        left.setSpacing(12)
        right = QVBoxLayout()
        right.setSpacing(12)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        info = QGroupBox("Angemeldet", self)
        form = QFormLayout(info)
        self.path_label = self._value_label("vaultPath")
        self.user_label = self._value_label("vaultUser")
        self.role_label = self._value_label("vaultRole")
        form.addRow("Tresordatei", self.path_label)
        form.addRow("Benutzer", self.user_label)
        form.addRow("Rolle", self.role_label)
        left.addWidget(info)

        check = QGroupBox("Sicherheits-Selbsttest", self)
        check_layout = QVBoxLayout(check)
        row = QHBoxLayout()
        row.addWidget(text_label(
            "Prüft Verschlüsselung, Verbindungseinstellungen, Integrität der Datenbank, das "
            "Prüfprotokoll und die Dateirechte.", check, style=HINT_STYLE), 1)
        self.check_button = QPushButton("Selbsttest ausführen", check)
        self.check_button.setObjectName("selfTestButton")
        self.check_button.clicked.connect(self.run_check)
        row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        check_layout.addLayout(row)
        self.check_summary = QLabel(check)
        self.check_summary.setObjectName("selfTestSummary")
        check_layout.addWidget(self.check_summary)
        self.check_model = CheckModel(self)
        self.check_table = QTableView(check)
        self.check_table.setObjectName("selfTestTable")
        self.check_table.setAccessibleName("Ergebnisse der Selbstprüfung")
        self.check_table.setModel(self.check_model)
        self.check_table.verticalHeader().hide()
        self.check_table.setAlternatingRowColors(True)
        self.check_table.setWordWrap(False)
        self.check_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.check_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.check_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        check_layout.addWidget(self.check_table)
        self.check_model.modelReset.connect(self._fit_check_table)
        self._fit_check_table()
        left.addWidget(check)

        backup = QGroupBox("Sicherung", self)
        backup_layout = QHBoxLayout(backup)
        backup_text = QVBoxLayout()
        backup_text.addWidget(text_label(
            "Eine verschlüsselte, geprüfte Kopie des Tresors mit Schlüsseldatei (…\u2060keys). Sie "
            "öffnet sich mit den heutigen Passphrasen.", backup, style=HINT_STYLE))
        self.backup_result = text_label("", backup)
        self.backup_result.setObjectName("backupResult")
        self.backup_result.setVisible(False)
        self.backup_result.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        backup_text.addWidget(self.backup_result)
        backup_layout.addLayout(backup_text, 1)
        self.backup_button = QPushButton("Sicherung erstellen …", backup)
        self.backup_button.setObjectName("backupButton")
        self.backup_button.clicked.connect(self.choose_backup_file)
        backup_layout.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignTop)
        left.addWidget(backup)

        keyring = QGroupBox("Schlüsselbund des Betriebssystems", self)
        keyring_layout = QVBoxLayout(keyring)
        self.keyring_check = QCheckBox("Schlüsselbund verwenden", keyring)
        self.keyring_check.setObjectName("keyringToggle")
        self.keyring_check.toggled.connect(self._on_keyring_toggled)
        keyring_layout.addWidget(self.keyring_check)
        self.keyring_hint = text_label("", keyring, style=HINT_STYLE)
        self.keyring_hint.setObjectName("keyringHint")
        keyring_layout.addWidget(self.keyring_hint)
        left.addWidget(keyring)
        left.addStretch(1)

        self.passphrase_box = PassphraseBox(ctx, content)
        self.passphrase_box.sig_passphrase_set.connect(self._on_passphrase_set)
        right.addWidget(self.passphrase_box)
        self.recovery_box = RecoveryCodeBox(ctx, content)
        right.addWidget(self.recovery_box)
        self.users_box = UsersBox(ctx, content)
        right.addWidget(self.users_box)
        right.addStretch(1)

    def _fit_check_table(self) -> None:
        """As tall as its lines (at least four), so that the page has no empty table area."""
        table = self.check_table
        rows = max(4, self.check_model.rowCount())
        height = (table.horizontalHeader().sizeHint().height()
                  + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth())
        table.setFixedHeight(height)

    def _value_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- life cycle -------------------------------------------------------------------------
    def reload(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self.path_label.setText(str(workspace.path))
        user = workspace.user
        self.user_label.setText(f"{user.display_name} ({user.name})")
        self.role_label.setText(user.role.label)
        reset = workspace.may_reset_passphrase
        self.recovery_note.setVisible(reset)
        self.passphrase_box.set_reset_mode(reset)
        self.users_box.reload()
        self._set_keyring_state(available=False, enabled=False, known=False)
        self._ctx.runner.run(lambda: (workspace.keyring_available, workspace.has_keyring_slot()),
                             owner=self, label="Schlüsselbund prüfen",
                             on_success=self._on_keyring_state)

    def clear(self) -> None:
        for label in (self.path_label, self.user_label, self.role_label, self.check_summary,
                      self.backup_result):
            label.clear()
        self.backup_result.setVisible(False)
        self.check_model.clear()
        self.recovery_note.setVisible(False)
        self.passphrase_box.clear()
        self.recovery_box.clear()
        self.users_box.clear()
        if self._file_dialog is not None:
            self._file_dialog.close()
            self._file_dialog = None
        self._set_keyring_state(available=False, enabled=False, known=False)

    def show_passphrase_reset(self) -> None:
        """After an unlock with the recovery code: the note and the passphrase group in view,
        the cursor in the new passphrase field."""
        self.scroll_area.ensureWidgetVisible(self.passphrase_box)
        self.passphrase_box.focus_new()

    def _on_passphrase_set(self) -> None:
        self.recovery_note.setVisible(False)

    # --- self-test --------------------------------------------------------------------------
    def run_check(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self.check_button.setEnabled(False)
        self.check_summary.setStyleSheet("")
        self.check_summary.setText("Selbsttest läuft …")
        self._ctx.runner.run(workspace.check, owner=self, label="Selbsttest",
                             on_success=self._on_checked, on_error=self._on_check_failed)

    def _on_checked(self, lines: list[CheckLine]) -> None:
        self.check_button.setEnabled(True)
        self.check_model.set_lines(lines)
        failed = [line for line in lines if not line.ok]
        stamp = datetime.now().astimezone().strftime("%d.%m.%Y %H:%M")
        if failed:
            self.check_summary.setStyleSheet(ERROR_STYLE)
            self.check_summary.setText(
                f"{len(failed)} von {len(lines)} Prüfungen fehlgeschlagen ({stamp}).")
        else:
            self.check_summary.setStyleSheet(OK_STYLE)
            self.check_summary.setText(f"Alle {len(lines)} Prüfungen bestanden ({stamp}).")

    def _on_check_failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.check_summary.clear()
        self._ctx.errors.show(error, self)

    # --- backup -----------------------------------------------------------------------------
    def choose_backup_file(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None or self._file_dialog is not None:
            return
        folder = self._ctx.backup_dir or workspace.path.parent / "backups"
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d_%H%M")
        suggested = folder / f"{workspace.path.stem}-sicherung-{stamp}{VAULT_SUFFIX}"
        dialog = QFileDialog(self, "Sicherung speichern unter", str(suggested))
        dialog.setObjectName("backupFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter(f"Fallakte-Tresor (*{VAULT_SUFFIX})")
        dialog.setDefaultSuffix(VAULT_SUFFIX.lstrip("."))
        dialog.selectFile(str(suggested))
        dialog.fileSelected.connect(self.create_backup)
        dialog.finished.connect(self._on_file_dialog_finished)
        self._file_dialog = dialog
        dialog.open()

    def _on_file_dialog_finished(self, _result: int) -> None:
        if self._file_dialog is not None:
            self._file_dialog.deleteLater()
            self._file_dialog = None

    def create_backup(self, target: str) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None or not target:
            return
        self.backup_button.setEnabled(False)
        self.backup_result.setStyleSheet("")
        self.backup_result.setText("Sicherung wird erstellt und geprüft …")
        self.backup_result.setVisible(True)
        self._ctx.runner.run(workspace.backup, Path(target), owner=self, label="Sicherung",
                             on_success=self._on_backup_done,
                             on_error=self._on_backup_failed)

    def _on_backup_done(self, path: Path) -> None:
        self.backup_button.setEnabled(True)
        self.backup_result.setStyleSheet(OK_STYLE)
        self.backup_result.setText(f"Sicherung erstellt und geprüft: {path}")

    def _on_backup_failed(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.backup_result.clear()
        self.backup_result.setVisible(False)
        self._ctx.errors.show(error, self)

    # --- keyring ----------------------------------------------------------------------------
    def _on_keyring_state(self, state: tuple[bool, bool]) -> None:
        available, enabled = state
        self._set_keyring_state(available=available, enabled=enabled, known=True)

    def _set_keyring_state(self, *, available: bool, enabled: bool, known: bool) -> None:
        self.keyring_check.blockSignals(True)
        self.keyring_check.setChecked(enabled)
        self.keyring_check.blockSignals(False)
        self.keyring_check.setEnabled(available and not self._keyring_busy)
        self.keyring_check.setVisible(available or not known)
        if not known:
            self.keyring_hint.setText("")
        elif not available:
            self.keyring_hint.setText(
                "Auf diesem Rechner ist kein sicherer Schlüsselbund verfügbar. Der Tresor wird "
                "mit der Passphrase entsperrt.")
        elif enabled:
            self.keyring_hint.setText(
                "Der Tresor lässt sich ohne Passphrase entsperren, solange Sie am Betriebssystem "
                "angemeldet sind. Die Passphrase bleibt gültig.")
        else:
            self.keyring_hint.setText(
                "Wenn eingeschaltet, entsperrt der Schlüsselbund Ihrer Windows-/System-"
                "Anmeldung den Tresor ohne Passphrase.")

    def _on_keyring_toggled(self, checked: bool) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self._keyring_busy = True
        self.keyring_check.setEnabled(False)
        action = workspace.enable_keyring if checked else workspace.disable_keyring
        self._ctx.runner.run(action, owner=self, label="Schlüsselbund",
                             on_success=lambda _r: self._on_keyring_done(checked),
                             on_error=lambda error: self._on_keyring_failed(not checked, error))

    def _on_keyring_done(self, enabled: bool) -> None:
        self._keyring_busy = False
        self._set_keyring_state(available=True, enabled=enabled, known=True)

    def _on_keyring_failed(self, enabled: bool, error: BaseException) -> None:
        self._keyring_busy = False
        self._set_keyring_state(available=True, enabled=enabled, known=True)
        self._ctx.errors.show(error, self)
