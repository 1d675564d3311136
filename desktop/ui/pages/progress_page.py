"""A full-window progress screen for long work before a workspace exists (the demo vault)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from desktop.ui.context import AppContext
from desktop.ui.pages.card import HINT_STYLE, centred_card, text_label, title_label
from desktop.ui.tasks import Task


class ProgressPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressPage")
        self._task: Task | None = None
        card = centred_card(self, 480)
        self.title = title_label("", self, size_delta=4)
        card.addWidget(self.title)
        self.text = text_label("", self, style=HINT_STYLE)
        self.text.setObjectName("progressText")
        card.addWidget(self.text)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("pageProgress")
        self.bar.setRange(0, 0)
        self.bar.setFormat("%p %")
        card.addWidget(self.bar)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton("Abbrechen", self)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        card.addLayout(row)
        ctx.runner.sig_progress.connect(self._on_progress)

    def show_task(self, title: str, text: str, task: Task | None = None,
                  cancellable: bool = False) -> None:
        self._task = task
        self.title.setText(title)
        self.text.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setVisible(cancellable and task is not None)
        self.cancel_button.setEnabled(True)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.text.setText("Wird abgebrochen …")

    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        if self._task is None or self._task.task_id != task_id:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if text:
            self.text.setText(text)
