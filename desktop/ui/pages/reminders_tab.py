"""The "Fristen" tab of a case: Wiedervorlagen, Fristen (with Vorfrist) and Termine.

The add form takes either a date, or computes it ("Frist berechnen ab [Datum] + [n] [Tage/
Wochen/Monate]") with ``ReminderService.propose`` on the task runner; the computed due date,
its Vorfrist and why it moved are shown before anything is saved. Deleting a Frist asks first
(a non-modal question box) and is audited by the service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import ReminderKind
from desktop.errors import InvalidInputError, NotFoundError
from desktop.services.cases import ReminderInput
from desktop.services.read_models import ReminderView
from desktop.services.reminders import ReminderProposal, ReminderService
from desktop.ui.context import AppContext
from desktop.ui.models.reminders_model import RemindersModel, day_text, long_day_text
from desktop.ui.pages.case_tab import CaseTab, add_form, add_submit_row, rows_view
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import ERROR_COLOUR, FieldErrors
from desktop.ui.widgets.question_box import question_box

UNITS = (("Tage", "days"), ("Wochen", "weeks"), ("Monate", "months"))
DEFAULT_WARNING_DAYS = 5


def _add_computed(service: ReminderService, case_id: str, kind: ReminderKind, title: str,
                  start: date, unit: str, amount: int, warning_days: int,
                  due_time: str | None) -> ReminderView:
    """Computes the due date and adds the reminder, both on the worker (one call)."""
    proposal = service.propose(kind, start=start, warning_working_days=warning_days,
                               **{unit: amount})
    return service.add(case_id, ReminderInput(kind, title, proposal.due_date, due_time,
                                              proposal.early_warning))


class RemindersTab(CaseTab):
    """Shows the reminders of ``case_id``; results for another case are dropped."""

    sig_changed = Signal()  # a reminder was added, completed or deleted
    sig_shown = Signal(str)  # case id whose reminders are now shown
    sig_proposed = Signal()  # the computed-date line was updated
    LOAD_LABEL = "Fristen laden"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._confirm: QMessageBox | None = None
        self._proposal_seq = 0
        self.model = RemindersModel(self)

        self.view = rows_view(self, self.model, "remindersView", stretch=1,
                              widths={0: 110, 2: 190, 3: 120, 4: 220})
        self.view.setAccessibleName("Fristen, Wiedervorlagen und Termine")
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._on_delete)

        self.done_button = QPushButton("&Erledigt", self)
        self.done_button.setObjectName("reminderDoneButton")
        self.done_button.setToolTip("Den ausgewählten Eintrag als erledigt markieren")
        self.delete_button = QPushButton("&Löschen …", self)
        self.delete_button.setObjectName("reminderDeleteButton")
        self.delete_button.setToolTip("Den ausgewählten Eintrag löschen (Entf); eine Frist "
                                      "erst nach Rückfrage")
        self.done_button.clicked.connect(self._on_complete)
        self.delete_button.clicked.connect(self._on_delete)
        self.action_errors = QLabel(self)
        self.action_errors.setObjectName("reminderActionError")
        self.action_errors.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.action_errors.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Ausgewählter Eintrag:", self))
        actions.addStretch(1)
        actions.addWidget(self.done_button)
        actions.addWidget(self.delete_button)

        add_box = QGroupBox("Frist, Wiedervorlage oder Termin hinzufügen", self)
        self.error_summary = QLabel(add_box)
        self.errors = FieldErrors(self.error_summary, self)
        self.kind = enum_combo(ReminderKind, add_box)
        self.kind.setObjectName("reminderKind")
        self.kind.setAccessibleName("Art")
        self.title = QLineEdit(add_box)
        self.title.setObjectName("reminderTitle")
        self.title.setAccessibleName("Titel")
        self.title.setMaxLength(200)
        self.title.setPlaceholderText("z. B. Stellungnahme der ABH")
        self.title.returnPressed.connect(self._on_add)

        self.fixed_radio = QRadioButton("Fällig a&m", add_box)
        self.fixed_radio.setObjectName("reminderFixedRadio")
        self.compute_radio = QRadioButton("&Berechnen ab", add_box)
        self.compute_radio.setObjectName("reminderComputeRadio")
        self.compute_radio.setToolTip("Fälligkeit aus Ausgangsdatum und Dauer berechnen "
                                      "(Werktage NRW, nächster Werktag)")
        modes = QButtonGroup(self)
        modes.addButton(self.fixed_radio)
        modes.addButton(self.compute_radio)
        self.fixed_radio.setChecked(True)

        self.due = DateEdit(add_box)
        self.due.setObjectName("reminderDue")
        self.due.setAccessibleName("Fällig am")
        self.early = DateEdit(add_box, optional=True)
        self.early.setObjectName("reminderEarlyWarning")
        self.early.setAccessibleName("Vorfrist")
        self.start = DateEdit(add_box)
        self.start.setObjectName("reminderStart")
        self.start.setAccessibleName("Berechnen ab Datum")
        self.amount = QSpinBox(add_box)
        self.amount.setObjectName("reminderAmount")
        self.amount.setAccessibleName("Dauer")
        self.amount.setRange(0, 3650)
        self.unit = QComboBox(add_box)
        self.unit.setObjectName("reminderUnit")
        self.unit.setAccessibleName("Einheit der Dauer")
        for label, key in UNITS:
            self.unit.addItem(label, key)
        self.warning_days = QSpinBox(add_box)
        self.warning_days.setObjectName("reminderWarningDays")
        self.warning_days.setAccessibleName("Vorfrist in Arbeitstagen vor der Frist")
        self.warning_days.setRange(0, 60)
        self.warning_days.setSuffix(" Arbeitstage vorher")
        self.time = QLineEdit(add_box)
        self.time.setObjectName("reminderTime")
        self.time.setAccessibleName("Uhrzeit des Termins")
        self.time.setPlaceholderText("HH:MM")
        self.time.setMaxLength(5)
        self.computed = QLabel(add_box)
        self.computed.setObjectName("reminderComputed")
        self.computed.setWordWrap(True)
        self.computed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                              | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton("Eintrag &anlegen", add_box)
        self.add_button.setObjectName("addReminderButton")
        self.add_button.clicked.connect(self._on_add)

        form = add_form(add_box)
        top = QHBoxLayout()
        top.addWidget(self.errors.bind("kind", self.kind, "Art"))
        title_label = QLabel("&Titel", add_box)
        title_label.setBuddy(self.title)
        top.addWidget(title_label)
        top.addWidget(self.errors.bind("title", self.title, "Titel"), 1)
        kind_label = QLabel("A&rt", add_box)
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, top)

        fixed = QHBoxLayout()
        fixed.addWidget(self.errors.bind("due_date", self.due, "Fällig am"))
        early_label = QLabel("&Vorfrist", add_box)
        early_label.setBuddy(self.early)
        fixed.addWidget(early_label)
        fixed.addWidget(self.errors.bind("early_warning", self.early, "Vorfrist"))
        fixed.addStretch(1)
        form.addRow(self.fixed_radio, fixed)

        computed = QHBoxLayout()
        computed.addWidget(self.errors.bind("start", self.start, "Berechnen ab"))
        computed.addWidget(QLabel("+", add_box))
        computed.addWidget(self.errors.bind("duration", self.amount, "Dauer"))
        computed.addWidget(self.unit)
        warn_label = QLabel("V&orfrist", add_box)
        warn_label.setBuddy(self.warning_days)
        computed.addWidget(warn_label)
        computed.addWidget(self.errors.bind("warning_days", self.warning_days, "Vorfrist"))
        computed.addStretch(1)
        form.addRow(self.compute_radio, computed)

        time_label = QLabel("&Uhrzeit (Termin)", add_box)
        time_label.setBuddy(self.time)
        form.addRow(time_label, self.errors.bind("due_time", self.time, "Uhrzeit"))
        form.addRow(QLabel("Ergebnis", add_box), self.computed)
        add_submit_row(form, self.error_summary, self.add_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.action_errors)
        layout.addWidget(add_box)

        self.kind.currentIndexChanged.connect(self._on_inputs_changed)
        self.fixed_radio.toggled.connect(self._on_inputs_changed)
        for date_edit in (self.due, self.start):
            date_edit.sig_changed.connect(self._on_inputs_changed)
        self.amount.valueChanged.connect(self._on_inputs_changed)
        self.unit.currentIndexChanged.connect(self._on_inputs_changed)
        self.warning_days.valueChanged.connect(self._on_inputs_changed)
        self._reset_inputs()
        self._update_actions()

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._case_id = case_id
        self._close_confirm()
        self.model.clear()
        self.action_errors.clear()
        self._update_actions()
        self._on_inputs_changed()

    def set_reminders(self, reminders: list[ReminderView]) -> None:
        selected = self.selected_reminder()
        self.model.set_reminders(reminders)
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.view.selectRow(row)
        self._update_actions()
        if self._case_id is not None:
            self.sig_shown.emit(self._case_id)

    def selected_reminder(self) -> ReminderView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.reminder(rows[0].row()) if rows else None

    def has_draft(self) -> bool:
        return bool(self.title.text().strip())

    def compute_mode(self) -> bool:
        return self.compute_radio.isChecked()

    # --- CaseTab ---------------------------------------------------------------------------
    _show = set_reminders

    def _query(self, case_id: str) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return self._ctx.workspace.reminders.of_case, (case_id,)

    def _reset_inputs(self) -> None:
        self._close_confirm()
        self.title.setText("")
        self.kind.setCurrentIndex(0)
        self.fixed_radio.setChecked(True)
        self.due.clear_value()
        self.early.setValue(None)
        self.start.clear_value()
        self.amount.setValue(14)
        self.unit.setCurrentIndex(0)
        self.warning_days.setValue(DEFAULT_WARNING_DAYS)
        self.time.setText("")
        self.computed.clear()
        self.action_errors.clear()
        self._update_inputs()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()

    # --- the computed date -----------------------------------------------------------------
    def _on_inputs_changed(self, *_args: object) -> None:
        self._update_inputs()
        self._proposal_seq += 1
        seq = self._proposal_seq
        kind = self.kind.value()
        if self._case_id is None or self._ctx.session.workspace is None:
            self.computed.clear()
            return
        service = self._ctx.workspace.reminders
        if self.compute_mode():
            unit = self.unit.currentData()
            args: dict[str, Any] = {"start": self.start.value(), unit: self.amount.value(),
                                    "warning_working_days": self._warning_days()}
        elif kind == ReminderKind.APPOINTMENT:
            args = {"start": self.due.value()}
        else:
            self.computed.clear()
            return
        self._ctx.runner.run(service.propose, kind, **args,
                             on_success=lambda p: self._on_proposal(seq, p),
                             on_error=lambda e: self._on_proposal_failed(seq, e), owner=self,
                             label="Frist berechnen")

    def _on_proposal(self, seq: int, proposal: ReminderProposal) -> None:
        if seq != self._proposal_seq:
            return
        self.computed.setStyleSheet("")
        if self.compute_mode():
            parts = [f"Fällig: {long_day_text(proposal.due_date)}"]
            if proposal.early_warning is not None:
                parts.append(f"Vorfrist: {long_day_text(proposal.early_warning)}")
            text = " · ".join(parts)
            if proposal.note:
                text += f" — {proposal.note}"
        else:
            text = proposal.note
        self.computed.setText(text)
        self.computed.setAccessibleName(text)
        self.sig_proposed.emit()

    def _on_proposal_failed(self, seq: int, error: BaseException) -> None:
        if seq != self._proposal_seq:
            return
        if isinstance(error, InvalidInputError):
            self.computed.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.computed.setText(" ".join(error.problems.values()))
            self.sig_proposed.emit()
        else:
            self._ctx.errors.show(error, self)

    def _warning_days(self) -> int:
        return self.warning_days.value() if self.kind.value() == ReminderKind.DEADLINE else 0

    def _update_inputs(self) -> None:
        compute = self.compute_mode()
        kind = self.kind.value()
        self.due.setEnabled(not compute)
        self.early.setEnabled(not compute and kind == ReminderKind.DEADLINE)
        for widget in (self.start, self.amount, self.unit):
            widget.setEnabled(compute)
        self.warning_days.setEnabled(compute and kind == ReminderKind.DEADLINE)
        self.time.setEnabled(kind == ReminderKind.APPOINTMENT)

    # --- slots -----------------------------------------------------------------------------
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.action_errors.clear()
        self._update_actions()

    def _on_add(self) -> None:
        if self._busy or self._case_id is None:
            return
        self.errors.clear()
        service = self._ctx.workspace.reminders
        kind = self.kind.value()
        due_time = ((self.time.text().strip() or None) if kind == ReminderKind.APPOINTMENT
                    else None)
        if self.compute_mode():
            self._run(_add_computed, service, self._case_id, kind, self.title.text(),
                      self.start.value(), self.unit.currentData(), self.amount.value(),
                      self._warning_days(), due_time, done=self._on_added, form=True)
        else:
            due = self.due.value()
            assert due is not None  # a required date field
            early = self.early.value() if kind == ReminderKind.DEADLINE else None
            self._run(service.add, self._case_id,
                      ReminderInput(kind, self.title.text(), due, due_time, early),
                      done=self._on_added, form=True)

    def _on_added(self, _reminder: object) -> None:
        self.title.setText("")
        self.time.setText("")
        self.early.setValue(None)

    def _on_complete(self) -> None:
        reminder = self.selected_reminder()
        if self._busy or reminder is None or reminder.done or self._case_id is None:
            return
        self.action_errors.clear()
        self._run(self._ctx.workspace.reminders.complete, reminder.id, done=lambda _r: None,
                  form=False)

    def _on_delete(self) -> None:
        reminder = self.selected_reminder()
        if (self._busy or reminder is None or self._case_id is None
                or self._confirm is not None):
            return
        self.action_errors.clear()
        if reminder.kind != ReminderKind.DEADLINE:
            self._delete(reminder, confirmed=False)
            return

        def answered(box: QMessageBox, yes: bool) -> None:
            if self._confirm is box:
                self._confirm = None
            if yes and self._case_id == reminder.case_id and not self._busy:
                self._delete(reminder, confirmed=True)

        box = question_box(self, QMessageBox.Icon.Warning, "Fallakte RRK",
                           f"Die Frist „{reminder.title}“ (fällig {day_text(reminder.due_date)})"
                           " wirklich löschen? Das wird protokolliert.",
                           name="deleteReminderBox", yes="Frist löschen",
                           yes_role=QMessageBox.ButtonRole.DestructiveRole, no="Abbrechen",
                           default_yes=False, on_answer=answered)
        self._confirm = box
        box.open()

    def _delete(self, reminder: ReminderView, *, confirmed: bool) -> None:
        self._run(self._ctx.workspace.reminders.delete, reminder.id, confirmed=confirmed,
                  done=lambda _r: None, form=False)

    # --- helpers ---------------------------------------------------------------------------
    def _close_confirm(self) -> None:
        if self._confirm is not None:
            box, self._confirm = self._confirm, None
            box.done(QMessageBox.StandardButton.No)

    def _run(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None],
             form: bool, **kwargs: Any) -> None:
        case_id = self._case_id
        compute = self.compute_mode()
        self._set_busy(True)

        def on_success(result: Any) -> None:
            self._set_busy(False)
            if case_id != self._case_id:
                return
            done(result)
            self.sig_changed.emit()
            self.reload()

        def on_error(error: BaseException) -> None:
            self._set_busy(False)
            if case_id != self._case_id:
                return
            if isinstance(error, InvalidInputError):
                if form:
                    moved = ({"due_date": "start", "early_warning": "warning_days"} if compute
                             else {"start": "due_date"})
                    self.errors.show({moved.get(k, k): v for k, v in error.problems.items()})
                else:
                    self.action_errors.setText(" ".join(error.problems.values()))
            elif isinstance(error, NotFoundError) and not form:
                self.action_errors.setText(error.message)
                self.reload()
            else:
                self._ctx.errors.show(error, self)

        self._ctx.runner.run(fn, *args, **kwargs, on_success=on_success, on_error=on_error,
                             owner=self, label="Frist speichern")

    def _update_actions(self) -> None:
        reminder = self.selected_reminder()
        idle = not self._busy and self._case_id is not None
        self.done_button.setEnabled(idle and reminder is not None and not reminder.done)
        self.delete_button.setEnabled(idle and reminder is not None)
        self.add_button.setEnabled(idle)
