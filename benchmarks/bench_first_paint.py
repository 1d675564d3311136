"""Time from unlock to the first painted case list, measured in the real main window.

    .venv/bin/python benchmarks/bench_first_paint.py --db /tmp/b/bench.fallakte
    (make the vault first, e.g. with benchmarks/bench_vault.py --dir /tmp/b --keep,
     or `fallakte demo --cases 100000 --db …`)

The clock starts when the unlocked workspace is handed to the window (the key derivation is
measured by bench_vault.py) and stops at the first paint of the table's viewport that shows a
real row (not the "…" placeholder of the lazy model). Offscreen Qt; prints figures only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.app import build_context, build_main_window
from desktop.config import DEMO_PASSPHRASE, paths
from desktop.services.workspace import Workspace
from desktop.storage.keyring_store import KeyringStore


class PaintProbe(QObject):
    """Notes the time of the first viewport paint that shows a loaded first row."""

    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.painted_at: float | None = None

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.Paint and self.painted_at is None
                and self.page.model.rowCount() > 0 and self.page.model.is_loaded(0)):
            self.painted_at = time.perf_counter()
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--user", default="demo")
    parser.add_argument("--passphrase", default=DEMO_PASSPHRASE)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    home = Path(tempfile.mkdtemp(prefix="fallakte-bench-ui-"))
    app_paths = paths(home).ensure()
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = build_context(vault_path=args.db, app_paths=app_paths, settings=settings,
                        keyring=KeyringStore.disabled())
    window = build_main_window(ctx)
    window.resize(1400, 900)
    window.show()
    page = window.cases_page
    probe = PaintProbe(page)
    page.table.viewport().installEventFilter(probe)

    workspace: Workspace = ctx.vault_service.unlock_with_passphrase(args.user, args.passphrase)
    count = workspace.cases.count()
    timings: list[float] = []

    def round_(remaining: int, workspace: Workspace | None) -> None:
        if workspace is None:  # lock, then unlock again for the next round
            window.locker.lock()
            QTimer.singleShot(200, lambda: round_(remaining, ctx.vault_service
                                                  .unlock_with_passphrase(args.user,
                                                                          args.passphrase)))
            return
        probe.painted_at = None
        started = time.perf_counter()
        ctx.session.set_workspace(workspace)

        def wait() -> None:
            if probe.painted_at is None:
                QTimer.singleShot(1, wait)
                return
            timings.append((probe.painted_at - started) * 1000)
            if remaining > 1:
                round_(remaining - 1, None)
            else:
                app.quit()

        wait()

    QTimer.singleShot(0, lambda: round_(args.rounds, workspace))
    app.exec()
    print(f"Fallakte RRK — first painted case list after unlock ({count:,} cases, offscreen)")
    print(f"  rounds: {', '.join(f'{t:.0f}' for t in timings)} ms")
    print(f"  median: {statistics.median(timings):.0f} ms   (target ≤ 150 ms)")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
