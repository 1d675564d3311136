"""The main window around an unlocked vault: case list and filters, detail on selection, menus,
lock (Ctrl+L, idle) and unlock again, the vault page (self-test, backup, keyring)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from desktop.ui.lock import IdleLock
from desktop.ui.models.case_list_model import COL_FLAGS, COL_NAME
from tests.support import PASSPHRASE


def list_names(page) -> list[str]:
    model = page.model
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
    return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]


@pytest.fixture
def window(unlocked_ctx, open_window, qtbot):
    window = open_window(unlocked_ctx)
    count = window.cases_page.filters.count_label
    qtbot.waitUntil(lambda: count.text() == "5 Fälle", timeout=10000)
    list_names(window.cases_page)
    qtbot.waitUntil(lambda: window.cases_page.model.is_loaded(0))
    return window


def unlock_again(qtbot, window, ctx) -> None:
    page = window.unlock_page
    qtbot.waitUntil(lambda: page.user_combo.count() == 1 and page.passphrase.isEnabled())
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.workspace_view,
                    timeout=10000)
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "5 Fälle")


def test_the_window_shows_the_five_cases(window, unlocked_ctx):
    page = window.cases_page
    assert window.stack.currentWidget() is window.workspace_view
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Heute", "Fälle", "Postausgang", "Haftkalender", "Konferenzen", "Controlling",
        "Statistik", "Tresor", "Netzwerk"]
    assert window.pages.currentWidget() is window.desk_page  # the start page after unlock
    window.show_page(page)
    assert sorted(list_names(page)) == ["Haddad, Yusuf", "Jørgensen, Nils",
                                        "Kovačević, Dragan", "Müller, Hans", "Şahin, Ayşe"]
    assert window.windowTitle() == "Fallakte RRK"
    assert not window.status.demo_label.isVisible()
    assert window.status.vault_label.text() == "Tresor: akte.fallakte"
    assert window.status.user_label.text() == "Anna Beispiel (Sachbearbeitung)"
    assert window.status.state_label.text() == "Entsperrt"
    combo = page.filters.caseworker_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["alle", "Anna Beispiel"]


def test_search_narrows_the_list_without_diacritics(window, qtbot):
    page = window.cases_page
    qtbot.keyClicks(page.filters.search, "muller")
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "1 Fall")
    qtbot.waitUntil(lambda: list_names(page) == ["Müller, Hans"])
    page.filters.search.clear()
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "5 Fälle")


def test_status_and_district_filters(window, qtbot):
    page = window.cases_page
    page.filters.district_combo.setCurrentIndex(page.filters.district_combo.findText("Köln"))
    qtbot.waitUntil(lambda: list_names(page) == ["Şahin, Ayşe"])
    page.filters.district_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "5 Fälle")
    page.filters.status_combo.setCurrentIndex(page.filters.status_combo.findText("Abgeschlossen"))
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "0 Fälle")
    page.filters.status_combo.setCurrentIndex(page.filters.status_combo.findText("Eingang"))
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "5 Fälle")
    page.filters.flag_combo.setCurrentIndex(page.filters.flag_combo.findText("Mehrfach-/Intensivtäter"))
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "3 Fälle")


def test_clicking_the_name_header_sorts_in_sql(window, qtbot):
    page = window.cases_page
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, COL_NAME))
    expected = ["Haddad, Yusuf", "Jørgensen, Nils", "Kovačević, Dragan", "Müller, Hans",
                "Şahin, Ayşe"]
    qtbot.waitUntil(lambda: list_names(page) == expected)
    assert page.model.query.sort.value == "name"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, COL_NAME))
    qtbot.waitUntil(lambda: list_names(page) == expected[::-1])
    # a column without an order in SQL leaves order and indicator as they are
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, COL_FLAGS))
    assert header.sortIndicatorSection() == COL_NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert list_names(page) == expected[::-1]


def test_the_open_case_stays_selected_after_sorting(window, qtbot):
    page = window.cases_page
    row = list_names(page).index("Şahin, Ayşe")
    case_id = page.model.case_id(row)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.current_case_id == case_id, timeout=5000)
    with qtbot.waitSignal(page.model.sig_loaded):
        page.table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert page.model.case_id(page.table.currentIndex().row()) == case_id
    assert page.table.currentIndex().row() == 0  # Şahin first in descending order


def _section_centre(header, column):
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def test_selecting_a_row_loads_the_detail_panel(window, qtbot):
    page = window.cases_page
    row = list_names(page).index("Kovačević, Dragan")
    case_id = page.model.case_id(row)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.current_case_id == case_id, timeout=5000)
    # Enter on another row opens that one at once
    other = list_names(page).index("Haddad, Yusuf")
    page.table.setCurrentIndex(page.model.index(other, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.current_case_id == page.model.case_id(other))


def test_a_changed_case_refreshes_the_list_keeping_the_selection(window, qtbot, unlocked_ctx):
    page = window.cases_page
    row = list_names(page).index("Müller, Hans")
    case_id = page.model.case_id(row)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.current_case_id == case_id, timeout=5000)
    with qtbot.waitSignal(page.model.sig_loaded):
        page.detail.sig_case_changed.emit(case_id)
    current = page.table.currentIndex()
    assert page.model.case_id(current.row()) == case_id


def test_ctrl_f_focuses_the_search(window, qtbot):
    window.show_page(window.vault_page)
    window.activateWindow()
    window.search_action.trigger()
    assert window.pages.currentWidget() is window.cases_page
    assert window.cases_page.filters.search.hasFocus() or \
        QApplication.focusWidget() is window.cases_page.filters.search


def test_new_case_opens_the_create_dialog(window, qtbot):
    window.new_case_action.trigger()
    dialog = window.cases_page._create_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Neuen Fall anlegen"
    dialog.close()
    qtbot.waitUntil(lambda: window.cases_page._create_dialog is None)


def test_ctrl_l_locks_clears_and_unlocking_shows_the_list_again(window, qtbot, unlocked_ctx):
    ctx = unlocked_ctx
    workspace = ctx.workspace
    page = window.cases_page
    row = list_names(page).index("Müller, Hans")
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.current_case_id is not None, timeout=5000)
    qtbot.keyClicks(page.filters.search, "m")

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.stack.currentWidget() is window.unlock_page
    assert page.model.rowCount() == 0
    assert page.detail.current_case_id is None
    assert page.filters.search.text() == ""
    assert ctx.session.workspace is None
    assert window.status.state_label.text() == "Gesperrt"
    assert not window.new_case_action.isEnabled()
    qtbot.waitUntil(lambda: not workspace.is_open)
    assert not window.idle_lock.active

    unlock_again(qtbot, window, ctx)
    assert ctx.workspace is not workspace
    qtbot.waitUntil(lambda: "Müller, Hans" in list_names(page))
    assert window.idle_lock.active


def test_lock_waits_for_database_work_under_way(window, qtbot, unlocked_ctx):
    ctx = unlocked_ctx
    workspace = ctx.workspace
    window.cases_page.model.refresh()  # a query queued on the worker
    window.lock_action.trigger()
    assert ctx.session.workspace is None
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)
    assert not workspace.is_open
    assert window.cases_page.model.rowCount() == 0  # the late answer was ignored


def test_ctrl_l_asks_first_when_the_case_has_unsaved_changes(window, qtbot, monkeypatch):
    monkeypatch.setattr(window.cases_page.detail, "has_unsaved_changes", lambda: True)
    window.lock_action.trigger()
    box = window.findChild(QMessageBox, "lockDiscardBox")
    assert box is not None
    assert box.isVisible()
    assert window._ctx.session.workspace is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert window._ctx.session.workspace is not None
    window.lock_action.trigger()
    box = next(b for b in window.findChildren(QMessageBox, "lockDiscardBox") if b.isVisible())
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    assert window._ctx.session.workspace is None
    monkeypatch.setattr(window.cases_page.detail, "has_unsaved_changes", lambda: False)


def test_idle_time_locks(window, qtbot, unlocked_ctx):
    workspace = unlocked_ctx.workspace
    window.idle_lock.set_interval(0, msec=150)
    qtbot.waitUntil(lambda: unlocked_ctx.session.workspace is None, timeout=3000)
    assert window.stack.currentWidget() is window.unlock_page
    assert "ohne Eingabe automatisch gesperrt" in window.unlock_page.subtitle.text()
    assert window.cases_page.model.rowCount() == 0
    qtbot.waitUntil(lambda: not workspace.is_open)
    unlock_again(qtbot, window, unlocked_ctx)


def test_idle_lock_uses_the_context_minutes(unlocked_ctx, open_window, qtbot):
    unlocked_ctx.idle_lock_minutes = 0.003  # 180 ms
    window = open_window(unlocked_ctx)
    assert window.idle_lock.interval_msec == 180
    qtbot.waitUntil(lambda: unlocked_ctx.session.workspace is None, timeout=3000)
    assert window.stack.currentWidget() is window.unlock_page


def test_input_restarts_the_idle_timer(qtbot):
    idle = IdleLock(msec=700)
    fired = []
    idle.sig_idle.connect(lambda: fired.append(True))
    idle.start()
    field = QLineEdit()
    qtbot.addWidget(field)
    for _ in range(6):  # 1.2 s of typing, longer than the timeout
        qtbot.wait(200)
        qtbot.keyClick(field, Qt.Key.Key_A)
    assert not fired
    qtbot.waitUntil(lambda: bool(fired), timeout=2000)
    assert not idle.active
    idle.stop()


def test_vault_page_self_test_fills_the_table(window, qtbot, unlocked_ctx):
    window.show_page(window.vault_page)
    page = window.vault_page
    assert window.pages.currentWidget() is page
    assert page.path_label.text().endswith("akte.fallakte")
    assert page.user_label.text() == "Anna Beispiel (anna)"
    assert page.role_label.text() == "Sachbearbeitung"
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.check_model.rowCount() > 5, timeout=10000)
    first = [page.check_model.index(r, 0).data() for r in range(page.check_model.rowCount())]
    assert "Verschlüsselung" in first
    assert "Prüfungen" in page.check_summary.text()


def test_vault_page_backup_through_the_file_dialog(window, qtbot, tmp_path):
    window.show_page(window.vault_page)
    page = window.vault_page
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(QFileDialog, "backupFileDialog")
    assert dialog is not None
    assert dialog.isVisible()
    target = tmp_path / "sicherung.fallakte"
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: "Sicherung erstellt" in page.backup_result.text(), timeout=10000)
    assert target.exists()
    assert target.with_name("sicherung.fallakte.keys").exists()


def test_keyring_toggle_then_lock_and_unlock_with_the_keyring(window, qtbot, unlocked_ctx):
    ctx = unlocked_ctx
    window.show_page(window.vault_page)
    page = window.vault_page
    qtbot.waitUntil(lambda: page.keyring_check.isEnabled())
    assert not page.keyring_check.isChecked()
    page.keyring_check.setChecked(True)
    qtbot.waitUntil(lambda: page.keyring_check.isEnabled() and ctx.workspace.has_keyring_slot())
    assert ctx.keyring.secrets  # the in-memory keyring holds the wrapping key

    window.lock_action.trigger()
    unlock = window.unlock_page
    qtbot.waitUntil(lambda: unlock.keyring_button.isVisible())
    assert ctx.session.workspace is None  # no automatic keyring unlock after a lock
    qtbot.mouseClick(unlock.keyring_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None)
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "5 Fälle")

    window.show_page(window.vault_page)
    qtbot.waitUntil(lambda: page.keyring_check.isEnabled() and page.keyring_check.isChecked())
    page.keyring_check.setChecked(False)
    qtbot.waitUntil(lambda: page.keyring_check.isEnabled() and not ctx.workspace.has_keyring_slot())
    assert not ctx.keyring.secrets


def test_keyring_is_tried_automatically_at_start(make_ctx, open_window, qtbot):
    ctx = make_ctx()
    workspace, _code = ctx.vault_service.create(user_name="anna", display_name="Anna",
                                                passphrase=PASSPHRASE)
    workspace.enable_keyring()
    workspace.lock()
    window = open_window(ctx)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None, timeout=10000)
    assert window.stack.currentWidget() is window.workspace_view


def test_warnings_are_shown_once_after_unlock(unlocked_ctx, open_window, qtbot, monkeypatch):
    from desktop.services.workspace import Workspace

    monkeypatch.setattr(Workspace, "warnings",
                        property(lambda self: ["Älterer Stand zurückgespielt."]))
    window = open_window(unlocked_ctx)
    box = window.findChild(QMessageBox, "vaultWarningsBox")
    assert box is not None
    assert box.isVisible()
    assert "Älterer Stand" in box.text()
    box.close()


def test_closing_the_window_closes_the_vault(unlocked_ctx, open_window, qtbot):
    workspace = unlocked_ctx.workspace
    window = open_window(unlocked_ctx)
    qtbot.waitUntil(lambda: unlocked_ctx.runner.pending == 0)
    window.close()
    assert not window.isVisible()
    assert not workspace.is_open
    assert unlocked_ctx.session.workspace is None


def test_switching_cases_with_unsaved_changes_asks_first(window, qtbot, monkeypatch):
    page = window.cases_page
    names = list_names(page)
    first, second = names.index("Müller, Hans"), names.index("Haddad, Yusuf")
    page.table.selectRow(first)
    qtbot.waitUntil(lambda: page.detail.current_case_id == page.model.case_id(first))
    monkeypatch.setattr(page.detail, "has_unsaved_changes", lambda: True)
    page.table.selectRow(second)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "discardChangesBox") is not None)
    box = page.findChild(QMessageBox, "discardChangesBox")
    assert page.table.currentIndex().row() == first  # the selection stays on the open case
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    monkeypatch.setattr(page.detail, "has_unsaved_changes", lambda: False)
    qtbot.waitUntil(lambda: page.detail.current_case_id == page.model.case_id(second))
    assert page.table.currentIndex().row() == second
