"""The composition root of the desktop program: paths → vault → services → QApplication →
MainWindow. The only place (with ``ui``) that imports PySide6, and the only place that builds
the OS keyring store for the UI."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.config import (
    APP_AUTHOR,
    DEFAULT_IDLE_LOCK_MINUTES,
    DEMO_PASSPHRASE,
    Paths,
    paths,
)
from desktop.services.demo import DEMO_USER, create_demo_vault
from desktop.services.progress import Progress
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.keyslots import KdfParams
from desktop.ui.context import AppContext
from desktop.ui.errors import ErrorPresenter
from desktop.ui.gc_guard import MainThreadGarbageCollector
from desktop.ui.lock import SETTINGS_IDLE_MINUTES, idle_minutes_from_settings
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

APP_DISPLAY_NAME = "Fallakte RRK"
DEMO_CASES = 500

OpenDemo = Callable[..., tuple[VaultService, Workspace]]


def make_open_demo(path: Path, keyring: KeyringStore | None, *, cases: int = DEMO_CASES,
                   kdf: KdfParams | None = None) -> OpenDemo:
    """The worker function behind "Demo-Tresor öffnen": creates the demo vault at ``path`` if
    it is missing, and returns its VaultService and the workspace unlocked as ``demo``."""

    def open_demo(progress: Progress | None = None) -> tuple[VaultService, Workspace]:
        if not path.exists():
            created = create_demo_vault(path, cases, keyring=keyring, kdf=kdf,
                                        progress=progress)
            # The creating call holds its own instance lock; release it so that this
            # service (used for unlocking after a lock) can take it.
            created.close()
        if progress is not None:
            progress.report(0, 0, "Demo-Tresor wird entsperrt …")
        service = VaultService(path, keyring=keyring, kdf=kdf)
        return service, service.unlock_with_passphrase(DEMO_USER, DEMO_PASSPHRASE)

    return open_demo


def build_context(*, vault_path: Path, app_paths: Paths, settings: QSettings,
                  keyring: KeyringStore | None, demo: bool = False,
                  idle_minutes: float | None = None,
                  open_demo: OpenDemo | None = None) -> AppContext:
    """The AppContext the pages receive (services, runner, error presenter, settings)."""
    runner = TaskRunner()
    errors = ErrorPresenter()
    if not settings.contains(SETTINGS_IDLE_MINUTES):  # so that the key can be found and edited
        settings.setValue(SETTINGS_IDLE_MINUTES, DEFAULT_IDLE_LOCK_MINUTES)
    minutes = idle_minutes if idle_minutes and idle_minutes > 0 else \
        idle_minutes_from_settings(settings)
    return AppContext(vault_service=VaultService(vault_path, keyring=keyring), runner=runner,
                      errors=errors, settings=settings, idle_lock_minutes=minutes, demo=demo,
                      demo_passphrase=DEMO_PASSPHRASE, data_dir=app_paths.data_dir,
                      open_demo=open_demo, backup_dir=app_paths.backup_dir)


def build_main_window(ctx: AppContext) -> MainWindow:
    """The main window on ``ctx``, with unhandled worker errors shown over it."""
    window = MainWindow(ctx)
    ctx.runner.sig_unhandled_error.connect(
        lambda error, trace: ctx.errors.show(error, window, trace))
    return window


def _install_german(app: QCoreApplication) -> None:
    """German number/date formats and Qt's own texts (buttons of standard dialogs)."""
    locale = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    QLocale.setDefault(locale)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            break


def _install_excepthook(ctx: AppContext, window: MainWindow) -> Callable[[], None]:
    """An exception escaping a slot is a bug: show the crash dialog instead of only stderr.
    Returns the function that puts the previous hook back."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        previous(kind, error, trace)
        if isinstance(error, KeyboardInterrupt):
            return
        text = "".join(traceback.format_exception(kind, error, trace))
        ctx.errors.show(error, window, text)

    def restore() -> None:
        sys.excepthook = previous

    sys.excepthook = hook
    return restore


def run_gui(*, db: Path | None, data_dir: Path | None, demo_if_missing: bool,
            idle_minutes: int | None) -> int:
    """Runs the desktop program until the window is closed; returns the exit code."""
    app_paths = paths(data_dir).ensure()
    vault_path = Path(db).expanduser() if db is not None else app_paths.default_vault
    # Without a vault, demo mode opens (or first creates) the demo vault; the context keeps
    # the real vault's path, so that the start screen offers it if the demo fails.
    demo = demo_if_missing and not vault_path.exists()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_DISPLAY_NAME)
    app.setOrganizationName(APP_AUTHOR)
    _install_german(app)
    collector = MainThreadGarbageCollector(app)  # Qt objects die on the GUI thread only
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    keyring = KeyringStore.system()
    ctx = build_context(vault_path=vault_path, app_paths=app_paths, settings=settings,
                        keyring=keyring, demo=demo, idle_minutes=idle_minutes,
                        open_demo=make_open_demo(app_paths.demo_vault, keyring))
    window = build_main_window(ctx)
    restore_hook = _install_excepthook(ctx, window)
    window.show()
    window.start()
    try:
        code = app.exec()
    finally:
        # Normally the window's closeEvent did this already; shutdown() is idempotent.
        window.shutdown()
        restore_hook()
        collector.stop()
    return int(code)
