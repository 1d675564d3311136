"""Reporting periods of the Fallmanagement-Statistik: month, quarter, half-year, year, range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop.domain.dates import format_date

_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember")


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    RANGE = "range"

    @property
    def label(self) -> str:
        return {"month": "Monat", "quarter": "Quartal", "half_year": "Halbjahr",
                "year": "Jahr", "range": "Zeitraum"}[self.value]


def _month_end(year: int, month: int) -> date:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """A closed date interval ``start``–``end``; the cut-off (Stichtag) is its last day."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.RANGE

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("Das Ende des Zeitraums liegt vor seinem Beginn.")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _month_end(year, month), PeriodKind.MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("Ein Quartal ist 1 bis 4.")
        first = 3 * quarter - 2
        return cls(date(year, first, 1), _month_end(year, first + 2), PeriodKind.QUARTER)

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("Ein Halbjahr ist 1 oder 2.")
        first = 1 if half == 1 else 7
        return cls(date(year, first, 1), _month_end(year, first + 5), PeriodKind.HALF_YEAR)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def range(cls, start: date, end: date) -> Period:
        return cls(start, end, PeriodKind.RANGE)

    @classmethod
    def of(cls, kind: PeriodKind, start: date, end: date) -> Period:
        """The period of that kind starting at ``start``; checks that ``end`` fits."""
        if kind is PeriodKind.RANGE:
            return cls.range(start, end)
        made = {PeriodKind.MONTH: lambda: cls.month(start.year, start.month),
                PeriodKind.QUARTER: lambda: cls.quarter(start.year, (start.month + 2) // 3),
                PeriodKind.HALF_YEAR: lambda: cls.half_year(start.year, 1 if start.month < 7
                                                            else 2),
                PeriodKind.YEAR: lambda: cls.year(start.year)}[kind]()
        if (made.start, made.end) != (start, end):
            raise ValueError(f"{format_date(start)} – {format_date(end)} ist kein "
                             f"{kind.label}.")
        return made

    @classmethod
    def parse(cls, key: str) -> Period:
        """The inverse of :attr:`key`."""
        text = key.strip()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            return cls.month(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-H([12])", text):
            return cls.half_year(int(m[1]), int(m[2]))
        if re.fullmatch(r"\d{4}", text):
            return cls.year(int(text))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            return cls.range(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        raise ValueError(f"Unbekannter Zeitraum: {key!r}")

    @property
    def key(self) -> str:
        s = self.start
        match self.kind:
            case PeriodKind.MONTH:
                return f"{s.year}-{s.month:02d}"
            case PeriodKind.QUARTER:
                return f"{s.year}-Q{(s.month + 2) // 3}"
            case PeriodKind.HALF_YEAR:
                return f"{s.year}-H{1 if s.month < 7 else 2}"
            case PeriodKind.YEAR:
                return str(s.year)
        return f"{s.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        s = self.start
        match self.kind:
            case PeriodKind.MONTH:
                return f"{_MONTHS[s.month - 1]} {s.year}"
            case PeriodKind.QUARTER:
                return f"{(s.month + 2) // 3}. Quartal {s.year}"
            case PeriodKind.HALF_YEAR:
                return f"{1 if s.month < 7 else 2}. Halbjahr {s.year}"
            case PeriodKind.YEAR:
                return f"Jahr {s.year}"
        return f"{format_date(s)} – {format_date(self.end)}"

    @property
    def short_label(self) -> str:
        """For chart axes: "03/2026", "Q1 2026", "H1 2026", "2026", "01.01.–15.03.2026"."""
        s = self.start
        match self.kind:
            case PeriodKind.MONTH:
                return f"{s.month:02d}/{s.year}"
            case PeriodKind.QUARTER:
                return f"Q{(s.month + 2) // 3} {s.year}"
            case PeriodKind.HALF_YEAR:
                return f"H{1 if s.month < 7 else 2} {s.year}"
            case PeriodKind.YEAR:
                return str(s.year)
        return self.label

    @property
    def cut_off(self) -> date:
        return self.end

    @property
    def cut_off_label(self) -> str:
        return f"Stand {format_date(self.end)}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before (a range: the same length before)."""
        if self.kind is PeriodKind.RANGE:
            end = self.start - timedelta(days=1)
            return Period.range(end - timedelta(days=self.days - 1), end)
        before = self.start - timedelta(days=1)
        return {PeriodKind.MONTH: lambda: Period.month(before.year, before.month),
                PeriodKind.QUARTER: lambda: Period.quarter(before.year, (before.month + 2) // 3),
                PeriodKind.HALF_YEAR: lambda: Period.half_year(before.year,
                                                               1 if before.month < 7 else 2),
                PeriodKind.YEAR: lambda: Period.year(before.year)}[self.kind]()

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind.value, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "label": self.label}


def periods_of_year(year: int, kind: PeriodKind) -> tuple[Period, ...]:
    """The 12 months, 4 quarters, 2 halves or the one year of ``year``."""
    match kind:
        case PeriodKind.MONTH:
            return tuple(Period.month(year, m) for m in range(1, 13))
        case PeriodKind.QUARTER:
            return tuple(Period.quarter(year, q) for q in range(1, 5))
        case PeriodKind.HALF_YEAR:
            return (Period.half_year(year, 1), Period.half_year(year, 2))
        case PeriodKind.YEAR:
            return (Period.year(year),)
    raise ValueError("Ein freier Zeitraum lässt sich nicht in ein Jahr legen.")


def months_of(period: Period) -> tuple[Period, ...]:
    """The calendar months the period touches (bars over time), cut to the period."""
    out: list[Period] = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        whole = Period.month(year, month)
        if whole.start >= period.start and whole.end <= period.end:
            out.append(whole)
        else:
            out.append(Period.range(max(whole.start, period.start), min(whole.end, period.end)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)
