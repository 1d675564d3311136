"""The "Status" tab of a case: where the case stands in its workflow, and the change button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.dates import format_date
from desktop.services.read_models import CaseDetail
from desktop.ui.models.journal_model import local_time


class StatusTab(QWidget):
    sig_change_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel(self)
        self.status.setObjectName("statusValue")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("outcomeValue")
        self.intake = QLabel(self)
        self.intake.setObjectName("intakeValue")
        self.intake.setWordWrap(True)
        self.created = QLabel(self)
        self.updated = QLabel(self)
        self.allowed = QLabel(self)
        self.allowed.setWordWrap(True)
        for label in (self.status, self.outcome, self.intake, self.created, self.updated,
                      self.allowed):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = QPushButton("Status ändern …", self)
        self.change_button.setObjectName("changeStatusButton")
        self.change_button.setEnabled(False)
        self.change_button.clicked.connect(self.sig_change_requested)

        form = QFormLayout()
        form.addRow("Status:", self.status)
        form.addRow("Ergebnis:", self.outcome)
        form.addRow("Falleingang:", self.intake)
        form.addRow("Angelegt:", self.created)
        form.addRow("Zuletzt geändert:", self.updated)
        form.addRow("Mögliche Wechsel:", self.allowed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def set_detail(self, detail: CaseDetail) -> None:
        self.status.setText(detail.status.label)
        if detail.outcome is not None:
            self.outcome.setText(f"{detail.outcome.label}, {format_date(detail.outcome_date)}")
        else:
            self.outcome.setText("—")
        intake = f"{format_date(detail.intake_date)}, {detail.intake_source.label}"
        if detail.intake_reference:
            intake += f" ({detail.intake_reference})"
        self.intake.setText(intake)
        self.created.setText(f"{local_time(detail.created_at):%d.%m.%Y %H:%M}")
        self.updated.setText(f"{local_time(detail.updated_at):%d.%m.%Y %H:%M}")
        targets = [s.label for s in detail.allowed_statuses if s != detail.status]
        self.allowed.setText(", ".join(targets) or "keine")
        self.change_button.setEnabled(bool(targets))

    def clear(self) -> None:
        for label in (self.status, self.outcome, self.intake, self.created, self.updated,
                      self.allowed):
            label.clear()
        self.change_button.setEnabled(False)
