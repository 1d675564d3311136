"""Read models and errors of the conference service (docs/conferences_api.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.conferences import (
    REMOTE_PLACE,
    Attendance,
    ConferenceKind,
    ConferenceStatus,
    decision_status_text,
    measure_status_text,
)
from desktop.domain.enums import MeasureOwner, MeasureStatus
from desktop.errors import UserFacingError


class ConferenceFrozenError(UserFacingError):
    """The minutes are final: the conference no longer changes."""

    def __init__(self) -> None:
        super().__init__("Das Protokoll ist abgeschlossen und kann nicht mehr geändert werden.")


class DamagedMinutesError(UserFacingError):
    """The stored PDF does not match its SHA-256."""

    def __init__(self) -> None:
        super().__init__("Das gespeicherte Protokoll ist beschädigt (Prüfsumme stimmt nicht).")


@dataclass(frozen=True)
class ConferenceCaseView:
    case_id: str
    file_number: str
    person_name: str


@dataclass(frozen=True)
class ParticipantView:
    id: str
    contact_id: str | None
    partner_id: str | None
    user_id: str | None
    name: str
    organisation: str
    role: str
    email: str
    attendance: Attendance
    on_distribution_list: bool

    @property
    def label(self) -> str:
        if self.name and self.organisation:
            return f"{self.name} ({self.organisation})"
        return self.name or self.organisation


@dataclass(frozen=True)
class DecisionMeasureView:
    measure_id: str
    case_id: str
    file_number: str
    status: MeasureStatus
    due_date: date | None
    done_on: date | None

    @property
    def status_text(self) -> str:
        return measure_status_text(self.status, self.done_on)


@dataclass(frozen=True)
class DecisionView:
    id: str
    text: str
    owner_label: str
    owner_kind: MeasureOwner
    owner_partner_id: str | None
    owner_user_id: str | None
    owner_name: str
    due_date: date
    measures: tuple[DecisionMeasureView, ...]

    @property
    def is_open(self) -> bool:
        return any(m.status == MeasureStatus.OPEN for m in self.measures)

    @property
    def status_text(self) -> str:
        return decision_status_text([(m.status, m.done_on) for m in self.measures])


@dataclass(frozen=True)
class AgendaItemView:
    id: str
    position: int
    title: str
    case_id: str | None
    situation: str
    discussion: str
    decisions: tuple[DecisionView, ...]


@dataclass(frozen=True)
class ConferenceView:
    id: str
    kind: ConferenceKind
    status: ConferenceStatus
    starts_at: datetime
    ends_at: datetime
    place: str
    remote: bool
    organiser_user_id: str | None
    organiser: str
    organiser_email: str
    agenda_summary: str
    cases: tuple[ConferenceCaseView, ...]
    participants: tuple[ParticipantView, ...]
    items: tuple[AgendaItemView, ...]
    sha256: str | None
    finalised_at: datetime | None
    version: int

    @property
    def place_label(self) -> str:
        return REMOTE_PLACE if self.remote and not self.place else (
            f"{self.place} ({REMOTE_PLACE})" if self.remote else self.place)

    @property
    def distribution(self) -> tuple[ParticipantView, ...]:
        return tuple(p for p in self.participants if p.on_distribution_list)

    @property
    def decisions(self) -> tuple[DecisionView, ...]:
        return tuple(d for item in self.items for d in item.decisions)


@dataclass(frozen=True)
class DuplicateHint:
    conference_id: str
    case_id: str
    file_number: str
    starts_at: datetime
    kind: ConferenceKind


@dataclass(frozen=True)
class ScheduleResult:
    conference: ConferenceView
    duplicates: tuple[DuplicateHint, ...]


@dataclass(frozen=True)
class ConferenceRow:
    id: str
    kind: ConferenceKind
    status: ConferenceStatus
    starts_at: datetime
    ends_at: datetime
    place: str
    file_numbers: tuple[str, ...]
    case_ids: tuple[str, ...]
    participants: int
    open_decisions: int
    organiser: str


@dataclass(frozen=True)
class OpenDecisionRow:
    decision_id: str
    conference_id: str
    conference_day: date
    kind: ConferenceKind
    text: str
    owner_label: str
    owner_partner_id: str | None
    due_date: date
    overdue: bool
    file_numbers: tuple[str, ...]
    case_ids: tuple[str, ...]
    status_text: str
