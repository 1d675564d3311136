"""Statistics benchmark: all figures of the Fallmanagement-Statistik for a year.

    .venv/bin/python benchmarks/bench_statistics.py --db /tmp/bench100k.fallakte
    .venv/bin/python benchmarks/bench_statistics.py --cases 20000

``--db`` copies an existing demo vault (user demo, the demo passphrase) into a work directory
first, so the original is never migrated or locked; without it a demo vault of ``--cases``
cases is built. Runs every query of ``repositories/statistics.py`` for a year (whole vault and
each district) on the encrypted vault and on a plaintext copy made with SQLCipher's
``sqlcipher_export`` and opened through the same SQLite library without a key (the baseline of
bench_vault.py), alternating, and prints the medians. Target (issue 7): all figures for a year
on 100,000 cases ≤ 1 s, encrypted/plain ≤ 1.4. Prints figures; asserts nothing.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from benchmarks.bench_vault import export_plaintext, plain_engine
from desktop.config import DEMO_PASSPHRASE
from desktop.domain.enums import District
from desktop.domain.statistics import NO_NATIONALITY, NOTICE_IN_TIME_DAYS, Period
from desktop.services.demo import DEMO_USER, create_demo
from desktop.services.statistics import assemble
from desktop.services.workspace import VaultService
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.repositories.statistics import raw_figures

TARGET_S = 1.0
TARGET_RATIO = 1.4


def all_figures(engine: Engine, period: Period, district: District | None) -> object:
    with Session(engine) as session:
        return assemble(raw_figures(session, period.start, period.end,
                                    None if district is None else district.value,
                                    no_nationality=NO_NATIONALITY,
                                    notice_days=NOTICE_IN_TIME_DAYS))


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing demo vault (copied first)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-stat-") as tmp:
        folder = Path(tmp)
        path = folder / "bench.fallakte"
        if args.db:
            print(f"copying {args.db} …", flush=True)
            shutil.copyfile(args.db, path)
            shutil.copyfile(f"{args.db}.keys", f"{path}.keys")
            if Path(f"{args.db}.head").exists():
                shutil.copyfile(f"{args.db}.head", f"{path}.head")
        else:
            print(f"building {args.cases:,} demo cases …", flush=True)
            workspace, _ = create_demo(path, args.cases, keyring=KeyringStore.disabled())
            workspace.close()
        started = time.perf_counter()
        workspace = VaultService(path, keyring=KeyringStore.disabled()).unlock_with_passphrase(
            DEMO_USER, DEMO_PASSPHRASE)
        print(f"unlock (with any migration): {time.perf_counter() - started:.1f} s")
        try:
            cases = workspace.cases.count()
            key = workspace.open_vault._key()
            plain_path = folder / "plain.sqlite"
            export_plaintext(path, key, plain_path)
            encrypted = workspace.open_vault.engine
            assert encrypted is not None
            plain = plain_engine(plain_path)
            year = Period.year(args.year)
            runs: dict[str, list[float]] = {"enc": [], "plain": [], "enc_dus": [],
                                            "plain_dus": [], "svc": []}
            for _ in range(args.rounds):
                runs["enc"].append(timed(lambda: all_figures(encrypted, year, None)))
                runs["plain"].append(timed(lambda: all_figures(plain, year, None)))
                runs["enc_dus"].append(timed(
                    lambda: all_figures(encrypted, year, District.DUESSELDORF)))
                runs["plain_dus"].append(timed(
                    lambda: all_figures(plain, year, District.DUESSELDORF)))
                runs["svc"].append(timed(lambda: workspace.statistics.figures(year)))
            figures = workspace.statistics.figures(year)
            plain.dispose()
        finally:
            workspace.close()
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"cases: {cases:,}; year {args.year}: taken in "
          f"{figures.count('cases_taken_in'):,}, in period "
          f"{figures.count('cases_in_period'):,}, closed {figures.count('cases_closed'):,}")
    print(f"all figures, whole vault, encrypted: {med['enc'] * 1000:7.0f} ms "
          f"(target ≤ {TARGET_S * 1000:.0f} ms)")
    print(f"all figures, whole vault, plain:     {med['plain'] * 1000:7.0f} ms")
    print(f"  ratio encrypted/plain: {med['enc'] / med['plain']:.2f} (target ≤ {TARGET_RATIO})")
    print(f"all figures, Düsseldorf, encrypted:  {med['enc_dus'] * 1000:7.0f} ms")
    print(f"all figures, Düsseldorf, plain:      {med['plain_dus'] * 1000:7.0f} ms")
    print(f"  ratio encrypted/plain: {med['enc_dus'] / med['plain_dus']:.2f}")
    print(f"service figures() (unit of work):    {med['svc'] * 1000:7.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
