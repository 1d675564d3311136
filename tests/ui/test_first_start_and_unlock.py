"""The screens before a workspace exists: first start (create a vault, recovery code once) and
unlock (passphrase, inline errors, back-off, recovery code)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.workspace import VaultService
from tests.support import FAST_KDF, PASSPHRASE, USER


def create_vault(ctx) -> str:
    """Creates the context's vault outside the UI and locks it again; returns the code."""
    workspace, code = ctx.vault_service.create(user_name=USER, display_name="Anna Beispiel",
                                               passphrase=PASSPHRASE)
    workspace.lock()
    return code


def test_first_start_creates_a_vault_and_shows_the_code_once(make_ctx, open_window, qtbot):
    ctx = make_ctx()
    window = open_window(ctx)
    page = window.first_start
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    assert page.pages.currentWidget() is page.choice_page
    assert not page.demo_choice.isVisible()  # no demo offered in this context

    qtbot.mouseClick(page.create_choice, Qt.MouseButton.LeftButton)
    assert page.pages.currentWidget() is page.form_page
    page.user_name.clear()
    qtbot.keyClicks(page.user_name, "bwagner")
    qtbot.keyClicks(page.display_name, "Berta Wagner")
    page.district.setCurrentIndex(page.district.findText("Köln"))
    qtbot.keyClicks(page.passphrase, "kurz")
    assert "zu kurz" in page.strength_label.text()
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    assert page.strength_label.text() in ("mittel", "gut", "sehr gut")
    qtbot.keyClicks(page.repeated, "Kastanie")
    assert page.form_message.text() == ""  # a beginning of the passphrase is fine
    qtbot.keyClicks(page.repeated, "x")
    assert "stimmen nicht überein" in page.form_message.text()
    page.repeated.clear()
    qtbot.keyClicks(page.repeated, PASSPHRASE)
    assert page.form_message.text() == ""
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.pages.currentWidget() is page.code_page, timeout=10000)
    code = page.code_label.text()
    assert len(code.replace("\n", "").split("-")) == 8
    assert "\n" in code  # two lines of four groups, never broken inside a group
    assert not page.continue_button.isEnabled()
    qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
    assert ctx.session.workspace is None  # the checkbox is required
    page.code_confirm.setChecked(True)
    qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)

    assert window.stack.currentWidget() is window.workspace_view
    assert window.pages.currentWidget() is window.desk_page
    assert page.code_label.text() == ""  # shown once, then forgotten
    assert ctx.workspace.user.display_name == "Berta Wagner"
    assert window.status.state_label.text() == "Entsperrt"
    assert "Berta Wagner" in window.status.user_label.text()
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "0 Fälle")
    # the code opens the vault
    state = ctx.vault_service.state()
    assert state.users == ("bwagner",)


def test_first_start_shows_problems_inline(make_ctx, open_window, qtbot):
    ctx = make_ctx()
    window = open_window(ctx)
    page = window.first_start
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    page.show_form()
    page.user_name.setText("anna")
    qtbot.keyClicks(page.passphrase, "zu kurz")
    qtbot.keyClicks(page.repeated, "zu kurz")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "mindestens 12 Zeichen" in page.form_message.text())
    assert "Namen angeben" in page.form_message.text()
    assert page.pages.currentWidget() is page.form_page
    assert not ctx.vault_service.state().exists


def test_wrong_passphrase_inline_then_right_one_opens_the_cases(make_ctx, open_window, qtbot):
    ctx = make_ctx()
    create_vault(ctx)
    window = open_window(ctx)
    page = window.unlock_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    qtbot.waitUntil(lambda: page.user_combo.count() == 1)
    assert page.user_combo.currentText() == USER
    assert not page.keyring_button.isVisible()
    assert window.status.state_label.text() == "Gesperrt"

    qtbot.keyClicks(page.passphrase, "falsch falsch falsch")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert page.message.text().startswith("Die Passphrase ist falsch.")
    assert page.passphrase.text() == ""
    assert window.stack.currentWidget() is page

    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    assert not page.message.isVisible()  # typing again hides the old message
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.workspace_view)
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "0 Fälle")
    assert page.passphrase.text() == ""


def test_repeated_failures_disable_the_button_with_a_countdown(make_ctx, open_window, qtbot):
    ctx = make_ctx()
    create_vault(ctx)
    window = open_window(ctx)
    page = window.unlock_page
    qtbot.waitUntil(lambda: page.user_combo.count() == 1)
    for _ in range(3):
        qtbot.waitUntil(page.unlock_button.isEnabled)
        qtbot.keyClicks(page.passphrase, "falsch falsch falsch")
        qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.message.isVisible() and page.passphrase.text() == "")
    # after the third failure the service pauses unlocking; the page counts down
    qtbot.waitUntil(lambda: not page.unlock_button.isEnabled() and "Zu viele Fehlversuche"
                    in page.message.text())
    assert "Nächster Versuch in" in page.message.text()
    assert "(" in page.unlock_button.text()
    # Enter does nothing while blocked
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert ctx.session.workspace is None
    qtbot.waitUntil(page.unlock_button.isEnabled, timeout=5000)
    assert page.unlock_button.text() == "Entsperren"
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None)


def test_the_delay_grows_with_each_failure(make_ctx, open_window, qtbot, tmp_path):
    ctx = make_ctx()
    create_vault(ctx)
    now = [1000.0]
    ctx.vault_service = VaultService(ctx.vault_service.path, keyring=ctx.keyring.store(),
                                     kdf=FAST_KDF, clock=lambda: now[0])
    window = open_window(ctx)
    page = window.unlock_page
    qtbot.waitUntil(lambda: page.user_combo.count() == 1)

    def fail_once() -> None:
        page._blocked_until = 0.0  # the test moves the service's clock, not the wall clock
        qtbot.waitUntil(page.unlock_button.isEnabled)
        qtbot.keyClicks(page.passphrase, "falsch falsch falsch")
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.message.isVisible() and page.passphrase.text() == "")

    for _ in range(3):
        fail_once()
    assert "1 Sekunde." in page.message.text()
    now[0] += 2
    fail_once()
    assert "2 Sekunden" in page.message.text()
    now[0] += 3
    fail_once()
    assert "4 Sekunden" in page.message.text()
    # trying again before the time is up: the service refuses with TooManyAttemptsError
    page._blocked_until = 0.0
    qtbot.waitUntil(page.unlock_button.isEnabled)
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.unlock_button.isEnabled()
                    and "Nächster Versuch in 4 Sekunden" in page.message.text())
    assert ctx.session.workspace is None
    now[0] += 5
    page._blocked_until = 0.0
    qtbot.waitUntil(page.unlock_button.isEnabled)
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None)


def test_unlock_with_the_recovery_code(make_ctx, open_window, qtbot):
    ctx = make_ctx()
    code = create_vault(ctx)
    window = open_window(ctx)
    page = window.unlock_page
    qtbot.waitUntil(lambda: page.user_combo.count() == 1)
    assert not page.recovery_box.isVisible()
    qtbot.mouseClick(page.recovery_toggle, Qt.MouseButton.LeftButton)
    assert page.recovery_box.isVisible()
    qtbot.keyClicks(page.recovery_code, "AAAAA-BBBBB")
    qtbot.mouseClick(page.recovery_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wiederherstellungscode ist falsch" in page.message.text())
    page.recovery_code.clear()
    qtbot.keyClicks(page.recovery_code, code.lower())
    qtbot.keyClick(page.recovery_code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None)
    assert window.stack.currentWidget() is window.workspace_view
