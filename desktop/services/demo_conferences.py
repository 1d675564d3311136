"""Case conferences for the demo vault: past ones with attendance, minutes and decisions that
became measures (some done since), a few with frozen minutes, and upcoming ones. Written
inside the demo build's unit of work with the service's own building blocks; no audit
events of their own."""

from __future__ import annotations

import hashlib
import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

from desktop.domain.conferences import Attendance, ConferenceKind, ConferenceStatus, DecisionInput
from desktop.domain.enums import MeasureStatus
from desktop.reports.minutes import render_minutes
from desktop.services import conference_decisions as decisions
from desktop.services import conference_views as views
from desktop.services.letter_values import letterhead
from desktop.storage import orm
from desktop.storage.repositories import bulk
from desktop.storage.repositories import conferences as repo
from desktop.storage.unit_of_work import UnitOfWork

PAST = 8
UPCOMING = 4
FROZEN = 4  # the oldest past conferences get final minutes (rendered PDFs)
_TOPICS = (
    ("Passersatzbeschaffung", "Kein gültiger Pass; Vorsprache bei der Botschaft steht aus.",
     "Termin bei der Botschaft abstimmen und Vorführung begleiten"),
    ("Reisefähigkeit", "Ärztliche Atteste liegen vor, Einschätzung uneinheitlich.",
     "Amtsärztliche Untersuchung veranlassen"),
    ("Freiwillige Ausreise", "Person zeigt Interesse an Rückkehrberatung.",
     "Rückkehrberatung anbieten und Ergebnis mitteilen"),
    ("Identitätsklärung", "Angaben zur Identität widersprüchlich.",
     "Abgleich mit AZR und Fingerabdrücken veranlassen"),
)


def add_demo_conferences(uow: UnitOfWork, rng: random.Random, today: date,
                         user_id: str) -> Counter[str]:
    session = uow.session
    models = {"measures": orm.Measure, "reminders": orm.Reminder,
              "journal_entries": orm.JournalEntry}
    before = {name: bulk.count(session, model) for name, model in models.items()}
    cases = repo.demo_cases(session, 2 * (PAST + UPCOMING))
    contacts: dict[str, list[tuple[orm.Contact, orm.Partner]]] = defaultdict(list)
    police: dict[str, list[tuple[orm.Contact, orm.Partner]]] = defaultdict(list)
    for contact, partner in repo.directory(session):
        contacts[partner.id].append((contact, partner))
        if partner.kind == "police" and partner.district:
            police[partner.district].append((contact, partner))
    user = session.get(orm.User, user_id)
    authority = letterhead(session).authority
    counts: Counter[str] = Counter()
    for index in range(min(PAST + UPCOMING, len(cases) // 2)):
        picked = cases[2 * index: 2 * index + (2 if index % 3 == 0 else 1)]
        past = index < PAST
        day = today + (timedelta(days=-(7 * (PAST - index) + rng.randrange(0, 5))) if past
                       else timedelta(days=3 + 6 * (index - PAST) + rng.randrange(0, 4)))
        start = datetime.combine(day, time(rng.choice((9, 10, 13, 14))))
        row = orm.Conference(
            kind=rng.choice(list(ConferenceKind)).value, status=ConferenceStatus.PLANNED.value,
            starts_at=start, ends_at=start + timedelta(minutes=rng.choice((60, 90))),
            place="" if index % 4 == 1 else "Bezirksregierung, Besprechungsraum 2",
            remote=index % 4 == 1, organiser_user_id=user_id,
            organiser_name=user.display_name if user else "", organiser_email="",
            agenda_summary="Abstimmung der nächsten Schritte")
        session.add(row)
        session.flush()
        people: list[orm.ConferenceParticipant] = []
        for case_id, district, abh_id in picked:
            session.add(orm.ConferenceCase(conference_id=row.id, case_id=case_id))
            for contact, partner in (contacts.get(abh_id, [])[:1]
                                     + police.get(district, [])[:1]):
                if all(p.contact_id != contact.id for p in people):
                    people.append(_participant(row, contact, partner, len(people)))
        if user:
            people.append(orm.ConferenceParticipant(
                conference_id=row.id, position=len(people), user_id=user.id,
                name=user.display_name, organisation="RRK", role="Moderation", email="",
                attendance=Attendance.INVITED.value, on_distribution_list=True))
        for person in people:
            if past:
                person.attendance = rng.choice((Attendance.PRESENT, Attendance.PRESENT,
                                                Attendance.EXCUSED)).value
            session.add(person)
        session.flush()
        counts["conferences"] += 1
        if not past:
            continue
        _minutes(uow, rng, row, [c for c, _d, _a in picked], people, today)
        row.status = ConferenceStatus.HELD.value
        session.flush()
        if index < FROZEN:
            view = views.conference_view(uow, row)
            pdf = render_minutes(views.minutes_data(view, authority))
            repo.add_document(session, row.id, pdf)
            row.status = ConferenceStatus.FINAL.value
            row.sha256 = hashlib.sha256(pdf).hexdigest()
            row.finalised_at = datetime.now(UTC)
            session.flush()
            counts["frozen_minutes"] += 1
    for name, count in before.items():
        counts[name] = bulk.count(session, models[name]) - count
    return counts


def _participant(row: orm.Conference, contact: orm.Contact, partner: orm.Partner,
                 position: int) -> orm.ConferenceParticipant:
    return orm.ConferenceParticipant(
        conference_id=row.id, position=position, contact_id=contact.id, partner_id=partner.id,
        name=contact.name, organisation=partner.name, role=contact.function,
        email=contact.email or partner.email, attendance=Attendance.INVITED.value,
        on_distribution_list=True)


def _minutes(uow: UnitOfWork, rng: random.Random, row: orm.Conference, case_ids: list[str],
             people: list[orm.ConferenceParticipant], today: date) -> None:
    session = uow.session
    day = row.starts_at.date()
    for position, (title, situation, action) in enumerate(rng.sample(_TOPICS, 2)):
        item = orm.ConferenceItem(conference_id=row.id, position=position, title=title,
                                  situation=situation,
                                  discussion="Die Beteiligten stimmen das Vorgehen ab.")
        session.add(item)
        session.flush()
        owner = people[position % len(people)]
        partner = session.get(orm.Partner, owner.partner_id) if owner.partner_id else None
        problems: dict[str, str] = {}
        resolved = decisions.resolve_owner(uow, DecisionInput(
            action, day + timedelta(days=14), owner_partner_id=partner.id if partner else None,
            owner_user_id=owner.user_id, owner_name=owner.name), "demo", problems)
        assert resolved is not None
        decision = orm.ConferenceDecision(
            conference_id=row.id, item_id=item.id, position=position, text=action,
            owner_kind=resolved.kind.value, owner_partner_id=resolved.partner_id,
            owner_user_id=resolved.user_id, owner_name=resolved.name,
            owner_label=resolved.label, due_date=day + timedelta(days=rng.choice((14, 21, 28))))
        session.add(decision)
        session.flush()
        decisions.sync(uow, decision, case_ids)
        if decision.due_date < today and rng.random() < 0.6:
            for line in repo.measure_lines(session, [decision.id]):
                line.measure.status = MeasureStatus.DONE.value
                line.measure.done_on = min(today, decision.due_date - timedelta(days=2))
                line.measure.result = "Erledigt wie besprochen."
                for reminder in repo.measure_reminders(session, [line.measure.id]):
                    reminder.done_at = datetime.now(UTC)
    session.flush()
