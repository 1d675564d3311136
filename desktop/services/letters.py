"""Schriftverkehr: letters of a case from draft to frozen PDF and the Postausgangsbuch (the
contract with the UI is docs/letters_api.md).

A draft is stored (nothing typed is lost) and holds ``{placeholders}``; finalising fills them
from the case, renders the PDF and freezes it (``letter_register.freeze``: bytes and SHA-256,
the next register number of the year, a journal entry awaiting the reply and a Frist for the
reply deadline) — all in one unit of work. A final letter never changes (the database refuses
it too); a correction is a new letter linked to the old one, which becomes superseded when
the correction is final.

``LetterService`` is put together from its parts: settings (``letter_settings``), the
four-eyes step (``letter_review``), batches (``letter_batch``) and the other documents
(``letter_documents``); the text and draft building is in ``letter_text``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.domain import deadlines, letter_texts
from desktop.domain.cases import ValidationError
from desktop.domain.letters import LetterKind, escape_braces, fill_draft
from desktop.errors import InvalidInputError, UserFacingError
from desktop.reports.letter import render_letter
from desktop.services import letter_register, letter_settings, letter_text
from desktop.services.export import write_audited
from desktop.services.letter_batch import LetterBatches
from desktop.services.letter_documents import LetterDocuments
from desktop.services.letter_models import (
    ApprovalRequiredError,
    BatchResult,
    DamagedLetterError,
    LetterEdit,
    LetterFrozenError,
    LetterStatus,
    LetterView,
    RegisterRow,
)
from desktop.services.letter_review import LetterReview
from desktop.services.letter_text import LetterText
from desktop.storage import orm
from desktop.storage.repositories import letters as repo

__all__ = ["ApprovalRequiredError", "BatchResult", "DamagedLetterError", "LetterEdit",
           "LetterFrozenError", "LetterService", "LetterStatus", "LetterView", "RegisterRow"]


class LetterService(LetterReview, LetterBatches, LetterDocuments):
    """The letters of the unlocked user's cases (``workspace.letters``)."""

    # --- drafts ------------------------------------------------------------------------------
    def create_draft(self, case_id: str, kind: LetterKind, *,
                     recipient_partner_id: str | None = None) -> LetterView:
        """A new draft from the template of ``kind``, addressed to the partner (default: the
        case's responsible ABH), with the template's reply deadline."""
        kind = LetterKind(kind)
        with self._vault.unit_of_work() as uow:
            case = self._case(uow, case_id)
            partner = self._partner(uow, recipient_partner_id or case.responsible_abh_id)
            row = orm.Letter(case_id=case.id, kind=kind.value, status=LetterStatus.DRAFT.value,
                             recipient_partner_id=partner.id if partner else None,
                             author_id=self._vault.actor.user_id, review_note="")
            letter_text.apply_text(row, letter_text.from_template(uow, kind, case, partner,
                                                                  self._today()))
            uow.session.add(row)
            uow.session.flush()
            uow.audit("letter.create", "letter", row.id, {"case_id": case.id, "kind": kind.value})
            return self._view(uow, row)

    def update_draft(self, letter_id: str, expected_version: int,
                     edit: LetterEdit) -> LetterView:
        """Saves the composer's text. A letter awaiting or holding approval goes back to
        draft (the approval is withdrawn: it was for the old text)."""
        with self._vault.unit_of_work() as uow:
            row = self._editable(uow, letter_id, expected_version)
            text = LetterText.of(row).with_edit(edit)
            if problems := letter_text.edit_problems(text):
                raise InvalidInputError(problems)
            if edit.recipient_partner_id is not None:
                self._partner(uow, edit.recipient_partner_id)
            withdrawn = row.status != LetterStatus.DRAFT.value
            letter_text.apply_text(row, text)
            row.recipient_partner_id = edit.recipient_partner_id
            row.status = LetterStatus.DRAFT.value
            row.approved_by = row.approved_at = None
            uow.session.flush()
            uow.audit("letter.update", "letter", row.id,
                      {"case_id": row.case_id, "approval_withdrawn": withdrawn})
            return self._view(uow, row)

    def problems(self, letter_id: str) -> dict[str, str]:
        """What keeps the letter from being finalised (empty: nothing)."""
        with self._vault.unit_of_work(write=False) as uow:
            row = self._live(uow, letter_id)
            if LetterStatus(row.status).frozen:
                return {}
            return letter_text.all_problems(self._draft(uow, row, LetterText.of(row)))

    def preview(self, letter_id: str, edit: LetterEdit | None = None) -> bytes:
        """The draft as PDF marked ENTWURF (never stored); a final letter's frozen bytes."""
        with self._vault.unit_of_work(write=False) as uow:
            row = self._live(uow, letter_id)
            if LetterStatus(row.status).frozen:
                return letter_register.frozen_document(uow, row)
            text = LetterText.of(row) if edit is None else LetterText.of(row).with_edit(edit)
            content = letter_text.lenient_content(self._draft(uow, row, text))
        return render_letter(content)

    def delete_draft(self, letter_id: str, expected_version: int) -> None:
        with self._vault.unit_of_work() as uow:
            row = self._editable(uow, letter_id, expected_version)
            row.deleted_at = orm.utcnow()
            uow.audit("letter.delete", "letter", row.id, {"case_id": row.case_id})

    def letters_of(self, case_id: str) -> list[LetterView]:
        """The live letters of a case, newest first."""
        with self._vault.unit_of_work(write=False) as uow:
            self._case(uow, case_id)
            return self._views(uow, repo.letters_of(uow.session, case_id))

    def get(self, letter_id: str) -> LetterView:
        with self._vault.unit_of_work(write=False) as uow:
            return self._view(uow, self._live(uow, letter_id))

    # --- freezing -----------------------------------------------------------------------------
    def finalise(self, letter_id: str, expected_version: int) -> LetterView:
        """Freezes the letter: PDF + SHA-256 stored, register number, journal entry awaiting
        the reply, a Frist for the reply deadline, audit — one unit of work."""
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, letter_id, expected_version)
            status = LetterStatus(row.status)
            if status == LetterStatus.AWAITING_APPROVAL:
                raise ApprovalRequiredError("Das Schreiben liegt noch zur Freigabe vor.")
            if (row.kind == LetterKind.INSTRUCTION.value and letter_settings.four_eyes(uow)
                    and status != LetterStatus.APPROVED):
                raise ApprovalRequiredError
            draft = self._draft(uow, row, LetterText.of(row))
            if problems := letter_text.all_problems(draft):
                raise InvalidInputError(problems)
            content = replace(fill_draft(draft), draft=False)
            try:
                pdf = render_letter(content)
            except ValidationError as error:
                raise InvalidInputError(error.problems) from None
            letter_register.freeze(uow, row, content, pdf)
            return self._view(uow, row)

    def correct(self, letter_id: str) -> LetterView:
        """A new draft with the final letter's text, linked to it (``previous_id``)."""
        with self._vault.unit_of_work() as uow:
            old = self._live(uow, letter_id)
            if old.status != LetterStatus.FINAL.value:
                raise UserFacingError("Berichtigt werden kann nur ein abgeschlossenes "
                                      "Schreiben, das noch nicht berichtigt wurde.")
            if repo.successor_of(uow.session, old.id) is not None:
                raise UserFacingError("Zu diesem Schreiben gibt es bereits eine Berichtigung.")
            text = LetterText.of(old)
            deadline = text.reply_deadline
            if deadline is not None and deadline <= self._today():
                template = letter_texts.DEFAULT_TEMPLATES[text.kind]
                deadline = deadlines.deadline_end(self._today(),
                                                  days=template.deadline_days or 14)
            row = orm.Letter(case_id=old.case_id, kind=old.kind,
                             status=LetterStatus.DRAFT.value,
                             recipient_partner_id=old.recipient_partner_id,
                             author_id=self._vault.actor.user_id, previous_id=old.id,
                             review_note="")
            letter_text.apply_text(row, replace(
                text, subject=escape_braces(text.subject),
                paragraphs=tuple(escape_braces(p) for p in text.paragraphs),
                enclosures=tuple(escape_braces(e) for e in text.enclosures),
                reply_deadline=deadline))
            uow.session.add(row)
            uow.session.flush()
            uow.audit("letter.correct", "letter", row.id,
                      {"case_id": row.case_id, "kind": row.kind,
                       "corrects": old.register_number})
            return self._view(uow, row)

    def pdf(self, letter_id: str) -> bytes:
        """The frozen PDF, checked against its SHA-256; the opening is audited."""
        with self._vault.unit_of_work() as uow:
            row = self._live(uow, letter_id)
            data = letter_register.frozen_document(uow, row)
            uow.audit("letter.open", "letter", row.id, {"case_id": row.case_id})
            return data

    def export_pdf(self, letter_id: str, target: Path, *, overwrite: bool = False) -> Path:
        """Writes the frozen PDF to ``target`` (atomically), audited; removed again if the
        audit fails."""
        target = self._target(target, overwrite)
        with self._vault.unit_of_work(write=False) as uow:
            data = letter_register.frozen_document(uow, self._live(uow, letter_id))

        def audit() -> None:
            with self._vault.unit_of_work() as uow:
                row = self._live(uow, letter_id)
                uow.audit("letter.export", "letter", row.id,
                          {"case_id": row.case_id, "kind": row.kind,
                           "register_number": row.register_number, "sha256": row.sha256})

        return write_audited(target, data, audit)

    def register(self, *, year: int | None = None, search: str = "") -> list[RegisterRow]:
        """The Postausgangsbuch (newest first), optionally of one year and filtered by
        register number, file number, recipient or subject."""
        with self._vault.unit_of_work(write=False) as uow:
            return letter_register.register_rows(uow, year, search)
