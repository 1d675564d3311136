"""The RRK file number (Aktenzeichen): ``RRK-<district>-<year>-<number>``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.enums import District

_PATTERN = re.compile(r"^RRK-(ARN|DET|DUS|KLN|MST)-(\d{4})-(\d{5,})$")


@dataclass(frozen=True, order=True)
class FileNumber:
    """``RRK-DUS-2026-00042``: district code, year of intake, running number per year."""

    district: District
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 2000 <= self.year <= 2200:
            raise ValueError(f"Jahr {self.year} ist für ein Aktenzeichen ungültig.")
        if self.number < 1:
            raise ValueError("Die laufende Nummer beginnt bei 1.")

    def __str__(self) -> str:
        return f"RRK-{self.district.value}-{self.year:04d}-{self.number:05d}"

    @classmethod
    def parse(cls, text: str) -> FileNumber:
        match = _PATTERN.match(text.strip().upper())
        if not match:
            raise ValueError(f"„{text}“ ist kein RRK-Aktenzeichen (z. B. RRK-DUS-2026-00042).")
        return cls(District(match[1]), int(match[2]), int(match[3]))
