"""The "Fristen" tab: its model, adding a Frist through the computed form, Termin notes,
field errors, completing, and deleting a Frist only after the question."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMessageBox

from desktop.domain.enums import ReminderKind
from desktop.services.cases import ReminderInput
from desktop.services.read_models import ReminderView
from desktop.ui.models.reminders_model import OVERDUE_COLOUR, RemindersModel
from desktop.ui.pages.case_detail import CaseDetailPanel
from desktop.ui.widgets.field_errors import is_marked
from tests.ui.keyboard import type_text

TIMEOUT = 10000
DAY = date(2026, 4, 8)


def local_today() -> date:
    return datetime.now(UTC).astimezone().date()


def view(rid: str, kind: ReminderKind, due: date, *, done: bool = False,
         early: date | None = None, time: str | None = None) -> ReminderView:
    return ReminderView(rid, "c1", kind, f"Titel {rid}", due, time, early, done)


def test_model_passes_the_model_tester_and_says_overdue_in_words(qtmodeltester):
    model = RemindersModel(today=lambda: DAY)
    model.set_rows([
        view("a", ReminderKind.DEADLINE, date(2026, 4, 7), early=date(2026, 3, 31)),
        view("b", ReminderKind.APPOINTMENT, date(2026, 4, 10), time="09:30"),
        view("c", ReminderKind.FOLLOW_UP, date(2026, 4, 1), done=True),
        view("d", ReminderKind.DEADLINE, date(2026, 4, 20), early=date(2026, 4, 8)),
    ])
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 0)) for r in range(4)] == \
        ["Frist", "Termin", "Frist", "Wiedervorlage"]
    assert model.data(model.index(0, 2)) == "07.04.2026 (Di)"
    assert model.data(model.index(0, 3)) == "31.03.2026 (Di)"
    assert model.data(model.index(0, 4)) == "offen, überfällig seit 1 Tag"
    assert model.data(model.index(0, 4), Qt.ItemDataRole.ForegroundRole).color() == \
        OVERDUE_COLOUR
    font = model.data(model.index(0, 1), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert model.data(model.index(1, 2)) == "10.04.2026 (Fr), 09:30 Uhr"
    assert model.data(model.index(1, 4)) == "offen"
    assert model.data(model.index(2, 4)) == "offen, Vorfrist erreicht"
    assert model.data(model.index(3, 4)) == "erledigt"
    assert model.data(model.index(3, 4), Qt.ItemDataRole.FontRole) is None
    assert model.row_of("d") == 2
    assert model.row_of("nope") == -1


# --- the tab in the case panel ----------------------------------------------------------------

@pytest.fixture
def panel(unlocked_ctx, qtbot):
    widget = CaseDetailPanel(unlocked_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_case(ctx, qtbot, panel: CaseDetailPanel, family: str = "Haddad") -> str:
    [row] = ctx.workspace.cases.search(family)
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT):
        panel.load(row.id)
    panel.tabs.setCurrentWidget(panel.reminders_tab)
    return row.id


def test_add_a_frist_through_the_computed_form(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.reminders_tab
    assert panel.tabs.tabText(panel.tabs.indexOf(tab)) == "Fristen"
    tab.kind.set_value(ReminderKind.DEADLINE)
    type_text(qtbot, tab.title, "Stellungnahme ABH")
    assert panel.has_unsaved_changes()
    # keyboard: the radio button "Berechnen ab" takes Space
    tab.compute_radio.setFocus()
    qtbot.keyClick(tab.compute_radio, Qt.Key.Key_Space)
    assert tab.compute_mode()
    with qtbot.waitSignal(tab.sig_proposed, timeout=TIMEOUT):
        tab.start.setValue(date(2026, 10, 1))
    tab.unit.setCurrentIndex(2)  # Monate
    with qtbot.waitSignal(tab.sig_proposed, timeout=TIMEOUT):
        tab.amount.setValue(1)
    qtbot.waitUntil(lambda: "Allerheiligen" in tab.computed.text(), timeout=TIMEOUT)
    assert tab.computed.text() == (
        "Fällig: Montag, 02.11.2026 · Vorfrist: Montag, 26.10.2026 — verschoben auf den "
        "nächsten Werktag: 01.11.2026 ist Allerheiligen")
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.keyClick(tab.title, Qt.Key.Key_Return)
    model = tab.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 2)) == "02.11.2026 (Mo)"
    assert model.data(model.index(0, 3)) == "26.10.2026 (Mo)"
    assert tab.title.text() == ""
    assert not panel.has_unsaved_changes()
    [saved] = unlocked_ctx.workspace.reminders.of_case(case_id)
    assert (saved.kind, saved.due_date, saved.early_warning) == \
        (ReminderKind.DEADLINE, date(2026, 11, 2), date(2026, 10, 26))
    qtbot.waitUntil(lambda: "Frist angelegt" in {e.subject for e in
                                                  panel.journal_tab.model.rows()},
                    timeout=TIMEOUT)


def test_a_termin_on_a_holiday_is_noted_and_errors_are_at_the_fields(unlocked_ctx, panel,
                                                                      qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.reminders_tab
    tab.kind.set_value(ReminderKind.APPOINTMENT)
    assert tab.time.isEnabled()
    with qtbot.waitSignal(tab.sig_proposed, timeout=TIMEOUT):
        tab.due.setValue(date(2026, 4, 3))
    assert tab.computed.text() == "Achtung: 03.04.2026 ist Karfreitag."
    type_text(qtbot, tab.time, "9 Uhr")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: is_marked(tab.title) and is_marked(tab.time), timeout=TIMEOUT)
    assert tab.errors.message_at("title") == "Bitte einen Titel eingeben."
    assert tab.errors.message_at("due_time").startswith("Uhrzeit bitte als HH:MM")

    tab.kind.set_value(ReminderKind.DEADLINE)
    type_text(qtbot, tab.title, "Frist")
    tab.due.setValue(date(2026, 4, 7))
    tab.early.setValue(date(2026, 4, 8))
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: is_marked(tab.early), timeout=TIMEOUT)
    assert tab.errors.message_at("early_warning") == "Die Vorfrist liegt nach der Frist."
    assert unlocked_ctx.workspace.reminders.of_case(case_id) == []


def test_complete_and_delete_a_frist_only_after_asking(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    service = unlocked_ctx.workspace.reminders
    frist = service.add(case_id, ReminderInput(ReminderKind.DEADLINE, "Klagefrist",
                                               local_today() + timedelta(days=10)))
    service.add(case_id, ReminderInput(ReminderKind.FOLLOW_UP, "Sachstand",
                                       local_today() + timedelta(days=20)))
    tab = panel.reminders_tab
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        tab.reload()
    assert tab.model.rowCount() == 2

    tab.view.selectRow(1)  # the Wiedervorlage
    assert tab.done_button.isEnabled()
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    assert tab.model.data(tab.model.index(1, 4)) == "erledigt"

    tab.view.selectRow(0)  # the Frist
    assert tab.selected_reminder().id == frist.id
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    box = tab.findChild(QMessageBox, "deleteReminderBox")
    assert box is not None
    assert box.isVisible()
    assert not box.isModal() or box.windowModality() != Qt.WindowModality.ApplicationModal
    assert "Klagefrist" in box.text()
    assert "Das wird protokolliert." in box.text()
    no = next(b for b in box.buttons() if b.text() == "Abbrechen")
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 2
    assert len(service.of_case(case_id)) == 2

    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab._confirm is not None, timeout=TIMEOUT)
    box = tab._confirm
    assert box.objectName() == "deleteReminderBox"
    yes = next(b for b in box.buttons() if b.text() == "Frist löschen")
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1
    assert [r.kind for r in service.of_case(case_id)] == [ReminderKind.FOLLOW_UP]
    from sqlalchemy import select

    from desktop.storage import orm
    with unlocked_ctx.workspace.open_vault.unit_of_work(write=False) as uow:
        event = uow.session.execute(select(orm.AuditEvent).where(
            orm.AuditEvent.action == "reminder.delete")).scalar_one()
    assert json.loads(event.details)["kind"] == "deadline"


def test_clear_empties_the_tab_and_closes_the_question(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    unlocked_ctx.workspace.reminders.add(case_id, ReminderInput(
        ReminderKind.DEADLINE, "Frist", local_today() + timedelta(days=3)))
    tab = panel.reminders_tab
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        tab.reload()
    type_text(qtbot, tab.title, "Entwurf")
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab._confirm is not None
    panel.clear()
    assert tab._confirm is None
    assert tab.model.rowCount() == 0
    assert tab.title.text() == ""
    assert tab.computed.text() == ""
