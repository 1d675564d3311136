"""The partner directory (Netzwerk): search, create, edit and delete partners and their contact
persons, import a partner list from CSV; lookups for choosers, and the seed data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources

from desktop.domain.enums import District, PartnerKind
from desktop.domain.partners import (
    ContactInput,
    PartnerInput,
    same_partner_key,
    validate_contact,
    validate_partner,
)
from desktop.domain.text import fold, tokens
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services import mapping
from desktop.services.partner_import import FILE, ParsedRow, parse_csv
from desktop.services.read_models import (
    ContactView,
    ImportDuplicate,
    ImportReport,
    PartnerRef,
    PartnerView,
    UserRef,
)
from desktop.storage import orm
from desktop.storage.repositories import partners as repo
from desktop.storage.repositories import records
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

_PARTNER_FIELDS = ("kind", "name", "short_name", "district", "street", "postcode", "city",
                   "phone", "email")
_CONTACT_FIELDS = ("name", "function", "phone", "email")
MSG_GONE = "Der Partner wurde nicht gefunden (gelöscht oder nie angelegt)."
MSG_CONTACT_GONE = "Die Ansprechperson wurde nicht gefunden (gelöscht oder nie angelegt)."


class PartnerService:
    """The partner directory of the unlocked user. Every method is one unit of work."""

    def __init__(self, vault: OpenVault) -> None:
        self._vault = vault

    # --- lookups for choosers ----------------------------------------------------------------
    def all(self, kind: PartnerKind | None = None) -> list[PartnerRef]:
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.partner_ref(p)
                    for p in records.partners(uow.session, kind.value if kind else None)]

    def foreigners_authorities(self) -> list[PartnerRef]:
        """ABH and ZAB, the possible responsible authorities of a case."""
        with self._vault.unit_of_work(write=False) as uow:
            rows = [p for p in records.partners(uow.session)
                    if p.kind in (PartnerKind.ABH.value, PartnerKind.ZAB.value)]
            return [mapping.partner_ref(p) for p in rows]

    def users(self) -> list[UserRef]:
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.user_ref(u) for u in records.users(uow.session)]

    # --- the directory -----------------------------------------------------------------------
    def search(self, text: str = "", kind: PartnerKind | None = None) -> list[PartnerView]:
        """Partners whose name, short name, city, postcode or contact persons contain every
        word of ``text`` (diacritics-insensitive: "Koln" finds "Köln", "Strasse" "Straße");
        sorted by name."""
        with self._vault.unit_of_work(write=False) as uow:
            rows = repo.search(uow.session, tokens(text[:200]), kind.value if kind else None)
            views = [partner_view(row) for row in rows]
        return sorted(views, key=lambda v: (fold(v.name), fold(v.city), v.id))

    def get(self, partner_id: str) -> PartnerView:
        with self._vault.unit_of_work(write=False) as uow:
            return partner_view(self._load(uow, partner_id))

    def create(self, data: PartnerInput,
               contacts: Sequence[ContactInput] = ()) -> PartnerView:
        """A new partner (with ``contacts``); refused if name and city are already listed."""
        data = self._checked(data)
        for index, contact in enumerate(contacts):
            problems = validate_contact(contact)
            if problems:
                raise InvalidInputError({f"contacts.{index}.{name}": message
                                         for name, message in problems.items()})
        with self._vault.unit_of_work() as uow:
            self._refuse_duplicate(uow, data, None)
            partner = orm.Partner()
            _apply(partner, data)
            for contact in contacts:
                row = orm.Contact()
                _apply_contact(row, contact.cleaned())
                partner.contacts.append(row)
            uow.session.add(partner)
            uow.session.flush()
            uow.audit("partner.create", "partner", partner.id,
                      {"fields": [f for f in _PARTNER_FIELDS if getattr(partner, f)],
                       "contacts": len(contacts)})
            return partner_view(partner)

    def update(self, partner_id: str, expected_version: int,
               data: PartnerInput) -> PartnerView:
        """Saves the edited partner; refuses if someone saved it in between."""
        data = self._checked(data)
        with self._vault.unit_of_work() as uow:
            partner = self._load(uow, partner_id)
            if partner.version != expected_version:
                raise StaleDataError
            self._refuse_duplicate(uow, data, partner_id)
            before = {f: getattr(partner, f) for f in _PARTNER_FIELDS}
            _apply(partner, data)
            changed = [f for f in _PARTNER_FIELDS if getattr(partner, f) != before[f]]
            if not changed:
                return partner_view(partner)
            partner.updated_at = orm.utcnow()
            uow.session.flush()
            uow.audit("partner.update", "partner", partner.id, {"fields": changed})
            return partner_view(partner)

    def delete(self, partner_id: str, expected_version: int) -> None:
        """Soft-deletes the partner and its contacts; refused while a case or an open
        measure refers to it."""
        with self._vault.unit_of_work() as uow:
            partner = self._load(uow, partner_id)
            if partner.version != expected_version:
                raise StaleDataError
            cases, measures = repo.references(uow.session, partner_id)
            if cases or measures:
                raise InvalidInputError({"partner": _still_used(partner.name, cases,
                                                                measures)})
            now = orm.utcnow()
            partner.deleted_at = now
            partner.updated_at = now
            live = _live(partner.contacts)
            for contact in live:
                contact.deleted_at = now
            uow.session.flush()
            uow.audit("partner.delete", "partner", partner.id, {"contacts": len(live)})

    # --- contact persons ---------------------------------------------------------------------
    def add_contact(self, partner_id: str, data: ContactInput) -> PartnerView:
        """Adds a contact person; returns the partner with all its contacts."""
        data = self._checked_contact(data)
        with self._vault.unit_of_work() as uow:
            partner = self._load(uow, partner_id)
            contact = orm.Contact()
            _apply_contact(contact, data)
            partner.contacts.append(contact)
            uow.session.flush()
            uow.audit("partner.contact_add", "contact", contact.id,
                      {"partner_id": partner.id,
                       "fields": [f for f in _CONTACT_FIELDS if getattr(contact, f)]})
            return self._reloaded(uow, partner.id)

    def update_contact(self, contact_id: str, expected_version: int,
                       data: ContactInput) -> PartnerView:
        data = self._checked_contact(data)
        with self._vault.unit_of_work() as uow:
            contact = self._load_contact(uow, contact_id, expected_version)
            before = {f: getattr(contact, f) for f in _CONTACT_FIELDS}
            _apply_contact(contact, data)
            changed = [f for f in _CONTACT_FIELDS if getattr(contact, f) != before[f]]
            if changed:
                contact.updated_at = orm.utcnow()
                uow.session.flush()
                uow.audit("partner.contact_update", "contact", contact.id,
                          {"partner_id": contact.partner_id, "fields": changed})
            return self._reloaded(uow, contact.partner_id)

    def delete_contact(self, contact_id: str, expected_version: int) -> PartnerView:
        with self._vault.unit_of_work() as uow:
            contact = self._load_contact(uow, contact_id, expected_version)
            now = orm.utcnow()
            contact.deleted_at = now
            contact.updated_at = now
            uow.session.flush()
            uow.audit("partner.contact_delete", "contact", contact.id,
                      {"partner_id": contact.partner_id})
            return self._reloaded(uow, contact.partner_id)

    # --- CSV import --------------------------------------------------------------------------
    def import_csv(self, data: bytes, *, dry_run: bool,
                   skip_invalid: bool = False) -> ImportReport:
        """Checks (``dry_run``) or imports a partner list (see ``partner_import``).

        Partners already listed (same name and city) are skipped and reported; further rows
        of a partner in the same file add their contact person to it. A real import writes
        every valid row in one unit of work with one audit event, and only if no row has an
        error, unless ``skip_invalid``. Raises InvalidInputError (key ``file``) for a file
        that cannot be read as a partner list.
        """
        parsed = parse_csv(data)
        with self._vault.unit_of_work(write=not dry_run) as uow:
            existing = {same_partner_key(name, city): name
                        for _id, name, city in repo.names_and_cities(uow.session)}
            plan, duplicates = _plan(parsed.rows, existing)
            contacts = sum(len(extra) for _row, extra in plan)
            report = ImportReport(
                rows_total=parsed.rows_total, rows_ok=len(parsed.rows),
                errors=tuple(parsed.errors), created=0, duplicates=tuple(duplicates),
                encoding=parsed.encoding, delimiter=parsed.delimiter, dry_run=dry_run,
                new_partners=len(plan), contacts=contacts, notes=tuple(parsed.notes))
            if dry_run:
                return report
            if parsed.errors and not skip_invalid:
                raise InvalidInputError({FILE: (
                    f"{report.error_lines} Zeilen der Datei sind fehlerhaft; es wurde nichts "
                    "importiert. Bitte die Zeilen korrigieren oder sie überspringen.")})
            for row, extra in plan:
                partner = orm.Partner()
                _apply(partner, row.partner)
                for contact in extra:
                    item = orm.Contact()
                    _apply_contact(item, contact)
                    partner.contacts.append(item)
                uow.session.add(partner)
            if plan:
                uow.session.flush()
                uow.audit("partner.import", "partner", None, {
                    "rows": parsed.rows_total, "created": len(plan), "contacts": contacts,
                    "duplicates": len(duplicates), "skipped_invalid": report.error_lines,
                    "encoding": parsed.encoding})
            return ImportReport(
                rows_total=report.rows_total, rows_ok=report.rows_ok, errors=report.errors,
                created=len(plan), duplicates=report.duplicates, encoding=report.encoding,
                delimiter=report.delimiter, dry_run=False, new_partners=len(plan),
                contacts=contacts, notes=report.notes)

    # --- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _checked(data: PartnerInput) -> PartnerInput:
        problems = validate_partner(data)
        if problems:
            raise InvalidInputError(problems)
        return data.cleaned()

    @staticmethod
    def _checked_contact(data: ContactInput) -> ContactInput:
        problems = validate_contact(data)
        if problems:
            raise InvalidInputError(problems)
        return data.cleaned()

    @staticmethod
    def _load(uow: UnitOfWork, partner_id: str) -> orm.Partner:
        partner = repo.load(uow.session, partner_id)
        if partner is None:
            raise NotFoundError(MSG_GONE)
        return partner

    @staticmethod
    def _load_contact(uow: UnitOfWork, contact_id: str, expected_version: int) -> orm.Contact:
        contact = repo.load_contact(uow.session, contact_id)
        if contact is None:
            raise NotFoundError(MSG_CONTACT_GONE)
        if contact.version != expected_version:
            raise StaleDataError
        return contact

    def _reloaded(self, uow: UnitOfWork, partner_id: str) -> PartnerView:
        uow.session.expire_all()
        return partner_view(self._load(uow, partner_id))

    @staticmethod
    def _refuse_duplicate(uow: UnitOfWork, data: PartnerInput, own_id: str | None) -> None:
        key = same_partner_key(data.name, data.city)
        for partner_id, name, city in repo.names_and_cities(uow.session):
            if partner_id != own_id and same_partner_key(name, city) == key:
                where = f" in {data.city}" if data.city else " ohne Ort"
                raise InvalidInputError({"name": (
                    f"Einen Partner mit diesem Namen gibt es{where} bereits.")})


def _plan(rows: Sequence[ParsedRow], existing: dict[tuple[str, str], str]
          ) -> tuple[list[tuple[ParsedRow, list[ContactInput]]], list[ImportDuplicate]]:
    """The partners to create, each with its contacts, and the rows skipped as duplicates.

    A partner named again in a later row of the file (same name and city) gets that row's
    contact person; a repeated row without a contact is a duplicate.
    """
    plan: dict[tuple[str, str], tuple[ParsedRow, list[ContactInput]]] = {}
    duplicates: list[ImportDuplicate] = []
    for row in rows:
        key = same_partner_key(row.partner.name, row.partner.city)
        if key in existing:
            duplicates.append(ImportDuplicate(row.line, existing[key]))
        elif key in plan:
            first, contacts = plan[key]
            if row.contact is not None and row.contact not in contacts:
                contacts.append(row.contact)
            else:
                duplicates.append(ImportDuplicate(row.line, first.partner.name))
        else:
            plan[key] = (row, [row.contact] if row.contact else [])
    return list(plan.values()), duplicates


def _still_used(name: str, cases: int, measures: int) -> str:
    parts = []
    if cases:
        parts.append("zuständige Behörde in einem Fall" if cases == 1
                     else f"zuständige Behörde in {cases} Fällen")
    if measures:
        parts.append("zuständig für eine offene Maßnahme" if measures == 1
                     else f"zuständig für {measures} offene Maßnahmen")
    return (f"„{name}“ kann nicht gelöscht werden: Der Partner ist noch "
            f"{' und '.join(parts)}. Bitte dort zuerst eine andere Stelle eintragen.")


def _live(contacts: Sequence[orm.Contact]) -> list[orm.Contact]:
    return [c for c in contacts if c.deleted_at is None]


def _apply(partner: orm.Partner, data: PartnerInput) -> None:
    assert data.kind is not None  # validated
    partner.kind = data.kind.value
    partner.name = data.name
    partner.short_name = data.short_name
    partner.district = data.district.value if data.district else None
    partner.street = data.street
    partner.postcode = data.postcode
    partner.city = data.city
    partner.phone = data.phone
    partner.email = data.email


def _apply_contact(contact: orm.Contact, data: ContactInput) -> None:
    contact.name = data.name
    contact.function = data.function
    contact.phone = data.phone
    contact.email = data.email


def contact_view(row: orm.Contact) -> ContactView:
    return ContactView(row.id, row.version, row.partner_id, row.name, row.function,
                       row.phone, row.email)


def partner_view(row: orm.Partner) -> PartnerView:
    contacts = sorted(_live(row.contacts), key=lambda c: (fold(c.name), c.id))
    return PartnerView(
        id=row.id, version=row.version, kind=PartnerKind(row.kind), name=row.name,
        short_name=row.short_name, district=District(row.district) if row.district else None,
        street=row.street, postcode=row.postcode, city=row.city, phone=row.phone,
        email=row.email, contacts=tuple(contact_view(c) for c in contacts))


def seed_partners(uow: UnitOfWork) -> int:
    """Adds the five Bezirksregierungen and the ZABs (from resources/seed/partners.json)."""
    raw = resources.files("desktop.resources").joinpath("seed/partners.json").read_text("utf-8")
    entries = json.loads(raw)["partners"]
    for entry in entries:
        uow.session.add(orm.Partner(**entry))
    uow.audit("partner.seed", "partner", None, {"count": len(entries)})
    return len(entries)
