"""Letters: kinds, letterhead, recipient, placeholders in text modules, content and its checks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from desktop.domain.dates import format_date


class LetterKind(StrEnum):
    """What a letter is; the value is the code used by the CLI and the register."""

    PROPOSAL = "proposal"
    INSTRUCTION = "instruction"
    STATUS_REQUEST = "status_request"
    CUSTODY_NOTICE = "custody_notice"
    FREE = "free"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    LetterKind.PROPOSAL: "Vorschlag",
    LetterKind.INSTRUCTION: "Weisung",
    LetterKind.STATUS_REQUEST: "Sachstandsanfrage",
    LetterKind.CUSTODY_NOTICE: "Mitteilung Haftentlassung",
    LetterKind.FREE: "Freies Schreiben",
}


@dataclass(frozen=True)
class Letterhead:
    """The sender: the user's Bezirksregierung, configurable per vault."""

    authority: str  # "Bezirksregierung Düsseldorf"
    department: str = ""  # "Dezernat 21 – Regionale Rückkehrkoordinationsstelle"
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    logo: bytes | None = None  # PNG or JPEG

    def return_address(self) -> str:
        """The one-line sender above the address field (DIN 5008 Rücksendeangabe)."""
        place = " ".join(p for p in (self.postcode, self.city) if p.strip())
        return " · ".join(p.strip() for p in (self.authority, self.street, place) if p.strip())


@dataclass(frozen=True)
class Recipient:
    name: str  # "Stadt Musterstadt – Ausländerbehörde"
    department: str = ""  # contact person or department, "z. Hd. Frau Beispiel"
    street: str = ""
    postcode: str = ""
    city: str = ""

    def address_lines(self) -> list[str]:
        place = " ".join(p.strip() for p in (self.postcode, self.city) if p.strip())
        return [line.strip() for line in (self.name, self.department, self.street, place)
                if line.strip()]

    def has_postal_address(self) -> bool:
        return all(p.strip() for p in (self.name, self.street, self.postcode, self.city))


# --- placeholders -------------------------------------------------------------------------

PLACEHOLDERS: dict[str, str] = {
    "person.name": "Name der Person (Vorname Familienname)",
    "person.family_name": "Familienname der Person",
    "person.given_names": "Vornamen der Person",
    "person.birth_date": "Geburtsdatum der Person",
    "person.nationality": "Staatsangehörigkeit der Person",
    "case.file_number": "Aktenzeichen der RRK",
    "case.abh_reference": "Aktenzeichen der Ausländerbehörde",
    "recipient.name": "Empfänger",
    "recipient.contact": "Ansprechpartner beim Empfänger",
    "caseworker.name": "Sachbearbeitung (Name)",
    "caseworker.phone": "Telefon der Sachbearbeitung",
    "caseworker.email": "E-Mail der Sachbearbeitung",
    "authority.name": "Absendende Behörde",
    "authority.department": "Absendendes Dezernat",
    "date": "Datum des Schreibens",
    "deadline": "Antwortfrist",
    "custody.facility": "Justizvollzugsanstalt",
    "custody.release_date": "Voraussichtliches Entlassungsdatum",
}
"""Every placeholder a template may use, with a German description for the editor."""

# ``{{`` and ``}}`` are literal braces; ``{name}`` is a placeholder; a lone brace is an error.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")


class PlaceholderError(ValueError):
    """A template that cannot be filled; the message is German and names every problem."""

    def __init__(self, missing: list[str], unknown: list[str], malformed: int) -> None:
        self.missing = missing
        self.unknown = unknown
        self.malformed = malformed
        super().__init__(" ".join(_problem_messages(missing, unknown, malformed)))


def _problem_messages(missing: list[str], unknown: list[str], malformed: int) -> list[str]:
    messages = []
    if missing:
        names = ", ".join("{" + name + "}" for name in missing)
        messages.append(f"Platzhalter ohne Wert: {names}.")
    if unknown:
        names = ", ".join("{" + name + "}" for name in unknown)
        messages.append(f"Unbekannte Platzhalter: {names}.")
    if malformed:
        messages.append("Einzelne geschweifte Klammer im Text; für eine Klammer "
                        "„{{“ bzw. „}}“ schreiben.")
    return messages


def _tokens(template: str) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(template)


def placeholders(template: str) -> list[str]:
    """The placeholder names in ``template`` in order of first use (known or not)."""
    names: list[str] = []
    for match in _tokens(template):
        name = match.group(1)
        if name is not None and name.strip() not in names:
            names.append(name.strip())
    return names


def unknown_placeholders(template: str) -> list[str]:
    return [name for name in placeholders(template) if name not in PLACEHOLDERS]


def missing_placeholders(template: str, values: Mapping[str, str]) -> list[str]:
    """Placeholders of ``template`` that have no (or only a blank) value."""
    return [name for name in placeholders(template) if not values.get(name, "").strip()]


def _malformed(template: str) -> int:
    return sum(1 for match in _tokens(template) if match.group(0) in ("{", "}"))


def template_problems(template: str, values: Mapping[str, str]) -> list[str]:
    """German messages for everything that keeps ``template`` from being filled."""
    unknown = unknown_placeholders(template)
    missing = [n for n in missing_placeholders(template, values) if n not in unknown]
    return _problem_messages(missing, unknown, _malformed(template))


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replaces every placeholder by its value; raises PlaceholderError rather than blanks."""
    unknown = unknown_placeholders(template)
    missing = [n for n in missing_placeholders(template, values) if n not in unknown]
    malformed = _malformed(template)
    if unknown or missing or malformed:
        raise PlaceholderError(missing, unknown, malformed)

    def replace_token(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:  # "{{" or "}}": a literal brace
            return match.group(0)[0]
        return values[name.strip()]

    return _TOKEN.sub(replace_token, template)


def escape_braces(text: str) -> str:
    """Makes free text safe to use as a template (its braces print literally)."""
    return text.replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True)
class TextModule:
    """A Textbaustein: a reusable paragraph with placeholders."""

    key: str
    title: str
    kinds: frozenset[LetterKind]
    body: str

    def fits(self, kind: LetterKind) -> bool:
        return kind in self.kinds


# --- content ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LetterContent:
    """Everything the renderer needs; text is final (no placeholders left)."""

    kind: LetterKind
    letterhead: Letterhead
    recipient: Recipient | None
    file_number: str  # Unser Zeichen (Aktenzeichen der RRK)
    letter_date: date
    subject: str
    paragraphs: tuple[str, ...]
    signature_name: str
    their_reference: str = ""  # Ihr Zeichen
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    salutation: str = "Sehr geehrte Damen und Herren,"
    closing: str = "Mit freundlichen Grüßen"
    on_behalf: bool = True  # "Im Auftrag"
    enclosures: tuple[str, ...] = ()
    reply_deadline: date | None = None
    draft: bool = True


MAX_SUBJECT = 300


def check_letter(content: LetterContent) -> dict[str, str]:
    """Problems that keep the letter from being finalised: field → German message."""
    problems: dict[str, str] = {}
    recipient = content.recipient
    if content.kind == LetterKind.INSTRUCTION:
        if recipient is None or not recipient.has_postal_address():
            problems["recipient"] = ("Eine Weisung braucht die vollständige Anschrift der "
                                     "Ausländerbehörde (Name, Straße, Postleitzahl, Ort).")
        if content.reply_deadline is None:
            problems["reply_deadline"] = "Eine Weisung braucht eine Frist für die Antwort."
    elif recipient is None or not recipient.name.strip():
        problems["recipient"] = "Bitte einen Empfänger wählen."
    elif not recipient.has_postal_address():
        problems["recipient"] = ("Die Anschrift des Empfängers ist unvollständig "
                                 "(Straße, Postleitzahl, Ort).")
    if (content.reply_deadline is not None
            and content.reply_deadline <= content.letter_date):
        problems["reply_deadline"] = "Die Antwortfrist muss nach dem Datum des Schreibens liegen."
    if not content.subject.strip():
        problems["subject"] = "Bitte einen Betreff angeben."
    elif len(content.subject) > MAX_SUBJECT:
        problems["subject"] = f"Der Betreff ist zu lang (höchstens {MAX_SUBJECT} Zeichen)."
    if not any(p.strip() for p in content.paragraphs):
        problems["paragraphs"] = "Das Schreiben hat keinen Text."
    if not content.file_number.strip():
        problems["file_number"] = "Das Aktenzeichen fehlt."
    if not content.signature_name.strip():
        problems["signature_name"] = "Bitte angeben, wer das Schreiben zeichnet."
    if not content.letterhead.authority.strip():
        problems["letterhead"] = "Im Briefkopf fehlt der Name der Behörde."
    return problems


def standard_values(content: LetterContent) -> dict[str, str]:
    """The placeholder values a letter knows itself (recipient, sender, dates, file number).

    Services add the person's, the case's and the custody values.
    """
    values = {
        "case.file_number": content.file_number,
        "caseworker.name": content.contact_name or content.signature_name,
        "caseworker.phone": content.contact_phone,
        "caseworker.email": content.contact_email,
        "authority.name": content.letterhead.authority,
        "authority.department": content.letterhead.department,
        "date": format_date(content.letter_date),
        "deadline": format_date(content.reply_deadline),
    }
    if content.recipient is not None:
        values["recipient.name"] = content.recipient.name
        values["recipient.contact"] = content.recipient.department
    return {key: value for key, value in values.items() if value.strip()}


@dataclass(frozen=True)
class LetterDraft:
    """A letter being composed: subject, salutation and paragraphs may hold placeholders."""

    content: LetterContent
    values: Mapping[str, str] = field(default_factory=dict)

    def all_values(self) -> dict[str, str]:
        return {**standard_values(self.content), **self.values}

    def _templates(self) -> Iterator[tuple[str, str]]:
        yield "subject", self.content.subject
        yield "salutation", self.content.salutation
        for index, paragraph in enumerate(self.content.paragraphs):
            yield f"paragraphs.{index}", paragraph
        for index, enclosure in enumerate(self.content.enclosures):
            yield f"enclosures.{index}", enclosure


def draft_problems(draft: LetterDraft) -> dict[str, str]:
    """Placeholder problems per field (``paragraphs.2``), then check_letter's of the result."""
    values = draft.all_values()
    problems = {name: " ".join(messages) for name, template in draft._templates()
                if (messages := template_problems(template, values))}
    if problems:
        return problems
    return check_letter(fill_draft(draft))


def fill_draft(draft: LetterDraft) -> LetterContent:
    """The letter with every placeholder replaced; raises PlaceholderError (never blanks)."""
    values = draft.all_values()
    content = draft.content
    return replace(
        content,
        subject=fill(content.subject, values),
        salutation=fill(content.salutation, values),
        paragraphs=tuple(fill(p, values) for p in content.paragraphs),
        enclosures=tuple(fill(e, values) for e in content.enclosures),
    )
