"""The "Verlauf" tab of a case: the journal table, a kind filter and "Vermerk hinzufügen"."""

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
from desktop.services.read_models import JournalView
from desktop.ui.context import AppContext
from desktop.ui.models.journal_model import TEXT_COLUMN, JournalModel, local_time
from desktop.ui.pages.case_tab import CaseTab, add_form, add_submit_row, rows_view
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.field_errors import FieldErrors

USER_KINDS = (JournalKind.NOTE, JournalKind.CALL, JournalKind.EMAIL, JournalKind.LETTER)
ALL_KINDS = "alle"


class JournalTab(CaseTab):
    """Shows the entries of ``case_id``; results for another case are dropped."""

    sig_added = Signal(object)  # the new JournalView
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
        top.addWidget(self.count_label)

        self.view = rows_view(self, self.model, "journalView", stretch=TEXT_COLUMN,
                              widths={0: 125, 1: 95, 2: 200, 4: 130})
        self.view.selectionModel().selectionChanged.connect(self._on_selection)

        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("journalPreview")
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
        add_submit_row(form, self.error_summary, self.add_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.preview)
        layout.addWidget(add_box)
        self.filter.currentIndexChanged.connect(self._on_filter_changed)
        self._update_count()

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._case_id = case_id
        self.model.clear()
        self.preview.clear()
        self._update_count()

    def set_entries(self, entries: list[JournalView]) -> None:
        self.model.set_entries(entries)
        self.preview.clear()
        self._update_count()

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
        self.kind.setCurrentIndex(0)
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)

    # --- slots -----------------------------------------------------------------------------
    def _on_filter_changed(self, *_args: object) -> None:
        self.reload()

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.preview.clear()
            return
        entry = self.model.entry(rows[0].row())
        head = (f"{local_time(entry.occurred_at):%d.%m.%Y %H:%M} · {entry.kind.label} · "
                f"{entry.author}")
        self.preview.setPlainText("\n".join(p for p in (head, entry.subject, entry.text) if p))

    def _on_add(self) -> None:
        if self._busy or self._case_id is None:
            return
        self.errors.clear()
        case_id = self._case_id
        self._set_busy(True)
        self._ctx.runner.run(
            self._ctx.workspace.cases.add_journal, case_id, self.kind.value(),
            self.subject.text(), self.text.toPlainText(),
            on_success=lambda entry: self._on_added(case_id, entry),
            on_error=lambda error: self._on_add_failed(case_id, error),
            owner=self, label="Vermerk speichern")

    def _on_added(self, case_id: str, entry: JournalView) -> None:
        self._set_busy(False)
        if case_id != self._case_id:
            return
        self.subject.setText("")
        self.text.setPlainText("")
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

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText("" if self._case_id is None else
                                 "1 Eintrag" if count == 1 else f"{count} Einträge")
