"""Custody records for the demo vault: about 15 % of the open cases are in a JVA, with
sentence stacks, credited U-Haft, computed and confirmed dates, § 456a decisions, notices to
the ABH (some late) and their early warnings. Written with bulk inserts inside the demo
build's unit of work, dates from the engine; no audit events of their own."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop.domain.custody import (
    CustodyInput,
    CustodyInputError,
    CustodySettings,
    InterruptAt,
    Sentence,
    SentenceKind,
    compute,
)
from desktop.domain.enums import ReminderKind
from desktop.services import custody_warnings as warnings
from desktop.services.custody_models import (
    DEFAULT_LEAD_TIMES,
    CustodyDateKind,
    Decision456a,
    DetentionKind,
    computed_columns,
    encode_lead_times,
    encode_sentences,
    encode_settings,
)
from desktop.storage.repositories import bulk
from desktop.storage.repositories import custody as repo

UNFLAGGED_SHARE = 0.05  # with the cases already flagged "in Haft": about 15 % of all cases
OPEN_STATUSES = {"intake", "active", "dormant"}
_SETTINGS = encode_settings(CustodySettings())
_LEADS = encode_lead_times(DEFAULT_LEAD_TIMES)


def _sentence(rng: random.Random, today: date) -> Sentence:
    roll = rng.random()
    if roll < 0.05:
        return Sentence(years=rng.choice((1, 2, 3)), months=rng.choice((0, 6)),
                        kind=SentenceKind.YOUTH)
    if roll < 0.10:
        return Sentence(kind=SentenceKind.FINE_DEFAULT, day_fines=rng.randrange(30, 181),
                        final=today - timedelta(days=rng.randrange(30, 700)))
    years = rng.choices((0, 1, 2, 3, 4, 5, 7), (30, 25, 18, 10, 8, 6, 3))[0]
    months = rng.choice((0, 0, 3, 6, 8, 9)) if years else rng.choice((3, 4, 6, 8, 9, 10))
    return Sentence(years=years, months=months,
                    interrupt_at=InterruptAt.HALF if rng.random() < 0.2 else
                    InterruptAt.TWO_THIRDS)


def _days(sentence: Sentence) -> int:
    if sentence.kind is SentenceKind.FINE_DEFAULT:
        return sentence.day_fines // 2
    return int(sentence.years * 365.25 + sentence.months * 30.44) + 7 * sentence.weeks \
        + sentence.days


def add_demo_custody(session: Any, rng: random.Random, today: date) -> dict[str, int]:
    """Writes the demo custody records; returns counts (records, confirmations, notices,
    reminders, flags)."""
    facilities = repo.facilities_by_district(session)
    records: list[dict[str, Any]] = []
    confirmations: list[dict[str, Any]] = []
    notices: list[dict[str, Any]] = []
    reminders: list[dict[str, Any]] = []
    new_flags: list[dict[str, Any]] = []
    moved_flags: list[dict[str, Any]] = []
    for candidate in repo.demo_candidates(session):
        case_id, district, status, flag_id = tuple(candidate)
        if status not in OPEN_STATUSES:
            continue
        if flag_id is None and rng.random() >= UNFLAGGED_SHARE:
            continue
        count = rng.choices((1, 2, 3), (70, 22, 8))[0]
        sentences = tuple(_sentence(rng, today) for _ in range(count))
        if any(s.kind is SentenceKind.YOUTH for s in sentences):
            sentences = sentences[:1]
        credit = 0 if rng.random() < 0.45 else rng.randrange(5, 120)
        term = sum(_days(s) for s in sentences)
        credit = min(credit, max(0, _days(sentences[0]) // 3))
        start = today - timedelta(days=rng.randrange(0, max(1, int(term * 0.8) - credit)))
        try:
            dates = compute(CustodyInput(start, sentences, credit))
        except CustodyInputError:
            continue
        if dates.end is None or dates.end < today:
            continue
        record_id = bulk.new_ids(1)[0]
        decision, decided = _decision(rng, start, today)
        records.append({
            "id": record_id, "case_id": case_id,
            "facility_partner_id": facilities.get(district),
            "booking_number": f"DEMO-B {rng.randrange(100, 9999)}/{start.year % 100:02d}",
            "prosecutor_reference": f"DEMO-StA {rng.randrange(1, 99)} Js "
                                    f"{rng.randrange(100, 9999)}/{start.year % 100:02d}",
            "detention_kind": (DetentionKind.JUGENDSTRAFE if sentences[0].kind is
                               SentenceKind.YOUTH else DetentionKind.ERSATZFREIHEITSSTRAFE
                               if sentences[0].kind is SentenceKind.FINE_DEFAULT
                               else DetentionKind.STRAFHAFT).value,
            "start": start, "credited_days": credit, "sentences": encode_sentences(sentences),
            "settings": _SETTINGS, "decision_456a": decision.value,
            "decision_456a_on": decided, "planned_deportation": None, "lead_times": _LEADS,
            "released_on": None, "error": "", **computed_columns(dates)})
        effective = {kind: getattr(dates, kind.value) for kind in CustodyDateKind}
        if rng.random() < 0.4:
            kind = rng.choice((CustodyDateKind.HALF_456A, CustodyDateKind.END))
            computed = effective[kind]
            if computed is not None:
                day = computed - timedelta(days=rng.choice((0, 0, 0, 1, 2, 7)))
                effective[kind] = day
                confirmations.append({
                    "record_id": record_id, "kind": kind.value, "day": day,
                    "source": f"DEMO-StA {district}, Schreiben",
                    "confirmed_on": min(today, start + timedelta(days=rng.randrange(10, 90)))})
        half = effective[CustodyDateKind.HALF_456A]
        if half is not None and rng.random() < 0.5:
            ahead = rng.choice((180, 120, 100, 90, 60, 30, 14))  # 60 and less: late
            sent = half - timedelta(days=ahead)
            if start <= sent <= today:
                notices.append({"record_id": record_id, "sent_on": sent, "letter_id": None,
                                "recipient": "", "relevant_kind": "half_456a",
                                "relevant_date": half})
        for item in warnings.warnings_for(effective, DEFAULT_LEAD_TIMES, decision, today):
            done = None
            if item.due < today and rng.random() < 0.6:
                done = datetime.combine(item.due, time(10), tzinfo=UTC)
            reminders.append({"case_id": case_id, "measure_id": None,
                              "kind": ReminderKind.FOLLOW_UP.value, "title": item.title,
                              "due_date": item.due, "due_time": None, "early_warning": None,
                              "done_at": done, "custody_record_id": record_id})
        if flag_id is None:
            new_flags.append({"case_id": case_id, "flag": "custody", "since": start,
                              "until": None})
        else:
            moved_flags.append({"b_id": flag_id, "since": start})
    bulk.custody_records(session, records)
    bulk.custody_confirmations(session, confirmations)
    bulk.custody_notices(session, notices)
    bulk.reminders(session, reminders)
    bulk.case_flags(session, new_flags)
    repo.set_flag_since(session, moved_flags)
    return {"custody_records": len(records), "custody_confirmations": len(confirmations),
            "custody_notices": len(notices), "reminders": len(reminders),
            "flags": len(new_flags)}


def _decision(rng: random.Random, start: date, today: date) -> tuple[Decision456a, date | None]:
    roll = rng.random()
    if roll < 0.45:
        return Decision456a.NONE, None
    decision = (Decision456a.REQUESTED if roll < 0.75 else Decision456a.GRANTED
                if roll < 0.93 else Decision456a.REFUSED)
    span = max(0, (today - start).days)
    return decision, start + timedelta(days=rng.randrange(0, span + 1))
