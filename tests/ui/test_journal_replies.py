"""Replies awaited in the window: a letter with "Antwort erwartet bis" in the Verlauf shows on
the "Heute" desk under "Antworten ausstehend"; "Antwort eingegangen" takes it off again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.domain.enums import JournalKind
from desktop.services.read_models import DeskSectionKey
from desktop.ui.models.journal_model import REPLY_COLUMN
from tests.ui.keyboard import type_text

TIMEOUT = 10000
REPLIES = DeskSectionKey.REPLIES


def local_today() -> date:
    return datetime.now(UTC).astimezone().date()


def case_id_of(ctx, family_name: str) -> str:
    rows = ctx.workspace.cases.search(family_name)
    assert len(rows) == 1
    return rows[0].id


def wait_desk(qtbot, window) -> None:
    desk = window.desk_page
    qtbot.waitUntil(lambda: desk.model.desk is not None and not desk.loading, timeout=TIMEOUT)


@pytest.fixture
def window(unlocked_ctx, open_window, qtbot):
    window = open_window(unlocked_ctx)
    wait_desk(qtbot, window)
    return window


def test_reply_date_only_for_outgoing_kinds(window, qtbot, unlocked_ctx):
    tab = window.cases_page.detail.journal_tab
    assert tab.reply_due.accessibleName() == "Antwort erwartet bis"
    assert tab.received_button.accessibleName()
    tab.kind.set_value(JournalKind.NOTE)
    assert not tab.reply_due.isEnabled()
    tab.kind.set_value(JournalKind.LETTER)
    assert tab.reply_due.isEnabled()
    assert tab.reply_due.value() is None
    assert not tab.received_button.isEnabled()


def test_a_letter_awaiting_a_reply_goes_to_the_desk_and_leaves_it(window, qtbot, unlocked_ctx):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Müller")
    desk = window.desk_page
    assert desk.section_buttons[REPLIES].text() == "Antworten ausstehend: 0"

    window.open_case(case_id)
    panel = window.cases_page.detail
    qtbot.waitUntil(lambda: panel.current_case_id == case_id
                    and panel.journal_tab.model.rowCount() > 0, timeout=TIMEOUT)
    tab = panel.journal_tab
    panel.tabs.setCurrentWidget(tab)
    due = local_today() + timedelta(days=5)
    tab.kind.set_value(JournalKind.LETTER)
    type_text(qtbot, tab.subject, "Sachstandsanfrage ABH")
    tab.reply_due.setValue(due)
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(e.subject == "Sachstandsanfrage ABH"
                                for e in tab.model.entries()), timeout=TIMEOUT)
    assert tab.reply_due.value() is None  # emptied for the next entry
    row = next(r for r, e in enumerate(tab.model.entries())
               if e.subject == "Sachstandsanfrage ABH")
    assert tab.model.data(tab.model.index(row, REPLY_COLUMN)) == f"Antwort bis {due:%d.%m.%Y}"

    with qtbot.waitSignal(desk.sig_loaded, timeout=TIMEOUT):
        window.show_page(desk)
    assert desk.section_buttons[REPLIES].text() == "Antworten ausstehend: 1"
    header = desk.model.section_row(REPLIES)
    line = desk.model.item(header + 1)
    assert (line.case_id, line.title) == (case_id, "Sachstandsanfrage ABH")
    desk.table.setFocus()
    desk.table.setCurrentIndex(desk.model.index(header + 1, 0))
    qtbot.keyClick(desk.table, Qt.Key.Key_Return)  # opens the case
    assert window.pages.currentWidget() is window.cases_page

    row = next(r for r, e in enumerate(tab.model.entries())
               if e.subject == "Sachstandsanfrage ABH")
    tab.view.selectRow(row)
    assert tab.received_button.isEnabled()
    assert tab.received_on.value() == local_today()
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(tab.received_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(e.subject == "Antwort eingegangen"
                                for e in tab.model.entries()), timeout=TIMEOUT)
    row = next(r for r, e in enumerate(tab.model.entries())
               if e.subject == "Sachstandsanfrage ABH")
    assert tab.model.data(tab.model.index(row, REPLY_COLUMN)) == \
        f"Antwort am {local_today():%d.%m.%Y}"

    with qtbot.waitSignal(desk.sig_loaded, timeout=TIMEOUT):
        window.show_page(desk)
    assert desk.section_buttons[REPLIES].text() == "Antworten ausstehend: 0"
