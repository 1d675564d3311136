"""The button "Als PDF speichern / Drucken …" next to a recovery code shown once: renders the
recovery-code sheet (through ``services.documents``) and saves it — after a warning that the
file holds the code — or prints it without a temporary file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from desktop.services import documents
from desktop.ui.context import AppContext
from desktop.ui.dialogs.pdf_dialog import ask_pdf_target, ask_print
from desktop.ui.widgets.pdf_pane import PdfPane

WARNING = ("Die Datei enthält den Wiederherstellungscode: Wer sie hat, kann den Tresor öffnen. "
           "Am besten direkt drucken; eine Datei nur auf einem Wechseldatenträger ablegen, "
           "der im Safe verwahrt wird, und sonst nirgends.")


class RecoverySheetButton(QPushButton):
    """Disabled until ``set_code``; ``clear()`` forgets the code (and any rendered sheet)."""

    sig_saved = Signal(str)  # the path written
    sig_printed = Signal(int)  # pages printed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Als PDF speichern / &Drucken …", parent)
        self.setObjectName("recoverySheetButton")
        self.setToolTip("Das Blatt mit dem Wiederherstellungscode drucken oder als PDF "
                        "speichern (für den Safe)")
        self._ctx = ctx
        self._code = ""
        self._vault_name = ""
        self._pane = PdfPane(self, name="recoverySheetDocument")
        self._pane.hide()
        self.sheet_menu = QMenu(self)
        self.sheet_menu.setObjectName("recoverySheetMenu")
        print_action = self.sheet_menu.addAction("&Drucken …")
        print_action.setObjectName("recoverySheetPrint")
        print_action.triggered.connect(self.ask_print)
        save_action = self.sheet_menu.addAction("Als &PDF speichern …")
        save_action.setObjectName("recoverySheetSave")
        save_action.triggered.connect(self.ask_save)
        self.setMenu(self.sheet_menu)
        self.setEnabled(False)

    def set_code(self, code: str, vault_name: str) -> None:
        self._code = code
        self._vault_name = vault_name
        self.setEnabled(bool(code))

    def clear(self) -> None:
        self._code = ""
        self._pane.clear()
        self.setEnabled(False)

    def ask_save(self) -> None:
        if self._code:
            ask_pdf_target(self, "Wiederherstellungscode speichern",
                           "Wiederherstellungscode.pdf", WARNING, self.save_to)

    def save_to(self, path: Path) -> None:
        if self._code:
            self._ctx.runner.run(documents.save_recovery_sheet, self._code, self._vault_name,
                                 path, owner=self, label="Wiederherstellungsblatt speichern",
                                 on_success=lambda written: self.sig_saved.emit(str(written)))

    def ask_print(self) -> None:
        if not self._code:
            return

        def rendered(data: bytes) -> None:
            if self._code and self._pane.load(data):
                ask_print(self, self._pane.document, self._on_printed)

        self._ctx.runner.run(documents.recovery_sheet, self._code, self._vault_name,
                             owner=self, label="Wiederherstellungsblatt", on_success=rendered)

    def _on_printed(self, pages: int) -> None:
        self._pane.clear()
        self.sig_printed.emit(pages)
