"""Residence use cases of a case: Duldungen, obstacles to removal (Vollzugshindernisse),
external file numbers and identity documents (languages and address are Stammdaten).

Every method is one unit of work; every change is audited (field names; old → new only for
enumeration codes and flags, never free text, dates or numbers) and written to the case's
journal; deletions are soft. Updates check the row's version (optimistic locking) and change
nothing — no audit, no journal — when no field differs. External file numbers go into the
case's search index.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from desktop.domain.dates import format_date
from desktop.domain.enums import JournalKind
from desktop.domain.residence import (
    DocumentKind,
    DuldungInput,
    DuldungType,
    IdentityDocumentInput,
    ObstacleInput,
    ObstacleKind,
    PassportStatus,
    ReferenceInput,
    ReferenceKind,
    days_left,
    duldung_warning,
    is_current,
    is_expired,
    validate_document,
    validate_duldung,
    validate_obstacle,
    validate_reference,
)
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services.read_models import (
    DuldungView,
    ExternalReferenceView,
    IdentityDocumentView,
    ObstacleView,
    ResidenceOverview,
)
from desktop.storage import orm
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import records
from desktop.storage.repositories import residence as repo
from desktop.storage.repositories import search as search_repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]
R = TypeVar("R", bound=orm.Record)


# --- rows → read models -------------------------------------------------------------------

def duldung_view(row: orm.Duldung, today: date) -> DuldungView:
    return DuldungView(
        id=row.id, version=row.version, case_id=row.case_id, type=DuldungType(row.type),
        reason=row.reason, valid_from=row.valid_from, valid_until=row.valid_until,
        issued_by=row.issued_by, current=is_current(row, today),
        expired=is_expired(row.valid_until, today),
        days_left=days_left(row.valid_until, today),
        expiring=duldung_warning(row.valid_until, today))


def obstacle_view(row: orm.Obstacle, today: date) -> ObstacleView:
    ended = row.until is not None and row.until < today
    return ObstacleView(
        id=row.id, version=row.version, case_id=row.case_id, kind=ObstacleKind(row.kind),
        description=row.description, since=row.since, until=row.until,
        resolved=row.resolved, active=not row.resolved and not ended)


def reference_view(row: orm.ExternalReference) -> ExternalReferenceView:
    return ExternalReferenceView(row.id, row.version, row.case_id, ReferenceKind(row.kind),
                                 row.value, row.authority)


def document_view(row: orm.IdentityDocument, today: date) -> IdentityDocumentView:
    return IdentityDocumentView(
        id=row.id, version=row.version, person_id=row.person_id, kind=DocumentKind(row.kind),
        number=row.number, issuing_country=row.issuing_country, valid_until=row.valid_until,
        status=PassportStatus(row.status), expired=is_expired(row.valid_until, today))


def _validity(valid_from: date | None, valid_until: date | None) -> str:
    if valid_until is None:
        return f"ab {format_date(valid_from)}"
    return f"{format_date(valid_from)} – {format_date(valid_until)}"


def _changed(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs, with their old values; sets the new ones on ``row``."""
    old = {name: getattr(row, name) for name, value in values.items()
           if getattr(row, name) != value}
    for name in old:
        setattr(row, name, values[name])
    return old


def _update_details(owner: dict[str, str], old: dict[str, Any], values: dict[str, Any],
                    coded: tuple[str, ...]) -> dict[str, Any]:
    """Audit details of an update: the changed field names, and old → new for the ``coded``
    fields (enumeration codes and flags, never free text, dates or numbers)."""
    details: dict[str, Any] = {**owner, "fields": list(old)}
    for name in coded:
        if name in old:
            details[name] = {"from": old[name], "to": values[name]}
    return details


def _date_changes(old: dict[str, Any], values: dict[str, Any],
                  titles: dict[str, str]) -> str:
    """``"; gültig bis 01.04.2026 → 01.07.2026"`` for the changed dates (journal text)."""
    parts = [f"{title} {format_date(old[name]) or 'leer'} → "
             f"{format_date(values[name]) or 'leer'}"
             for name, title in titles.items() if name in old]
    return "".join(f"; {part}" for part in parts)


class ResidenceService:
    """Residence data of the unlocked user's cases. Every method is one unit of work."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        self._vault = vault
        self._today = today

    # --- reading ---------------------------------------------------------------------------
    def overview(self, case_id: str) -> ResidenceOverview:
        """Duldungen, obstacles, external file numbers, documents and extras of a case."""
        today = self._today()
        with self._vault.unit_of_work(write=False) as uow:
            case = self._case(uow, case_id)
            person = case.person
            return ResidenceOverview(
                case_id=case_id,
                duldungen=tuple(duldung_view(r, today)
                                for r in repo.duldungen_of(uow.session, case_id)),
                obstacles=tuple(obstacle_view(r, today)
                                for r in repo.obstacles_of(uow.session, case_id)),
                references=tuple(reference_view(r)
                                 for r in repo.references_of(uow.session, case_id)),
                documents=tuple(document_view(r, today)
                                for r in repo.documents_of(uow.session, person.id)))

    def duldungen(self, case_id: str) -> list[DuldungView]:
        today = self._today()
        with self._vault.unit_of_work(write=False) as uow:
            return [duldung_view(r, today) for r in repo.duldungen_of(uow.session, case_id)]

    def obstacles(self, case_id: str, *, active_only: bool = False) -> list[ObstacleView]:
        """The case's obstacles; ``active_only``: those neither resolved nor ended."""
        today = self._today()
        with self._vault.unit_of_work(write=False) as uow:
            views = [obstacle_view(r, today) for r in repo.obstacles_of(uow.session, case_id)]
        return [v for v in views if v.active] if active_only else views

    def references(self, case_id: str) -> list[ExternalReferenceView]:
        with self._vault.unit_of_work(write=False) as uow:
            return [reference_view(r) for r in repo.references_of(uow.session, case_id)]

    def documents(self, case_id: str) -> list[IdentityDocumentView]:
        today = self._today()
        with self._vault.unit_of_work(write=False) as uow:
            person_id = self._case(uow, case_id).person_id
            return [document_view(r, today) for r in repo.documents_of(uow.session, person_id)]

    # --- Duldungen -------------------------------------------------------------------------
    def add_duldung(self, case_id: str, data: DuldungInput) -> DuldungView:
        self._check(validate_duldung(data))
        with self._vault.unit_of_work() as uow:
            self._case(uow, case_id)
            row = orm.Duldung(case_id=case_id, **self._duldung_values(data))
            uow.session.add(row)
            uow.session.flush()
            self._journal(uow, case_id, "Duldung erfasst",
                          f"{data.type.label}, {_validity(data.valid_from, data.valid_until)}")
            uow.audit("duldung.create", "duldung", row.id, {"case_id": case_id})
            return duldung_view(row, self._today())

    def update_duldung(self, duldung_id: str, expected_version: int,
                       data: DuldungInput) -> DuldungView:
        self._check(validate_duldung(data))
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.Duldung, duldung_id, expected_version)
            values = self._duldung_values(data)
            old = _changed(row, values)
            if old:
                uow.session.flush()
                dates = _date_changes(old, values, {"valid_from": "gültig ab",
                                                    "valid_until": "gültig bis"})
                self._journal(uow, row.case_id, "Duldung geändert",
                              f"{data.type.label}, "
                              f"{_validity(data.valid_from, data.valid_until)}{dates}")
                uow.audit("duldung.update", "duldung", row.id,
                          _update_details({"case_id": row.case_id}, old, values, ("type",)))
                uow.session.flush()
            return duldung_view(row, self._today())

    def delete_duldung(self, duldung_id: str, expected_version: int) -> None:
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.Duldung, duldung_id, expected_version)
            row.deleted_at = orm.utcnow()
            uow.session.flush()
            self._journal(uow, row.case_id, "Duldung gelöscht",
                          f"{DuldungType(row.type).label}, "
                          f"{_validity(row.valid_from, row.valid_until)}")
            uow.audit("duldung.delete", "duldung", row.id, {"case_id": row.case_id})

    @staticmethod
    def _duldung_values(data: DuldungInput) -> dict[str, Any]:
        return {"type": data.type.value, "reason": data.reason.strip(),
                "valid_from": data.valid_from, "valid_until": data.valid_until,
                "issued_by": data.issued_by.strip()}

    # --- obstacles -------------------------------------------------------------------------
    def add_obstacle(self, case_id: str, data: ObstacleInput) -> ObstacleView:
        self._check(validate_obstacle(data, self._today()))
        with self._vault.unit_of_work() as uow:
            self._case(uow, case_id)
            row = orm.Obstacle(case_id=case_id, **self._obstacle_values(data))
            uow.session.add(row)
            uow.session.flush()
            self._journal(uow, case_id, "Vollzugshindernis erfasst", data.kind.label)
            uow.audit("obstacle.create", "obstacle", row.id, {"case_id": case_id})
            return obstacle_view(row, self._today())

    def update_obstacle(self, obstacle_id: str, expected_version: int,
                        data: ObstacleInput) -> ObstacleView:
        """Saves an edited obstacle; resolving one is an update with ``resolved=True``."""
        self._check(validate_obstacle(data, self._today()))
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.Obstacle, obstacle_id, expected_version)
            values = self._obstacle_values(data)
            old = _changed(row, values)
            if old:
                uow.session.flush()
                if "resolved" in old:
                    subject = ("Vollzugshindernis ausgeräumt" if data.resolved
                               else "Vollzugshindernis wieder offen")
                else:
                    subject = "Vollzugshindernis geändert"
                dates = _date_changes(old, values, {"since": "seit", "until": "bis"})
                self._journal(uow, row.case_id, subject, f"{data.kind.label}{dates}")
                uow.audit("obstacle.update", "obstacle", row.id,
                          _update_details({"case_id": row.case_id}, old, values,
                                          ("kind", "resolved")))
                uow.session.flush()
            return obstacle_view(row, self._today())

    def delete_obstacle(self, obstacle_id: str, expected_version: int) -> None:
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.Obstacle, obstacle_id, expected_version)
            row.deleted_at = orm.utcnow()
            uow.session.flush()
            self._journal(uow, row.case_id, "Vollzugshindernis gelöscht",
                          ObstacleKind(row.kind).label)
            uow.audit("obstacle.delete", "obstacle", row.id, {"case_id": row.case_id})

    @staticmethod
    def _obstacle_values(data: ObstacleInput) -> dict[str, Any]:
        return {"kind": data.kind.value, "description": data.description.strip(),
                "since": data.since, "until": data.until, "resolved": data.resolved}

    # --- external file numbers -------------------------------------------------------------
    def add_reference(self, case_id: str, data: ReferenceInput) -> ExternalReferenceView:
        self._check(validate_reference(data))
        with self._vault.unit_of_work() as uow:
            case = self._case(uow, case_id)
            row = orm.ExternalReference(case_id=case_id, **self._reference_values(data))
            uow.session.add(row)
            uow.session.flush()
            case_repo.reindex(uow.session, case)
            self._journal(uow, case_id, "Aktenzeichen erfasst",
                          f"{data.kind.label}: {row.value}")
            uow.audit("reference.create", "external_reference", row.id,
                      {"case_id": case_id, "kind": data.kind.value})
            return reference_view(row)

    def update_reference(self, reference_id: str, expected_version: int,
                         data: ReferenceInput) -> ExternalReferenceView:
        self._check(validate_reference(data))
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.ExternalReference, reference_id, expected_version)
            values = self._reference_values(data)
            old = _changed(row, values)
            if old:
                uow.session.flush()
                case_repo.reindex(uow.session, self._case(uow, row.case_id))
                was = f" (bisher {old['value']})" if "value" in old else ""
                self._journal(uow, row.case_id, "Aktenzeichen geändert",
                              f"{data.kind.label}: {row.value}{was}")
                uow.audit("reference.update", "external_reference", row.id,
                          _update_details({"case_id": row.case_id}, old, values, ("kind",)))
                uow.session.flush()
            return reference_view(row)

    def delete_reference(self, reference_id: str, expected_version: int) -> None:
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.ExternalReference, reference_id, expected_version)
            row.deleted_at = orm.utcnow()
            uow.session.flush()
            case_repo.reindex(uow.session, self._case(uow, row.case_id))
            self._journal(uow, row.case_id, "Aktenzeichen gelöscht",
                          f"{ReferenceKind(row.kind).label}: {row.value}")
            uow.audit("reference.delete", "external_reference", row.id,
                      {"case_id": row.case_id})

    @staticmethod
    def _reference_values(data: ReferenceInput) -> dict[str, Any]:
        return {"kind": data.kind.value, "value": data.value.strip(),
                "authority": data.authority.strip()}

    # --- identity documents ----------------------------------------------------------------
    def add_document(self, case_id: str, data: IdentityDocumentInput) -> IdentityDocumentView:
        """Adds a document to the person of ``case_id``."""
        self._check(validate_document(data, self._today()))
        with self._vault.unit_of_work() as uow:
            case = self._case(uow, case_id)
            row = orm.IdentityDocument(person_id=case.person_id,
                                       **self._document_values(data))
            uow.session.add(row)
            uow.session.flush()
            self._journal(uow, case_id, "Ausweisdokument erfasst",
                          f"{data.kind.label}, {data.status.label}")
            uow.audit("document.create", "identity_document", row.id,
                      {"person_id": case.person_id, "case_id": case_id})
            return document_view(row, self._today())

    def update_document(self, document_id: str, expected_version: int,
                        data: IdentityDocumentInput) -> IdentityDocumentView:
        self._check(validate_document(data, self._today()))
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.IdentityDocument, document_id, expected_version)
            values = self._document_values(data)
            old = _changed(row, values)
            if old:
                uow.session.flush()
                dates = _date_changes(old, values, {"valid_until": "gültig bis"})
                for case_id in repo.case_ids_of_person(uow.session, row.person_id):
                    self._journal(uow, case_id, "Ausweisdokument geändert",
                                  f"{data.kind.label}, {data.status.label}{dates}")
                uow.audit("document.update", "identity_document", row.id,
                          _update_details({"person_id": row.person_id}, old, values,
                                          ("kind", "status")))
                uow.session.flush()
            return document_view(row, self._today())

    def delete_document(self, document_id: str, expected_version: int) -> None:
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, orm.IdentityDocument, document_id, expected_version)
            row.deleted_at = orm.utcnow()
            uow.session.flush()
            for case_id in repo.case_ids_of_person(uow.session, row.person_id):
                self._journal(uow, case_id, "Ausweisdokument gelöscht",
                              DocumentKind(row.kind).label)
            uow.audit("document.delete", "identity_document", row.id,
                      {"person_id": row.person_id})

    @staticmethod
    def _document_values(data: IdentityDocumentInput) -> dict[str, Any]:
        return {"kind": data.kind.value, "status": data.status.value,
                "number": data.number.strip(),
                "issuing_country": data.issuing_country.strip().upper(),
                "valid_until": data.valid_until}

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _check(problems: dict[str, str]) -> None:
        if problems:
            raise InvalidInputError(problems)

    @staticmethod
    def _case(uow: UnitOfWork, case_id: str) -> orm.Case:
        case = case_repo.load_case(uow.session, case_id)
        if case is None:
            raise NotFoundError("Der Fall wurde nicht gefunden (gelöscht oder nie angelegt).")
        return case

    @staticmethod
    def _row(uow: UnitOfWork, model: type[R], row_id: str, expected_version: int) -> R:
        row = records.get_live(uow.session, model, row_id)
        if row is None:
            raise NotFoundError("Der Eintrag wurde nicht gefunden (gelöscht oder nie angelegt).")
        if row.version != expected_version:
            raise StaleDataError
        return row

    def _journal(self, uow: UnitOfWork, case_id: str, subject: str, text: str) -> None:
        entry = orm.JournalEntry(case_id=case_id, kind=JournalKind.SYSTEM.value,
                                 occurred_at=datetime.now(UTC),
                                 author_id=self._vault.actor.user_id,
                                 subject=subject, text=text)
        uow.session.add(entry)
        search_repo.index_journal_entry(uow.session, entry)
