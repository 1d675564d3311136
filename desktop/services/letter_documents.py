"""The other documents of the letters service: the case summary (Fallübersicht) per recipient
profile and the unregistered draft of ``fallakte letter`` (part of ``LetterService``)."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.file_numbers import FileNumber
from desktop.domain.letters import LetterKind
from desktop.domain.summary import CaseSummary, SummaryProfile
from desktop.errors import InvalidInputError, NotFoundError, UserFacingError
from desktop.reports.case_summary import render_case_summary
from desktop.reports.letter import render_letter
from desktop.services import letter_text, letter_values
from desktop.services.export import write_audited
from desktop.services.letter_core import LetterCore
from desktop.storage.repositories import cases as case_repo
from desktop.storage.unit_of_work import UnitOfWork


class LetterDocuments(LetterCore):
    """``case_summary``, ``export_case_summary``, ``draft_for_cli``."""

    def case_summary(self, case_id: str, profile: SummaryProfile) -> bytes:
        """The Fallübersicht for ``profile`` as PDF; audited as ``case_summary.export``."""
        with self._vault.unit_of_work() as uow:
            summary = self._summary(uow, case_id)
            uow.audit("case_summary.export", "case", case_id,
                      {"profile": SummaryProfile(profile).value, "to_file": False})
        return render_case_summary(summary, SummaryProfile(profile))

    def export_case_summary(self, case_id: str, profile: SummaryProfile, target: Path, *,
                            overwrite: bool = False) -> Path:
        """The Fallübersicht written atomically to ``target``; audited."""
        target = self._target(target, overwrite)
        with self._vault.unit_of_work(write=False) as uow:
            summary = self._summary(uow, case_id)

        def audit() -> None:
            with self._vault.unit_of_work() as uow:
                uow.audit("case_summary.export", "case", case_id,
                          {"profile": SummaryProfile(profile).value, "to_file": True})

        return write_audited(target, render_case_summary(summary, SummaryProfile(profile)),
                             audit)

    def draft_for_cli(self, file_number: str, kind: LetterKind) -> bytes:
        """``fallakte letter``: the letter of ``kind`` for the case, addressed to its
        responsible ABH, as a draft (ENTWURF), not stored or registered; audited."""
        try:
            number = str(FileNumber.parse(file_number))
        except ValueError as error:
            raise InvalidInputError({"file_number": str(error)}) from None
        kind = LetterKind(kind)
        with self._vault.unit_of_work() as uow:
            case_id = case_repo.case_id_by_file_number(uow.session, number)
            if case_id is None:
                raise NotFoundError(f"Es gibt keinen Fall mit dem Aktenzeichen {file_number}.")
            case = self._case(uow, case_id)
            abh = case.responsible_abh
            if abh is None or abh.deleted_at is not None:
                raise UserFacingError(f"Für den Fall {case.file_number} ist keine zuständige "
                                      "Ausländerbehörde eingetragen.")
            text = letter_text.from_template(uow, kind, case, abh, self._today())
            if not text.recipient.has_postal_address():
                raise UserFacingError(f"Bei der Ausländerbehörde „{text.recipient.name}“ fehlt "
                                      "die Anschrift (Straße, Postleitzahl, Ort).")
            draft = letter_text.build_draft(uow, case, text, self._vault.actor.user_id,
                                            self._today())
            uow.audit("letter.draft_export", "case", case.id, {"kind": kind.value,
                                                                "via": "cli"})
        return render_letter(letter_text.lenient_content(draft))

    def _summary(self, uow: UnitOfWork, case_id: str) -> CaseSummary:
        case = self._case(uow, case_id)
        head = letter_values.letterhead(uow.session)
        return letter_values.case_summary(uow.session, case, self._today(), head.authority)
