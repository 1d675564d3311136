"""The vault page's "Wiederherstellungscode" group: renew the code (after a non-modal question)
and show the new one once, until the user confirms having noted it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.workspace import Workspace
from desktop.ui.context import AppContext
from desktop.ui.pages.card import HINT_STYLE, text_label, title_label
from desktop.ui.widgets.recovery_code import code_label, code_lines
from desktop.ui.widgets.recovery_sheet_button import RecoverySheetButton

OK_STYLE = "color: #1b6e20;"
CONFIRM_TEXT = "Der bisherige Code wird sofort ungültig. Fortfahren?"


class RecoveryCodeBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Wiederherstellungscode", parent)
        self.setObjectName("recoveryBox")
        self._ctx = ctx
        self._box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(text_label(
            "Der Wiederherstellungscode öffnet den Tresor, wenn eine Passphrase vergessen "
            "wurde. Ein neuer Code wird nur einmal angezeigt und gehört in den Tresorschrank "
            "der Leitung, nicht auf diesen Rechner.", self, style=HINT_STYLE), 1)
        self.new_button = QPushButton("Neuen Code erzeugen …", self)
        self.new_button.setObjectName("newRecoveryCodeButton")
        self.new_button.clicked.connect(self.ask_new_code)
        row.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.result = text_label("", self, style=OK_STYLE)
        self.result.setObjectName("recoveryResult")
        self.result.setVisible(False)
        layout.addWidget(self.result)

        self.code_panel = QWidget(self)
        self.code_panel.setObjectName("recoveryCodePanel")
        panel = QVBoxLayout(self.code_panel)
        panel.setContentsMargins(0, 4, 0, 0)
        panel.addWidget(title_label("Neuer Wiederherstellungscode – einmalig angezeigt",
                                    self.code_panel, size_delta=1))
        self.code_label = code_label("newRecoveryCodeLabel", self.code_panel)
        panel.addWidget(self.code_label)
        self.sheet_button = RecoverySheetButton(ctx, self.code_panel)
        panel.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignLeft)
        panel.addWidget(text_label(
            "Bitte ausdrucken oder aufschreiben und der Leitung zur sicheren Verwahrung geben. "
            "Der bisherige Code gilt nicht mehr.", self.code_panel))
        bottom = QHBoxLayout()
        self.code_confirm = QCheckBox("Ich habe den neuen Code sicher notiert", self.code_panel)
        self.code_confirm.setObjectName("newCodeConfirm")
        self.code_confirm.toggled.connect(self._on_confirm_toggled)
        bottom.addWidget(self.code_confirm, 1)
        self.hide_button = QPushButton("Code verbergen", self.code_panel)
        self.hide_button.setObjectName("hideRecoveryCodeButton")
        self.hide_button.setEnabled(False)
        self.hide_button.clicked.connect(self.hide_code)
        bottom.addWidget(self.hide_button)
        panel.addLayout(bottom)
        self.code_panel.setVisible(False)
        layout.addWidget(self.code_panel)

    @property
    def code_shown(self) -> bool:
        return bool(self.code_label.text())

    @property
    def confirm_box(self) -> QMessageBox | None:
        """The open "Fortfahren?" question, if any."""
        return self._box

    def ask_new_code(self) -> None:
        """Asks (non-modally) before the old code is replaced."""
        workspace = self._ctx.session.workspace
        if workspace is None or self._box is not None or self.code_shown:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Neuen Wiederherstellungscode erzeugen",
                          CONFIRM_TEXT,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("recoveryConfirmBox")
        box.button(QMessageBox.StandardButton.Yes).setText("Neuen Code erzeugen")
        box.button(QMessageBox.StandardButton.Cancel).setText("Abbrechen")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda clicked: self._on_confirmed(workspace)
            if box.standardButton(clicked) == QMessageBox.StandardButton.Yes else None)
        box.finished.connect(self._on_box_finished)
        self._box = box
        box.open()

    def _on_box_finished(self, _result: int) -> None:
        if self._box is not None:
            self._box.deleteLater()
            self._box = None

    def _on_confirmed(self, workspace: Workspace) -> None:
        if workspace is not self._ctx.session.workspace:
            return
        self.new_button.setEnabled(False)
        self.result.setVisible(False)
        self._ctx.runner.run(workspace.new_recovery_code, owner=self,
                             label="Wiederherstellungscode",
                             on_success=lambda code: self._on_code(workspace, code),
                             on_error=lambda error: self._on_code_failed(workspace, error))

    def _on_code(self, workspace: Workspace, code: str) -> None:
        if workspace is not self._ctx.session.workspace:
            return  # locked in the meantime: the code is not shown any more
        self.code_label.setText(code_lines(code))
        self.sheet_button.set_code(code, workspace.path.name)
        self.code_confirm.setChecked(False)
        self.hide_button.setEnabled(False)
        self.code_panel.setVisible(True)

    def _on_code_failed(self, workspace: Workspace, error: BaseException) -> None:
        if workspace is not self._ctx.session.workspace:
            return
        self.new_button.setEnabled(True)
        self._ctx.errors.show(error, self)

    def _on_confirm_toggled(self, checked: bool) -> None:
        self.hide_button.setEnabled(checked)

    def hide_code(self) -> None:
        """Forgets the shown code; only after the user confirmed having noted it."""
        if not self.code_confirm.isChecked():
            return
        self._forget_code()
        self.result.setText("Der neue Wiederherstellungscode gilt ab sofort.")
        self.result.setVisible(True)

    def clear(self) -> None:
        """On lock: the code is forgotten, the question closed."""
        if self._box is not None:
            self._box.close()
        self._forget_code()
        self.result.clear()
        self.result.setVisible(False)

    def _forget_code(self) -> None:
        self.code_label.clear()
        self.sheet_button.clear()
        self.code_confirm.setChecked(False)
        self.hide_button.setEnabled(False)
        self.code_panel.setVisible(False)
        self.new_button.setEnabled(True)
