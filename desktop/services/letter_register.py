"""Freezing a letter into the Postausgangsbuch (outgoing register) and reading it back.

``freeze`` stores the final PDF and its SHA-256, gives the next register number of the year
(``PA-2026-00017``), supersedes the corrected letter, writes the journal entry awaiting the
reply and a Frist for the reply deadline — inside the caller's unit of work.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain import deadlines
from desktop.domain.enums import JournalKind, ReminderKind
from desktop.domain.letters import LetterContent, LetterKind
from desktop.errors import UserFacingError
from desktop.services.letter_models import DamagedLetterError, LetterStatus, RegisterRow
from desktop.storage import orm
from desktop.storage.repositories import letters as repo
from desktop.storage.repositories import search as search_repo
from desktop.storage.unit_of_work import UnitOfWork

SUBJECT_LENGTH = 200  # journal_entries.subject, reminders.title
EARLY_WARNING_DAYS = 3


def fit(text: str, length: int = SUBJECT_LENGTH) -> str:
    """``text`` cut to ``length`` characters with an ellipsis."""
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


@dataclass(frozen=True)
class Frozen:
    """What freezing a letter wrote besides the letter."""

    entry: orm.JournalEntry  # awaiting the reply if the letter has a reply deadline
    reminder: orm.Reminder | None  # the Frist for the reply deadline


def freeze(uow: UnitOfWork, row: orm.Letter, content: LetterContent, pdf: bytes, *,
           batch: bool = False, sent_at: datetime | None = None,
           audit: bool = True) -> Frozen:
    """Stores the final letter (``row`` may be new) dated ``content.letter_date`` with the
    next register number. ``sent_at`` (the journal time) and ``audit=False`` are for the
    demo history, which is audited as a whole."""
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
                             author_id=uow.actor.user_id, subject=fit(subject),
                             text=content.subject, reply_due=row.reply_deadline,
                             letter_id=row.id)
    uow.session.add(entry)
    uow.session.flush()  # the entry's id links the reply Frist
    search_repo.index_journal_entry(uow.session, entry)
    reminder = None
    if row.reply_deadline is not None:
        warning = deadlines.early_warning(row.reply_deadline, EARLY_WARNING_DAYS)
        reminder = orm.Reminder(
            case_id=row.case_id, kind=ReminderKind.DEADLINE.value,
            title=fit(f"Antwort auf {kind.label} Nr. {number}"),
            due_date=row.reply_deadline, early_warning=warning if warning > today else None,
            journal_entry_id=entry.id)
        uow.session.add(reminder)
    uow.session.flush()
    if kind == LetterKind.CUSTODY_NOTICE:
        # A Mitteilung Haftentlassung counts as the notice of the case's custody record.
        from desktop.services.custody import notice_for_letter

        notice_for_letter(uow, row.case_id, row.id, today, row.recipient_name,
                          uow.actor.user_id)
    if audit:
        uow.audit("letter.finalise", "letter", row.id,
                  {"case_id": row.case_id, "kind": row.kind, "register_number": number,
                   "sha256": row.sha256, "approved_by": row.approved_by,
                   "reply_deadline": row.reply_deadline is not None, "corrects": corrects,
                   "batch": batch})
    return Frozen(entry, reminder)


def frozen_document(uow: UnitOfWork, row: orm.Letter) -> bytes:
    """The frozen PDF of a final (or superseded) letter, checked against its SHA-256."""
    if not LetterStatus(row.status).frozen:
        raise UserFacingError("Das Schreiben ist noch nicht abgeschlossen.")
    data = repo.document_of(uow.session, row.id)
    if data is None or hashlib.sha256(data).hexdigest() != row.sha256:
        raise DamagedLetterError
    return bytes(data)


def register_rows(uow: UnitOfWork, year: int | None, search: str) -> list[RegisterRow]:
    """The Postausgangsbuch (newest first), optionally of one year and filtered by a
    case-insensitive substring of register number, file number, recipient or subject."""
    wanted = search.strip().casefold()
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
            letter_date=row.letter_date, kind=LetterKind(row.kind), case_id=row.case_id,
            file_number=file_number, recipient_name=row.recipient_name, subject=row.subject,
            approved_by=names.get(row.approved_by) if row.approved_by else None,
            author=names.get(row.author_id or "", "Unbekannt"),
            corrects=corrected.get(row.previous_id) if row.previous_id else None)
        haystack = " ".join((line.register_number, line.file_number, line.recipient_name,
                             line.subject)).casefold()
        if not wanted or wanted in haystack:
            out.append(line)
    return out
