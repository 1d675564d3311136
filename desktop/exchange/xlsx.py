"""A table as an Excel workbook (XLSX): one sheet "Fälle", bold frozen header, auto-filter.

Dates become real Excel dates shown as TT.MM.JJJJ. Every text is stored as a text cell, never
as a formula; text a spreadsheet would read as a formula also carries Excel's quote prefix
(the apostrophe Excel shows itself), so the value stays exact and stays text when edited.
The document properties are neutral: the program as author, no user name, no title.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desktop.exchange.table import Cell, Table, looks_like_formula

SHEET_TITLE = "Fälle"
CREATOR = "Fallakte RRK"
DATE_FORMAT = "DD.MM.YYYY"
MIN_WIDTH = 8
MAX_WIDTH = 60
DATE_WIDTH = 12


def clean_text(text: str) -> str:
    """Line breaks become ``\\n`` (Excel's line break in a cell; XML would turn a lone CR
    into one anyway); control characters XML cannot hold become U+FFFD (openpyxl refuses
    them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))


def column_widths(table: Table) -> list[float]:
    """Character widths: the longest text of each column, within sensible limits."""
    widths = [len(h) + 4 for h in table.headers]  # room for the filter button
    for row in table.rows:
        for index, cell in enumerate(row):
            if isinstance(cell, str):
                longest = max((len(line) for line in cell.splitlines()), default=0)
                widths[index] = max(widths[index], longest + 2)
            elif isinstance(cell, date):
                widths[index] = max(widths[index], DATE_WIDTH)
    return [float(min(MAX_WIDTH, max(MIN_WIDTH, w))) for w in widths]


def to_xlsx(table: Table) -> bytes:
    """The whole table as XLSX bytes."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = CREATOR
    workbook.properties.lastModifiedBy = None
    sheet = workbook.create_sheet(SHEET_TITLE)
    for index, width in enumerate(column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in table.headers:
        cell = _text_cell(sheet, text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_cell(sheet, value) for value in row])
    columns = max(1, len(table.headers))
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{len(table.rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Cell) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return _text_cell(sheet, value)
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = DATE_FORMAT
    return cell


def _text_cell(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, clean_text(text))
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell
