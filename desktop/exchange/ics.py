"""iCalendar (RFC 5545) files of the custody calendar, for Outlook and other calendars.

Every release-relevant date is an all-day ``VEVENT`` with a stable UID
(``<custody record id>-<kind>@fallakte-rrk``), so importing a newer export updates the events
instead of duplicating them; ``SEQUENCE`` (the record's version) and ``LAST-MODIFIED`` tell the
calendar which copy is newer. Early warnings become ``VALARM``s at their lead times (and, where
still open, all-day events of their own).

Personal data is kept minimal on purpose: the file leaves the encrypted vault (mail, shared
calendars, phones). A summary names only the RRK file number and the kind of date ("RRK-DUS-
2026-00012: Halbstrafe § 456a"); no name, birth date, nationality, JVA or offence is written.
Whoever needs more looks the file number up in the program.

The output is what Outlook imports: ``VERSION:2.0``, a ``PRODID``, ``METHOD:PUBLISH``,
``DTSTART;VALUE=DATE`` with an exclusive ``DTEND``, CRLF line ends, lines folded at 75 octets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

PRODID = "-//Bezirksregierungen NRW//Fallakte RRK Haftkalender//DE"
UID_DOMAIN = "fallakte-rrk"


@dataclass(frozen=True)
class IcsEvent:
    """One all-day event; ``alarm_days`` are days before ``day`` (e.g. 184 for 6 months)."""

    uid: str
    day: date
    summary: str
    description: str
    sequence: int
    last_modified: datetime
    alarm_days: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()


def event_uid(record_id: str, kind: str) -> str:
    """``<record id>-<kind>@fallakte-rrk``: the same for every export of that date."""
    return f"{record_id}-{kind}@{UID_DOMAIN}"


def calendar_bytes(events: Iterable[IcsEvent], *, stamp: datetime,
                   name: str = "Fallakte RRK – Haftkalender") -> bytes:
    """The iCalendar file of ``events``; ``stamp`` (aware, UTC) is every event's DTSTAMP."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("sequence", item.sequence)
        event.add("last-modified", item.last_modified)
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        if item.categories:
            event.add("categories", list(item.categories))
        for days in sorted(set(item.alarm_days), reverse=True):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
