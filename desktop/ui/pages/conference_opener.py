"""Opening the conference editor from a page or a case tab: the editor's data is loaded on the
worker, one dialog at a time; ``sig_changed`` follows every stored change and the closing."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from desktop.errors import UserFacingError
from desktop.ui.context import AppContext
from desktop.ui.dialogs.conference_data import EditorData, load_editor
from desktop.ui.dialogs.conference_dialog import ConferenceDialog


class ConferenceOpener(QObject):
    """Opens ``ConferenceDialog`` for a new conference (optionally with a case) or a stored
    one, as a child of ``parent``; ``dialog`` is the one shown (or None)."""

    sig_changed = Signal()
    sig_opened = Signal(object)  # the ConferenceDialog
    sig_failed = Signal(str)  # a German message

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self._loading = False
        self.dialog: ConferenceDialog | None = None

    def new(self, case_id: str | None = None) -> None:
        self._open(None, case_id)

    def open(self, conference_id: str) -> None:
        self._open(conference_id, None)

    def close(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.done(QDialog.DialogCode.Rejected)

    def _open(self, conference_id: str | None, case_id: str | None) -> None:
        if self._loading or self._ctx.session.workspace is None:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self._loading = True
        self._ctx.runner.run(load_editor, self._ctx.workspace, conference_id, case_id,
                             owner=self, label="Konferenz öffnen", on_success=self._show,
                             on_error=self._on_error)

    def _show(self, data: EditorData) -> None:
        self._loading = False
        dialog = ConferenceDialog(self._ctx, data, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_changed.connect(lambda _v: self.sig_changed.emit())
        dialog.finished.connect(lambda _r, d=dialog: self._on_finished(d))
        self.dialog = dialog
        dialog.open()
        self.sig_opened.emit(dialog)

    def _on_finished(self, dialog: ConferenceDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.sig_changed.emit()

    def _on_error(self, error: BaseException) -> None:
        self._loading = False
        if isinstance(error, UserFacingError):
            self.sig_failed.emit(error.message)
        else:
            self._ctx.errors.show(error, self._parent)
