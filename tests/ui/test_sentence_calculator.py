"""The Strafzeitrechner: the issue's worked examples typed by keyboard, errors at the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit

from desktop.domain.custody import SentenceKind
from desktop.ui.dialogs.sentence_calculator import SentenceCalculatorDialog
from desktop.ui.widgets.field_errors import is_marked


def type_date(qtbot, edit, text: str) -> None:
    """Types ``TT.MM.JJJJ`` as a user does: from the day section, digits only (each full
    section moves on to the next by itself)."""
    edit.setFocus()
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, text.replace(".", ""))
    assert edit.lineEdit().text() == text


def type_number(qtbot, spin, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))


def make_dialog(qtbot) -> SentenceCalculatorDialog:
    dialog = SentenceCalculatorDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def test_one_year_from_1_october_2025(qtbot):
    dialog = make_dialog(qtbot)
    assert dialog.inputs.error_text() == ""  # no red field before anything is typed
    type_date(qtbot, dialog.inputs.start, "01.10.2025")
    row = dialog.inputs.sentences.rows[0]
    type_number(qtbot, row.spins["years"], 1)
    assert dialog.inputs.start.value() == date(2025, 10, 1)
    results = dialog.results
    assert results.text("end").startswith("30.09.2026")
    assert results.text("half").startswith("31.03.2026")
    assert results.text("two_thirds").startswith("31.05.2026")
    assert results.text("release_day").startswith("30.09.2026")
    assert "vorverlegt" not in results.text("release_day")
    assert results.model.rowCount() == 1
    dialog.close()


def test_release_day_moves_and_says_why(qtbot):
    dialog = make_dialog(qtbot)
    type_date(qtbot, dialog.inputs.start, "23.10.2004")
    type_number(qtbot, dialog.inputs.sentences.rows[0].spins["months"], 3)
    assert dialog.results.text("end").startswith("22.01.2005")
    assert dialog.results.text("half") == "entfällt"
    assert dialog.results.text("two_thirds").startswith("22.12.2004")
    assert dialog.results.text("release_day").startswith("21.01.2005")
    assert "vorverlegt" in dialog.results.text("release_day")
    dialog.close()


def test_two_sentences_interrupted_at_two_thirds(qtbot):
    dialog = make_dialog(qtbot)
    type_date(qtbot, dialog.inputs.start, "01.10.2025")
    editor = dialog.inputs.sentences
    type_number(qtbot, editor.rows[0].spins["years"], 1)
    editor.rows[0].spins["years"].setFocus()
    qtbot.waitUntil(editor.rows[0].spins["years"].hasFocus)
    qtbot.keyClick(editor.rows[0].spins["years"], Qt.Key.Key_Insert,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(editor.rows) == 2
    type_number(qtbot, editor.rows[1].spins["months"], 6)
    results = dialog.results
    assert results.text("end").startswith("01.04.2027")
    assert results.text("joint_decision").startswith("30.09.2026")
    assert results.model.index(0, 3).data().startswith("31.05.2026")
    assert results.values["joint_decision"].isVisibleTo(dialog)
    dialog.close()


def test_youth_sentence_shows_third_and_six_months(qtbot):
    dialog = make_dialog(qtbot)
    type_date(qtbot, dialog.inputs.start, "01.12.2025")
    row = dialog.inputs.sentences.rows[0]
    type_number(qtbot, row.spins["years"], 2)
    row.kind.setFocus()
    row.kind.setCurrentIndex(row.kind.findData(SentenceKind.YOUTH.value))
    assert dialog.results.text("end").startswith("30.11.2027")
    assert dialog.results.text("one_third").startswith("31.07.2026")
    assert dialog.results.text("six_months").startswith("31.05.2026")
    dialog.close()


def test_an_error_is_shown_at_its_field(qtbot):
    dialog = make_dialog(qtbot)
    type_date(qtbot, dialog.inputs.start, "01.10.2025")
    row = dialog.inputs.sentences.rows[0]
    type_number(qtbot, row.spins["months"], 2)
    type_number(qtbot, dialog.inputs.credit, 200)
    assert dialog.dates is None
    assert is_marked(dialog.inputs.credit)
    assert "Anrechnung" in dialog.inputs.error_text()
    assert dialog.results.text("end") == "–"
    type_number(qtbot, dialog.inputs.credit, 10)
    assert not is_marked(dialog.inputs.credit)
    assert dialog.results.text("end").startswith("20.11.2025")  # 30.11. − 10 days
    dialog.close()


def test_a_sentence_field_error_marks_that_row(qtbot):
    dialog = make_dialog(qtbot)
    type_date(qtbot, dialog.inputs.start, "01.10.2025")
    editor = dialog.inputs.sentences
    type_number(qtbot, editor.rows[0].spins["months"], 2)
    editor.add_row(focus=True)
    second = editor.rows[1]
    second.kind.setCurrentIndex(second.kind.findData(SentenceKind.FINE_DEFAULT.value))
    # an Ersatzfreiheitsstrafe without Rechtskraft: the error names sentences[1].final
    assert is_marked(second.final)
    assert dialog.inputs.error_text().startswith("Strafe 2: Rechtskraft")
    dialog.close()
