"""Fallkonferenzen: kinds, attendance, the inputs, their validation and the duplicate rule.

A conference (bilateral talk, Fallkonferenz or regular exchange) is about one or more cases,
has participants (a partner's contact, an RRK user or a guest), an agenda and minutes per item
(situation, discussion, decisions). Each decision names who carries it out and by when; the
service turns it into a measure in every case of the conference. Times are local wall-clock
times (Europe/Berlin), naive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.dates import format_date
from desktop.domain.enums import MeasureOwner, MeasureStatus, PartnerKind
from desktop.domain.partners import has_control_characters

REMOTE_PLACE = "Telefon/Video"
TEXT_MAX = 2000
MINUTES_MAX = 10000
NAME_MAX = 200


class ConferenceKind(StrEnum):
    BILATERAL = "bilateral"
    CASE_CONFERENCE = "fallkonferenz"
    REGULAR_EXCHANGE = "regular_exchange"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


class ConferenceStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    FINAL = "final"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


class Attendance(StrEnum):
    INVITED = "invited"
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return _ATTENDANCE_LABELS[self]


_KIND_LABELS = {ConferenceKind.BILATERAL: "Bilaterales Gespräch",
                ConferenceKind.CASE_CONFERENCE: "Fallkonferenz",
                ConferenceKind.REGULAR_EXCHANGE: "Regelmäßiger Austausch"}
_STATUS_LABELS = {ConferenceStatus.PLANNED: "geplant",
                  ConferenceStatus.HELD: "durchgeführt",
                  ConferenceStatus.FINAL: "Protokoll abgeschlossen"}
_ATTENDANCE_LABELS = {Attendance.INVITED: "eingeladen", Attendance.PRESENT: "anwesend",
                      Attendance.EXCUSED: "entschuldigt", Attendance.ABSENT: "nicht erschienen"}

# Who carries out a measure when the owner is a partner of this kind.
_OWNER_OF_PARTNER = {PartnerKind.ABH: MeasureOwner.ABH, PartnerKind.ZAB: MeasureOwner.ZAB,
                     PartnerKind.POLICE: MeasureOwner.POLICE, PartnerKind.STA: MeasureOwner.JUSTICE,
                     PartnerKind.JVA: MeasureOwner.JUSTICE}


def owner_of_partner(kind: PartnerKind) -> MeasureOwner:
    """The measure owner of a decision owned by a partner of ``kind``."""
    return _OWNER_OF_PARTNER.get(kind, MeasureOwner.OTHER)


@dataclass(frozen=True)
class ParticipantInput:
    id: str | None = None
    contact_id: str | None = None
    partner_id: str | None = None
    user_id: str | None = None
    name: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    attendance: Attendance = Attendance.INVITED
    on_distribution_list: bool = True


@dataclass(frozen=True)
class ConferenceInput:
    kind: ConferenceKind
    starts_at: datetime
    ends_at: datetime
    place: str
    remote: bool = False
    case_ids: tuple[str, ...] = ()
    participants: tuple[ParticipantInput, ...] = ()
    agenda_summary: str = ""
    organiser_user_id: str | None = None
    organiser_email: str = ""


@dataclass(frozen=True)
class DecisionInput:
    text: str
    due_date: date | None
    id: str | None = None
    owner_partner_id: str | None = None
    owner_user_id: str | None = None
    owner_name: str = ""
    owner_kind: MeasureOwner | None = None

    @property
    def has_owner(self) -> bool:
        return bool(self.owner_partner_id or self.owner_user_id or self.owner_name.strip()
                    or self.owner_kind is not None)


@dataclass(frozen=True)
class AgendaItemInput:
    title: str
    id: str | None = None
    case_id: str | None = None
    situation: str = ""
    discussion: str = ""
    decisions: tuple[DecisionInput, ...] = ()


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
MSG_LONG = "Höchstens {n} Zeichen."
MSG_CONTROL = "Steuerzeichen (z. B. Tabulator oder Zeilenumbruch) sind nicht erlaubt."


def _line(value: str, limit: int) -> str | None:
    if has_control_characters(value):
        return MSG_CONTROL
    if len(value.strip()) > limit:
        return MSG_LONG.format(n=limit)
    return None


def validate_conference(data: ConferenceInput) -> dict[str, str]:
    """The problems of ``data`` per field (``ends_at``, ``participants``, …); empty if fine."""
    problems: dict[str, str] = {}
    if data.starts_at is None:
        problems["starts_at"] = "Bitte Datum und Uhrzeit des Beginns angeben."
    if data.ends_at is None:
        problems["ends_at"] = "Bitte das Ende angeben."
    elif data.starts_at is not None:
        if data.ends_at <= data.starts_at:
            problems["ends_at"] = "Das Ende liegt vor dem Beginn."
        elif data.ends_at.date() != data.starts_at.date():
            problems["ends_at"] = "Die Konferenz endet an einem anderen Tag."
    if not data.remote and not data.place.strip():
        problems["place"] = "Bitte einen Ort angeben oder „Telefon/Video“ wählen."
    elif (message := _line(data.place, NAME_MAX)) is not None:
        problems["place"] = message
    if not data.case_ids:
        problems["cases"] = "Bitte mindestens einen Fall zuordnen."
    elif len(set(data.case_ids)) != len(data.case_ids):
        problems["cases"] = "Ein Fall ist doppelt zugeordnet."
    if not data.participants:
        problems["participants"] = "Bitte mindestens eine teilnehmende Person angeben."
    for index, person in enumerate(data.participants):
        problems.update(_participant_problems(index, person))
    if len(data.agenda_summary.strip()) > TEXT_MAX:
        problems["agenda_summary"] = MSG_LONG.format(n=TEXT_MAX)
    email = data.organiser_email.strip()
    if email and not _EMAIL.match(email):
        problems["organiser_email"] = "Die E-Mail-Adresse ist ungültig."
    return problems


def _participant_problems(index: int, person: ParticipantInput) -> dict[str, str]:
    key = f"participants.{index}"
    problems: dict[str, str] = {}
    if not (person.name.strip() or person.organisation.strip() or person.contact_id
            or person.user_id or person.partner_id):
        problems[f"{key}.name"] = "Bitte Namen oder Organisation angeben."
    for field in ("name", "organisation", "role", "email"):
        if (message := _line(getattr(person, field), NAME_MAX)) is not None:
            problems[f"{key}.{field}"] = message
    email = person.email.strip()
    if f"{key}.email" not in problems and email and not _EMAIL.match(email):
        problems[f"{key}.email"] = "Die E-Mail-Adresse ist ungültig."
    return problems


def validate_minutes(items: Sequence[AgendaItemInput], day: date) -> dict[str, str]:
    """The problems of an agenda with minutes of a conference held on ``day``."""
    problems: dict[str, str] = {}
    for i, item in enumerate(items):
        key = f"items.{i}"
        if not item.title.strip():
            problems[f"{key}.title"] = "Bitte den Tagesordnungspunkt benennen."
        elif (message := _line(item.title, NAME_MAX)) is not None:
            problems[f"{key}.title"] = message
        for field in ("situation", "discussion"):
            if len(getattr(item, field).strip()) > MINUTES_MAX:
                problems[f"{key}.{field}"] = MSG_LONG.format(n=MINUTES_MAX)
        for j, decision in enumerate(item.decisions):
            problems.update(_decision_problems(f"{key}.decisions.{j}", decision, day))
    return problems


def _decision_problems(key: str, decision: DecisionInput, day: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not decision.text.strip():
        problems[f"{key}.text"] = "Bitte den Beschluss formulieren."
    elif len(decision.text.strip()) > TEXT_MAX:
        problems[f"{key}.text"] = MSG_LONG.format(n=TEXT_MAX)
    if not decision.has_owner:
        problems[f"{key}.owner"] = "Bitte angeben, wer den Beschluss umsetzt."
    elif (message := _line(decision.owner_name, NAME_MAX)) is not None:
        problems[f"{key}.owner"] = message
    if decision.due_date is None:
        problems[f"{key}.due_date"] = "Bitte angeben, bis wann."
    elif decision.due_date < day:
        problems[f"{key}.due_date"] = "Die Frist liegt vor der Konferenz."
    return problems


@dataclass(frozen=True)
class ScheduledCase:
    """A case of an existing conference, for the duplicate rule."""

    conference_id: str
    case_id: str
    starts_at: datetime


def likely_duplicates(case_ids: Iterable[str], day: date, existing: Iterable[ScheduledCase],
                      *, exclude_id: str | None = None) -> list[ScheduledCase]:
    """The existing conferences about one of ``case_ids`` on the same ``day``."""
    wanted = set(case_ids)
    return [c for c in existing
            if c.case_id in wanted and c.starts_at.date() == day
            and c.conference_id != exclude_id]


def measure_status_text(status: MeasureStatus, done_on: date | None) -> str:
    """How a decision's measure stands, for the minutes view: "erledigt am 03.04.2027"."""
    if status == MeasureStatus.DONE:
        return f"erledigt am {format_date(done_on)}" if done_on else "erledigt"
    if status == MeasureStatus.CANCELLED:
        return "entfallen"
    return "offen"


def decision_status_text(measures: Sequence[tuple[MeasureStatus, date | None]]) -> str:
    """The status of a decision from its measures (one per case)."""
    if not measures:
        return "offen"
    live = [(s, d) for s, d in measures if s != MeasureStatus.CANCELLED]
    if not live:
        return "entfallen"
    done = [d for s, d in live if s == MeasureStatus.DONE]
    if len(done) == len(live):
        days = [d for d in done if d is not None]
        return measure_status_text(MeasureStatus.DONE, max(days) if days else None)
    if done:
        return f"{len(done)} von {len(live)} Fällen erledigt"
    return "offen"
