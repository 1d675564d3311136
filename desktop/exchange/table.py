"""A plain table for export (header + rows of str/date cells) and the formula-injection rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

Cell = str | date | None

# A spreadsheet program reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): "=HYPERLINK(…)", "+cmd|…", "-2+3", "@SUM(…)", and tab or carriage return in
# front of any of them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """Prefixes an apostrophe to text a spreadsheet would treat as a formula (OWASP rule)."""
    return "'" + text if looks_like_formula(text) else text


@dataclass(frozen=True)
class Table:
    """What an export writes: column headers and rows of the same length.

    Cells are plain text, dates (``datetime`` is not allowed: exports carry days) or ``None``
    for an empty cell.
    """

    headers: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]

    def __post_init__(self) -> None:
        width = len(self.headers)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(f"Zeile {number} hat {len(row)} statt {width} Zellen.")
            for cell in row:
                if isinstance(cell, datetime) or not isinstance(cell, str | date | None):
                    raise TypeError(f"Unerwarteter Zellwert: {type(cell).__name__}")
