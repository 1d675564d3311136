"""Working days in NRW and deadline arithmetic (§§ 187 ff. BGB, § 31 VwVfG NRW).

Public holidays come from the ``holidays`` package (Germany, subdivision ``NW``) with their
German names. Saturdays, Sundays and these holidays are not working days; 24 and 31 December
are working days (no public holidays in NRW). The ``holidays`` package knows German holidays
from 1991 (it returns none for 1990); dates outside 1991–2200 are refused rather than
silently computed without holidays.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import cache
from types import MappingProxyType

import holidays

FIRST_YEAR = 1991
LAST_YEAR = 2200

_ONE_DAY = timedelta(days=1)


@cache
def holidays_of(year: int) -> Mapping[date, str]:
    """The NRW public holidays of ``year`` with their German names (cached per year)."""
    _check_year(year)
    table = holidays.country_holidays("DE", subdiv="NW", years=year, language="de")
    return MappingProxyType({day: str(name) for day, name in sorted(table.items())})


def holiday_name(day: date) -> str | None:
    """The German name of the NRW public holiday on ``day`` (``"Karfreitag"``), else None."""
    _check_day(day)
    return holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday in NRW."""
    _check_day(day)
    return day.weekday() < 5 and day not in holidays_of(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the next working day.

    This is the rule of § 31 Abs. 3 VwVfG NRW and § 193 BGB: a deadline whose last day is a
    Saturday, a Sunday or a public holiday ends with the end of the next working day.
    """
    _check_day(day)
    while not is_working_day(day):
        day = _step(day, 1)
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the last working day before it."""
    _check_day(day)
    while not is_working_day(day):
        day = _step(day, -1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

    ``day`` itself is not counted (like the event day of § 187 Abs. 1 BGB) and need not be a
    working day: one working day after a Saturday is the Monday, one before it the Friday.
    ``n == 0`` gives :func:`next_working_day`. The result is always a working day.
    """
    _check_day(day)
    if n == 0:
        return next_working_day(day)
    step = 1 if n > 0 else -1
    remaining = abs(n)
    while remaining:
        day = _step(day, step)
        if is_working_day(day):
            remaining -= 1
    return day


def deadline_end(start: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """The last day of a deadline that starts with an event on ``start`` (§§ 187–193 BGB).

    - The day of the event does not count (§ 187 Abs. 1): a deadline of ``days`` days ends
      ``days`` days after ``start``.
    - A deadline in weeks or months ends on the day of the last week or month that has the
      same name or number as ``start`` (§ 188 Abs. 2); if that day does not exist in the last
      month, on the last day of that month (§ 188 Abs. 3).
    - Months are counted first, then weeks and days (as § 189 Abs. 2 counts the half month
      last).
    - An end on a Saturday, Sunday or NRW public holiday moves to the next working day
      (§ 193 BGB, § 31 Abs. 3 VwVfG NRW).

    Raises:
        ValueError: a negative duration, or no duration at all (German message).
    """
    _check_day(start)
    for label, value in (("Tage", days), ("Wochen", weeks), ("Monate", months)):
        if value < 0:
            raise ValueError(f"Eine Frist kann nicht negativ sein ({label}: {value}).")
    if days == weeks == months == 0:
        raise ValueError("Eine Frist braucht eine Dauer (Tage, Wochen oder Monate).")
    end = add_months(start, months)
    end = _shift(end, 7 * weeks + days)
    return next_working_day(end)


def early_warning(deadline: date, working_days_before: int) -> date:
    """The Vorfrist: ``working_days_before`` working days before ``deadline``.

    Raises:
        ValueError: ``working_days_before`` is less than one (German message).
    """
    if working_days_before < 1:
        raise ValueError("Eine Vorfrist liegt mindestens einen Arbeitstag vor der Frist.")
    return add_working_days(deadline, -working_days_before)


def follow_up(from_day: date, days: int) -> date:
    """A Wiedervorlage ``days`` calendar days after ``from_day``, moved to a working day.

    A follow-up is a soft date: it is simply moved forward to the next working day.

    Raises:
        ValueError: ``days`` is negative (German message).
    """
    if days < 0:
        raise ValueError("Eine Wiedervorlage kann nicht in der Vergangenheit liegen "
                         f"({days} Tage).")
    _check_day(from_day)
    return next_working_day(_shift(from_day, days))


def add_months(day: date, months: int) -> date:
    """The day with the same number ``months`` months later (or earlier), clamped to the
    last day of the month (31.01. + 1 month = 28./29.02.)."""
    _check_day(day)
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    _check_year(year)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def _shift(day: date, days: int) -> date:
    try:
        result = day + timedelta(days=days)
    except OverflowError:
        raise ValueError(f"Das Datum liegt außerhalb des unterstützten Zeitraums "
                         f"({FIRST_YEAR}–{LAST_YEAR}).") from None
    _check_year(result.year)
    return result


def _step(day: date, step: int) -> date:
    result = day + _ONE_DAY if step > 0 else day - _ONE_DAY
    _check_year(result.year)
    return result


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"Das Jahr {year} liegt außerhalb des unterstützten Zeitraums "
                         f"({FIRST_YEAR}–{LAST_YEAR}).")


def _check_day(day: date) -> None:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValueError("Erwartet wird ein Kalendertag (Datum ohne Uhrzeit).")
    _check_year(day.year)
