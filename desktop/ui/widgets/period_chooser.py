"""The period chooser of the Statistik page: month, quarter, half-year, year (with the year
and which part) or a free range (from–to)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop.domain.statistics_periods import Period, PeriodKind, periods_of_year


def _day(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodChooser(QWidget):
    """See module docstring. ``sig_changed`` after every change that gives a new period."""

    sig_changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodChooser")
        self._filling = False
        self.kind = QComboBox(self)
        self.kind.setObjectName("statisticsPeriodKind")
        self.kind.setAccessibleName("Art des Zeitraums")
        for kind in PeriodKind:
            self.kind.addItem(kind.label if kind != PeriodKind.RANGE else "freier Zeitraum",
                              kind)
        self.year = QSpinBox(self)
        self.year.setObjectName("statisticsYear")
        self.year.setAccessibleName("Jahr")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.part = QComboBox(self)
        self.part.setObjectName("statisticsPart")
        self.part.setAccessibleName("Abschnitt des Jahres")
        self.start = QDateEdit(self)
        self.start.setObjectName("statisticsFrom")
        self.start.setAccessibleName("Zeitraum von")
        self.end = QDateEdit(self)
        self.end.setObjectName("statisticsTo")
        self.end.setAccessibleName("Zeitraum bis")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.start.setDate(QDate(today.year, 1, 1))
        self.end.setDate(QDate(today.year, today.month, today.day))
        kind_label = QLabel("&Zeitraum:", self)
        kind_label.setBuddy(self.kind)
        self.from_label = QLabel("&von", self)
        self.from_label.setBuddy(self.start)
        self.to_label = QLabel("b&is", self)
        self.to_label.setBuddy(self.end)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (kind_label, self.kind, self.year, self.part, self.from_label, self.start,
                       self.to_label, self.end):
            row.addWidget(widget)
        self.kind.setCurrentIndex(self.kind.findData(PeriodKind.HALF_YEAR))
        self._fill_parts(today)
        self.kind.currentIndexChanged.connect(lambda _i: self._on_kind())
        self.year.valueChanged.connect(lambda _v: self._emit())
        self.part.currentIndexChanged.connect(lambda _i: self._emit())
        self.start.dateChanged.connect(lambda _d: self._emit())
        self.end.dateChanged.connect(lambda _d: self._emit())

    def period(self) -> Period:
        """The chosen period (ValueError with a German message for a range ending early)."""
        kind = PeriodKind(self.kind.currentData())
        if kind == PeriodKind.RANGE:
            return Period.range(_day(self.start.date()), _day(self.end.date()))
        periods = periods_of_year(self.year.value(), kind)
        return periods[max(0, min(self.part.currentIndex(), len(periods) - 1))]

    def set_period(self, period: Period) -> None:
        """Shows ``period`` (used by tests and to re-show a snapshot's period)."""
        self._filling = True
        self.kind.setCurrentIndex(self.kind.findData(period.kind))
        self.year.setValue(period.start.year)
        self._fill_parts(period.start)
        if period.kind == PeriodKind.RANGE:
            self.start.setDate(QDate(period.start.year, period.start.month, period.start.day))
            self.end.setDate(QDate(period.end.year, period.end.month, period.end.day))
        else:
            periods = periods_of_year(period.start.year, period.kind)
            self.part.setCurrentIndex(periods.index(period) if period in periods else 0)
        self._filling = False
        self._emit()

    def _on_kind(self) -> None:
        self._fill_parts(None)
        self._emit()

    def _fill_parts(self, near: date | None) -> None:
        kind = PeriodKind(self.kind.currentData())
        ranged = kind == PeriodKind.RANGE
        was_filling, self._filling = self._filling, True
        self.part.clear()
        if kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR):
            periods = periods_of_year(self.year.value(), kind)
            for period in periods:
                self.part.addItem(period.label.removesuffix(f" {self.year.value()}"))
            if near is not None:
                index = next((i for i, p in enumerate(periods) if p.start <= near <= p.end), 0)
                self.part.setCurrentIndex(index)
        self._filling = was_filling
        self.part.setVisible(self.part.count() > 0)
        self.year.setVisible(not ranged)
        for widget in (self.from_label, self.start, self.to_label, self.end):
            widget.setVisible(ranged)

    def _emit(self) -> None:
        if not self._filling:
            self.sig_changed.emit()
