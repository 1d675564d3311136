"""Decisions of a conference become measures (with a Wiedervorlage) in each of its cases.

Runs inside the caller's unit of work. A measure follows its decision while it is open
(title, owner, due date, and its open reminder); a measure already done or cancelled is left
as it is. A decision removed, or a case taken off the conference, removes the open measures
and their open reminders.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain.conferences import DecisionInput, owner_of_partner
from desktop.domain.dates import format_date
from desktop.domain.enums import JournalKind, MeasureOwner, MeasureStatus, PartnerKind, ReminderKind
from desktop.storage import orm
from desktop.storage.repositories import conferences as repo
from desktop.storage.repositories import records
from desktop.storage.repositories import search as search_repo
from desktop.storage.unit_of_work import UnitOfWork

TITLE_MAX = 200


def fit(text: str, length: int = TITLE_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


@dataclass(frozen=True)
class Owner:
    kind: MeasureOwner
    partner_id: str | None
    user_id: str | None
    name: str
    label: str


def resolve_owner(uow: UnitOfWork, data: DecisionInput, key: str,
                  problems: dict[str, str]) -> Owner | None:
    """Who carries out the decision, with a label for the minutes ("Polizei Köln (Herr X)")."""
    name = data.owner_name.strip()
    if data.owner_partner_id:
        partner = records.get_live(uow.session, orm.Partner, data.owner_partner_id)
        if partner is None:
            problems[f"{key}.owner"] = "Die Organisation gibt es nicht mehr."
            return None
        kind = data.owner_kind or owner_of_partner(PartnerKind(partner.kind))
        organisation = partner.short_name or partner.name
        label = f"{organisation} ({name})" if name else organisation
        return Owner(kind, partner.id, None, name, label)
    if data.owner_user_id:
        user = records.get_live(uow.session, orm.User, data.owner_user_id)
        if user is None:
            problems[f"{key}.owner"] = "Die Person gibt es in der RRK nicht."
            return None
        name = name or user.display_name
        return Owner(data.owner_kind or MeasureOwner.RRK, None, user.id, name,
                     f"RRK ({name})")
    kind = data.owner_kind or MeasureOwner.OTHER
    if name:
        label = name if kind == MeasureOwner.OTHER else f"{kind.label} ({name})"
    else:
        label = kind.label
    return Owner(kind, None, None, name, label)


def journal(uow: UnitOfWork, case_id: str, subject: str, text: str) -> None:
    entry = orm.JournalEntry(case_id=case_id, kind=JournalKind.SYSTEM.value,
                             occurred_at=datetime.now(UTC), author_id=uow.actor.user_id,
                             subject=fit(subject), text=text)
    uow.session.add(entry)
    search_repo.index_journal_entry(uow.session, entry)


def _reminder_title(text: str) -> str:
    return fit(f"Beschluss Fallkonferenz: {text}")


def sync(uow: UnitOfWork, decision: orm.ConferenceDecision, case_ids: Collection[str]) -> int:
    """Makes the measures of ``decision`` follow it in each of ``case_ids``; the number of
    measures made."""
    session = uow.session
    lines = {line.measure.case_id: line
             for line in repo.measure_lines(session, [decision.id])}
    links = repo.decision_links(session, decision.id)
    title = fit(decision.text)
    made = 0
    for case_id, line in lines.items():
        measure = line.measure
        if case_id not in case_ids:
            _remove(uow, measure, links.get(measure.id))
            continue
        if measure.status != MeasureStatus.OPEN.value:
            continue
        measure.title = title
        measure.owner = decision.owner_kind
        measure.owner_partner_id = decision.owner_partner_id
        measure.due_date = decision.due_date
        for reminder in repo.measure_reminders(session, [measure.id]):
            if reminder.done_at is None:
                reminder.title = _reminder_title(decision.text)
                reminder.due_date = decision.due_date
    for case_id in case_ids:
        if case_id in lines:
            continue
        measure = orm.Measure(case_id=case_id, title=title, owner=decision.owner_kind,
                              owner_partner_id=decision.owner_partner_id,
                              due_date=decision.due_date, status=MeasureStatus.OPEN.value)
        session.add(measure)
        session.flush()
        session.add(orm.ConferenceDecisionMeasure(decision_id=decision.id,
                                                  measure_id=measure.id, case_id=case_id))
        session.add(orm.Reminder(case_id=case_id, measure_id=measure.id,
                                 kind=ReminderKind.FOLLOW_UP.value,
                                 title=_reminder_title(decision.text),
                                 due_date=decision.due_date))
        journal(uow, case_id, "Maßnahme aus Fallkonferenz angelegt",
                f"{title} ({decision.owner_label}, bis {format_date(decision.due_date)})")
        made += 1
    return made


def remove(uow: UnitOfWork, decision: orm.ConferenceDecision) -> None:
    """Removes a decision: its open measures and their open reminders go with it."""
    links = repo.decision_links(uow.session, decision.id)
    for line in repo.measure_lines(uow.session, [decision.id]):
        _remove(uow, line.measure, links.get(line.measure.id))
    decision.deleted_at = datetime.now(UTC)


def _remove(uow: UnitOfWork, measure: orm.Measure,
            link: orm.ConferenceDecisionMeasure | None) -> None:
    if measure.status != MeasureStatus.OPEN.value:
        return
    now = datetime.now(UTC)
    measure.deleted_at = now
    for reminder in repo.measure_reminders(uow.session, [measure.id]):
        if reminder.done_at is None:
            reminder.deleted_at = now
    if link is not None:
        link.deleted_at = now
    journal(uow, measure.case_id, "Maßnahme aus Fallkonferenz entfallen", measure.title)
