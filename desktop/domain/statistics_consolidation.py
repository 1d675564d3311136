"""The consolidation file of a district's snapshot: aggregate only, with a SHA-256 manifest.

A file holds counts only (no names, file numbers or ids of cases or persons); the manifest
next to it is one line in ``sha256sum`` format. Five files (one per Bezirksregierung) are
combined into a statewide table only when their periods, cut-offs and definitions match.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import District
from desktop.domain.statistics import (
    FIGURES,
    FigureKind,
    FigureValue,
    Period,
    PeriodKind,
    small_counts,
)

FORMAT = "fallakte-rrk-statistik"
FORMAT_VERSION = 1
MANIFEST_SUFFIX = ".sha256"
_KEYS = {"format", "format_version", "district", "period", "cut_off", "definitions_version",
         "definitions_sha256", "snapshot_id", "snapshot_sha256", "created_at", "figures",
         "small_counts"}
_CATEGORY_KEY = re.compile(r"[A-Za-z0-9_+\-]{1,32}")


class ConsolidationError(ValueError):
    """A consolidation file cannot be used; the message is German."""


@dataclass(frozen=True)
class DistrictAggregate:
    district: District
    period: Period
    cut_off: date
    definitions_version: str
    definitions_sha256: str
    snapshot_id: str
    snapshot_sha256: str
    created_at: str
    figures: Mapping[str, FigureValue]
    small_counts: tuple[str, ...]


@dataclass(frozen=True)
class Statewide:
    period: Period
    cut_off: date
    definitions_version: str
    rows: tuple[DistrictAggregate, ...]  # in District order
    missing: tuple[District, ...]
    totals: Mapping[str, FigureValue]  # sums; a non-additive figure (the median) is None


def consolidation_file_name(district: District, period: Period) -> str:
    key = period.key.replace("..", "_")
    return f"statistik-{district.value}-{key}.json"


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def encode_aggregate(aggregate: DistrictAggregate) -> tuple[bytes, str]:
    """The file's bytes and its manifest line (``<sha256>  <file name>``)."""
    payload = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "district": aggregate.district.value,
        "period": {"kind": aggregate.period.kind.value,
                   "start": aggregate.period.start.isoformat(),
                   "end": aggregate.period.end.isoformat()},
        "cut_off": aggregate.cut_off.isoformat(),
        "definitions_version": aggregate.definitions_version,
        "definitions_sha256": aggregate.definitions_sha256,
        "snapshot_id": aggregate.snapshot_id, "snapshot_sha256": aggregate.snapshot_sha256,
        "created_at": aggregate.created_at,
        "figures": {f.id: aggregate.figures.get(f.id) for f in FIGURES},
        "small_counts": list(small_counts(aggregate.figures)),
    }
    data = _canonical(payload)
    name = consolidation_file_name(aggregate.district, aggregate.period)
    return data, f"{hashlib.sha256(data).hexdigest()}  {name}\n"


def _fail(name: str, text: str) -> ConsolidationError:
    return ConsolidationError(f"{name}: {text}")


def _check_figures(name: str, figures: object) -> dict[str, FigureValue]:
    if not isinstance(figures, dict):
        raise _fail(name, "Die Kennzahlen fehlen.")
    known = {f.id: f for f in FIGURES}
    unknown = sorted(set(figures) - set(known))
    if unknown or set(known) - set(figures):
        raise _fail(name, "Die Kennzahlen passen nicht zu den Definitionen dieses Programms "
                          f"({', '.join(unknown or sorted(set(known) - set(figures)))}).")
    out: dict[str, FigureValue] = {}
    for figure_id, value in figures.items():
        kind = known[figure_id].kind
        days_ok = kind is FigureKind.DAYS and (value is None or (
            isinstance(value, int | float) and not isinstance(value, bool) and value >= 0))
        if (kind is FigureKind.COUNT and _is_count(value)) or days_ok:
            out[figure_id] = value
        elif kind is FigureKind.BREAKDOWN and isinstance(value, dict) and all(
                isinstance(k, str) and _CATEGORY_KEY.fullmatch(k) and _is_count(n)
                for k, n in value.items()):
            out[figure_id] = dict(value)
        else:
            raise _fail(name, f"Die Kennzahl {figure_id} enthält etwas anderes als Anzahlen.")
    return out


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def decode_aggregate(data: bytes, manifest: str, file_name: str) -> DistrictAggregate:
    """Checks the manifest and the content; raises :class:`ConsolidationError` (German)."""
    line = manifest.strip().splitlines()[0] if manifest.strip() else ""
    match = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line.strip())
    if match is None:
        raise _fail(file_name, "Die Prüfsummendatei (.sha256) ist unlesbar.")
    if match[2] != file_name:
        raise _fail(file_name, f"Die Prüfsummendatei gehört zu einer anderen Datei ({match[2]}).")
    if hashlib.sha256(data).hexdigest() != match[1]:
        raise _fail(file_name, "Die Datei wurde nach dem Export verändert (die SHA-256-"
                               "Prüfsumme stimmt nicht). Bitte eine neue Datei anfordern.")
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(file_name, "Die Datei ist kein gültiges JSON.") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise _fail(file_name, "Die Datei ist keine Statistik-Datei der Fallakte RRK.")
    if payload.get("format_version") != FORMAT_VERSION:
        raise _fail(file_name, "Die Datei hat ein anderes Format (Version "
                               f"{payload.get('format_version')}).")
    if set(payload) != _KEYS:
        raise _fail(file_name, "Die Datei enthält unerwartete Angaben; übernommen werden nur "
                               "Anzahlen.")
    try:
        district = District(payload["district"])
        raw_period = payload["period"]
        period = Period.of(PeriodKind(raw_period["kind"]),
                           date.fromisoformat(raw_period["start"]),
                           date.fromisoformat(raw_period["end"]))
        cut_off = date.fromisoformat(payload["cut_off"])
    except (ValueError, KeyError, TypeError) as exc:
        raise _fail(file_name, "Bezirk, Zeitraum oder Stichtag sind unlesbar.") from exc
    figures = _check_figures(file_name, payload["figures"])
    texts = [payload[k] for k in ("definitions_version", "definitions_sha256", "snapshot_id",
                                  "snapshot_sha256", "created_at")]
    if not all(isinstance(t, str) and len(t) <= 64 for t in texts):
        raise _fail(file_name, "Die Kopfangaben der Datei sind unlesbar.")
    return DistrictAggregate(district, period, cut_off, texts[0], texts[1], texts[2], texts[3],
                             texts[4], figures, small_counts(figures))


def consolidate(aggregates: Sequence[DistrictAggregate], *, definitions_version: str,
                definitions_sha256: str) -> Statewide:
    """The statewide table; raises :class:`ConsolidationError` when the files do not fit."""
    if not aggregates:
        raise ConsolidationError("Es wurde keine Statistik-Datei gewählt.")
    seen: set[District] = set()
    for a in aggregates:
        if a.district in seen:
            raise ConsolidationError(f"Für die Bezirksregierung {a.district.label} liegen "
                                     "zwei Dateien vor.")
        seen.add(a.district)
    first = aggregates[0]
    for a in aggregates:
        if (a.period.start, a.period.end) != (first.period.start, first.period.end):
            raise ConsolidationError(
                f"Die Zeiträume passen nicht zusammen: {first.district.label} "
                f"{first.period.label}, {a.district.label} {a.period.label}.")
        if a.cut_off != first.cut_off:
            raise ConsolidationError(
                f"Die Stichtage passen nicht zusammen: {first.district.label} "
                f"{first.cut_off:%d.%m.%Y}, {a.district.label} {a.cut_off:%d.%m.%Y}.")
        if (a.definitions_version, a.definitions_sha256) != (definitions_version,
                                                              definitions_sha256):
            raise ConsolidationError(
                f"Die Datei der Bezirksregierung {a.district.label} beruht auf anderen "
                f"Definitionen der Kennzahlen (Version {a.definitions_version}, dieses "
                f"Programm: Version {definitions_version}). Bitte mit derselben Programm"
                "version exportieren.")
    rows = tuple(sorted(aggregates, key=lambda a: list(District).index(a.district)))
    return Statewide(first.period, first.cut_off, definitions_version, rows,
                     tuple(d for d in District if d not in seen), total_of(rows))


def total_of(rows: Sequence[DistrictAggregate]) -> dict[str, FigureValue]:
    totals: dict[str, FigureValue] = {}
    for definition in FIGURES:
        values = [r.figures.get(definition.id) for r in rows]
        if not definition.additive:
            totals[definition.id] = None
        elif definition.kind is FigureKind.BREAKDOWN:
            merged: dict[str, int] = {key: 0 for key, _ in definition.categories}
            for value in values:
                for key, n in (value or {}).items() if isinstance(value, dict) else ():
                    merged[key] = merged.get(key, 0) + n
            totals[definition.id] = dict(sorted(merged.items())) if not definition.categories \
                else merged
        else:
            totals[definition.id] = sum(v for v in values if isinstance(v, int))
    return totals
