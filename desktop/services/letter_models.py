"""Read models and errors of the letters service (docs/letters_api.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.letters import LetterKind, Recipient
from desktop.errors import UserFacingError


class LetterStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    FINAL = "final"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def frozen(self) -> bool:
        return self in (LetterStatus.FINAL, LetterStatus.SUPERSEDED)


_STATUS_LABELS = {
    LetterStatus.DRAFT: "Entwurf",
    LetterStatus.AWAITING_APPROVAL: "Zur Freigabe",
    LetterStatus.APPROVED: "Freigegeben",
    LetterStatus.FINAL: "Abgeschlossen",
    LetterStatus.SUPERSEDED: "Berichtigt",
}


@dataclass(frozen=True)
class LetterView:
    id: str
    case_id: str
    file_number: str
    kind: LetterKind
    status: LetterStatus
    recipient: Recipient
    recipient_partner_id: str | None
    their_reference: str
    subject: str
    paragraphs: tuple[str, ...]
    enclosures: tuple[str, ...]
    reply_deadline: date | None
    letter_date: date | None
    register_number: str | None
    sha256: str | None
    approved_by: str | None
    approved_at: datetime | None
    author: str
    previous_id: str | None
    version: int
    review_note: str = ""  # why the Leitung returned it for changes (empty otherwise)


@dataclass(frozen=True)
class RegisterRow:
    """One line of the Postausgangsbuch."""

    letter_id: str
    register_number: str
    letter_date: date
    kind: LetterKind
    case_id: str
    file_number: str
    recipient_name: str
    subject: str
    approved_by: str | None
    author: str
    corrects: str | None


@dataclass(frozen=True)
class LetterEdit:
    """What the compose dialog sends back."""

    recipient: Recipient
    recipient_partner_id: str | None
    their_reference: str
    subject: str
    paragraphs: tuple[str, ...]
    enclosures: tuple[str, ...]
    reply_deadline: date | None


@dataclass(frozen=True)
class BatchResult:
    letters: tuple[LetterView, ...]  # finalised and registered
    skipped: tuple[tuple[str, str], ...]  # (file number, German reason)
    cancelled: bool


class LetterFrozenError(UserFacingError):
    message = ("Das Schreiben ist abgeschlossen und wird nicht mehr geändert. Für eine "
               "Änderung bitte „Berichtigen“ wählen.")


class ApprovalRequiredError(UserFacingError):
    message = ("Eine Weisung wird erst nach der Freigabe durch die Leitung abgeschlossen "
               "(Vier-Augen-Prinzip).")


class DamagedLetterError(UserFacingError):
    message = ("Das gespeicherte Schreiben ist beschädigt: sein Inhalt passt nicht mehr zur "
               "Prüfsumme, die beim Abschluss gespeichert wurde. Bitte eine Sicherung "
               "zurückspielen.")
