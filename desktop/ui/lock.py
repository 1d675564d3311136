"""Locking the vault: after idle time, on demand (Ctrl+L) and on quit.

``IdleLock`` watches the user's input application-wide and emits ``sig_idle`` after the
configured minutes without any. ``SessionLocker`` performs the lock: the pages drop their data,
the session forgets the workspace (the window shows the unlock screen), and
``Workspace.lock()`` is queued on the task runner, so that it runs after database work already
under way and never under its feet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop.config import DEFAULT_IDLE_LOCK_MINUTES
from desktop.services.workspace import Workspace
from desktop.ui.context import AppContext

SETTINGS_IDLE_MINUTES = "lock/idle_minutes"

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.InputMethod,
})
_RESTART_THROTTLE_MS = 250


def idle_minutes_from_settings(settings, default: float = DEFAULT_IDLE_LOCK_MINUTES) -> float:
    """The idle timeout stored under ``lock/idle_minutes`` (``default`` if absent or bad)."""
    raw = settings.value(SETTINGS_IDLE_MINUTES, default)
    try:
        minutes = float(raw)
    except (TypeError, ValueError):
        return float(default)
    return minutes if minutes > 0 else float(default)


class IdleLock(QObject):
    """Emits ``sig_idle`` once after ``minutes`` (or ``msec``) without mouse or keyboard input.

    Installed as an event filter on the application while running; ``start()`` arms it (after
    unlocking), ``stop()`` disarms it (after locking).
    """

    sig_idle = Signal()

    def __init__(self, minutes: float = DEFAULT_IDLE_LOCK_MINUTES, parent: QObject | None = None,
                 *, msec: int | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._since_restart = QElapsedTimer()
        self._installed = False
        self.set_interval(minutes, msec=msec)

    @property
    def interval_msec(self) -> int:
        return self._timer.interval()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def set_interval(self, minutes: float, *, msec: int | None = None) -> None:
        value = msec if msec is not None else round(minutes * 60_000)
        self._timer.setInterval(max(1, int(value)))
        if self._timer.isActive():
            self._restart()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._restart()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def _restart(self) -> None:
        self._timer.start()
        self._since_restart.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self._timer.isActive() and event.type() in _INPUT_EVENTS
                and self._since_restart.elapsed() >= _RESTART_THROTTLE_MS):
            self._restart()
        return False

    def _on_timeout(self) -> None:
        self.stop()
        self.sig_idle.emit()


class SessionLocker(QObject):
    """Locks and finally closes the session's workspace (see module docstring)."""

    sig_lock_failed = Signal(object)

    def __init__(self, ctx: AppContext, drop_data: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._drop_data = drop_data
        # Locked workspaces keep the vault's single-instance lock; the last one releases it
        # when the program quits while locked.
        self._locked: list[Workspace] = []
        ctx.session.sig_unlocked.connect(self._on_unlocked)

    @property
    def locked(self) -> bool:
        return self._ctx.session.workspace is None

    def lock(self) -> bool:
        """Locks now; returns False if nothing was unlocked."""
        workspace = self._ctx.session.workspace
        if workspace is None:
            return False
        self._drop_data()
        self._locked.append(workspace)
        # Queued first, so that anything the unlock screen asks the worker runs after it.
        self._ctx.runner.run(workspace.lock, label="Sperren", owner=self,
                             on_error=self.sig_lock_failed.emit)
        self._ctx.session.clear()
        return True

    def _on_unlocked(self) -> None:
        # The new workspace shares the vault's instance lock; the old ones must not release it.
        self._locked.clear()

    def close(self) -> None:
        """On quit, with the runner idle: closes the workspace and releases the vault lock."""
        workspace = self._ctx.session.workspace
        if workspace is not None:
            self._drop_data()
            self._ctx.session.clear()
            workspace.close()
        elif self._locked:
            self._locked[-1].close()
        self._locked.clear()
