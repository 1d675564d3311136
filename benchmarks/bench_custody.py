"""Sentence-date engine benchmark: compute the dates of many random custody inputs.

    .venv/bin/python benchmarks/bench_custody.py
    .venv/bin/python benchmarks/bench_custody.py --records 10000 --runs 7 --seed 1

The inputs mix what a JVA sees: mostly one sentence, some stacks of two or three (§ 454b StPO),
youth sentences, Ersatzfreiheitsstrafen, a few life sentences, credited detention and both
settings. The holiday cache is cleared once before the first run, which is printed on its
own (cold); the median is over all runs. Target (issue 5): 10,000 records ≤ 1 s.
Prints figures; asserts nothing (see STYLE.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.custody import (
    CreditMethod,
    CustodyInput,
    CustodySettings,
    FractionMethod,
    InterruptAt,
    Sentence,
    SentenceKind,
    compute,
)
from desktop.domain.custody_release import _protected_days

TARGET_S = 1.0


def random_sentence(rng: random.Random) -> Sentence:
    roll = rng.random()
    if roll < 0.1:
        return Sentence(kind=SentenceKind.FINE_DEFAULT, day_fines=rng.randint(2, 360),
                        final=date(2023, 1, 1) + timedelta(days=rng.randint(0, 1200)))
    kind = SentenceKind.YOUTH if roll < 0.25 else SentenceKind.ADULT
    years, months = rng.choice([(0, rng.randint(1, 11)), (rng.randint(1, 6), 0),
                                (rng.randint(1, 4), rng.randint(1, 11))])
    return Sentence(years=years, months=months, weeks=rng.choice([0, 0, 0, 2]),
                    days=rng.choice([0, 0, 0, rng.randint(1, 20)]), kind=kind,
                    interrupt_at=rng.choice([InterruptAt.TWO_THIRDS, InterruptAt.TWO_THIRDS,
                                             InterruptAt.HALF]))


def random_input(rng: random.Random) -> CustodyInput:
    start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2500))
    settings = CustodySettings(
        credit_method=rng.choice([CreditMethod.SUBTRACT] * 4 + [CreditMethod.MOVE_START]),
        fraction_method=rng.choice([FractionMethod.DAYS] * 4 + [FractionMethod.MONTHS]))
    if rng.random() < 0.01:
        return CustodyInput(start, (Sentence(kind=SentenceKind.LIFE),), rng.randint(0, 400),
                            settings)
    count = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
    sentences = tuple(random_sentence(rng) for _ in range(count))
    first = compute(CustodyInput(start, sentences[:1])).sentences[0]
    term = ((first.end or start) - start).days + 1
    credit = rng.choice([0, 0, rng.randint(0, max(0, term - 1))])
    return CustodyInput(start, sentences, credit, settings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    inputs = [random_input(rng) for _ in range(args.records)]
    _protected_days.cache_clear()
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for item in inputs:
            compute(item)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    stacks = sum(len(item.sentences) > 1 for item in inputs)
    print(f"custody inputs:   {args.records:,} ({stacks:,} with several sentences)")
    print(f"first run (cold): {times[0] * 1000:8.1f} ms")
    print(f"median of {args.runs} runs: {median * 1000:8.1f} ms "
          f"({median / args.records * 1e6:.1f} µs per input; target ≤ {TARGET_S:.0f} s: "
          f"{'met' if median <= TARGET_S else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
