"""Queries of case conferences: cases, participants, agenda, decisions and their measures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from desktop.storage.orm import (
    Case,
    Conference,
    ConferenceCase,
    ConferenceDecision,
    ConferenceDecisionMeasure,
    ConferenceDocument,
    ConferenceItem,
    ConferenceParticipant,
    Contact,
    Measure,
    Partner,
    Person,
    Reminder,
)


@dataclass(frozen=True)
class CaseLine:
    conference_id: str
    case_id: str
    file_number: str
    family_name: str
    given_names: str


@dataclass(frozen=True)
class MeasureLine:
    decision_id: str
    measure: Measure
    file_number: str


def live_conference(session: Session, conference_id: str) -> Conference | None:
    row = session.get(Conference, conference_id)
    return row if row is not None and row.deleted_at is None else None


def case_lines(session: Session, conference_ids: Collection[str]) -> list[CaseLine]:
    """The live cases of the conferences, in file-number order."""
    if not conference_ids:
        return []
    stmt = (select(ConferenceCase.conference_id, Case.id, Case.file_number, Person.family_name,
                   Person.given_names)
            .join(Case, Case.id == ConferenceCase.case_id)
            .join(Person, Person.id == Case.person_id)
            .where(ConferenceCase.conference_id.in_(list(conference_ids)),
                   ConferenceCase.deleted_at.is_(None), Case.deleted_at.is_(None))
            .order_by(Case.file_number))
    return [CaseLine(*row) for row in session.execute(stmt)]


def links(session: Session, conference_id: str) -> list[ConferenceCase]:
    stmt = select(ConferenceCase).where(ConferenceCase.conference_id == conference_id,
                                        ConferenceCase.deleted_at.is_(None))
    return list(session.execute(stmt).scalars())


def participants(session: Session, conference_id: str) -> list[ConferenceParticipant]:
    stmt = (select(ConferenceParticipant)
            .where(ConferenceParticipant.conference_id == conference_id,
                   ConferenceParticipant.deleted_at.is_(None))
            .order_by(ConferenceParticipant.position))
    return list(session.execute(stmt).scalars())


def items(session: Session, conference_id: str) -> list[ConferenceItem]:
    stmt = (select(ConferenceItem)
            .where(ConferenceItem.conference_id == conference_id,
                   ConferenceItem.deleted_at.is_(None))
            .order_by(ConferenceItem.position))
    return list(session.execute(stmt).scalars())


def decisions(session: Session, conference_id: str) -> list[ConferenceDecision]:
    stmt = (select(ConferenceDecision)
            .where(ConferenceDecision.conference_id == conference_id,
                   ConferenceDecision.deleted_at.is_(None))
            .order_by(ConferenceDecision.position))
    return list(session.execute(stmt).scalars())


def measure_lines(session: Session, decision_ids: Collection[str]) -> list[MeasureLine]:
    """The live measures the decisions became, in file-number order."""
    if not decision_ids:
        return []
    stmt = (select(ConferenceDecisionMeasure.decision_id, Measure, Case.file_number)
            .join(Measure, Measure.id == ConferenceDecisionMeasure.measure_id)
            .join(Case, Case.id == Measure.case_id)
            .where(ConferenceDecisionMeasure.decision_id.in_(list(decision_ids)),
                   ConferenceDecisionMeasure.deleted_at.is_(None),
                   Measure.deleted_at.is_(None), Case.deleted_at.is_(None))
            .order_by(Case.file_number))
    return [MeasureLine(d, m, f) for d, m, f in session.execute(stmt)]


def measure_reminders(session: Session, measure_ids: Collection[str]) -> list[Reminder]:
    """The live reminders linked to the measures."""
    if not measure_ids:
        return []
    stmt = select(Reminder).where(Reminder.measure_id.in_(list(measure_ids)),
                                  Reminder.deleted_at.is_(None))
    return list(session.execute(stmt).scalars())


def same_day(session: Session, case_ids: Collection[str],
             day: date) -> list[tuple[str, str, datetime, str, str]]:
    """(conference id, case id, start, kind, file number) of live conferences on ``day``
    about one of ``case_ids``."""
    if not case_ids:
        return []
    start = datetime.combine(day, datetime.min.time())
    stmt = (select(Conference.id, ConferenceCase.case_id, Conference.starts_at, Conference.kind,
                   Case.file_number)
            .join(ConferenceCase, ConferenceCase.conference_id == Conference.id)
            .join(Case, Case.id == ConferenceCase.case_id)
            .where(ConferenceCase.case_id.in_(list(case_ids)),
                   ConferenceCase.deleted_at.is_(None), Conference.deleted_at.is_(None),
                   Conference.starts_at >= start,
                   Conference.starts_at < start + timedelta(days=1))
            .order_by(Conference.starts_at))
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]


def conferences(session: Session, *, upcoming: bool, now: datetime,
                partner_id: str | None = None, case_id: str | None = None,
                limit: int = 500) -> list[Conference]:
    """Upcoming (not yet ended, soonest first) or past (newest first) live conferences."""
    stmt = select(Conference).where(Conference.deleted_at.is_(None))
    if upcoming:
        stmt = stmt.where(Conference.ends_at >= now).order_by(Conference.starts_at)
    else:
        stmt = stmt.where(Conference.ends_at < now).order_by(Conference.starts_at.desc())
    if partner_id:
        stmt = stmt.where(exists().where(
            ConferenceParticipant.conference_id == Conference.id,
            ConferenceParticipant.partner_id == partner_id,
            ConferenceParticipant.deleted_at.is_(None)))
    if case_id:
        stmt = stmt.where(exists().where(
            ConferenceCase.conference_id == Conference.id, ConferenceCase.case_id == case_id,
            ConferenceCase.deleted_at.is_(None)))
    return list(session.execute(stmt.limit(limit)).scalars())


def participant_counts(session: Session, conference_ids: Collection[str]) -> dict[str, int]:
    if not conference_ids:
        return {}
    stmt = (select(ConferenceParticipant.conference_id, func.count())
            .where(ConferenceParticipant.conference_id.in_(list(conference_ids)),
                   ConferenceParticipant.deleted_at.is_(None))
            .group_by(ConferenceParticipant.conference_id))
    return {row[0]: int(row[1]) for row in session.execute(stmt)}


def open_decision_ids(session: Session, conference_ids: Collection[str] | None = None, *,
                      owner_partner_id: str | None = None,
                      case_id: str | None = None) -> dict[str, list[ConferenceDecision]]:
    """Live decisions of live conferences with at least one open live measure, per
    conference id."""
    open_measure = (select(ConferenceDecisionMeasure.decision_id)
                    .join(Measure, Measure.id == ConferenceDecisionMeasure.measure_id)
                    .join(Case, Case.id == Measure.case_id)
                    .where(ConferenceDecisionMeasure.deleted_at.is_(None),
                           Measure.deleted_at.is_(None), Measure.status == "open",
                           Case.deleted_at.is_(None)))
    if case_id:
        open_measure = open_measure.where(Measure.case_id == case_id)
    stmt = (select(ConferenceDecision)
            .join(Conference, Conference.id == ConferenceDecision.conference_id)
            .where(ConferenceDecision.deleted_at.is_(None), Conference.deleted_at.is_(None),
                   ConferenceDecision.id.in_(open_measure))
            .order_by(ConferenceDecision.due_date, ConferenceDecision.position))
    if conference_ids is not None:
        stmt = stmt.where(ConferenceDecision.conference_id.in_(list(conference_ids)))
    if owner_partner_id:
        stmt = stmt.where(ConferenceDecision.owner_partner_id == owner_partner_id)
    out: dict[str, list[ConferenceDecision]] = defaultdict(list)
    for row in session.execute(stmt).scalars():
        out[row.conference_id].append(row)
    return dict(out)


def directory(session: Session) -> list[tuple[Contact, Partner]]:
    """Live contacts of live partners, by organisation and name."""
    stmt = (select(Contact, Partner).join(Partner, Partner.id == Contact.partner_id)
            .where(Contact.deleted_at.is_(None), Partner.deleted_at.is_(None))
            .order_by(Partner.name, Contact.name))
    return [(c, p) for c, p in session.execute(stmt)]


def document_of(session: Session, conference_id: str) -> bytes | None:
    row = session.get(ConferenceDocument, conference_id)
    return None if row is None else bytes(row.pdf)


def add_document(session: Session, conference_id: str, pdf: bytes) -> None:
    session.add(ConferenceDocument(conference_id=conference_id, pdf=pdf))


def decision_links(session: Session, decision_id: str) -> dict[str, ConferenceDecisionMeasure]:
    """The live links of a decision to its measures, by measure id."""
    stmt = select(ConferenceDecisionMeasure).where(
        ConferenceDecisionMeasure.decision_id == decision_id,
        ConferenceDecisionMeasure.deleted_at.is_(None))
    return {link.measure_id: link for link in session.execute(stmt).scalars()}


def demo_cases(session: Session, limit: int) -> list[tuple[str, str, str]]:
    """(case id, district, responsible ABH id) of open live cases with an ABH, for the demo."""
    stmt = (select(Case.id, Case.district, Case.responsible_abh_id)
            .where(Case.deleted_at.is_(None), Case.status.in_(("active", "intake")),
                   Case.responsible_abh_id.is_not(None))
            .order_by(Case.file_number).limit(limit))
    return [(row[0], row[1], row[2] or "") for row in session.execute(stmt)]
