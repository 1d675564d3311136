"""The "Serienbrief …" button of the case list: a batch for the cases shown (filter and search
as set), or a Sachstandsanfrage to every ABH with overdue measures."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMenu, QPushButton, QWidget

from desktop.domain.letters import LetterKind
from desktop.services.read_models import CaseQuery
from desktop.ui.context import AppContext
from desktop.ui.dialogs.batch_letters import BatchLettersDialog


class BatchLauncher(QObject):
    """Owns the button, its menu and the open batch dialog (one at a time)."""

    sig_opened = Signal(object)  # the BatchLettersDialog just opened

    def __init__(self, ctx: AppContext, current: Callable[[], CaseQuery],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._current = current
        self._parent = parent
        self.dialog: BatchLettersDialog | None = None
        self.menu = QMenu("Serienbrief", parent)
        self.menu.setObjectName("batchMenu")
        shown = self.menu.addAction("Für die &angezeigten Fälle …")
        shown.setObjectName("batchShownCases")
        shown.triggered.connect(self.for_shown_cases)
        overdue = self.menu.addAction("&Sachstandsanfrage an alle ABH mit überfälligen "
                                      "Maßnahmen …")
        overdue.setObjectName("batchOverdue")
        overdue.triggered.connect(self.for_overdue)
        self.button = QPushButton("Serien&brief …", parent)
        self.button.setObjectName("batchButton")
        self.button.setToolTip("Dasselbe Schreiben für viele Fälle erstellen und registrieren")
        self.button.setMenu(self.menu)

    def for_shown_cases(self) -> None:
        if self._ctx.session.workspace is None or self.dialog is not None:
            return
        self._ctx.runner.run(self._ctx.workspace.cases.query_ids, self._current(),
                             owner=self, label="Fälle zählen",
                             on_success=lambda ids: self.open(list(ids), "Serienbrief",
                                                              LetterKind.STATUS_REQUEST))

    def for_overdue(self) -> None:
        if self._ctx.session.workspace is None or self.dialog is not None:
            return
        self._ctx.runner.run(self._ctx.workspace.letters.overdue_status_request_cases,
                             owner=self, label="Überfällige Fälle suchen",
                             on_success=lambda ids: self.open(
                                 list(ids), "Sachstandsanfrage an alle ABH mit überfälligen "
                                 "Maßnahmen", LetterKind.STATUS_REQUEST))

    def open(self, case_ids: list[str], title: str, kind: LetterKind) -> None:
        if self.dialog is not None or self._ctx.session.workspace is None:
            return
        dialog = BatchLettersDialog(self._ctx, case_ids, kind=kind, title=title,
                                    parent=self._parent)
        dialog.finished.connect(lambda _r, d=dialog: self._on_finished(d))
        self.dialog = dialog
        dialog.open()
        self.sig_opened.emit(dialog)

    def _on_finished(self, dialog: BatchLettersDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
