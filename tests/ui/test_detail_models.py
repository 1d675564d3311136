"""The Qt models of the case page (Verlauf, Maßnahmen) and the small input widgets."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.domain.dates import PartialDate
from desktop.domain.enums import JournalKind, MeasureOwner, MeasureStatus
from desktop.services.read_models import JournalView, MeasureView, PartnerRef
from desktop.ui.models.journal_model import JournalModel
from desktop.ui.models.measures_model import OVERDUE_COLOUR, MeasuresModel
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import is_marked
from desktop.ui.widgets.nationality_picker import NationalityPicker
from desktop.ui.widgets.partial_date_edit import PLACEHOLDER, PartialDateEdit
from tests.ui.keyboard import type_text

TODAY = date(2026, 5, 20)


def journal_entries() -> list[JournalView]:
    moment = datetime(2026, 5, 19, 8, 30, tzinfo=UTC)
    return [
        JournalView("j1", "c1", JournalKind.CALL, moment, "Anna Beispiel",
                    "Telefonat mit der ABH", "Pass liegt nicht vor.\nRückruf zugesagt."),
        JournalView("j2", "c1", JournalKind.SYSTEM, moment - timedelta(days=3), "System",
                    "Fall angelegt", "Aktenzeichen RRK-DUS-2026-00001"),
        JournalView("j3", "c1", JournalKind.NOTE, moment - timedelta(days=4), "Anna Beispiel",
                    "", ""),
    ]


def measure(title: str, due: date | None, status: MeasureStatus = MeasureStatus.OPEN,
            *, partner: PartnerRef | None = None, result: str = "") -> MeasureView:
    overdue = status == MeasureStatus.OPEN and due is not None and due < TODAY
    return MeasureView(f"m-{title}", 1, "c1", title, MeasureOwner.ABH, partner, due, status,
                       result, TODAY if status != MeasureStatus.OPEN else None, overdue)


def test_journal_model_passes_the_model_tester(qtmodeltester):
    model = JournalModel()
    model.set_entries(journal_entries())
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_journal_model_shows_the_columns_in_german():
    model = JournalModel()
    model.set_entries(journal_entries())
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Datum/Zeit", "Art", "Betreff", "Text", "Verfasser"]
    row = [model.data(model.index(0, c)) for c in range(5)]
    assert re.fullmatch(r"\d\d\.\d\d\.2026 \d\d:30", row[0])
    assert row[1:] == ["Telefonat", "Telefonat mit der ABH", "Pass liegt nicht vor. …",
                       "Anna Beispiel"]
    assert "Rückruf zugesagt" in model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(2, 3)) == ""


def test_measures_model_passes_the_model_tester(qtmodeltester):
    model = MeasuresModel(today=lambda: TODAY)
    abh = PartnerRef("p1", "abh", "Ausländerbehörde Stadt Köln", "ABH Köln")
    model.set_measures([
        measure("Passersatzbeschaffung", TODAY - timedelta(days=12), partner=abh),
        measure("Rückkehrberatung", TODAY + timedelta(days=3)),
        measure("Ausweisung prüfen", None, MeasureStatus.DONE, result="Ausweisung verfügt"),
    ])
    qtmodeltester.check(model)


def test_measures_model_marks_overdue_rows_and_sorts_open_first():
    model = MeasuresModel(today=lambda: TODAY)
    model.set_measures([
        measure("Ausweisung prüfen", None, MeasureStatus.CANCELLED),
        measure("Rückkehrberatung", TODAY + timedelta(days=3)),
        measure("Passersatzbeschaffung", TODAY - timedelta(days=12)),
        measure("Botschaftsvorführung", TODAY - timedelta(days=1)),
    ])
    titles = [model.measure(r).title for r in range(model.rowCount())]
    assert titles == ["Passersatzbeschaffung", "Botschaftsvorführung", "Rückkehrberatung",
                      "Ausweisung prüfen"]
    first = model.index(0, 2)
    assert model.data(first) == "08.05.2026"
    assert model.data(first, Qt.ItemDataRole.ToolTipRole) == "überfällig seit 12 Tagen"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole) == (
        "überfällig seit 1 Tag")
    font = model.data(first, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert model.data(first, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert model.data(model.index(0, 3)) == "Offen, überfällig"
    assert model.data(model.index(2, 2), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(3, 3)) == "Entfallen am 20.05.2026"
    assert model.data(model.index(0, 1)) == "Ausländerbehörde"


def test_partial_date_edit_reads_partial_dates_and_marks_bad_input(qtbot):
    edit = PartialDateEdit()
    qtbot.addWidget(edit)
    assert edit.placeholderText() == PLACEHOLDER
    assert edit.value() is None
    qtbot.keyClicks(edit, "1990")
    edit.editingFinished.emit()
    assert edit.text() == "00.00.1990"
    assert edit.value() == PartialDate(1990)
    edit.setText("")
    qtbot.keyClicks(edit, "31.02.1990")
    edit.editingFinished.emit()
    assert is_marked(edit)
    assert edit.toolTip() == "Den 31.02.1990 gibt es nicht."
    assert edit.error() is not None
    edit.setText("")
    qtbot.keyClicks(edit, "00.05.1990")
    assert not is_marked(edit)  # the mark goes as soon as the text is a date again
    assert edit.value() == PartialDate(1990, 5)
    edit.setValue(PartialDate(1985, 4, 12))
    assert edit.text() == "12.04.1985"


def test_optional_date_edit_can_be_empty_and_starts_from_today(qtbot):
    edit = DateEdit(optional=True, today=lambda: TODAY)
    qtbot.addWidget(edit)
    assert edit.value() is None
    assert edit.text() == "leer"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.value() == TODAY
    edit.setValue(date(2026, 1, 2))
    assert edit.text() == "02.01.2026"
    qtbot.keyClick(edit, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert edit.value() is None
    required = DateEdit(today=lambda: TODAY)
    qtbot.addWidget(required)
    assert required.value() == TODAY


def test_nationality_picker_keeps_the_chosen_order(qtbot):
    picker = NationalityPicker()
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search.lineEdit(), "Syrien")
    qtbot.keyClick(picker.search.lineEdit(), Qt.Key.Key_Return)
    qtbot.keyClicks(picker.search.lineEdit(), "tr")  # the ISO code works too
    qtbot.keyClick(picker.search.lineEdit(), Qt.Key.Key_Return)
    type_text(qtbot, picker.search.lineEdit(), "ungeklärt")
    picker.add_button.click()
    assert picker.value() == ("SY", "TR", "XU")
    picker.remove("TR")
    assert picker.value() == ("SY", "XU")
    qtbot.keyClicks(picker.search.lineEdit(), "Atlantis")
    qtbot.keyClick(picker.search.lineEdit(), Qt.Key.Key_Return)
    assert is_marked(picker.search)
    assert picker.value() == ("SY", "XU")
    assert picker.search.itemText(0) == "ungeklärt"
    assert picker.search.itemText(1) == "staatenlos"
