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

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

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


# --- invitations to a case conference (METHOD:REQUEST) ------------------------------------

TIMEZONE = "Europe/Berlin"
INVITATION_PRODID = "-//Bezirksregierungen NRW//Fallakte RRK Fallkonferenzen//DE"


@dataclass(frozen=True)
class Attendee:
    """A participant with an e-mail address (only those can be invited)."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class Invitation:
    """One meeting at a local (Europe/Berlin) wall-clock time, as an invitation."""

    uid: str
    starts_at: datetime  # naive, local time
    ends_at: datetime  # naive, local time
    summary: str
    location: str
    sequence: int
    last_modified: datetime  # aware
    description: str = ""
    organiser_email: str = ""
    organiser_name: str = ""
    attendees: tuple[Attendee, ...] = ()


def conference_uid(conference_id: str) -> str:
    """``conference-<id>@fallakte-rrk``: the same for every export of that conference."""
    return f"conference-{conference_id}@{UID_DOMAIN}"


def _berlin() -> Timezone:
    """A compact VTIMEZONE of Europe/Berlin (EU rules since 1996), so no tz database is
    needed on the computer that writes the file."""
    zone = Timezone()
    zone.add("tzid", TIMEZONE)
    for kind, name, start, offsets, month in (
            (TimezoneDaylight, "CEST", datetime(1970, 3, 29, 2),  # noqa: DTZ001 - local
             ("+0100", "+0200"), 3),
            (TimezoneStandard, "CET", datetime(1970, 10, 25, 3),  # noqa: DTZ001 - local
             ("+0200", "+0100"), 10)):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", _offset(offsets[0]))
        part.add("tzoffsetto", _offset(offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _offset(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    return sign * timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


def invitation_bytes(item: Invitation, *, stamp: datetime) -> bytes:
    """The iCalendar invitation (``METHOD:REQUEST``) of one meeting; ``stamp`` (aware, UTC)
    is its DTSTAMP. Attendees are invited with ``RSVP=TRUE``."""
    cal = Calendar()
    cal.add("prodid", INVITATION_PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "REQUEST")
    cal.add_component(_berlin())
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", item.starts_at, parameters={"TZID": TIMEZONE})
    event.add("dtend", item.ends_at, parameters={"TZID": TIMEZONE})
    event.add("summary", item.summary)
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    event.add("sequence", item.sequence)
    event.add("last-modified", item.last_modified)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("class", "PRIVATE")
    if item.organiser_email:
        organiser = vCalAddress(f"mailto:{item.organiser_email}")
        if item.organiser_name:
            organiser.params["cn"] = vText(item.organiser_name)
        event.add("organizer", organiser)
    for person in item.attendees:
        address = vCalAddress(f"mailto:{person.email}")
        if person.name:
            address.params["cn"] = vText(person.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address)
    cal.add_component(event)
    return bytes(cal.to_ical())
