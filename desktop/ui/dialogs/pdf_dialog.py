"""A document shown read-only (a frozen letter, a Fallübersicht), with "Als PDF speichern …"
and "Drucken …"; and the two steps every PDF save and print shares: a warning that the copy
is not encrypted plus a save dialog, and the print dialog that renders the pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.pdf_pane import PdfPane, print_document
from desktop.ui.widgets.question_box import question_box

NOT_ENCRYPTED = ("Achtung: Die Datei ist NICHT verschlüsselt. Bitte nur an einem sicheren Ort "
                 "ablegen und löschen, sobald sie nicht mehr gebraucht wird.")


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def ask_pdf_target(parent: QWidget, title: str, file_name: str, warning: str,
                   on_path: Callable[[Path], None]) -> QMessageBox:
    """Warns (``warning`` + not encrypted), then asks where to save; calls ``on_path`` with
    the chosen path (``.pdf`` added). Returns the (opened) warning box."""

    def answered(_box: QMessageBox, yes: bool) -> None:
        if not yes:
            return
        dialog = QFileDialog(parent, title, str(documents_folder() / file_name),
                             "PDF-Dateien (*.pdf)")
        dialog.setObjectName("pdfSaveDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: on_path(Path(path)) if path else None)
        dialog.open()

    box = question_box(parent, QMessageBox.Icon.Warning, title,
                       f"{warning}\n\n{NOT_ENCRYPTED}\n\nDas Speichern wird protokolliert.",
                       name="pdfSaveWarningBox", yes="Speicherort wählen …",
                       yes_role=QMessageBox.ButtonRole.AcceptRole, no="Abbrechen",
                       default_yes=False, on_answer=answered)
    box.open()
    return box


def ask_print(parent: QWidget, document: QPdfDocument,
              on_done: Callable[[int], None] | None = None) -> QPrintDialog:
    """Opens the print dialog; on OK renders ``document`` into the printer (no temp file)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName("Fallakte RRK")
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.printer_ref = printer  # type: ignore[attr-defined]  # kept alive with the dialog

    def finished(result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        pages = print_document(document, printer)
        if on_done is not None:
            on_done(pages)

    dialog.finished.connect(finished)
    QDialog.open(dialog)  # window-modal, no nested event loop
    return dialog


class PdfDialog(QDialog):
    """Shows PDF bytes read-only. ``save(path)`` is called to save (the caller runs the
    service's audited export); printing renders the shown document."""

    def __init__(self, title: str, data: bytes, *, file_name: str, warning: str,
                 save: Callable[[Path], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfDialog")
        self.setWindowTitle(title)
        self.resize(760, 900)
        self._save = save
        self._file_name = file_name
        self._warning = warning
        self.pane = PdfPane(self, name="pdfDialogView", accessible_name=f"Vorschau: {title}")
        self.status = QLabel(self)
        self.status.setObjectName("pdfDialogStatus")
        self.status.setWordWrap(True)
        if not self.pane.load(data):
            self.status.setText("Das Dokument lässt sich nicht anzeigen.")
        self.save_button = QPushButton("Als &PDF speichern …", self)
        self.save_button.setObjectName("pdfSaveButton")
        self.save_button.setToolTip("Unverschlüsselt als PDF-Datei speichern (Strg+Umschalt+S)")
        self.save_button.clicked.connect(self.ask_save)
        self.print_button = QPushButton("&Drucken …", self)
        self.print_button.setObjectName("pdfPrintButton")
        self.print_button.setToolTip("Drucken (Strg+P)")
        self.print_button.clicked.connect(self.ask_print)
        close = QPushButton("Schließen", self)
        close.setObjectName("pdfCloseButton")
        close.clicked.connect(self.reject)
        for keys, slot in (("Ctrl+Shift+S", self.ask_save), ("Ctrl+P", self.ask_print)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        for button in (self.save_button, self.print_button, close):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addLayout(row)

    def ask_save(self) -> None:
        ask_pdf_target(self, self.windowTitle(), self._file_name, self._warning, self._save)

    def ask_print(self) -> None:
        ask_print(self, self.pane.document,
                  lambda pages: self.status.setText(f"{pages} Seite(n) gedruckt."))

    def done(self, result: int) -> None:
        self.pane.clear()
        super().done(result)
