"""CSV for Excel with German settings, and protection against formula injection."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.exchange.csv_export import cell_text, to_csv
from desktop.exchange.table import FORMULA_TRIGGERS, Table, neutralise


def read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_bom_semicolon_crlf_and_german_dates():
    table = Table(("Aktenzeichen", "Name", "Eingang"),
                  [("RRK-DUS-2026-00001", "Şahin, Ayşe", date(2026, 3, 2)),
                   ("RRK-K-2026-00002", "Kovačević; Dragan", None)])
    data = to_csv(table)
    assert data.startswith(b"\xef\xbb\xbfAktenzeichen;Name;Eingang\r\n")
    assert data.count(b"\r\n") == 3
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert "RRK-DUS-2026-00001;Şahin, Ayşe;02.03.2026\r\n".encode() in data
    assert read(data) == [["Aktenzeichen", "Name", "Eingang"],
                          ["RRK-DUS-2026-00001", "Şahin, Ayşe", "02.03.2026"],
                          ["RRK-K-2026-00002", "Kovačević; Dragan", ""]]


@pytest.mark.parametrize(("value", "written"), [
    ('=HYPERLINK("http://x";"klick")', '\'=HYPERLINK("http://x";"klick")'),
    ("+49 211 475-0", "'+49 211 475-0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUMME(1;2)", "'@SUMME(1;2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Müller-Lüdenscheidt", "Müller-Lüdenscheidt"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_formula_like_cells_get_an_apostrophe(value, written):
    assert cell_text(value) == written
    assert read(to_csv(Table(("Name",), [(value,)])))[1] == [written]


def test_headers_are_protected_too():
    assert read(to_csv(Table(("=1+1",), [])))[0] == ["'=1+1"]


def test_rows_must_match_the_header_and_hold_plain_values():
    with pytest.raises(ValueError, match="Zeile 1"):
        Table(("a", "b"), [("x",)])
    with pytest.raises(TypeError):
        Table(("a",), [(3,)])  # type: ignore[list-item]


cells = st.one_of(st.text(), st.dates(), st.none(),
                  st.sampled_from(FORMULA_TRIGGERS).flatmap(
                      lambda start: st.text().map(lambda rest: start + rest)))


@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=8),
       st.lists(st.text(), min_size=3, max_size=3))
def test_no_cell_starts_like_a_formula_and_values_round_trip(rows, headers):
    table = Table(tuple(headers), rows)
    parsed = read(to_csv(table))
    assert len(parsed) == len(rows) + 1
    assert parsed[0] == [neutralise(h) for h in headers]
    for got, row in zip(parsed[1:], rows, strict=True):
        assert got == [cell_text(cell) for cell in row]
    for line in parsed:
        for cell in line:
            assert not cell.startswith(FORMULA_TRIGGERS)
