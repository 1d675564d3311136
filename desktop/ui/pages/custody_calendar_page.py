"""The "Haftkalender" page: release-relevant dates of all open custody records.

A month view (days with entries bold, tinted green where a date is confirmed, blue where it is
only computed) with the selected day's entries, and an agenda of the next 3, 6 or 12 months;
filters JVA, ABH and Bearbeitung. Enter or a double-click on an entry opens the case
(``sig_open_case``). "Strafzeitrechner …" opens the calculator; "Als iCalendar exportieren …"
warns that the file leaves the vault, asks where to save, and writes it through the service.
Everything loads through the task runner.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_date
from desktop.domain.enums import PartnerKind
from desktop.errors import UserFacingError
from desktop.services.custody_models import CalendarEntry
from desktop.ui.context import AppContext
from desktop.ui.dialogs.pdf_dialog import NOT_ENCRYPTED
from desktop.ui.models.custody_models import CONFIRMED_BACKGROUND, CalendarEntriesModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.widgets.date_edit import GERMAN
from desktop.ui.widgets.export_flow import leaving_box, save_dialog

COMPUTED_BACKGROUND = QColor("#dde7f5")
HORIZONS = ((3, "nächste 3 Monate"), (6, "nächste 6 Monate"), (12, "nächste 12 Monate"))
ALL = "alle"


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _py(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CustodyCalendarPage(QWidget):
    """See module docstring."""

    sig_open_case = Signal(str)
    sig_loaded = Signal()  # month and agenda shown
    sig_exported = Signal(object)  # the written Path

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today,
                 open_calculator: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custodyCalendarPage")
        self._ctx = ctx
        self._today = today
        self._open_calculator = open_calculator
        self._generation = 0
        self._filters_loaded = False
        self.month_entries: list[CalendarEntry] = []
        self._marked_days: list[QDate] = []

        self.facility = self._combo("calendarFacilityFilter", "Filter JVA")
        self.abh = self._combo("calendarAbhFilter", "Filter ABH")
        self.caseworker = self._combo("calendarCaseworkerFilter", "Filter Bearbeitung")
        self.horizon = QComboBox(self)
        self.horizon.setObjectName("calendarHorizon")
        self.horizon.setAccessibleName("Zeitraum der Übersicht")
        for months, horizon_text in HORIZONS:
            self.horizon.addItem(horizon_text, months)
        self.horizon.setCurrentIndex(1)
        self.calculator_button = QPushButton("Straf&zeitrechner …", self)
        self.calculator_button.setObjectName("calendarCalculatorButton")
        self.calculator_button.setToolTip("Strafzeiten ohne Fall berechnen (Strg+Umschalt+R)")
        self.export_button = QPushButton("Als i&Calendar exportieren …", self)
        self.export_button.setObjectName("calendarExportButton")
        self.export_button.setToolTip("Die Daten der Übersicht als .ics-Datei für Outlook; "
                                      "die Datei ist nicht verschlüsselt")
        filters = QHBoxLayout()
        for text, widget in (("&JVA:", self.facility), ("A&BH:", self.abh),
                             ("Bearbei&tung:", self.caseworker),
                             ("Übersicht:", self.horizon)):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1)
        filters.addWidget(self.calculator_button)
        filters.addWidget(self.export_button)

        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("custodyMonthView")
        self.calendar.setAccessibleName("Monatsansicht")
        self.calendar.setLocale(GERMAN)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("calendarDayLabel")
        self.day_model = CalendarEntriesModel(self)
        self.day_view = rows_view(self, self.day_model, "calendarDayView", stretch=4,
                                  widths={0: 120, 1: 180, 2: 90, 3: 150})
        self.day_view.setAccessibleName("Einträge des gewählten Tages")
        self.agenda_label = QLabel(self)
        self.agenda_label.setObjectName("calendarAgendaLabel")
        self.agenda_model = CalendarEntriesModel(self)
        self.agenda_view = rows_view(self, self.agenda_model, "calendarAgendaView", stretch=4,
                                     widths={0: 120, 1: 180, 2: 90, 3: 150})
        self.agenda_view.setAccessibleName("Anstehende Haftdaten")
        self.status = QLabel(self)
        self.status.setObjectName("calendarStatus")
        self.status.setWordWrap(True)
        self.legend = QLabel("Monatsansicht: fett = Tag mit Einträgen; grün = bestätigt, "
                             "blau = nur berechnet.", self)
        self.legend.setWordWrap(True)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.calendar)
        left_layout.addWidget(self.legend)
        left_layout.addWidget(self.day_label)
        left_layout.addWidget(self.day_view, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.agenda_label)
        right_layout.addWidget(self.agenda_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        title = QLabel("<b>Haftkalender</b>", self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        for combo in (self.facility, self.abh, self.caseworker, self.horizon):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._load_month())
        self.calendar.selectionChanged.connect(self._show_day)
        for view in (self.day_view, self.agenda_view):
            view.activated.connect(lambda index, v=view: self._open(v, index.row()))
            view.doubleClicked.connect(lambda index, v=view: self._open(v, index.row()))
        self.calculator_button.clicked.connect(self._on_calculator)
        self.export_button.clicked.connect(self.ask_export)
        ctx.session.sig_locked.connect(self.clear)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(ALL, None)
        return combo

    # --- public ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def clear(self) -> None:
        """Forgets every entry and the filters' lists (on lock)."""
        self._generation += 1
        self.month_entries = []
        self.day_model.clear()
        self.agenda_model.clear()
        self._mark_days()
        self.status.clear()
        self.day_label.clear()
        self.agenda_label.clear()
        for combo in (self.facility, self.abh, self.caseworker):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            combo.blockSignals(False)
        self._filters_loaded = False

    def reload(self) -> None:
        """Loads the filters (once), the shown month and the agenda, on the worker."""
        if self._ctx.session.workspace is None:
            return
        self._generation += 1
        if not self._filters_loaded:
            self._run(self._load_filters, label="Filter laden", done=self._on_filters)
        self._load_month()
        first = self._today()
        last = add_months(first, int(self.horizon.currentData()))
        self._run(self._ctx.workspace.custody.calendar, first, last, **self._filters(),
                  label="Haftkalender laden",
                  done=lambda rows: self._on_agenda(first, last, rows))

    def agenda_range(self) -> tuple[date, date]:
        first = self._today()
        return first, add_months(first, int(self.horizon.currentData()))

    def ask_export(self) -> QMessageBox | None:
        """Warns that the file leaves the vault, then asks where to save (non-modal)."""
        if self._ctx.session.workspace is None:
            return None
        first, last = self.agenda_range()

        def answered(_box: QMessageBox, yes: bool) -> None:
            if yes:
                save_dialog(self, "Haftkalender exportieren", "Haftkalender.ics",
                            "iCalendar-Dateien (*.ics)", "ics", "icsSaveDialog", self.export_to)

        box = leaving_box(
            self, "Haftkalender exportieren",
            f"Die Haftdaten vom {format_date(first)} bis {format_date(last)} werden als "
            "iCalendar-Datei gespeichert (z. B. für Outlook). Die Datei verlässt damit den "
            f"verschlüsselten Tresor.\n\n{NOT_ENCRYPTED}\n\nDer Export wird protokolliert.",
            "icsExportWarningBox", answered)
        box.open()
        return box

    def export_to(self, target: Path) -> None:
        first, last = self.agenda_range()
        self._run(self._ctx.workspace.custody.export_ics, target, first, last,
                  caseworker_id=self.caseworker.currentData(), label="Haftkalender exportieren",
                  done=self._on_exported)

    # --- loading ---------------------------------------------------------------------------
    def _load_filters(self) -> tuple[list, list, list]:
        partners = self._ctx.workspace.partners
        return (partners.all(PartnerKind.JVA), partners.foreigners_authorities(),
                partners.users())

    def _on_filters(self, lists: tuple[list, list, list]) -> None:
        jvas, abhs, users = lists
        for combo, items in ((self.facility, [(p.label, p.id) for p in jvas]),
                             (self.abh, [(p.label, p.id) for p in abhs]),
                             (self.caseworker, [(u.display_name or u.name, u.id)
                                                for u in users])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._filters_loaded = True

    def _filters(self) -> dict[str, Any]:
        return {"facility_id": self.facility.currentData(), "abh_id": self.abh.currentData(),
                "caseworker_id": self.caseworker.currentData()}

    def _load_month(self) -> None:
        if self._ctx.session.workspace is None:
            return
        first = date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        last = add_months(first, 1) - timedelta(days=1)
        self._run(self._ctx.workspace.custody.calendar, first, last, **self._filters(),
                  label="Haftkalender laden", done=self._on_month)

    def _on_month(self, rows: list[CalendarEntry]) -> None:
        self.month_entries = rows
        self._mark_days()
        self._show_day()

    def _on_agenda(self, first: date, last: date, rows: list[CalendarEntry]) -> None:
        self.agenda_model.set_rows(rows)
        self.agenda_label.setText(f"Anstehend vom {format_date(first)} bis "
                                  f"{format_date(last)}: {len(rows)} Daten")
        self.sig_loaded.emit()

    def _mark_days(self) -> None:
        for day in self._marked_days:
            self.calendar.setDateTextFormat(day, QTextCharFormat())
        self._marked_days = []
        confirmed: dict[date, bool] = {}
        for entry in self.month_entries:
            confirmed[entry.day] = confirmed.get(entry.day, True) and entry.confirmed
        for when, all_confirmed in confirmed.items():
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(QBrush(CONFIRMED_BACKGROUND if all_confirmed
                                     else COMPUTED_BACKGROUND))
            qday = QDate(when.year, when.month, when.day)
            self.calendar.setDateTextFormat(qday, fmt)
            self._marked_days.append(qday)

    def _show_day(self) -> None:
        day = _py(self.calendar.selectedDate())
        rows = [e for e in self.month_entries if e.day == day]
        self.day_model.set_rows(rows)
        self.day_label.setText(f"{format_date(day)}: {len(rows)} Einträge" if rows
                               else f"{format_date(day)}: keine Einträge")

    # --- actions ---------------------------------------------------------------------------
    def _open(self, view: QTableView, row: int) -> None:
        model = view.model()
        if isinstance(model, CalendarEntriesModel) and 0 <= row < model.rowCount():
            self.sig_open_case.emit(model.row(row).case_id)

    def _on_calculator(self) -> None:
        if self._open_calculator is not None:
            self._open_calculator()

    def _on_exported(self, path: Path) -> None:
        self.status.setText(f"Gespeichert unter {path}. Die Datei ist nicht verschlüsselt.")
        self.sig_exported.emit(path)

    def _run(self, fn: Callable[..., Any], *args: Any, label: str,
             done: Callable[[Any], None], **kwargs: Any) -> None:
        generation = self._generation

        def ok(result: Any) -> None:
            if generation == self._generation:
                done(result)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            if isinstance(error, UserFacingError):
                self.status.setText(error.message)
            else:
                self._ctx.errors.show(error, self)

        self._ctx.runner.run(fn, *args, **kwargs, on_success=ok, on_error=failed, owner=self,
                             label=label)
