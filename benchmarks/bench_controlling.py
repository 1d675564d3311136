"""Benchmark of the Controlling: build (or reuse) a large demo vault and time
ControllingService.overview(), the lists behind the largest numbers and the custody releases.

    .venv/bin/python benchmarks/bench_controlling.py                  # 100,000 cases, temp dir
    .venv/bin/python benchmarks/bench_controlling.py --cases 20000
    .venv/bin/python benchmarks/bench_controlling.py --db /tmp/bench100k.fallakte --plan

A vault given with ``--db`` is reused if it exists (demo passphrase, user ``demo``; it is
migrated on open) and built there otherwise. ``--plan`` prints SQLite's EXPLAIN QUERY PLAN of
every statement the overview runs. Prints figures; asserts nothing (see STYLE.md).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from desktop.config import DEMO_PASSPHRASE
from desktop.services.controlling import Figure
from desktop.services.demo import DEMO_USER, create_demo_vault
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.keyring_store import KeyringStore

VAULT_NAME = "controlling-bench.fallakte"


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def open_or_build(path: Path, cases: int, seed: int) -> Workspace:
    if path.exists():
        print(f"reusing {path} (migrating if needed) …", flush=True)
        started = time.perf_counter()
        service = VaultService(path, keyring=KeyringStore.disabled())
        workspace = service.unlock_with_passphrase(DEMO_USER, DEMO_PASSPHRASE)
        print(f"  unlocked in {time.perf_counter() - started:.1f} s", flush=True)
        return workspace
    print(f"building {cases:,} demo cases in {path} …", flush=True)
    started = time.perf_counter()
    workspace = create_demo_vault(path, cases, keyring=KeyringStore.disabled(), seed=seed)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return workspace


def print_plans(workspace: Workspace) -> None:
    """Captures the overview's statements and prints SQLite's plan of each."""
    engine = workspace.open_vault.engine
    assert engine is not None
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                _many: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        workspace.controlling.overview()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        for statement, parameters in captured:
            print("\n" + " ".join(statement.split())[:160] + " …")
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ()):
                print("   ", row[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="vault to reuse (built there if missing)")
    parser.add_argument("--plan", action="store_true", help="print the query plans")
    args = parser.parse_args(argv)
    temp = None
    path = args.db
    if path is None:
        temp = Path(tempfile.mkdtemp(prefix="bench-controlling-"))
        path = temp / VAULT_NAME
    workspace = open_or_build(path, args.cases, args.seed)
    try:
        controlling = workspace.controlling
        with workspace.open_vault.unit_of_work(write=False) as uow:
            count = uow.session.execute(text("SELECT count(*) FROM cases")).scalar()
        overview = controlling.overview()
        print(f"\n{count:,} cases; {len(overview.authorities)} ABH lines, "
              f"{len(overview.caseworkers)} caseworker lines")
        ms = median_ms(controlling.overview, args.runs)
        print(f"overview (all numbers)        median {ms:8.1f} ms")
        if overview.authorities:
            biggest = max(overview.authorities, key=lambda a: a.open_measures)
            for figure in (Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, Figure.INSTRUCTIONS,
                           Figure.STATUS_REQUESTS):
                rows = controlling.authority_items(biggest.partner_id, figure)
                ms = median_ms(lambda f=figure: controlling.authority_items(  # type: ignore[misc]
                    biggest.partner_id, f), args.runs)
                print(f"ABH list {figure.value:<21} median {ms:8.1f} ms  ({len(rows):,} rows)")
        if overview.caseworkers:
            busiest = max(overview.caseworkers, key=lambda w: w.figure(Figure.OVERDUE_ALL))
            rows = controlling.caseworker_items(busiest.user_id, Figure.OVERDUE_ALL)
            ms = median_ms(lambda: controlling.caseworker_items(busiest.user_id,
                                                                Figure.OVERDUE_ALL), args.runs)
            print(f"caseworker list overdue_all   median {ms:8.1f} ms  ({len(rows):,} rows)")
        for months in (3, 6, 12):
            rows = controlling.releases(months)
            ms = median_ms(lambda m=months: controlling.releases(m), args.runs)  # type: ignore[misc]
            informed = sum(1 for r in rows if r.informed)
            print(f"custody releases {months:>2} months    median {ms:8.1f} ms  "
                  f"({len(rows):,} rows, {informed:,} informed)")
        if args.plan:
            print_plans(workspace)
    finally:
        workspace.close()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
