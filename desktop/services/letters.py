"""Schriftverkehr: letters of a case from draft to frozen PDF, the Postausgangsbuch, batches,
case summaries (the contract with the UI is docs/letters_api.md).

A draft is stored (nothing typed is lost) and holds ``{placeholders}``; finalising fills them
from the case, renders the PDF, stores its bytes and SHA-256, gives it the next register
number of the year (``PA-2026-00017``), writes a journal entry awaiting the reply and a Frist
for the reply deadline — all in one unit of work. A final letter never changes (the database
refuses it too); a correction is a new letter linked to the old one, which becomes
superseded when the correction is final. With the four-eyes switch on (default), a Weisung
is finalised only after a Leitung user other than its author approved it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from desktop.domain import deadlines, letter_texts
from desktop.domain.cases import ValidationError
from desktop.domain.enums import JournalKind, ReminderKind, Role
from desktop.domain.file_numbers import FileNumber
from desktop.domain.letters import (
    LetterContent,
    LetterDraft,
    LetterKind,
    PlaceholderError,
    Recipient,
    check_letter,
    draft_problems,
    escape_braces,
    fill,
    fill_draft,
    missing_placeholders,
)
from desktop.domain.summary import CaseSummary, SummaryProfile
from desktop.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StaleDataError,
    UserFacingError,
)
from desktop.reports.case_summary import render_case_summary
from desktop.reports.letter import render_letter
from desktop.services import letter_batch, letter_settings, letter_values
from desktop.services.export import ExportTargetExistsError
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
from desktop.services.letter_settings import LetterSettings
from desktop.services.progress import Progress
from desktop.storage import orm
from desktop.storage.fileio import write_atomic
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import letters as repo
from desktop.storage.repositories import search as search_repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

__all__ = ["ApprovalRequiredError", "BatchResult", "DamagedLetterError", "LetterEdit",
           "LetterFrozenError", "LetterService", "LetterStatus", "LetterView", "RegisterRow"]

Clock = Callable[[], date]
SUBJECT_LENGTH = 200  # journal_entries.subject, reminders.title
EARLY_WARNING_DAYS = 3
BATCH_CHUNK = 200  # letters registered per unit of work
_EDITABLE = (LetterStatus.DRAFT, LetterStatus.AWAITING_APPROVAL, LetterStatus.APPROVED)


def _fit(text: str, length: int = SUBJECT_LENGTH) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Text:
    """The editable part of a letter, from its row or from an edit."""

    kind: LetterKind
    recipient: Recipient
    their_reference: str
    subject: str
    paragraphs: tuple[str, ...]
    enclosures: tuple[str, ...]
    reply_deadline: date | None

    @classmethod
    def of(cls, row: orm.Letter) -> _Text:
        return cls(LetterKind(row.kind), _recipient(row), row.their_reference, row.subject,
                   tuple(json.loads(row.paragraphs)), tuple(json.loads(row.enclosures)),
                   row.reply_deadline)

    def with_edit(self, edit: LetterEdit) -> _Text:
        return replace(self, recipient=edit.recipient, their_reference=edit.their_reference,
                       subject=edit.subject, paragraphs=tuple(edit.paragraphs),
                       enclosures=tuple(edit.enclosures), reply_deadline=edit.reply_deadline)


@dataclass(frozen=True)
class _BatchText:
    text: _Text
    recipient_partner_id: str


def _recipient(row: orm.Letter) -> Recipient:
    return Recipient(name=row.recipient_name, department=row.recipient_department,
                     street=row.recipient_street, postcode=row.recipient_postcode,
                     city=row.recipient_city)


def _apply(row: orm.Letter, text: _Text) -> None:
    recipient = text.recipient
    row.recipient_name = recipient.name.strip()
    row.recipient_department = recipient.department.strip()
    row.recipient_street = recipient.street.strip()
    row.recipient_postcode = recipient.postcode.strip()
    row.recipient_city = recipient.city.strip()
    row.their_reference = text.their_reference.strip()
    row.subject = text.subject.strip()
    row.paragraphs = json.dumps(list(text.paragraphs), ensure_ascii=False)
    row.enclosures = json.dumps([e for e in text.enclosures if e.strip()], ensure_ascii=False)
    row.reply_deadline = text.reply_deadline


def _lenient(template: str, values: dict[str, str]) -> str:
    """A draft's text for the preview: a placeholder without value shows as ``[name]``."""
    shown = {**values, **{n: f"[{n}]" for n in missing_placeholders(template, values)}}
    try:
        return fill(template, shown)
    except PlaceholderError:
        return template


def _edit_problems(text: _Text) -> dict[str, str]:
    problems = {}
    limits = (("recipient.name", text.recipient.name, 200),
              ("recipient.department", text.recipient.department, 200),
              ("recipient.street", text.recipient.street, 200),
              ("recipient.postcode", text.recipient.postcode, 10),
              ("recipient.city", text.recipient.city, 100),
              ("their_reference", text.their_reference, 100))
    for name, value, limit in limits:
        if len(value.strip()) > limit:
            problems[name] = f"Höchstens {limit} Zeichen."
    if len(text.paragraphs) > 100 or sum(len(p) for p in text.paragraphs) > 100_000:
        problems["paragraphs"] = "Das Schreiben ist zu lang."
    return problems


class LetterService(LetterSettings):
    """The letters of the unlocked user's cases (``workspace.letters``)."""

    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        super().__init__(vault)
        self._today = today

    # --- drafts ------------------------------------------------------------------------------
    def create_draft(self, case_id: str, kind: LetterKind, *,
                     recipient_partner_id: str | None = None) -> LetterView:
        """A new draft from the template of ``kind``, addressed to the partner (default: the
        case's responsible ABH), with the template's reply deadline on working days."""
        kind = LetterKind(kind)
        template = letter_texts.DEFAULT_TEMPLATES[kind]
        with self._vault.unit_of_work() as uow:
            case = self._case(uow, case_id)
            partner = self._partner(uow, recipient_partner_id or case.responsible_abh_id)
            known = {m.key: m for m in letter_settings.modules(uow)}
            deadline = (deadlines.deadline_end(self._today(), days=template.deadline_days)
                        if template.deadline_days else None)
            row = orm.Letter(case_id=case.id, kind=kind.value, status=LetterStatus.DRAFT.value,
                             recipient_partner_id=partner.id if partner else None,
                             author_id=self._vault.actor.user_id, review_note="")
            _apply(row, _Text(kind, letter_values.recipient_of(uow.session, partner),
                              repo.abh_reference(uow.session, case.id), template.subject,
                              letter_texts.template_paragraphs(template, known), (), deadline))
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
            text = _Text.of(row).with_edit(edit)
            if problems := _edit_problems(text):
                raise InvalidInputError(problems)
            if edit.recipient_partner_id is not None:
                self._partner(uow, edit.recipient_partner_id)
            withdrawn = row.status != LetterStatus.DRAFT.value
            _apply(row, text)
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
            return self._all_problems(self._draft(uow, row, _Text.of(row)))

    def preview(self, letter_id: str, edit: LetterEdit | None = None) -> bytes:
        """The draft as PDF marked ENTWURF (never stored); a final letter's frozen bytes."""
        with self._vault.unit_of_work(write=False) as uow:
            row = self._live(uow, letter_id)
            if LetterStatus(row.status).frozen:
                return self._document(uow, row)
            text = _Text.of(row) if edit is None else _Text.of(row).with_edit(edit)
            content = self._lenient_content(self._draft(uow, row, text))
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

    # --- four eyes ----------------------------------------------------------------------------
    def request_approval(self, letter_id: str, expected_version: int) -> LetterView:
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, letter_id, expected_version)
            if row.status != LetterStatus.DRAFT.value:
                raise UserFacingError("Nur ein Entwurf kann zur Freigabe vorgelegt werden.")
            if problems := self._all_problems(self._draft(uow, row, _Text.of(row))):
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
        if not note.strip():
            raise InvalidInputError({"note": "Bitte kurz sagen, was geändert werden soll."})
        if len(note.strip()) > 2000:
            raise InvalidInputError({"note": "Höchstens 2000 Zeichen."})
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
            draft = self._draft(uow, row, _Text.of(row))
            if problems := self._all_problems(draft):
                raise InvalidInputError(problems)
            content = replace(fill_draft(draft), draft=False)
            try:
                pdf = render_letter(content)
            except ValidationError as error:
                raise InvalidInputError(error.problems) from None
            self._freeze(uow, row, content, pdf)
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
            text = _Text.of(old)
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
            _apply(row, replace(
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
            data = self._document(uow, row)
            uow.audit("letter.open", "letter", row.id, {"case_id": row.case_id})
            return data

    def export_pdf(self, letter_id: str, target: Path, *, overwrite: bool = False) -> Path:
        """Writes the frozen PDF to ``target`` (atomically), audited; removed again if the
        audit fails."""
        target = self._target(target, overwrite)
        with self._vault.unit_of_work(write=False) as uow:
            data = self._document(uow, self._live(uow, letter_id))
        write_atomic(target, data)
        try:
            with self._vault.unit_of_work() as uow:
                row = self._live(uow, letter_id)
                uow.audit("letter.export", "letter", row.id,
                          {"case_id": row.case_id, "kind": row.kind,
                           "register_number": row.register_number, "sha256": row.sha256})
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        return target

    def register(self, *, year: int | None = None, search: str = "") -> list[RegisterRow]:
        """The Postausgangsbuch (newest first), optionally of one year and filtered by
        register number, file number, recipient or subject."""
        wanted = search.strip().casefold()
        with self._vault.unit_of_work(write=False) as uow:
            rows = repo.register(uow.session, year)
            names = repo.user_names(uow.session, {u for r, _ in rows
                                                  for u in (r.author_id, r.approved_by) if u})
            corrected = repo.register_numbers(uow.session,
                                              {r.previous_id for r, _ in rows if r.previous_id})
        out = []
        for row, file_number in rows:
            assert row.register_number is not None
            assert row.letter_date is not None
            line = RegisterRow(
                letter_id=row.id, register_number=row.register_number,
                letter_date=row.letter_date, kind=LetterKind(row.kind),
                file_number=file_number, recipient_name=row.recipient_name,
                subject=row.subject,
                approved_by=names.get(row.approved_by) if row.approved_by else None,
                author=names.get(row.author_id or "", "Unbekannt"),
                corrects=corrected.get(row.previous_id) if row.previous_id else None)
            haystack = " ".join((line.register_number, line.file_number, line.recipient_name,
                                 line.subject)).casefold()
            if not wanted or wanted in haystack:
                out.append(line)
        return out

    # --- batch ----------------------------------------------------------------------------
    def batch(self, kind: LetterKind, case_ids: Sequence[str], *,
              progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> BatchResult:
        """The same letter kind for many cases, each to its responsible ABH: filled here,
        rendered on 2 processes (``letter_batch``), then finalised and registered like
        ``finalise``. A case that cannot be written is skipped with a German reason; a
        cancel stops rendering and registers only what is done (``cancelled``)."""
        kind = LetterKind(kind)
        with self._vault.unit_of_work(write=False) as uow:
            if kind == LetterKind.INSTRUCTION and letter_settings.four_eyes(uow):
                raise ApprovalRequiredError(
                    "Weisungen brauchen die Freigabe der Leitung (Vier-Augen-Prinzip) und "
                    "werden deshalb nicht im Stapel geschrieben.")
            jobs, skipped = self._prepare_batch(uow, kind, case_ids, progress)
        rendered, cancelled = letter_batch.render_all([job[2] for job in jobs],
                                                      progress=progress, cancel=cancel)
        done = [(jobs[index], pdf) for index, pdf in sorted(rendered.items())]
        letters: list[LetterView] = []
        for start in range(0, len(done), BATCH_CHUNK):
            with self._vault.unit_of_work() as uow:
                rows = []
                for (case_id, text, content), pdf in done[start:start + BATCH_CHUNK]:
                    row = orm.Letter(case_id=case_id, kind=kind.value,
                                     status=LetterStatus.DRAFT.value,
                                     author_id=self._vault.actor.user_id, review_note="",
                                     recipient_partner_id=text.recipient_partner_id)
                    _apply(row, text.text)
                    uow.session.add(row)
                    self._freeze(uow, row, content, pdf, batch=True)
                    rows.append(row)
                letters.extend(self._views(uow, rows))
            letter_batch.report(progress, start + len(rows), len(done),
                                f"Schreiben registriert: {start + len(rows)} von {len(done)}")
        with self._vault.unit_of_work() as uow:
            uow.audit("letter.batch", "letter", None,
                      {"kind": kind.value, "requested": len(case_ids), "count": len(letters),
                       "skipped": len(skipped), "cancelled": cancelled})
        return BatchResult(tuple(letters), tuple(skipped), cancelled)

    def _prepare_batch(self, uow: UnitOfWork, kind: LetterKind, case_ids: Sequence[str],
                       progress: Progress | None
                       ) -> tuple[list[tuple[str, _BatchText, LetterContent]],
                                  list[tuple[str, str]]]:
        template = letter_texts.DEFAULT_TEMPLATES[kind]
        known = {m.key: m for m in letter_settings.modules(uow)}
        paragraphs = letter_texts.template_paragraphs(template, known)
        deadline = (deadlines.deadline_end(self._today(), days=template.deadline_days)
                    if template.deadline_days else None)
        jobs = []
        skipped = []
        for index, case_id in enumerate(case_ids):
            case = case_repo.load_case(uow.session, case_id)
            if case is None:
                skipped.append((case_id, "Der Fall wurde nicht gefunden (gelöscht oder nie "
                                         "angelegt)."))
                continue
            abh = case.responsible_abh
            if abh is None or abh.deleted_at is not None:
                skipped.append((case.file_number, "Keine zuständige Ausländerbehörde "
                                                  "eingetragen."))
                continue
            text = _Text(kind, letter_values.recipient_of(uow.session, abh),
                         repo.abh_reference(uow.session, case.id), template.subject,
                         paragraphs, (), deadline)
            draft = self._draft_of(uow, case, text, self._vault.actor.user_id)
            if problems := self._all_problems(draft):
                skipped.append((case.file_number, " ".join(problems.values())))
                continue
            jobs.append((case.id, _BatchText(text, abh.id),
                         replace(fill_draft(draft), draft=False)))
            letter_batch.report(progress, index + 1, len(case_ids),
                                f"Schreiben vorbereitet: {index + 1} von {len(case_ids)}")
        return jobs, skipped

    def overdue_status_request_cases(self) -> list[str]:
        """Open cases with an overdue open measure owned by an ABH (file-number order)."""
        with self._vault.unit_of_work(write=False) as uow:
            return repo.overdue_abh_case_ids(uow.session, self._today())

    # --- other documents ------------------------------------------------------------------
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
        write_atomic(target, render_case_summary(summary, SummaryProfile(profile)))
        try:
            with self._vault.unit_of_work() as uow:
                uow.audit("case_summary.export", "case", case_id,
                          {"profile": SummaryProfile(profile).value, "to_file": True})
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        return target

    def draft_for_cli(self, file_number: str, kind: LetterKind) -> bytes:
        """``fallakte letter``: the letter of ``kind`` for the case, addressed to its
        responsible ABH, as a draft (ENTWURF), not stored or registered; audited."""
        try:
            number = str(FileNumber.parse(file_number))
        except ValueError as error:
            raise InvalidInputError({"file_number": str(error)}) from None
        kind = LetterKind(kind)
        template = letter_texts.DEFAULT_TEMPLATES[kind]
        with self._vault.unit_of_work() as uow:
            case_id = case_repo.case_id_by_file_number(uow.session, number)
            if case_id is None:
                raise NotFoundError(f"Es gibt keinen Fall mit dem Aktenzeichen {file_number}.")
            case = self._case(uow, case_id)
            if case.responsible_abh is None or case.responsible_abh.deleted_at is not None:
                raise UserFacingError(f"Für den Fall {case.file_number} ist keine zuständige "
                                      "Ausländerbehörde eingetragen.")
            recipient = letter_values.recipient_of(uow.session, case.responsible_abh)
            if not recipient.has_postal_address():
                raise UserFacingError(f"Bei der Ausländerbehörde „{recipient.name}“ fehlt die "
                                      "Anschrift (Straße, Postleitzahl, Ort).")
            known = {m.key: m for m in letter_settings.modules(uow)}
            deadline = (deadlines.deadline_end(self._today(), days=template.deadline_days)
                        if template.deadline_days else None)
            text = _Text(kind, recipient, repo.abh_reference(uow.session, case.id),
                         template.subject, letter_texts.template_paragraphs(template, known),
                         (), deadline)
            draft = self._draft_of(uow, case, text, self._vault.actor.user_id)
            uow.audit("letter.draft_export", "case", case.id, {"kind": kind.value,
                                                                "via": "cli"})
        return render_letter(self._lenient_content(draft))

    # --- helpers used by letter_batch -----------------------------------------------------
    def _draft_of(self, uow: UnitOfWork, case: orm.Case, text: _Text,
                  author_id: str | None) -> LetterDraft:
        head = letter_values.letterhead(uow.session)
        author = repo.user_names(uow.session, {author_id} if author_id else set())
        name = author.get(author_id or "", "")
        values = letter_values.case_values(uow.session, case)
        if text.their_reference.strip():
            values["case.abh_reference"] = text.their_reference.strip()
        recipient = text.recipient if text.recipient.address_lines() else None
        content = LetterContent(
            kind=text.kind, letterhead=head, recipient=recipient, file_number=case.file_number,
            letter_date=self._today(), subject=text.subject, paragraphs=text.paragraphs,
            signature_name=name, their_reference=text.their_reference, contact_name=name,
            contact_phone=head.phone, contact_email=head.email,
            salutation=letter_texts.DEFAULT_TEMPLATES[text.kind].salutation,
            enclosures=text.enclosures, reply_deadline=text.reply_deadline, draft=True)
        return LetterDraft(content, values)

    def _freeze(self, uow: UnitOfWork, row: orm.Letter, content: LetterContent, pdf: bytes,
                *, batch: bool = False, sent_at: datetime | None = None,
                audit: bool = True) -> orm.JournalEntry:
        """Stores the final letter (row may be new) with the next register number; returns
        its journal entry. ``sent_at`` and ``audit=False`` are for the demo history."""
        today = content.letter_date
        seq = repo.next_register_seq(uow.session, today.year)
        number = f"PA-{today.year}-{seq:05d}"
        row.status = LetterStatus.FINAL.value
        row.letter_date = today
        row.subject = content.subject
        row.paragraphs = json.dumps(list(content.paragraphs), ensure_ascii=False)
        row.enclosures = json.dumps(list(content.enclosures), ensure_ascii=False)
        row.register_year, row.register_seq, row.register_number = today.year, seq, number
        row.sha256 = hashlib.sha256(pdf).hexdigest()
        if row.id is None:
            uow.session.add(row)
        uow.session.flush()
        repo.add_document(uow.session, row.id, pdf)
        corrects = None
        if row.previous_id is not None:
            previous = uow.session.get(orm.Letter, row.previous_id)
            if previous is not None and previous.status == LetterStatus.FINAL.value:
                previous.status = LetterStatus.SUPERSEDED.value
                corrects = previous.register_number
        kind = LetterKind(row.kind)
        subject = f"{kind.label} Nr. {number} an {row.recipient_name}"
        if corrects:
            subject += f" (berichtigt Nr. {corrects})"
        entry = orm.JournalEntry(case_id=row.case_id, kind=JournalKind.LETTER.value,
                                 occurred_at=sent_at or datetime.now(UTC),
                                 author_id=self._vault.actor.user_id, subject=_fit(subject),
                                 text=content.subject, reply_due=row.reply_deadline)
        uow.session.add(entry)
        search_repo.index_journal_entry(uow.session, entry)
        if row.reply_deadline is not None:
            warning = deadlines.early_warning(row.reply_deadline, EARLY_WARNING_DAYS)
            uow.session.add(orm.Reminder(
                case_id=row.case_id, kind=ReminderKind.DEADLINE.value,
                title=_fit(f"Antwort auf {kind.label} Nr. {number}"),
                due_date=row.reply_deadline, early_warning=warning if warning > today else None))
        uow.session.flush()
        if not audit:
            return entry
        uow.audit("letter.finalise", "letter", row.id,
                  {"case_id": row.case_id, "kind": row.kind, "register_number": number,
                   "sha256": row.sha256, "approved_by": row.approved_by,
                   "reply_deadline": row.reply_deadline is not None, "corrects": corrects,
                   "batch": batch})
        return entry

    # --- helpers --------------------------------------------------------------------------
    def _draft(self, uow: UnitOfWork, row: orm.Letter, text: _Text) -> LetterDraft:
        return self._draft_of(uow, self._case(uow, row.case_id), text, row.author_id)

    @classmethod
    def _all_problems(cls, draft: LetterDraft) -> dict[str, str]:
        """Placeholder problems per field and the letter's own (recipient, deadline …)."""
        checked = check_letter(replace(cls._lenient_content(draft), draft=False))
        return {**checked, **draft_problems(draft)}

    @staticmethod
    def _lenient_content(draft: LetterDraft) -> LetterContent:
        values = draft.all_values()
        content = draft.content
        return replace(content, subject=_lenient(content.subject, values),
                       paragraphs=tuple(_lenient(p, values) for p in content.paragraphs),
                       enclosures=tuple(_lenient(e, values) for e in content.enclosures),
                       draft=True)

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

    def _check_reviewer(self, row: orm.Letter) -> None:
        actor = self._vault.actor
        if actor.role != Role.LEAD.value:
            raise PermissionDeniedError("Freigeben oder zurückgeben kann nur die Leitung.")
        if actor.user_id == row.author_id:
            raise PermissionDeniedError("Das eigene Schreiben kann niemand selbst freigeben "
                                        "(Vier-Augen-Prinzip).")

    @staticmethod
    def _document(uow: UnitOfWork, row: orm.Letter) -> bytes:
        if not LetterStatus(row.status).frozen:
            raise UserFacingError("Das Schreiben ist noch nicht abgeschlossen.")
        data = repo.document_of(uow.session, row.id)
        if data is None or hashlib.sha256(data).hexdigest() != row.sha256:
            raise DamagedLetterError
        return bytes(data)

    def _summary(self, uow: UnitOfWork, case_id: str) -> CaseSummary:
        case = self._case(uow, case_id)
        head = letter_values.letterhead(uow.session)
        return letter_values.case_summary(uow.session, case, self._today(), head.authority)

    @staticmethod
    def _target(target: Path, overwrite: bool) -> Path:
        target = Path(target)
        if target.is_dir():
            raise UserFacingError(f"{target} ist ein Ordner. Bitte einen Dateinamen angeben.")
        if not target.parent.is_dir():
            raise UserFacingError(f"Den Ordner {target.parent} gibt es nicht.")
        if target.exists() and not overwrite:
            raise ExportTargetExistsError(target)
        return target

    def _view(self, uow: UnitOfWork, row: orm.Letter) -> LetterView:
        return self._views(uow, [row])[0]

    def _views(self, uow: UnitOfWork, rows: Sequence[orm.Letter]) -> list[LetterView]:
        names = repo.user_names(uow.session, {u for r in rows
                                              for u in (r.author_id, r.approved_by) if u})
        numbers = repo.file_numbers(uow.session, {r.case_id for r in rows})
        return [LetterView(
            id=r.id, case_id=r.case_id, file_number=numbers.get(r.case_id, ""),
            kind=LetterKind(r.kind), status=LetterStatus(r.status), recipient=_recipient(r),
            recipient_partner_id=r.recipient_partner_id, their_reference=r.their_reference,
            subject=r.subject, paragraphs=tuple(json.loads(r.paragraphs)),
            enclosures=tuple(json.loads(r.enclosures)), reply_deadline=r.reply_deadline,
            letter_date=r.letter_date, register_number=r.register_number, sha256=r.sha256,
            approved_by=names.get(r.approved_by) if r.approved_by else None,
            approved_at=r.approved_at, author=names.get(r.author_id or "", "Unbekannt"),
            previous_id=r.previous_id, version=r.version, review_note=r.review_note)
            for r in rows]
