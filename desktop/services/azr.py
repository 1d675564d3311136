"""The AZR data-quality checklist of a case: each point (Duldung, obligation to leave,
departure, identity) checked as correct, incorrect (correction requested) or not applicable.

Every method is one unit of work; recording a point is audited (item and status, never the
note) and noted in the case's journal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from desktop.domain.azr import AzrItem, AzrStatus, validate_check
from desktop.domain.enums import JournalKind
from desktop.errors import InvalidInputError, NotFoundError
from desktop.services.read_models import AzrCheckView
from desktop.storage import orm
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import residence as repo
from desktop.storage.repositories import search as search_repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]


def azr_check_view(row: orm.AzrCheck) -> AzrCheckView:
    return AzrCheckView(case_id=row.case_id, item=AzrItem(row.item),
                        status=AzrStatus(row.status), checked_on=row.checked_on,
                        note=row.note, checked_by=row.checked_by, id=row.id,
                        version=row.version)


def _unchecked(case_id: str, item: AzrItem) -> AzrCheckView:
    return AzrCheckView(case_id, item, AzrStatus.UNCHECKED, None, "", None)


class AzrService:
    """The AZR checklist of the unlocked user's cases."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        self._vault = vault
        self._today = today

    def checklist(self, case_id: str) -> list[AzrCheckView]:
        """All four points in list order; a point never recorded is "nicht geprüft"."""
        with self._vault.unit_of_work(write=False) as uow:
            self._case(uow, case_id)
            rows = {row.item: row for row in repo.azr_checks_of(uow.session, case_id)}
            return [azr_check_view(rows[item]) if item.value in rows
                    else _unchecked(case_id, item) for item in AzrItem]

    def record(self, case_id: str, item: AzrItem, status: AzrStatus, note: str = "",
               checked_on: date | None = None) -> AzrCheckView:
        """Saves the status of one point (creates or replaces it); ``checked_on`` defaults
        to today and may not lie in the future."""
        item, status = AzrItem(item), AzrStatus(status)
        day = checked_on if checked_on is not None else self._today()
        problems = validate_check(note, day, self._today())
        if problems:
            raise InvalidInputError(problems)
        note = note.strip()
        values: dict[str, Any] = {"status": status.value, "checked_on": day, "note": note,
                  "checked_by": self._vault.actor.user_id}
        with self._vault.unit_of_work() as uow:
            self._case(uow, case_id)
            row = repo.azr_check(uow.session, case_id, item.value)
            if row is None:
                row = orm.AzrCheck(case_id=case_id, item=item.value, **values)
                uow.session.add(row)
            else:
                if row.deleted_at is None and all(getattr(row, k) == v
                                                  for k, v in values.items()):
                    return azr_check_view(row)
                for name, value in values.items():
                    setattr(row, name, value)
                row.deleted_at = None
            uow.session.flush()
            self._journal(uow, case_id, f"AZR-Abgleich: {item.label}: {status.label}",
                          note)
            uow.audit("azr.check", "azr_check", row.id,
                      {"item": item.value, "status": status.value})
            uow.session.flush()
            return azr_check_view(row)

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _case(uow: UnitOfWork, case_id: str) -> orm.Case:
        case = case_repo.load_case(uow.session, case_id)
        if case is None:
            raise NotFoundError("Der Fall wurde nicht gefunden (gelöscht oder nie angelegt).")
        return case

    def _journal(self, uow: UnitOfWork, case_id: str, subject: str, text: str) -> None:
        entry = orm.JournalEntry(case_id=case_id, kind=JournalKind.SYSTEM.value,
                                 occurred_at=datetime.now(UTC),
                                 author_id=self._vault.actor.user_id,
                                 subject=subject, text=text)
        uow.session.add(entry)
        search_repo.index_journal_entry(uow.session, entry)
