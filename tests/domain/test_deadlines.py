"""Working days in NRW, deadlines (§§ 187 ff. BGB), Vorfrist and Wiedervorlage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.deadlines import (
    add_months,
    add_working_days,
    deadline_end,
    early_warning,
    follow_up,
    holiday_name,
    holidays_of,
    is_working_day,
    next_working_day,
    previous_working_day,
)

NRW_HOLIDAYS = [
    (date(2025, 1, 1), "Neujahr"),
    (date(2025, 4, 18), "Karfreitag"),
    (date(2025, 4, 21), "Ostermontag"),
    (date(2025, 5, 1), "Erster Mai"),
    (date(2025, 5, 29), "Christi Himmelfahrt"),
    (date(2025, 6, 9), "Pfingstmontag"),
    (date(2025, 6, 19), "Fronleichnam"),
    (date(2025, 10, 3), "Tag der Deutschen Einheit"),
    (date(2025, 11, 1), "Allerheiligen"),
    (date(2025, 12, 25), "Erster Weihnachtstag"),
    (date(2025, 12, 26), "Zweiter Weihnachtstag"),
    (date(2026, 1, 1), "Neujahr"),
    (date(2026, 4, 3), "Karfreitag"),
    (date(2026, 4, 6), "Ostermontag"),
    (date(2026, 5, 1), "Erster Mai"),
    (date(2026, 5, 14), "Christi Himmelfahrt"),
    (date(2026, 5, 25), "Pfingstmontag"),
    (date(2026, 6, 4), "Fronleichnam"),
    (date(2026, 10, 3), "Tag der Deutschen Einheit"),
    (date(2026, 11, 1), "Allerheiligen"),
    (date(2026, 12, 25), "Erster Weihnachtstag"),
    (date(2026, 12, 26), "Zweiter Weihnachtstag"),
    (date(2027, 1, 1), "Neujahr"),
    (date(2027, 3, 26), "Karfreitag"),
    (date(2027, 3, 29), "Ostermontag"),
    (date(2027, 5, 1), "Erster Mai"),
    (date(2027, 5, 6), "Christi Himmelfahrt"),
    (date(2027, 5, 17), "Pfingstmontag"),
    (date(2027, 5, 27), "Fronleichnam"),
    (date(2027, 10, 3), "Tag der Deutschen Einheit"),
    (date(2027, 11, 1), "Allerheiligen"),
    (date(2027, 12, 25), "Erster Weihnachtstag"),
    (date(2027, 12, 26), "Zweiter Weihnachtstag"),
]

# Holidays elsewhere in Germany, or days people take for holidays, that are working days in NRW.
NRW_WORKING_DAYS = [
    date(2025, 10, 31),  # Reformationstag (Friday): a holiday in the north and east only
    date(2026, 10, 30),  # Friday before Reformationstag 2026 (Saturday)
    date(2025, 11, 19),  # Buß- und Bettag (Wednesday): Saxony only
    date(2026, 11, 18),  # Buß- und Bettag
    date(2027, 11, 17),  # Buß- und Bettag
    date(2025, 1, 6),    # Heilige Drei Könige (Monday): BW, BY, ST only
    date(2026, 3, 9),    # a Monday after Frauentag 08.03. (Berlin, MV)
    date(2025, 8, 15),   # Mariä Himmelfahrt (Friday): Saarland, parts of Bavaria
    date(2025, 9, 22),   # a Monday after Weltkindertag 20.09. (Thuringia)
    date(2025, 12, 24),  # Heiligabend (Wednesday)
    date(2025, 12, 31),  # Silvester (Wednesday)
    date(2026, 2, 16),   # Rosenmontag: customary day off in the Rhineland, no holiday
    date(2027, 11, 2),   # the Tuesday after Allerheiligen
]


@pytest.mark.parametrize(("day", "name"), NRW_HOLIDAYS)
def test_nrw_holidays(day: date, name: str) -> None:
    assert holiday_name(day) == name
    assert not is_working_day(day)


@pytest.mark.parametrize("day", NRW_WORKING_DAYS)
def test_not_holidays_in_nrw(day: date) -> None:
    assert day.weekday() < 5
    assert holiday_name(day) is None
    assert is_working_day(day)


def test_reformationstag_is_no_holiday_in_nrw_but_was_in_2017() -> None:
    assert holiday_name(date(2025, 10, 31)) is None
    assert holiday_name(date(2017, 10, 31)) == "Reformationstag"  # 500 years, nationwide


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_eleven_holidays_a_year_in_nrw(year: int) -> None:
    assert len(holidays_of(year)) == 11


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 2, 28))  # Saturday
    assert not is_working_day(date(2026, 3, 1))   # Sunday
    assert is_working_day(date(2026, 3, 2))       # Monday
    assert holiday_name(date(2026, 2, 28)) is None


def test_holiday_table_is_read_only() -> None:
    table = holidays_of(2026)
    with pytest.raises(TypeError):
        table[date(2026, 1, 2)] = "Brückentag"  # type: ignore[index]


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 3, 2), date(2026, 3, 2)),    # a Monday stays
    (date(2026, 2, 28), date(2026, 3, 2)),   # Saturday → Monday
    (date(2026, 3, 1), date(2026, 3, 2)),    # Sunday → Monday
    (date(2026, 4, 3), date(2026, 4, 7)),    # Karfreitag → Tuesday after Ostermontag
    (date(2026, 4, 4), date(2026, 4, 7)),    # Karsamstag
    (date(2025, 12, 25), date(2025, 12, 29)),
    (date(2026, 12, 25), date(2026, 12, 28)),
    (date(2027, 12, 25), date(2027, 12, 27)),
    (date(2026, 5, 1), date(2026, 5, 4)),    # Erster Mai on a Friday
    (date(2025, 6, 19), date(2025, 6, 20)),  # Fronleichnam (Thursday) → Friday
])
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 3, 2), date(2026, 3, 2)),
    (date(2026, 4, 6), date(2026, 4, 2)),   # Ostermontag → Thursday before Karfreitag
    (date(2026, 1, 1), date(2025, 12, 31)),
])
def test_previous_working_day(day: date, expected: date) -> None:
    assert previous_working_day(day) == expected


@pytest.mark.parametrize(("day", "n", "expected"), [
    (date(2026, 3, 2), 1, date(2026, 3, 3)),
    (date(2026, 3, 6), 1, date(2026, 3, 9)),     # Friday + 1 → Monday
    (date(2026, 2, 28), 1, date(2026, 3, 2)),    # Saturday + 1 → Monday
    (date(2026, 2, 28), -1, date(2026, 2, 27)),  # Saturday − 1 → Friday
    (date(2026, 2, 28), 0, date(2026, 3, 2)),
    (date(2026, 4, 1), 2, date(2026, 4, 7)),     # over Karfreitag and Ostermontag
    (date(2026, 4, 7), -2, date(2026, 4, 1)),
    (date(2026, 3, 2), 5, date(2026, 3, 9)),
    (date(2025, 12, 22), 5, date(2025, 12, 31)),  # over Christmas
    (date(2025, 12, 22), 6, date(2026, 1, 2)),    # … and Neujahr
])
def test_add_working_days(day: date, n: int, expected: date) -> None:
    assert add_working_days(day, n) == expected


@pytest.mark.parametrize(("start", "kwargs", "expected"), [
    # A month from 31.01.2026 ends 28.02.2026 (Saturday) → Monday 02.03.2026.
    (date(2026, 1, 31), {"months": 1}, date(2026, 3, 2)),
    # Leap year: 31.01.2028 + 1 month = 29.02.2028 (Tuesday).
    (date(2028, 1, 31), {"months": 1}, date(2028, 2, 29)),
    # Two weeks from 20.03.2026 end on Karfreitag 03.04.2026 → after Ostermontag.
    (date(2026, 3, 20), {"weeks": 2}, date(2026, 4, 7)),
    # A month from Monday 15.06.2026 ends Wednesday 15.07.2026.
    (date(2026, 6, 15), {"months": 1}, date(2026, 7, 15)),
    # The event day does not count: 10 days from 02.03.2026 end 12.03.2026 (Thursday).
    (date(2026, 3, 2), {"days": 10}, date(2026, 3, 12)),
    (date(2026, 3, 2), {"days": 1}, date(2026, 3, 3)),
    # 14 days from 10.12.2025 end 24.12.2025, a working day (Heiligabend is no holiday).
    (date(2025, 12, 10), {"days": 14}, date(2025, 12, 24)),
    # A week from Christmas Eve ends Silvester (Wednesday), a working day.
    (date(2025, 12, 24), {"weeks": 1}, date(2025, 12, 31)),
    # Three months from 30.11.2025 end 28.02.2026 (Saturday) → 02.03.2026.
    (date(2025, 11, 30), {"months": 3}, date(2026, 3, 2)),
    # One year (12 months) from 29.02.2028 ends 28.02.2029 (Wednesday).
    (date(2028, 2, 29), {"months": 12}, date(2029, 2, 28)),
    # Months count first, then days (§ 189 Abs. 2 BGB: the half month last).
    (date(2026, 1, 31), {"months": 1, "days": 15}, date(2026, 3, 16)),
    # A month ending on Allerheiligen (Sunday 01.11.2026) → Monday.
    (date(2026, 10, 1), {"months": 1}, date(2026, 11, 2)),
    # A month ending on Tag der Deutschen Einheit (Friday 03.10.2025) → Monday 06.10.2025.
    (date(2025, 9, 3), {"months": 1}, date(2025, 10, 6)),
])
def test_deadline_end(start: date, kwargs: dict[str, int], expected: date) -> None:
    assert deadline_end(start, **kwargs) == expected


@pytest.mark.parametrize("kwargs", [{}, {"days": -1}, {"weeks": -2}, {"months": -1},
                                    {"days": 0, "weeks": 0, "months": 0}])
def test_deadline_end_rejects_bad_durations_in_german(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="Frist"):
        deadline_end(date(2026, 3, 2), **kwargs)


@pytest.mark.parametrize(("deadline", "before", "expected"), [
    # Five working days before Tuesday 07.04.2026, over Ostermontag and Karfreitag:
    # 02.04., 01.04., 31.03., 30.03., 27.03.
    (date(2026, 4, 7), 5, date(2026, 3, 27)),
    # Five working days before Friday 05.06.2026, over Fronleichnam (Thursday 04.06.).
    (date(2026, 6, 5), 5, date(2026, 5, 28)),
    (date(2026, 3, 6), 1, date(2026, 3, 5)),
    (date(2026, 3, 9), 1, date(2026, 3, 6)),   # Monday → Friday before
    (date(2026, 1, 5), 3, date(2025, 12, 30)),  # 02.01., (Neujahr), 31.12., 30.12.
])
def test_early_warning(deadline: date, before: int, expected: date) -> None:
    assert early_warning(deadline, before) == expected


@pytest.mark.parametrize("before", [0, -3])
def test_early_warning_needs_a_working_day(before: int) -> None:
    with pytest.raises(ValueError, match="Vorfrist"):
        early_warning(date(2026, 4, 7), before)


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 3, 2), 14, date(2026, 3, 16)),   # a Monday
    (date(2026, 3, 2), 5, date(2026, 3, 9)),     # Saturday → Monday
    (date(2026, 3, 30), 4, date(2026, 4, 7)),    # Karfreitag → after Ostermontag
    (date(2026, 3, 2), 0, date(2026, 3, 2)),
    (date(2026, 2, 28), 0, date(2026, 3, 2)),
])
def test_follow_up(start: date, days: int, expected: date) -> None:
    assert follow_up(start, days) == expected


def test_follow_up_rejects_negative_days() -> None:
    with pytest.raises(ValueError, match="Wiedervorlage"):
        follow_up(date(2026, 3, 2), -1)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2026, 5, 31), 0, date(2026, 5, 31)),
])
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize("call", [
    lambda: is_working_day(date(1990, 12, 28)),  # the package has no holidays for 1990
    lambda: holiday_name(date(2201, 1, 1)),
    lambda: next_working_day(datetime(2026, 3, 2, 12, 0)),  # noqa: DTZ001
    lambda: add_working_days(date(1991, 1, 2), -5),
    lambda: deadline_end(date(2200, 12, 1), months=1),
    lambda: follow_up(date(2200, 12, 1), 100_000),
])
def test_out_of_range_or_wrong_type_is_refused_in_german(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"Zeitraum|Kalendertag"):
        call()


# --- properties -------------------------------------------------------------------------

days_strategy = st.dates(min_value=date(1995, 1, 1), max_value=date(2190, 12, 31))


@given(days_strategy)
def test_next_working_day_is_the_smallest_working_day_not_before(day: date) -> None:
    result = next_working_day(day)
    assert result >= day
    assert is_working_day(result)
    between = day
    while between < result:
        assert not is_working_day(between)
        between += timedelta(days=1)


@given(days_strategy)
def test_previous_working_day_is_the_largest_working_day_not_after(day: date) -> None:
    result = previous_working_day(day)
    assert result <= day
    assert is_working_day(result)
    assert all(not is_working_day(result + timedelta(days=k))
               for k in range(1, (day - result).days + 1))


@given(days_strategy, st.integers(-60, 60))
def test_add_working_days_round_trip(day: date, n: int) -> None:
    there_and_back = add_working_days(add_working_days(day, n), -n)
    if is_working_day(day) or n <= 0:
        assert there_and_back == next_working_day(day)
    else:
        # From a weekend or holiday, one step forward and back ends before it.
        assert there_and_back == previous_working_day(day)


@given(days_strategy, st.integers(-60, 60))
def test_add_working_days_counts_exactly_n_working_days(day: date, n: int) -> None:
    result = add_working_days(day, n)
    assert is_working_day(result)
    if n == 0:
        assert result == next_working_day(day)
        return
    if n > 0:  # working days in (day, result]
        assert result > day
        span = [day + timedelta(days=k) for k in range(1, (result - day).days + 1)]
    else:  # working days in [result, day)
        assert result < day
        span = [result + timedelta(days=k) for k in range((day - result).days)]
    assert sum(is_working_day(d) for d in span) == abs(n)


@given(days_strategy, st.integers(1, 30))
def test_early_warning_is_before_the_deadline(deadline: date, before: int) -> None:
    warning = early_warning(deadline, before)
    assert warning < deadline
    assert is_working_day(warning)


@given(days_strategy, st.integers(0, 400), st.integers(0, 60), st.integers(0, 30))
def test_deadline_end_is_a_working_day_not_before_the_plain_end(
        start: date, days: int, weeks: int, months: int) -> None:
    if days == weeks == months == 0:
        days = 1
    end = deadline_end(start, days=days, weeks=weeks, months=months)
    plain = add_months(start, months) + timedelta(days=days + 7 * weeks)
    assert is_working_day(end)
    assert end == next_working_day(plain)
    assert end > start


@given(days_strategy, st.integers(1, 120))
def test_month_deadline_ends_on_the_same_day_number_or_the_month_end(
        start: date, months: int) -> None:
    plain = add_months(start, months)
    assert plain.day == start.day or (plain.day < start.day
                                      and (plain + timedelta(days=1)).day == 1)
    assert (plain.year * 12 + plain.month) - (start.year * 12 + start.month) == months


@given(days_strategy, st.integers(0, 400))
def test_follow_up_is_the_next_working_day_of_the_plain_date(start: date, days: int) -> None:
    result = follow_up(start, days)
    assert result == next_working_day(start + timedelta(days=days))
