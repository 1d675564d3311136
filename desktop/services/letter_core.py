"""The base of the letters service: the clock, loading rows with their checks (live, not
frozen, current version) and turning rows into read models. The service's parts
(``letter_review``, ``letter_documents``, ``letter_batch``, ``letters``) build on it."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from desktop.domain.letters import LetterDraft, LetterKind
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services import letter_text
from desktop.services.export import check_target
from desktop.services.letter_models import LetterFrozenError, LetterStatus, LetterView
from desktop.services.letter_settings import LetterSettings
from desktop.storage import orm
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import letters as repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]
_EDITABLE = (LetterStatus.DRAFT, LetterStatus.AWAITING_APPROVAL, LetterStatus.APPROVED)


class LetterCore(LetterSettings):
    """Shared state and helpers of ``LetterService``."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        super().__init__(vault)
        self._today = today

    def _draft(self, uow: UnitOfWork, row: orm.Letter,
               text: letter_text.LetterText) -> LetterDraft:
        return letter_text.build_draft(uow, self._case(uow, row.case_id), text, row.author_id,
                                       self._today())

    @staticmethod
    def _case(uow: UnitOfWork, case_id: str) -> orm.Case:
        case = case_repo.load_case(uow.session, case_id)
        if case is None:
            raise NotFoundError("Der Fall wurde nicht gefunden (gelöscht oder nie angelegt).")
        return case

    @staticmethod
    def _partner(uow: UnitOfWork, partner_id: str | None) -> orm.Partner | None:
        if partner_id is None:
            return None
        partner = uow.session.get(orm.Partner, partner_id)
        if partner is None or partner.deleted_at is not None:
            raise InvalidInputError({"recipient_partner_id": "Den Empfänger gibt es nicht "
                                                             "(mehr) im Netzwerk."})
        return partner

    @staticmethod
    def _live(uow: UnitOfWork, letter_id: str) -> orm.Letter:
        row = repo.live_letter(uow.session, letter_id)
        if row is None:
            raise NotFoundError("Das Schreiben wurde nicht gefunden (gelöscht oder nie "
                                "angelegt).")
        return row

    def _row(self, uow: UnitOfWork, letter_id: str, expected_version: int) -> orm.Letter:
        """A live letter that is not frozen, at ``expected_version``."""
        row = self._live(uow, letter_id)
        if LetterStatus(row.status).frozen:
            raise LetterFrozenError
        if row.version != expected_version:
            raise StaleDataError
        return row

    def _editable(self, uow: UnitOfWork, letter_id: str, expected_version: int) -> orm.Letter:
        row = self._row(uow, letter_id, expected_version)
        if LetterStatus(row.status) not in _EDITABLE:
            raise LetterFrozenError
        return row

    @staticmethod
    def _target(target: Path, overwrite: bool) -> Path:
        """Checks an export target before anything is rendered."""
        return check_target(target, overwrite)

    def _view(self, uow: UnitOfWork, row: orm.Letter) -> LetterView:
        return self._views(uow, [row])[0]

    @staticmethod
    def _views(uow: UnitOfWork, rows: Sequence[orm.Letter]) -> list[LetterView]:
        names = repo.user_names(uow.session, {u for r in rows
                                              for u in (r.author_id, r.approved_by) if u})
        numbers = repo.file_numbers(uow.session, {r.case_id for r in rows})
        return [LetterView(
            id=r.id, case_id=r.case_id, file_number=numbers.get(r.case_id, ""),
            kind=LetterKind(r.kind), status=LetterStatus(r.status),
            recipient=letter_text.recipient_of(r), recipient_partner_id=r.recipient_partner_id,
            their_reference=r.their_reference, subject=r.subject,
            paragraphs=tuple(json.loads(r.paragraphs)),
            enclosures=tuple(json.loads(r.enclosures)), reply_deadline=r.reply_deadline,
            letter_date=r.letter_date, register_number=r.register_number, sha256=r.sha256,
            approved_by=names.get(r.approved_by) if r.approved_by else None,
            approved_at=r.approved_at, author=names.get(r.author_id or "", "Unbekannt"),
            previous_id=r.previous_id, version=r.version, review_note=r.review_note)
            for r in rows]
