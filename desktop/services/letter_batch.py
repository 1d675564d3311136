"""Rendering many letters on 2 processes with progress and cooperative cancel.

The letters are filled in the main process (``LetterService.batch``); only the rendering, which
touches neither the database nor Qt, runs in a ``spawn`` process pool (as on Windows) with the
top-level ``desktop.reports.letter.render_letter``. Cancelling stops submitting new letters;
those already rendering are finished and kept, so every rendered letter gets registered.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from desktop.domain.letters import LetterContent
from desktop.reports.letter import render_letter
from desktop.reports.style import register_fonts
from desktop.services.progress import Progress

WORKERS = 2
IN_FLIGHT_PER_WORKER = 4


def report(progress: Progress | None, done: int, total: int, text: str) -> None:
    """Reports without raising when the progress was cancelled (the batch stops itself)."""
    if progress is not None and not progress.cancelled:
        progress.report(done, total, text)


def render_all(contents: Sequence[LetterContent], *, progress: Progress | None = None,
               cancel: Callable[[], bool] | None = None,
               workers: int = WORKERS) -> tuple[dict[int, bytes], bool]:
    """Renders ``contents`` on ``workers`` processes; returns the PDFs by index and whether
    the batch was cancelled before every letter was rendered."""

    def stop() -> bool:
        return bool((cancel is not None and cancel())
                    or (progress is not None and progress.cancelled))

    results: dict[int, bytes] = {}
    total = len(contents)
    if not total:
        return results, False
    stopped = False
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=context,
                             initializer=register_fonts) as pool:
        pending: dict[Future[bytes], int] = {}
        submitted = 0
        while True:
            while (not stopped and submitted < total
                   and len(pending) < workers * IN_FLIGHT_PER_WORKER):
                if stop():
                    stopped = True
                    break
                pending[pool.submit(render_letter, contents[submitted])] = submitted
                submitted += 1
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                results[pending.pop(future)] = future.result()
            report(progress, len(results), total,
                   f"Schreiben erstellt: {len(results)} von {total}")
            stopped = stopped or stop()
    return results, len(results) < total
