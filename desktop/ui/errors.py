"""The error presenter: known problems as a German message, bugs as a crash dialog."""

from __future__ import annotations

import platform
import traceback

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

import desktop
from desktop.errors import OperationCancelled, UserFacingError


class CrashDialog(QDialog):
    """Shows an unexpected error with details the user can copy for the support."""

    def __init__(self, error: BaseException, trace: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unerwarteter Fehler")
        self.setObjectName("crashDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Im Programm ist ein unerwarteter Fehler aufgetreten. Ihre gespeicherten Daten "
            "sind nicht betroffen; die letzte Aktion wurde nicht ausgeführt.\n"
            "Bitte die Angaben unten kopieren und an den IT-Support senden. Sie enthalten "
            "keine Falldaten.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText(
            f"Fallakte RRK {desktop.__version__} · Python {platform.python_version()} · "
            f"{platform.system()} {platform.release()}\n\n{trace.strip()}")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("Details kopieren", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 400)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


class ErrorPresenter(QObject):
    """Shows errors non-modally (``open()``, never a nested ``exec()``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_message: str | None = None
        self._open: list[QDialog] = []

    def show(self, error: BaseException, parent: QWidget | None = None,
             trace: str | None = None) -> QDialog | None:
        if isinstance(error, OperationCancelled):
            self.last_message = error.message
            return None
        if isinstance(error, UserFacingError):
            self.last_message = error.message
            box = QMessageBox(QMessageBox.Icon.Warning, "Fallakte RRK", error.message,
                              QMessageBox.StandardButton.Ok, parent)
            box.setObjectName("userErrorBox")
            self._keep(box)
            box.open()
            return box
        text = trace or "".join(traceback.format_exception(error))
        self.last_message = f"{type(error).__name__}: {error}"
        dialog = CrashDialog(error, text, parent)
        self._keep(dialog)
        dialog.open()
        return dialog

    def _keep(self, dialog: QDialog) -> None:
        self._open.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self._open:
            self._open.remove(dialog)
        dialog.deleteLater()

    def close_all(self) -> None:
        for dialog in list(self._open):
            dialog.close()
            self._forget(dialog)
