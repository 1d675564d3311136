"""The custody UI on a real encrypted vault: the "Haft" tab, the Haftkalender page, the
early warnings in the Fristen tab, confirming a date, the iCalendar export, a stale version,
an engine error at its field, the notice letter and ending the custody."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMessageBox

from desktop.domain.custody import CustodyInput, Sentence, compute
from desktop.domain.letters import LetterKind
from desktop.services.custody_models import CustodyDateKind
from desktop.ui.dialogs.custody_dialogs import ConfirmDateDialog, ReleasedDialog
from desktop.ui.dialogs.letter_dialog import LetterDialog
from desktop.ui.pages.custody_tab import NO_RECORD, STALE
from desktop.ui.widgets.field_errors import is_marked
from tests.ui.keyboard import type_text
from tests.ui.test_sentence_calculator import type_date, type_number

TIMEOUT = 10000


def today() -> date:
    """The vault's today (the workspace of ``unlocked_ctx`` runs on the real date)."""
    return date.today()  # noqa: DTZ011


def first_of_next_month() -> date:
    return (today().replace(day=1) + timedelta(days=32)).replace(day=1)


@pytest.fixture
def window(unlocked_ctx, open_window, qtbot):
    window = open_window(unlocked_ctx)
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "5 Fälle",
                    timeout=TIMEOUT)
    return window


def idle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)


def open_custody_tab(window, ctx, qtbot, name: str = "Haddad"):
    [case] = ctx.workspace.cases.search(name)
    detail = window.cases_page.detail
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        window.open_case(case.id)
    detail.tabs.setCurrentWidget(detail.custody_tab)
    idle(qtbot, ctx)
    return case, detail, detail.custody_tab


def press_ctrl_s(qtbot, detail, widget) -> None:
    widget.setFocus()
    detail.activateWindow()
    qtbot.waitUntil(widget.hasFocus, timeout=TIMEOUT)
    with qtbot.waitSignal(detail.custody_tab.sig_changed, timeout=TIMEOUT):
        qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def enter_one_year(qtbot, tab, start: date) -> None:
    type_date(qtbot, tab.inputs.start, start.strftime("%d.%m.%Y"))
    type_number(qtbot, tab.inputs.sentences.rows[0].spins["years"], 1)
    tab.booking_number.setFocus()
    type_text(qtbot, tab.booking_number, "B-4711/26")


def custody_warnings(ctx, case_id: str) -> list:
    return sorted((r for r in ctx.workspace.reminders.of_case(case_id)
                   if r.title.startswith("Haft:")), key=lambda r: (r.due_date, r.title))


def test_sentence_to_calendar_to_moving_reminders(window, unlocked_ctx, qtbot, tmp_path):
    ctx = unlocked_ctx
    case, detail, tab = open_custody_tab(window, ctx, qtbot)
    assert tab.status.text() == NO_RECORD
    start = first_of_next_month()
    expected = compute(CustodyInput(start, (Sentence(years=1),)))

    enter_one_year(qtbot, tab, start)
    assert tab.has_draft()
    assert detail.has_unsaved_changes()
    press_ctrl_s(qtbot, detail, tab.inputs.credit)
    idle(qtbot, ctx)
    assert not tab.has_draft()
    view = ctx.workspace.custody.of_case(case.id)
    assert view is not None
    assert view.booking_number == "B-4711/26"
    rows = {tab.dates_model.row(i).kind: i for i in range(tab.dates_model.rowCount())}
    end_row = rows[CustodyDateKind.END]
    assert tab.dates_model.index(end_row, 1).data().startswith(
        expected.end.strftime("%d.%m.%Y"))
    assert tab.dates_model.index(end_row, 4).data() == "berechnet"

    # the early warnings are reminders, shown in the Fristen tab
    before = custody_warnings(ctx, case.id)
    assert before
    qtbot.waitUntil(lambda: any(r.title.startswith("Haft:")
                                for r in detail.reminders_tab.model.rows()), timeout=TIMEOUT)

    # the calendar page shows the dates
    window.show_custody_calendar()
    page = window.custody_calendar_page
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        page.horizon.setCurrentIndex(page.horizon.findData(12))
    half = expected.half_456a
    agenda = [page.agenda_model.row(i) for i in range(page.agenda_model.rowCount())]
    assert any(e.case_id == case.id and e.kind is CustodyDateKind.HALF_456A and e.day == half
               for e in agenda)
    page.calendar.setCurrentPage(half.year, half.month)
    page.calendar.setSelectedDate(QDate(half.year, half.month, half.day))
    idle(qtbot, ctx)
    qhalf = QDate(half.year, half.month, half.day)
    assert page.calendar.dateTextFormat(qhalf).fontWeight() == QFont.Weight.Bold
    assert any(page.day_model.row(i).case_id == case.id
               for i in range(page.day_model.rowCount()))
    # Enter on an agenda entry opens the case
    page.agenda_view.selectRow(0)
    with qtbot.waitSignal(page.sig_open_case, timeout=TIMEOUT) as opened:
        page.agenda_view.activated.emit(page.agenda_model.index(0, 0))
    assert opened.args == [page.agenda_model.row(0).case_id]
    idle(qtbot, ctx)

    # change the credit → the reminders move
    window.open_case(case.id)
    qtbot.waitUntil(lambda: tab.view_data is not None, timeout=TIMEOUT)
    detail.tabs.setCurrentWidget(tab)
    type_number(qtbot, tab.inputs.credit, 30)
    press_ctrl_s(qtbot, detail, tab.inputs.credit)
    idle(qtbot, ctx)
    after = custody_warnings(ctx, case.id)
    assert after
    assert [r.due_date for r in after] != [r.due_date for r in before]
    assert max(r.due_date for r in after) < max(r.due_date for r in before)
    shown = {r.due_date for r in detail.reminders_tab.model.rows()
             if r.title.startswith("Haft:")}
    assert shown == {r.due_date for r in after}

    # the export writes an .ics file
    target = tmp_path / "haft.ics"
    with qtbot.waitSignal(page.sig_exported, timeout=TIMEOUT):
        page.export_to(target)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "nicht verschlüsselt" in page.status.text()
    box = page.ask_export()
    assert box is not None
    assert "verlässt" in box.text()
    box.done(QMessageBox.StandardButton.Cancel)


def test_confirm_a_date_then_remove_it(window, unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    _case, detail, tab = open_custody_tab(window, ctx, qtbot)
    enter_one_year(qtbot, tab, first_of_next_month())
    press_ctrl_s(qtbot, detail, tab.inputs.credit)
    idle(qtbot, ctx)
    row = tab.dates_model.row_of(CustodyDateKind.END)
    tab.dates_view.selectRow(row)
    assert tab.confirm_button.isEnabled()
    tab.confirm_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ConfirmDateDialog)
    dialog.source.clear()
    dialog.ok_button.click()  # no source: refused at the field, dialog stays
    idle(qtbot, ctx)
    assert dialog.errors.message_at("source")
    assert tab.dialog is dialog
    type_text(qtbot, dialog.source, "StA Köln, Schreiben vom 02.03.2026")
    with qtbot.waitSignal(tab.sig_changed, timeout=TIMEOUT):
        dialog.ok_button.click()
    idle(qtbot, ctx)
    row = tab.dates_model.row_of(CustodyDateKind.END)
    assert tab.dates_model.index(row, 4).data() == "bestätigt"
    assert "StA Köln" in tab.dates_model.index(row, 2).data()
    assert tab.dates_model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None

    tab.dates_view.selectRow(row)
    tab.confirm_selected()
    dialog = tab.dialog
    assert isinstance(dialog, ConfirmDateDialog)
    dialog.day.setValue(None)  # empty removes the confirmation
    with qtbot.waitSignal(tab.sig_changed, timeout=TIMEOUT):
        dialog.ok_button.click()
    row = tab.dates_model.row_of(CustodyDateKind.END)
    assert tab.dates_model.index(row, 4).data() == "berechnet"


def test_engine_error_at_the_field_and_nothing_saved(window, unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    case, detail, tab = open_custody_tab(window, ctx, qtbot)
    type_date(qtbot, tab.inputs.start, first_of_next_month().strftime("%d.%m.%Y"))
    type_number(qtbot, tab.inputs.sentences.rows[0].spins["months"], 2)
    type_number(qtbot, tab.inputs.credit, 400)
    tab.save()
    idle(qtbot, ctx)
    assert is_marked(tab.inputs.credit)
    assert "Anrechnung" in tab.inputs.error_text()
    assert ctx.workspace.custody.of_case(case.id) is None
    assert detail.has_unsaved_changes()
    tab.reload()  # shows the stored state again: the typed inputs are dropped
    idle(qtbot, ctx)
    assert not detail.has_unsaved_changes()


def test_a_stale_version_reloads(window, unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    case, detail, tab = open_custody_tab(window, ctx, qtbot)
    enter_one_year(qtbot, tab, first_of_next_month())
    press_ctrl_s(qtbot, detail, tab.inputs.credit)
    idle(qtbot, ctx)
    view = tab.view_data
    assert view is not None
    ctx.workspace.custody.set_lead_times(view.id, view.version, (4,))  # someone else
    type_number(qtbot, tab.inputs.credit, 5)
    tab.save()
    idle(qtbot, ctx)
    assert tab.status.text() == STALE
    assert tab.lead_times.text() == "4"
    assert tab.inputs.credit.value() == 0
    assert ctx.workspace.custody.of_case(case.id).credited_days == 0


def test_decisions_notice_letter_and_end(window, unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    case, detail, tab = open_custody_tab(window, ctx, qtbot)
    start = today().replace(day=1)
    enter_one_year(qtbot, tab, start)
    press_ctrl_s(qtbot, detail, tab.inputs.credit)
    idle(qtbot, ctx)
    tab.decision.setCurrentIndex(tab.decision.findData("requested"))
    tab.decision_on.setValue(today())
    with qtbot.waitSignal(tab.sig_changed, timeout=TIMEOUT):
        tab.decision_button.click()
    tab.lead_times.setText("9, 2")
    with qtbot.waitSignal(tab.sig_changed, timeout=TIMEOUT):
        tab.lead_times_button.click()
    tab.deportation.setValue(first_of_next_month() + timedelta(days=200))
    with qtbot.waitSignal(tab.sig_changed, timeout=TIMEOUT):
        tab.deportation_button.click()
    idle(qtbot, ctx)
    view = ctx.workspace.custody.of_case(case.id)
    assert view.decision_456a.value == "requested"
    assert view.lead_times_months == (9, 2)
    assert view.planned_deportation == first_of_next_month() + timedelta(days=200)
    tab.lead_times.setText("sechs")
    tab.lead_times_button.click()
    assert is_marked(tab.lead_times)

    # "Mitteilung Haftentlassung schreiben …" opens the letters' compose flow
    tab.notice_button.click()
    assert detail.tabs.currentWidget() is detail.letters_tab
    qtbot.waitUntil(lambda: isinstance(detail.letters_tab.dialog, LetterDialog),
                    timeout=TIMEOUT)
    assert [letter.kind for letter in ctx.workspace.letters.letters_of(case.id)] == [
        LetterKind.CUSTODY_NOTICE]
    detail.letters_tab.dialog.reject()
    idle(qtbot, ctx)

    # "Haft beendet …"
    detail.tabs.setCurrentWidget(tab)
    tab.end_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ReleasedDialog)
    dialog.released_on.setValue(start - timedelta(days=1))
    dialog.ok_button.click()
    idle(qtbot, ctx)
    assert "Strafbeginn" in dialog.errors.message_at("released_on")
    assert ctx.workspace.custody.of_case(case.id) is not None
    dialog.released_on.setValue(today())
    with qtbot.waitSignal(tab.sig_changed, timeout=TIMEOUT):
        dialog.ok_button.click()
    idle(qtbot, ctx)
    assert ctx.workspace.custody.of_case(case.id) is None
    assert tab.status.text() == NO_RECORD


def test_calculator_from_the_menu_and_the_calendar(window, unlocked_ctx, qtbot):
    window.calculator_action.trigger()
    calculator = window._calculator
    assert calculator is not None
    assert calculator.isVisible()
    calculator.close()
    qtbot.waitUntil(lambda: window._calculator is None, timeout=TIMEOUT)
    window.show_custody_calendar()
    window.custody_calendar_page.calculator_button.click()
    assert window._calculator is not None
    assert window._calculator.isVisible()
    window._calculator.close()
