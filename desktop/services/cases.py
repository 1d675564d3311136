"""Case use cases: list and search, open, create, edit, status, journal, measures, reminders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from desktop.domain.cases import (
    AliasInput,
    CaseInput,
    PersonInput,
    ValidationError,
    check_transition,
    display_name,
    validate_case,
)
from desktop.domain.dates import format_date
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
    ReminderKind,
)
from desktop.domain.file_numbers import FileNumber
from desktop.domain.intake import (
    decode_details,
    encode_details,
    is_mistra42,
    mistra42_problems,
    normalize_intake_details,
)
from desktop.domain.nationalities import nationality_name
from desktop.domain.residence import parse_languages
from desktop.domain.text import fold
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services import mapping
from desktop.services.duplicates import duplicate_candidates
from desktop.services.read_models import (
    CaseDetail,
    CaseListRow,
    CaseQuery,
    DuplicateView,
    JournalView,
    MeasureView,
    ReminderView,
)
from desktop.storage import orm
from desktop.storage.repositories import cases as repo
from desktop.storage.repositories import records
from desktop.storage.repositories import search as search_repo
from desktop.storage.repositories.person_keys import refresh_person_keys
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]
# The outgoing kinds of entry to which an answer may be awaited (``reply_due``).
REPLY_KINDS = frozenset({JournalKind.LETTER, JournalKind.EMAIL, JournalKind.CALL})


@dataclass(frozen=True)
class CaseChanges:
    """The editable data of an existing case (the district is fixed by its file number)."""

    person: PersonInput
    track: CaseTrack
    intake_source: IntakeSource
    intake_date: date
    intake_reference: str = ""
    flags: frozenset[CaseFlag] = frozenset()
    aliases: tuple[AliasInput, ...] = ()
    responsible_abh_id: str | None = None
    caseworker_id: str | None = None
    summary: str = ""


@dataclass(frozen=True)
class MeasureInput:
    title: str
    owner: MeasureOwner = MeasureOwner.RRK
    owner_partner_id: str | None = None
    due_date: date | None = None


@dataclass(frozen=True)
class ReminderInput:
    kind: ReminderKind
    title: str
    due_date: date
    due_time: str | None = None
    early_warning: date | None = None


def sort_name(family_name: str, given_names: str) -> str:
    return f"{fold(family_name.strip())} {fold(given_names.strip())}".strip()


class CaseService:
    """Case work of the unlocked user. Every method is one unit of work."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        self._vault = vault
        self._today = today

    # --- the list ------------------------------------------------------------------------
    def query_ids(self, query: CaseQuery) -> list[str]:
        """Ids of the matching cases in list order (filters, search and sort in SQL).

        ``mine`` means the unlocked user's cases (it wins over ``caseworker_id``);
        ``overdue_only`` the open cases with something due before today."""
        caseworker_id = self._vault.actor.user_id if query.mine else query.caseworker_id
        if query.mine and not caseworker_id:
            return []
        with self._vault.unit_of_work(write=False) as uow:
            return repo.query_ids(
                uow.session, search=query.search,
                status=query.status.value if query.status else None,
                district=query.district.value if query.district else None,
                flag=query.flag.value if query.flag else None,
                caseworker_id=caseworker_id, sort=query.sort.value,
                descending=query.descending,
                overdue_before=self._today() if query.overdue_only else None,
                open_only=query.open_only)

    def rows(self, ids: Sequence[str]) -> list[CaseListRow]:
        """The list lines of ``ids`` (a page of the lazily filled list), in that order."""
        with self._vault.unit_of_work(write=False) as uow:
            out = []
            for row in repo.list_rows(uow.session, ids):
                nats = [nationality_name(c) for c in (row.nationalities or "").split(",") if c]
                flags = tuple(sorted((CaseFlag(f) for f in (row.flags or "").split(",") if f),
                                     key=list(CaseFlag).index))
                out.append(CaseListRow(
                    id=row.id, file_number=row.file_number,
                    name=display_name(row.family_name, row.given_names),
                    birth_date=row.birth_date.format() if row.birth_date else "",
                    nationalities=", ".join(nats), status=CaseStatus(row.status),
                    district=District(row.district), track=CaseTrack(row.track), flags=flags,
                    caseworker=row.caseworker or "", intake_date=row.intake_date,
                    responsible_abh=row.abh or ""))
            return out

    def search(self, text: str, limit: int = 50) -> list[CaseListRow]:
        """The first ``limit`` cases whose names, aliases or file numbers match ``text``."""
        ids = self.query_ids(CaseQuery(search=text))
        return self.rows(ids[:limit])

    def record_export(self, count: int, fmt: str, query: CaseQuery, *, via: str,
                      columns: Sequence[str] | None = None) -> None:
        """Audits case data leaving the program: what and how many, never the values.

        Whether a search was applied is recorded, never its text; ``columns`` are the keys of
        the exported columns (a file export), not their contents.
        """
        details: dict[str, object] = {
            "count": count, "format": fmt, "search": bool(query.search.strip()),
            "status": query.status.value if query.status else None,
            "district": query.district.value if query.district else None,
            "flag": query.flag.value if query.flag else None,
            "caseworker": query.caseworker_id is not None,
            "mine": query.mine, "overdue": query.overdue_only, "open": query.open_only,
            "filtered": any(v is not None for v in (query.status, query.district, query.flag,
                                                     query.caseworker_id))
            or query.mine or query.overdue_only or query.open_only,
            "via": via}
        if columns is not None:
            details["columns"] = list(columns)
        with self._vault.unit_of_work() as uow:
            uow.audit("case.list_export", "case", None, details)

    def count(self) -> int:
        with self._vault.unit_of_work(write=False) as uow:
            return repo.count_live(uow.session)

    # --- one case ------------------------------------------------------------------------
    def get(self, case_id: str) -> CaseDetail:
        """Opens a case; opening is an audit event."""
        with self._vault.unit_of_work() as uow:
            case = self._load(uow, case_id)
            uow.audit("case.open", "case", case.id)
            return mapping.case_detail(case)

    def find_by_file_number(self, file_number: str) -> str:
        try:
            FileNumber.parse(file_number)
        except ValueError as error:
            raise InvalidInputError({"file_number": str(error)}) from None
        with self._vault.unit_of_work(write=False) as uow:
            found = repo.case_id_by_file_number(uow.session, file_number.strip().upper())
        if found is None:
            raise NotFoundError(f"Es gibt keinen Fall mit dem Aktenzeichen {file_number}.")
        return found

    def duplicate_candidates(self, person: PersonInput, aliases: tuple[AliasInput, ...] = (),
                             *, limit: int = 20) -> list[DuplicateView]:
        """Existing live cases whose person may be ``person``, best first, with German
        reasons (see ``desktop.services.duplicates``); read only, nothing is decided."""
        return duplicate_candidates(self._vault, person, aliases, limit=limit)

    def create(self, data: CaseInput) -> CaseDetail:
        """Creates person and case with the next file number of the district and year."""
        self._validate(data)
        with self._vault.unit_of_work() as uow:
            session = uow.session
            self._check_refs(uow, data.responsible_abh_id, data.caseworker_id)
            year = data.intake_date.year
            number = repo.next_file_number(session, data.district.value, year)
            file_number = str(FileNumber(data.district, year, number))
            person = orm.Person()
            self._apply_person(session, person, data.person, data.aliases)
            case = orm.Case(
                file_number=file_number, district=data.district.value, person=person,
                track=data.track.value, status=CaseStatus.INTAKE.value,
                intake_source=data.intake_source.value, intake_date=data.intake_date,
                intake_reference=data.intake_reference.strip(),
                responsible_abh_id=data.responsible_abh_id,
                caseworker_id=data.caseworker_id or self._vault.actor.user_id,
                summary=data.summary.strip(),
                intake_details=encode_details(normalize_intake_details(data.details())),
                sort_name=sort_name(data.person.family_name, data.person.given_names))
            session.add(case)
            for flag in sorted(data.flags):
                session.add(orm.CaseFlagRow(case=case, flag=flag.value, since=self._today()))
            session.flush()
            refresh_person_keys(session, person)
            self._journal(uow, case.id, JournalKind.SYSTEM, "Fall angelegt",
                          f"Aktenzeichen {file_number}, Eingang "
                          f"{format_date(data.intake_date)} ({data.intake_source.label}).")
            repo.reindex(session, case)
            uow.audit("case.create", "case", case.id,
                      {"file_number": file_number, "intake_details": sorted(data.details()),
                       "mistra42": is_mistra42(data.details())})
            session.flush()
            return mapping.case_detail(self._load(uow, case.id))

    def update(self, case_id: str, expected_version: int, changes: CaseChanges) -> CaseDetail:
        """Saves edited case and person data; refuses if someone saved in between."""
        with self._vault.unit_of_work() as uow:
            session = uow.session
            case = self._load(uow, case_id)
            if case.version != expected_version:
                raise StaleDataError
            self._validate(CaseInput(
                person=changes.person, district=District(case.district), track=changes.track,
                intake_source=changes.intake_source, intake_date=changes.intake_date,
                intake_reference=changes.intake_reference, flags=changes.flags,
                aliases=changes.aliases))
            if is_mistra42(decode_details(case.intake_details)):
                # a MiStra Nr. 42 case keeps the person data the report needs
                missing = mistra42_problems(changes.person)
                if missing:
                    raise InvalidInputError(missing)
            self._check_refs(uow, changes.responsible_abh_id, changes.caseworker_id)
            changed = self._diff(case, changes)
            if not changed:
                return mapping.case_detail(case)
            self._apply_person(session, case.person, changes.person, changes.aliases)
            case.track = changes.track.value
            case.intake_source = changes.intake_source.value
            case.intake_date = changes.intake_date
            case.intake_reference = changes.intake_reference.strip()
            case.responsible_abh_id = changes.responsible_abh_id
            case.caseworker_id = changes.caseworker_id
            case.summary = changes.summary.strip()
            case.sort_name = sort_name(changes.person.family_name, changes.person.given_names)
            self._apply_flags(session, case, changes.flags)
            case.updated_at = orm.utcnow()  # the case's version moves with every change
            session.flush()
            refresh_person_keys(session, case.person)
            labels = ", ".join(_FIELD_LABELS.get(f, f) for f in changed)
            self._journal(uow, case.id, JournalKind.SYSTEM, "Stammdaten geändert", labels)
            repo.reindex(session, case)
            uow.audit("case.update", "case", case.id, {"fields": changed})
            session.flush()
            session.expire_all()
            return mapping.case_detail(self._load(uow, case.id))

    def change_status(self, case_id: str, expected_version: int, target: CaseStatus, *,
                      outcome: CaseOutcome | None = None, outcome_date: date | None = None,
                      note: str = "") -> CaseDetail:
        """Moves the case along the workflow; closing needs an outcome and its date."""
        with self._vault.unit_of_work() as uow:
            case = self._load(uow, case_id)
            if case.version != expected_version:
                raise StaleDataError
            current = CaseStatus(case.status)
            try:
                check_transition(current, target, outcome, outcome_date)
            except ValidationError as error:
                raise InvalidInputError(error.problems) from None
            if target == current:
                return mapping.case_detail(case)
            if outcome_date is not None and outcome_date > self._today():
                raise InvalidInputError({"outcome_date": "Das Datum liegt in der Zukunft."})
            case.status = target.value
            if target == CaseStatus.CLOSED:
                case.outcome = outcome.value if outcome else None
                case.outcome_date = outcome_date
            elif current == CaseStatus.CLOSED:
                case.outcome = None
                case.outcome_date = None
            text = f"{current.label} → {target.label}"
            if target == CaseStatus.CLOSED and outcome is not None:
                text += f" (Ergebnis: {outcome.label}, {format_date(outcome_date)})"
            if note.strip():
                text += f"\n{note.strip()}"
            uow.session.flush()
            self._journal(uow, case.id, JournalKind.STATUS_CHANGE, "Statuswechsel", text)
            uow.audit("case.status", "case", case.id,
                      {"from": current.value, "to": target.value,
                       "outcome": outcome.value if outcome else None})
            uow.session.flush()
            uow.session.expire_all()
            return mapping.case_detail(self._load(uow, case.id))

    # --- journal, measures, reminders ----------------------------------------------------
    def journal(self, case_id: str, kind: JournalKind | None = None) -> list[JournalView]:
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.journal_view(r) for r in
                    records.journal_of(uow.session, case_id, kind.value if kind else None)]

    def add_journal(self, case_id: str, kind: JournalKind, subject: str, text: str,
                    occurred_at: datetime | None = None, *,
                    reply_due: date | None = None) -> JournalView:
        """Writes an entry; ``reply_due``: an answer is expected by then (outgoing letters,
        e-mails and calls only), which puts the entry on the desk until it is received."""
        problems = {}
        if not (subject.strip() or text.strip()):
            problems["text"] = "Bitte einen Betreff oder Text eingeben."
        if kind in (JournalKind.STATUS_CHANGE, JournalKind.SYSTEM):
            problems["kind"] = "Diese Art von Eintrag schreibt das Programm selbst."
        if occurred_at is not None and occurred_at > datetime.now(UTC):
            problems["occurred_at"] = "Der Zeitpunkt liegt in der Zukunft."
        if reply_due is not None:
            entry_day = (occurred_at or datetime.now(UTC)).astimezone().date()
            if kind not in REPLY_KINDS:
                problems["reply_due"] = ("Eine Antwort kann nur zu einem Schreiben, einer E-Mail "
                                         "oder einem Telefonat erwartet werden.")
            elif reply_due < entry_day:
                problems["reply_due"] = "Das Antwortdatum liegt vor dem Datum des Eintrags."
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            self._load(uow, case_id)
            entry = self._journal(uow, case_id, kind, subject.strip(), text.strip(),
                                  occurred_at)
            entry.reply_due = reply_due
            uow.audit("journal.add", "case", case_id,
                      {"kind": kind.value, "reply_due": reply_due is not None})
            uow.session.flush()
            uow.session.refresh(entry)
            return mapping.journal_view(entry)

    def mark_reply_received(self, entry_id: str, received_on: date | None = None
                            ) -> JournalView:
        """Notes that the answer to an outgoing entry has arrived (``None``: today); the entry
        leaves the desk's "Antworten ausstehend" and the Verlauf says so."""
        received_on = received_on or self._today()
        if received_on > self._today():
            raise InvalidInputError({"received_on": "Das Eingangsdatum liegt in der Zukunft."})
        with self._vault.unit_of_work() as uow:
            entry = records.get_live(uow.session, orm.JournalEntry, entry_id)
            if entry is None:
                raise NotFoundError("Der Eintrag wurde nicht gefunden (gelöscht oder nie "
                                    "angelegt).")
            self._load(uow, entry.case_id)
            if entry.reply_due is None:
                raise InvalidInputError({"received_on": "Zu diesem Eintrag wird keine Antwort "
                                                        "erwartet."})
            if entry.reply_received_on is not None:
                raise InvalidInputError({"received_on": (
                    "Die Antwort ist bereits am "
                    f"{format_date(entry.reply_received_on)} eingegangen.")})
            sent_on = entry.occurred_at.astimezone().date()
            if received_on < sent_on:
                raise InvalidInputError({"received_on": "Das Eingangsdatum liegt vor dem "
                                                        "Datum des Eintrags."})
            entry.reply_received_on = received_on
            # The reply Frist of a letter is met: it leaves the desk with the entry.
            closed = records.close_reply_deadlines(uow.session, entry.id)
            what = JournalKind(entry.kind).label
            about = f" „{entry.subject}“" if entry.subject else ""
            self._journal(uow, entry.case_id, JournalKind.SYSTEM, "Antwort eingegangen",
                          f"Antwort eingegangen am {format_date(received_on)} auf {what}"
                          f"{about} vom {format_date(sent_on)}.")
            uow.audit("journal.reply_received", "journal_entry", entry.id,
                      {"case_id": entry.case_id, "deadlines_closed": closed})
            uow.session.flush()
            uow.session.refresh(entry)
            return mapping.journal_view(entry)

    def measures(self, case_id: str) -> list[MeasureView]:
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.measure_view(m, self._today())
                    for m in records.measures_of(uow.session, case_id)]

    def add_measure(self, case_id: str, data: MeasureInput) -> MeasureView:
        problems = {}
        if not data.title.strip():
            problems["title"] = "Bitte die Maßnahme benennen."
        if len(data.title) > 200:
            problems["title"] = "Höchstens 200 Zeichen."
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            self._load(uow, case_id)
            self._check_refs(uow, data.owner_partner_id, None)
            measure = orm.Measure(case_id=case_id, title=data.title.strip(),
                                  owner=data.owner.value,
                                  owner_partner_id=data.owner_partner_id,
                                  due_date=data.due_date, status=MeasureStatus.OPEN.value)
            uow.session.add(measure)
            uow.session.flush()
            due = f", fällig {format_date(data.due_date)}" if data.due_date else ""
            self._journal(uow, case_id, JournalKind.SYSTEM, "Maßnahme angelegt",
                          f"{measure.title} ({data.owner.label}{due})")
            uow.audit("measure.create", "measure", measure.id, {"case_id": case_id})
            uow.session.flush()
            uow.session.refresh(measure)
            return mapping.measure_view(measure, self._today())

    def update_measure(self, measure_id: str, expected_version: int, status: MeasureStatus,
                       result: str = "", done_on: date | None = None) -> MeasureView:
        with self._vault.unit_of_work() as uow:
            measure = records.get_live(uow.session, orm.Measure, measure_id)
            if measure is None:
                raise NotFoundError
            if measure.version != expected_version:
                raise StaleDataError
            if status == MeasureStatus.DONE and done_on is None:
                done_on = self._today()
            if done_on is not None and done_on > self._today():
                raise InvalidInputError({"done_on": "Das Erledigungsdatum liegt in der Zukunft."})
            old = measure.status
            measure.status = status.value
            measure.result = result.strip()
            measure.done_on = done_on if status != MeasureStatus.OPEN else None
            uow.session.flush()
            if old != status.value:
                self._journal(uow, measure.case_id, JournalKind.SYSTEM, "Maßnahme",
                              f"{measure.title}: {MeasureStatus(old).label} → {status.label}")
            uow.audit("measure.update", "measure", measure.id, {"status": status.value})
            uow.session.flush()
            uow.session.refresh(measure)
            return mapping.measure_view(measure, self._today())

    def reminders(self, case_id: str) -> list[ReminderView]:
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.reminder_view(r) for r in records.reminders_of(uow.session, case_id)]

    def add_reminder(self, case_id: str, data: ReminderInput) -> ReminderView:
        problems = {}
        if not data.title.strip():
            problems["title"] = "Bitte einen Titel eingeben."
        if data.early_warning is not None and data.early_warning > data.due_date:
            problems["early_warning"] = "Die Vorfrist liegt nach der Frist."
        if data.due_time is not None:
            try:
                datetime.strptime(data.due_time, "%H:%M")  # noqa: DTZ007 - a clock time
            except ValueError:
                problems["due_time"] = "Uhrzeit bitte als HH:MM."
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            self._load(uow, case_id)
            reminder = orm.Reminder(case_id=case_id, kind=data.kind.value,
                                    title=data.title.strip(), due_date=data.due_date,
                                    due_time=data.due_time, early_warning=data.early_warning)
            uow.session.add(reminder)
            uow.session.flush()
            uow.audit("reminder.create", "reminder", reminder.id, {"case_id": case_id,
                                                                   "kind": data.kind.value})
            return mapping.reminder_view(reminder)

    # --- helpers -------------------------------------------------------------------------
    def _load(self, uow: UnitOfWork, case_id: str) -> orm.Case:
        case = repo.load_case(uow.session, case_id)
        if case is None:
            raise NotFoundError("Der Fall wurde nicht gefunden (gelöscht oder nie angelegt).")
        return case

    def _validate(self, data: CaseInput) -> None:
        try:
            validate_case(data, self._today())
        except ValidationError as error:
            raise InvalidInputError(error.problems) from None

    def _check_refs(self, uow: UnitOfWork, partner_id: str | None,
                    user_id: str | None) -> None:
        if partner_id and records.get_live(uow.session, orm.Partner, partner_id) is None:
            raise InvalidInputError({"responsible_abh_id": "Die Behörde gibt es nicht mehr."})
        if user_id and records.get_live(uow.session, orm.User, user_id) is None:
            raise InvalidInputError({"caseworker_id": "Die Sachbearbeitung gibt es nicht."})

    def _journal(self, uow: UnitOfWork, case_id: str, kind: JournalKind, subject: str,
                 text: str, occurred_at: datetime | None = None) -> orm.JournalEntry:
        entry = orm.JournalEntry(case_id=case_id, kind=kind.value,
                                 occurred_at=occurred_at or datetime.now(UTC),
                                 author_id=self._vault.actor.user_id, subject=subject,
                                 text=text)
        uow.session.add(entry)
        search_repo.index_journal_entry(uow.session, entry)
        return entry

    @staticmethod
    def _apply_person(session: object, person: orm.Person, data: PersonInput,
                      aliases: tuple[AliasInput, ...]) -> None:
        person.family_name = data.family_name.strip()
        person.given_names = data.given_names.strip()
        person.birth_name = data.birth_name.strip()
        person.birth_date = data.birth_date
        person.birth_place = data.birth_place.strip()
        person.birth_country = data.birth_country
        person.azr_number = data.azr_number.strip()
        person.languages = _languages(data.languages)
        person.address = data.address.strip()
        now = orm.utcnow()
        current = [n for n in person.nationalities if n.deleted_at is None]
        if [n.code for n in current] != list(data.nationalities):
            for row in current:
                row.deleted_at = now
            kept = {n.code: n for n in person.nationalities}
            for position, code in enumerate(data.nationalities):
                revived = kept.get(code)
                if revived is not None:
                    revived.deleted_at = None
                    revived.position = position
                else:
                    person.nationalities.append(orm.PersonNationality(code=code,
                                                                      position=position))
        wanted = [(a.family_name.strip(), a.given_names.strip(), a.birth_date)
                  for a in aliases]
        live = [a for a in person.aliases if a.deleted_at is None]
        for alias in live:
            key = (alias.family_name, alias.given_names, alias.birth_date)
            if key in wanted:
                wanted.remove(key)
            else:
                alias.deleted_at = now
        for family, given, birth in wanted:
            person.aliases.append(orm.Alias(family_name=family, given_names=given,
                                            birth_date=birth))

    def _apply_flags(self, session: object, case: orm.Case, flags: frozenset[CaseFlag]) -> None:
        active = {CaseFlag(f.flag): f for f in case.flags
                  if f.until is None and f.deleted_at is None}
        for flag, row in active.items():
            if flag not in flags:
                row.until = self._today()
        for flag in sorted(flags - set(active)):
            case.flags.append(orm.CaseFlagRow(flag=flag.value, since=self._today()))

    @staticmethod
    def _diff(case: orm.Case, changes: CaseChanges) -> list[str]:
        person = case.person
        p = changes.person
        pairs = {
            "family_name": (person.family_name, p.family_name.strip()),
            "given_names": (person.given_names, p.given_names.strip()),
            "birth_name": (person.birth_name, p.birth_name.strip()),
            "birth_date": (person.birth_date, p.birth_date),
            "birth_place": (person.birth_place, p.birth_place.strip()),
            "birth_country": (person.birth_country, p.birth_country),
            "azr_number": (person.azr_number, p.azr_number.strip()),
            "languages": (person.languages, _languages(p.languages)),
            "address": (person.address, p.address.strip()),
            "nationalities": (tuple(n.code for n in person.nationalities
                                    if n.deleted_at is None), tuple(p.nationalities)),
            "aliases": (sorted((a.family_name, a.given_names, str(a.birth_date))
                               for a in person.aliases if a.deleted_at is None),
                        sorted((a.family_name.strip(), a.given_names.strip(),
                                str(a.birth_date)) for a in changes.aliases)),
            "track": (case.track, changes.track.value),
            "intake_source": (case.intake_source, changes.intake_source.value),
            "intake_date": (case.intake_date, changes.intake_date),
            "intake_reference": (case.intake_reference, changes.intake_reference.strip()),
            "flags": (frozenset(CaseFlag(f.flag) for f in case.flags
                                if f.until is None and f.deleted_at is None), changes.flags),
            "responsible_abh_id": (case.responsible_abh_id, changes.responsible_abh_id),
            "caseworker_id": (case.caseworker_id, changes.caseworker_id),
            "summary": (case.summary, changes.summary.strip()),
        }
        return [name for name, (old, new) in pairs.items() if old != new]


def _languages(text: str) -> str:
    """The stored form of a languages text: trimmed, without repeats, ", "-separated."""
    return ", ".join(parse_languages(text))


_FIELD_LABELS = {
    "family_name": "Familienname", "given_names": "Vornamen", "birth_name": "Geburtsname",
    "birth_date": "Geburtsdatum", "birth_place": "Geburtsort",
    "birth_country": "Geburtsstaat", "azr_number": "AZR-Nummer",
    "languages": "Sprachen", "address": "Anschrift/Unterkunft",
    "nationalities": "Staatsangehörigkeiten", "aliases": "Aliaspersonalien",
    "track": "Fallgruppe", "intake_source": "Fallquelle", "intake_date": "Eingangsdatum",
    "intake_reference": "Zeichen der Quelle", "flags": "Merkmale",
    "responsible_abh_id": "Zuständige Ausländerbehörde", "caseworker_id": "Sachbearbeitung",
    "summary": "Sachverhalt",
}
