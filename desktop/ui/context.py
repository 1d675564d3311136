"""The context object pages receive: services, the task runner, the error presenter, settings.

Built in ``app.py`` (the composition root). No global singletons: a page gets what it uses
from here, explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.services.workspace import VaultService, Workspace
from desktop.ui.errors import ErrorPresenter
from desktop.ui.tasks import TaskRunner


class Session(QObject):
    """Holds the unlocked workspace; emits when it is unlocked or locked."""

    sig_unlocked = Signal()
    sig_locked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.workspace: Workspace | None = None

    def set_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.sig_unlocked.emit()

    def clear(self) -> None:
        self.workspace = None
        self.sig_locked.emit()


@dataclass
class AppContext:
    vault_service: VaultService
    runner: TaskRunner
    errors: ErrorPresenter
    settings: QSettings
    session: Session = field(default_factory=Session)
    idle_lock_minutes: float = 10
    demo: bool = False
    demo_passphrase: str | None = None
    data_dir: Path | None = None
    # Built by app.py: prepares the demo vault (creating it if missing) on the worker and
    # returns (VaultService of the demo vault, unlocked Workspace); receives ``progress``.
    # None where no demo is offered (tests that do not need it).
    open_demo: Callable[..., tuple[VaultService, Workspace]] | None = None
    # Where "Sicherung erstellen …" suggests to save backups.
    backup_dir: Path | None = None

    @property
    def workspace(self) -> Workspace:
        """The unlocked workspace; pages only run while unlocked."""
        if self.session.workspace is None:
            from desktop.errors import VaultLockedError

            raise VaultLockedError
        return self.session.workspace
