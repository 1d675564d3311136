"""The "Verlauf" tab of a case: the journal table, a kind filter, "Vermerk hinzufügen" (with an
optional "Antwort erwartet bis" for letters, e-mails and calls) and "Antwort eingegangen"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import JournalKind
from desktop.errors import InvalidInputError
from desktop.services.cases import REPLY_KINDS
from desktop.services.read_models import JournalView
from desktop.ui.context import AppContext
from desktop.ui.models.journal_model import TEXT_COLUMN, JournalModel, local_time, reply_text
from desktop.ui.pages.case_tab import CaseTab, add_form, add_submit_row, rows_view
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors

USER_KINDS = (JournalKind.NOTE, JournalKind.CALL, JournalKind.EMAIL, JournalKind.LETTER)
ALL_KINDS = "alle"


class JournalTab(CaseTab):
    """Shows the entries of ``case_id``; results for another case are dropped."""

    sig_added = Signal(object)  # the new (or answered) JournalView
    LOAD_LABEL = "Verlauf laden"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = JournalModel(self)

        self.filter = enum_combo(JournalKind, self, none_text=ALL_KINDS)
        self.filter.setObjectName("journalFilter")
        filter_label = QLabel("&Art:", self)
        filter_label.setBuddy(self.filter)
        self.count_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addStretch(1)
        self.received_on = DateEdit(self)
        self.received_on.setObjectName("journalReceivedOn")
        self.received_on.setAccessibleName("Antwort eingegangen am")
        received_label = QLabel("eingegangen a&m", self)
        received_label.setBuddy(self.received_on)
        self.received_button = QPushButton("A&ntwort eingegangen", self)
        self.received_button.setObjectName("replyReceivedButton")
        self.received_button.setAccessibleName("Antwort auf den gewählten Eintrag eingegangen")
        self.received_button.setToolTip("Vermerken, dass die erwartete Antwort auf den "
                                        "gewählten Eintrag eingegangen ist")
        self.received_button.clicked.connect(self._on_reply_received)
        top.addWidget(received_label)
        top.addWidget(self.received_on)
        top.addWidget(self.received_button)
        top.addSpacing(12)
        top.addWidget(self.count_label)

        self.view = rows_view(self, self.model, "journalView", stretch=TEXT_COLUMN,
                              widths={0: 125, 1: 95, 2: 200, 4: 130, 5: 140})
        self.view.setAccessibleName("Verlauf des Falls")
        self.view.selectionModel().selectionChanged.connect(self._on_selection)

        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("journalPreview")
        self.preview.setAccessibleName("Text des gewählten Eintrags")
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("Eintrag auswählen, um den vollständigen Text zu sehen.")
        self.preview.setMaximumHeight(90)

        add_box = QGroupBox("Vermerk hinzufügen", self)
        self.error_summary = QLabel(add_box)
        self.errors = FieldErrors(self.error_summary, self)
        self.kind = enum_combo(USER_KINDS, add_box)
        self.kind.setObjectName("journalKind")
        self.subject = QLineEdit(add_box)
        self.subject.setObjectName("journalSubject")
        self.subject.setMaxLength(200)
        self.text = QPlainTextEdit(add_box)
        self.text.setObjectName("journalText")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(80)
        self.reply_due = DateEdit(add_box, optional=True)
        self.reply_due.setObjectName("journalReplyDue")
        self.reply_due.setAccessibleName("Antwort erwartet bis")
        self.reply_due.setToolTip("Optional: bis wann eine Antwort erwartet wird (nur bei "
                                  "Schreiben, E-Mail und Telefonat). Bis sie eingeht, steht "
                                  "der Eintrag auf „Heute“ unter „Antworten ausstehend“.")
        self.add_button = QPushButton("Vermerk hinzufügen", add_box)
        self.add_button.setObjectName("addJournalButton")
        self.add_button.setToolTip("Vermerk hinzufügen (Strg+Enter im Text)")
        self.add_button.clicked.connect(self._on_add)
        for widget in (self.subject, self.text):
            shortcut = QShortcut(QKeySequence("Ctrl+Return"), widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._on_add)
        form = add_form(add_box)
        self.errors.add_row(form, "Ar&t", "kind", self.kind, "Art")
        self.errors.add_row(form, "&Betreff", "subject", self.subject, "Betreff")
        self.errors.add_row(form, "Te&xt", "text", self.text, "Text", anchor=self.subject)
        self.errors.add_row(form, "Antwort erwartet &bis", "reply_due", self.reply_due,
                            "Antwort erwartet bis")
        add_submit_row(form, self.error_summary, self.add_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.preview)
        layout.addWidget(add_box)
        self.filter.currentIndexChanged.connect(self._on_filter_changed)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()
        self._update_count()
        self._update_reply_action()

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._case_id = case_id
        self.model.clear()
        self.preview.clear()
        self.received_on.clear_value()  # today
        self._update_count()
        self._update_reply_action()

    def set_entries(self, entries: list[JournalView]) -> None:
        self.model.set_entries(entries)
        self.preview.clear()
        self._update_count()
        self._update_reply_action()

    def selected_entry(self) -> JournalView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def kind_filter(self) -> JournalKind | None:
        return self.filter.value()

    def has_draft(self) -> bool:
        return bool(self.subject.text().strip() or self.text.toPlainText().strip())

    # --- CaseTab ---------------------------------------------------------------------------
    _show = set_entries

    def _query(self, case_id: str) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return self._ctx.workspace.cases.journal, (case_id, self.kind_filter())

    def _reset_inputs(self) -> None:
        self.subject.setText("")
        self.text.setPlainText("")
        self.reply_due.clear_value()
        self.kind.setCurrentIndex(0)
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)

    # --- slots -----------------------------------------------------------------------------
    def _on_filter_changed(self, *_args: object) -> None:
        self.reload()

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_reply_action()
        entry = self.selected_entry()
        if entry is None:
            self.preview.clear()
            return
        head = (f"{local_time(entry.occurred_at):%d.%m.%Y %H:%M} · {entry.kind.label} · "
                f"{entry.author}")
        if reply_text(entry):
            head += f" · {reply_text(entry)}"
        self.preview.setPlainText("\n".join(p for p in (head, entry.subject, entry.text) if p))

    def _on_kind_changed(self, *_args: object) -> None:
        """The reply date belongs to outgoing entries only."""
        outgoing = self.kind.value() in REPLY_KINDS
        if not outgoing:
            self.reply_due.clear_value()
        self.reply_due.setEnabled(outgoing)

    def _on_reply_received(self) -> None:
        entry = self.selected_entry()
        if self._busy or entry is None or not entry.awaiting_reply:
            return
        case_id = entry.case_id
        self._set_busy(True)
        self._ctx.runner.run(
            self._ctx.workspace.cases.mark_reply_received, entry.id, self.received_on.value(),
            on_success=lambda done: self._on_reply_marked(case_id, done),
            on_error=lambda error: self._on_reply_failed(case_id, error),
            owner=self, label="Antwort vermerken")

    def _on_reply_marked(self, case_id: str, entry: JournalView) -> None:
        self._set_busy(False)
        if case_id != self._case_id:
            return
        self.sig_added.emit(entry)
        self.reload()

    def _on_reply_failed(self, case_id: str, error: BaseException) -> None:
        self._set_busy(False)
        if case_id == self._case_id:
            self._ctx.errors.show(error, self)

    def _update_reply_action(self) -> None:
        entry = self.selected_entry()
        self.received_button.setEnabled(
            not self._busy and entry is not None and entry.awaiting_reply)

    def _on_add(self) -> None:
        if self._busy or self._case_id is None:
            return
        self.errors.clear()
        case_id = self._case_id
        self._set_busy(True)
        self._ctx.runner.run(
            self._ctx.workspace.cases.add_journal, case_id, self.kind.value(),
            self.subject.text(), self.text.toPlainText(), reply_due=self.reply_due.value(),
            on_success=lambda entry: self._on_added(case_id, entry),
            on_error=lambda error: self._on_add_failed(case_id, error),
            owner=self, label="Vermerk speichern")

    def _on_added(self, case_id: str, entry: JournalView) -> None:
        self._set_busy(False)
        if case_id != self._case_id:
            return
        self.subject.setText("")
        self.text.setPlainText("")
        self.reply_due.clear_value()
        self.sig_added.emit(entry)
        self.reload()

    def _on_add_failed(self, case_id: str, error: BaseException) -> None:
        self._set_busy(False)
        if case_id != self._case_id:
            return
        if isinstance(error, InvalidInputError):
            self.errors.show(error.problems)
        else:
            self._ctx.errors.show(error, self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.add_button.setEnabled(not busy)
        self._update_reply_action()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText("" if self._case_id is None else
                                 "1 Eintrag" if count == 1 else f"{count} Einträge")
