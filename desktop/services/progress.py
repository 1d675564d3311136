"""Qt-free progress and cooperative cancellation for long work (the UI shows a progress bar)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.errors import OperationCancelled

ProgressCallback = Callable[[int, int, str], None]


class Progress:
    """Handed to long service calls: ``report(done, total, text)`` and ``check()``.

    The UI's task runner connects ``callback`` to a signal; ``cancel()`` may be called from
    any thread and makes the next ``check()`` raise OperationCancelled.
    """

    def __init__(self, callback: ProgressCallback | None = None) -> None:
        self._callback = callback
        self._cancelled = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.check()
        if self._callback is not None:
            self._callback(done, total, text)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise OperationCancelled


