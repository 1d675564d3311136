"""Changing a case's status; closing asks for the Ergebnis and its date."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import CaseOutcome, CaseStatus
from desktop.errors import InvalidInputError, StaleDataError
from desktop.services.read_models import CaseDetail
from desktop.ui.context import AppContext
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors

CHOOSE = "— bitte wählen —"


class StatusDialog(QDialog):
    """Offers only the statuses the case may move to (``detail.allowed_statuses``)."""

    sig_status_changed = Signal(object)  # the new CaseDetail
    sig_stale = Signal()  # someone saved the case in between; the caller reloads

    def __init__(self, ctx: AppContext, detail: CaseDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusDialog")
        self.setWindowTitle(f"Status ändern – {detail.file_number}")
        self._ctx = ctx
        self._detail = detail
        self._busy = False

        current = QLabel(f"Aktueller Status: <b>{detail.status.label}</b>", self)
        current.setTextFormat(Qt.TextFormat.RichText)
        targets = [s for s in detail.allowed_statuses if s != detail.status]
        self.target = enum_combo(targets, self)
        self.target.setObjectName("targetStatus")
        self.outcome = enum_combo(CaseOutcome, self, none_text=CHOOSE)
        self.outcome.setObjectName("outcome")
        self.outcome_date = DateEdit(self)
        self.outcome_date.setObjectName("outcome_date")
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("statusNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Begründung oder Hinweis (optional; kommt in den Verlauf)")
        self.note.setMaximumHeight(90)

        self.error_summary = QLabel(self)
        self.errors = FieldErrors(self.error_summary, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._outcome_label = QLabel("&Ergebnis *", self)
        self._date_label = QLabel("&Datum des Ergebnisses *", self)
        target_label = QLabel("&Neuer Status", self)
        note_label = QLabel("&Vermerk", self)
        for label, name, widget, title in (
                (target_label, "status", self.target, "Neuer Status"),
                (self._outcome_label, "outcome", self.outcome, "Ergebnis"),
                (self._date_label, "outcome_date", self.outcome_date, "Datum des Ergebnisses"),
                (note_label, "note", self.note, "Vermerk")):
            self.errors.add_row(form, label, name, widget, title,
                                anchor=self.target if widget is self.note else None)

        self.ok_button = QPushButton("Status ändern", self)
        self.ok_button.setObjectName("statusOkButton")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton("Abbrechen", self)
        self.cancel_button.setAutoDefault(False)
        self.ok_button.clicked.connect(self._on_ok)
        self.cancel_button.clicked.connect(self.reject)
        self.status_label = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addLayout(form)
        layout.addWidget(self.error_summary)
        layout.addLayout(buttons)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.activated.connect(self._on_ok)

        self.target.currentIndexChanged.connect(self._on_target_changed)
        self._on_target_changed()
        if not targets:
            self.ok_button.setEnabled(False)
            self.status_label.setText("Kein Statuswechsel möglich.")
        self.resize(520, self.sizeHint().height())
        ctx.session.sig_locked.connect(self._on_locked)

    def select_target(self, status: CaseStatus) -> None:
        if not self.target.set_value(status):
            raise ValueError(status)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _on_locked(self) -> None:
        self._busy = False
        super().reject()

    def _on_target_changed(self, *_args: object) -> None:
        closing = self.target.value() == CaseStatus.CLOSED
        for widget in (self.outcome, self.outcome_date, self._outcome_label, self._date_label):
            widget.setEnabled(closing)
        self.errors.clear()

    def _on_ok(self) -> None:
        if self._busy or not self.ok_button.isEnabled():
            return
        target = self.target.value()
        closing = target == CaseStatus.CLOSED
        self.errors.clear()
        self._set_busy(True)
        self._ctx.runner.run(
            self._ctx.workspace.cases.change_status, self._detail.id, self._detail.version,
            target, outcome=self.outcome.value() if closing else None,
            outcome_date=self.outcome_date.value() if closing else None,
            note=self.note.toPlainText(), on_success=self._on_changed,
            on_error=self._on_failed, owner=self, label="Status ändern")

    def _on_changed(self, detail: CaseDetail) -> None:
        self._set_busy(False)
        self.sig_status_changed.emit(detail)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, InvalidInputError):
            self.errors.show(error.problems)
        elif isinstance(error, StaleDataError):
            self.sig_stale.emit()
            super().reject()
        else:
            self._ctx.errors.show(error, self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.status_label.setText("Wird gespeichert …" if busy else "")
