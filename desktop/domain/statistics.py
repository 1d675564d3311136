"""The Fallmanagement-Statistik: every figure's definition in one place, small counts, JSON.

The texts here are what the program shows as tooltips and prints in the report's appendix;
the queries in ``desktop/storage/repositories/statistics.py`` implement exactly them. A change
of meaning bumps :data:`DEFINITIONS_VERSION` (consolidation refuses files of another version).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.enums import CaseFlag, CaseOutcome, CaseTrack, IntakeSource
from desktop.domain.nationalities import NAMES as NATIONALITY_NAMES
from desktop.domain.statistics_periods import (
    Period,
    PeriodKind,
    months_of,
    periods_of_year,
)

__all__ = [
    "DEFINITIONS_VERSION",
    "DURATION_BUCKETS",
    "FIGURES",
    "NOTICE_IN_TIME_DAYS",
    "NO_NATIONALITY",
    "SMALL_COUNT_LIMIT",
    "SMALL_COUNT_NOTE",
    "FigureDefinition",
    "FigureGroup",
    "FigureKind",
    "FigureValue",
    "Period",
    "PeriodKind",
    "canonical_figures",
    "category_label",
    "definitions_digest",
    "duration_bucket",
    "empty_breakdown",
    "figure",
    "is_small",
    "marked",
    "months_of",
    "periods_of_year",
    "small_counts",
]

DEFINITIONS_VERSION = "1"
# A count of 1 to 4 is a "kleine Fallzahl": reported as it is, but marked.
SMALL_COUNT_LIMIT = 5
SMALL_COUNT_NOTE = ("* kleine Fallzahl (1 bis 4): unverändert angegeben, aber nur eingeschränkt "
                    "aussagekräftig und mit Blick auf Einzelfälle vorsichtig zu verwenden.")
# A custody notice counts as in time when sent at least this many days before its date: three
# months, the shorter of the two default Vorfristen of a Haftfall (6 and 3 months).
NOTICE_IN_TIME_DAYS = 90
# The key of cases_by_nationality for a person without a recorded nationality.
NO_NATIONALITY = "XX"
# Days from intake to outcome: (key, first day, last day or None).
DURATION_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-90", 0, 90), ("91-180", 91, 180), ("181-365", 181, 365), ("366-730", 366, 730),
    ("731+", 731, None))

FigureValue = int | float | dict[str, int] | None


class FigureKind(StrEnum):
    COUNT = "count"
    BREAKDOWN = "breakdown"
    DAYS = "days"


class FigureGroup(StrEnum):
    CASES = "cases"
    CUSTODY = "custody"
    MEASURES = "measures"

    @property
    def label(self) -> str:
        return {"cases": "Fälle", "custody": "Haft", "measures": "Maßnahmen"}[self.value]


@dataclass(frozen=True)
class FigureDefinition:
    id: str
    label: str
    definition: str
    kind: FigureKind
    group: FigureGroup
    categories: tuple[tuple[str, str], ...] = ()
    additive: bool = True

    @property
    def tooltip(self) -> str:
        return f"{self.label}: {self.definition}"

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "definition": self.definition,
                "kind": self.kind.value, "group": self.group.value,
                "categories": [list(c) for c in self.categories], "additive": self.additive}


_LIVE = ("Gelöschte Fälle und gelöschte Einträge zählen nie. Ein Fall zählt für die "
         "Bezirksregierung seines Aktenzeichens.")
_PERIOD = "vom ersten bis zum letzten Tag des Zeitraums (beide eingeschlossen)"
_IN_PERIOD = ("Im Zeitraum bearbeitete Fälle: am oder vor dem letzten Tag des Zeitraums "
              "eingegangen und nicht vor seinem ersten Tag abgeschlossen (ohne "
              "Abschlussdatum oder mit Abschlussdatum im Zeitraum oder danach).")
_CLOSED = ("Abgeschlossene Fälle: das Abschlussdatum (Datum des Ergebnisses) liegt im "
           f"Zeitraum, {_PERIOD}.")


def _enum_categories(enum: type[StrEnum]) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, m.label) for m in enum)  # type: ignore[attr-defined]


_456A = (("requested", "beantragt"), ("granted", "bewilligt"), ("refused", "abgelehnt"))

FIGURES: tuple[FigureDefinition, ...] = (
    FigureDefinition(
        "cases_taken_in", "Falleingänge",
        f"Fälle, deren Eingangsdatum im Zeitraum liegt, {_PERIOD}. {_LIVE}",
        FigureKind.COUNT, FigureGroup.CASES),
    FigureDefinition(
        "cases_taken_in_by_source", "Falleingänge nach Fallquelle",
        "Die Falleingänge des Zeitraums nach der beim Eingang erfassten Fallquelle. Jeder Fall "
        "zählt genau einmal.", FigureKind.BREAKDOWN, FigureGroup.CASES,
        _enum_categories(IntakeSource)),
    FigureDefinition(
        "cases_open_at_cut_off", "Offene Fälle zum Stichtag",
        "Fälle, die am oder vor dem Stichtag (dem letzten Tag des Zeitraums) eingegangen sind "
        "und am Stichtag offen waren: ohne Abschlussdatum oder mit einem Abschlussdatum nach "
        "dem Stichtag. Ruhende Fälle zählen als offen. " + _LIVE,
        FigureKind.COUNT, FigureGroup.CASES),
    FigureDefinition(
        "cases_closed", "Abgeschlossene Fälle", f"{_CLOSED} {_LIVE}",
        FigureKind.COUNT, FigureGroup.CASES),
    FigureDefinition(
        "cases_closed_by_outcome", "Abschlüsse nach Ergebnis",
        f"{_CLOSED} Nach dem erfassten Ergebnis; jeder Fall zählt genau einmal.",
        FigureKind.BREAKDOWN, FigureGroup.CASES, _enum_categories(CaseOutcome)),
    FigureDefinition(
        "cases_in_period", "Im Zeitraum bearbeitete Fälle", f"{_IN_PERIOD} {_LIVE}",
        FigureKind.COUNT, FigureGroup.CASES),
    FigureDefinition(
        "cases_by_nationality", "Bearbeitete Fälle nach Staatsangehörigkeit",
        f"{_IN_PERIOD} Nach der ersten erfassten Staatsangehörigkeit der betroffenen Person "
        f"(jeder Fall zählt genau einmal); „{NO_NATIONALITY}“ = keine erfasst. Weitere "
        "Staatsangehörigkeiten zählen nicht.", FigureKind.BREAKDOWN, FigureGroup.CASES),
    FigureDefinition(
        "cases_by_flag", "Bearbeitete Fälle nach Merkmal",
        f"{_IN_PERIOD} Ein Fall zählt bei einem Merkmal, wenn es an mindestens einem Tag des "
        "Zeitraums gesetzt war (seit ≤ Ende des Zeitraums, bis leer oder ≥ Beginn). Ein Fall "
        "kann bei mehreren Merkmalen zählen, bei einem Merkmal aber nur einmal.",
        FigureKind.BREAKDOWN, FigureGroup.CASES, _enum_categories(CaseFlag)),
    FigureDefinition(
        "cases_by_track", "Bearbeitete Fälle nach Fallgruppe",
        f"{_IN_PERIOD} Nach der heute erfassten Fallgruppe; jeder Fall zählt genau einmal.",
        FigureKind.BREAKDOWN, FigureGroup.CASES, _enum_categories(CaseTrack)),
    FigureDefinition(
        "custody_releases", "Haftentlassungen",
        f"Haftfälle, deren Entlassungsdatum (tatsächlich entlassen am) im Zeitraum liegt, "
        f"{_PERIOD}. {_LIVE}", FigureKind.COUNT, FigureGroup.CUSTODY),
    FigureDefinition(
        "custody_deportations", "Abschiebungen aus der Haft",
        f"{_CLOSED} Nur Fälle mit dem Ergebnis „Abschiebung aus der Haft“. {_LIVE}",
        FigureKind.COUNT, FigureGroup.CUSTODY),
    FigureDefinition(
        "custody_456a_decisions", "Entscheidungen nach § 456a StPO",
        "Haftfälle, deren Entscheidung nach § 456a StPO (Absehen von der Vollstreckung) ein "
        f"Datum im Zeitraum hat, {_PERIOD}, nach dem erfassten Stand der Entscheidung "
        "(beantragt, bewilligt, abgelehnt). Erfasst ist je Haftfall der letzte Stand.",
        FigureKind.BREAKDOWN, FigureGroup.CUSTODY, _456A),
    FigureDefinition(
        "custody_notices_sent", "Mitteilungen an die ABH",
        f"Mitteilungen über eine bevorstehende Haftentlassung an die Ausländerbehörde, deren "
        f"Versanddatum im Zeitraum liegt, {_PERIOD}. {_LIVE}",
        FigureKind.COUNT, FigureGroup.CUSTODY),
    FigureDefinition(
        "custody_notices_in_time", "Rechtzeitige Mitteilungen an die ABH",
        f"Von den Mitteilungen an die ABH im Zeitraum diejenigen, die mindestens "
        f"{NOTICE_IN_TIME_DAYS} Tage (drei Monate, die kürzere Standard-Vorfrist der "
        "Haftfälle) vor dem maßgeblichen Datum (z. B. Halbstrafe § 456a, Strafende) versandt "
        "wurden. Mitteilungen ohne maßgebliches Datum zählen nicht als rechtzeitig.",
        FigureKind.COUNT, FigureGroup.CUSTODY),
    FigureDefinition(
        "measures_done", "Erledigte Maßnahmen",
        f"Maßnahmen mit dem Status „Erledigt“, deren Erledigungsdatum im Zeitraum liegt, "
        f"{_PERIOD}. {_LIVE}", FigureKind.COUNT, FigureGroup.MEASURES),
    FigureDefinition(
        "measures_overdue", "Überfällige Maßnahmen zum Stichtag",
        "Maßnahmen, deren Fälligkeitsdatum vor dem Stichtag liegt und die am Stichtag nicht "
        "erledigt waren: Status „Offen“, oder „Erledigt“ mit einem Erledigungsdatum nach dem "
        "Stichtag. Entfallene Maßnahmen und Maßnahmen ohne Fälligkeit zählen nie. " + _LIVE,
        FigureKind.COUNT, FigureGroup.MEASURES),
    FigureDefinition(
        "median_days_to_outcome", "Mittlere Dauer bis zum Abschluss (Median, Tage)",
        f"{_CLOSED} Median der Tage vom Eingangsdatum bis zum Abschlussdatum; leer, wenn kein "
        "Fall abgeschlossen wurde. Der Median ist nicht summierbar: landesweit wird er nicht "
        "aus den Bezirken gebildet (siehe die Verteilung der Dauer).",
        FigureKind.DAYS, FigureGroup.CASES, additive=False),
    FigureDefinition(
        "days_to_outcome", "Dauer bis zum Abschluss (Tage)",
        f"{_CLOSED} Nach den Tagen vom Eingangsdatum bis zum Abschlussdatum, in Stufen.",
        FigureKind.BREAKDOWN, FigureGroup.CASES,
        tuple((key, f"{key.replace('-', '–').replace('+', ' und mehr')} Tage")
              for key, _, _ in DURATION_BUCKETS)),
)

_BY_ID = {f.id: f for f in FIGURES}


def figure(figure_id: str) -> FigureDefinition:
    return _BY_ID[figure_id]


def definitions_digest() -> str:
    """SHA-256 of the definitions as canonical JSON: equal digests mean equal definitions."""
    payload = {"version": DEFINITIONS_VERSION, "notice_in_time_days": NOTICE_IN_TIME_DAYS,
               "figures": [f.to_json() for f in FIGURES]}
    return hashlib.sha256(_canonical(payload).encode("utf-8")).hexdigest()


def category_label(figure_id: str, key: str) -> str:
    if figure_id == "cases_by_nationality":
        if key == NO_NATIONALITY:
            return "keine erfasst"
        return NATIONALITY_NAMES.get(key, key)
    return dict(figure(figure_id).categories).get(key, key)


def empty_breakdown(figure_id: str) -> dict[str, int]:
    """The fixed categories of a breakdown, all 0 (nationality: none)."""
    return {key: 0 for key, _ in figure(figure_id).categories}


def duration_bucket(days: int) -> str:
    for key, first, last in DURATION_BUCKETS:
        if days >= first and (last is None or days <= last):
            return key
    return DURATION_BUCKETS[0][0]  # negative (outcome before intake): data error, first bucket


def is_small(count: int) -> bool:
    return 0 < count < SMALL_COUNT_LIMIT


def marked(count: int) -> str:
    return f"{count}*" if is_small(count) else str(count)


def small_counts(values: Mapping[str, FigureValue]) -> tuple[str, ...]:
    """The paths (``cases_taken_in``, ``cases_by_flag.mit``) of every small count."""
    out: list[str] = []
    for definition in FIGURES:
        value = values.get(definition.id)
        if definition.kind is FigureKind.COUNT and isinstance(value, int) and is_small(value):
            out.append(definition.id)
        elif isinstance(value, dict):
            out.extend(f"{definition.id}.{key}" for key, n in sorted(value.items())
                       if is_small(n))
    return tuple(out)


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_figures(values: Mapping[str, FigureValue]) -> str:
    """Sorted keys, no spaces, UTF-8 text: what a snapshot's SHA-256 is taken over."""
    return _canonical(dict(values))


def figures_sha256(values: Mapping[str, FigureValue]) -> str:
    return hashlib.sha256(canonical_figures(values).encode("utf-8")).hexdigest()
