"""Read models of the statistics service (docs/statistics_api.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.enums import District
from desktop.domain.statistics import (
    DEFINITIONS_VERSION,
    FIGURES,
    FigureKind,
    FigureValue,
    Period,
    category_label,
    figure,
)


@dataclass(frozen=True)
class StatisticsFigures:
    """The figures of a period and district (``None``: the whole vault), keyed by figure id."""

    period: Period
    district: District | None
    cut_off: date
    values: Mapping[str, FigureValue]

    def count(self, figure_id: str) -> int:
        value = self.values[figure_id]
        if not isinstance(value, int):
            raise TypeError(f"{figure_id} is not a count")
        return value

    def breakdown(self, figure_id: str) -> dict[str, int]:
        value = self.values[figure_id]
        if not isinstance(value, dict):
            raise TypeError(f"{figure_id} is not a breakdown")
        return dict(value)

    def days(self, figure_id: str) -> float | None:
        value = self.values[figure_id]
        if isinstance(value, dict):
            raise TypeError(f"{figure_id} is not a number of days")
        return None if value is None else float(value)

    def to_json(self) -> dict[str, object]:
        """The CLI's JSON: stable keys, figure ids in FIGURES order."""
        return {
            "definitions_version": DEFINITIONS_VERSION,
            "district": None if self.district is None else self.district.value,
            "cut_off": self.cut_off.isoformat(),
            "period": self.period.to_json(),
            "figures": {f.id: _json_value(self.values[f.id]) for f in FIGURES},
        }


def _json_value(value: FigureValue) -> FigureValue:
    return dict(value) if isinstance(value, dict) else value


@dataclass(frozen=True)
class SnapshotSummary:
    id: str
    period: Period
    district: District | None
    cut_off: date
    created_at: datetime
    created_by: str  # display name
    sha256: str
    definitions_version: str

    @property
    def district_label(self) -> str:
        return "gesamter Tresor" if self.district is None else self.district.label

    @property
    def label(self) -> str:
        return (f"{self.period.label} · {self.district_label} · Stand "
                f"{self.cut_off.strftime('%d.%m.%Y')}")


@dataclass(frozen=True)
class SnapshotView:
    summary: SnapshotSummary
    figures: StatisticsFigures
    definitions_current: bool  # False: made under another DEFINITIONS_VERSION


@dataclass(frozen=True)
class FigureDifference:
    figure_id: str
    key: str | None  # one category of a breakdown
    label: str
    before: int | float | None
    after: int | float | None

    @property
    def delta(self) -> int | float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class SnapshotComparison:
    current: SnapshotSummary
    previous: SnapshotSummary | None
    differences: tuple[FigureDifference, ...]


def differences(before: Mapping[str, FigureValue], after: Mapping[str, FigureValue]
                ) -> tuple[FigureDifference, ...]:
    """The changed figures (and breakdown categories), in FIGURES order."""
    out: list[FigureDifference] = []
    for definition in FIGURES:
        old, new = before.get(definition.id), after.get(definition.id)
        if definition.kind is FigureKind.BREAKDOWN:
            old_map = old if isinstance(old, dict) else {}
            new_map = new if isinstance(new, dict) else {}
            keys = [k for k, _ in definition.categories] or sorted(set(old_map) | set(new_map))
            for key in keys:
                a, b = old_map.get(key, 0), new_map.get(key, 0)
                if a != b:
                    out.append(FigureDifference(
                        definition.id, key,
                        f"{definition.label}: {category_label(definition.id, key)}", a, b))
        elif old != new and not isinstance(old, dict) and not isinstance(new, dict):
            out.append(FigureDifference(definition.id, None, figure(definition.id).label,
                                        old, new))
    return tuple(out)
