"""Python's cyclic garbage collector runs on the GUI thread only.

Automatic collection happens in whichever thread happens to allocate when a threshold is
crossed — often the database worker. If a collected cycle holds a Qt object (a closed
dialog, a model), its C++ destructor then runs on the worker thread, and Qt crashes (seen as
a segmentation fault in CI). This guard switches automatic collection off and collects from
a timer on the GUI thread instead (the pattern pyqtgraph and others use).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    """Collects garbage on the GUI thread every ``interval_ms`` while it exists."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start(interval_ms)

    def _on_tick(self) -> None:
        first, second, third = gc.get_count()
        if third > self._thresholds[2]:
            gc.collect(2)
        elif second > self._thresholds[1]:
            gc.collect(1)
        elif first > self._thresholds[0]:
            gc.collect(0)

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
