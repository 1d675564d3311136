"""Global search benchmark: SearchService.search (Ctrl+K) on a large demo vault.

    .venv/bin/python benchmarks/bench_search.py                    # 100,000 cases, temp dir
    .venv/bin/python benchmarks/bench_search.py --cases 20000
    .venv/bin/python benchmarks/bench_search.py --db /tmp/x.fallakte   # reuse a demo vault

A vault given with ``--db`` must be a demo vault (user ``demo``, the public demo passphrase);
opening an older one migrates it (schema 0005 builds the journal index, after a copy). ~100
queries are taken from the vault as a caseworker would type them: family names, full names
without diacritics or with ae/oe/ue, the first letters of a name, file numbers (whole and
partial) and words of journal entries. Prints the median and the slow end per kind.

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
from desktop.domain.text import fold
from desktop.services.demo import DEMO_USER, create_demo_vault
from desktop.services.read_models import CaseQuery
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.keyslots import KdfParams

TARGET_MS = 50.0
QUERIES = 100
REPEAT = 3
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def queries(workspace: Workspace, count: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    cases = workspace.cases
    ids = cases.query_ids(CaseQuery())
    rows = cases.rows(rng.sample(ids, count))
    words: list[str] = []
    for row in rows[: max(1, count // 5)]:
        for entry in cases.journal(row.id):
            words.extend(w.strip(".,;:()") for w in entry.text.split() if len(w) > 5)
    out: list[tuple[str, str]] = []
    for i, row in enumerate(rows):
        family, _, given = row.name.partition(", ")
        kind = i % 6
        if kind == 0:
            out.append(("family name", family))
        elif kind == 1:
            out.append(("name folded", fold(f"{given} {family}")))
        elif kind == 2:
            out.append(("name ae/oe/ue", f"{family} {given}".translate(_UMLAUTS)))
        elif kind == 3:
            out.append(("name prefix", family[:3]))
        elif kind == 4:
            number = row.file_number
            out.append(("file number", number if i % 2 else number.rsplit("-", 1)[0][-4:]
                        + "-" + number.rsplit("-", 1)[1]))
        else:
            out.append(("journal word", rng.choice(words) if words else family))
    return out


def run(workspace: Workspace, count: int) -> None:
    search = workspace.search
    items = queries(workspace, count)
    print(f"Vault: {workspace.cases.count():,} live cases; {len(items)} queries, median of "
          f"{REPEAT} runs each")
    search.search("Warm up")  # first query: caches and pages
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    hits: list[int] = []
    for kind, query in items:
        runs = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            result = search.search(query)
            runs.append(time.perf_counter() - started)
        ms = statistics.median(runs) * 1000
        times.append(ms)
        by_kind.setdefault(kind, []).append(ms)
        hits.append(len(result))
    times.sort()
    median = statistics.median(times)
    print(f"search median {median:.1f} ms (target < {TARGET_MS:.0f} ms: "
          f"{'ok' if median < TARGET_MS else 'MISSED'}), p90 {times[int(len(times) * .9)]:.1f} "
          f"ms, max {times[-1]:.1f} ms")
    for kind, values in by_kind.items():
        print(f"  {kind:16} median {statistics.median(values):6.1f} ms  max "
              f"{max(values):6.1f} ms  ({len(values)})")
    print(f"hits: median {statistics.median(hits):.0f}, max {max(hits)} (limit 50), "
          f"none for {sum(1 for h in hits if not h)} queries")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing demo vault to reuse")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=QUERIES)
    args = parser.parse_args(argv)
    if args.db is not None:
        started = time.perf_counter()
        service = VaultService(args.db, keyring=KeyringStore.disabled())
        workspace = service.unlock_with_passphrase(DEMO_USER, DEMO_PASSPHRASE)
        print(f"Unlocked (with any migration) in {time.perf_counter() - started:.1f} s")
        try:
            run(workspace, args.queries)
        finally:
            workspace.close()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        workspace = create_demo_vault(Path(tmp) / "suche.fallakte", args.cases,
                                      keyring=KeyringStore.disabled(),
                                      kdf=KdfParams.for_tests())
        print(f"Demo vault with {args.cases:,} cases built in "
              f"{time.perf_counter() - started:.1f} s")
        try:
            run(workspace, args.queries)
        finally:
            workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
