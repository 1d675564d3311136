"""Early warnings of a custody record: which reminders its effective dates call for, and how
the record's existing reminders are brought in line (open ones replaced, done ones kept)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from desktop.services.custody_models import WARNED_KINDS, CustodyDateKind, Decision456a

TITLE_LIMIT = 200


class Warning(NamedTuple):
    """One early warning: ``months`` before the ``kind`` date ``target``, due on ``due``."""

    kind: CustodyDateKind
    months: int
    target: date
    due: date
    title: str

    @property
    def key(self) -> tuple[str, date]:
        return self.title, self.due


def warning_title(kind: CustodyDateKind, months: int, target: date) -> str:
    """"Haft: Halbstrafe § 456a in 3 Monaten (12.05.2027)"."""
    span = "1 Monat" if months == 1 else f"{months} Monaten"
    day = f"{target.day:02d}.{target.month:02d}.{target.year}"  # TT.MM.JJJJ, fast
    return f"Haft: {kind.label} in {span} ({day})"[:TITLE_LIMIT]


@lru_cache(maxsize=4096)
def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def months_before(day: date, months: int) -> date | None:
    """The day with the same number ``months`` months earlier, clamped to the month's last
    day (as ``deadlines.add_months``); None before year 1."""
    index = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(index, 12)
    if year < 1:
        return None
    return date(year, month0 + 1, min(day.day, _month_length(year, month0 + 1)))


def warnings_for(effective: Mapping[CustodyDateKind, date | None], lead_times: Iterable[int],
                 decision: Decision456a, today: date) -> list[Warning]:
    """The warnings an open record should have today.

    For each of § 456a half, two-thirds and end (effective dates, not yet passed) one warning
    per lead time. Warnings whose day has passed are left out, except the shortest one of a
    date that is still ahead (it stays on the desk as overdue). No § 456a warnings once the
    StA has refused.
    """
    months = sorted({m for m in lead_times if m > 0}, reverse=True)
    out: list[Warning] = []
    for kind in WARNED_KINDS:
        target = effective.get(kind)
        if target is None or target < today or not months:
            continue
        if kind is CustodyDateKind.HALF_456A and decision is Decision456a.REFUSED:
            continue
        for index, lead in enumerate(months):
            due = months_before(target, lead)
            if due is None:
                continue
            if due < today and index != len(months) - 1:
                continue
            out.append(Warning(kind, lead, target, due, warning_title(kind, lead, target)))
    return out


class ExistingReminder(NamedTuple):
    id: str
    title: str
    due: date
    done: bool


def reconcile(wanted: list[Warning], existing: Iterable[ExistingReminder]
              ) -> tuple[list[Warning], list[str]]:
    """(warnings to add, ids of open reminders to remove). A warning that matches a done
    reminder (same title and day) is not made again; done reminders are never removed."""
    existing = list(existing)
    done = {(r.title, r.due) for r in existing if r.done}
    wanted_keys = {w.key for w in wanted if w.key not in done}
    open_keys: set[tuple[str, date]] = set()
    remove: list[str] = []
    for reminder in existing:
        if reminder.done:
            continue
        key = (reminder.title, reminder.due)
        if key in wanted_keys and key not in open_keys:
            open_keys.add(key)
        else:
            remove.append(reminder.id)
    add = [w for w in wanted if w.key in wanted_keys and w.key not in open_keys]
    return add, remove
