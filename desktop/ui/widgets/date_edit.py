"""A complete-date field ``TT.MM.JJJJ`` with a calendar popup; optionally it may stay empty."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QStyle, QStyleOptionComboBox, QWidget

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
_EMPTY = QDate(1900, 1, 1)  # shown as "leer" in optional fields
EMPTY_TEXT = "leer"


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DateEdit(QDateEdit):
    """``value()`` is a ``date`` (or ``None`` for an empty optional field).

    An optional field starts empty ("leer"). Typing a digit, a step key or opening the calendar
    starts from today; Strg+Entf (or Entf with all text selected) empties it again.
    """

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._optional = optional
        self._today = today
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setLocale(GERMAN)
        calendar = self.calendarWidget()
        calendar.setLocale(GERMAN)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setMaximumDate(QDate(2200, 12, 31))
        self.setMinimumDate(_EMPTY)
        if optional:
            self.setSpecialValueText(EMPTY_TEXT)
            self.setDate(_EMPTY)
            self.setToolTip("Datum TT.MM.JJJJ oder leer. Leeren: Strg+Entf.")
        else:
            self.setDate(_to_qdate(today()))
            self.setToolTip("Datum TT.MM.JJJJ; Kalender mit Alt+↓.")
        self.dateChanged.connect(self._on_date_changed)

    @property
    def optional(self) -> bool:
        return self._optional

    def is_empty(self) -> bool:
        return self._optional and self.date() == _EMPTY

    def value(self) -> date | None:
        if self.is_empty():
            return None
        shown = self.date()
        return date(shown.year(), shown.month(), shown.day())

    def setValue(self, value: date | None) -> None:
        if value is None:
            if not self._optional:
                raise ValueError("Dieses Datum ist erforderlich.")
            self.setDate(_EMPTY)
        else:
            self.setDate(_to_qdate(value))

    def clear_value(self) -> None:
        """Empties an optional field; a required one goes back to today."""
        self.setValue(None if self._optional else self._today())

    def _start_from_today(self) -> None:
        self.setDate(_to_qdate(self._today()))
        self.setSelectedSection(QDateEdit.Section.DaySection)

    def stepBy(self, steps: int) -> None:
        if self.is_empty():
            self._start_from_today()
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self._optional and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            line = self.lineEdit()
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if ctrl or self.is_empty() or (line.hasSelectedText()
                                           and line.selectedText() == line.text()):
                self.setDate(_EMPTY)
                event.accept()
                return
        if self.is_empty():
            alt_down = (key == Qt.Key.Key_Down
                        and event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if event.text().isdigit():
                self._start_from_today()
            elif alt_down or key == Qt.Key.Key_F4:
                self.setDate(_to_qdate(self._today()))
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.is_empty() and self._on_arrow(event):
            self.setDate(_to_qdate(self._today()))  # the calendar opens at today, not in 1900
        super().mousePressEvent(event)

    def _on_arrow(self, event: QMouseEvent) -> bool:
        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = True
        option.frame = True
        option.subControls = QStyle.SubControl.SC_All
        hit = self.style().hitTestComplexControl(
            QStyle.ComplexControl.CC_ComboBox, option, event.position().toPoint(), self)
        return hit == QStyle.SubControl.SC_ComboBoxArrow

    def _on_date_changed(self, _value: QDate) -> None:
        self.sig_changed.emit()
