"""A table as CSV for Excel with German settings: UTF-8 with BOM, ``;``, CRLF, TT.MM.JJJJ.

Every cell a spreadsheet would read as a formula gets a leading apostrophe (OWASP), so an
exported name like ``=HYPERLINK("…")`` stays text.
"""

from __future__ import annotations

import csv
import io

from desktop.domain.dates import format_date
from desktop.exchange.table import Cell, Table, neutralise

DELIMITER = ";"
ENCODING = "utf-8-sig"  # the BOM makes Excel read UTF-8 (umlauts, Şahin, Kovačević)


def cell_text(cell: Cell) -> str:
    """The text of one cell as it is written (dates German, formulas neutralised)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return neutralise(cell)
    return format_date(cell)


def to_csv(table: Table) -> bytes:
    """The whole table as CSV bytes (header line first)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, quotechar='"', lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([cell_text(cell) for cell in row])
    return buffer.getvalue().encode(ENCODING)
