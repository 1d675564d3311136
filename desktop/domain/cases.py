"""Rules of a case: the status workflow and the validation of case input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.dates import PartialDate
from desktop.domain.enums import (
    CaseFlag,
    CaseOutcome,
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
)
from desktop.domain.intake import (
    birth_country_problem,
    is_mistra42,
    mistra42_problems,
    validate_intake_details,
)
from desktop.domain.nationalities import is_known_code

ALLOWED_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.INTAKE: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.DORMANT, CaseStatus.CLOSED}),
    CaseStatus.DORMANT: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ACTIVE}),  # reopening keeps the history
}


class ValidationError(ValueError):
    """Input that breaks a rule; ``problems`` maps a field name to a German message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{msg}" for msg in problems.values()))


def check_transition(current: CaseStatus, target: CaseStatus,
                     outcome: CaseOutcome | None, outcome_date: date | None) -> None:
    """Raises ValidationError unless ``current`` → ``target`` is allowed with these values."""
    if target == current:
        return
    if target not in ALLOWED_TRANSITIONS[current]:
        raise ValidationError({"status": (
            f"Der Status kann nicht von „{current.label}“ zu „{target.label}“ wechseln.")})
    if target == CaseStatus.CLOSED:
        problems = {}
        if outcome is None:
            problems["outcome"] = "Zum Abschließen ist ein Ergebnis anzugeben."
        if outcome_date is None:
            problems["outcome_date"] = "Zum Abschließen ist das Datum des Ergebnisses anzugeben."
        if problems:
            raise ValidationError(problems)


@dataclass(frozen=True)
class PersonInput:
    """What the caseworker types about the person concerned."""

    family_name: str
    given_names: str = ""
    birth_name: str = ""
    birth_date: PartialDate | None = None
    birth_place: str = ""
    nationalities: tuple[str, ...] = ()
    azr_number: str = ""
    languages: str = ""  # comma-separated, e.g. "ar, fr"
    address: str = ""  # current address or accommodation, several lines
    birth_country: str = ""  # ISO code as for nationalities ("XU" ungeklärt), "" unknown


@dataclass(frozen=True)
class AliasInput:
    family_name: str
    given_names: str = ""
    birth_date: PartialDate | None = None


@dataclass(frozen=True)
class CaseInput:
    """A new case as the create-case dialog or an import brings it."""

    person: PersonInput
    district: District
    track: CaseTrack
    intake_source: IntakeSource
    intake_date: date
    intake_reference: str = ""
    flags: frozenset[CaseFlag] = field(default_factory=frozenset)
    aliases: tuple[AliasInput, ...] = ()
    responsible_abh_id: str | None = None
    caseworker_id: str | None = None
    summary: str = ""
    # What the source brought, as (key, text) pairs (see domain/intake.py); None when they
    # were not recorded (imports, older callers): then they are neither checked nor required.
    intake_details: tuple[tuple[str, str], ...] | None = None

    def details(self) -> dict[str, str]:
        return dict(self.intake_details or ())


_MAX_NAME = 200
_MAX_PERSON_TEXT = 2000


def validate_person(person: PersonInput, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not person.family_name.strip():
        problems["family_name"] = "Der Familienname fehlt."
    for name, value in (("family_name", person.family_name),
                        ("given_names", person.given_names),
                        ("birth_name", person.birth_name), ("birth_place", person.birth_place)):
        if len(value) > _MAX_NAME:
            problems[name] = f"Höchstens {_MAX_NAME} Zeichen."
        if any(ord(ch) < 32 for ch in value):
            problems[name] = "Steuerzeichen sind nicht erlaubt."
    if person.birth_date is not None and person.birth_date.earliest() > today:
        problems["birth_date"] = "Das Geburtsdatum liegt in der Zukunft."
    bad = [code for code in person.nationalities if not is_known_code(code)]
    if bad:
        problems["nationalities"] = f"Unbekannte Staatsangehörigkeit: {', '.join(bad)}."
    if len(set(person.nationalities)) != len(person.nationalities):
        problems["nationalities"] = "Eine Staatsangehörigkeit ist doppelt angegeben."
    country = birth_country_problem(person.birth_country)
    if country:
        problems["birth_country"] = country
    azr = person.azr_number.strip()
    if azr and not (azr.isdigit() and 6 <= len(azr) <= 14):
        problems["azr_number"] = "Die AZR-Nummer besteht aus 6 bis 14 Ziffern."
    for name, value, newlines in (("languages", person.languages, False),
                                  ("address", person.address, True)):
        if len(value) > _MAX_PERSON_TEXT:
            problems[name] = f"Höchstens {_MAX_PERSON_TEXT} Zeichen."
        elif any((ord(ch) < 32 or ord(ch) == 127) and not (newlines and ch == "\n")
                 for ch in value):
            problems[name] = "Steuerzeichen sind nicht erlaubt."
    return problems


def validate_case(case: CaseInput, today: date) -> None:
    """Raises ValidationError naming every field that is wrong."""
    problems = validate_person(case.person, today)
    if case.intake_date > today:
        problems["intake_date"] = "Das Eingangsdatum liegt in der Zukunft."
    if case.intake_date.year < 2000:
        problems["intake_date"] = "Das Eingangsdatum liegt vor dem Jahr 2000."
    if len(case.intake_reference) > _MAX_NAME:
        problems["intake_reference"] = f"Höchstens {_MAX_NAME} Zeichen."
    for index, alias in enumerate(case.aliases):
        if not alias.family_name.strip():
            problems[f"aliases.{index}"] = "Eine Aliaspersonalie braucht einen Familiennamen."
    if case.intake_details is not None:
        details = case.details()
        if len(details) != len(case.intake_details):
            problems["intake_details"] = "Eine Angabe der Quelle ist doppelt angegeben."
        for key, message in validate_intake_details(case.intake_source, details,
                                                    today).items():
            problems[f"intake.{key}"] = message
        if is_mistra42(details):
            for key, message in mistra42_problems(case.person).items():
                problems.setdefault(key, message)
    if problems:
        raise ValidationError(problems)


def display_name(family_name: str, given_names: str) -> str:
    """``Family, Given`` – family name first, as files are kept."""
    family = family_name.strip()
    given = given_names.strip()
    return f"{family}, {given}" if given else family
