"""The case summary (Fallübersicht) for conferences and what each recipient may see of it.

Recipient profiles (data minimisation; the ABH is the authority responsible for the person,
the others get what their part in a case conference needs):

==============================  =====  =======  =======================
section                         ABH    Polizei  Soziale Dienste
==============================  =====  =======  =======================
name, birth date, nationality   yes    yes      yes
aliases (identity)              yes    yes      no
address, languages              yes    yes      yes
status and track                yes    yes      yes
flags (Merkmale: MIT, danger)   yes    yes      no  (criminal background)
obstacles: kind and dates       yes    yes      yes, without custody ones
obstacle details (free text)    yes    no       no  (may hold health data)
Duldung                         yes    yes      yes
custody dates (JVA, release)    yes    yes      no  (criminal background)
open measures                   yes    yes      no  (planned enforcement)
recent journal: date, subject   yes    yes      no
recent journal: text            yes    no       no
==============================  =====  =======  =======================
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum


class SummaryProfile(StrEnum):
    ABH = "abh"
    POLICE = "police"
    SOCIAL = "social"

    @property
    def label(self) -> str:
        return _PROFILE_LABELS[self]


_PROFILE_LABELS = {
    SummaryProfile.ABH: "Ausländerbehörde",
    SummaryProfile.POLICE: "Polizei",
    SummaryProfile.SOCIAL: "Soziale Dienste",
}


class Section(StrEnum):
    ALIASES = "aliases"
    FLAGS = "flags"
    OBSTACLE_DETAILS = "obstacle_details"
    CUSTODY_OBSTACLES = "custody_obstacles"
    CUSTODY = "custody"
    MEASURES = "measures"
    JOURNAL = "journal"
    JOURNAL_TEXT = "journal_text"


_VISIBLE: dict[SummaryProfile, frozenset[Section]] = {
    SummaryProfile.ABH: frozenset(Section),
    SummaryProfile.POLICE: frozenset(Section) - {Section.OBSTACLE_DETAILS, Section.JOURNAL_TEXT},
    SummaryProfile.SOCIAL: frozenset(),
}


def visible_sections(profile: SummaryProfile) -> frozenset[Section]:
    """The optional sections ``profile`` may see (the person's basics are always shown)."""
    return _VISIBLE[profile]


@dataclass(frozen=True)
class SummaryPerson:
    name: str
    birth_date: str = ""  # formatted, may be partial ("00.05.1990")
    nationalities: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    address: str = ""
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class SummaryObstacle:
    kind: str  # German label
    description: str = ""
    since: date | None = None
    until: date | None = None
    custody: bool = False  # an obstacle because of detention


@dataclass(frozen=True)
class SummaryDuldung:
    type: str  # German label
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class SummaryCustody:
    facility: str
    since: date | None = None
    expected_release: date | None = None
    two_thirds: date | None = None


@dataclass(frozen=True)
class SummaryMeasure:
    title: str
    owner: str = ""
    due: date | None = None


@dataclass(frozen=True)
class SummaryJournalEntry:
    on: date
    kind: str  # German label
    subject: str
    text: str = ""


@dataclass(frozen=True)
class CaseSummary:
    """A plain snapshot of a case for the Fallübersicht (services fill it, reports print it)."""

    file_number: str
    status: str  # German label
    person: SummaryPerson
    prepared_on: date
    track: str = ""
    caseworker: str = ""
    authority: str = ""  # "Bezirksregierung Düsseldorf"
    flags: tuple[str, ...] = ()  # German labels
    obstacles: tuple[SummaryObstacle, ...] = ()
    duldung: SummaryDuldung | None = None
    custody: SummaryCustody | None = None
    measures: tuple[SummaryMeasure, ...] = ()
    journal: tuple[SummaryJournalEntry, ...] = ()


def redact(summary: CaseSummary, profile: SummaryProfile) -> CaseSummary:
    """The summary with everything ``profile`` may not see removed (see the module table)."""
    seen = visible_sections(profile)
    person = summary.person
    if Section.ALIASES not in seen:
        person = replace(person, aliases=())
    obstacles = summary.obstacles
    if Section.CUSTODY_OBSTACLES not in seen:
        obstacles = tuple(o for o in obstacles if not o.custody)
    if Section.OBSTACLE_DETAILS not in seen:
        obstacles = tuple(replace(o, description="") for o in obstacles)
    journal = summary.journal if Section.JOURNAL in seen else ()
    if Section.JOURNAL_TEXT not in seen:
        journal = tuple(replace(entry, text="") for entry in journal)
    return replace(
        summary,
        person=person,
        flags=summary.flags if Section.FLAGS in seen else (),
        obstacles=obstacles,
        custody=summary.custody if Section.CUSTODY in seen else None,
        measures=summary.measures if Section.MEASURES in seen else (),
        journal=journal,
    )
