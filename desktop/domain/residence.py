"""Residence law of a case: Duldungen, obstacles to removal, external file numbers, identity
documents and the person's languages and address — enumerations, inputs and their rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from desktop.domain.enums import LabelledEnum
from desktop.domain.nationalities import is_known_code

MAX_TEXT = 2000
MAX_SHORT = 200
MAX_REFERENCE = 100
MAX_DOCUMENT_NUMBER = 50
MAX_LANGUAGES = 500
DULDUNG_WARNING_DAYS = 28
EARLIEST_YEAR = 1990  # nothing of this kind in a case file is older
LATEST_YEAR = 2100


class _ResidenceEnum(LabelledEnum):
    """A labelled enum whose German labels live in this module's table."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]


class DuldungType(_ResidenceEnum):
    """The legal basis of a Duldung (suspension of deportation)."""

    S60A_1 = "60a_1"
    S60A_2_1 = "60a_2_1"
    S60A_2_3 = "60a_2_3"
    S60A_2A = "60a_2a"
    S60A_2B = "60a_2b"
    S60B = "60b"
    S60C = "60c"
    S60D = "60d"

    @property
    def description(self) -> str:
        """What the provision is about, in a few words (for tooltips)."""
        return _DULDUNG_DESCRIPTIONS[self.value]


class ObstacleKind(_ResidenceEnum):
    """Why a return cannot happen now (Vollzugshindernis)."""

    PASSPORT = "passport"
    MEDICAL = "medical"
    FAMILY = "family"
    ASYLUM_FOLLOW_UP = "asylum_follow_up"
    COURT = "court"
    CUSTODY = "custody"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"
    OTHER = "other"


class ReferenceKind(_ResidenceEnum):
    """Whose file number an external reference is."""

    ABH = "abh"
    STA = "sta"
    COURT = "court"
    JVA = "jva"
    BAMF = "bamf"
    AZR = "azr"
    POLICE = "police"
    OTHER = "other"


class DocumentKind(_ResidenceEnum):
    PASSPORT = "passport"
    ID_CARD = "id_card"
    TRAVEL_DOCUMENT = "travel_document"
    OTHER = "other"


class PassportStatus(_ResidenceEnum):
    """Where the person stands with a passport (Passersatzbeschaffung included)."""

    VALID = "valid"
    EXPIRED = "expired"
    NONE = "none"
    TRAVEL_DOCUMENT_REQUESTED = "travel_document_requested"
    TRAVEL_DOCUMENT_ISSUED = "travel_document_issued"


_LABELS: dict[str, dict[str, str]] = {
    "DuldungType": {
        "60a_1": "§ 60a Abs. 1 AufenthG",
        "60a_2_1": "§ 60a Abs. 2 S. 1 AufenthG",
        "60a_2_3": "§ 60a Abs. 2 S. 3 AufenthG",
        "60a_2a": "§ 60a Abs. 2a AufenthG",
        "60a_2b": "§ 60a Abs. 2b AufenthG",
        "60b": "§ 60b AufenthG",
        "60c": "§ 60c AufenthG",
        "60d": "§ 60d AufenthG",
    },
    "ObstacleKind": {
        "passport": "Pass/Passersatzpapier fehlt",
        "medical": "Medizinische Gründe",
        "family": "Familiäre Gründe",
        "asylum_follow_up": "Asylfolgeverfahren anhängig",
        "court": "Gerichtsverfahren anhängig",
        "custody": "Haft/Strafverfahren",
        "whereabouts_unknown": "Aufenthalt unbekannt",
        "other": "Sonstiges",
    },
    "ReferenceKind": {
        "abh": "Ausländerbehörde", "sta": "Staatsanwaltschaft", "court": "Gericht",
        "jva": "Justizvollzugsanstalt", "bamf": "BAMF", "azr": "AZR-Nummer",
        "police": "Polizei", "other": "Sonstiges",
    },
    "DocumentKind": {
        "passport": "Reisepass", "id_card": "Personalausweis",
        "travel_document": "Passersatzpapier", "other": "Sonstiges",
    },
    "PassportStatus": {
        "valid": "Gültiger Pass",
        "expired": "Pass abgelaufen",
        "none": "Kein Pass",
        "travel_document_requested": "Passersatzpapier beantragt (PEP)",
        "travel_document_issued": "Passersatzpapier ausgestellt",
    },
}

_DULDUNG_DESCRIPTIONS = {
    "60a_1": "Abschiebungsstopp durch die oberste Landesbehörde",
    "60a_2_1": "Abschiebung tatsächlich oder rechtlich unmöglich",
    "60a_2_3": "Dringende humanitäre oder persönliche Gründe (Ermessensduldung)",
    "60a_2a": "Gescheiterte Zurückweisung oder Abschiebung",
    "60a_2b": "Eltern oder Geschwister eines Minderjährigen mit § 25a AufenthG",
    "60b": "Duldung für Personen mit ungeklärter Identität",
    "60c": "Ausbildungsduldung",
    "60d": "Beschäftigungsduldung",
}


# --- inputs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DuldungInput:
    type: DuldungType
    valid_from: date | None
    valid_until: date | None = None
    reason: str = ""
    issued_by: str = ""


@dataclass(frozen=True)
class ObstacleInput:
    kind: ObstacleKind
    description: str = ""
    since: date | None = None
    until: date | None = None
    resolved: bool = False


@dataclass(frozen=True)
class ReferenceInput:
    kind: ReferenceKind
    value: str
    authority: str = ""


@dataclass(frozen=True)
class IdentityDocumentInput:
    kind: DocumentKind
    status: PassportStatus
    number: str = ""
    issuing_country: str = ""
    valid_until: date | None = None


# --- rules ----------------------------------------------------------------------------------

class HasValidity(Protocol):
    @property
    def valid_from(self) -> date | None: ...

    @property
    def valid_until(self) -> date | None: ...


def days_left(valid_until: date | None, today: date) -> int | None:
    """Days from ``today`` to the last valid day (negative once it has expired)."""
    return None if valid_until is None else (valid_until - today).days


def duldung_warning(valid_until: date | None, today: date,
                    days: int = DULDUNG_WARNING_DAYS) -> bool:
    """True while a Duldung is still valid but ends within ``days`` (the early warning)."""
    left = days_left(valid_until, today)
    return left is not None and 0 <= left <= days


def is_expired(valid_until: date | None, today: date) -> bool:
    return valid_until is not None and valid_until < today


def is_current(duldung: HasValidity, today: date) -> bool:
    """True if ``today`` lies between the first and the last valid day (both included)."""
    start, end = duldung.valid_from, duldung.valid_until
    return start is not None and start <= today and (end is None or today <= end)


def text_problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """A German message if ``value`` is too long or holds control characters."""
    if len(value) > limit:
        return f"Höchstens {limit} Zeichen."
    allowed = {"\n", "\t"} if multiline else set()
    if any((ord(ch) < 32 or ord(ch) == 127) and ch not in allowed for ch in value):
        return "Steuerzeichen sind nicht erlaubt."
    return None


def _date_problem(value: date | None) -> str | None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return f"Das Datum muss zwischen {EARLIEST_YEAR} und {LATEST_YEAR} liegen."
    return None


def _texts(problems: dict[str, str], *fields: tuple[str, str, int, bool]) -> None:
    for name, value, limit, multiline in fields:
        problem = text_problem(value, limit, multiline=multiline)
        if problem:
            problems[name] = problem


def validate_duldung(data: DuldungInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.valid_from is None:
        problems["valid_from"] = "Bitte angeben, ab wann die Duldung gilt."
    for name, value in (("valid_from", data.valid_from), ("valid_until", data.valid_until)):
        if (problem := _date_problem(value)) and name not in problems:
            problems[name] = problem
    if (data.valid_from is not None and data.valid_until is not None
            and data.valid_until < data.valid_from):
        problems["valid_until"] = "Die Duldung endet vor ihrem Beginn."
    _texts(problems, ("reason", data.reason, MAX_TEXT, True),
           ("issued_by", data.issued_by, MAX_SHORT, False))
    return problems


def validate_obstacle(data: ObstacleInput, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, value in (("since", data.since), ("until", data.until)):
        if problem := _date_problem(value):
            problems[name] = problem
    if data.since is not None and data.since > today and "since" not in problems:
        problems["since"] = "Das Datum liegt in der Zukunft."
    if data.since is not None and data.until is not None and data.until < data.since:
        problems["until"] = "Das Ende liegt vor dem Beginn."
    if data.kind == ObstacleKind.OTHER and not data.description.strip():
        problems["description"] = "Bitte das Hindernis beschreiben."
    _texts(problems, ("description", data.description, MAX_TEXT, True))
    return problems


def validate_reference(data: ReferenceInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    value = data.value.strip()
    if not value:
        problems["value"] = "Bitte das Aktenzeichen angeben."
    elif data.kind == ReferenceKind.AZR and not (value.isdigit() and 6 <= len(value) <= 14):
        problems["value"] = "Die AZR-Nummer besteht aus 6 bis 14 Ziffern."
    _texts(problems, ("value", data.value, MAX_REFERENCE, False),
           ("authority", data.authority, MAX_SHORT, False))
    return problems


def validate_document(data: IdentityDocumentInput, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    country = data.issuing_country.strip().upper()
    if country and not is_known_code(country):
        problems["issuing_country"] = f"Unbekannter Staat: {data.issuing_country}."
    if problem := _date_problem(data.valid_until):
        problems["valid_until"] = problem
    elif (data.status == PassportStatus.VALID and data.valid_until is not None
          and data.valid_until < today):
        problems["status"] = ("Das Dokument ist laut Gültigkeitsdatum abgelaufen; bitte den "
                              "Status anpassen.")
    _texts(problems, ("number", data.number, MAX_DOCUMENT_NUMBER, False))
    return problems


def parse_languages(text: str) -> tuple[str, ...]:
    """The languages of a comma- or semicolon-separated text, trimmed, without repeats."""
    seen: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        item = " ".join(part.split())
        if item and item.casefold() not in seen:
            seen[item.casefold()] = item
    return tuple(seen.values())


def validate_person_extras(languages: str, address: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    _texts(problems, ("languages", languages, MAX_LANGUAGES, False),
           ("address", address, MAX_TEXT, True))
    if "languages" not in problems and any(len(x) > 50 for x in parse_languages(languages)):
        problems["languages"] = "Eine Sprache ist länger als 50 Zeichen."
    return problems


def warning_date(valid_until: date, days: int = DULDUNG_WARNING_DAYS) -> date:
    """The first day on which :func:`duldung_warning` fires for ``valid_until``."""
    return valid_until - timedelta(days=days)
