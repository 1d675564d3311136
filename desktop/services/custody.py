"""Haftfallmanagement: the custody record of a case, its computed and confirmed dates, the
early warnings, the custody calendar, notices to the ABH and the iCalendar export.

The contract is docs/custody_api.md. Every change is one unit of work: audited with ids,
kinds and dates only (never names or free text), noted in the case's Verlauf, and the
record's early-warning reminders are recomputed in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from desktop.domain.custody import CustodyDates, CustodyInput, CustodyInputError, compute
from desktop.domain.dates import format_date
from desktop.domain.enums import CaseFlag, JournalKind, PartnerKind, ReminderKind
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.exchange import ics as ics_format
from desktop.services import custody_warnings as warnings
from desktop.services.custody_models import (
    DEFAULT_LEAD_TIMES,
    WARNED_KINDS,
    CalendarEntry,
    CustodyDateKind,
    CustodyDateView,
    CustodyInputForm,
    CustodyView,
    Decision456a,
    DetentionKind,
    NoticeView,
    computed_columns,
    decode_lead_times,
    decode_sentences,
    decode_settings,
    encode_lead_times,
    encode_sentences,
    encode_settings,
)
from desktop.services.export import check_target
from desktop.services.progress import Progress
from desktop.storage import orm
from desktop.storage.fileio import write_atomic
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import custody as repo
from desktop.storage.repositories import search as search_repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]

MAX_LEAD_MONTHS = 24
MAX_LEAD_TIMES = 6
MAX_SOURCE = 200


def effective_dates(record: orm.CustodyRecord,
                    confirmations: dict[str, orm.CustodyConfirmation]
                    ) -> dict[CustodyDateKind, date | None]:
    """Confirmed where confirmed, else computed."""
    out: dict[CustodyDateKind, date | None] = {}
    for kind in CustodyDateKind:
        confirmed = confirmations.get(kind.value)
        out[kind] = confirmed.day if confirmed is not None else getattr(record, kind.column)
    return out


def _person_name(person: orm.Person) -> str:
    return ", ".join(p for p in (person.family_name.strip(), person.given_names.strip()) if p)


class CustodyService:
    """The custody records of the unlocked vault (``workspace.custody``)."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        self._vault = vault
        self._today = today

    # --- the Strafzeitrechner ------------------------------------------------------------------
    @staticmethod
    def compute(data: CustodyInput) -> CustodyDates:
        """The engine's dates, nothing stored; a bad input raises InvalidInputError."""
        try:
            return compute(data)
        except CustodyInputError as error:
            raise InvalidInputError({error.field: error.text}) from None

    # --- reading -----------------------------------------------------------------------------
    def of_case(self, case_id: str) -> CustodyView | None:
        """The case's open custody record, or None."""
        with self._vault.unit_of_work(write=False) as uow:
            record = repo.open_record_of_case(uow.session, case_id)
            return None if record is None else self._view(uow, record)

    def get(self, custody_id: str) -> CustodyView:
        with self._vault.unit_of_work(write=False) as uow:
            return self._view(uow, self._record(uow, custody_id))

    # --- changing ----------------------------------------------------------------------------
    def save(self, case_id: str, form: CustodyInputForm,
             expected_version: int | None = None) -> CustodyView:
        """Creates or updates the case's open record and recomputes its dates and warnings.

        Raises:
            InvalidInputError: with the engine's field names (``sentences[0].months``,
                ``credited_days``, ``start``) or ``facility_partner_id``,
                ``booking_number``, ``prosecutor_reference``; nothing is saved.
            StaleDataError: ``expected_version`` is not the record's version.
        """
        detention = DetentionKind(form.detention_kind)
        dates = self.compute(CustodyInput(form.start, tuple(form.sentences), form.credited_days,
                                          form.settings))
        problems = {}
        if len(form.booking_number.strip()) > 50:
            problems["booking_number"] = "Die Buchungsnummer ist zu lang (höchstens 50 Zeichen)."
        if len(form.prosecutor_reference.strip()) > 100:
            problems["prosecutor_reference"] = ("Das Aktenzeichen der StA ist zu lang "
                                                "(höchstens 100 Zeichen).")
        if problems:
            raise InvalidInputError(problems)
        values: dict[str, Any] = {
            "facility_partner_id": form.facility_partner_id,
            "booking_number": form.booking_number.strip(),
            "prosecutor_reference": form.prosecutor_reference.strip(),
            "detention_kind": detention.value, "start": form.start,
            "credited_days": form.credited_days,
            "sentences": encode_sentences(tuple(form.sentences)),
            "settings": encode_settings(form.settings), "error": "",
            **computed_columns(dates)}
        with self._vault.unit_of_work() as uow:
            case = self._case(uow, case_id)
            self._check_facility(uow, form.facility_partner_id)
            record = repo.open_record_of_case(uow.session, case_id)
            created = record is None
            if record is None:
                record = orm.CustodyRecord(case_id=case_id, decision_456a=Decision456a.NONE.value,
                                           lead_times=encode_lead_times(DEFAULT_LEAD_TIMES),
                                           **values)
                uow.session.add(record)
            else:
                self._check_version(record, expected_version)
                changed = [k for k, v in values.items() if getattr(record, k) != v]
                if not changed:
                    return self._view(uow, record)
                for key in changed:
                    setattr(record, key, values[key])
            uow.session.flush()
            self._set_flag(uow, case, form.start)
            self._recompute_warnings(uow, record)
            self._journal(uow, case_id, "Haftfall angelegt" if created else "Haftfall geändert",
                          self._dates_text(record))
            uow.audit("custody.create" if created else "custody.update", "custody_record",
                      record.id, {"case_id": case_id, "start": form.start.isoformat(),
                                  "sentences": len(form.sentences),
                                  "credited_days": form.credited_days,
                                  "detention_kind": detention.value})
            return self._finish(uow, record)

    def confirm_date(self, custody_id: str, expected_version: int, kind: CustodyDateKind,
                     day: date | None, source: str, confirmed_on: date) -> CustodyView:
        """Records a date confirmed by the StA/JVA (it wins over the computed one); ``day``
        None removes the confirmation."""
        kind = CustodyDateKind(kind)
        source = source.strip()
        if day is not None:
            problems = {}
            if not source:
                problems["source"] = "Bitte angeben, wer das Datum bestätigt hat."
            elif len(source) > MAX_SOURCE:
                problems["source"] = f"Die Quelle ist zu lang (höchstens {MAX_SOURCE} Zeichen)."
            if confirmed_on > self._today():
                problems["confirmed_on"] = "Das Datum der Bestätigung liegt in der Zukunft."
            if problems:
                raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            record = self._record(uow, custody_id)
            self._check_version(record, expected_version)
            rows = {r.kind: r for r in repo.confirmations_of(uow.session, record.id)}
            row = rows.get(kind.value)
            if day is None:
                if row is None or row.deleted_at is not None:
                    return self._view(uow, record)
                row.deleted_at = orm.utcnow()
                text = f"{kind.label}: Bestätigung entfernt"
            else:
                if row is None:
                    row = orm.CustodyConfirmation(record_id=record.id, kind=kind.value, day=day,
                                                  source=source, confirmed_on=confirmed_on)
                    uow.session.add(row)
                else:
                    row.day, row.source, row.confirmed_on = day, source, confirmed_on
                    row.deleted_at = None
                text = (f"{kind.label}: {format_date(day)} bestätigt ({source}, "
                        f"{format_date(confirmed_on)})")
            self._touch(record)
            uow.session.flush()
            self._recompute_warnings(uow, record)
            self._journal(uow, record.case_id, "Haftdatum bestätigt", text)
            uow.audit("custody.confirm", "custody_record", record.id,
                      {"kind": kind.value, "day": day.isoformat() if day else None})
            return self._finish(uow, record)

    def set_456a(self, custody_id: str, expected_version: int, decision: Decision456a,
                 on: date | None) -> CustodyView:
        """The § 456a StPO decision (requested, granted, refused) and its date."""
        decision = Decision456a(decision)
        if decision is Decision456a.NONE:
            on = None
        if on is not None and on > self._today():
            raise InvalidInputError({"decision_456a_on": "Das Datum liegt in der Zukunft."})
        return self._change(custody_id, expected_version,
                            {"decision_456a": decision.value, "decision_456a_on": on},
                            "§ 456a StPO", f"{decision.label} {format_date(on)}".strip(),
                            "custody.decision_456a",
                            {"decision": decision.value, "on": on.isoformat() if on else None})

    def set_planned_deportation(self, custody_id: str, expected_version: int,
                                day: date | None) -> CustodyView:
        return self._change(custody_id, expected_version, {"planned_deportation": day},
                            "Geplante Abschiebung", format_date(day) or "entfernt",
                            "custody.planned_deportation",
                            {"day": day.isoformat() if day else None})

    def set_lead_times(self, custody_id: str, expected_version: int,
                       months: tuple[int, ...]) -> CustodyView:
        """The early warnings' lead times in months (1 to 24, at most six; empty: none)."""
        clean = tuple(sorted({int(m) for m in months}, reverse=True))
        if any(not 1 <= m <= MAX_LEAD_MONTHS for m in clean) or len(clean) > MAX_LEAD_TIMES:
            raise InvalidInputError({"lead_times_months": (
                f"Vorlaufzeiten von 1 bis {MAX_LEAD_MONTHS} Monaten, höchstens "
                f"{MAX_LEAD_TIMES}.")})
        text = ", ".join(f"{m} Monate" for m in clean) or "keine"
        return self._change(custody_id, expected_version,
                            {"lead_times": encode_lead_times(clean)}, "Vorfristen Haft", text,
                            "custody.lead_times", {"months": list(clean)})

    def record_notice(self, custody_id: str, sent_on: date, *, letter_id: str | None = None,
                      relevant: CustodyDateKind = CustodyDateKind.HALF_456A,
                      recipient: str | None = None) -> CustodyView:
        """Records that the ABH was told of the release (Mitteilung Haftentlassung);
        ``recipient`` defaults to the case's ABH."""
        if sent_on > self._today():
            raise InvalidInputError({"sent_on": "Das Datum liegt in der Zukunft."})
        with self._vault.unit_of_work() as uow:
            record = self._record(uow, custody_id)
            record_notice_in(uow, record, sent_on, letter_id=letter_id,
                             relevant=CustodyDateKind(relevant), recipient=recipient,
                             actor_id=self._vault.actor.user_id)
            return self._finish(uow, record)

    def end(self, custody_id: str, expected_version: int, released_on: date) -> None:
        """Custody is over: the record is closed, the flag "in Haft" ends on ``released_on``
        and its open early warnings are removed."""
        with self._vault.unit_of_work() as uow:
            record = self._record(uow, custody_id)
            self._check_version(record, expected_version)
            if released_on < record.start:
                raise InvalidInputError({"released_on": "Die Entlassung liegt vor dem "
                                                        "Strafbeginn."})
            if released_on > self._today():
                raise InvalidInputError({"released_on": "Das Datum liegt in der Zukunft."})
            record.released_on = released_on
            flag = repo.custody_flag(uow.session, record.case_id)
            if flag is not None:
                flag.until = released_on
                self._touch_case(uow, record.case_id)
            now = orm.utcnow()
            for reminder in repo.reminders_of_record(uow.session, record.id):
                if reminder.done_at is None:
                    reminder.deleted_at = now
            uow.session.flush()
            self._journal(uow, record.case_id, "Haft beendet",
                          f"Entlassen am {format_date(released_on)}.")
            uow.audit("custody.end", "custody_record", record.id,
                      {"released_on": released_on.isoformat()})

    # --- calendar and export ----------------------------------------------------------------
    def calendar(self, first: date, last: date, *, facility_id: str | None = None,
                 abh_id: str | None = None, caseworker_id: str | None = None
                 ) -> list[CalendarEntry]:
        """Effective release-relevant dates of open records in [first, last], by day."""
        with self._vault.unit_of_work(write=False) as uow:
            return [entry for entry, _record in self._calendar(
                uow, first, last, facility_id, abh_id, caseworker_id)]

    def ics(self, first: date, last: date, *, caseworker_id: str | None = None) -> bytes:
        """The iCalendar file of the dates in [first, last] (see desktop/exchange/ics.py)."""
        with self._vault.unit_of_work(write=False) as uow:
            return self._ics(uow, first, last, caseworker_id)[0]

    def export_ics(self, target: Path, first: date, last: date, *,
                   caseworker_id: str | None = None, via: str = "ui") -> Path:
        """Writes :meth:`ics` to ``target`` atomically; audited (count and range)."""
        target = check_target(target, overwrite=True)
        with self._vault.unit_of_work() as uow:
            data, count = self._ics(uow, first, last, caseworker_id)
            write_atomic(target, data, mode=0o600)
            uow.audit("custody.export_ics", "vault", self._vault.vault_id,
                      {"events": count, "first": first.isoformat(), "last": last.isoformat(),
                       "caseworker_id": caseworker_id, "via": via})
        return target

    # --- refresh -----------------------------------------------------------------------------
    def refresh_all(self, progress: Progress | None = None) -> int:
        """Recomputes the dates and early warnings of every open record (after a change of
        the engine's rules); returns how many records' dates changed. One unit of work."""
        from desktop.services.custody_refresh import refresh_all

        progress = progress or Progress()
        with self._vault.unit_of_work() as uow:
            changed, records, added, removed = refresh_all(uow.session, self._today(),
                                                           progress)
            uow.audit("custody.refresh", "vault", self._vault.vault_id,
                      {"records": records, "changed": changed, "warnings_added": added,
                       "warnings_removed": removed})
        return changed

    # --- helpers -------------------------------------------------------------------------------
    def _change(self, custody_id: str, expected_version: int, values: dict[str, Any],
                subject: str, text: str, action: str, details: dict[str, Any]) -> CustodyView:
        with self._vault.unit_of_work() as uow:
            record = self._record(uow, custody_id)
            self._check_version(record, expected_version)
            if all(getattr(record, k) == v for k, v in values.items()):
                return self._view(uow, record)
            for key, value in values.items():
                setattr(record, key, value)
            uow.session.flush()
            self._recompute_warnings(uow, record)
            self._journal(uow, record.case_id, subject, text)
            uow.audit(action, "custody_record", record.id, details)
            return self._finish(uow, record)

    def _finish(self, uow: UnitOfWork, record: orm.CustodyRecord) -> CustodyView:
        uow.session.flush()
        return self._view(uow, record)

    @staticmethod
    def _touch(record: orm.CustodyRecord) -> None:
        record.updated_at = orm.utcnow()  # the record's version moves with its confirmations

    @staticmethod
    def _touch_case(uow: UnitOfWork, case_id: str) -> None:
        case = case_repo.load_case(uow.session, case_id)
        if case is not None:
            case.updated_at = orm.utcnow()  # a stale case form must not drop the flag

    @staticmethod
    def _check_version(record: orm.CustodyRecord, expected: int | None) -> None:
        if expected is not None and record.version != expected:
            raise StaleDataError

    @staticmethod
    def _case(uow: UnitOfWork, case_id: str) -> orm.Case:
        case = case_repo.load_case(uow.session, case_id)
        if case is None:
            raise NotFoundError("Der Fall wurde nicht gefunden (gelöscht oder nie angelegt).")
        return case

    @staticmethod
    def _record(uow: UnitOfWork, custody_id: str) -> orm.CustodyRecord:
        record = repo.load_record(uow.session, custody_id)
        if record is None or record.released_on is not None:
            raise NotFoundError("Der Haftfall wurde nicht gefunden (beendet oder gelöscht).")
        return record

    @staticmethod
    def _check_facility(uow: UnitOfWork, partner_id: str | None) -> None:
        if partner_id is None:
            return
        partner = uow.session.get(orm.Partner, partner_id)
        if partner is None or partner.deleted_at is not None:
            raise InvalidInputError({"facility_partner_id": "Die JVA ist nicht (mehr) im "
                                                            "Partnerverzeichnis."})
        if partner.kind != PartnerKind.JVA.value:
            raise InvalidInputError({"facility_partner_id": "Bitte eine Justizvollzugsanstalt "
                                                            "wählen."})

    def _set_flag(self, uow: UnitOfWork, case: orm.Case, start: date) -> None:
        flag = repo.custody_flag(uow.session, case.id)
        if flag is None:
            uow.session.add(orm.CaseFlagRow(case_id=case.id, flag=CaseFlag.CUSTODY.value,
                                            since=start))
        elif flag.since == start:
            return
        else:
            flag.since = start
        case.updated_at = orm.utcnow()

    def _recompute_warnings(self, uow: UnitOfWork, record: orm.CustodyRecord) -> None:
        confirmations = repo.live_confirmations(uow.session, [record.id]).get(record.id, {})
        wanted = warnings.warnings_for(effective_dates(record, confirmations),
                                       decode_lead_times(record.lead_times),
                                       Decision456a(record.decision_456a), self._today())
        existing = repo.reminders_of_record(uow.session, record.id)
        add, remove = warnings.reconcile(wanted, (
            warnings.ExistingReminder(r.id, r.title, r.due_date, r.done_at is not None)
            for r in existing))
        now = orm.utcnow()
        for reminder in existing:
            if reminder.id in remove:
                reminder.deleted_at = now
        for item in add:
            uow.session.add(warning_reminder(record, item))

    def _journal(self, uow: UnitOfWork, case_id: str, subject: str, text: str) -> None:
        journal(uow, case_id, subject, text, self._vault.actor.user_id)

    @staticmethod
    def _dates_text(record: orm.CustodyRecord) -> str:
        parts = [f"{kind.label}: {format_date(getattr(record, kind.column))}"
                 for kind in (CustodyDateKind.HALF_456A, CustodyDateKind.HALF,
                              CustodyDateKind.TWO_THIRDS, CustodyDateKind.END,
                              CustodyDateKind.RELEASE_DAY)
                 if getattr(record, kind.column) is not None]
        return f"Strafbeginn {format_date(record.start)}; " + "; ".join(parts) + " (berechnet)"

    def _view(self, uow: UnitOfWork, record: orm.CustodyRecord) -> CustodyView:
        session = uow.session
        confirmations = repo.live_confirmations(session, [record.id]).get(record.id, {})
        dates = tuple(CustodyDateView(
            kind=kind, computed=getattr(record, kind.column),
            confirmed=c.day if (c := confirmations.get(kind.value)) else None,
            confirmed_source=c.source if c else "", confirmed_on=c.confirmed_on if c else None)
            for kind in CustodyDateKind)
        facility = (session.get(orm.Partner, record.facility_partner_id)
                    if record.facility_partner_id else None)
        notices = tuple(NoticeView(
            sent_on=n.sent_on, letter_id=n.letter_id, recipient=n.recipient,
            relevant_date=n.relevant_date,
            days_ahead=None if n.relevant_date is None else (n.relevant_date - n.sent_on).days)
            for n in repo.notices_of(session, record.id))
        return CustodyView(
            id=record.id, case_id=record.case_id, facility_partner_id=record.facility_partner_id,
            facility_name=facility.name if facility is not None else "",
            booking_number=record.booking_number,
            prosecutor_reference=record.prosecutor_reference,
            detention_kind=DetentionKind(record.detention_kind), start=record.start,
            credited_days=record.credited_days, sentences=decode_sentences(record.sentences),
            settings=decode_settings(record.settings), dates=dates, error=record.error,
            decision_456a=Decision456a(record.decision_456a),
            decision_456a_on=record.decision_456a_on,
            planned_deportation=record.planned_deportation,
            lead_times_months=decode_lead_times(record.lead_times), notices=notices,
            version=record.version)

    def _calendar(self, uow: UnitOfWork, first: date, last: date, facility_id: str | None,
                  abh_id: str | None, caseworker_id: str | None
                  ) -> list[tuple[CalendarEntry, orm.CustodyRecord]]:
        session = uow.session
        columns = [kind.column for kind in CustodyDateKind]
        ids = (repo.records_with_dates_between(session, columns, first, last)
               | repo.records_with_confirmations_between(session, first, last))
        rows = repo.calendar_rows(session, sorted(ids), facility_id=facility_id, abh_id=abh_id,
                                  caseworker_id=caseworker_id)
        confirmations = repo.live_confirmations(session, [r.id for r, _c in rows])
        facilities = repo.partner_names(session, (r.facility_partner_id for r, _c in rows
                                                  if r.facility_partner_id))
        out: list[tuple[CalendarEntry, orm.CustodyRecord]] = []
        for record, case in rows:
            confirmed = confirmations.get(record.id, {})
            for kind, day in effective_dates(record, confirmed).items():
                if day is None or not first <= day <= last:
                    continue
                out.append((CalendarEntry(
                    case_id=case.id, file_number=case.file_number,
                    person_name=_person_name(case.person), kind=kind, day=day,
                    confirmed=kind.value in confirmed,
                    facility_name=facilities.get(record.facility_partner_id or "", ""),
                    abh_name=case.responsible_abh.name if case.responsible_abh else "",
                    caseworker=case.caseworker.display_name if case.caseworker else ""),
                    record))
        order = list(CustodyDateKind)
        out.sort(key=lambda item: (item[0].day, item[0].file_number, order.index(item[0].kind)))
        return out

    def _ics(self, uow: UnitOfWork, first: date, last: date,
             caseworker_id: str | None) -> tuple[bytes, int]:
        items = self._calendar(uow, first, last, None, None, caseworker_id)
        events: list[ics_format.IcsEvent] = []
        for entry, record in items:
            lead = decode_lead_times(record.lead_times)
            alarms = (tuple(d for m in lead if (d := _days_before(entry.day, m)) is not None)
                      if entry.kind in WARNED_KINDS else ())
            status = "bestätigt" if entry.confirmed else "berechnet"
            events.append(ics_format.IcsEvent(
                uid=ics_format.event_uid(record.id, entry.kind.value), day=entry.day,
                summary=f"{entry.file_number}: {entry.kind.label}",
                description=f"{entry.kind.label} ({status}). Einzelheiten in der Fallakte RRK "
                            f"unter {entry.file_number}.",
                sequence=record.version, last_modified=record.updated_at,
                alarm_days=alarms, categories=("Haftkalender",)))
        events.extend(self._warning_events(uow, [r for _e, r in items], first, last))
        return ics_format.calendar_bytes(events, stamp=datetime.now(UTC)), len(events)

    def _warning_events(self, uow: UnitOfWork, records: Sequence[orm.CustodyRecord],
                        first: date, last: date) -> list[ics_format.IcsEvent]:
        """Open early warnings (of the records shown) due in [first, last]; the UID names the
        record, the date kind and the lead time, so a recomputed warning keeps it."""
        out = []
        unique = {record.id: record for record in records}
        confirmations = repo.live_confirmations(uow.session, list(unique))
        for record in unique.values():
            wanted = warnings.warnings_for(
                effective_dates(record, confirmations.get(record.id, {})),
                decode_lead_times(record.lead_times), Decision456a(record.decision_456a),
                self._today())
            by_key = {w.key: w for w in wanted}
            file_number = ""
            for reminder in repo.reminders_of_record(uow.session, record.id):
                item = by_key.get((reminder.title, reminder.due_date))
                if (item is None or reminder.done_at is not None
                        or not first <= reminder.due_date <= last):
                    continue
                if not file_number:
                    case = case_repo.load_case(uow.session, record.case_id)
                    file_number = case.file_number if case else ""
                out.append(ics_format.IcsEvent(
                    uid=ics_format.event_uid(record.id,
                                             f"{item.kind.value}-warning-{item.months}m"),
                    day=reminder.due_date, summary=f"{file_number}: {reminder.title}",
                    description="Vorfrist aus dem Haftkalender der Fallakte RRK.",
                    sequence=record.version, last_modified=record.updated_at,
                    categories=("Haftkalender", "Vorfrist")))
        return out


def _days_before(day: date, months: int) -> int | None:
    earlier = warnings.months_before(day, months)
    return None if earlier is None else (day - earlier).days


def warning_reminder(record: orm.CustodyRecord, item: warnings.Warning) -> orm.Reminder:
    return orm.Reminder(case_id=record.case_id, kind=ReminderKind.FOLLOW_UP.value,
                        title=item.title, due_date=item.due, custody_record_id=record.id)


def journal(uow: UnitOfWork, case_id: str, subject: str, text: str,
            author_id: str | None) -> None:
    entry = orm.JournalEntry(case_id=case_id, kind=JournalKind.SYSTEM.value,
                             occurred_at=datetime.now(UTC), author_id=author_id,
                             subject=subject, text=text)
    uow.session.add(entry)
    search_repo.index_journal_entry(uow.session, entry)


def record_notice_in(uow: UnitOfWork, record: orm.CustodyRecord, sent_on: date, *,
                     letter_id: str | None, relevant: CustodyDateKind,
                     recipient: str | None, actor_id: str | None) -> orm.CustodyNotice:
    """Records a notice inside the caller's unit of work (also used when a custody_notice
    letter is finalised)."""
    confirmations = repo.live_confirmations(uow.session, [record.id]).get(record.id, {})
    relevant_date = effective_dates(record, confirmations)[relevant]
    if recipient is None:
        case = case_repo.load_case(uow.session, record.case_id)
        recipient = case.responsible_abh.name if case and case.responsible_abh else ""
    notice = orm.CustodyNotice(record_id=record.id, sent_on=sent_on, letter_id=letter_id,
                               recipient=recipient.strip()[:200], relevant_kind=relevant.value,
                               relevant_date=relevant_date)
    uow.session.add(notice)
    record.updated_at = orm.utcnow()
    uow.session.flush()
    ahead = "" if relevant_date is None else (
        f" ({(relevant_date - sent_on).days} Tage vor {relevant.label} "
        f"{format_date(relevant_date)})")
    journal(uow, record.case_id, "Mitteilung Haftentlassung an die ABH",
            f"Gesendet am {format_date(sent_on)}{ahead}.", actor_id)
    uow.audit("custody.notice", "custody_record", record.id,
              {"sent_on": sent_on.isoformat(), "letter_id": letter_id,
               "relevant": relevant.value,
               "relevant_date": relevant_date.isoformat() if relevant_date else None})
    return notice


def notice_for_letter(uow: UnitOfWork, case_id: str, letter_id: str, sent_on: date,
                      recipient: str, actor_id: str | None) -> bool:
    """The hook of the letters' finalise path: a final custody_notice letter of a case with
    an open custody record is recorded as a notice. Returns whether one was recorded."""
    record = repo.open_record_of_case(uow.session, case_id)
    if record is None:
        return False
    record_notice_in(uow, record, sent_on, letter_id=letter_id,
                     relevant=CustodyDateKind.HALF_456A, recipient=recipient,
                     actor_id=actor_id)
    return True

