"""What each intake source brings (Angaben der Quelle) and the MiStra Nr. 42 person rules.

A case's intake details are a flat mapping {field key: text}, stored as canonical JSON. Every
source has its own fields; the flag ``mistra42`` ("Mitteilung der Justiz (MiStra Nr. 42)") is
allowed for every source and adds the justice fields. A case with that flag needs the person
data MiStra Nr. 42 names: family name, birth name, given names, full birth date, birth place,
state of birth, at least one nationality (ungeklärt/staatenlos count) and the address.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from desktop.domain.dates import PartialDate, format_date, parse_date
from desktop.domain.enums import IntakeSource
from desktop.domain.nationalities import STATELESS, is_known_code

MISTRA_KEY = "mistra42"
MISTRA_LABEL = "Mitteilung der Justiz (MiStra Nr. 42)"
MISTRA_YES = "ja"


class FieldKind(StrEnum):
    TEXT = "text"
    DATE = "date"  # a complete date TT.MM.JJJJ, not in the future
    MULTILINE = "multiline"


@dataclass(frozen=True)
class IntakeField:
    """One input a source brings; ``label`` is German, ``key`` is stored."""

    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    max_length: int = 200
    placeholder: str = ""


_T, _D, _M = FieldKind.TEXT, FieldKind.DATE, FieldKind.MULTILINE

SOURCE_FIELDS: dict[IntakeSource, tuple[IntakeField, ...]] = {
    IntakeSource.POLICE_REPORT: (
        IntakeField("police_authority", "Polizeibehörde", _T, True,
                    placeholder="z. B. KPB Musterstadt, LKA NRW"),
        IntakeField("police_reference", "Vorgangs-/Tagebuchnummer"),
        IntakeField("offence", "Tatvorwurf", _M, max_length=2000),
        IntakeField("offence_date", "Tatzeit", _D),
    ),
    IntakeSource.PRESS_REPORT: (
        IntakeField("medium", "Medium", _T, True, placeholder="Zeitung, Sender, Portal"),
        IntakeField("published_on", "Erscheinungsdatum", _D),
        IntakeField("title", "Titel/Fundstelle", _T, max_length=500),
    ),
    IntakeSource.ABH_SUBMISSION: (
        IntakeField("abh_reference", "Aktenzeichen der ABH", _T, True),
        IntakeField("abh_contact", "Ansprechperson der ABH"),
    ),
    IntakeSource.FACILITY_REPORT: (
        IntakeField("facility", "Einrichtung", _T, True,
                    placeholder="Landesaufnahmeeinrichtung oder kommunale Unterkunft"),
        IntakeField("facility_contact", "Ansprechperson der Einrichtung"),
        IntakeField("occasion", "Anlass", _M, max_length=2000),
    ),
    IntakeSource.PROACTIVE: (
        IntakeField("knowledge_source", "Erkenntnisquelle", _T, True,
                    placeholder="z. B. JVA-Liste, Fallkonferenz"),
    ),
}

JUSTICE_FIELDS: tuple[IntakeField, ...] = (
    IntakeField("justice_authority", "Staatsanwaltschaft/Gericht", _T, True),
    IntakeField("justice_reference", "Aktenzeichen der Justiz", _T, True),
    IntakeField("decision_date", "Datum der Entscheidung", _D),
)

# Where the flag is usual; the wizard suggests it there, every source allows it.
MISTRA_TYPICAL = frozenset({IntakeSource.POLICE_REPORT, IntakeSource.ABH_SUBMISSION,
                            IntakeSource.PROACTIVE})

MISTRA_PERSON_FIELDS: dict[str, str] = {
    "family_name": "der Familienname", "birth_name": "der Geburtsname",
    "given_names": "die Vornamen", "birth_date": "das vollständige Geburtsdatum",
    "birth_place": "der Geburtsort", "birth_country": "der Geburtsstaat",
    "nationalities": "mindestens eine Staatsangehörigkeit (auch ungeklärt/staatenlos)",
    "address": "die Anschrift",
}

_MAX_KEY = 40
_MIN_YEAR = 1900


def is_mistra42(details: Mapping[str, str]) -> bool:
    return details.get(MISTRA_KEY, "").strip() == MISTRA_YES


def fields_for(source: IntakeSource, mistra42: bool = False) -> tuple[IntakeField, ...]:
    """The source's fields, followed by the justice fields when the MiStra flag is set."""
    return SOURCE_FIELDS[source] + (JUSTICE_FIELDS if mistra42 else ())


def field_label(key: str) -> str:
    """The German label of a detail key (the key itself if it is unknown)."""
    if key == MISTRA_KEY:
        return MISTRA_LABEL
    for item in (*JUSTICE_FIELDS, *(f for fs in SOURCE_FIELDS.values() for f in fs)):
        if item.key == key:
            return item.label
    return key


def _bad_characters(value: str, multiline: bool) -> bool:
    return any((ord(ch) < 32 or 127 <= ord(ch) < 160) and not (multiline and ch in "\n\t")
               for ch in value)


def validate_intake_details(source: IntakeSource, details: Mapping[str, str],
                            today: date) -> dict[str, str]:
    """Problems of ``details`` for ``source``: {field key: German message}; empty if fine."""
    problems: dict[str, str] = {}
    mistra = MISTRA_KEY in details
    if mistra and details[MISTRA_KEY] != MISTRA_YES:
        problems[MISTRA_KEY] = f"„{MISTRA_LABEL}“ ist entweder gesetzt oder fehlt."
    known = {f.key: f for f in fields_for(source, True)}
    justice = {f.key for f in JUSTICE_FIELDS}
    for key, value in details.items():
        if key == MISTRA_KEY:
            continue
        if not isinstance(key, str) or not isinstance(value, str):
            problems[str(key)[:_MAX_KEY]] = "Angaben der Quelle müssen Text sein."
            continue
        item = known.get(key)
        if item is None:
            name = key[:_MAX_KEY]
            problems[name] = (f"„{name}“ gehört nicht zu den Angaben einer "
                              f"{source.label}.")
            continue
        if key in justice and not mistra:
            problems[key] = (f"{item.label}: nur bei einer Mitteilung der Justiz "
                             "(MiStra Nr. 42).")
            continue
        message = _check_value(item, value, today)
        if message:
            problems[key] = message
    for item in fields_for(source, mistra):
        if item.required and not details.get(item.key, "").strip() and item.key not in problems:
            problems[item.key] = f"{item.label}: bitte angeben."
    return problems


def _check_value(item: IntakeField, value: str, today: date) -> str:
    if len(value) > item.max_length:
        return f"{item.label}: höchstens {item.max_length} Zeichen."
    if _bad_characters(value, item.kind == FieldKind.MULTILINE):
        return f"{item.label}: Steuerzeichen sind nicht erlaubt."
    if item.kind == FieldKind.DATE and value.strip():
        try:
            day = parse_date(value)
        except ValueError:
            return f"{item.label}: bitte ein vollständiges Datum TT.MM.JJJJ angeben."
        if day > today:
            return f"{item.label}: das Datum liegt in der Zukunft."
        if day.year < _MIN_YEAR:
            return f"{item.label}: das Datum liegt vor {_MIN_YEAR}."
    return ""


def normalize_intake_details(details: Mapping[str, str]) -> dict[str, str]:
    """The stored form: trimmed values, empty ones dropped, dates as TT.MM.JJJJ.

    Call after ``validate_intake_details`` found nothing.
    """
    date_keys = {f.key for fs in (*SOURCE_FIELDS.values(), JUSTICE_FIELDS) for f in fs
                 if f.kind == FieldKind.DATE}
    out: dict[str, str] = {}
    for key, value in details.items():
        text = value.strip()
        if not text:
            continue
        if key in date_keys:
            text = format_date(parse_date(text))
        out[key] = text
    return out


class MistraPerson(Protocol):
    """The person data MiStra Nr. 42 asks for (``PersonInput`` has them)."""

    @property
    def family_name(self) -> str: ...
    @property
    def given_names(self) -> str: ...
    @property
    def birth_name(self) -> str: ...
    @property
    def birth_date(self) -> PartialDate | None: ...
    @property
    def birth_place(self) -> str: ...
    @property
    def birth_country(self) -> str: ...
    @property
    def nationalities(self) -> tuple[str, ...]: ...
    @property
    def address(self) -> str: ...


def mistra42_problems(person: MistraPerson) -> dict[str, str]:
    """What a person lacks for a MiStra Nr. 42 report: {person field: German message}."""
    missing: dict[str, bool] = {
        "family_name": not person.family_name.strip(),
        "birth_name": not person.birth_name.strip(),
        "given_names": not person.given_names.strip(),
        "birth_date": person.birth_date is None or not person.birth_date.is_complete,
        "birth_place": not person.birth_place.strip(),
        "birth_country": not person.birth_country.strip(),
        "nationalities": not person.nationalities,
        "address": not person.address.strip(),
    }
    return {key: f"Für eine Mitteilung nach MiStra Nr. 42 "
                 f"{'sind' if key == 'given_names' else 'ist'} {MISTRA_PERSON_FIELDS[key]} "
                 "anzugeben." for key, absent in missing.items() if absent}


def birth_country_problem(code: str) -> str:
    """A German message if ``code`` is no state of birth ("" = unknown is fine)."""
    if not code:
        return ""
    if code == STATELESS:
        return "„staatenlos“ ist kein Geburtsstaat."
    if not is_known_code(code):
        return f"Unbekannter Geburtsstaat: {code[:10]}."
    return ""


def encode_details(details: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text (not ASCII-escaped)."""
    mapping = dict(details.items() if isinstance(details, Mapping) else details)
    return json.dumps(mapping, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def decode_details(text: str) -> dict[str, str]:
    """The mapping of stored JSON; anything that is not an object of strings raises."""
    value = json.loads(text or "{}")
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError("Die Angaben der Quelle sind kein Objekt aus Texten.")
    return value


def describe_details(source: IntakeSource, details: Mapping[str, str]) -> list[tuple[str, str]]:
    """(German label, value) lines in the order of the source's fields, for display."""
    order = [f.key for f in fields_for(source, True)]
    lines = []
    if is_mistra42(details):
        lines.append((MISTRA_LABEL, "ja"))
    keys = [k for k in order if k in details] + sorted(
        k for k in details if k not in order and k != MISTRA_KEY)
    lines.extend((field_label(k), details[k]) for k in keys)
    return lines
