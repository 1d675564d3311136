"""The "Heute" desk: what is overdue, due today and due this week, replies awaited, and cases
without activity.

``DeskService.build()`` reads everything in one read-only unit of work with a few queries
(``storage/repositories/desk.py``) and returns a :class:`Desk` of sections. Each section holds
at most ``limit`` lines, the most pressing first, and says whether there were more.

Two kinds of sources feed it, so that further sections can be added without touching the rest:

- *dated sources* give lines with an action date up to the end of the week, at most
  ``limit + 1`` per date range of :meth:`DeskScope.ranges`; the service sorts them into
  "Überfällig", "Heute fällig" and "Diese Woche";
- *section sources* fill a section of their own ("Ohne Aktivität"), at most ``limit + 1``;
- *look-ahead sources* are dated sources that also look beyond the week: their lines due up to
  the end of the week are sorted like any dated line, those due later go to a section of their
  own. Expiring Duldungen are one: a Duldung whose last valid day is this week or has passed
  is as pressing as a deadline ("Duldung" in "Überfällig", "Heute fällig", "Diese Woche"),
  one that ends later but within :data:`~desktop.domain.residence.DULDUNG_WARNING_DAYS`
  (28) days is listed under "Duldungen laufen ab", so that the renewal can be prepared. A
  line is about the latest live Duldung of a case only (no other starts after it): an expired
  Duldung followed by a new one is done with. One query reads all of them, at most
  ``limit + 1`` per date range (:meth:`DeskScope.ranges` and the weeks after);
- *awaited sources* fill a section of their own with lines that are not yet late, while
  their overdue lines go to "Überfällig" like any overdue line. Replies awaited are one: an
  outgoing letter, e-mail or call with a reply date (``reply_due``) and no reply received is
  listed under "Antworten ausstehend" by that date, and under "Überfällig" once the date has
  passed. Issue 4 (letters) sets the date when a Weisung is finalised; the desk does not care
  where it came from.

Closed and deleted cases never appear. A deadline (Frist) gives one line: its early warning
(Vorfrist) while the deadline itself still lies ahead, the deadline once it has come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop.domain.cases import display_name
from desktop.domain.dates import format_date
from desktop.domain.enums import CaseStatus, JournalKind, MeasureOwner, ReminderKind
from desktop.domain.residence import DULDUNG_WARNING_DAYS, DuldungType
from desktop.errors import InvalidInputError
from desktop.services.read_models import (
    Desk,
    DeskItem,
    DeskItemKind,
    DeskSection,
    DeskSectionKey,
)
from desktop.storage.repositories import desk as repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]
DEFAULT_INACTIVE_DAYS = 60
MAX_INACTIVE_DAYS = 3650
DEFAULT_LIMIT = 500

DATED_SECTIONS = (DeskSectionKey.OVERDUE, DeskSectionKey.TODAY, DeskSectionKey.WEEK)
# The order of kinds among lines of the same day.
KIND_ORDER = {kind: index for index, kind in enumerate((
    DeskItemKind.DEADLINE, DeskItemKind.APPOINTMENT, DeskItemKind.DULDUNG,
    DeskItemKind.EARLY_WARNING, DeskItemKind.MEASURE, DeskItemKind.REPLY,
    DeskItemKind.FOLLOW_UP, DeskItemKind.INACTIVE))}


@dataclass(frozen=True)
class DateRange:
    """The action dates of one dated section: ``first`` (``None``: any earlier) to ``last``."""

    section: DeskSectionKey
    first: date | None
    last: date


@dataclass(frozen=True)
class DeskScope:
    """What one build looks at; handed to every source."""

    today: date
    inactive_days: int
    caseworker_id: str | None
    limit: int

    @property
    def week_end(self) -> date:
        """The Sunday of the current week (today, on a Sunday)."""
        return week_end(self.today)

    def ranges(self) -> tuple[DateRange, ...]:
        """Overdue (before today), today, and the rest of the week (maybe empty)."""
        today = self.today
        ranges = [DateRange(DeskSectionKey.OVERDUE, None, today - timedelta(days=1)),
                  DateRange(DeskSectionKey.TODAY, today, today)]
        if self.week_end > today:
            ranges.append(DateRange(DeskSectionKey.WEEK, today + timedelta(days=1),
                                    self.week_end))
        return tuple(ranges)

    def section_of(self, due: date) -> DeskSectionKey | None:
        if due < self.today:
            return DeskSectionKey.OVERDUE
        if due == self.today:
            return DeskSectionKey.TODAY
        if due <= self.week_end:
            return DeskSectionKey.WEEK
        return None


DatedSource = Callable[[UnitOfWork, DeskScope], Iterable[DeskItem]]
SectionSource = Callable[[UnitOfWork, DeskScope], Iterable[DeskItem]]
# A dated source whose lines due after the week go to the section of the given key.
LookaheadSource = tuple[DeskSectionKey, DatedSource]
# A source whose overdue lines go to "Überfällig", all others to the section of the key.
AwaitedSource = tuple[DeskSectionKey, SectionSource]


def week_end(today: date) -> date:
    """The Sunday of the week of ``today``."""
    return today + timedelta(days=6 - today.weekday())


def days_text(days: int) -> str:
    """``1 Tag`` / ``N Tagen`` (after "seit" or "vor")."""
    return "1 Tag" if days == 1 else f"{days} Tagen"


# --- dated sources ---------------------------------------------------------------------------

def measure_items(uow: UnitOfWork, scope: DeskScope) -> list[DeskItem]:
    """Open measures due up to the end of the week."""
    items = []
    for span in scope.ranges():
        for row in repo.due_measures(uow.session, first=span.first, last=span.last,
                                     limit=scope.limit + 1,
                                     caseworker_id=scope.caseworker_id):
            owner = row.owner_partner or MeasureOwner(row.owner).label
            items.append(DeskItem(
                case_id=row.case_id, file_number=row.file_number,
                person_name=display_name(row.family_name, row.given_names),
                kind=DeskItemKind.MEASURE, title=row.title, due=row.due_date,
                days_overdue=(scope.today - row.due_date).days,
                detail=f"Zuständig: {owner}", source_id=row.id))
    return items


def reminder_items(uow: UnitOfWork, scope: DeskScope) -> list[DeskItem]:
    """Follow-ups, deadlines (or their early warnings) and appointments not yet done."""
    session, today = uow.session, scope.today
    rows = [row for span in scope.ranges()
            for row in repo.due_reminders(session, today=today, first=span.first,
                                          last=span.last, limit=scope.limit + 1,
                                          caseworker_id=scope.caseworker_id)]
    items = [_reminder_item(row, today) for row in rows]
    # Early warnings: one query for the whole window, cut per section here.
    warnings: dict[DeskSectionKey | None, int] = {}
    for row in repo.pending_warnings(session, today=today, last=scope.week_end,
                                     limit=3 * (scope.limit + 1),
                                     caseworker_id=scope.caseworker_id):
        key = scope.section_of(row.early_warning)
        warnings[key] = warnings.get(key, 0) + 1
        if warnings[key] <= scope.limit + 1:
            items.append(_reminder_item(row, today))
    return items


def _reminder_item(row: Any, today: date) -> DeskItem:
    kind = ReminderKind(row.kind)
    due: date = row.due_date
    warning: date | None = row.early_warning
    due_time: str | None = row.due_time
    detail = ""
    if kind == ReminderKind.DEADLINE:
        if warning is not None and warning < due and due > today:
            item_kind = DeskItemKind.EARLY_WARNING
            detail = f"Vorfrist zur Frist am {format_date(due)}"
            due = warning
        else:
            item_kind = DeskItemKind.DEADLINE
            if warning is not None and warning < due:
                detail = f"Vorfrist war am {format_date(warning)}"
    elif kind == ReminderKind.APPOINTMENT:
        item_kind = DeskItemKind.APPOINTMENT
        detail = f"um {due_time} Uhr" if due_time else "ohne Uhrzeit"
    else:
        item_kind = DeskItemKind.FOLLOW_UP
    return DeskItem(
        case_id=row.case_id, file_number=row.file_number,
        person_name=display_name(row.family_name, row.given_names),
        kind=item_kind, title=row.title, due=due,
        days_overdue=(today - due).days, detail=detail,
        due_time=due_time if kind == ReminderKind.APPOINTMENT else None,
        source_id=row.id)


def duldung_items(uow: UnitOfWork, scope: DeskScope) -> list[DeskItem]:
    """The latest Duldung of each open case, expired or ending within 28 days (one query)."""
    today = scope.today
    ranges: list[tuple[date | None, date]] = [(span.first, span.last)
                                              for span in scope.ranges()]
    ranges.append((scope.week_end + timedelta(days=1),
                   today + timedelta(days=DULDUNG_WARNING_DAYS)))
    items = []
    for row in repo.expiring_duldungen(uow.session, ranges=ranges, limit=scope.limit + 1,
                                       caseworker_id=scope.caseworker_id):
        until: date = row.valid_until
        try:
            name = f"Duldung {DuldungType(row.type).label}"
        except ValueError:
            name = "Duldung"
        if until < today:
            title = "abgelaufen, keine Folgeduldung"
            detail = f"{name} ist am {format_date(until)} abgelaufen"
        else:
            title = "läuft ab"
            detail = f"{name} läuft am {format_date(until)} ab"
        items.append(DeskItem(
            case_id=row.case_id, file_number=row.file_number,
            person_name=display_name(row.family_name, row.given_names),
            kind=DeskItemKind.DULDUNG, title=title, due=until,
            days_overdue=(today - until).days, detail=detail, source_id=row.id))
    return items


def reply_items(uow: UnitOfWork, scope: DeskScope) -> list[DeskItem]:
    """Answers awaited to outgoing entries: overdue ones, and those due today or later."""
    today = scope.today
    ranges: list[tuple[date | None, date]] = [(None, today - timedelta(days=1)),
                                              (today, date.max)]
    items = []
    for row in repo.awaited_replies(uow.session, ranges=ranges, limit=scope.limit + 1,
                                    caseworker_id=scope.caseworker_id):
        due: date = row.reply_due
        try:
            what = JournalKind(row.kind).label
        except ValueError:
            what = "Eintrag"
        sent = format_date(row.occurred_at.astimezone().date())
        items.append(DeskItem(
            case_id=row.case_id, file_number=row.file_number,
            person_name=display_name(row.family_name, row.given_names),
            kind=DeskItemKind.REPLY, title=row.subject or what, due=due,
            days_overdue=(today - due).days,
            detail=f"{what} vom {sent}, Antwort erwartet bis {format_date(due)}",
            source_id=row.id))
    return items


# --- sections of their own -------------------------------------------------------------------

def inactive_items(uow: UnitOfWork, scope: DeskScope) -> list[DeskItem]:
    """Open cases whose latest journal entry is ``inactive_days`` or more days old."""
    # Quiet if the (local) day of the latest entry is on or before today - N.
    first_active_day = scope.today - timedelta(days=scope.inactive_days - 1)
    before = datetime.combine(first_active_day, time.min).astimezone(UTC)
    items = []
    for row in repo.quiet_cases(uow.session, before=before, limit=scope.limit + 1,
                                caseworker_id=scope.caseworker_id):
        status = CaseStatus(row.status)
        idle = (scope.today - row.since.astimezone().date()).days
        if row.last_entry is not None:
            title = f"Letzter Eintrag am {format_date(row.last_entry.astimezone().date())}"
            detail = f"seit {days_text(idle)} ohne Eintrag im Verlauf"
        else:
            title = "Kein Eintrag im Verlauf"
            detail = f"seit der Anlage vor {days_text(idle)} ohne Eintrag im Verlauf"
        items.append(DeskItem(
            case_id=row.case_id, file_number=row.file_number,
            person_name=display_name(row.family_name, row.given_names),
            kind=DeskItemKind.INACTIVE, title=title, due=None, days_overdue=idle,
            detail=f"{detail} (Status: {status.label})", source_id=row.case_id))
    return items


DATED_SOURCES: tuple[DatedSource, ...] = (measure_items, reminder_items)
SECTION_SOURCES: tuple[tuple[DeskSectionKey, SectionSource], ...] = (
    (DeskSectionKey.INACTIVE, inactive_items),)
LOOKAHEAD_SOURCES: tuple[LookaheadSource, ...] = (
    (DeskSectionKey.DULDUNGEN, duldung_items),)
AWAITED_SOURCES: tuple[AwaitedSource, ...] = (
    (DeskSectionKey.REPLIES, reply_items),)


# --- sorting ---------------------------------------------------------------------------------

def _same_day_key(item: DeskItem) -> tuple[bool, str, int, str, str]:
    return (item.due_time is None, item.due_time or "", KIND_ORDER[item.kind],
            item.file_number, item.title)


def sort_key(key: DeskSectionKey) -> Callable[[DeskItem], tuple[object, ...]]:
    """Overdue: most days first; today: by time; week, Duldungen and replies: by date;
    others: most days first."""
    if key == DeskSectionKey.TODAY:
        return _same_day_key
    if key in (DeskSectionKey.WEEK, DeskSectionKey.DULDUNGEN, DeskSectionKey.REPLIES):
        return lambda i: (i.due or date.max, *_same_day_key(i))
    return lambda i: (-i.days_overdue, *_same_day_key(i))


def make_section(key: DeskSectionKey, items: Iterable[DeskItem], limit: int) -> DeskSection:
    ordered = sorted(items, key=sort_key(key))
    return DeskSection(key, tuple(ordered[:limit]), complete=len(ordered) <= limit)


# --- the service -----------------------------------------------------------------------------

class DeskService:
    """Builds the "Heute" desk of the unlocked vault (read-only)."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today,
                 dated_sources: Sequence[DatedSource] = DATED_SOURCES,
                 section_sources: Sequence[tuple[DeskSectionKey, SectionSource]]
                 = SECTION_SOURCES,
                 lookahead_sources: Sequence[LookaheadSource] = LOOKAHEAD_SOURCES,
                 awaited_sources: Sequence[AwaitedSource] = AWAITED_SOURCES) -> None:
        self._vault = vault
        self._today = today
        self._dated_sources = tuple(dated_sources)
        self._section_sources = tuple(section_sources)
        self._lookahead_sources = tuple(lookahead_sources)
        self._awaited_sources = tuple(awaited_sources)

    def build(self, *, inactive_days: int = DEFAULT_INACTIVE_DAYS,
              caseworker_id: str | None = None, limit: int = DEFAULT_LIMIT) -> Desk:
        """The desk as of today; ``caseworker_id`` ``None`` means the cases of everyone."""
        if not 1 <= inactive_days <= MAX_INACTIVE_DAYS:
            raise InvalidInputError({"inactive_days": f"Bitte eine Zahl von 1 bis "
                                                      f"{MAX_INACTIVE_DAYS} Tagen angeben."})
        if limit < 1:
            raise ValueError("limit must be positive")
        scope = DeskScope(today=self._today(), inactive_days=inactive_days,
                          caseworker_id=caseworker_id or None, limit=limit)
        grouped: dict[DeskSectionKey, list[DeskItem]] = {key: [] for key in DATED_SECTIONS}
        with self._vault.unit_of_work(write=False) as uow:
            for source in self._dated_sources:
                for item in source(uow, scope):
                    key = scope.section_of(item.due) if item.due is not None else None
                    if key is not None:
                        grouped[key].append(item)
            for later_key, lookahead in self._lookahead_sources:
                later = grouped.setdefault(later_key, [])
                for item in lookahead(uow, scope):
                    key = scope.section_of(item.due) if item.due is not None else None
                    (grouped[key] if key is not None else later).append(item)
            for awaited_key, awaited in self._awaited_sources:
                waiting = grouped.setdefault(awaited_key, [])
                for item in awaited(uow, scope):
                    (grouped[DeskSectionKey.OVERDUE] if item.overdue else waiting).append(item)
            for key, section_source in self._section_sources:
                grouped.setdefault(key, []).extend(section_source(uow, scope))
        order = list(DeskSectionKey)
        sections = tuple(make_section(key, items, limit) for key, items in
                         sorted(grouped.items(), key=lambda pair: order.index(pair[0])))
        return Desk(today=scope.today, week_end=scope.week_end, inactive_days=inactive_days,
                    caseworker_id=scope.caseworker_id, limit=limit, sections=sections)
