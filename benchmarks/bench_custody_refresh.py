"""Custody refresh benchmark: CustodyService.refresh_all over ~10,000 open custody records.

    .venv/bin/python benchmarks/bench_custody_refresh.py                 # temp demo vault
    .venv/bin/python benchmarks/bench_custody_refresh.py --cases 3000 --repeat 3

Builds a demo vault (fast test KDF) in which every open case is in custody (the demo's share
raised to 100 %), then times ``refresh_all``:

- *unchanged*: the engine agrees with every stored date (compute, compare, reconcile the
  early warnings; nothing written but the audit event);
- *rule change*: every stored date is cleared first (not timed), as after a change of the
  engine's rules, so every record is recomputed and rewritten.

Prints the median and the slowest run of each; asserts nothing (see STYLE.md).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, update

from desktop.services import demo_custody
from desktop.services.custody_models import CustodyDateKind
from desktop.services.demo import create_demo
from desktop.storage import orm
from desktop.storage.keyslots import KdfParams
from tests.support import MemoryKeyring

TARGET_S = 1.0
TODAY = date(2026, 3, 10)


def clear_dates(workspace: object) -> None:
    vault = workspace.open_vault  # type: ignore[attr-defined]
    with vault.unit_of_work() as uow:
        uow.session.execute(update(orm.CustodyRecord).values(
            **{kind.column: None for kind in CustodyDateKind}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=12500)  # about 10,000 records
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    demo_custody.UNFLAGGED_SHARE = 1.0
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        workspace, summary = create_demo(Path(directory) / "bench.fallakte", args.cases,
                                         kdf=KdfParams.for_tests(),
                                         keyring=MemoryKeyring().store(), today=TODAY)
        print(f"demo vault: {args.cases} cases, {summary.custody_records} custody records "
              f"({time.perf_counter() - started:.1f} s)")
        try:
            with workspace.open_vault.unit_of_work(write=False) as uow:
                warnings = uow.session.execute(
                    select(func.count()).select_from(orm.Reminder)
                    .where(orm.Reminder.custody_record_id.is_not(None))).scalar()
            print(f"early warnings: {warnings}")
            service = workspace.custody
            service._today = lambda: TODAY  # the demo's day, so the warnings agree
            for label, prepare in (("unchanged", None), ("rule change", clear_dates)):
                times = []
                changed = 0
                for _ in range(args.repeat):
                    if prepare is not None:
                        prepare(workspace)
                    start = time.perf_counter()
                    changed = service.refresh_all()
                    times.append(time.perf_counter() - start)
                median = statistics.median(times)
                print(f"refresh_all {label:12s} median {median:.3f} s, slowest "
                      f"{max(times):.3f} s, records changed {changed} "
                      f"(target ≤ {TARGET_S:.1f} s: {'ok' if median <= TARGET_S else 'over'})")
        finally:
            workspace.close()


if __name__ == "__main__":
    main()
