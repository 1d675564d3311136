"""Read models of conferences built from their rows, and the minutes document's data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from desktop.domain.conferences import (
    REMOTE_PLACE,
    Attendance,
    ConferenceKind,
    ConferenceStatus,
)
from desktop.domain.enums import MeasureOwner, MeasureStatus
from desktop.reports.minutes import (
    Minutes,
    MinutesCase,
    MinutesDecision,
    MinutesItem,
    MinutesParticipant,
)
from desktop.services.conference_models import (
    AgendaItemView,
    ConferenceCaseView,
    ConferenceRow,
    ConferenceView,
    DecisionMeasureView,
    DecisionView,
    OpenDecisionRow,
    ParticipantView,
)
from desktop.storage import orm
from desktop.storage.repositories import conferences as repo
from desktop.storage.unit_of_work import UnitOfWork


def person_name(family_name: str, given_names: str) -> str:
    return f"{family_name}, {given_names}" if given_names else family_name


def _measure_view(line: repo.MeasureLine) -> DecisionMeasureView:
    m = line.measure
    return DecisionMeasureView(m.id, m.case_id, line.file_number, MeasureStatus(m.status),
                               m.due_date, m.done_on)


def decision_view(row: orm.ConferenceDecision,
                  measures: Sequence[DecisionMeasureView]) -> DecisionView:
    return DecisionView(
        id=row.id, text=row.text, owner_label=row.owner_label,
        owner_kind=MeasureOwner(row.owner_kind), owner_partner_id=row.owner_partner_id,
        owner_user_id=row.owner_user_id, owner_name=row.owner_name, due_date=row.due_date,
        measures=tuple(measures))


def conference_view(uow: UnitOfWork, row: orm.Conference) -> ConferenceView:
    session = uow.session
    cases = tuple(ConferenceCaseView(c.case_id, c.file_number,
                                     person_name(c.family_name, c.given_names))
                  for c in repo.case_lines(session, [row.id]))
    people = tuple(
        ParticipantView(p.id, p.contact_id, p.partner_id, p.user_id, p.name, p.organisation,
                        p.role, p.email, Attendance(p.attendance), p.on_distribution_list)
        for p in repo.participants(session, row.id))
    decisions = repo.decisions(session, row.id)
    measures: dict[str, list[DecisionMeasureView]] = defaultdict(list)
    for line in repo.measure_lines(session, [d.id for d in decisions]):
        measures[line.decision_id].append(_measure_view(line))
    by_item: dict[str, list[DecisionView]] = defaultdict(list)
    for decision in decisions:
        by_item[decision.item_id].append(decision_view(decision, measures[decision.id]))
    items = tuple(AgendaItemView(i.id, i.position, i.title, i.case_id, i.situation,
                                 i.discussion, tuple(by_item[i.id]))
                  for i in repo.items(session, row.id))
    return ConferenceView(
        id=row.id, kind=ConferenceKind(row.kind), status=ConferenceStatus(row.status),
        starts_at=row.starts_at, ends_at=row.ends_at, place=row.place, remote=row.remote,
        organiser_user_id=row.organiser_user_id, organiser=row.organiser_name,
        organiser_email=row.organiser_email, agenda_summary=row.agenda_summary, cases=cases,
        participants=people, items=items, sha256=row.sha256, finalised_at=row.finalised_at,
        version=row.version)


def conference_rows(uow: UnitOfWork, rows: Sequence[orm.Conference]) -> list[ConferenceRow]:
    session = uow.session
    ids = [r.id for r in rows]
    cases: dict[str, list[repo.CaseLine]] = defaultdict(list)
    for line in repo.case_lines(session, ids):
        cases[line.conference_id].append(line)
    counts = repo.participant_counts(session, ids)
    open_decisions = repo.open_decision_ids(session, ids)
    return [ConferenceRow(
        id=r.id, kind=ConferenceKind(r.kind), status=ConferenceStatus(r.status),
        starts_at=r.starts_at, ends_at=r.ends_at, place=place_label(r),
        file_numbers=tuple(c.file_number for c in cases[r.id]),
        case_ids=tuple(c.case_id for c in cases[r.id]), participants=counts.get(r.id, 0),
        open_decisions=len(open_decisions.get(r.id, [])), organiser=r.organiser_name)
        for r in rows]


def open_decision_rows(uow: UnitOfWork, today: date, *, partner_id: str | None,
                       case_id: str | None) -> list[OpenDecisionRow]:
    session = uow.session
    found = repo.open_decision_ids(session, owner_partner_id=partner_id, case_id=case_id)
    decisions = [d for rows in found.values() for d in rows]
    lines: dict[str, list[DecisionMeasureView]] = defaultdict(list)
    for line in repo.measure_lines(session, [d.id for d in decisions]):
        lines[line.decision_id].append(_measure_view(line))
    out = []
    for decision in decisions:
        conference = session.get(orm.Conference, decision.conference_id)
        assert conference is not None
        view = decision_view(decision, lines[decision.id])
        out.append(OpenDecisionRow(
            decision_id=decision.id, conference_id=conference.id,
            conference_day=conference.starts_at.date(), kind=ConferenceKind(conference.kind),
            text=decision.text, owner_label=decision.owner_label,
            owner_partner_id=decision.owner_partner_id, due_date=decision.due_date,
            overdue=decision.due_date < today,
            file_numbers=tuple(m.file_number for m in view.measures),
            case_ids=tuple(m.case_id for m in view.measures), status_text=view.status_text))
    out.sort(key=lambda r: (r.due_date, r.conference_day, r.decision_id))
    return out


def place_label(row: orm.Conference) -> str:
    if row.remote:
        return f"{row.place} ({REMOTE_PLACE})" if row.place else REMOTE_PLACE
    return row.place


def minutes_data(view: ConferenceView, authority: str) -> Minutes:
    numbers = {c.case_id: c.file_number for c in view.cases}
    return Minutes(
        authority=authority, kind=view.kind.label, starts_at=view.starts_at,
        ends_at=view.ends_at, place=view.place_label, organiser=view.organiser,
        participants=tuple(MinutesParticipant(p.name, p.organisation, p.role,
                                              p.attendance.label)
                           for p in view.participants),
        cases=tuple(MinutesCase(c.file_number, c.person_name) for c in view.cases),
        items=tuple(MinutesItem(
            title=i.title, file_number=numbers.get(i.case_id or "", ""),
            situation=i.situation, discussion=i.discussion,
            decisions=tuple(MinutesDecision(d.owner_label, d.text, d.due_date)
                            for d in i.decisions))
            for i in view.items),
        distribution=tuple(p.label for p in view.distribution),
        agenda_summary=view.agenda_summary)
