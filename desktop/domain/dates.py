"""Partially known dates (``00.00.1990``) and the German date format ``TT.MM.JJJJ``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_GERMAN = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date of which the day, or day and month, may be unknown (stored as 0).

    Birth dates of the people concerned are often only partly known; ``00.00.1990`` means
    "some day in 1990". A known day with an unknown month is not allowed.
    """

    year: int
    month: int = 0
    day: int = 0

    def __post_init__(self) -> None:
        if not 1800 <= self.year <= 2200:
            raise ValueError(f"Jahr {self.year} liegt außerhalb des gültigen Bereichs.")
        if not 0 <= self.month <= 12:
            raise ValueError(f"Monat {self.month} ist ungültig.")
        if self.month == 0 and self.day != 0:
            raise ValueError("Ein Tag ohne Monat ist nicht zulässig (z. B. 00.00.1990 oder "
                             "00.05.1990).")
        if self.day:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"Den {self.day:02d}.{self.month:02d}.{self.year} gibt es nicht.")

    @property
    def is_complete(self) -> bool:
        return self.month != 0 and self.day != 0

    def to_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.is_complete else None

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def could_be(self, other: PartialDate) -> bool:
        """True when both may denote the same day (unknown parts match anything)."""
        if self.year != other.year:
            return False
        if self.month and other.month and self.month != other.month:
            return False
        return not (self.day and other.day and self.day != other.day)

    def to_storage(self) -> str:
        """``YYYY-MM-DD`` with ``00`` for unknown parts; sorts like the date."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_storage(cls, text: str) -> PartialDate:
        match = _ISO.match(text)
        if not match:
            raise ValueError(f"Ungültiges gespeichertes Datum: {text!r}")
        return cls(int(match[1]), int(match[2]), int(match[3]))

    def format(self) -> str:
        """``TT.MM.JJJJ`` with ``00`` for unknown parts."""
        return f"{self.day:02d}.{self.month:02d}.{self.year:04d}"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Reads ``TT.MM.JJJJ`` (``00`` for unknown), ``MM.JJJJ``, ``JJJJ`` or ISO."""
        raw = text.strip()
        if re.fullmatch(r"\d{4}", raw):
            return cls(int(raw))
        month_year = re.fullmatch(r"(\d{1,2})\.(\d{4})", raw)
        if month_year:
            return cls(int(month_year[2]), int(month_year[1]))
        match = _GERMAN.match(raw) or None
        if match:
            return cls(int(match[3]), int(match[2]), int(match[1]))
        iso = _ISO.match(raw)
        if iso:
            return cls(int(iso[1]), int(iso[2]), int(iso[3]))
        raise ValueError(f"„{text}“ ist kein Datum im Format TT.MM.JJJJ (unbekannte Teile als 00).")

    @classmethod
    def of(cls, day: date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        return self.format()


def format_date(value: date | None) -> str:
    """``TT.MM.JJJJ``, or an empty string for no date."""
    return value.strftime("%d.%m.%Y") if value else ""


def parse_date(text: str) -> date:
    """Reads a complete date ``TT.MM.JJJJ`` (or ISO); raises ValueError in German."""
    partial = PartialDate.parse(text)
    complete = partial.to_date()
    if complete is None:
        raise ValueError(f"„{text}“ ist kein vollständiges Datum (TT.MM.JJJJ).")
    return complete
