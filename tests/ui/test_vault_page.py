"""The vault page's key management: change the passphrase, renew the recovery code (shown once),
add users, and after an unlock with the recovery code set a new passphrase without the old one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.domain.enums import Role
from desktop.errors import WrongPassphraseError
from desktop.services.read_models import UserRef
from desktop.ui.models.user_model import UserModel
from desktop.ui.pages.vault_passphrase import CHANGED, RESET, WRONG_OLD
from tests.support import PASSPHRASE, USER

NEW = "Lindenstrasse 12 im Fruehling"  # keyClicks types ASCII only


@pytest.fixture
def vault_window(make_ctx, open_window, qtbot):
    """A window on a new vault (unlocked, vault page shown); returns it, its context and the
    vault's first recovery code."""
    ctx = make_ctx()
    workspace, code = ctx.vault_service.create(user_name=USER, display_name="Anna Beispiel",
                                               passphrase=PASSPHRASE)
    ctx.session.set_workspace(workspace)
    window = open_window(ctx)
    window.show_page(window.vault_page)
    qtbot.waitUntil(lambda: window.vault_page.users_box.model.rowCount() == 1, timeout=10000)
    return window, ctx, code


def lock(qtbot, window, ctx) -> None:
    """Locks through the window and waits until the worker has locked the workspace."""
    window.lock_now()
    assert ctx.session.workspace is None
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=10000)


def unlock_through_the_page(qtbot, window, ctx, passphrase: str) -> None:
    page = window.unlock_page
    qtbot.waitUntil(lambda: page.user_combo.count() >= 1 and page.passphrase.isEnabled())
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None, timeout=10000)


def fill_passphrase_box(qtbot, box, old: str, new: str, repeated: str) -> None:
    for field, text in ((box.old, old), (box.new, new), (box.repeated, repeated)):
        field.clear()
        if text:
            qtbot.keyClicks(field, text)


# --- passphrase -------------------------------------------------------------------------------

def test_wrong_old_passphrase_is_shown_at_the_field(vault_window, qtbot):
    window, _ctx, _code = vault_window
    box = window.vault_page.passphrase_box
    assert box.old.isVisible()
    fill_passphrase_box(qtbot, box, "nicht die alte Passphrase", NEW, NEW)
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.errors.message_at("old") == WRONG_OLD, timeout=10000)
    assert box.old.text() == ""
    assert not box.result.isVisible()
    assert box.submit_button.isEnabled()
    qtbot.keyClicks(box.old, "x")
    assert box.errors.message_at("old") == ""  # typing again takes the mark away


def test_empty_old_and_mismatch_are_shown_at_the_fields(vault_window, qtbot):
    window, ctx, _code = vault_window
    box = window.vault_page.passphrase_box
    fill_passphrase_box(qtbot, box, "", NEW, NEW)
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    assert "bisherige Passphrase eingeben" in box.errors.message_at("old")
    assert ctx.runner.pending == 0  # refused before any work

    fill_passphrase_box(qtbot, box, PASSPHRASE, NEW, NEW + "x")
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "stimmen nicht überein" in box.errors.message_at("repeated"),
                    timeout=10000)
    assert box.errors.message_at("old") == ""

    fill_passphrase_box(qtbot, box, PASSPHRASE, "kurz", "kurz")
    assert "zu kurz" in box.strength.label.text()
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "mindestens 12 Zeichen" in box.errors.message_at("passphrase"),
                    timeout=10000)


def test_change_passphrase_then_only_the_new_one_unlocks(vault_window, qtbot):
    window, ctx, _code = vault_window
    box = window.vault_page.passphrase_box
    fill_passphrase_box(qtbot, box, PASSPHRASE, NEW, NEW)
    qtbot.keyClick(box.repeated, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.result.text() == CHANGED, timeout=10000)
    assert box.result.isVisible()
    assert (box.old.text(), box.new.text(), box.repeated.text()) == ("", "", "")

    lock(qtbot, window, ctx)
    assert box.result.text() == ""
    with pytest.raises(WrongPassphraseError):
        ctx.vault_service.unlock_with_passphrase(USER, PASSPHRASE)
    ctx.session.set_workspace(ctx.vault_service.unlock_with_passphrase(USER, NEW))
    assert window.stack.currentWidget() is window.workspace_view


def test_typed_passphrases_are_cleared_on_lock(vault_window, qtbot):
    window, ctx, _code = vault_window
    box = window.vault_page.passphrase_box
    fill_passphrase_box(qtbot, box, PASSPHRASE, NEW, "anders")
    lock(qtbot, window, ctx)
    assert (box.old.text(), box.new.text(), box.repeated.text()) == ("", "", "")
    unlock_through_the_page(qtbot, window, ctx, PASSPHRASE)


# --- recovery code ----------------------------------------------------------------------------

def answer(qtbot, page, button: QMessageBox.StandardButton) -> None:
    box = page.recovery_box.confirm_box
    assert box is not None
    assert box.isVisible()
    assert box.text() == "Der bisherige Code wird sofort ungültig. Fortfahren?"
    box.button(button).click()
    qtbot.waitUntil(lambda: page.recovery_box.confirm_box is None)


def test_new_recovery_code_is_shown_once_and_replaces_the_old(vault_window, qtbot):
    window, ctx, old_code = vault_window
    page = window.vault_page
    recovery = page.recovery_box
    keys_before = ctx.vault_service.path.with_name("akte.fallakte.keys").read_bytes()
    qtbot.mouseClick(recovery.new_button, Qt.MouseButton.LeftButton)
    answer(qtbot, page, QMessageBox.StandardButton.Cancel)
    assert not recovery.code_shown
    assert ctx.runner.pending == 0
    assert ctx.vault_service.path.with_name("akte.fallakte.keys").read_bytes() == keys_before

    qtbot.mouseClick(recovery.new_button, Qt.MouseButton.LeftButton)
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: recovery.code_shown, timeout=10000)
    shown = recovery.code_label.text()
    first, second = shown.split("\n")
    assert len(first.split("-")) == 5  # four groups and the dash at the end
    assert first.endswith("-")
    assert len(second.split("-")) == 4
    code = shown.replace("\n", "")
    assert code != old_code
    assert recovery.code_panel.isVisible()
    assert not recovery.new_button.isEnabled()

    assert not recovery.hide_button.isEnabled()
    recovery.hide_code()
    assert recovery.code_shown  # the checkbox is required
    recovery.code_confirm.setChecked(True)
    qtbot.mouseClick(recovery.hide_button, Qt.MouseButton.LeftButton)
    assert recovery.code_label.text() == ""
    assert not recovery.code_panel.isVisible()
    assert recovery.new_button.isEnabled()

    lock(qtbot, window, ctx)
    with pytest.raises(WrongPassphraseError):
        ctx.vault_service.unlock_with_recovery(USER, old_code)
    workspace = ctx.vault_service.unlock_with_recovery(USER, code)
    ctx.session.set_workspace(workspace)
    assert workspace.may_reset_passphrase


def test_shown_code_and_question_are_dropped_on_lock(vault_window, qtbot):
    window, ctx, _code = vault_window
    recovery = window.vault_page.recovery_box
    qtbot.mouseClick(recovery.new_button, Qt.MouseButton.LeftButton)
    answer(qtbot, window.vault_page, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: recovery.code_shown, timeout=10000)
    lock(qtbot, window, ctx)
    assert recovery.code_label.text() == ""
    assert not recovery.code_panel.isVisible()

    unlock_through_the_page(qtbot, window, ctx, PASSPHRASE)
    window.show_page(window.vault_page)
    qtbot.mouseClick(recovery.new_button, Qt.MouseButton.LeftButton)
    assert recovery.confirm_box is not None
    lock(qtbot, window, ctx)
    qtbot.waitUntil(lambda: recovery.confirm_box is None)
    unlock_through_the_page(qtbot, window, ctx, PASSPHRASE)


# --- users ------------------------------------------------------------------------------------

def test_user_model_passes_the_model_tester(qtmodeltester):
    model = UserModel()
    model.set_rows([UserRef("1", "anna", "Anna Beispiel", Role.CASEWORKER),
                    UserRef("2", "lea", "Lea Leitung", Role.LEAD)])
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "Leitung"


def test_add_user_appears_in_the_table_and_unlocks(vault_window, qtbot):
    window, ctx, _code = vault_window
    users = window.vault_page.users_box
    assert users.model.index(0, 0).data() == USER
    assert not users.form_box.isVisible()
    qtbot.mouseClick(users.add_toggle, Qt.MouseButton.LeftButton)
    assert users.form_box.isVisible()
    assert [users.role.itemText(i) for i in range(users.role.count())] == [
        "Sachbearbeitung", "Leitung", "Administration"]
    qtbot.keyClicks(users.name, "ANNA")
    qtbot.keyClicks(users.display_name, "Lea Leitung")
    users.role.set_value(Role.LEAD)
    qtbot.keyClicks(users.passphrase, "Leitung hat eine lange Passphrase")
    qtbot.keyClicks(users.repeated, "Leitung hat eine andere")
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    assert "gibt es bereits" in users.errors.message_at("name")
    assert "stimmen nicht überein" in users.errors.message_at("repeated")
    assert ctx.runner.pending == 0

    users.name.clear()
    qtbot.keyClicks(users.name, "lea leitung")
    users.repeated.clear()
    qtbot.keyClicks(users.repeated, "Leitung hat eine lange Passphrase")
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Benutzername" in users.errors.message_at("name"), timeout=10000)

    users.name.clear()
    qtbot.keyClicks(users.name, "lleitung")
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: users.model.rowCount() == 2, timeout=10000)
    assert [(u.name, u.display_name, u.role) for u in users.model.rows()] == [
        ("anna", "Anna Beispiel", Role.CASEWORKER), ("lleitung", "Lea Leitung", Role.LEAD)]
    assert users.model.index(1, 2).data() == "Leitung"
    assert not users.form_box.isVisible()
    assert users.passphrase.text() == ""
    assert "Lea Leitung (lleitung)" in users.result.text()

    lock(qtbot, window, ctx)
    assert users.model.rowCount() == 0
    workspace = ctx.vault_service.unlock_with_passphrase("lleitung",
                                                         "Leitung hat eine lange Passphrase")
    ctx.session.set_workspace(workspace)
    assert (workspace.user.name, workspace.user.role) == ("lleitung", Role.LEAD)


# --- after an unlock with the recovery code ---------------------------------------------------

def test_recovery_unlock_leads_to_a_new_passphrase(make_ctx, open_window, qtbot):
    ctx = make_ctx()
    workspace, code = ctx.vault_service.create(user_name=USER, display_name="Anna Beispiel",
                                               passphrase=PASSPHRASE)
    workspace.lock()
    window = open_window(ctx)
    unlock = window.unlock_page
    qtbot.waitUntil(lambda: unlock.user_combo.count() == 1)
    qtbot.mouseClick(unlock.recovery_toggle, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(unlock.recovery_code, code)
    qtbot.mouseClick(unlock.recovery_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None, timeout=10000)

    page = window.vault_page
    box = page.passphrase_box
    assert window.pages.currentWidget() is page
    assert page.recovery_note.isVisible()
    assert "Wiederherstellungscode entsperrt" in page.recovery_note.text()
    assert box.reset_mode
    assert not box.old.isVisible()  # the old passphrase is not needed
    assert box.new.isVisible()
    assert box.submit_button.text() == "Passphrase festlegen"

    qtbot.keyClicks(box.new, NEW)
    qtbot.keyClicks(box.repeated, "etwas anderes")
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "stimmen nicht überein" in box.errors.message_at("repeated"),
                    timeout=10000)
    box.repeated.clear()
    qtbot.keyClicks(box.repeated, NEW)
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.result.text() == RESET, timeout=10000)
    assert not page.recovery_note.isVisible()
    assert not box.reset_mode
    assert box.old.isVisible()  # from now on a change needs the (new) passphrase
    assert not ctx.workspace.may_reset_passphrase

    lock(qtbot, window, ctx)
    with pytest.raises(WrongPassphraseError):
        ctx.vault_service.unlock_with_passphrase(USER, PASSPHRASE)
    unlock_through_the_page(qtbot, window, ctx, NEW)
    assert window.pages.currentWidget() is window.desk_page
    assert not page.recovery_note.isVisible()
    assert not box.reset_mode
