"""Letter rendering benchmark: one letter warm, and a batch of letters on 1 and 2 processes.

    .venv/bin/python benchmarks/bench_letter.py
    .venv/bin/python benchmarks/bench_letter.py --letters 200 --repeat 20

The batch renders ``--letters`` different synthetic letters (all kinds, names of many scripts)
with a ProcessPoolExecutor using the ``spawn`` start method (as on Windows), once with one
worker and once with two, and returns the PDF bytes to the parent as a batch job would. Targets
(issue 4): one warm letter ≤ 40 ms, 1,000 letters ≤ 20 s on 2 processes, speed-up ≥ 1.8×.

Each batch includes starting the workers. Prints figures; asserts nothing (see STYLE.md).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.letters import LetterContent, LetterKind
from desktop.reports.letter import render_letter
from desktop.reports.style import register_fonts
from tests.reports.samples import INTERNATIONAL_NAMES, RECIPIENT, letter


def letters(count: int) -> list[LetterContent]:
    kinds = list(LetterKind)
    base = {kind: letter(kind) for kind in kinds}
    result = []
    for n in range(count):
        name = INTERNATIONAL_NAMES[n % len(INTERNATIONAL_NAMES)]
        content = base[kinds[n % len(kinds)]]
        result.append(replace(
            content, file_number=f"RRK-DUS-2026-{n + 1:05d}",
            recipient=replace(RECIPIENT, department=f"z. Hd. {name}"),
            paragraphs=(f"Betrifft: {name}.", *content.paragraphs)))
    return result


def _render(content: LetterContent) -> bytes:
    return render_letter(content)


def batch(contents: list[LetterContent], workers: int) -> tuple[float, int]:
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=register_fonts) as pool:
        total = sum(len(pdf) for pdf in pool.map(_render, contents, chunksize=20))
    return time.perf_counter() - started, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3,
                        help="batch runs per process count; the best is reported (other "
                             "programs on a 2-core machine make single runs noisy)")
    args = parser.parse_args()

    register_fonts()
    sample = letter(LetterKind.INSTRUCTION)
    render_letter(sample)  # warm: fonts parsed, modules imported
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        pdf = render_letter(sample)
        times.append(time.perf_counter() - started)
    print(f"one letter warm: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms over {args.repeat} renders ({len(pdf):,} bytes)")

    contents = letters(args.letters)
    best: dict[int, float] = {}
    for workers in (1, 2):
        runs = [batch(contents, workers) for _ in range(args.runs)]
        best[workers] = min(seconds for seconds, _ in runs)
        every = ", ".join(f"{seconds:.2f}" for seconds, _ in runs)
        print(f"{args.letters:,} letters, {workers} process(es): best {best[workers]:.2f} s "
              f"(runs: {every} s; {runs[0][1] / 1e6:.1f} MB of PDF)")
    print(f"speed-up: {best[1] / best[2]:.2f}x")


if __name__ == "__main__":
    main()
