"""The "Haft" tab of a case: the custody record (JVA, Buchungsnummer, Az. der StA, Haftart,
Strafbeginn, Anrechnung, sentences, settings), its dates (berechnet / bestätigt), the § 456a
decision, the planned deportation, the lead times of the early warnings, the notices sent to
the ABH, and ending the custody.

Every change is one call of ``workspace.custody`` on the task runner against the record's
version; a stale version says so in German and loads the record again; the engine's input
errors are shown at the fields they name, and nothing is saved then. "Mitteilung
Haftentlassung schreiben …" asks the case (``sig_write_notice``) to open the Schriftverkehr's
compose flow for a ``custody_notice`` letter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import PartnerKind
from desktop.errors import InvalidInputError, StaleDataError, UserFacingError
from desktop.services.custody_models import (
    CustodyInputForm,
    CustodyView,
    Decision456a,
    DetentionKind,
)
from desktop.services.read_models import PartnerRef
from desktop.ui.context import AppContext
from desktop.ui.dialogs.custody_dialogs import ConfirmDateDialog, ReleasedDialog
from desktop.ui.models.custody_models import CustodyDatesModel, NoticesModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.widgets.custody_inputs import CustodyInputsForm
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import ERROR_COLOUR, clear_invalid, mark_invalid

NO_RECORD = "Kein Haftfall erfasst. Eingaben ausfüllen und „Speichern“ legt ihn an."
STALE = "Der Haftfall wurde inzwischen geändert. Die gespeicherten Daten wurden neu geladen."
DECISION_LABELS = {Decision456a.NONE: "Kein Antrag", Decision456a.REQUESTED: "beantragt",
                   Decision456a.GRANTED: "bewilligt am", Decision456a.REFUSED: "abgelehnt"}


def _button(parent: QWidget, text: str, name: str, tip: str, slot: Callable[[], None]
            ) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAccessibleName(text.replace("&", "").replace(" …", ""))
    button.clicked.connect(slot)
    return button


def parse_lead_times(text: str) -> tuple[int, ...]:
    """``"6, 3"`` → ``(6, 3)``; raises ValueError in German."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if not all(p.isdigit() for p in parts):
        raise ValueError("Vorlaufzeiten als ganze Monate, durch Komma getrennt (z. B. 6, 3).")
    return tuple(int(p) for p in parts)


class CustodyTab(QWidget):
    """See module docstring. ``sig_changed`` follows every stored change (dates, reminders
    and the journal may have moved); ``sig_shown(case_id)`` tells the record is shown."""

    sig_changed = Signal()
    sig_shown = Signal(str)
    sig_write_notice = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custodyTab")
        self._ctx = ctx
        self._case_id: str | None = None
        self._generation = 0
        self._busy = 0
        self.view_data: CustodyView | None = None
        self.dialog: QDialog | None = None
        self._facilities_loaded = False
        self._marked: list[QWidget] = []

        # --- the record ----------------------------------------------------------------------
        record_box = QGroupBox("Haftfall", self)
        self.facility = QComboBox(record_box)
        self.facility.setObjectName("custodyFacility")
        self.facility.setAccessibleName("Justizvollzugsanstalt")
        self.facility.addItem("— keine —", None)
        self.booking_number = QLineEdit(record_box)
        self.booking_number.setObjectName("custodyBookingNumber")
        self.booking_number.setAccessibleName("Buchungsnummer")
        self.booking_number.setMaxLength(50)
        self.prosecutor_reference = QLineEdit(record_box)
        self.prosecutor_reference.setObjectName("custodyProsecutorReference")
        self.prosecutor_reference.setAccessibleName("Aktenzeichen der StA")
        self.prosecutor_reference.setMaxLength(100)
        self.detention_kind = QComboBox(record_box)
        self.detention_kind.setObjectName("custodyDetentionKind")
        self.detention_kind.setAccessibleName("Haftart")
        for kind in DetentionKind:
            self.detention_kind.addItem(kind.label, kind.value)
        self.inputs = CustodyInputsForm(record_box)
        self.save_button = _button(record_box, "Speichern", "custodySaveButton",
                                   "Haftfall speichern und Daten berechnen (Strg+S)", self.save)
        self.save_status = QLabel(record_box)
        self.save_status.setObjectName("custodySaveStatus")
        self.save_status.setWordWrap(True)
        record_form = QFormLayout()
        for text, widget in (("&JVA:", self.facility), ("Buchungs&nummer:", self.booking_number),
                             ("Az. der S&tA:", self.prosecutor_reference),
                             ("Ha&ftart:", self.detention_kind)):
            label = QLabel(text, record_box)
            label.setBuddy(widget)
            record_form.addRow(label, widget)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_status, 1)
        save_row.addWidget(self.save_button)
        record_layout = QVBoxLayout(record_box)
        record_layout.addLayout(record_form)
        record_layout.addWidget(self.inputs)
        record_layout.addLayout(save_row)

        # --- the dates ------------------------------------------------------------------------
        dates_box = QGroupBox("Daten (berechnet und bestätigt)", self)
        self.dates_model = CustodyDatesModel(self)
        self.dates_view = rows_view(dates_box, self.dates_model, "custodyDatesView", stretch=2,
                                    widths={0: 210, 1: 120, 3: 120, 4: 90})
        self.dates_view.setAccessibleName("Haftdaten")
        self.dates_view.setMinimumHeight(150)
        self.dates_view.activated.connect(lambda _i: self.confirm_selected())
        self.dates_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_actions())
        self.confirm_button = _button(dates_box, "&Bestätigen …", "custodyConfirmButton",
                                      "Ein von StA oder JVA bestätigtes Datum eintragen "
                                      "(leer entfernt die Bestätigung)", self.confirm_selected)
        dates_layout = QVBoxLayout(dates_box)
        dates_layout.addWidget(self.dates_view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.confirm_button)
        dates_layout.addLayout(row)

        # --- decisions and lead times ---------------------------------------------------------
        plan_box = QGroupBox("§ 456a StPO, Abschiebung und Vorfristen", self)
        self.decision = QComboBox(plan_box)
        self.decision.setObjectName("custody456aDecision")
        self.decision.setAccessibleName("Entscheidung § 456a StPO")
        for member, caption in DECISION_LABELS.items():
            self.decision.addItem(caption, member.value)
        self.decision_on = DateEdit(plan_box, optional=True)
        self.decision_on.setObjectName("custody456aOn")
        self.decision_on.setAccessibleName("§ 456a entschieden am")
        self.decision_button = _button(plan_box, "Ü&bernehmen", "custody456aButton",
                                       "Die Entscheidung nach § 456a StPO speichern",
                                       self.apply_decision)
        self.decision_button.setAccessibleName("§ 456a übernehmen")
        self.deportation = DateEdit(plan_box, optional=True)
        self.deportation.setObjectName("custodyPlannedDeportation")
        self.deportation.setAccessibleName("Geplanter Abschiebungstermin")
        self.deportation_button = _button(plan_box, "Übernehmen", "custodyDeportationButton",
                                          "Den geplanten Abschiebungstermin speichern",
                                          self.apply_deportation)
        self.deportation_button.setAccessibleName("Abschiebungstermin übernehmen")
        self.lead_times = QLineEdit("6, 3", plan_box)
        self.lead_times.setObjectName("custodyLeadTimes")
        self.lead_times.setAccessibleName("Vorlaufzeiten in Monaten")
        self.lead_times.setToolTip("Vorfristen so viele Monate vor Halbstrafe § 456a, "
                                   "Zwei-Drittel und Strafende (z. B. 6, 3)")
        self.lead_times_button = _button(plan_box, "Übernehmen", "custodyLeadTimesButton",
                                         "Vorlaufzeiten speichern; die Vorfristen werden neu "
                                         "berechnet", self.apply_lead_times)
        self.lead_times_button.setAccessibleName("Vorlaufzeiten übernehmen")
        plan_form = QFormLayout(plan_box)
        plan_rows: tuple[tuple[str, tuple[QWidget, ...]], ...] = (
            ("§ &456a StPO:", (self.decision, self.decision_on, self.decision_button)),
            ("Geplante &Abschiebung:", (self.deportation, self.deportation_button)),
            ("&Vorlaufzeiten (Monate):", (self.lead_times, self.lead_times_button)))
        for text, parts in plan_rows:
            line = QHBoxLayout()
            for part in parts:
                line.addWidget(part)
            line.addStretch(1)
            caption_label = QLabel(text, plan_box)
            caption_label.setBuddy(parts[0])
            plan_form.addRow(caption_label, line)

        # --- notices and the end --------------------------------------------------------------
        notice_box = QGroupBox("Mitteilungen Haftentlassung an die ABH", self)
        self.notices_model = NoticesModel(self)
        self.notices_view = rows_view(notice_box, self.notices_model, "custodyNoticesView",
                                      stretch=1, widths={0: 100, 2: 110, 3: 100})
        self.notices_view.setAccessibleName("Gesendete Mitteilungen")
        self.notices_view.setMaximumHeight(120)
        self.notice_button = _button(notice_box, "&Mitteilung Haftentlassung schreiben …",
                                     "custodyNoticeButton", "Ein Schreiben an die ABH "
                                     "(Schriftverkehr); der Versand wird hier vermerkt",
                                     self.sig_write_notice.emit)
        self.end_button = _button(notice_box, "&Haft beendet …", "custodyEndButton",
                                  "Die Haft ist beendet: Haftfall abschließen", self.end_custody)
        notice_layout = QVBoxLayout(notice_box)
        notice_layout.addWidget(self.notices_view)
        row = QHBoxLayout()
        row.addWidget(self.notice_button)
        row.addStretch(1)
        row.addWidget(self.end_button)
        notice_layout.addLayout(row)

        self.status = QLabel(self)
        self.status.setObjectName("custodyStatus")
        self.status.setWordWrap(True)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        for box in (record_box, dates_box, plan_box, notice_box):
            content_layout.addWidget(box)
        content_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.inputs.sig_changed.connect(self._on_edited)
        for edit in (self.booking_number, self.prosecutor_reference):
            edit.textEdited.connect(lambda _t: self._on_edited())
        self.facility.currentIndexChanged.connect(lambda _i: self._on_edited())
        self.detention_kind.currentIndexChanged.connect(lambda _i: self._on_edited())
        self.clear()

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._generation += 1
        self._case_id = case_id
        self._busy = 0
        self._close_dialog()
        self._show(None)
        self.status.clear()
        if case_id is not None:
            self.reload()

    def clear(self) -> None:
        self.set_case(None)
        self.facility.blockSignals(True)
        self.facility.clear()
        self.facility.addItem("— keine —", None)
        self.facility.blockSignals(False)
        self._facilities_loaded = False

    def reload(self) -> None:
        case_id = self._case_id
        if case_id is None or self._ctx.session.workspace is None:
            return
        if not self._facilities_loaded:
            self._run(self._ctx.workspace.partners.all, PartnerKind.JVA,
                      label="JVA laden", done=self._on_facilities)
        self._run(self._ctx.workspace.custody.of_case, case_id, label="Haftfall laden",
                  done=lambda view: self._on_loaded(case_id, view))

    def has_draft(self) -> bool:
        """Edited but not saved inputs of the record."""
        if self._case_id is None or self._busy:
            return False
        return self._form_key() != self._saved_key

    def save(self) -> None:
        """Saves the record (creates it) and recomputes its dates and early warnings."""
        case_id = self._case_id
        if not self._can_act() or case_id is None:
            return
        self._clear_marks()
        start = self.inputs.start.value()
        assert start is not None
        form = CustodyInputForm(
            facility_partner_id=self.facility.currentData(),
            booking_number=self.booking_number.text(),
            prosecutor_reference=self.prosecutor_reference.text(),
            detention_kind=DetentionKind(self.detention_kind.currentData()),
            start=start, credited_days=self.inputs.credit.value(),
            sentences=self.inputs.sentences.sentences(), settings=self.inputs.settings())
        version = self.view_data.version if self.view_data else None
        self.save_status.setText("Wird gespeichert …")
        self._run(self._ctx.workspace.custody.save, case_id, form, version,
                  label="Haftfall speichern", done=self._on_changed,
                  saved="Gespeichert; Daten und Vorfristen berechnet.")

    def confirm_selected(self) -> None:
        rows = self.dates_view.selectionModel().selectedRows()
        view = self.view_data
        if not rows or view is None or not self._can_act():
            return
        item = self.dates_model.row(rows[0].row())
        dialog = ConfirmDateDialog(item, self)
        dialog.sig_submitted.connect(lambda values: self._confirm(dialog, values))
        self._show_dialog(dialog)

    def apply_decision(self) -> None:
        view = self.view_data
        if view is None or not self._can_act():
            return
        decision = Decision456a(self.decision.currentData())
        self._run(self._ctx.workspace.custody.set_456a, view.id, view.version, decision,
                  self.decision_on.value(), label="§ 456a speichern", done=self._on_changed,
                  saved="§ 456a StPO gespeichert.")

    def apply_deportation(self) -> None:
        view = self.view_data
        if view is None or not self._can_act():
            return
        self._run(self._ctx.workspace.custody.set_planned_deportation, view.id, view.version,
                  self.deportation.value(), label="Abschiebungstermin speichern",
                  done=self._on_changed, saved="Abschiebungstermin gespeichert.")

    def apply_lead_times(self) -> None:
        view = self.view_data
        if view is None or not self._can_act():
            return
        try:
            months = parse_lead_times(self.lead_times.text())
        except ValueError as error:
            self._mark(self.lead_times, str(error))
            return
        self._run(self._ctx.workspace.custody.set_lead_times, view.id, view.version, months,
                  label="Vorlaufzeiten speichern", done=self._on_changed,
                  saved="Vorlaufzeiten gespeichert; Vorfristen neu berechnet.")

    def end_custody(self) -> None:
        if self.view_data is None or not self._can_act():
            return
        dialog = ReleasedDialog(self)
        dialog.sig_submitted.connect(lambda day: self._end(dialog, day))
        self._show_dialog(dialog)

    # --- results ---------------------------------------------------------------------------
    def _on_facilities(self, partners: list[PartnerRef]) -> None:
        current = self.facility.currentData()
        self.facility.blockSignals(True)
        self.facility.clear()
        self.facility.addItem("— keine —", None)
        for partner in partners:
            self.facility.addItem(partner.label, partner.id)
        self.facility.setCurrentIndex(max(0, self.facility.findData(current)))
        self.facility.blockSignals(False)
        self._facilities_loaded = True
        if self.view_data is not None:
            self._show(self.view_data)

    def _on_loaded(self, case_id: str, view: CustodyView | None) -> None:
        if case_id != self._case_id:
            return
        self._show(view)
        self.sig_shown.emit(case_id)

    def _on_changed(self, view: CustodyView) -> None:
        self._show(view)
        self.sig_changed.emit()

    def _show(self, view: CustodyView | None) -> None:
        self.view_data = view
        facility_id = view.facility_partner_id if view else None
        if facility_id is not None and self.facility.findData(facility_id) < 0:
            self.facility.addItem(view.facility_name if view else "", facility_id)
        widgets = (self.facility, self.detention_kind, self.decision)
        for widget in widgets:
            widget.blockSignals(True)
        self.facility.setCurrentIndex(max(0, self.facility.findData(facility_id)))
        self.booking_number.setText(view.booking_number if view else "")
        self.prosecutor_reference.setText(view.prosecutor_reference if view else "")
        self.detention_kind.setCurrentIndex(max(0, self.detention_kind.findData(
            (view.detention_kind if view else DetentionKind.STRAFHAFT).value)))
        self.decision.setCurrentIndex(max(0, self.decision.findData(
            (view.decision_456a if view else Decision456a.NONE).value)))
        for widget in widgets:
            widget.blockSignals(False)
        if view is not None:
            self.inputs.set_values(view.start, view.credited_days, view.sentences,
                                   view.settings)
        else:
            self.inputs.reset()
        self.decision_on.setValue(view.decision_456a_on if view else None)
        self.deportation.setValue(view.planned_deportation if view else None)
        self.lead_times.setText(", ".join(str(m) for m in view.lead_times_months)
                                if view else "6, 3")
        self.dates_model.set_rows(view.dates if view else ())
        self.notices_model.set_rows(view.notices if view else ())
        self._clear_marks()
        if view is not None and view.error:
            self._say(view.error, error=True)
        elif self._case_id is not None and view is None:
            self._say(NO_RECORD, error=False)
        self._saved_key = self._form_key()
        self._update_actions()

    def _confirm(self, dialog: ConfirmDateDialog, values: tuple) -> None:
        view = self.view_data
        if view is None or not self._can_act():
            return
        kind, day, source, confirmed_on = values
        dialog.set_busy(True)

        def done(result: CustodyView) -> None:
            dialog.close_ok()
            self._on_changed(result)

        self._run(self._ctx.workspace.custody.confirm_date, view.id, view.version, kind, day,
                  source, confirmed_on, label="Datum bestätigen", done=done, dialog=dialog,
                  saved="Bestätigung gespeichert." if day else "Bestätigung entfernt.")

    def _end(self, dialog: ReleasedDialog, day: date | None) -> None:
        view = self.view_data
        if view is None or day is None or not self._can_act():
            return
        dialog.set_busy(True)

        def done(_result: None) -> None:
            dialog.close_ok()
            self.sig_changed.emit()
            self.reload()

        self._run(self._ctx.workspace.custody.end, view.id, view.version, day,
                  label="Haft beenden", done=done, dialog=dialog,
                  saved="Haft beendet; der Haftfall ist abgeschlossen.")

    def _on_failed(self, error: BaseException, dialog: Any = None) -> None:
        self.save_status.clear()
        if dialog is not None:
            dialog.set_busy(False)
        if isinstance(error, StaleDataError):
            self._close_dialog()
            self._say(STALE, error=True)
            self._run(self._ctx.workspace.custody.of_case, self._case_id,
                      label="Haftfall laden", done=self._show)
        elif isinstance(error, InvalidInputError):
            if dialog is not None:
                dialog.show_errors(error.problems)
            else:
                self._show_problems(error.problems)
        elif isinstance(error, UserFacingError):
            self._say(error.message, error=True)
        else:
            self._ctx.errors.show(error, self)

    def _show_problems(self, problems: dict[str, str]) -> None:
        fields = {"facility_partner_id": self.facility, "booking_number": self.booking_number,
                  "prosecutor_reference": self.prosecutor_reference,
                  "detention_kind": self.detention_kind, "lead_times_months": self.lead_times,
                  "decision_456a_on": self.decision_on, "decision_456a": self.decision}
        shown = []
        for key, message in problems.items():
            widget = fields.get(key)
            if widget is not None:
                self._mark(widget, message)
            elif not self.inputs.show_error(key, message, focus=True):
                shown.append(message)
        self._say(" ".join(shown) or "Bitte die markierten Eingaben prüfen.", error=True)

    # --- helpers ---------------------------------------------------------------------------
    def _on_edited(self) -> None:
        if self._case_id is not None and not self._busy:
            self.save_status.setText("Ungespeicherte Änderungen." if self.has_draft() else "")

    def _form_key(self) -> tuple:
        start = self.inputs.start.value()
        return (self.facility.currentData(), self.booking_number.text(),
                self.prosecutor_reference.text(), self.detention_kind.currentData(), start,
                self.inputs.credit.value(), self.inputs.sentences.sentences(),
                self.inputs.settings())

    _saved_key: tuple = ()

    def _mark(self, widget: QWidget, message: str) -> None:
        mark_invalid(widget, message)
        self._marked.append(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._say(message, error=True)

    def _clear_marks(self) -> None:
        for widget in self._marked:
            clear_invalid(widget)
        self._marked = []
        self.inputs.clear_errors()

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.status.setText(text)

    def _can_act(self) -> bool:
        return (self._case_id is not None and self._busy == 0
                and self._ctx.session.workspace is not None)

    def _update_actions(self) -> None:
        idle = self._can_act()
        record = self.view_data is not None
        selected = bool(self.dates_view.selectionModel().selectedRows())
        self.save_button.setEnabled(idle)
        self.confirm_button.setEnabled(idle and record and selected)
        for widget in (self.decision_button, self.deportation_button, self.lead_times_button,
                       self.notice_button, self.end_button):
            widget.setEnabled(idle and record)

    def _show_dialog(self, dialog: QDialog) -> None:
        self._close_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._on_dialog_finished(d))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.done(QDialog.DialogCode.Rejected)

    def _run(self, fn: Callable[..., Any], *args: Any, label: str,
             done: Callable[[Any], None], saved: str = "", dialog: Any = None) -> None:
        generation = self._generation
        self._busy += 1
        self._update_actions()

        def finish() -> bool:
            if generation != self._generation:
                return False
            self._busy = max(0, self._busy - 1)
            self._update_actions()
            return True

        def ok(result: Any) -> None:
            if finish():
                done(result)
                if saved:
                    self.save_status.clear()
                    self._say(saved, error=False)

        def failed(error: BaseException) -> None:
            if finish():
                self._on_failed(error, dialog)

        self._ctx.runner.run(fn, *args, on_success=ok, on_error=failed, owner=self, label=label)
