"""The "Konferenzen" tab of a case: the case's conferences (newest first), "Konferenz
planen …" (the editor with this case filled in) and opening a conference (Enter)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.conferences import ConferenceRow
from desktop.ui.context import AppContext
from desktop.ui.models.conference_models import ConferencesModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.pages.conference_opener import ConferenceOpener


class CaseConferencesTab(QWidget):
    """See module docstring. ``sig_changed`` after the editor stored something or closed
    (measures, reminders and the journal of the case may have changed)."""

    sig_changed = Signal()
    sig_shown = Signal(str)  # case id whose conferences are now listed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseConferencesTab")
        self._ctx = ctx
        self._case_id: str | None = None
        self.opener = ConferenceOpener(ctx, self)
        self.opener.sig_changed.connect(self._on_changed)
        self.model = ConferencesModel(self)
        self.view = rows_view(self, self.model, "caseConferencesView",
                              stretch=ConferencesModel.CASES,
                              widths={0: 150, 1: 150, 2: 160, 4: 95, 5: 115, 6: 150})
        self.view.setAccessibleName("Konferenzen des Falls")
        self.view.activated.connect(lambda _index: self.open_selected())
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.plan_button = QPushButton("Konferenz &planen …", self)
        self.plan_button.setObjectName("casePlanConference")
        self.plan_button.setToolTip("Eine Fallkonferenz zu diesem Fall planen")
        self.plan_button.clicked.connect(self.plan)
        self.open_button = QPushButton("Ö&ffnen", self)
        self.open_button.setObjectName("caseOpenConference")
        self.open_button.setToolTip("Die ausgewählte Konferenz öffnen (Eingabe)")
        self.open_button.clicked.connect(self.open_selected)
        self.status = QLabel(self)
        self.status.setObjectName("caseConferencesStatus")
        self.status.setWordWrap(True)
        self.opener.sig_failed.connect(self.status.setText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.plan_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_case(self, case_id: str | None) -> None:
        self._case_id = case_id
        self.opener.close()
        self.model.clear()
        self.status.clear()
        self.reload()

    def clear(self) -> None:
        self.set_case(None)

    def has_draft(self) -> bool:
        """The conference editor is open with unsaved changes."""
        dialog = self.opener.dialog
        return dialog is not None and dialog.is_dirty()

    def reload(self) -> None:
        case_id = self._case_id
        if case_id is None or self._ctx.session.workspace is None:
            return
        self._ctx.runner.run(self._ctx.workspace.conferences.of_case, case_id, owner=self,
                             label="Konferenzen laden",
                             on_success=lambda rows: self._on_loaded(case_id, rows))

    def plan(self) -> None:
        if self._case_id is not None:
            self.opener.new(self._case_id)

    def open_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.opener.open(self.model.row(rows[0].row()).id)

    def _on_loaded(self, case_id: str, rows: list[ConferenceRow]) -> None:
        if case_id != self._case_id:
            return
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)
        self.open_button.setEnabled(bool(rows))
        self.sig_shown.emit(case_id)

    def _on_changed(self) -> None:
        self.reload()
        self.sig_changed.emit()
