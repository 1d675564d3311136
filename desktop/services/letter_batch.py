"""Batches: the same letter kind for many cases, rendered on 2 processes with progress and
cooperative cancel, then registered (``LetterBatches``, part of ``LetterService``).

The letters are filled in the main process (``LetterBatches.batch``); only the rendering, which
touches neither the database nor Qt, runs in a ``spawn`` process pool (as on Windows) with the
top-level ``desktop.reports.letter.render_letter``. Cancelling stops submitting new letters;
those already rendering are finished and kept, so every rendered letter gets registered.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace

from desktop.domain.letters import LetterContent, LetterKind, fill_draft
from desktop.reports.letter import render_letter
from desktop.reports.style import register_fonts
from desktop.services import letter_register, letter_settings, letter_text
from desktop.services.letter_core import LetterCore
from desktop.services.letter_models import (
    ApprovalRequiredError,
    BatchResult,
    LetterStatus,
    LetterView,
)
from desktop.services.progress import Progress
from desktop.storage import orm
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import letters as repo
from desktop.storage.unit_of_work import UnitOfWork

WORKERS = 2
IN_FLIGHT_PER_WORKER = 4
BATCH_CHUNK = 200  # letters registered per unit of work


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


@dataclass(frozen=True)
class _Job:
    case_id: str
    recipient_partner_id: str
    text: letter_text.LetterText
    content: LetterContent  # filled, final


class LetterBatches(LetterCore):
    """``batch``, ``overdue_status_request_cases``."""

    def batch(self, kind: LetterKind, case_ids: Sequence[str], *,
              progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> BatchResult:
        """The same letter kind for many cases, each to its responsible ABH: filled here,
        rendered on 2 processes, then finalised and registered like ``finalise``. A case that
        cannot be written is skipped with a German reason; a cancel stops rendering and
        registers only what is done (``cancelled``)."""
        kind = LetterKind(kind)
        with self._vault.unit_of_work(write=False) as uow:
            if kind == LetterKind.INSTRUCTION and letter_settings.four_eyes(uow):
                raise ApprovalRequiredError(
                    "Weisungen brauchen die Freigabe der Leitung (Vier-Augen-Prinzip) und "
                    "werden deshalb nicht im Stapel geschrieben.")
            jobs, skipped = self._prepare_batch(uow, kind, case_ids, progress)
        rendered, cancelled = render_all([job.content for job in jobs],
                                         progress=progress, cancel=cancel)
        done = [(jobs[index], pdf) for index, pdf in sorted(rendered.items())]
        letters: list[LetterView] = []
        for start in range(0, len(done), BATCH_CHUNK):
            with self._vault.unit_of_work() as uow:
                rows = []
                for job, pdf in done[start:start + BATCH_CHUNK]:
                    row = orm.Letter(case_id=job.case_id, kind=kind.value,
                                     status=LetterStatus.DRAFT.value,
                                     author_id=self._vault.actor.user_id, review_note="",
                                     recipient_partner_id=job.recipient_partner_id)
                    letter_text.apply_text(row, job.text)
                    uow.session.add(row)
                    letter_register.freeze(uow, row, job.content, pdf, batch=True)
                    rows.append(row)
                letters.extend(self._views(uow, rows))
            report(progress, start + len(rows), len(done),
                   f"Schreiben registriert: {start + len(rows)} von {len(done)}")
        with self._vault.unit_of_work() as uow:
            uow.audit("letter.batch", "letter", None,
                      {"kind": kind.value, "requested": len(case_ids), "count": len(letters),
                       "skipped": len(skipped), "cancelled": cancelled})
        return BatchResult(tuple(letters), tuple(skipped), cancelled)

    def overdue_status_request_cases(self) -> list[str]:
        """Open cases with an overdue open measure owned by an ABH (file-number order)."""
        with self._vault.unit_of_work(write=False) as uow:
            return repo.overdue_abh_case_ids(uow.session, self._today())

    def _prepare_batch(self, uow: UnitOfWork, kind: LetterKind, case_ids: Sequence[str],
                       progress: Progress | None
                       ) -> tuple[list[_Job], list[tuple[str, str]]]:
        modules = letter_text.text_modules(uow)
        jobs = []
        skipped = []
        for index, case_id in enumerate(case_ids):
            case = case_repo.load_case(uow.session, case_id)
            if case is None:
                skipped.append((case_id, "Der Fall wurde nicht gefunden (gelöscht oder nie "
                                         "angelegt)."))
                continue
            abh = case.responsible_abh
            if abh is None or abh.deleted_at is not None:
                skipped.append((case.file_number, "Keine zuständige Ausländerbehörde "
                                                  "eingetragen."))
                continue
            text = letter_text.from_template(uow, kind, case, abh, self._today(),
                                             modules=modules)
            draft = letter_text.build_draft(uow, case, text, self._vault.actor.user_id,
                                            self._today())
            if problems := letter_text.all_problems(draft):
                skipped.append((case.file_number, " ".join(problems.values())))
                continue
            jobs.append(_Job(case.id, abh.id, text, replace(fill_draft(draft), draft=False)))
            report(progress, index + 1, len(case_ids),
                   f"Schreiben vorbereitet: {index + 1} von {len(case_ids)}")
        return jobs, skipped
