"""Duplicate-check benchmark: CaseService.duplicate_candidates on a large demo vault.

    .venv/bin/python benchmarks/bench_duplicates.py                    # 100,000 cases, temp dir
    .venv/bin/python benchmarks/bench_duplicates.py --cases 20000
    .venv/bin/python benchmarks/bench_duplicates.py --db /tmp/x.fallakte   # reuse a demo vault

A vault given with ``--db`` must be a demo vault (user ``demo``, the public demo passphrase,
e.g. made by ``fallakte demo --cases 100000 --db …``). ~100 persons are taken from the
vault and looked up as a caseworker would type them at intake: some exactly, some
transliterated (Mohammed/Muhammad, Yusuf/Youssef, no diacritics), some with given and family
name swapped, some with only the birth year. Prints the median and the slow end, how many
candidates were listed, and whether the person the name came from was among them.

Prints figures; asserts nothing (see STYLE.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from desktop.config import DEMO_PASSPHRASE
from desktop.domain.cases import PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.text import fold
from desktop.services.demo import DEMO_USER, create_demo_vault
from desktop.services.read_models import CaseListRow, CaseQuery
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.keyslots import KdfParams

TARGET_MS = 100.0
LOOKUPS = 100
REPEAT = 3

# Spellings a caseworker may meet for the demo's given names (both directions).
_VARIANTS = {
    "Mohammed": "Muhammad", "Muhammad": "Mohamed", "Mohamed": "Mohammed",
    "Yusuf": "Youssef", "Youssef": "Yusuf", "Ahmad": "Ahmed", "Ahmet": "Ahmed",
    "Hüseyin": "Hussein", "Khaled": "Khalid", "Rachid": "Rashid", "Mustafa": "Mostafa",
    "Mehmet": "Mehmed", "İbrahim": "Ibrahim", "Đorđe": "Djordje", "Dževad": "Dzevad",
    "Aisha": "Aicha", "Fatima": "Fatma", "Mariam": "Maryam", "Leila": "Leyla",
}


def variant(row: CaseListRow, kind: int) -> tuple[str, PersonInput]:
    """The person of ``row`` as typed at intake, in one of five ways."""
    family, _, given = row.name.partition(", ")
    birth = PartialDate.parse(row.birth_date) if row.birth_date else None
    if kind == 0:
        return "exact", PersonInput(family, given, birth_date=birth)
    if kind == 1:
        words = [_VARIANTS.get(word, fold(word).capitalize()) for word in given.split()]
        return "transliterated", PersonInput(fold(family).capitalize(), " ".join(words),
                                             birth_date=birth)
    if kind == 2:
        return "swapped", PersonInput(given.split()[0] if given else family, family,
                                      birth_date=birth)
    if kind == 3:
        year = PartialDate(birth.year) if birth else None
        return "birth year only", PersonInput(family, given, birth_date=year)
    return "no diacritics, no date", PersonInput(fold(family), fold(given))


def run(workspace: Workspace, lookups: int) -> None:
    rng = random.Random(11)
    cases = workspace.cases
    ids = cases.query_ids(CaseQuery())
    rows = cases.rows(rng.sample(ids, lookups))
    print(f"Vault: {len(ids):,} live cases; {len(rows)} look-ups, median of {REPEAT} "
          "runs each")
    cases.duplicate_candidates(PersonInput("Warm", "Up"))  # first query: caches and pages
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    listed: list[int] = []
    found = 0
    for i, row in enumerate(rows):
        kind, person = variant(row, i % 5)
        runs = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            result = cases.duplicate_candidates(person)
            runs.append(time.perf_counter() - started)
        ms = statistics.median(runs) * 1000
        times.append(ms)
        by_kind.setdefault(kind, []).append(ms)
        listed.append(len(result))
        found += any(view.case_id == row.id for view in result)
    times.sort()
    median = statistics.median(times)
    print(f"duplicate_candidates median {median:.1f} ms (target < {TARGET_MS:.0f} ms: "
          f"{'ok' if median < TARGET_MS else 'MISSED'}), p90 {times[int(len(times) * .9)]:.1f} "
          f"ms, max {times[-1]:.1f} ms")
    for kind, values in by_kind.items():
        print(f"  {kind:24} median {statistics.median(values):6.1f} ms  ({len(values)})")
    print(f"candidates listed: median {statistics.median(listed):.0f}, max {max(listed)} "
          f"(limit 20); the source person among them: {found} of {len(rows)} (a miss is "
          "a name typed without birth date that more than 20 persons share)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing demo vault to reuse")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=LOOKUPS)
    args = parser.parse_args(argv)
    if args.db is not None:
        service = VaultService(args.db, keyring=KeyringStore.disabled())
        workspace = service.unlock_with_passphrase(DEMO_USER, DEMO_PASSPHRASE)
        try:
            run(workspace, args.lookups)
        finally:
            workspace.close()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        workspace = create_demo_vault(Path(tmp) / "dubletten.fallakte", args.cases,
                                      keyring=KeyringStore.disabled(),
                                      kdf=KdfParams.for_tests())
        print(f"Demo vault with {args.cases:,} cases built in "
              f"{time.perf_counter() - started:.1f} s")
        try:
            run(workspace, args.lookups)
        finally:
            workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
