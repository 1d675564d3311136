"""``CustodyService.refresh_all``: recompute the dates and early warnings of every open custody
record in one pass, on plain rows (no ORM objects), writing only what changed.

10,000 records: the engine runs once per distinct input (stacks repeat), dates are compared
with the stored ones and only changed rows are updated (one executemany); warnings are
reconciled against all existing early warnings read in one query.
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Any

from desktop.domain.custody import CustodyInput, CustodyInputError, compute
from desktop.domain.enums import ReminderKind
from desktop.services import custody_warnings as warnings
from desktop.services.custody_models import (
    CustodyDateKind,
    Decision456a,
    decode_lead_times,
    decode_sentences,
    decode_settings,
)
from desktop.services.progress import Progress
from desktop.storage import orm
from desktop.storage.repositories import custody as repo

STEP = 2000

_KINDS = tuple(CustodyDateKind)
_COLUMNS = tuple(kind.column for kind in _KINDS)


def refresh_all(session: Any, today: date, progress: Progress) -> tuple[int, int, int, int]:
    """(records whose dates changed, records, warnings added, warnings removed)."""
    rows = repo.open_record_inputs(session, (*_COLUMNS, "decision_456a"))
    total = len(rows)
    progress.report(0, total, "Haftdaten werden neu berechnet …")
    confirmations = repo.open_record_confirmations(session)
    existing: dict[str, list[warnings.ExistingReminder]] = {}
    for rid, record_id, title, due, done in repo.open_record_reminders(session):
        existing.setdefault(record_id, []).append(
            warnings.ExistingReminder(rid, title, due, done))
    cache: dict[tuple[Any, ...], tuple[tuple[date | None, ...], str]] = {}
    leads: dict[str, tuple[int, ...]] = {}
    decoded: dict[tuple[str, str], tuple[Any, Any]] = {}
    updates: list[dict[str, Any]] = []
    add_rows: list[dict[str, Any]] = []
    remove_ids: list[str] = []
    first_date = len(repo.RECORD_INPUTS)
    last_date = first_date + len(_COLUMNS)
    decision_at = last_date
    for index, row in enumerate(rows):
        if index % STEP == 0 and index:
            progress.report(index, total, f"Haftdaten: {index} von {total}")
        key = (row.start, row.credited_days, row.sentences, row.settings)
        result = cache.get(key)
        if result is None:
            result = cache[key] = _compute(row, decoded)
        new, error = result
        if error != row.error or tuple(row[first_date:last_date]) != new:
            updates.append({"b_id": row.id, "b_version": row.version, "error": error,
                            **dict(zip(_COLUMNS, new, strict=True)),
                            "updated_at": orm.utcnow()})
        effective = dict(zip(_KINDS, new, strict=True))
        for kind_value, day in confirmations.get(row.id, {}).items():
            effective[CustodyDateKind(kind_value)] = day
        lead = leads.get(row.lead_times)
        if lead is None:
            lead = leads[row.lead_times] = decode_lead_times(row.lead_times)
        wanted = warnings.warnings_for(effective, lead, Decision456a(row[decision_at]), today)
        add, remove = warnings.reconcile(wanted, existing.get(row.id, ()))
        remove_ids.extend(remove)
        add_rows.extend({"case_id": row.case_id, "measure_id": None,
                         "kind": ReminderKind.FOLLOW_UP.value, "title": item.title,
                         "due_date": item.due, "due_time": None, "early_warning": None,
                         "done_at": None, "custody_record_id": row.id} for item in add)
    progress.check()
    repo.update_computed(session, updates)
    repo.soft_delete_reminders(session, remove_ids, orm.utcnow())
    repo.insert_reminders(session, add_rows)
    progress.report(total, total, "Haftdaten neu berechnet")
    return len(updates), total, len(add_rows), len(remove_ids)


def _compute(row: Any, decoded: dict[tuple[str, str], tuple[Any, Any]]
             ) -> tuple[tuple[date | None, ...], str]:
    """The record's dates in column order (all None with a German error)."""
    inputs = decoded.get((row.sentences, row.settings))
    if inputs is None:
        inputs = decoded[(row.sentences, row.settings)] = (decode_sentences(row.sentences),
                                                           decode_settings(row.settings))
    try:
        dates = compute(CustodyInput(row.start, inputs[0], row.credited_days, inputs[1]))
    except CustodyInputError as error:
        return (None,) * len(_KINDS), error.text
    return _DATES(dates), ""


_DATES = attrgetter(*(kind.value for kind in _KINDS))
