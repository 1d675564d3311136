"""Fallkonferenzen: scheduling, participants, attendance, minutes, decisions that become
measures, frozen minutes, invitations (docs/conferences_api.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from desktop.domain.conferences import (
    AgendaItemInput,
    Attendance,
    ConferenceInput,
    ConferenceKind,
    ConferenceStatus,
    DecisionInput,
    ParticipantInput,
    ScheduledCase,
    likely_duplicates,
    validate_conference,
    validate_minutes,
)
from desktop.domain.dates import format_date
from desktop.domain.summary import SummaryProfile
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.exchange.ics import Attendee, Invitation, conference_uid, invitation_bytes
from desktop.reports.minutes import render_minutes
from desktop.services import conference_decisions as decisions
from desktop.services import conference_views as views
from desktop.services.conference_models import (
    AgendaItemView,
    ConferenceCaseView,
    ConferenceFrozenError,
    ConferenceRow,
    ConferenceView,
    DamagedMinutesError,
    DecisionMeasureView,
    DecisionView,
    DuplicateHint,
    OpenDecisionRow,
    ParticipantView,
    ScheduleResult,
)
from desktop.services.export import check_target, write_audited
from desktop.services.letter_values import letterhead
from desktop.storage import orm
from desktop.storage.repositories import conferences as repo
from desktop.storage.repositories import records
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

__all__ = [
    "AgendaItemInput", "AgendaItemView", "Attendance", "ConferenceCaseView",
    "ConferenceFrozenError", "ConferenceInput", "ConferenceKind", "ConferenceRow",
    "ConferenceService", "ConferenceStatus",
    "ConferenceView", "DamagedMinutesError", "DecisionInput", "DecisionMeasureView",
    "DecisionView", "DuplicateHint", "OpenDecisionRow", "ParticipantInput", "ParticipantView",
    "ScheduleResult",
]

RRK = "RRK"


class ConferenceService:
    def __init__(self, vault: OpenVault, *, today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] | None = None) -> None:
        self._vault = vault
        self._today = today
        # Local wall-clock time; follows ``today`` (the demo and tests fix the day).
        self._now = now or (lambda: datetime.combine(
            today(), datetime.now().time()))  # noqa: DTZ005 - local wall-clock time

    # --- choosing participants -----------------------------------------------------------
    def directory(self) -> list[ParticipantInput]:
        """Contacts of live partners and the RRK users, prefilled as participants."""
        with self._vault.unit_of_work(write=False) as uow:
            people = [ParticipantInput(contact_id=c.id, partner_id=p.id, name=c.name,
                                       organisation=p.name, role=c.function,
                                       email=c.email or p.email)
                      for c, p in repo.directory(uow.session)]
            people += [ParticipantInput(user_id=u.id, name=u.display_name, organisation=RRK)
                       for u in records.users(uow.session) if u.deleted_at is None]
        return people

    def check_duplicates(self, case_ids: Collection[str], day: date, *,
                         exclude_id: str | None = None) -> tuple[DuplicateHint, ...]:
        with self._vault.unit_of_work(write=False) as uow:
            return self._duplicates(uow, case_ids, day, exclude_id)

    # --- scheduling ----------------------------------------------------------------------
    def schedule(self, data: ConferenceInput) -> ScheduleResult:
        """Plans a conference; a conference about the same case on the same day comes back
        as a duplicate hint (saved anyway). Journal entry "Fallkonferenz geplant" per case."""
        return self.save(None, None, data, None)

    def update(self, conference_id: str, expected_version: int,
               data: ConferenceInput) -> ScheduleResult:
        return self.save(conference_id, expected_version, data, None)

    def save(self, conference_id: str | None, expected_version: int | None,
             data: ConferenceInput | None,
             items: tuple[AgendaItemInput, ...] | None) -> ScheduleResult:
        """The conference editor's "Speichern" in ONE unit of work: schedules (no id) or
        updates (``data``) the appointment, then saves the minutes (``items``). Either part
        may be None (not changed; a new conference needs ``data``). Nothing half-saved: if
        the minutes fail, the appointment is not saved either. Same validation, duplicate
        hints, decisions → measures, journal and audit as ``schedule``/``update`` and
        ``save_minutes``."""
        if conference_id is None and data is None:
            raise InvalidInputError({"kind": "Bitte die Konferenz zuerst planen."})
        problems = validate_conference(data) if data is not None else {}
        if data is not None and items is not None:
            problems |= validate_minutes(items, data.starts_at.date())
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            duplicates: tuple[DuplicateHint, ...] = ()
            if conference_id is None:
                assert data is not None
                row, duplicates = self._schedule(uow, data)
            else:
                assert expected_version is not None
                row = self._editable(uow, conference_id, expected_version)
                if data is not None:
                    duplicates = self._update(uow, row, data)
            if items is not None:
                self._save_minutes(uow, row, items)
            uow.session.flush()
            return ScheduleResult(views.conference_view(uow, row), duplicates)

    def _schedule(self, uow: UnitOfWork, data: ConferenceInput,
                  ) -> tuple[orm.Conference, tuple[DuplicateHint, ...]]:
        row = orm.Conference(status=ConferenceStatus.PLANNED.value)
        self._apply(uow, row, data)
        uow.session.add(row)
        uow.session.flush()
        duplicates = self._duplicates(uow, data.case_ids, data.starts_at.date(), row.id)
        self._set_cases(uow, row, data.case_ids)
        self._set_participants(uow, row, data.participants)
        for case_id in data.case_ids:
            decisions.journal(uow, case_id, f"{ConferenceKind(data.kind).label} geplant",
                              f"{self._when(row)}, {views.place_label(row)}")
        uow.audit("conference.schedule", "conference", row.id,
                  {"kind": row.kind, "cases": sorted(data.case_ids),
                   "participants": len(data.participants),
                   "duplicates": len(duplicates)})
        uow.session.flush()
        return row, duplicates

    def _update(self, uow: UnitOfWork, row: orm.Conference,
                data: ConferenceInput) -> tuple[DuplicateHint, ...]:
        moved = row.starts_at.date() != data.starts_at.date()
        self._apply(uow, row, data)
        duplicates = self._duplicates(uow, data.case_ids, data.starts_at.date(), row.id)
        added = self._set_cases(uow, row, data.case_ids)
        self._set_participants(uow, row, data.participants)
        for decision in repo.decisions(uow.session, row.id):
            decisions.sync(uow, decision, data.case_ids)
        for case_id in data.case_ids:
            if case_id in added or moved:
                decisions.journal(uow, case_id, f"{ConferenceKind(data.kind).label} geplant",
                                  f"{self._when(row)}, {views.place_label(row)}")
        self._touch(row)
        uow.audit("conference.update", "conference", row.id,
                  {"kind": row.kind, "cases": sorted(data.case_ids),
                   "participants": len(data.participants), "moved": moved})
        uow.session.flush()
        return duplicates

    def delete(self, conference_id: str, expected_version: int) -> None:
        """Removes a conference that is not final, with the open measures of its decisions."""
        with self._vault.unit_of_work() as uow:
            row = self._editable(uow, conference_id, expected_version)
            for decision in repo.decisions(uow.session, row.id):
                decisions.remove(uow, decision)
            row.deleted_at = datetime.now(UTC)
            uow.audit("conference.delete", "conference", row.id, {})

    def get(self, conference_id: str) -> ConferenceView:
        with self._vault.unit_of_work(write=False) as uow:
            return views.conference_view(uow, self._row(uow, conference_id))

    # --- attendance and distribution -----------------------------------------------------
    def set_attendance(self, conference_id: str, expected_version: int,
                       attendance: Mapping[str, Attendance]) -> ConferenceView:
        with self._vault.unit_of_work() as uow:
            row = self._editable(uow, conference_id, expected_version)
            people = {p.id: p for p in repo.participants(uow.session, row.id)}
            unknown = set(attendance) - set(people)
            if unknown:
                raise InvalidInputError({"participants": "Die Person nimmt nicht teil."})
            for participant_id, value in attendance.items():
                people[participant_id].attendance = Attendance(value).value
            self._held(row)
            self._touch(row)
            uow.audit("conference.attendance", "conference", row.id,
                      {"changed": len(attendance)})
            uow.session.flush()
            return views.conference_view(uow, row)

    def set_distribution(self, conference_id: str, expected_version: int,
                         participant_ids: Collection[str]) -> ConferenceView:
        with self._vault.unit_of_work() as uow:
            row = self._editable(uow, conference_id, expected_version)
            people = repo.participants(uow.session, row.id)
            if set(participant_ids) - {p.id for p in people}:
                raise InvalidInputError({"participants": "Die Person nimmt nicht teil."})
            for person in people:
                person.on_distribution_list = person.id in participant_ids
            self._touch(row)
            uow.audit("conference.distribution", "conference", row.id,
                      {"recipients": len(set(participant_ids))})
            uow.session.flush()
            return views.conference_view(uow, row)

    # --- minutes -------------------------------------------------------------------------
    def save_minutes(self, conference_id: str, expected_version: int,
                     items: tuple[AgendaItemInput, ...]) -> ConferenceView:
        """The whole agenda with minutes and decisions (matched by id; what is missing is
        removed). New decisions become measures with a Wiedervorlage in every case."""
        return self.save(conference_id, expected_version, None, items).conference

    def _save_minutes(self, uow: UnitOfWork, row: orm.Conference,
                      items: tuple[AgendaItemInput, ...]) -> None:
        problems = validate_minutes(items, row.starts_at.date())
        case_ids = [link.case_id for link in repo.links(uow.session, row.id)]
        owners = {}
        for i, item in enumerate(items):
            if item.case_id is not None and item.case_id not in case_ids:
                problems[f"items.{i}.case_id"] = "Der Fall gehört nicht zu dieser Konferenz."
            for j, decision in enumerate(item.decisions):
                key = f"items.{i}.decisions.{j}"
                if decision.has_owner and f"{key}.owner" not in problems:
                    owners[(i, j)] = decisions.resolve_owner(uow, decision, key, problems)
        if problems:
            raise InvalidInputError(problems)
        made = self._write_items(uow, row, items, owners, case_ids)
        self._held(row)
        self._touch(row)
        uow.audit("conference.minutes", "conference", row.id,
                  {"items": len(items),
                   "decisions": sum(len(i.decisions) for i in items),
                   "measures_created": made})
        uow.session.flush()

    def _write_items(self, uow: UnitOfWork, row: orm.Conference,
                     items: tuple[AgendaItemInput, ...],
                     owners: Mapping[tuple[int, int], decisions.Owner | None],
                     case_ids: list[str]) -> int:
        session = uow.session
        now = datetime.now(UTC)
        old_items = {i.id: i for i in repo.items(session, row.id)}
        old_decisions = {d.id: d for d in repo.decisions(session, row.id)}
        kept_items = {item.id for item in items if item.id in old_items}
        kept_decisions = {d.id for item in items for d in item.decisions
                          if d.id in old_decisions}
        for decision_id, decision in old_decisions.items():
            if decision_id not in kept_decisions:
                decisions.remove(uow, decision)
        for item_id, old in old_items.items():
            if item_id not in kept_items:
                old.deleted_at = now
        made = 0
        position = 0
        for i, data in enumerate(items):
            item = old_items.get(data.id or "") or orm.ConferenceItem(conference_id=row.id)
            item.position = i
            item.title = data.title.strip()
            item.case_id = data.case_id
            item.situation = data.situation.strip()
            item.discussion = data.discussion.strip()
            if item.id is None:
                session.add(item)
                session.flush()
            for j, choice in enumerate(data.decisions):
                owner = owners[(i, j)]
                assert owner is not None
                assert choice.due_date is not None
                decision = old_decisions.get(choice.id or "") or orm.ConferenceDecision(
                    conference_id=row.id)
                decision.item_id = item.id
                decision.position = position
                position += 1
                decision.text = choice.text.strip()
                decision.owner_kind = owner.kind.value
                decision.owner_partner_id = owner.partner_id
                decision.owner_user_id = owner.user_id
                decision.owner_name = owner.name
                decision.owner_label = owner.label
                decision.due_date = choice.due_date
                if decision.id is None:
                    session.add(decision)
                session.flush()
                made += decisions.sync(uow, decision, case_ids)
        return made

    # --- freezing ------------------------------------------------------------------------
    def finalise(self, conference_id: str, expected_version: int) -> ConferenceView:
        """Renders the minutes, stores the PDF and its SHA-256 (frozen), writes a journal
        entry in each case."""
        with self._vault.unit_of_work() as uow:
            row = self._editable(uow, conference_id, expected_version)
            view = views.conference_view(uow, row)
            problems = {}
            if row.starts_at > self._now():
                problems["starts_at"] = "Die Konferenz hat noch nicht begonnen."
            if any(p.attendance == Attendance.INVITED for p in view.participants):
                problems["participants"] = ("Bitte für alle Teilnehmenden die Anwesenheit "
                                            "erfassen.")
            if not view.items:
                problems["items"] = "Bitte mindestens einen Tagesordnungspunkt protokollieren."
            if problems:
                raise InvalidInputError(problems)
            pdf = render_minutes(views.minutes_data(view, letterhead(uow.session).authority))
            digest = hashlib.sha256(pdf).hexdigest()
            repo.add_document(uow.session, row.id, pdf)
            row.status = ConferenceStatus.FINAL.value
            row.sha256 = digest
            row.finalised_at = datetime.now(UTC)
            uow.session.flush()
            day = format_date(row.starts_at.date())
            for case in view.cases:
                lines = [f"{d.text} ({d.owner_label}, bis {format_date(d.due_date)})"
                         for item in view.items for d in item.decisions]
                text = "Beschlüsse:\n" + "\n".join(f"– {line}" for line in lines) \
                    if lines else "Keine Beschlüsse."
                decisions.journal(uow, case.case_id,
                                  f"Protokoll {view.kind.label} vom {day} abgeschlossen", text)
            uow.audit("conference.finalise", "conference", row.id,
                      {"sha256": digest, "cases": len(view.cases), "items": len(view.items),
                       "decisions": len(view.decisions)})
            return views.conference_view(uow, row)

    def minutes_pdf(self, conference_id: str, profile: SummaryProfile | None = None) -> bytes:
        """The frozen minutes (profile None, final), a draft (ENTWURF), or the minutes for a
        recipient profile (rendered, not stored); audited."""
        with self._vault.unit_of_work() as uow:
            pdf = self._pdf(uow, conference_id, profile)
            uow.audit("conference.minutes_export", "conference", conference_id,
                      {"profile": profile.value if profile else None, "to_file": False})
        return pdf

    def export_minutes(self, conference_id: str, target: Path, *,
                       profile: SummaryProfile | None = None, overwrite: bool = False) -> Path:
        target = check_target(target, overwrite)
        with self._vault.unit_of_work(write=False) as uow:
            pdf = self._pdf(uow, conference_id, profile)
        return self._write(target, pdf, conference_id, "conference.minutes_export",
                           {"profile": profile.value if profile else None, "to_file": True})

    def _pdf(self, uow: UnitOfWork, conference_id: str,
             profile: SummaryProfile | None) -> bytes:
        row = self._row(uow, conference_id)
        final = row.status == ConferenceStatus.FINAL.value
        if profile is None and final:
            data = repo.document_of(uow.session, row.id)
            if data is None or hashlib.sha256(data).hexdigest() != row.sha256:
                raise DamagedMinutesError
            return data
        view = views.conference_view(uow, row)
        minutes = views.minutes_data(view, letterhead(uow.session).authority)
        return render_minutes(minutes, SummaryProfile(profile) if profile else None,
                              draft=not final)

    # --- lists ---------------------------------------------------------------------------
    def conferences(self, *, upcoming: bool, partner_id: str | None = None,
                    case_id: str | None = None, limit: int = 500) -> list[ConferenceRow]:
        with self._vault.unit_of_work(write=False) as uow:
            rows = repo.conferences(uow.session, upcoming=upcoming, now=self._now(),
                                    partner_id=partner_id, case_id=case_id, limit=limit)
            return views.conference_rows(uow, rows)

    def of_case(self, case_id: str) -> list[ConferenceRow]:
        with self._vault.unit_of_work(write=False) as uow:
            now = self._now()
            rows = (repo.conferences(uow.session, upcoming=True, now=now, case_id=case_id)
                    + repo.conferences(uow.session, upcoming=False, now=now, case_id=case_id))
            rows.sort(key=lambda r: r.starts_at, reverse=True)
            return views.conference_rows(uow, rows)

    def open_decisions(self, *, partner_id: str | None = None,
                       case_id: str | None = None) -> list[OpenDecisionRow]:
        with self._vault.unit_of_work(write=False) as uow:
            return views.open_decision_rows(uow, self._today(), partner_id=partner_id,
                                            case_id=case_id)

    # --- invitation ----------------------------------------------------------------------
    def ics(self, conference_id: str) -> bytes:
        """The invitation (METHOD:REQUEST) with the participants who have an e-mail."""
        with self._vault.unit_of_work() as uow:
            data = self._ics(uow, conference_id)
            uow.audit("conference.ics_export", "conference", conference_id, {"to_file": False})
        return data

    def export_ics(self, conference_id: str, target: Path, *, overwrite: bool = False) -> Path:
        target = check_target(target, overwrite)
        with self._vault.unit_of_work(write=False) as uow:
            data = self._ics(uow, conference_id)
        return self._write(target, data, conference_id, "conference.ics_export",
                           {"to_file": True})

    def _ics(self, uow: UnitOfWork, conference_id: str) -> bytes:
        row = self._row(uow, conference_id)
        view = views.conference_view(uow, row)
        numbers = ", ".join(c.file_number for c in view.cases)
        invitation = Invitation(
            uid=conference_uid(row.id), starts_at=row.starts_at, ends_at=row.ends_at,
            summary=f"{view.kind.label}: {numbers}" if numbers else view.kind.label,
            location=view.place_label, sequence=row.version, last_modified=row.updated_at,
            description=(f"{view.kind.label} der Rückkehrkoordination ({numbers}). "
                         "Einzelheiten in der Fallakte RRK."),
            organiser_email=row.organiser_email, organiser_name=row.organiser_name,
            attendees=tuple(Attendee(p.email, p.label) for p in view.participants if p.email))
        return invitation_bytes(invitation, stamp=datetime.now(UTC))

    # --- helpers -------------------------------------------------------------------------
    def _write(self, target: Path, data: bytes, conference_id: str, action: str,
               details: dict[str, object]) -> Path:
        def audit() -> None:
            with self._vault.unit_of_work() as uow:
                uow.audit(action, "conference", conference_id, details)

        return write_audited(target, data, audit)

    def _row(self, uow: UnitOfWork, conference_id: str) -> orm.Conference:
        row = repo.live_conference(uow.session, conference_id)
        if row is None:
            raise NotFoundError("Die Konferenz wurde nicht gefunden (gelöscht oder nie "
                                "angelegt).")
        return row

    def _editable(self, uow: UnitOfWork, conference_id: str,
                  expected_version: int) -> orm.Conference:
        row = self._row(uow, conference_id)
        if row.status == ConferenceStatus.FINAL.value:
            raise ConferenceFrozenError
        if row.version != expected_version:
            raise StaleDataError
        return row

    def _held(self, row: orm.Conference) -> None:
        if row.status == ConferenceStatus.PLANNED.value and row.starts_at <= self._now():
            row.status = ConferenceStatus.HELD.value

    @staticmethod
    def _touch(row: orm.Conference) -> None:
        """A change of a child counts as a change of the conference (its version)."""
        row.updated_at = datetime.now(UTC)

    @staticmethod
    def _when(row: orm.Conference) -> str:
        return (f"{format_date(row.starts_at.date())}, {row.starts_at:%H:%M}–"
                f"{row.ends_at:%H:%M} Uhr")

    def _apply(self, uow: UnitOfWork, row: orm.Conference, data: ConferenceInput) -> None:
        problems = {}
        for case_id in data.case_ids:
            case = records.get_live(uow.session, orm.Case, case_id)
            if case is None:
                problems["cases"] = "Ein Fall wurde gelöscht oder nie angelegt."
        organiser_id = data.organiser_user_id or self._vault.actor.user_id
        organiser = records.get_live(uow.session, orm.User, organiser_id) \
            if organiser_id else None
        if data.organiser_user_id and organiser is None:
            problems["organiser_user_id"] = "Die Person gibt es in der RRK nicht."
        self._resolve_participants(uow, data.participants, problems)
        if problems:
            raise InvalidInputError(problems)
        row.kind = ConferenceKind(data.kind).value
        row.starts_at = data.starts_at.replace(second=0, microsecond=0)
        row.ends_at = data.ends_at.replace(second=0, microsecond=0)
        row.place = data.place.strip()
        row.remote = data.remote
        row.organiser_user_id = organiser.id if organiser else None
        row.organiser_name = organiser.display_name if organiser else ""
        row.organiser_email = data.organiser_email.strip()
        row.agenda_summary = data.agenda_summary.strip()

    def _resolve_participants(self, uow: UnitOfWork, people: tuple[ParticipantInput, ...],
                              problems: dict[str, str]) -> None:
        session = uow.session
        for i, person in enumerate(people):
            if person.contact_id:
                contact = records.get_live(session, orm.Contact, person.contact_id)
                if contact is None or contact.partner.deleted_at is not None:
                    problems[f"participants.{i}.contact_id"] = ("Die Ansprechperson gibt es "
                                                                "nicht mehr.")
            elif person.partner_id and records.get_live(session, orm.Partner,
                                                        person.partner_id) is None:
                problems[f"participants.{i}.partner_id"] = "Die Organisation gibt es nicht mehr."
            if person.user_id and records.get_live(session, orm.User, person.user_id) is None:
                problems[f"participants.{i}.user_id"] = "Die Person gibt es in der RRK nicht."

    def _set_cases(self, uow: UnitOfWork, row: orm.Conference,
                   case_ids: tuple[str, ...]) -> set[str]:
        """Links exactly ``case_ids``; the ids newly linked."""
        now = datetime.now(UTC)
        old = {link.case_id: link for link in repo.links(uow.session, row.id)}
        for case_id, link in old.items():
            if case_id not in case_ids:
                link.deleted_at = now
        added = set(case_ids) - set(old)
        for case_id in case_ids:
            if case_id in added:
                uow.session.add(orm.ConferenceCase(conference_id=row.id, case_id=case_id))
        uow.session.flush()
        return added

    def _set_participants(self, uow: UnitOfWork, row: orm.Conference,
                          people: tuple[ParticipantInput, ...]) -> None:
        session = uow.session
        old = {p.id: p for p in repo.participants(session, row.id)}
        kept = {p.id for p in people if p.id in old}
        now = datetime.now(UTC)
        for participant_id, participant in old.items():
            if participant_id not in kept:
                participant.deleted_at = now
        for i, data in enumerate(people):
            target = old.get(data.id or "") or orm.ConferenceParticipant(conference_id=row.id)
            name, organisation = data.name.strip(), data.organisation.strip()
            role, email = data.role.strip(), data.email.strip()
            partner_id = data.partner_id
            if data.contact_id:
                contact = session.get(orm.Contact, data.contact_id)
                assert contact is not None
                partner_id = contact.partner_id
                name = name or contact.name
                organisation = organisation or contact.partner.name
                role = role or contact.function
                email = email or contact.email or contact.partner.email
            elif partner_id:
                partner = session.get(orm.Partner, partner_id)
                assert partner is not None
                organisation = organisation or partner.name
                email = email or partner.email
            if data.user_id:
                user = session.get(orm.User, data.user_id)
                assert user is not None
                name = name or user.display_name
                organisation = organisation or RRK
            target.position = i
            target.contact_id = data.contact_id
            target.partner_id = partner_id
            target.user_id = data.user_id
            target.name, target.organisation, target.role, target.email = (
                name, organisation, role, email)
            target.attendance = Attendance(data.attendance).value
            target.on_distribution_list = data.on_distribution_list
            if target.id is None:
                session.add(target)
        session.flush()

    def _duplicates(self, uow: UnitOfWork, case_ids: Collection[str], day: date,
                    exclude_id: str | None) -> tuple[DuplicateHint, ...]:
        found = repo.same_day(uow.session, case_ids, day)
        info = {(cid, case): (kind, number) for cid, case, _s, kind, number in found}
        hits = likely_duplicates(case_ids, day,
                                 [ScheduledCase(cid, case, start)
                                  for cid, case, start, _k, _n in found],
                                 exclude_id=exclude_id)
        return tuple(DuplicateHint(h.conference_id, h.case_id,
                                   info[(h.conference_id, h.case_id)][1], h.starts_at,
                                   ConferenceKind(info[(h.conference_id, h.case_id)][0]))
                     for h in hits)
