"""The composition root and the demo vault: run_gui starts and quits cleanly; "Demo-Tresor
öffnen" creates the demo vault on the worker behind a progress screen and marks the window."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.app import make_open_demo, run_gui
from desktop.config import DEMO_PASSPHRASE
from desktop.ui.main_window import MainWindow
from desktop.ui.status_bar import DEMO_MARKER
from tests.support import FAST_KDF


def test_demo_vault_is_created_with_progress_and_marked(make_ctx, open_window, qtbot,
                                                         tmp_path):
    ctx = make_ctx()
    demo_path = tmp_path / "demo.fallakte"
    ctx.open_demo = make_open_demo(demo_path, ctx.keyring.store(), cases=12, kdf=FAST_KDF)
    ctx.demo_passphrase = DEMO_PASSPHRASE
    window = open_window(ctx)
    page = window.first_start
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    assert page.demo_choice.isVisible()
    progress = []
    ctx.runner.sig_progress.connect(lambda *args: progress.append(args))
    page.demo_choice.click()
    assert window.stack.currentWidget() is window.progress_page
    qtbot.waitUntil(lambda: ctx.session.workspace is not None, timeout=60000)

    assert progress  # the worker reported its progress
    assert ctx.vault_service.path == demo_path
    assert DEMO_MARKER in window.windowTitle()
    assert window.status.demo_label.isVisible()
    assert window.status.vault_label.text() == "Tresor: demo.fallakte"
    count = window.cases_page.filters.count_label
    qtbot.waitUntil(lambda: count.text() == "12 Fälle", timeout=10000)

    window.lock_now()
    unlock = window.unlock_page
    qtbot.waitUntil(lambda: unlock.user_combo.count() == 2)
    assert unlock.demo_hint.isVisible()
    assert DEMO_PASSPHRASE in unlock.demo_hint.text()
    unlock.passphrase.setText(DEMO_PASSPHRASE)
    unlock.submit()
    qtbot.waitUntil(lambda: ctx.session.workspace is not None, timeout=10000)


def test_existing_demo_vault_is_opened_at_start(make_ctx, open_window, qtbot, tmp_path):
    ctx = make_ctx()
    demo_path = tmp_path / "demo.fallakte"
    opener = make_open_demo(demo_path, ctx.keyring.store(), cases=3, kdf=FAST_KDF)
    service, workspace = opener()
    workspace.close()
    ctx.open_demo = opener
    ctx.demo = True
    window = open_window(ctx)
    qtbot.waitUntil(lambda: ctx.session.workspace is not None, timeout=10000)
    assert ctx.vault_service.path == service.path
    assert window.stack.currentWidget() is window.workspace_view
    assert DEMO_MARKER in window.windowTitle()


def test_run_gui_starts_and_quits_cleanly(tmp_path, qtbot):
    app = QApplication.instance()
    seen = []

    def close_when_ready() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].stack.currentWidget() is windows[0].first_start:
            seen.append(windows[0].windowTitle())
            windows[0].close()
        else:
            QTimer.singleShot(20, close_when_ready)

    QTimer.singleShot(0, close_when_ready)
    guard = QTimer()  # never hang the suite
    guard.setSingleShot(True)
    guard.timeout.connect(app.quit)
    guard.start(20000)
    try:
        code = run_gui(db=tmp_path / "akte.fallakte", data_dir=tmp_path,
                       demo_if_missing=False, idle_minutes=5)
    finally:
        guard.stop()
    assert code == 0
    assert seen == ["Fallakte RRK"]
    assert (tmp_path / "ui.ini").exists()
    assert not (tmp_path / "akte.fallakte").exists()
