"""Reminder use cases: Wiedervorlage, Frist (with Vorfrist) and Termin of a case.

``propose`` computes a due date on NRW working days (``domain.deadlines``) and says why it
moved; ``add``, ``complete`` and ``delete`` are one unit of work each, audited and noted in the
case's Verlauf. Deleting a Frist must be confirmed (``confirmed=True``); deletion is soft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from desktop.domain import deadlines
from desktop.domain.dates import format_date
from desktop.domain.enums import JournalKind, ReminderKind
from desktop.errors import InvalidInputError, NotFoundError, UserFacingError
from desktop.services import mapping
from desktop.services.cases import ReminderInput
from desktop.services.read_models import ReminderView
from desktop.storage import orm
from desktop.storage.repositories import records
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]

EARLIEST_DUE = date(2000, 1, 1)
MAX_YEARS_AHEAD = 10
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


class ConfirmationRequiredError(UserFacingError):
    """Deleting a Frist needs an explicit confirmation."""

    message = ("Eine Frist wird nur nach Rückfrage gelöscht. Bitte das Löschen bestätigen; "
               "es wird protokolliert.")


@dataclass(frozen=True)
class ReminderProposal:
    """A computed due date, its Vorfrist (Fristen only) and a German note (may be empty)."""

    due_date: date
    early_warning: date | None
    note: str = ""


def non_working_reason(day: date) -> str | None:
    """``"Karfreitag"``, ``"ein Samstag"`` … or None for a working day."""
    name = deadlines.holiday_name(day)
    if name:
        return name
    if day.weekday() >= 5:
        return f"ein {WEEKDAYS[day.weekday()]}"
    return None


def _latest_due(today: date) -> date:
    return deadlines.add_months(today, 12 * MAX_YEARS_AHEAD)


class ReminderService:
    """Reminders of the unlocked user's cases. Every method is one unit of work."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        self._vault = vault
        self._today = today

    # --- computing -------------------------------------------------------------------------
    def propose(self, kind: ReminderKind, *, start: date, days: int = 0, weeks: int = 0,
                months: int = 0, warning_working_days: int = 5) -> ReminderProposal:
        """The due date of a ``kind`` reminder ``days``/``weeks``/``months`` after ``start``.

        - Frist: the end of the deadline (§§ 187–193 BGB, § 31 VwVfG NRW) moved to the next
          working day, and a Vorfrist ``warning_working_days`` working days before it (none
          for 0).
        - Wiedervorlage: that many calendar days later, moved forward to a working day.
        - Termin: the day itself; the note warns if it is not a working day.

        Raises:
            InvalidInputError: at ``duration`` (negative, or none for a Frist), ``start`` (a
                date the calendar does not cover) or ``due_date`` (out of range).
        """
        try:
            raw = deadlines.add_months(start, months) + timedelta(days=7 * weeks + days)
            if kind == ReminderKind.DEADLINE:
                due = deadlines.deadline_end(start, days=days, weeks=weeks, months=months)
            elif kind == ReminderKind.FOLLOW_UP:
                if min(days, weeks, months) < 0:
                    raise ValueError("Eine Wiedervorlage kann nicht in der Vergangenheit "
                                     "liegen.")
                due = deadlines.follow_up(deadlines.add_months(start, months),
                                          7 * weeks + days)
            else:
                if min(days, weeks, months) < 0:
                    raise ValueError("Ein Termin kann nicht vor dem Ausgangsdatum liegen.")
                due = raw
                deadlines.holiday_name(due)  # checks the supported years
        except (ValueError, OverflowError) as error:
            key = "start" if "Jahr" in str(error) or "Kalendertag" in str(error) else "duration"
            raise InvalidInputError({key: str(error)}) from None
        self._check_due(due, "due_date")
        note = ""
        reason = non_working_reason(raw)
        if kind == ReminderKind.APPOINTMENT:
            if reason:
                note = f"Achtung: {format_date(due)} ist {reason}."
        elif due != raw and reason:
            note = f"verschoben auf den nächsten Werktag: {format_date(raw)} ist {reason}"
        warning = None
        if kind == ReminderKind.DEADLINE and warning_working_days > 0:
            try:
                warning = deadlines.early_warning(due, warning_working_days)
            except ValueError as error:
                raise InvalidInputError({"early_warning": str(error)}) from None
        return ReminderProposal(due, warning, note)

    # --- reading ---------------------------------------------------------------------------
    def of_case(self, case_id: str) -> list[ReminderView]:
        """The live reminders of ``case_id``: open ones first, each by due date."""
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.reminder_view(r) for r in records.reminders_of(uow.session, case_id)]

    # --- changing --------------------------------------------------------------------------
    def add(self, case_id: str, data: ReminderInput) -> ReminderView:
        problems = self._problems(data)
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            if records.get_live(uow.session, orm.Case, case_id) is None:
                raise NotFoundError("Der Fall wurde nicht gefunden (gelöscht oder nie angelegt).")
            early = data.early_warning if data.kind == ReminderKind.DEADLINE else None
            reminder = orm.Reminder(case_id=case_id, kind=data.kind.value,
                                    title=data.title.strip(), due_date=data.due_date,
                                    due_time=data.due_time or None, early_warning=early)
            uow.session.add(reminder)
            uow.session.flush()
            self._journal(uow, case_id, f"{data.kind.label} angelegt",
                          f"{reminder.title} ({_describe(reminder)})")
            uow.audit("reminder.create", "reminder", reminder.id,
                      {"case_id": case_id, "kind": data.kind.value})
            return mapping.reminder_view(reminder)

    def complete(self, reminder_id: str) -> ReminderView:
        """Marks a reminder done (once); audited and noted in the Verlauf."""
        with self._vault.unit_of_work() as uow:
            reminder = self._get(uow, reminder_id)
            if reminder.done_at is None:
                reminder.done_at = datetime.now(UTC)
                kind = ReminderKind(reminder.kind)
                self._journal(uow, reminder.case_id, f"{kind.label} erledigt",
                              f"{reminder.title} ({_describe(reminder)})")
                uow.audit("reminder.complete", "reminder", reminder.id,
                          {"case_id": reminder.case_id, "kind": kind.value})
                uow.session.flush()
            return mapping.reminder_view(reminder)

    def delete(self, reminder_id: str, *, confirmed: bool) -> None:
        """Removes a reminder (soft). A Frist only with ``confirmed=True``; always audited."""
        with self._vault.unit_of_work() as uow:
            reminder = self._get(uow, reminder_id)
            kind = ReminderKind(reminder.kind)
            if kind == ReminderKind.DEADLINE and not confirmed:
                raise ConfirmationRequiredError
            reminder.deleted_at = orm.utcnow()
            self._journal(uow, reminder.case_id, f"{kind.label} gelöscht",
                          f"{reminder.title} ({_describe(reminder)})")
            uow.audit("reminder.delete", "reminder", reminder.id,
                      {"case_id": reminder.case_id, "kind": kind.value,
                       "confirmed": confirmed, "done": reminder.done_at is not None})

    # --- helpers ---------------------------------------------------------------------------
    def _problems(self, data: ReminderInput) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not data.title.strip():
            problems["title"] = "Bitte einen Titel eingeben."
        elif len(data.title.strip()) > 200:
            problems["title"] = "Höchstens 200 Zeichen."
        try:
            self._check_due(data.due_date, "due_date")
        except InvalidInputError as error:
            problems.update(error.problems)
        if data.kind == ReminderKind.DEADLINE and data.early_warning is not None:
            if data.early_warning > data.due_date:
                problems["early_warning"] = "Die Vorfrist liegt nach der Frist."
            elif data.early_warning < EARLIEST_DUE:
                problems["early_warning"] = "Die Vorfrist liegt vor dem Jahr 2000."
        if data.due_time:
            try:
                datetime.strptime(data.due_time, "%H:%M")  # noqa: DTZ007 - a clock time
            except ValueError:
                problems["due_time"] = "Uhrzeit bitte als HH:MM (z. B. 09:30)."
        return problems

    def _check_due(self, due: date, key: str) -> None:
        if due < EARLIEST_DUE:
            raise InvalidInputError({key: "Das Datum liegt vor dem Jahr 2000."})
        if due > _latest_due(self._today()):
            raise InvalidInputError({key: f"Das Datum liegt mehr als {MAX_YEARS_AHEAD} Jahre "
                                          "in der Zukunft."})

    @staticmethod
    def _get(uow: UnitOfWork, reminder_id: str) -> orm.Reminder:
        reminder = records.get_live(uow.session, orm.Reminder, reminder_id)
        if reminder is None:
            raise NotFoundError("Der Eintrag wurde nicht gefunden (gelöscht oder nie angelegt).")
        return reminder

    def _journal(self, uow: UnitOfWork, case_id: str, subject: str, text: str) -> None:
        uow.session.add(orm.JournalEntry(case_id=case_id, kind=JournalKind.SYSTEM.value,
                                         occurred_at=datetime.now(UTC),
                                         author_id=self._vault.actor.user_id,
                                         subject=subject, text=text))


def _describe(reminder: orm.Reminder) -> str:
    text = f"fällig {format_date(reminder.due_date)}"
    if reminder.due_time:
        text += f", {reminder.due_time} Uhr"
    if reminder.early_warning:
        text += f", Vorfrist {format_date(reminder.early_warning)}"
    return text
