"""Controlling (``workspace.controlling``): what the Ausländerbehörden and the caseworkers have
open and overdue, the rows behind every number, and the custody releases ahead with whether the
ABH was informed. Reads only (not audited); the definitions are ``Figure.definition``."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any

from desktop.domain.cases import display_name
from desktop.errors import InvalidInputError
from desktop.services.controlling_models import (
    AUTHORITY_FIGURES,
    CASEWORKER_FIGURES,
    NO_CASEWORKER,
    AuthorityLine,
    CaseworkerLine,
    ControllingItem,
    ControllingOverview,
    Figure,
    ItemKind,
    ReleaseLine,
)
from desktop.services.custody import effective_dates
from desktop.services.custody_models import CustodyDateKind, Decision456a
from desktop.storage.repositories import controlling as repo
from desktop.storage.repositories import custody as custody_repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

__all__ = ["AUTHORITY_FIGURES", "CASEWORKER_FIGURES", "NO_CASEWORKER", "AuthorityLine",
           "CaseworkerLine", "ControllingItem", "ControllingOverview", "ControllingService",
           "Figure", "ItemKind", "ReleaseLine", "add_months"]

RELEASE_MONTHS = (3, 6, 12)
_RELEASE_COLUMNS = ("half_456a_date", "release_day", "end_date")


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` later, clamped to the end of a shorter month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _days(today: date, due: date | None) -> int:
    return max(0, (today - due).days) if due is not None else 0


class _Tally:
    """The figures of one caseworker while the grouped counts are added up."""

    def __init__(self) -> None:
        self.values = dict.fromkeys(CASEWORKER_FIGURES, 0)
        self.earliest: date | None = None

    def add(self, open_figure: Figure, overdue_figure: Figure, total: int, overdue: int,
            earliest: date | None) -> None:
        self.values[open_figure] += total
        self.values[overdue_figure] += overdue or 0
        if earliest is not None and (self.earliest is None or earliest < self.earliest):
            self.earliest = earliest


class ControllingService:
    """See module docstring."""

    def __init__(self, vault: OpenVault, *, today: Callable[[], date] = date.today) -> None:
        self._vault = vault
        self._today = today

    # --- the tables ----------------------------------------------------------------------------
    def overview(self) -> ControllingOverview:
        """Every ABH (live partners of kind ABH with anything open, by name) and every
        caseworker with anything open (cases without one as "ohne Bearbeitung")."""
        today = self._today()
        with self._vault.unit_of_work(write=False) as uow:
            session = uow.session
            names = repo.abh_names(session)
            users = repo.user_names(session)
            measures = repo.measure_counts(session, today)
            reminders = repo.reminder_counts(session, today)
            replies = repo.reply_counts(session, today)
            letters = repo.unanswered_letters(session, today, ("instruction", "status_request"))
        authorities: dict[str, dict[str, Any]] = {}

        def authority(abh_id: str) -> dict[str, Any]:
            return authorities.setdefault(abh_id, {"open_measures": 0, "overdue_measures": 0,
                                                   "earliest": None, "instructions": 0,
                                                   "status_requests": 0})

        tallies: dict[str, _Tally] = {}
        for abh_id, caseworker_id, total, overdue, earliest in map(tuple, measures):
            if abh_id in names:
                line = authority(abh_id)
                line["open_measures"] += total
                line["overdue_measures"] += overdue or 0
                if earliest is not None and (line["earliest"] is None
                                             or earliest < line["earliest"]):
                    line["earliest"] = earliest
            tallies.setdefault(caseworker_id or NO_CASEWORKER, _Tally()).add(
                Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, total, overdue, earliest)
        for caseworker_id, total, overdue, earliest in map(tuple, reminders):
            tallies.setdefault(caseworker_id or NO_CASEWORKER, _Tally()).add(
                Figure.OPEN_REMINDERS, Figure.OVERDUE_REMINDERS, total, overdue, earliest)
        for caseworker_id, total, overdue, earliest in map(tuple, replies):
            tallies.setdefault(caseworker_id or NO_CASEWORKER, _Tally()).add(
                Figure.AWAITED_REPLIES, Figure.OVERDUE_REPLIES, total, overdue, earliest)
        for row in letters:
            if row.abh_id in names:
                key = "instructions" if row.letter_kind == "instruction" else "status_requests"
                authority(row.abh_id)[key] += 1
        abh_lines = sorted(
            (AuthorityLine(abh_id, names[abh_id], v["open_measures"], v["overdue_measures"],
                           _days(today, v["earliest"]), v["instructions"], v["status_requests"])
             for abh_id, v in authorities.items()),
            key=lambda line: (line.name.casefold(), line.partner_id))
        worker_lines = sorted(
            (CaseworkerLine(
                user_id, users.get(user_id, "") if user_id else "ohne Bearbeitung",
                t.values[Figure.OPEN_MEASURES], t.values[Figure.OVERDUE_MEASURES],
                t.values[Figure.OPEN_REMINDERS], t.values[Figure.OVERDUE_REMINDERS],
                t.values[Figure.AWAITED_REPLIES], t.values[Figure.OVERDUE_REPLIES],
                _days(today, t.earliest))
             for user_id, t in tallies.items()),
            key=lambda line: (line.user_id == NO_CASEWORKER, line.name.casefold()))
        return ControllingOverview(today, tuple(abh_lines), tuple(worker_lines))

    # --- the lists behind the numbers ----------------------------------------------------------
    def authority_items(self, partner_id: str, figure: Figure) -> list[ControllingItem]:
        """The rows behind ``figure`` of one ABH, the longest overdue first."""
        if figure not in AUTHORITY_FIGURES:
            raise InvalidInputError({"figure": "Diese Zahl gibt es für eine ABH nicht."})
        today = self._today()
        with self._vault.unit_of_work(write=False) as uow:
            if figure in (Figure.INSTRUCTIONS, Figure.STATUS_REQUESTS):
                kind = "instruction" if figure == Figure.INSTRUCTIONS else "status_request"
                rows = repo.unanswered_letters(uow.session, today, (kind,), abh_id=partner_id)
                return [self._letter_item(today, row) for row in rows]
            rows = repo.measure_rows(uow.session, today, abh_id=partner_id,
                                     overdue_only=figure == Figure.OVERDUE_MEASURES)
            return [self._item(today, ItemKind.MEASURE, row, row.title, row.due_date)
                    for row in rows]

    def caseworker_items(self, user_id: str, figure: Figure) -> list[ControllingItem]:
        """The rows behind ``figure`` of one caseworker (``NO_CASEWORKER``: cases without
        one), the longest overdue first."""
        if figure not in (*CASEWORKER_FIGURES, Figure.OVERDUE_ALL):
            raise InvalidInputError({"figure": "Diese Zahl gibt es für eine Bearbeitung nicht."})
        today = self._today()
        caseworker = user_id or None
        overdue = figure in (Figure.OVERDUE_MEASURES, Figure.OVERDUE_REMINDERS,
                             Figure.OVERDUE_REPLIES, Figure.OVERDUE_ALL)
        items: list[ControllingItem] = []
        with self._vault.unit_of_work(write=False) as uow:
            session = uow.session
            if figure in (Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, Figure.OVERDUE_ALL):
                items += [self._item(today, ItemKind.MEASURE, r, r.title, r.due_date)
                          for r in repo.measure_rows(session, today, caseworker_id=caseworker,
                                                     any_caseworker=False,
                                                     overdue_only=overdue)]
            if figure in (Figure.OPEN_REMINDERS, Figure.OVERDUE_REMINDERS, Figure.OVERDUE_ALL):
                items += [self._item(today, ItemKind.REMINDER, r, r.title, r.due_date)
                          for r in repo.reminder_rows(session, today, caseworker_id=caseworker,
                                                      overdue_only=overdue)]
            if figure in (Figure.AWAITED_REPLIES, Figure.OVERDUE_REPLIES, Figure.OVERDUE_ALL):
                items += [self._item(today, ItemKind.REPLY, r, r.subject, r.reply_due)
                          for r in repo.reply_rows(session, today, caseworker_id=caseworker,
                                                   overdue_only=overdue)]
        if figure == Figure.OVERDUE_ALL:
            items.sort(key=lambda i: (-i.days_overdue, i.file_number, i.kind.value))
        return items

    @staticmethod
    def _item(today: date, kind: ItemKind, row: Any, what: str,
              due: date | None) -> ControllingItem:
        return ControllingItem(row.id, row.case_id, row.file_number,
                               display_name(row.family_name, row.given_names), kind, what, due,
                               _days(today, due))

    @staticmethod
    def _letter_item(today: date, row: Any) -> ControllingItem:
        kind = ItemKind(row.letter_kind)
        return ControllingItem(row.letter_id, row.case_id, row.file_number,
                               display_name(row.family_name, row.given_names), kind,
                               f"{kind.label} Nr. {row.register_number}", row.reply_due,
                               _days(today, row.reply_due))

    # --- custody -------------------------------------------------------------------------------
    def releases(self, months: int) -> list[ReleaseLine]:
        """Open custody records whose release falls from today to ``months`` months ahead.

        The release is the effective (confirmed, else computed) § 456a half date when § 456a
        was granted, else the Entlassungstag, else the Strafende. Informed: a live Mitteilung
        Haftentlassung of the record; ``days_before`` counts from the first one.
        """
        if not 1 <= months <= 24:
            raise InvalidInputError({"months": "Bitte 1 bis 24 Monate wählen."})
        today = self._today()
        last = add_months(today, months)
        with self._vault.unit_of_work(write=False) as uow:
            return self._releases(uow, today, last)

    @staticmethod
    def _releases(uow: UnitOfWork, today: date, last: date) -> list[ReleaseLine]:
        session = uow.session
        ids = (custody_repo.records_with_dates_between(session, _RELEASE_COLUMNS, today, last)
               | custody_repo.records_with_confirmations_between(session, today, last))
        rows = custody_repo.calendar_rows(session, sorted(ids), facility_id=None, abh_id=None,
                                          caseworker_id=None)
        confirmations = custody_repo.live_confirmations(session, [r.id for r, _c in rows])
        facilities = custody_repo.partner_names(
            session, (r.facility_partner_id for r, _c in rows if r.facility_partner_id))
        notices = repo.notices_of_records(session, [r.id for r, _c in rows])
        out: list[ReleaseLine] = []
        for record, case in rows:
            if case.status == "closed":
                continue
            confirmed = confirmations.get(record.id, {})
            dates = effective_dates(record, confirmed)
            kinds = [CustodyDateKind.RELEASE_DAY, CustodyDateKind.END]
            if record.decision_456a == Decision456a.GRANTED.value:
                kinds.insert(0, CustodyDateKind.HALF_456A)
            kind = next((k for k in kinds if dates.get(k) is not None), None)
            day = dates.get(kind) if kind is not None else None
            if kind is None or day is None or not today <= day <= last:
                continue
            sent = [d for d in notices.get(record.id, []) if d <= day]
            first = sent[0] if sent else None
            out.append(ReleaseLine(
                case.id, case.file_number,
                display_name(case.person.family_name, case.person.given_names),
                case.responsible_abh.name if case.responsible_abh else "",
                facilities.get(record.facility_partner_id or "", ""), kind, day,
                kind.value in confirmed, first, (day - first).days if first else None))
        out.sort(key=lambda line: (line.day, line.file_number))
        return out
