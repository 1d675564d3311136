"""The release day of § 60 Abs. 2 StVollzG NRW: the end of a sentence moved off protected days.

A prisoner whose sentence ends on a Saturday, a Sunday, an NRW public holiday, the first working
day after Easter or Whitsun (the Tuesday after Easter Monday / Whit Monday) or between 22
December and 6 January may be released on the preceding working day outside those days.

Public holidays come from the ``holidays`` package (via :mod:`desktop.domain.deadlines`, NRW)
for the years it covers. The package knows German holidays only from 1991, so for earlier years
a built-in table of the then West German / NRW holidays is used (including 17 June and the
Buß- und Bettag), which keeps old decisions (e.g. OLG Hamm 3 Ws 502/86) computable.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from desktop.domain import deadlines

#: The first year for which the ``holidays`` package returns German holidays.
PACKAGE_FIRST_YEAR = 1991

_ONE_DAY = timedelta(days=1)


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def _protected_days(year: int) -> frozenset[date]:
    """The public holidays of ``year`` plus the Tuesdays after Easter and Whitsun."""
    easter = easter_sunday(year)
    days = {easter + timedelta(days=2), easter + timedelta(days=51)}
    if year >= PACKAGE_FIRST_YEAR:
        days.update(deadlines.holidays_of(year))
    else:
        days.update(_old_nrw_holidays(year, easter))
    return frozenset(days)


def _old_nrw_holidays(year: int, easter: date) -> set[date]:
    """NRW public holidays before 1991 (West German law of the time)."""
    days = {date(year, 1, 1), date(year, 5, 1), date(year, 11, 1), date(year, 12, 25),
            date(year, 12, 26)}
    days.update(easter + timedelta(days=offset) for offset in (-2, 1, 39, 50, 60))
    if 1954 <= year <= 1990:
        days.add(date(year, 6, 17))
    if year == 1990:
        days.add(date(year, 10, 3))
    november_23 = date(year, 11, 23)  # Buß- und Bettag: the Wednesday before 23 November
    days.add(november_23 - timedelta(days=(november_23.weekday() - 2) % 7 or 7))
    return days


def is_release_blocked(day: date) -> bool:
    """True on the days § 60 Abs. 2 StVollzG NRW protects from being the release day."""
    if day.weekday() >= 5:
        return True
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 6):
        return True
    return day in _protected_days(day.year)


def release_day(end: date, *, not_before: date | None = None) -> date:
    """The earliest release day for a sentence that ends on ``end``.

    ``end`` itself if it is not protected, else the preceding day that is a working day
    outside the protected periods. If there is no such day on or after ``not_before`` (the
    start of enforcement; a very short sentence), there is no earlier release: ``end``.
    """
    day = end
    while is_release_blocked(day):
        day -= _ONE_DAY
        if not_before is not None and day < not_before:
            return end
    return day
