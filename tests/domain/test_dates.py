"""PartialDate: parsing, formatting, storage order, matching of unknown parts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.dates import PartialDate, format_date, parse_date


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1900, 2100))
    month = draw(st.integers(0, 12))
    if month == 0:
        return PartialDate(year)
    day = draw(st.integers(0, 28))
    return PartialDate(year, month, day)


@pytest.mark.parametrize(("text", "expected"), [
    ("00.00.1990", PartialDate(1990)),
    ("1990", PartialDate(1990)),
    ("05.1990", PartialDate(1990, 5)),
    ("00.05.1990", PartialDate(1990, 5)),
    ("12.05.1990", PartialDate(1990, 5, 12)),
    (" 1.2.2001 ", PartialDate(2001, 2, 1)),
    ("1990-05-12", PartialDate(1990, 5, 12)),
    ("1990-00-00", PartialDate(1990)),
])
def test_parse(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", ["", "31.02.2001", "12.00.1990", "12.13.1990", "abc",
                                  "1.1.90", "00.00.1700"])
def test_parse_rejects_with_german_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"[A-ZÄÖÜa-zäöüß]"):
        PartialDate.parse(text)


def test_format_shows_unknown_parts_as_zero() -> None:
    assert PartialDate(1990).format() == "00.00.1990"
    assert PartialDate(1990, 5).format() == "00.05.1990"
    assert PartialDate(1990, 5, 3).format() == "03.05.1990"


@given(partial_dates())
def test_round_trips(value: PartialDate) -> None:
    assert PartialDate.parse(value.format()) == value
    assert PartialDate.from_storage(value.to_storage()) == value


@given(partial_dates(), partial_dates())
def test_storage_text_sorts_like_the_dates(a: PartialDate, b: PartialDate) -> None:
    assert (a.to_storage() < b.to_storage()) == (a < b)


@given(partial_dates())
def test_range_contains_complete_dates(value: PartialDate) -> None:
    assert value.earliest() <= value.latest()
    complete = value.to_date()
    assert complete is None or value.earliest() == complete == value.latest()


def test_could_be_treats_unknown_parts_as_wildcards() -> None:
    assert PartialDate(1990).could_be(PartialDate(1990, 5, 12))
    assert PartialDate(1990, 5).could_be(PartialDate(1990, 5, 12))
    assert not PartialDate(1990, 6).could_be(PartialDate(1990, 5, 12))
    assert not PartialDate(1991).could_be(PartialDate(1990))


def test_complete_dates() -> None:
    assert parse_date("24.12.2026") == date(2026, 12, 24)
    assert format_date(date(2026, 1, 7)) == "07.01.2026"
    assert format_date(None) == ""
    with pytest.raises(ValueError, match="vollständig"):
        parse_date("00.00.2026")
