"""One serialised worker thread for all database and PDF work; results back on the GUI thread.

``TaskRunner.run(fn, *args, on_success=…, on_error=…)`` queues ``fn`` on the worker (SQLite
and reportlab are not for concurrent use), then calls ``on_success(result)`` or
``on_error(exc)`` on the GUI thread. Errors without a handler go to the error presenter. With
``progress=True`` the function receives a ``Progress`` as keyword ``progress`` and the runner
emits ``sig_progress``; ``Task.cancel()`` cancels cooperatively. Workers never touch widgets.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.services.progress import Progress


@dataclass
class Task:
    """A queued call; ``cancel()`` asks it to stop at its next progress check."""

    task_id: int
    label: str
    progress: Progress | None = None
    owner: QObject | None = None
    on_success: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    done: bool = field(default=False)

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()


class _Worker(QObject):
    sig_finished = Signal(int, object)
    sig_failed = Signal(int, object, str)

    @Slot(object)
    def execute(self, job: tuple[int, Callable[..., Any], tuple[Any, ...], dict[str, Any]]) -> None:
        task_id, fn, args, kwargs = job
        try:
            result = fn(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread
            self.sig_failed.emit(task_id, error, traceback.format_exc())
        else:
            self.sig_finished.emit(task_id, result)


class TaskRunner(QObject):
    """Runs calls one after another on a worker thread (see module docstring)."""

    sig_submit = Signal(object)
    sig_progress = Signal(int, int, int, str)  # task id, done, total, text
    sig_busy = Signal(bool)
    sig_unhandled_error = Signal(object, str)  # exception, traceback text

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("fallakte-db-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self.sig_submit.connect(self._worker.execute)
        self._worker.sig_finished.connect(self._on_finished)
        self._worker.sig_failed.connect(self._on_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._tasks: dict[int, Task] = {}
        self._ids = itertools.count(1)
        self._thread.start()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def run(self, fn: Callable[..., Any], *args: Any,
            on_success: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            owner: QObject | None = None, progress: bool = False, label: str = "",
            **kwargs: Any) -> Task:
        """Queues ``fn(*args, **kwargs)``; callbacks run on the GUI thread.

        ``owner``: if this QObject has been deleted when the result arrives, the callbacks are
        skipped (a page that was closed in the meantime).
        """
        task = Task(next(self._ids), label, owner=owner, on_success=on_success,
                    on_error=on_error)
        if progress:
            task_id = task.task_id

            def report(done: int, total: int, text: str) -> None:
                self.sig_progress.emit(task_id, done, total, text)

            task.progress = Progress(report)
            kwargs["progress"] = task.progress
        self._tasks[task.task_id] = task
        if len(self._tasks) == 1:
            self.sig_busy.emit(True)
        self.sig_submit.emit((task.task_id, fn, args, kwargs))
        return task

    def _pop(self, task_id: int) -> Task | None:
        task = self._tasks.pop(task_id, None)
        if not self._tasks:
            self.sig_busy.emit(False)
        if task is None:
            return None
        task.done = True
        if task.owner is not None and not shiboken6.isValid(task.owner):
            return None
        return task

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        task = self._pop(task_id)
        if task is not None and task.on_success is not None:
            task.on_success(result)

    @Slot(int, object, str)
    def _on_failed(self, task_id: int, error: BaseException, trace: str) -> None:
        task = self._pop(task_id)
        if task is None:
            return
        if task.on_error is not None:
            task.on_error(error)
        else:
            self.sig_unhandled_error.emit(error, trace)

    def shutdown(self) -> None:
        """Stops the worker thread after the queued work is done."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
