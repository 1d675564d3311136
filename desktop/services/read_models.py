"""Plain read models the services return (frozen dataclasses; never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.dates import PartialDate
from desktop.domain.enums import (
    CaseFlag,
    CaseOutcome,
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
    JournalKind,
    MeasureOwner,
    MeasureStatus,
    PartnerKind,
    ReminderKind,
    Role,
)


class CaseSort(StrEnum):
    FILE_NUMBER = "file_number"
    NAME = "name"
    STATUS = "status"
    DISTRICT = "district"
    INTAKE_DATE = "intake_date"
    UPDATED = "updated"


@dataclass(frozen=True)
class CaseQuery:
    """What the case list shows: a search text, filters and an order (all done in SQL)."""

    search: str = ""
    status: CaseStatus | None = None
    district: District | None = None
    flag: CaseFlag | None = None
    caseworker_id: str | None = None
    sort: CaseSort = CaseSort.FILE_NUMBER
    descending: bool = False


@dataclass(frozen=True)
class UserRef:
    id: str
    name: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class PartnerRef:
    id: str
    kind: PartnerKind
    name: str
    short_name: str
    district: District | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class CaseListRow:
    """One line of the case list."""

    id: str
    file_number: str
    name: str
    birth_date: str
    nationalities: str
    status: CaseStatus
    district: District
    track: CaseTrack
    flags: tuple[CaseFlag, ...]
    caseworker: str
    intake_date: date
    responsible_abh: str


@dataclass(frozen=True)
class AliasView:
    id: str
    family_name: str
    given_names: str
    birth_date: PartialDate | None


@dataclass(frozen=True)
class PersonView:
    id: str
    version: int
    family_name: str
    given_names: str
    birth_name: str
    birth_date: PartialDate | None
    birth_place: str
    nationalities: tuple[str, ...]
    azr_number: str
    aliases: tuple[AliasView, ...]


@dataclass(frozen=True)
class FlagView:
    flag: CaseFlag
    since: date | None
    until: date | None


@dataclass(frozen=True)
class CaseDetail:
    """Everything the case page shows about a case, with the versions for saving."""

    id: str
    version: int
    file_number: str
    district: District
    track: CaseTrack
    status: CaseStatus
    outcome: CaseOutcome | None
    outcome_date: date | None
    intake_source: IntakeSource
    intake_date: date
    intake_reference: str
    responsible_abh: PartnerRef | None
    caseworker: UserRef | None
    summary: str
    flags: tuple[FlagView, ...]
    person: PersonView
    created_at: datetime
    updated_at: datetime
    allowed_statuses: tuple[CaseStatus, ...] = field(default=())

    @property
    def active_flags(self) -> frozenset[CaseFlag]:
        return frozenset(f.flag for f in self.flags if f.until is None)


@dataclass(frozen=True)
class MeasureView:
    id: str
    version: int
    case_id: str
    title: str
    owner: MeasureOwner
    owner_partner: PartnerRef | None
    due_date: date | None
    status: MeasureStatus
    result: str
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class ReminderView:
    id: str
    case_id: str
    kind: ReminderKind
    title: str
    due_date: date
    due_time: str | None
    early_warning: date | None
    done: bool


@dataclass(frozen=True)
class JournalView:
    id: str
    case_id: str
    kind: JournalKind
    occurred_at: datetime
    author: str
    subject: str
    text: str


@dataclass(frozen=True)
class CheckLine:
    """One line of the security self-test."""

    name: str
    ok: bool
    detail: str
