"""XLSX export: text cells never formulas, real dates, bold frozen header, neutral properties."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from desktop.exchange.table import FORMULA_TRIGGERS, Table
from desktop.exchange.xlsx import CREATOR, SHEET_TITLE, clean_text, to_xlsx

TABLE = Table(("Aktenzeichen", "Name", "Eingang"),
              [("RRK-DUS-2026-00001", '=HYPERLINK("http://x";"klick")', date(2026, 3, 2)),
               ("RRK-K-2026-00002", "Şahin, Ayşe", None),
               ("RRK-K-2026-00003", "@SUMME(1;2)\nzweite Zeile", date(2025, 12, 31))])


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data))[SHEET_TITLE]


def test_reads_back_with_header_values_and_dates():
    sheet = sheet_of(to_xlsx(TABLE))
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Aktenzeichen", "Name", "Eingang"]
    assert values[1][:2] == ["RRK-DUS-2026-00001", '=HYPERLINK("http://x";"klick")']
    assert isinstance(values[1][2], datetime)
    assert values[1][2].date() == date(2026, 3, 2)
    assert values[2] == ["RRK-K-2026-00002", "Şahin, Ayşe", None]
    assert values[3][1] == "@SUMME(1;2)\nzweite Zeile"
    date_cell = sheet["C2"]
    assert date_cell.data_type == "d" or date_cell.is_date
    assert date_cell.number_format == "DD.MM.YYYY"


def test_no_cell_is_a_formula_and_formula_like_text_is_quote_prefixed():
    sheet = sheet_of(to_xlsx(TABLE))
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix
    assert sheet["B4"].quotePrefix
    assert not sheet["B3"].quotePrefix
    raw = zipfile.ZipFile(io.BytesIO(to_xlsx(TABLE))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw


def test_layout_bold_frozen_header_filter_and_widths():
    sheet = sheet_of(to_xlsx(TABLE))
    assert [c.font.b for c in sheet[1]] == [True, True, True]
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C4"
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] >= len("RRK-DUS-2026-00001")
    assert all(8 <= w <= 60 for w in widths)


def test_document_properties_are_neutral():
    data = to_xlsx(TABLE)
    props = load_workbook(io.BytesIO(data)).properties
    assert props.creator == CREATOR
    assert props.lastModifiedBy is None
    assert not props.title
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "openpyxl" not in core.lower()


def test_empty_table_still_has_the_header():
    sheet = sheet_of(to_xlsx(Table(("Aktenzeichen", "Name"), [])))
    assert [c.value for c in sheet[1]] == ["Aktenzeichen", "Name"]
    assert sheet.auto_filter.ref == "A1:B1"


def test_control_characters_do_not_break_the_file():
    sheet = sheet_of(to_xlsx(Table(("Name",), [("Müller\x00\x07 Hans\r\nKöln\rBonn",)])))
    assert sheet["A2"].value == "Müller\ufffd\ufffd Hans\nKöln\nBonn"


cells = st.one_of(st.text(max_size=30), st.none(),
                  st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31)),
                  st.sampled_from(FORMULA_TRIGGERS).flatmap(
                      lambda start: st.text(max_size=20).map(lambda rest: start + rest)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cells, min_size=2, max_size=2), max_size=5))
def test_any_text_reads_back_as_text(rows):
    sheet = sheet_of(to_xlsx(Table(("A", "B"), rows)))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            assert cell.data_type != "f"
            if isinstance(value, str):
                assert (cell.value or "") == clean_text(value)
            elif isinstance(value, date):
                assert isinstance(cell.value, datetime)
                assert cell.value.date() == value
            else:
                assert cell.value is None
