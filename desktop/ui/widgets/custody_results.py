"""The computed dates of a sentence calculation (Strafzeitrechner): Strafende, Halbstrafe,
Zwei-Drittel, Halbstrafe § 456a, frühester Entlassungstag, gemeinsamer § 57-Termin, the youth
and life points, and one row per sentence (Beginn, Ende, unterbrochen nach)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.custody import CustodyDates, SentenceDates
from desktop.ui.models.base import RowsTableModel
from desktop.ui.models.reminders_model import day_text
from desktop.ui.pages.case_tab import rows_view

NONE_TEXT = "entfällt"
RESULTS = (
    ("end", "Strafende"),
    ("half", "Halbstrafe (§ 57 Abs. 2 StGB)"),
    ("two_thirds", "Zwei-Drittel (§ 57 Abs. 1 StGB)"),
    ("half_456a", "Halbstrafe § 456a StPO"),
    ("release_day", "Frühester Entlassungstag (§ 60 StVollzG NRW)"),
    ("joint_decision", "Gemeinsamer § 57-Termin (§ 454b StPO)"),
    ("one_third", "Ein Drittel (§ 88 JGG)"),
    ("six_months", "Sechs-Monats-Zeitpunkt (§ 88 JGG)"),
    ("fifteen_years", "15 Jahre (§ 57a StGB)"),
)
# Shown only where the engine gives a date (youth, life, several sentences).
OPTIONAL = {"joint_decision", "one_third", "six_months", "fifteen_years"}


def release_text(dates: CustodyDates) -> str:
    """The release day; where it differs from the end, it says so."""
    if dates.release_day is None:
        return NONE_TEXT
    text = day_text(dates.release_day)
    if dates.end is not None and dates.release_day != dates.end:
        text += (f" – vorverlegt, weil das Strafende ({day_text(dates.end)}) auf ein "
                 "Wochenende, einen Feiertag oder in die Zeit vom 22.12. bis 6.1. fällt")
    return text


class SentenceDatesModel(RowsTableModel[tuple[int, SentenceDates]]):
    """Rows ``(number, dates)`` of the sentences of a calculation."""

    COLUMNS = ("Strafe", "Beginn", "Ende", "unterbrochen nach")

    def cell(self, item: tuple[int, SentenceDates], column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        number, dates = item
        if column == 0:
            return f"Strafe {number}"
        value = (dates.start, dates.end, dates.interrupted_after)[column - 1]
        return day_text(value) if value is not None else "–"


class CustodyResults(QWidget):
    """``show_dates(dates)`` fills the labels; ``None`` empties them (an input error)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custodyResults")
        self.values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, caption in RESULTS:
            label = QLabel(self)
            label.setObjectName(f"result_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setWordWrap(True)
            label.setAccessibleName(caption)
            title = QLabel(f"{caption}:", self)
            form.addRow(title, label)
            self.values[key] = label
            self._captions[key] = title
        self.model = SentenceDatesModel(self)
        self.table = rows_view(self, self.model, "sentenceDatesView", stretch=3,
                               widths={0: 80, 1: 130, 2: 130})
        self.table.setAccessibleName("Daten je Strafe")
        self.table.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.table)
        self.show_dates(None)

    def text(self, key: str) -> str:
        return self.values[key].text()

    def show_dates(self, dates: CustodyDates | None) -> None:
        for key, _caption in RESULTS:
            if dates is None:
                text = "–"
            elif key == "release_day":
                text = release_text(dates)
            else:
                value = getattr(dates, key)
                text = day_text(value) if value is not None else NONE_TEXT
            self.values[key].setText(text)
            visible = key not in OPTIONAL or (dates is not None
                                              and getattr(dates, key) is not None)
            if key == "joint_decision":
                visible = visible and dates is not None and len(dates.sentences) > 1
            self.values[key].setVisible(visible)
            self._captions[key].setVisible(visible)
        self.model.set_rows(() if dates is None else enumerate(dates.sentences, start=1))
