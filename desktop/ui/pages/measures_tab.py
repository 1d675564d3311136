"""The "Maßnahmen" tab of a case: the measures table, done/dropped, and a form for new ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import MeasureOwner, MeasureStatus
from desktop.errors import InvalidInputError, StaleDataError
from desktop.services.cases import MeasureInput
from desktop.services.read_models import MeasureView, ObstacleView
from desktop.ui.context import AppContext
from desktop.ui.models.measures_model import MeasuresModel
from desktop.ui.pages.case_tab import CaseTab, add_form, add_submit_row, rows_view
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors

COMMON_MEASURES = (
    "Passersatzbeschaffung", "Botschaftsvorführung", "Ausweisung prüfen",
    "Abschiebungshaft beantragen", "Rückführung buchen", "Rückkehrberatung",
)


class MeasuresTab(CaseTab):
    """Shows the measures of ``case_id``; results for another case are dropped."""

    sig_changed = Signal()  # a measure was added or updated
    LOAD_LABEL = "Maßnahmen laden"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = MeasuresModel(self)

        self.view = rows_view(self, self.model, "measuresView", stretch=0,
                              widths={1: 140, 2: 95, 3: 150, 4: 200})
        self.view.setAccessibleName("Maßnahmen des Falls")
        self.view.selectionModel().selectionChanged.connect(self._on_selection)

        self.result = QLineEdit(self)
        self.result.setObjectName("measureResult")
        self.result.setPlaceholderText("Ergebnis (optional)")
        self.result.setMaxLength(500)
        self.done_button = QPushButton("Erledigt", self)
        self.done_button.setObjectName("measureDoneButton")
        self.cancel_button = QPushButton("Entfällt", self)
        self.cancel_button.setObjectName("measureCancelButton")
        self.done_button.clicked.connect(lambda: self._on_finish(MeasureStatus.DONE))
        self.cancel_button.clicked.connect(lambda: self._on_finish(MeasureStatus.CANCELLED))
        self.action_errors = QLabel(self)
        self.action_errors.setObjectName("measureActionError")
        self.action_errors.setStyleSheet("color: #b3261e;")
        actions = QHBoxLayout()
        result_label = QLabel("Ausgewählte Maßnahme:", self)
        result_label.setBuddy(self.result)
        actions.addWidget(result_label)
        actions.addWidget(self.result, 1)
        actions.addWidget(self.done_button)
        actions.addWidget(self.cancel_button)

        add_box = QGroupBox("Maßnahme hinzufügen", self)
        self.error_summary = QLabel(add_box)
        self.errors = FieldErrors(self.error_summary, self)
        self.title = QLineEdit(add_box)
        self.title.setObjectName("measureTitle")
        self.title.setMaxLength(200)
        self.title.setPlaceholderText("z. B. Passersatzbeschaffung")
        completer = QCompleter(list(COMMON_MEASURES), self.title)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.title.setCompleter(completer)
        self.owner = enum_combo(MeasureOwner, add_box)
        self.owner.setObjectName("measureOwner")
        self.due = DateEdit(add_box, optional=True)
        self.due.setObjectName("measureDue")
        self.add_button = QPushButton("Maßnahme anlegen", add_box)
        self.add_button.setObjectName("addMeasureButton")
        self.add_button.clicked.connect(self._on_add)
        self.title.returnPressed.connect(self._on_add)
        form = add_form(add_box)
        row = QHBoxLayout()
        row.addWidget(self.errors.bind("title", self.title, "Maßnahme"), 3)
        owner_label = QLabel("&Zuständig", add_box)
        owner_label.setBuddy(self.owner)
        row.addWidget(owner_label)
        row.addWidget(self.errors.bind("owner", self.owner, "Zuständig"), 1)
        due_label = QLabel("&Fällig am", add_box)
        due_label.setBuddy(self.due)
        row.addWidget(due_label)
        row.addWidget(self.errors.bind("due_date", self.due, "Fällig"))
        title_label = QLabel("&Maßnahme", add_box)
        title_label.setBuddy(self.title)
        form.addRow(title_label, row)
        add_submit_row(form, self.error_summary, self.add_button)

        # The case's current obstacles to removal, read-only, wherever a measure is planned.
        self.obstacles_line = QLabel(self)
        self.obstacles_line.setObjectName("measureObstacles")
        self.obstacles_line.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.action_errors)
        layout.addWidget(self.obstacles_line)
        layout.addWidget(add_box)
        self._update_actions()

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._case_id = case_id
        self.model.clear()
        self.set_obstacles([])
        self._update_actions()

    def set_obstacles(self, obstacles: list[ObstacleView]) -> None:
        """Shows the case's active obstacles to removal above the add form (read-only)."""
        if not obstacles:
            self.obstacles_line.setText("Vollzugshindernisse: keine erfasst")
            self.obstacles_line.setStyleSheet("")
            return
        names = "; ".join(o.kind.label + (f" ({o.description.splitlines()[0]})"
                                          if o.description.strip() else "")
                          for o in obstacles)
        self.obstacles_line.setText(f"Vollzugshindernisse: {names}")
        self.obstacles_line.setStyleSheet("color: #8a5300; font-weight: bold;")

    def set_measures(self, measures: list[MeasureView]) -> None:
        selected = self.selected_measure()
        self.model.set_measures(measures)
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.view.selectRow(row)
        self._update_actions()

    def selected_measure(self) -> MeasureView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.measure(rows[0].row()) if rows else None

    def has_draft(self) -> bool:
        return bool(self.title.text().strip() or self.result.text().strip())

    # --- CaseTab ---------------------------------------------------------------------------
    _show = set_measures

    def _query(self, case_id: str) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return self._ctx.workspace.cases.measures, (case_id,)

    def _reset_inputs(self) -> None:
        self.title.setText("")
        self.result.setText("")
        self.owner.setCurrentIndex(0)
        self.due.setValue(None)
        self.action_errors.clear()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()

    # --- slots -----------------------------------------------------------------------------
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.action_errors.clear()
        self._update_actions()

    def _on_add(self) -> None:
        if self._busy or self._case_id is None:
            return
        self.errors.clear()
        case_id = self._case_id
        data = MeasureInput(title=self.title.text(), owner=self.owner.value(),
                            due_date=self.due.value())
        self._run(self._ctx.workspace.cases.add_measure, case_id, data,
                  done=self._on_added, errors=self.errors)

    def _on_added(self, _measure: MeasureView) -> None:
        self.title.setText("")
        self.due.setValue(None)
        self.owner.setCurrentIndex(0)

    def _on_finish(self, status: MeasureStatus) -> None:
        measure = self.selected_measure()
        if self._busy or measure is None or self._case_id is None:
            return
        self.action_errors.clear()
        self._run(self._ctx.workspace.cases.update_measure, measure.id, measure.version,
                  status, self.result.text(), done=lambda _m: self.result.setText(""),
                  errors=None)

    # --- helpers ---------------------------------------------------------------------------
    def _run(self, fn, *args, done, errors: FieldErrors | None) -> None:
        case_id = self._case_id
        self._set_busy(True)

        def on_success(result: MeasureView) -> None:
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
                if errors is not None:
                    errors.show(error.problems)
                else:
                    self.action_errors.setText(" ".join(error.problems.values()))
            elif isinstance(error, StaleDataError):
                self.action_errors.setText(error.message)
                self.reload()
            else:
                self._ctx.errors.show(error, self)

        self._ctx.runner.run(fn, *args, on_success=on_success, on_error=on_error, owner=self,
                             label="Maßnahme speichern")

    def _update_actions(self) -> None:
        measure = self.selected_measure()
        can_finish = (not self._busy and measure is not None
                      and measure.status == MeasureStatus.OPEN)
        self.done_button.setEnabled(can_finish)
        self.cancel_button.setEnabled(can_finish)
        self.result.setEnabled(measure is not None and measure.status == MeasureStatus.OPEN)
        self.add_button.setEnabled(not self._busy and self._case_id is not None)
