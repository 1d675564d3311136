"""The four-eyes step of the letters service: a caseworker submits a Weisung, a Leitung user
other than its author approves it or returns it with a note (part of ``LetterService``)."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop.domain.enums import Role
from desktop.errors import InvalidInputError, PermissionDeniedError, UserFacingError
from desktop.services import letter_text
from desktop.services.letter_core import LetterCore
from desktop.services.letter_models import LetterStatus, LetterView
from desktop.storage import orm

NOTE_LENGTH = 2000


class LetterReview(LetterCore):
    """``request_approval``, ``approve``, ``return_for_changes``."""

    def request_approval(self, letter_id: str, expected_version: int) -> LetterView:
        """Submits a draft without problems to the Leitung."""
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, letter_id, expected_version)
            if row.status != LetterStatus.DRAFT.value:
                raise UserFacingError("Nur ein Entwurf kann zur Freigabe vorgelegt werden.")
            draft = self._draft(uow, row, letter_text.LetterText.of(row))
            if problems := letter_text.all_problems(draft):
                raise InvalidInputError(problems)
            row.status = LetterStatus.AWAITING_APPROVAL.value
            row.review_note = ""
            uow.session.flush()
            uow.audit("letter.request_approval", "letter", row.id, {"case_id": row.case_id})
            return self._view(uow, row)

    def approve(self, letter_id: str, expected_version: int) -> LetterView:
        """Approval by a Leitung user who is not the author."""
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, letter_id, expected_version)
            self._check_reviewer(row)
            if row.status != LetterStatus.AWAITING_APPROVAL.value:
                raise UserFacingError("Das Schreiben liegt nicht zur Freigabe vor.")
            row.status = LetterStatus.APPROVED.value
            row.approved_by = self._vault.actor.user_id
            row.approved_at = datetime.now(UTC)
            uow.session.flush()
            uow.audit("letter.approve", "letter", row.id,
                      {"case_id": row.case_id, "kind": row.kind,
                       "approved_by": self._vault.actor.user_id})
            return self._view(uow, row)

    def return_for_changes(self, letter_id: str, expected_version: int,
                           note: str) -> LetterView:
        """Back to draft with the Leitung's ``note`` (shown to the author); an approval
        given is withdrawn."""
        if not note.strip():
            raise InvalidInputError({"note": "Bitte kurz sagen, was geändert werden soll."})
        if len(note.strip()) > NOTE_LENGTH:
            raise InvalidInputError({"note": f"Höchstens {NOTE_LENGTH} Zeichen."})
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, letter_id, expected_version)
            self._check_reviewer(row)
            if row.status not in (LetterStatus.AWAITING_APPROVAL.value,
                                  LetterStatus.APPROVED.value):
                raise UserFacingError("Das Schreiben liegt nicht zur Freigabe vor.")
            row.status = LetterStatus.DRAFT.value
            row.approved_by = row.approved_at = None
            row.review_note = note.strip()
            uow.session.flush()
            uow.audit("letter.return", "letter", row.id, {"case_id": row.case_id})
            return self._view(uow, row)

    def _check_reviewer(self, row: orm.Letter) -> None:
        actor = self._vault.actor
        if actor.role != Role.LEAD.value:
            raise PermissionDeniedError("Freigeben oder zurückgeben kann nur die Leitung.")
        if actor.user_id == row.author_id:
            raise PermissionDeniedError("Das eigene Schreiben kann niemand selbst freigeben "
                                        "(Vier-Augen-Prinzip).")
