"""The Leitung's note when it returns a letter for changes (four eyes): a small window-modal
dialog; ``sig_note(text)`` when "Zurückgeben" is pressed with a note, nothing on Esc."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

NOTE_LENGTH = 2000  # as the service takes it


class ReturnNoteDialog(QDialog):
    """See module docstring. Open with ``open()``; it deletes itself when closed."""

    sig_note = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterReturnDialog")
        self.setWindowTitle("Zur Änderung zurückgeben")
        self.resize(480, 260)
        label = QLabel("Was soll am Schreiben geändert werden? Der Hinweis wird der "
                       "Verfasserin oder dem Verfasser angezeigt.", self)
        label.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("letterReturnNote")
        self.note.setAccessibleName("Hinweis an die Verfasserin oder den Verfasser")
        self.note.setTabChangesFocus(True)
        label.setBuddy(self.note)
        self.error = QLabel(self)
        self.error.setObjectName("letterReturnError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(self)
        self.return_button = buttons.addButton("&Zurückgeben",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.return_button.setObjectName("letterReturnConfirm")
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_return)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.finished.connect(lambda _r: self.deleteLater())
        self.note.setFocus()

    def _on_return(self) -> None:
        text = self.note.toPlainText().strip()
        if not text:
            self._show_error("Bitte kurz sagen, was geändert werden soll.")
        elif len(text) > NOTE_LENGTH:
            self._show_error(f"Höchstens {NOTE_LENGTH} Zeichen (jetzt {len(text)}).")
        else:
            self.sig_note.emit(text)
            self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.note.setFocus()
