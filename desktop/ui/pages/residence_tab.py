"""The "Aufenthalt" tab of a case: Duldungen (with the early warning before expiry),
obstacles to removal, file numbers of other authorities and identity documents — each a
``ResidenceSection`` whose form adds a row or edits the selected one, with a remove button
that asks — and the AZR data-quality checklist. This module composes them and runs their
service calls; the person's languages and address are part of the Stammdaten form
(``desktop.ui.widgets.case_form``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QMessageBox, QScrollArea, QVBoxLayout, QWidget

from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services.read_models import AzrCheckView, ObstacleView, ResidenceOverview
from desktop.ui.context import AppContext
from desktop.ui.pages.case_tab import CaseTab
from desktop.ui.pages.residence_azr import AzrGroup, AzrRow
from desktop.ui.pages.residence_documents import DocumentsSection
from desktop.ui.pages.residence_duldungen import DuldungenSection
from desktop.ui.pages.residence_obstacles import ObstaclesSection
from desktop.ui.pages.residence_references import ReferencesSection
from desktop.ui.pages.residence_section import ResidenceSection
from desktop.ui.widgets.field_errors import FieldErrors
from desktop.ui.widgets.question_box import question_box


class ResidenceTab(CaseTab):
    """Shows the residence data of ``case_id``; results for another case are dropped.

    ``sig_changed`` follows every saved change; ``sig_obstacles(list)`` gives the active
    obstacles whenever they were (re)loaded, for the Maßnahmen tab.
    """

    sig_changed = Signal()
    sig_obstacles = Signal(list)
    sig_shown = Signal(str)  # case id whose overview is now shown
    sig_azr_shown = Signal(str)  # case id whose AZR checklist is now shown
    LOAD_LABEL = "Aufenthalt laden"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._confirm: QMessageBox | None = None
        content = QWidget(self)
        self.duldungen = DuldungenSection(content)
        self.obstacles = ObstaclesSection(content)
        self.references = ReferencesSection(content)
        self.documents = DocumentsSection(content)
        self.azr = AzrGroup(content)
        self.resolve_button = self.obstacles.resolve_button
        self.sections: tuple[ResidenceSection, ...] = (
            self.duldungen, self.obstacles, self.references, self.documents)
        for section in self.sections:
            section.sig_submit.connect(lambda s=section: self._on_submit(s))
            section.sig_remove.connect(lambda s=section: self._ask_remove(s))
        self.resolve_button.clicked.connect(self._on_toggle_resolved)
        for azr_row in self.azr.rows.values():
            azr_row.save_button.clicked.connect(
                lambda _checked=False, r=azr_row: self._on_save_azr(r))
        # the bindings ``CaseTab.clear`` resets: the Duldung form's (the others are cleared
        # in ``_reset_inputs``)
        self.errors: FieldErrors = self.duldungen.errors

        inner = QVBoxLayout(content)
        for box in self.sections:
            inner.addWidget(box)
        inner.addWidget(self.azr)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._update_actions()

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._case_id = case_id
        for section in self.sections:
            if section.editing is not None:
                section.end_edit()
            section.model.clear()
            section.message.clear()
        if self._confirm is not None:
            self._confirm.done(QMessageBox.StandardButton.No)
            self._confirm = None
        self.azr.reset()
        self._update_actions()

    def show_overview(self, overview: ResidenceOverview) -> None:
        for section, rows in ((self.duldungen, overview.duldungen),
                              (self.obstacles, overview.obstacles),
                              (self.references, overview.references),
                              (self.documents, overview.documents)):
            selected = section.selected()
            section.model.set_rows(rows)
            if selected is not None and (row := section.model.row_of(selected.id)) >= 0:
                section.view.selectRow(row)
        self._update_actions()
        self.sig_obstacles.emit([o for o in overview.obstacles if o.active])
        self.sig_shown.emit(overview.case_id)
        self._load_azr(overview.case_id)

    def show_checklist(self, case_id: str, checklist: list[AzrCheckView]) -> None:
        """Shows the AZR checklist of ``case_id`` (dropped if another case is shown now)."""
        if case_id != self._case_id:
            return
        self.azr.show_checklist(checklist)
        self.sig_azr_shown.emit(case_id)

    def has_draft(self) -> bool:
        """Something typed but not added, or a row changed in edit mode but not saved."""
        return any(section.is_dirty() for section in self.sections)

    # --- CaseTab ---------------------------------------------------------------------------
    _show = show_overview

    def _query(self, case_id: str) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return self._ctx.workspace.residence.overview, (case_id,)

    def _reset_inputs(self) -> None:
        for section in self.sections:
            section.end_edit()
        self.azr.reset()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()

    # --- slots -----------------------------------------------------------------------------
    def _on_submit(self, section: ResidenceSection) -> None:
        """Adds the form's row, or saves the row being edited."""
        if self._busy or self._case_id is None:
            return
        section.errors.clear()
        residence = self._ctx.workspace.residence
        data = section.read()
        item = section.editing
        if item is None:
            self._run(section, section.add_call(residence), self._case_id, data,
                      done=lambda _r: section.end_edit(), errors=section.errors)
        else:
            self._run(section, section.update_call(residence), item.id, item.version, data,
                      done=lambda _r: section.end_edit(), errors=section.errors)

    def _on_toggle_resolved(self) -> None:
        obstacle: ObstacleView | None = self.obstacles.selected()
        if obstacle is None or self._busy or self.obstacles.editing is not None:
            return
        self._run(self.obstacles, self._ctx.workspace.residence.update_obstacle, obstacle.id,
                  obstacle.version, self.obstacles.toggled_input(obstacle),
                  done=lambda _r: None, errors=None)

    def _on_save_azr(self, row: AzrRow) -> None:
        if self._busy or self._case_id is None:
            return
        self._run(self.azr, self._ctx.workspace.azr.record, self._case_id, row.item,
                  row.status.value(), row.note.text(), row.checked_on.value(),
                  done=lambda _r: None, errors=None)

    def _load_azr(self, case_id: str) -> None:
        if case_id != self._case_id:
            return
        self._ctx.runner.run(self._ctx.workspace.azr.checklist, case_id,
                             on_success=lambda rows: self.show_checklist(case_id, rows),
                             owner=self, label="AZR-Abgleich laden")

    def _ask_remove(self, section: ResidenceSection) -> None:
        item = section.selected()
        if item is None or self._busy or self._confirm is not None:
            return
        delete = section.delete_call(self._ctx.workspace.residence)

        def answered(box: QMessageBox, yes: bool) -> None:
            if self._confirm is box:
                self._confirm = None
            if yes and self._case_id is not None and not self._busy:
                self._run(section, delete, item.id, item.version, done=lambda _r: None,
                          errors=None)

        box = question_box(self, QMessageBox.Icon.Question, "Fallakte RRK",
                           f"{section.noun} wirklich entfernen? Die Löschung wird im "
                           "Protokoll vermerkt.", name="removeResidenceBox",
                           yes="Entfernen", yes_role=QMessageBox.ButtonRole.DestructiveRole,
                           no="Abbrechen", default_yes=False, on_answer=answered)
        self._confirm = box
        box.open()

    # --- helpers ---------------------------------------------------------------------------
    def _run(self, section: ResidenceSection | AzrGroup, fn: Callable[..., Any], *args: Any,
             done: Callable[[Any], None], errors: FieldErrors | None) -> None:
        case_id = self._case_id
        section.message.clear()
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
            message = section.message
            if isinstance(error, InvalidInputError):
                if errors is not None:
                    errors.show(error.problems)
                else:
                    message.setText(" ".join(error.problems.values()))
            elif isinstance(error, StaleDataError | NotFoundError):
                # the row changed or went away meanwhile: show the saved state again
                if isinstance(section, ResidenceSection):
                    section.end_edit()
                message.setText(error.message)
                self.reload()
            else:
                self._ctx.errors.show(error, self)

        self._ctx.runner.run(fn, *args, on_success=on_success, on_error=on_error, owner=self,
                             label="Aufenthalt speichern")

    def _update_actions(self) -> None:
        has_case = self._case_id is not None
        for section in self.sections:
            section.update_actions(self._busy, has_case)
        self.azr.update_actions(self._busy, has_case)
