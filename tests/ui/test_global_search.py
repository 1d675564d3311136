"""Global search (Ctrl+K): opens from anywhere, searches while typing, Enter opens the case."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.enums import CaseStatus, JournalKind
from desktop.services.read_models import SearchHit
from desktop.ui.dialogs.global_search import GlobalSearchDialog, SearchHitsModel


def _dialog(window) -> GlobalSearchDialog:
    dialog = window.findChild(GlobalSearchDialog, "globalSearchDialog")
    assert dialog is not None
    return dialog


def _case_id(ctx, family: str) -> str:
    [hit] = [h for h in ctx.workspace.search.search(family) if h.name.startswith(family)]
    return hit.case_id


def test_ctrl_k_opens_typing_shows_hits_and_enter_opens_the_case(qtbot, open_window,
                                                                  unlocked_ctx):
    window = open_window(unlocked_ctx)
    case_id = _case_id(unlocked_ctx, "Haddad")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focused = window.focusWidget() or window
    qtbot.keyClick(focused, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(window)
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.isModal()
    assert dialog.input.hasFocus() or dialog.focusWidget() is dialog.input
    assert dialog.input.accessibleName()
    assert dialog.table.accessibleName()

    qtbot.keyClicks(dialog.input, "youssef")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    hit = dialog.model.row(0)
    assert (hit.case_id, hit.where) == (case_id, "Alias")
    assert dialog.model.index(0, 3).data() == "Alias"
    assert dialog.status.text() == "1 Treffer."

    with qtbot.waitSignal(dialog.sig_open_case, timeout=5000) as blocker:
        qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert blocker.args == [case_id]
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.cases_page.detail.current_case_id == case_id, timeout=5000)


def test_journal_hit_with_excerpt_down_and_enter_in_the_list(qtbot, open_window, unlocked_ctx):
    case_id = _case_id(unlocked_ctx, "Kovačević")
    unlocked_ctx.workspace.cases.add_journal(case_id, JournalKind.NOTE, "Termin",
                                             "Vorsprache bei der Botschaft in Belgrad.")
    window = open_window(unlocked_ctx)
    window.show_global_search()
    dialog = _dialog(window)
    qtbot.keyClicks(dialog.input, "botschaft")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.model.index(0, 3).data() == "Verlauf"
    assert "Botschaft" in dialog.model.index(0, 4).data()

    qtbot.keyClick(dialog.input, Qt.Key.Key_Down)
    assert dialog.table.hasFocus() or dialog.focusWidget() is dialog.table
    with qtbot.waitSignal(dialog.sig_open_case, timeout=5000) as blocker:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert blocker.args == [case_id]


def test_enter_before_the_pause_searches_then_opens(qtbot, open_window, unlocked_ctx):
    window = open_window(unlocked_ctx)
    case_id = _case_id(unlocked_ctx, "Jørgensen")
    window.show_global_search()
    dialog = _dialog(window)
    dialog.input.setText("jorgensen")
    with qtbot.waitSignal(dialog.sig_open_case, timeout=5000) as blocker:
        qtbot.keyClick(dialog.input, Qt.Key.Key_Enter)
    assert blocker.args == [case_id]


def test_escape_closes_and_lock_clears(qtbot, open_window, unlocked_ctx):
    window = open_window(unlocked_ctx)
    window.show_global_search()
    dialog = _dialog(window)
    qtbot.keyClicks(dialog.input, "mueller")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(dialog.input, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    window.show_global_search()
    assert dialog.input.text() == "mueller"  # reopening keeps the last search
    window.lock_now()
    qtbot.waitUntil(lambda: unlocked_ctx.session.workspace is None, timeout=5000)
    assert not dialog.isVisible()
    assert dialog.input.text() == ""
    assert dialog.model.rowCount() == 0
    assert not window.global_search_action.isEnabled()


def test_no_hits_says_so(qtbot, open_window, unlocked_ctx):
    window = open_window(unlocked_ctx)
    window.show_global_search()
    dialog = _dialog(window)
    qtbot.keyClicks(dialog.input, "zzzz")
    qtbot.waitUntil(lambda: dialog.status.text() == "Keine Treffer.", timeout=5000)
    assert dialog.model.rowCount() == 0
    dialog.close()


def test_hits_model_passes_the_model_tester(qtmodeltester):
    model = SearchHitsModel()
    model.set_rows([SearchHit("c1", "RRK-K-2026-1", "Müller, Hans", CaseStatus.INTAKE, "Name",
                              ""),
                    SearchHit("c2", "RRK-K-2026-2", "Haddad, Yusuf", CaseStatus.INTAKE,
                              "Verlauf", "…bei der Botschaft…")])
    qtmodeltester.check(model)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Auszug"
