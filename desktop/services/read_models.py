"""Plain read models the services return (frozen dataclasses; never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.azr import AzrItem, AzrStatus
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
from desktop.domain.residence import (
    DocumentKind,
    DuldungType,
    ObstacleKind,
    PassportStatus,
    ReferenceKind,
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
    # Cases with an open measure, reminder or awaited reply due before today (not closed).
    overdue_only: bool = False
    # The unlocked user's cases (resolved by the service, so a saved filter suits anyone).
    mine: bool = False
    open_only: bool = False  # cases that are not closed


@dataclass(frozen=True)
class SavedFilterView:
    """A case-list filter under a name: built in (``builtin``, ``id`` "builtin:…"), or saved
    by the unlocked user."""

    id: str
    name: str
    query: CaseQuery
    builtin: bool = False


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
    languages: str = ""  # normalised: "ar, fr"
    address: str = ""
    birth_country: str = ""  # ISO code as for nationalities, "" unknown


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
    # What the source brought (domain/intake.py keys), sorted (key, text) pairs.
    intake_details: tuple[tuple[str, str], ...] = ()

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
    reply_due: date | None = None  # an answer is expected by then (outgoing entries)
    reply_received_on: date | None = None

    @property
    def awaiting_reply(self) -> bool:
        return self.reply_due is not None and self.reply_received_on is None


@dataclass(frozen=True)
class CheckLine:
    """One line of the security self-test."""

    name: str
    ok: bool
    detail: str


# --- the "Heute" desk ----------------------------------------------------------------------

class DeskItemKind(StrEnum):
    """What a line of the desk is about."""

    MEASURE = "measure"
    FOLLOW_UP = "follow_up"
    DEADLINE = "deadline"
    EARLY_WARNING = "early_warning"
    APPOINTMENT = "appointment"
    DULDUNG = "duldung"
    REPLY = "reply"
    INACTIVE = "inactive"

    @property
    def label(self) -> str:
        return _DESK_KIND_LABELS[self.value]


_DESK_KIND_LABELS = {
    "measure": "Maßnahme", "follow_up": "Wiedervorlage", "deadline": "Frist",
    "early_warning": "Vorfrist", "appointment": "Termin", "duldung": "Duldung",
    "reply": "Antwort ausstehend", "inactive": "Ohne Aktivität",
}


class DeskSectionKey(StrEnum):
    """The sections of the desk, in the order they are shown."""

    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "week"
    DULDUNGEN = "duldungen"
    REPLIES = "replies"
    INACTIVE = "inactive"

    @property
    def label(self) -> str:
        return _DESK_SECTION_LABELS[self.value]


_DESK_SECTION_LABELS = {
    "overdue": "Überfällig", "today": "Heute fällig", "week": "Diese Woche",
    "duldungen": "Duldungen laufen ab", "replies": "Antworten ausstehend",
    "inactive": "Ohne Aktivität",
}


@dataclass(frozen=True)
class DeskItem:
    """One line of the desk.

    ``days_overdue``: > 0 overdue by that many days, 0 due today, < 0 due in the future. For
    ``INACTIVE`` lines (no due date) it is the number of days since the latest journal entry.
    ``source_id`` is the measure, reminder, Duldung, journal entry or case the line is about.
    """

    case_id: str
    file_number: str
    person_name: str
    kind: DeskItemKind
    title: str
    due: date | None
    days_overdue: int
    detail: str
    due_time: str | None = None
    source_id: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.days_overdue > 0


@dataclass(frozen=True)
class DeskSection:
    """The lines of one section, the most pressing first. ``complete`` is False when there
    were more than the build's limit: then ``items`` are the first of them."""

    key: DeskSectionKey
    items: tuple[DeskItem, ...]
    complete: bool = True

    @property
    def title(self) -> str:
        return self.key.label

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Desk:
    """The "Heute" desk as of ``today``: its sections in display order."""

    today: date
    week_end: date
    inactive_days: int
    caseworker_id: str | None
    limit: int  # lines per section at most
    sections: tuple[DeskSection, ...]

    def section(self, key: DeskSectionKey) -> DeskSection:
        for section in self.sections:
            if section.key == key:
                return section
        return DeskSection(key, ())

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)


@dataclass(frozen=True)
class ContactView:
    """A contact person at a partner organisation."""

    id: str
    version: int
    partner_id: str
    name: str
    function: str
    phone: str
    email: str


@dataclass(frozen=True)
class PartnerView:
    """A partner of the directory (Netzwerk) with its contact persons."""

    id: str
    version: int
    kind: PartnerKind
    name: str
    short_name: str
    district: District | None
    street: str
    postcode: str
    city: str
    phone: str
    email: str
    contacts: tuple[ContactView, ...] = ()

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def ref(self) -> PartnerRef:
        return PartnerRef(self.id, self.kind, self.name, self.short_name, self.district)


@dataclass(frozen=True)
class ImportProblem:
    """A problem of one CSV import row: the file's line, the column's header, the message."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportDuplicate:
    """A row skipped because the partner (same name and city) is already there."""

    line: int
    existing_name: str


@dataclass(frozen=True)
class ImportReport:
    """What a partner CSV import found (dry run) or did; ``created`` is 0 in a dry run."""

    rows_total: int
    rows_ok: int
    errors: tuple[ImportProblem, ...]
    created: int
    duplicates: tuple[ImportDuplicate, ...]
    encoding: str
    delimiter: str
    dry_run: bool = True
    new_partners: int = 0  # partners the file adds (merged rows of one partner count once)
    contacts: int = 0
    notes: tuple[str, ...] = ()

    @property
    def error_lines(self) -> int:
        """How many rows have at least one error."""
        return len({problem.line for problem in self.errors})


# --- residence (Duldungen, obstacles, external file numbers, documents) -------------------

@dataclass(frozen=True)
class DuldungView:
    """A Duldung with what the screen needs to warn: current, expired, days left."""

    id: str
    version: int
    case_id: str
    type: DuldungType
    reason: str
    valid_from: date
    valid_until: date | None
    issued_by: str
    current: bool
    expired: bool
    days_left: int | None
    expiring: bool  # still valid, ends within the early-warning period


@dataclass(frozen=True)
class ObstacleView:
    id: str
    version: int
    case_id: str
    kind: ObstacleKind
    description: str
    since: date | None
    until: date | None
    resolved: bool
    active: bool  # not resolved and not ended


@dataclass(frozen=True)
class ExternalReferenceView:
    id: str
    version: int
    case_id: str
    kind: ReferenceKind
    value: str
    authority: str


@dataclass(frozen=True)
class IdentityDocumentView:
    id: str
    version: int
    person_id: str
    kind: DocumentKind
    number: str
    issuing_country: str
    valid_until: date | None
    status: PassportStatus
    expired: bool


@dataclass(frozen=True)
class ResidenceOverview:
    """Everything of the "Aufenthalt" tab of one case, loaded in one call."""

    case_id: str
    duldungen: tuple[DuldungView, ...]
    obstacles: tuple[ObstacleView, ...]
    references: tuple[ExternalReferenceView, ...]
    documents: tuple[IdentityDocumentView, ...]


@dataclass(frozen=True)
class DuplicateView:
    """An existing case whose person may be the new one (duplicate check at intake).

    ``score`` (0–100) only ranks the list and ``reasons`` (German) say why it is listed; the
    caseworker decides, nothing is merged.
    """

    case_id: str
    file_number: str
    name: str
    birth_date: str
    status: CaseStatus
    score: int
    reasons: tuple[str, ...]

    @property
    def strength(self) -> str:
        """``hoch`` (70 and more), ``mittel`` (45–69) or ``niedrig``."""
        if self.score >= 70:
            return "hoch"
        return "mittel" if self.score >= 45 else "niedrig"


@dataclass(frozen=True)
class SearchHit:
    """One case found by the global search (Ctrl+K).

    ``where`` (German) says where it was found — "Name", "Alias", "Aktenzeichen" or
    "Verlauf" — and ``snippet`` shows the matching alias, number or a short excerpt of the
    journal entry.
    """

    case_id: str
    file_number: str
    name: str
    status: CaseStatus
    where: str
    snippet: str


@dataclass(frozen=True)
class AzrCheckView:
    """One point of a case's AZR checklist; ``id`` is None while it was never recorded."""

    case_id: str
    item: AzrItem
    status: AzrStatus
    checked_on: date | None
    note: str
    checked_by: str | None
    id: str | None = None
    version: int = 0

    @property
    def is_open(self) -> bool:
        """Unchecked or incorrect: still work to do."""
        return self.status in (AzrStatus.UNCHECKED, AzrStatus.INCORRECT)


@dataclass(frozen=True)
class AttachmentView:
    """An attachment (Anlage) of a case without its bytes; ``added_by`` is a display name."""

    id: str
    case_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    note: str
    added_at: datetime
    added_by: str
    version: int
