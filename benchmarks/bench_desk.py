"""Benchmark of the "Heute" desk: build (or reuse) a large demo vault and time DeskService.build().

    .venv/bin/python benchmarks/bench_desk.py                       # 100,000 cases, temp dir
    .venv/bin/python benchmarks/bench_desk.py --cases 20000
    .venv/bin/python benchmarks/bench_desk.py --db /tmp/desk.fallakte  # build once, then reuse

A vault given with ``--db`` is reused if it exists (demo passphrase, user ``demo``) and built
there otherwise. Prints the median of ``--runs`` builds for the signed-in caseworker and for
everyone, the time of each source (all with the default limit of lines per section), and how
many lines each section holds. Prints figures; asserts nothing (see STYLE.md).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.config import DEMO_PASSPHRASE
from desktop.services import desk
from desktop.services.demo import DEMO_USER, create_demo_vault
from desktop.services.read_models import Desk
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.keyring_store import KeyringStore

VAULT_NAME = "desk-bench.fallakte"
TARGET_MS = 300.0


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def open_or_build(path: Path, cases: int, seed: int) -> tuple[Workspace, float | None]:
    if path.exists():
        print(f"reusing {path}", flush=True)
        service = VaultService(path, keyring=KeyringStore.disabled())
        return service.unlock_with_passphrase(DEMO_USER, DEMO_PASSPHRASE), None
    print(f"building {cases:,} demo cases in {path} …", flush=True)
    started = time.perf_counter()
    workspace = create_demo_vault(path, cases, keyring=KeyringStore.disabled(), seed=seed)
    return workspace, time.perf_counter() - started


def source_times(workspace: Workspace, caseworker_id: str | None,
                 runs: int) -> dict[str, float]:
    """The median time of each source alone, each in its own read-only unit of work."""
    scope = desk.DeskScope(today=date.today(),  # noqa: DTZ011 - the local day, as the service
                           inactive_days=desk.DEFAULT_INACTIVE_DAYS,
                           caseworker_id=caseworker_id, limit=desk.DEFAULT_LIMIT)
    sources: dict[str, desk.DatedSource] = {
        "measures (3 queries)": desk.measure_items,
        "reminders (4 queries)": desk.reminder_items,
        "expiring Duldungen (1 query)": desk.duldung_items,
        "replies awaited (1 query)": desk.reply_items,
        "without activity (1 grouped query)": desk.inactive_items,
    }
    vault = workspace.open_vault
    figures = {}
    for name, source in sources.items():
        def run(source: desk.DatedSource = source) -> object:
            with vault.unit_of_work(write=False) as uow:
                return list(source(uow, scope))
        figures[name] = median_ms(run, runs)
    return figures


def describe(built: Desk) -> str:
    return ", ".join(f"{s.title} {s.count}{'' if s.complete else '+'}" for s in built.sections)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", type=Path, help="vault to reuse, or to build and keep")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    folder = None
    path = args.db
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="fallakte-desk-bench-"))
        path = folder / VAULT_NAME
    try:
        workspace, build_seconds = open_or_build(path, args.cases, args.seed)
        try:
            report(workspace, build_seconds, args.runs)
        finally:
            workspace.close()
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(workspace: Workspace, build_seconds: float | None, runs: int) -> None:
    me = workspace.user.id
    count = workspace.cases.count()
    service = workspace.desk
    first = time.perf_counter()
    mine = service.build(caseworker_id=me)
    first_ms = (time.perf_counter() - first) * 1000
    everyone = service.build()
    mine_ms = median_ms(lambda: service.build(caseworker_id=me), runs)
    everyone_ms = median_ms(service.build, runs)

    print()
    print(f"Fallakte RRK \"Heute\" desk — {count:,} cases, Python {sys.version.split()[0]}, "
          f"limit {mine.limit} lines per section, today {mine.today:%d.%m.%Y}")
    print()
    if build_seconds is not None:
        print(f"{'demo build':56} {build_seconds:10.1f} s")
    print(f"{'DeskService.build(), first call':56} {first_ms:10.0f} ms")
    print(f"{f'DeskService.build() own cases, median of {runs}':56} {mine_ms:10.0f} ms"
          f"   target < {TARGET_MS:.0f} ms: {'ok' if mine_ms < TARGET_MS else 'MISSED'}")
    print(f"{f'DeskService.build() all caseworkers, median of {runs}':56} {everyone_ms:10.0f} ms"
          f"   target < {TARGET_MS:.0f} ms: {'ok' if everyone_ms < TARGET_MS else 'MISSED'}")
    print()
    print(f"  own cases:  {describe(mine)}")
    print(f"  everyone:   {describe(everyone)}")
    print("  (+: more lines than the limit; the section shows the most pressing ones)")
    print()
    print(f"each source alone (all caseworkers), median of {runs}:")
    for name, value in source_times(workspace, None, runs).items():
        print(f"  {name:54} {value:10.0f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
