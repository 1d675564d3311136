"""The "Heute" page: its Qt model, the page on a real vault (sections, counts, settings, F5,
lock) and the way from a line to the case on the "Fälle" page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.domain.enums import District, MeasureOwner, ReminderKind
from desktop.domain.residence import DuldungInput, DuldungType
from desktop.services.cases import MeasureInput, ReminderInput
from desktop.services.read_models import (
    Desk,
    DeskItem,
    DeskItemKind,
    DeskSection,
    DeskSectionKey,
)
from desktop.ui.models.desk_model import (
    COL_DAYS,
    COL_DETAIL,
    COL_DUE,
    COL_NAME,
    COL_WHAT,
    COLUMNS,
    OVERDUE_COLOUR,
    DeskModel,
    due_text,
    long_date,
)
from desktop.ui.pages.desk_page import SETTINGS_INACTIVE_DAYS, DeskPage

TIMEOUT = 10000
MONDAY = date(2026, 11, 23)


def local_today() -> date:
    """Today on this computer, as the services see it."""
    return datetime.now(UTC).astimezone().date()


def item(name: str, kind: DeskItemKind, days: int, *, title: str = "Passersatzbeschaffung",
         due_time: str | None = None, case_id: str = "c1") -> DeskItem:
    due = None if kind == DeskItemKind.INACTIVE else MONDAY - timedelta(days=days)
    return DeskItem(case_id, "RRK-DUS-2026-00001", name, kind, title, due, days,
                    "Zuständig: ABH Köln", due_time=due_time, source_id=f"s-{name}-{days}")


def sample_desk() -> Desk:
    return Desk(
        today=MONDAY, week_end=MONDAY + timedelta(days=6), inactive_days=60,
        caseworker_id=None, limit=2,
        sections=(
            DeskSection(DeskSectionKey.OVERDUE, (
                item("Müller, Hans", DeskItemKind.MEASURE, 3),
                item("Şahin, Ayşe", DeskItemKind.EARLY_WARNING, 1, title="Klagefrist")),
                complete=False),
            DeskSection(DeskSectionKey.TODAY, (
                item("Haddad, Yusuf", DeskItemKind.APPOINTMENT, 0, due_time="10:30",
                     title="Botschaft"),)),
            DeskSection(DeskSectionKey.WEEK, ()),
            DeskSection(DeskSectionKey.INACTIVE, (
                item("Jørgensen, Nils", DeskItemKind.INACTIVE, 75,
                     title="Letzter Eintrag am 09.09.2026"),)),
        ))


def with_duldungen(desk: Desk, *items: DeskItem) -> Desk:
    """``desk`` with a "Duldungen laufen ab" section before "Ohne Aktivität"."""
    sections = list(desk.sections)
    sections.insert(3, DeskSection(DeskSectionKey.DULDUNGEN, items))
    return Desk(desk.today, desk.week_end, desk.inactive_days, desk.caseworker_id, desk.limit,
                tuple(sections))


# --- the model ----------------------------------------------------------------------------------

def test_desk_model_passes_the_model_tester(qtmodeltester):
    model = DeskModel()
    model.set_desk(sample_desk())
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)
    for extra in ((), (item("Ali, Sami", DeskItemKind.DULDUNG, -12, title="läuft ab"),)):
        model.set_desk(with_duldungen(sample_desk(), *extra))
        qtmodeltester.check(model)


def test_the_duldungen_section_has_a_header_and_a_note_when_empty():
    model = DeskModel()
    model.set_desk(with_duldungen(sample_desk()))
    row = model.section_row(DeskSectionKey.DULDUNGEN)
    assert model.data(model.index(row, 0)) == "Duldungen laufen ab (0)"
    assert model.data(model.index(row + 1, 0)) == \
        "In den nächsten vier Wochen läuft sonst keine Duldung ab."
    model.set_desk(with_duldungen(sample_desk(), item("Ali, Sami", DeskItemKind.DULDUNG, -12,
                                                      title="läuft ab")))
    row = model.section_row(DeskSectionKey.DULDUNGEN)
    line = [model.data(model.index(row + 1, c)) for c in range(len(COLUMNS))]
    assert line[:2] == ["Sa 05.12.2026", "in 12 Tagen"]
    assert line[COL_WHAT] == "Duldung: läuft ab"


def test_the_model_lays_out_sections_with_headers_and_notes():
    model = DeskModel()
    model.set_desk(sample_desk())
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == [
        "Fällig", "Tage überfällig", "Aktenzeichen", "Name", "Was", "Einzelheiten"]
    first_column = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert first_column == [
        "Überfällig (mehr als 2)", "Fr 20.11.2026", "So 22.11.2026",
        "… und weitere; gezeigt werden die 2 dringendsten.",
        "Heute fällig (1)", "Mo 23.11.2026 10:30",
        "Diese Woche (0)", "In dieser Woche ist sonst nichts fällig.",
        "Ohne Aktivität (1)", ""]
    assert model.header_rows() == [0, 4, 6, 8]
    assert model.section_row(DeskSectionKey.TODAY) == 4
    # header and note lines can be reached but not selected; case lines can
    for row in (0, 3, 7):
        flags = model.flags(model.index(row, 0))
        assert flags & Qt.ItemFlag.ItemIsEnabled
        assert not flags & Qt.ItemFlag.ItemIsSelectable
        assert model.case_id(row) is None
    assert model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole) == "c1"
    assert model.row_of("c1", "s-Şahin, Ayşe-1") == 2


def test_overdue_lines_say_so_in_words_and_in_red_bold():
    model = DeskModel()
    model.set_desk(sample_desk())
    row = [model.data(model.index(1, c)) for c in range(len(COLUMNS))]
    assert row == ["Fr 20.11.2026", "überfällig seit 3 Tagen", "RRK-DUS-2026-00001",
                   "Müller, Hans", "Maßnahme: Passersatzbeschaffung", "Zuständig: ABH Köln"]
    assert model.data(model.index(2, COL_DAYS)) == "überfällig seit 1 Tag"
    for column in (COL_DUE, COL_DAYS):
        assert model.data(model.index(1, column), Qt.ItemDataRole.ForegroundRole).color() == \
            OVERDUE_COLOUR
        font = model.data(model.index(1, column), Qt.ItemDataRole.FontRole)
        assert isinstance(font, QFont)
        assert font.bold()
    assert model.data(model.index(1, COL_WHAT), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(1, COL_DAYS), Qt.ItemDataRole.AccessibleTextRole) == \
        "Tage überfällig: überfällig seit 3 Tagen"
    # due today: not red; the inactive case has no due date, its quiet days in words
    assert model.data(model.index(5, COL_DAYS)) == "heute"
    assert model.data(model.index(5, COL_NAME), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(9, COL_DUE)) == ""
    assert model.data(model.index(9, COL_DAYS)) == "ohne Eintrag seit 75 Tagen"
    assert model.data(model.index(9, COL_WHAT)) == "Letzter Eintrag am 09.09.2026"
    assert model.data(model.index(9, COL_NAME), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(9, COL_DETAIL), Qt.ItemDataRole.ToolTipRole) == \
        "Zuständig: ABH Köln"


def test_german_dates_without_the_locale():
    assert long_date(MONDAY) == "Montag, 23. November 2026"
    assert long_date(date(2026, 3, 1)) == "Sonntag, 1. März 2026"
    assert due_text(item("A", DeskItemKind.APPOINTMENT, -2, due_time="09:00")) == \
        "Mi 25.11.2026 09:00"


# --- the page on a vault ------------------------------------------------------------------------

def case_id_of(ctx, family_name: str) -> str:
    rows = ctx.workspace.cases.search(family_name)
    assert len(rows) == 1
    return rows[0].id


@pytest.fixture
def desk_ctx(unlocked_ctx):
    """The sample cases, with an overdue measure, an appointment today and a follow-up later
    this week or (on a Sunday) today."""
    ctx = unlocked_ctx
    cases = ctx.workspace.cases
    today = local_today()
    cases.add_measure(case_id_of(ctx, "Müller"), MeasureInput(
        "Passersatzbeschaffung", MeasureOwner.ABH, due_date=today - timedelta(days=4)))
    cases.add_reminder(case_id_of(ctx, "Kovačević"), ReminderInput(
        ReminderKind.APPOINTMENT, "Botschaftsvorführung", today, due_time="10:30"))
    return ctx


def wait_built(qtbot, page: DeskPage) -> None:
    qtbot.waitUntil(lambda: page.model.desk is not None and not page.loading, timeout=TIMEOUT)


def rows_text(page: DeskPage) -> list[str]:
    model = page.model
    return [" | ".join(str(model.data(model.index(r, c)) or "") for c in range(len(COLUMNS)))
            for r in range(model.rowCount())]


@pytest.fixture
def page(desk_ctx, qtbot):
    widget = DeskPage(desk_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    wait_built(qtbot, widget)
    return widget


def test_the_page_shows_the_sections_and_counts(page):
    today = local_today()
    assert page.title.text() == f"Heute, {long_date(today)}"
    counts = {k: b.text() for k, b in page.section_buttons.items()}
    assert counts[DeskSectionKey.OVERDUE] == "Überfällig: 1"
    assert counts[DeskSectionKey.TODAY] == "Heute fällig: 1"
    assert counts[DeskSectionKey.INACTIVE] == "Ohne Aktivität: 0"
    text = rows_text(page)
    assert text[0].startswith("Überfällig (1)")
    assert "überfällig seit 4 Tagen | RRK-DUS-" in text[1]
    assert "Müller, Hans | Maßnahme: Passersatzbeschaffung" in text[1]
    assert any("Kovačević, Dragan | Termin: Botschaftsvorführung | um 10:30 Uhr" in t
               for t in text)
    assert page.section_buttons[DeskSectionKey.OVERDUE].accessibleName() == \
        "Überfällig: 1, zum Abschnitt springen"
    assert page.status_label.text().endswith("eigene Fälle")


def test_the_page_shows_expiring_duldungen(desk_ctx, qtbot):
    ctx = desk_ctx
    today = local_today()
    mueller = case_id_of(ctx, "Müller")
    ctx.workspace.residence.add_duldung(mueller, DuldungInput(
        DuldungType.S60A_2_1, today - timedelta(days=80), today + timedelta(days=20)))
    widget = DeskPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    wait_built(qtbot, widget)
    assert widget.section_buttons[DeskSectionKey.DULDUNGEN].text() == \
        "Duldungen laufen ab: 1"
    row = widget.model.section_row(DeskSectionKey.DULDUNGEN)
    assert widget.model.data(widget.model.index(row, 0)) == "Duldungen laufen ab (1)"
    text = rows_text(widget)[row + 1]
    assert "in 20 Tagen" in text
    assert "Müller, Hans | Duldung: läuft ab | Duldung § 60a Abs. 2 S. 1 AufenthG läuft am" in text
    widget.section_buttons[DeskSectionKey.DULDUNGEN].click()
    assert widget.table.currentIndex().row() == row + 1
    assert widget.model.case_id(row + 1) == mueller


def test_f5_and_the_button_refresh(page, qtbot, desk_ctx):
    desk_ctx.workspace.cases.add_measure(case_id_of(desk_ctx, "Haddad"), MeasureInput(
        "Rückkehrberatung", due_date=local_today() - timedelta(days=9)))
    assert page.section_buttons[DeskSectionKey.OVERDUE].text() == "Überfällig: 1"
    page.table.setFocus()
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(page.table, Qt.Key.Key_F5)
    assert page.section_buttons[DeskSectionKey.OVERDUE].text() == "Überfällig: 2"
    assert "Haddad, Yusuf" in rows_text(page)[1]  # nine days before four
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)


def test_the_inactive_days_are_kept_in_the_settings(page, qtbot, desk_ctx):
    assert page.days_spin.value() == 60
    assert page.days_spin.accessibleName()
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        page.days_spin.setValue(1)
    assert page.days_spin.suffix() == " Tag"
    assert int(desk_ctx.settings.value(SETTINGS_INACTIVE_DAYS)) == 1
    assert page.model.desk.inactive_days == 1
    second = DeskPage(desk_ctx)
    qtbot.addWidget(second)
    assert second.days_spin.value() == 1


def test_only_mine_or_everyone(page, qtbot, desk_ctx):
    assert page.model.desk.caseworker_id == desk_ctx.workspace.user.id
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(page.all_check, Qt.Key.Key_Space)
    assert page.all_check.isChecked()
    assert page.model.desk.caseworker_id is None
    assert page.status_label.text().endswith("alle Sachbearbeitungen")


def test_a_count_button_jumps_to_its_section(page, qtbot):
    page.section_buttons[DeskSectionKey.TODAY].click()
    row = page.table.currentIndex().row()
    assert page.model.item(row).title == "Botschaftsvorführung"
    assert page.table.hasFocus() or not page.isActiveWindow()


def test_enter_on_a_line_asks_to_open_its_case(page, qtbot, desk_ctx):
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))  # a header: nothing to open
    with qtbot.assertNotEmitted(page.sig_open_case):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 1
    with qtbot.waitSignal(page.sig_open_case) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args == [case_id_of(desk_ctx, "Müller")]


def test_locking_forgets_the_lines(page, desk_ctx, qtbot):
    desk_ctx.session.sig_locked.emit()
    assert page.model.rowCount() == 0
    assert page.section_buttons[DeskSectionKey.OVERDUE].text() == "Überfällig: –"


# --- in the main window -------------------------------------------------------------------------

@pytest.fixture
def window(desk_ctx, open_window, qtbot):
    window = open_window(desk_ctx)
    wait_built(qtbot, window.desk_page)
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "5 Fälle",
                    timeout=TIMEOUT)
    return window


def test_heute_is_the_first_page_and_shown_after_unlock(window):
    assert window.nav.item(0).text() == "Heute"
    assert window.pages.currentWidget() is window.desk_page
    assert window.nav.currentRow() == 0
    assert window.desk_page.isVisible()


def test_a_line_opens_its_case_on_the_cases_page(window, qtbot, desk_ctx):
    desk = window.desk_page
    case_id = case_id_of(desk_ctx, "Müller")
    desk.table.setFocus()
    desk.table.setCurrentIndex(desk.model.index(1, 0))
    qtbot.keyClick(desk.table, Qt.Key.Key_Return)
    cases = window.cases_page
    assert window.pages.currentWidget() is cases
    qtbot.waitUntil(lambda: cases.detail.current_case_id == case_id, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: cases.model.case_id(cases.table.currentIndex().row()) == case_id,
                    timeout=TIMEOUT)


def test_open_case_clears_filters_that_hide_the_case(window, qtbot, desk_ctx):
    cases = window.cases_page
    window.show_page(cases)
    combo = cases.filters.district_combo
    combo.setCurrentIndex(combo.findData(District.KOELN.value))
    qtbot.waitUntil(lambda: cases.filters.count_label.text() == "1 Fall", timeout=TIMEOUT)
    case_id = case_id_of(desk_ctx, "Müller")
    window.show_page(window.desk_page)
    window.open_case(case_id)
    assert window.pages.currentWidget() is cases
    qtbot.waitUntil(lambda: cases.filters.count_label.text() == "5 Fälle", timeout=TIMEOUT)
    assert combo.currentIndex() == 0
    qtbot.waitUntil(lambda: cases.model.case_id(cases.table.currentIndex().row()) == case_id,
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: cases.detail.current_case_id == case_id, timeout=TIMEOUT)


def test_the_desk_refreshes_when_shown_and_after_a_change(window, qtbot, desk_ctx):
    desk = window.desk_page
    desk_ctx.workspace.cases.add_measure(case_id_of(desk_ctx, "Jørgensen"), MeasureInput(
        "Ausweisung prüfen", due_date=local_today() - timedelta(days=2)))
    with qtbot.waitSignal(desk.sig_loaded, timeout=TIMEOUT):
        window.cases_page.detail.sig_case_changed.emit("x")  # a change while the desk shows
    assert desk.section_buttons[DeskSectionKey.OVERDUE].text() == "Überfällig: 2"
    window.show_page(window.cases_page)
    desk_ctx.workspace.cases.add_measure(case_id_of(desk_ctx, "Jørgensen"), MeasureInput(
        "Abschiebungshaft beantragen", due_date=local_today() - timedelta(days=1)))
    with qtbot.waitSignal(desk.sig_loaded, timeout=TIMEOUT):
        window.show_page(window.desk_page)
    assert desk.section_buttons[DeskSectionKey.OVERDUE].text() == "Überfällig: 3"
