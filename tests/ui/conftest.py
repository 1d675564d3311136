"""UI fixtures: an AppContext on a real encrypted vault in a temp dir (fast KDF, in-memory
keyring), and a guard that fails a test which leaves a top-level widget or thread behind."""

from __future__ import annotations

import gc
import threading
from datetime import date

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.domain.cases import AliasInput, CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseFlag, CaseTrack, District, IntakeSource
from desktop.services.workspace import VaultService
from desktop.ui.context import AppContext
from desktop.ui.errors import ErrorPresenter
from desktop.ui.tasks import TaskRunner
from tests.support import FAST_KDF, PASSPHRASE, USER, MemoryKeyring


@pytest.fixture(autouse=True)
def _no_leftovers(qapp):
    """Every test must close its windows and stop its threads.

    As desktop/ui/gc_guard.py does in the program, automatic garbage collection is off while
    a UI test runs (it would run in whichever thread allocates — e.g. the database worker —
    and destroy Qt objects there, which crashes); the test's garbage is collected here, on the
    main thread.
    """
    threads_before = {t.ident for t in threading.enumerate()}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if gc_was_enabled:
        gc.enable()
    QApplication.processEvents()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
            pytest.fail(f"top-level widget left open: {widget!r} {widget.objectName()}")
    leftover = [t for t in threading.enumerate()
                if t.ident not in threads_before and t.is_alive() and not t.daemon]
    assert not leftover, f"threads left running: {leftover}"


@pytest.fixture
def make_ctx(tmp_path, qtbot):
    """Builds an AppContext for a vault path (created or not); shuts the runner down after."""
    made = []

    def factory(name: str = "akte.fallakte") -> AppContext:
        keyring = MemoryKeyring()
        service = VaultService(tmp_path / name, keyring=keyring.store(), kdf=FAST_KDF)
        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(vault_service=service, runner=TaskRunner(), errors=ErrorPresenter(),
                         settings=settings, data_dir=tmp_path)
        ctx.keyring = keyring  # for tests that look into the keyring
        made.append(ctx)
        return ctx

    yield factory
    for ctx in made:
        qtbot.waitUntil(lambda c=ctx: c.runner.pending == 0, timeout=10000)
        ctx.errors.close_all()
        ctx.runner.shutdown()
        if ctx.session.workspace is not None:
            ctx.session.workspace.close()


def sample_cases() -> list[CaseInput]:
    """A few synthetic cases with diacritics, aliases and partial birth dates."""
    people = [
        ("Müller", "Hans", PartialDate(1990), ("TR",), District.DUESSELDORF, ()),
        ("Şahin", "Ayşe", PartialDate(1985, 4, 12), ("TR",), District.KOELN,
         (AliasInput("Sahin", "Ayse"),)),
        ("Kovačević", "Dragan", PartialDate(1979, 11), ("RS", "BA"), District.ARNSBERG, ()),
        ("Jørgensen", "Nils", None, ("XU",), District.MUENSTER, ()),
        ("Haddad", "Yusuf", PartialDate(2001, 1, 30), ("SY",), District.DETMOLD,
         (AliasInput("Haddad", "Youssef"),)),
    ]
    return [
        CaseInput(person=PersonInput(f, g, birth_date=b, nationalities=n), district=d,
                  track=CaseTrack.CASE_MANAGEMENT, intake_source=IntakeSource.POLICE_REPORT,
                  intake_date=date(2026, 3, 2), aliases=a,
                  flags=frozenset({CaseFlag.MIT}) if i % 2 == 0 else frozenset())
        for i, (f, g, b, n, d, a) in enumerate(people)
    ]


@pytest.fixture
def unlocked_ctx(make_ctx):
    """An AppContext whose vault exists, is unlocked and holds the sample cases."""
    ctx = make_ctx()
    workspace, _code = ctx.vault_service.create(user_name=USER, display_name="Anna Beispiel",
                                                passphrase=PASSPHRASE)
    for case in sample_cases():
        workspace.cases.create(case)
    ctx.session.set_workspace(workspace)
    return ctx


@pytest.fixture
def open_window(qtbot, make_ctx):
    """Builds the main window for a context (as app.py does), shows and starts it; at the end
    waits for the worker and closes it (which locks the vault and stops the runner)."""
    from desktop.app import build_main_window

    made = []

    def factory(ctx: AppContext, *, start: bool = True):
        window = build_main_window(ctx)
        made.append((ctx, window))
        window.resize(1200, 800)
        window.show()
        if start:
            window.start()
        return window

    yield factory
    for ctx, window in made:
        qtbot.waitUntil(lambda c=ctx: c.runner.pending == 0, timeout=10000)
        window.close()
        assert not window.isVisible(), "the main window refused to close"
        window.deleteLater()
