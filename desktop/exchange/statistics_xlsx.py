"""The Fallmanagement-Statistik as an Excel workbook: the figures and their definitions.

Sheet "Kennzahlen": one row per figure (and per category of a breakdown), one number column
per source (a period, or the five districts and the state); a small count (1 to 4) is kept as
it is and marked in the column "Hinweis". Sheet "Definitionen": every figure's definition.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desktop.domain.statistics import (
    DEFINITIONS_VERSION,
    FIGURES,
    SMALL_COUNT_NOTE,
    FigureKind,
    FigureValue,
    category_label,
    is_small,
)
from desktop.exchange.xlsx import CREATOR, clean_text

SMALL_MARK = "kleine Fallzahl*"


def figure_rows(columns: Sequence[tuple[str, Mapping[str, FigureValue]]]
                ) -> list[tuple[str, str, str, list[int | float | None]]]:
    """(group, figure, category, one value per column) in FIGURES order."""
    rows: list[tuple[str, str, str, list[int | float | None]]] = []
    for definition in FIGURES:
        values = [c[1].get(definition.id) for c in columns]
        if definition.kind is FigureKind.BREAKDOWN:
            keys = [k for k, _ in definition.categories] or sorted(
                {k for v in values if isinstance(v, dict) for k in v})
            for key in keys:
                rows.append((definition.group.label, definition.label,
                             category_label(definition.id, key),
                             [v.get(key, 0) if isinstance(v, dict) else None for v in values]))
        else:
            rows.append((definition.group.label, definition.label, "",
                         [v if isinstance(v, int | float) else None for v in values]))
    return rows


def figures_workbook(*, title: str,
                     columns: Sequence[tuple[str, Mapping[str, FigureValue]]]) -> bytes:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = CREATOR
    workbook.properties.lastModifiedBy = None
    bold = Font(bold=True)
    sheet = workbook.create_sheet("Kennzahlen")
    for index, width in enumerate([12, 48, 34, *[14] * len(columns), 18], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D3"
    sheet.append([_text(sheet, title, bold)])
    sheet.append([_text(sheet, h, bold) for h in
                  ("Bereich", "Kennzahl", "Kategorie", *(c[0] for c in columns), "Hinweis")])
    for group, label, category, values in figure_rows(columns):
        small = any(isinstance(v, int) and is_small(v) for v in values)
        sheet.append([_text(sheet, group), _text(sheet, label), _text(sheet, category),
                      *values, _text(sheet, SMALL_MARK if small else "")])
    sheet.append([])
    sheet.append([_text(sheet, SMALL_COUNT_NOTE)])
    definitions = workbook.create_sheet("Definitionen")
    for index, width in enumerate([30, 40, 100], start=1):
        definitions.column_dimensions[get_column_letter(index)].width = width
    definitions.append([_text(definitions, h, bold) for h in ("Kennung", "Kennzahl",
                                                              "Definition")])
    for definition in FIGURES:
        definitions.append([_text(definitions, definition.id),
                            _text(definitions, definition.label),
                            _text(definitions, definition.definition)])
    definitions.append([_text(definitions, f"Definitionen Version {DEFINITIONS_VERSION}")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(sheet: Any, text: str, font: Font | None = None) -> Any:
    cell = WriteOnlyCell(sheet, clean_text(text))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell
