"""A batch (Serienbrief): the same letter kind for many cases, finalised and registered one by
one on the worker (the service renders on two processes), with a progress bar and
"Abbrechen"; then a summary: how many were registered, which were skipped and why."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.letters import LetterKind
from desktop.errors import OperationCancelled, UserFacingError
from desktop.services.letter_models import BatchResult
from desktop.ui.context import AppContext
from desktop.ui.tasks import Task


def result_text(result: BatchResult) -> str:
    """The German summary of a batch."""
    count = len(result.letters)
    lines = [("1 Schreiben" if count == 1 else f"{count} Schreiben") + " registriert"
             + (" – abgebrochen." if result.cancelled else ".")]
    if result.letters:
        numbers = [x.register_number or "" for x in result.letters]
        lines.append(f"Nummern {numbers[0]} bis {numbers[-1]}." if count > 1
                     else f"Nummer {numbers[0]}.")
    if result.skipped:
        lines.append(f"{len(result.skipped)} übersprungen:")
        lines.extend(f"• {file_number}: {reason}" for file_number, reason in result.skipped)
    return "\n".join(lines)


class BatchLettersDialog(QDialog):
    """See module docstring. ``sig_finished(result)`` when a batch has ended."""

    sig_finished = Signal(object)

    def __init__(self, ctx: AppContext, case_ids: list[str], *,
                 kind: LetterKind = LetterKind.STATUS_REQUEST, title: str = "Serienbrief",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchLettersDialog")
        self.setWindowTitle(title)
        self.resize(560, 420)
        self._ctx = ctx
        self._case_ids = list(case_ids)
        self._task: Task | None = None
        self._cancel = threading.Event()

        self.kind = QComboBox(self)
        self.kind.setObjectName("batchKind")
        self.kind.setAccessibleName("Art des Schreibens")
        for letter_kind in LetterKind:
            if letter_kind != LetterKind.FREE:
                self.kind.addItem(letter_kind.label, letter_kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        count = len(self._case_ids)
        self.count = QLabel("1 Fall" if count == 1 else f"{count} Fälle", self)
        self.count.setObjectName("batchCount")
        form = QFormLayout()
        kind_label = QLabel("&Art:", self)
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, self.kind)
        form.addRow("Fälle:", self.count)
        hint = QLabel("Jedes Schreiben wird an die zuständige Ausländerbehörde des Falls "
                      "gerichtet, abgeschlossen und im Postausgangsbuch registriert. Fälle, "
                      "bei denen etwas fehlt, werden übersprungen.", self)
        hint.setWordWrap(True)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("batchProgress")
        self.progress.setAccessibleName("Fortschritt des Serienbriefs")
        self.progress.setRange(0, max(count, 1))
        self.progress.setValue(0)
        self.progress_text = QLabel(self)
        self.progress_text.setObjectName("batchProgressText")
        self.summary = QPlainTextEdit(self)
        self.summary.setObjectName("batchResult")
        self.summary.setAccessibleName("Ergebnis des Serienbriefs")
        self.summary.setReadOnly(True)
        self.summary.hide()

        self.start_button = QPushButton("&Erstellen und registrieren", self)
        self.start_button.setObjectName("batchStartButton")
        self.start_button.setEnabled(count > 0)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Abbrechen", self)
        self.cancel_button.setObjectName("batchCancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.summary, 1)
        layout.addLayout(buttons)
        ctx.runner.sig_progress.connect(self._on_progress)
        ctx.session.sig_locked.connect(self._on_locked)

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        if self._task is not None or not self._case_ids or self._ctx.session.workspace is None:
            return
        kind = self.kind.currentData()
        self.kind.setEnabled(False)
        self.start_button.setEnabled(False)
        self.progress_text.setText("Schreiben werden erstellt …")
        self._task = self._ctx.runner.run(
            self._ctx.workspace.letters.batch, kind, self._case_ids, cancel=self._cancel.is_set,
            progress=True, owner=self, label="Serienbrief", on_success=self._on_done,
            on_error=self._on_failed)

    def cancel(self) -> None:
        """Asks the running batch to stop after the letter under way."""
        if self._task is not None:
            self._cancel.set()
            self._task.cancel()
            self.progress_text.setText("Wird abgebrochen …")
            self.cancel_button.setEnabled(False)

    def reject(self) -> None:
        """Abbrechen: stops a running batch first; otherwise closes."""
        if self._task is not None:
            self.cancel()
            return
        super().reject()

    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        if self._task is None or task_id != self._task.task_id or self._cancel.is_set():
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.progress_text.setText(text or f"{done} von {total}")

    def _finish(self, text: str) -> None:
        self._task = None
        self.summary.setPlainText(text)
        self.summary.show()
        self.progress_text.setText("")
        self.cancel_button.setText("Schließen")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_done(self, result: BatchResult) -> None:
        if not result.cancelled:
            self.progress.setValue(self.progress.maximum())
        self._finish(result_text(result))
        self.sig_finished.emit(result)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, OperationCancelled):
            self._finish("Abgebrochen. Bereits registrierte Schreiben stehen im "
                         "Postausgangsbuch.")
            self.sig_finished.emit(None)
        elif isinstance(error, UserFacingError):
            self._finish(error.message)
        else:
            self._finish("Der Serienbrief ist fehlgeschlagen.")
            self._ctx.errors.show(error, self)

    def _on_locked(self) -> None:
        if self._task is not None:
            self._cancel.set()
            self._task.cancel()
        self._task = None
        super().reject()
