"""The "Aufenthalt" tab of a case: Duldungen (with the early warning before expiry),
obstacles to removal, file numbers of other authorities and identity documents — each list
with an add form and a remove button that asks — and the AZR data-quality checklist (status,
day and note per point, each saved by its own button). (The person's languages and address are part
of the Stammdaten form, ``desktop.ui.widgets.case_form``.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.azr import AzrItem, AzrStatus
from desktop.domain.residence import (
    DocumentKind,
    DuldungInput,
    DuldungType,
    IdentityDocumentInput,
    ObstacleInput,
    ObstacleKind,
    PassportStatus,
    ReferenceInput,
    ReferenceKind,
)
from desktop.errors import InvalidInputError, StaleDataError
from desktop.services.read_models import AzrCheckView, ObstacleView, ResidenceOverview
from desktop.ui.context import AppContext
from desktop.ui.models.residence_models import (
    DocumentsModel,
    DuldungenModel,
    IdRowsModel,
    ObstaclesModel,
    ReferencesModel,
)
from desktop.ui.pages.case_tab import CaseTab, add_form, add_submit_row, rows_view
from desktop.ui.widgets.combos import EnumCombo, enum_combo
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors
from desktop.ui.widgets.question_box import question_box


class _Section(QGroupBox):
    """A list of one kind of rows: table, "Entfernen" (asks first), add form below."""

    def __init__(self, title: str, model: IdRowsModel[Any], name: str, noun: str,
                 parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"{name}Box")
        self.model = model
        model.setParent(self)
        self.noun = noun
        self.view: QTableView = rows_view(self, model, f"{name}View", stretch=0, widths={})
        self.view.setMinimumHeight(90)
        self.remove_button = QPushButton(f"{noun} entfernen …", self)
        self.remove_button.setObjectName(f"{name}RemoveButton")
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        self.error_summary = QLabel(self)
        self.errors = FieldErrors(self.error_summary, self)
        self.add_button = QPushButton(f"{noun} hinzufügen", self)
        self.add_button.setObjectName(f"{name}AddButton")
        top = self.action_row = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.remove_button)
        self.form_box = QWidget(self)
        self.form = add_form(self.form_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(top)
        layout.addWidget(self.form_box)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())

    def field(self, label: str, name: str, widget: QWidget, title: str) -> None:
        self.errors.add_row(self.form, label, name, widget, title)

    def finish_form(self) -> None:
        add_submit_row(self.form, self.error_summary, self.add_button)

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def update_actions(self, busy: bool = False, has_case: bool = True) -> None:
        self.remove_button.setEnabled(not busy and self.selected() is not None)
        self.add_button.setEnabled(not busy and has_case)


INCORRECT_STYLE = "color: #b3261e; font-weight: bold;"


class _AzrRow:
    """The widgets of one checklist point: status, day checked, note, state, "Speichern"."""

    def __init__(self, item: AzrItem, parent: QWidget) -> None:
        self.item = item
        label = item.label
        self.label = QLabel(label, parent)
        self.label.setWordWrap(True)
        self.status: EnumCombo = enum_combo(AzrStatus, parent)
        self.status.setObjectName(f"azrStatus_{item.value}")
        self.status.setAccessibleName(f"Status: {label}")
        self.label.setBuddy(self.status)
        self.checked_on = DateEdit(parent, optional=True)
        self.checked_on.setObjectName(f"azrCheckedOn_{item.value}")
        self.checked_on.setAccessibleName(f"Geprüft am: {label}")
        self.checked_on.setToolTip("Prüfdatum TT.MM.JJJJ; leer: heute.")
        self.note = _line(parent, f"azrNote_{item.value}", 2000, "Notiz")
        self.note.setAccessibleName(f"Notiz: {label}")
        self.state = QLabel(parent)
        self.state.setObjectName(f"azrState_{item.value}")
        self.save_button = QPushButton("Speichern", parent)
        self.save_button.setObjectName(f"azrSave_{item.value}")
        self.save_button.setAccessibleName(f"Speichern: {label}")
        self.note.returnPressed.connect(self.save_button.click)
        self.show(None)

    def show(self, view: AzrCheckView | None) -> None:
        status = view.status if view is not None else AzrStatus.UNCHECKED
        self.status.set_value(status)
        self.checked_on.setValue(view.checked_on if view is not None else None)
        self.note.setText(view.note if view is not None else "")
        self.show_state(status)

    def show_state(self, status: AzrStatus) -> None:
        """The saved state in words; an incorrect point is marked with text and emphasis."""
        incorrect = status is AzrStatus.INCORRECT
        self.state.setText(f"⚠ {status.label}" if incorrect else status.label)
        self.state.setStyleSheet(INCORRECT_STYLE if incorrect else "")
        self.label.setStyleSheet("font-weight: bold;" if incorrect else "")
        self.state.setAccessibleName(f"Gespeicherter Stand: {status.label}")


class _AzrGroup(QGroupBox):
    """"AZR-Datenqualität": one row per checklist point, each saved by its own button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("AZR-Datenqualität", parent)
        self.setObjectName("azrBox")
        self.message = QLabel(self)
        self.message.setObjectName("azrMessage")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        self.rows = {item: _AzrRow(item, self) for item in AzrItem}
        grid = QGridLayout()
        for column, title in enumerate(("Status", "Geprüft am", "Notiz", "Stand")):
            header = QLabel(title, self)
            header.setStyleSheet("font-weight: bold;")
            grid.addWidget(header, 0, column)
        for index, row in enumerate(self.rows.values()):
            line = 1 + 2 * index
            grid.addWidget(row.label, line, 0, 1, 5)
            grid.addWidget(row.status, line + 1, 0)
            grid.addWidget(row.checked_on, line + 1, 1)
            grid.addWidget(row.note, line + 1, 2)
            grid.addWidget(row.state, line + 1, 3)
            grid.addWidget(row.save_button, line + 1, 4)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        previous: QWidget | None = None
        for row in self.rows.values():
            for widget in (row.status, row.checked_on, row.note, row.save_button):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget

    def show_checklist(self, checklist: list[AzrCheckView]) -> None:
        for view in checklist:
            self.rows[view.item].show(view)

    def reset(self) -> None:
        for row in self.rows.values():
            row.show(None)
        self.message.clear()

    def update_actions(self, busy: bool, has_case: bool) -> None:
        for row in self.rows.values():
            row.save_button.setEnabled(not busy and has_case)


def _line(parent: QWidget, name: str, limit: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setMaxLength(limit)
    edit.setPlaceholderText(placeholder)
    return edit


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
        self._build_duldungen(content)
        self._build_obstacles(content)
        self._build_references(content)
        self._build_documents(content)
        self.azr = _AzrGroup(content)
        for azr_row in self.azr.rows.values():
            azr_row.save_button.clicked.connect(
                lambda _checked=False, r=azr_row: self._on_save_azr(r))
        self.sections = (self.duldungen, self.obstacles, self.references, self.documents)
        # the bindings ``CaseTab.clear`` resets: the Duldung form's (the others are cleared
        # in ``_reset_inputs``)
        self.errors = self.duldungen.errors

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

    # --- building --------------------------------------------------------------------------
    def _build_duldungen(self, parent: QWidget) -> None:
        box = self.duldungen = _Section("Duldungen", DuldungenModel(), "duldungen",
                                        "Duldung", parent)
        self.duldung_type = enum_combo(DuldungType, box)
        self.duldung_type.setObjectName("duldungType")
        for index, member in enumerate(DuldungType):
            self.duldung_type.setItemData(index, member.description,
                                          Qt.ItemDataRole.ToolTipRole)
        self.duldung_from = DateEdit(box)
        self.duldung_from.setObjectName("duldungFrom")
        self.duldung_until = DateEdit(box, optional=True)
        self.duldung_until.setObjectName("duldungUntil")
        self.duldung_reason = _line(box, "duldungReason", 2000, "z. B. Passlosigkeit")
        self.duldung_issued_by = _line(box, "duldungIssuedBy", 200, "z. B. ABH Stadt Köln")
        box.field("&Art", "type", self.duldung_type, "Art")
        box.field("Gültig a&b", "valid_from", self.duldung_from, "Gültig ab")
        box.field("Gültig b&is", "valid_until", self.duldung_until, "Gültig bis")
        box.field("&Grund", "reason", self.duldung_reason, "Grund")
        box.field("Ausgestellt &von", "issued_by", self.duldung_issued_by, "Ausgestellt von")
        box.finish_form()
        box.add_button.clicked.connect(self._on_add_duldung)
        box.remove_button.clicked.connect(lambda: self._ask_remove(
            box, self._ctx.workspace.residence.delete_duldung))

    def _build_obstacles(self, parent: QWidget) -> None:
        box = self.obstacles = _Section("Vollzugshindernisse", ObstaclesModel(), "obstacles",
                                        "Hindernis", parent)
        self.obstacle_kind = enum_combo(ObstacleKind, box)
        self.obstacle_kind.setObjectName("obstacleKind")
        self.obstacle_since = DateEdit(box, optional=True)
        self.obstacle_since.setObjectName("obstacleSince")
        self.obstacle_description = _line(box, "obstacleDescription", 2000)
        box.field("&Hindernis", "kind", self.obstacle_kind, "Hindernis")
        box.field("&Seit", "since", self.obstacle_since, "Seit")
        box.field("Beschreib&ung", "description", self.obstacle_description, "Beschreibung")
        box.finish_form()
        self.resolve_button = QPushButton("Ausgeräumt", box)
        self.resolve_button.setObjectName("obstacleResolveButton")
        self.resolve_button.setToolTip("Das ausgewählte Hindernis als ausgeräumt vermerken")
        box.action_row.insertWidget(1, self.resolve_button)
        self.resolve_button.clicked.connect(self._on_resolve_obstacle)
        box.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        box.add_button.clicked.connect(self._on_add_obstacle)
        box.remove_button.clicked.connect(lambda: self._ask_remove(
            box, self._ctx.workspace.residence.delete_obstacle))

    def _build_references(self, parent: QWidget) -> None:
        box = self.references = _Section("Aktenzeichen anderer Behörden", ReferencesModel(),
                                         "references", "Aktenzeichen", parent)
        self.reference_kind = enum_combo(ReferenceKind, box)
        self.reference_kind.setObjectName("referenceKind")
        self.reference_value = _line(box, "referenceValue", 100, "z. B. ABH-123/45")
        self.reference_authority = _line(box, "referenceAuthority", 200,
                                         "z. B. Stadt Köln, Amt 32")
        box.field("Be&hörde", "kind", self.reference_kind, "Behörde")
        box.field("A&ktenzeichen", "value", self.reference_value, "Aktenzeichen")
        box.field("S&telle", "authority", self.reference_authority, "Stelle")
        box.finish_form()
        box.add_button.clicked.connect(self._on_add_reference)
        self.reference_value.returnPressed.connect(self._on_add_reference)
        box.remove_button.clicked.connect(lambda: self._ask_remove(
            box, self._ctx.workspace.residence.delete_reference))

    def _build_documents(self, parent: QWidget) -> None:
        box = self.documents = _Section("Ausweisdokumente und Passstatus", DocumentsModel(),
                                        "documents", "Dokument", parent)
        self.document_kind = enum_combo(DocumentKind, box)
        self.document_kind.setObjectName("documentKind")
        self.document_status = enum_combo(PassportStatus, box)
        self.document_status.setObjectName("documentStatus")
        self.document_number = _line(box, "documentNumber", 50)
        self.document_country = _line(box, "documentCountry", 2, "ISO-Code, z. B. TR")
        self.document_until = DateEdit(box, optional=True)
        self.document_until.setObjectName("documentUntil")
        box.field("&Dokument", "kind", self.document_kind, "Dokument")
        box.field("&Passstatus", "status", self.document_status, "Passstatus")
        box.field("&Nummer", "number", self.document_number, "Nummer")
        box.field("Ausstellender Sta&at", "issuing_country", self.document_country, "Staat")
        box.field("Gültig bis", "valid_until", self.document_until, "Gültig bis")
        box.finish_form()
        box.add_button.clicked.connect(self._on_add_document)
        box.remove_button.clicked.connect(lambda: self._ask_remove(
            box, self._ctx.workspace.residence.delete_document))

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._case_id = case_id
        for section in self.sections:
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
        typed = (self.duldung_reason, self.duldung_issued_by, self.obstacle_description,
                 self.reference_value, self.reference_authority, self.document_number)
        return any(edit.text().strip() for edit in typed)

    # --- CaseTab ---------------------------------------------------------------------------
    _show = show_overview

    def _query(self, case_id: str) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return self._ctx.workspace.residence.overview, (case_id,)

    def _reset_inputs(self) -> None:
        for edit in (self.duldung_reason, self.duldung_issued_by, self.obstacle_description,
                     self.reference_value, self.reference_authority, self.document_number,
                     self.document_country):
            edit.setText("")
        for combo in (self.duldung_type, self.obstacle_kind, self.reference_kind,
                      self.document_kind, self.document_status):
            combo.setCurrentIndex(0)
        self.duldung_from.clear_value()
        for optional in (self.duldung_until, self.obstacle_since, self.document_until):
            optional.setValue(None)
        for section in self.sections:
            section.errors.clear()
        self.azr.reset()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()

    # --- slots -----------------------------------------------------------------------------
    def _on_add_duldung(self) -> None:
        data = DuldungInput(self.duldung_type.value(), self.duldung_from.value(),
                            self.duldung_until.value(), self.duldung_reason.text(),
                            self.duldung_issued_by.text())
        self._add(self.duldungen, self._ctx.workspace.residence.add_duldung, data,
                  (self.duldung_reason, self.duldung_issued_by), (self.duldung_until,))

    def _on_add_obstacle(self) -> None:
        data = ObstacleInput(self.obstacle_kind.value(), self.obstacle_description.text(),
                             since=self.obstacle_since.value())
        self._add(self.obstacles, self._ctx.workspace.residence.add_obstacle, data,
                  (self.obstacle_description,), (self.obstacle_since,))

    def _on_add_reference(self) -> None:
        data = ReferenceInput(self.reference_kind.value(), self.reference_value.text(),
                              self.reference_authority.text())
        self._add(self.references, self._ctx.workspace.residence.add_reference, data,
                  (self.reference_value, self.reference_authority), ())

    def _on_add_document(self) -> None:
        data = IdentityDocumentInput(self.document_kind.value(), self.document_status.value(),
                                     self.document_number.text(), self.document_country.text(),
                                     self.document_until.value())
        self._add(self.documents, self._ctx.workspace.residence.add_document, data,
                  (self.document_number, self.document_country), (self.document_until,))

    def _on_save_azr(self, row: _AzrRow) -> None:
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

    def _on_resolve_obstacle(self) -> None:
        obstacle: ObstacleView | None = self.obstacles.selected()
        if obstacle is None or not obstacle.active or self._busy:
            return
        data = ObstacleInput(obstacle.kind, obstacle.description, obstacle.since,
                             obstacle.until, resolved=True)
        self._run(self.obstacles, self._ctx.workspace.residence.update_obstacle, obstacle.id,
                  obstacle.version, data, done=lambda _r: None, errors=None)

    def _ask_remove(self, section: _Section, delete: Callable[..., Any]) -> None:
        item = section.selected()
        if item is None or self._busy or self._confirm is not None:
            return

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
    def _add(self, section: _Section, fn: Callable[..., Any], data: Any,
             texts: tuple[QLineEdit, ...], dates: tuple[DateEdit, ...]) -> None:
        if self._busy or self._case_id is None:
            return
        section.errors.clear()

        def done(_result: Any) -> None:
            for line in texts:
                line.setText("")
            for date_edit in dates:
                date_edit.setValue(None)

        self._run(section, fn, self._case_id, data, done=done, errors=section.errors)

    def _run(self, section: _Section | _AzrGroup, fn: Callable[..., Any], *args: Any,
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
            elif isinstance(error, StaleDataError):
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
        obstacle = self.obstacles.selected()
        self.resolve_button.setEnabled(not self._busy and obstacle is not None
                                       and obstacle.active)
