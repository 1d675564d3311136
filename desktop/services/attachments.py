"""Attachments (Anlagen) of a case: files kept encrypted inside the vault.

The bytes live in their own table (``attachment_contents``) so a list never reads them. A file
leaves the vault only through ``export`` to a path the user picked; the program shows PDFs,
images and text from memory (``content``). Every change is one unit of work, audited (type,
size and SHA-256, never the name or the content) and noted in the case's journal.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from desktop.domain import attachments as rules
from desktop.domain.enums import JournalKind
from desktop.errors import (
    InvalidInputError,
    NotFoundError,
    StaleDataError,
    UserFacingError,
)
from desktop.services.export import check_target, write_audited
from desktop.services.read_models import AttachmentView
from desktop.storage import orm
from desktop.storage.repositories import attachments as repo
from desktop.storage.repositories import search as search_repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

SUBJECT_LENGTH = 200  # journal_entries.subject


class DamagedAttachmentError(UserFacingError):
    """The stored bytes do not match the SHA-256 recorded when the file was added."""

    message = ("Die Anlage ist beschädigt: ihr Inhalt passt nicht mehr zur Prüfsumme, die "
               "beim Hinzufügen gespeichert wurde. Bitte eine Sicherung zurückspielen.")


def attachment_view(row: orm.Attachment, added_by: str | None) -> AttachmentView:
    return AttachmentView(id=row.id, case_id=row.case_id, filename=row.filename,
                          media_type=row.media_type, size=row.size, sha256=row.sha256,
                          note=row.note, added_at=row.created_at,
                          added_by=added_by or "Unbekannt", version=row.version)


def _fit(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _details(row: orm.Attachment) -> dict[str, object]:
    """What the audit log says about an attachment: never its name, note or content."""
    return {"case_id": row.case_id, "media_type": row.media_type, "size": row.size,
            "sha256": row.sha256}


class AttachmentService:
    """The attachments of the unlocked user's cases."""

    def __init__(self, vault: OpenVault) -> None:
        self._vault = vault

    # --- reading ---------------------------------------------------------------------------
    def of_case(self, case_id: str) -> list[AttachmentView]:
        """The live attachments of a case, newest first (without their bytes)."""
        with self._vault.unit_of_work(write=False) as uow:
            self._case(uow, case_id)
            return [attachment_view(row, name)
                    for row, name in repo.attachments_of(uow.session, case_id)]

    def content(self, attachment_id: str) -> bytes:
        """The bytes of an attachment, checked against its SHA-256; the opening is audited.

        Raises:
            NotFoundError: the attachment (or its case) is deleted or never existed.
            DamagedAttachmentError: the bytes do not match the recorded checksum.
        """
        with self._vault.unit_of_work() as uow:
            row, data = self._content(uow, attachment_id)
            uow.audit("attachment.open", "attachment", row.id, {"case_id": row.case_id})
            return data

    # --- adding ----------------------------------------------------------------------------
    def add(self, case_id: str, filename: str, data: bytes, note: str = "") -> AttachmentView:
        """Stores ``data`` as an attachment of the case under a cleaned-up ``filename``.

        Raises:
            InvalidInputError: empty or too large file, unusable name, too long note.
            NotFoundError: the case is deleted or never existed.
        """
        data = bytes(data)
        name = rules.clean_filename(filename)
        note = note.strip()
        problems = {}
        if (problem := rules.filename_problem(filename)) is not None:
            problems["filename"] = problem
        if (problem := rules.size_problem(len(data))) is not None:
            problems["file"] = problem
        if len(note) > rules.MAX_NOTE:
            problems["note"] = f"Die Notiz darf höchstens {rules.MAX_NOTE} Zeichen lang sein."
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            self._case(uow, case_id)
            row = orm.Attachment(case_id=case_id, filename=name,
                                 media_type=rules.sniff_media_type(data), size=len(data),
                                 sha256=hashlib.sha256(data).hexdigest(), note=note,
                                 added_by=self._vault.actor.user_id)
            uow.session.add(row)
            uow.session.flush()
            repo.add_content(uow.session, row.id, data)
            self._journal(uow, case_id, f"Anlage hinzugefügt: {name}", note)
            uow.audit("attachment.add", "attachment", row.id, _details(row))
            uow.session.flush()
            return attachment_view(row, repo.display_name(uow.session, row.added_by))

    def add_file(self, case_id: str, path: Path, note: str = "") -> AttachmentView:
        """Reads the file at ``path`` and adds it (see ``add``); German errors for a missing,
        unreadable or too large file."""
        path = Path(path)
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise UserFacingError(f"„{path.name}“ ist ein Ordner, keine Datei.")
            if (problem := rules.size_problem(size)) is not None:
                raise InvalidInputError({"file": problem})
            with path.open("rb") as handle:
                data = handle.read(rules.MAX_SIZE + 1)
        except FileNotFoundError as error:
            raise UserFacingError(f"Die Datei „{path.name}“ gibt es nicht (mehr).",
                                  detail=str(error)) from error
        except PermissionError as error:
            raise UserFacingError(f"Die Datei „{path.name}“ darf nicht gelesen werden.",
                                  detail=str(error)) from error
        except OSError as error:
            raise UserFacingError(f"Die Datei „{path.name}“ konnte nicht gelesen werden: "
                                  f"{error.strerror or error}", detail=str(error)) from error
        return self.add(case_id, path.name, data, note)

    # --- changing --------------------------------------------------------------------------
    def update(self, attachment_id: str, expected_version: int, *,
               filename: str | None = None, note: str | None = None) -> AttachmentView:
        """Renames an attachment or changes its note (optimistic: ``expected_version``)."""
        problems = {}
        if filename is not None and (problem := rules.filename_problem(filename)):
            problems["filename"] = problem
        if note is not None and len(note.strip()) > rules.MAX_NOTE:
            problems["note"] = f"Die Notiz darf höchstens {rules.MAX_NOTE} Zeichen lang sein."
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, attachment_id, expected_version)
            old_name = row.filename
            changed = []
            if filename is not None and rules.clean_filename(filename) != row.filename:
                row.filename = rules.clean_filename(filename)
                changed.append("filename")
            if note is not None and note.strip() != row.note:
                row.note = note.strip()
                changed.append("note")
            if changed:
                uow.session.flush()
                subject = (f"Anlage umbenannt: {old_name} → {row.filename}"
                           if "filename" in changed else f"Anlage geändert: {row.filename}")
                self._journal(uow, row.case_id, subject, "")
                uow.audit("attachment.update", "attachment", row.id,
                          {"case_id": row.case_id, "fields": changed})
                uow.session.flush()
            return attachment_view(row, repo.display_name(uow.session, row.added_by))

    def delete(self, attachment_id: str, expected_version: int) -> None:
        """Deletes an attachment (soft: it no longer shows or opens); audited, journalled."""
        with self._vault.unit_of_work() as uow:
            row = self._row(uow, attachment_id, expected_version)
            row.deleted_at = datetime.now(UTC)
            uow.session.flush()
            self._journal(uow, row.case_id, f"Anlage gelöscht: {row.filename}", "")
            uow.audit("attachment.delete", "attachment", row.id, _details(row))

    # --- leaving the vault -----------------------------------------------------------------
    def export(self, attachment_id: str, target: Path, *, overwrite: bool = False) -> Path:
        """Writes the attachment's bytes, unencrypted, to ``target`` (atomically: a temp file
        beside it, then a rename); audited with type, size and checksum. An existing file is
        only replaced with ``overwrite=True``; an export that cannot be audited is removed.
        """
        target = check_target(target, overwrite)
        with self._vault.unit_of_work(write=False) as uow:
            _row, data = self._content(uow, attachment_id)

        def audit() -> None:
            with self._vault.unit_of_work() as uow:
                row = repo.live_attachment(uow.session, attachment_id)
                if row is None:
                    raise NotFoundError("Die Anlage wurde inzwischen gelöscht.")
                uow.audit("attachment.export", "attachment", row.id, _details(row))

        return write_audited(target, data, audit)

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _case(uow: UnitOfWork, case_id: str) -> None:
        if not repo.case_is_live(uow.session, case_id):
            raise NotFoundError("Der Fall wurde nicht gefunden (gelöscht oder nie angelegt).")

    @staticmethod
    def _live(uow: UnitOfWork, attachment_id: str) -> orm.Attachment:
        row = repo.live_attachment(uow.session, attachment_id)
        if row is None:
            raise NotFoundError("Die Anlage wurde nicht gefunden (gelöscht oder nie "
                                "angelegt).")
        return row

    def _row(self, uow: UnitOfWork, attachment_id: str,
             expected_version: int) -> orm.Attachment:
        row = self._live(uow, attachment_id)
        if row.version != expected_version:
            raise StaleDataError
        return row

    def _content(self, uow: UnitOfWork, attachment_id: str) -> tuple[orm.Attachment, bytes]:
        row = self._live(uow, attachment_id)
        data = repo.content_of(uow.session, row.id)
        if (data is None or len(data) != row.size
                or hashlib.sha256(data).hexdigest() != row.sha256):
            raise DamagedAttachmentError
        return row, bytes(data)

    def _journal(self, uow: UnitOfWork, case_id: str, subject: str, text: str) -> None:
        entry = orm.JournalEntry(case_id=case_id, kind=JournalKind.SYSTEM.value,
                                 occurred_at=datetime.now(UTC),
                                 author_id=self._vault.actor.user_id,
                                 subject=_fit(subject, SUBJECT_LENGTH), text=text)
        uow.session.add(entry)
        search_repo.index_journal_entry(uow.session, entry)
