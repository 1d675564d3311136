"""The iCalendar export of the custody calendar, parsed back with icalendar: Outlook's
headers, all-day events, stable UIDs across exports, SEQUENCE rising with a change, alarms at
the lead times, and no personal data beyond the file number."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.custody import Sentence
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseTrack, District, IntakeSource
from desktop.exchange.ics import IcsEvent, calendar_bytes, event_uid
from desktop.services.custody import CustodyService
from desktop.services.custody_models import CustodyDateKind, CustodyInputForm, DetentionKind
from tests.support import new_workspace

TODAY = date(2026, 3, 10)


def test_calendar_bytes_has_outlooks_headers_and_all_day_events():
    data = calendar_bytes([IcsEvent(
        uid=event_uid("r1", "end"), day=date(2027, 9, 30), summary="RRK-DUS-2026-00012: Ende",
        description="x", sequence=3, last_modified=datetime(2026, 3, 1, tzinfo=UTC),
        alarm_days=(183, 92))], stamp=datetime(2026, 3, 10, 8, tzinfo=UTC))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.count(b"\r\n") == data.count(b"\n")  # CRLF only
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert "Fallakte RRK" in str(cal["PRODID"])
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "r1-end@fallakte-rrk"
    assert event.decoded("DTSTART") == date(2027, 9, 30)
    assert event.decoded("DTEND") == date(2027, 10, 1)
    assert b"DTSTART;VALUE=DATE:20270930" in data
    assert int(event["SEQUENCE"]) == 3
    triggers = sorted(a.decoded("TRIGGER") for a in event.walk("VALARM"))
    assert triggers == [timedelta(days=-183), timedelta(days=-92)]


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    yield ws
    ws.close()


def _events(data: bytes) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_export_is_stable_updates_and_keeps_personal_data_out(workspace, tmp_path):
    custody = CustodyService(workspace.open_vault, today=lambda: TODAY)
    case = workspace.cases.create(CaseInput(
        person=PersonInput("Özdemir-Geheim", "Ayşe", birth_date=PartialDate(1990, 5, 17),
                           nationalities=("TR",)),
        district=District.DUESSELDORF, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=TODAY))
    form = CustodyInputForm(None, "B 4711/26", "StA 12 Js 999/26", DetentionKind.STRAFHAFT,
                            date(2026, 10, 1), 0, (Sentence(years=1),))
    view = custody.save(case.id, form)
    first, last = date(2026, 3, 1), date(2028, 3, 1)
    one = custody.ics(first, last)
    two = custody.ics(first, last)
    events_one, events_two = _events(one), _events(two)
    assert set(events_one) == set(events_two)
    uid = f"{view.id}-half_456a@fallakte-rrk"
    assert uid in events_one
    assert str(events_one[uid]["SUMMARY"]) == f"{case.file_number}: Halbstrafe § 456a"
    assert events_one[uid].decoded("DTSTART") == date(2027, 3, 31)
    # alarms 6 and 3 months before (31.03.2027 → 30.09.2026 and 31.12.2026)
    triggers = sorted(a.decoded("TRIGGER") for a in events_one[uid].walk("VALARM"))
    assert triggers == [timedelta(days=-182), timedelta(days=-90)]
    # the open early warnings are events of their own
    warnings = [e for e in events_one.values() if "Haft: " in str(e["SUMMARY"])]
    assert len(warnings) == 6
    # a change keeps the UID, moves the day and raises SEQUENCE
    view = custody.confirm_date(view.id, view.version, CustodyDateKind.HALF_456A,
                                date(2027, 3, 15), "StA", TODAY)
    events_three = _events(custody.ics(first, last))
    assert events_three[uid].decoded("DTSTART") == date(2027, 3, 15)
    assert int(events_three[uid]["SEQUENCE"]) > int(events_one[uid]["SEQUENCE"])
    for secret in (b"Geheim", b"Ay", b"1990", b"4711", b"999", b"TR"):
        assert secret not in one.replace(b"TRANSP", b"").replace(b"TRIGGER", b""), secret


def test_export_ics_writes_atomically_and_is_audited(workspace, tmp_path):
    from tests.storage.helpers import audit_events

    custody = CustodyService(workspace.open_vault, today=lambda: TODAY)
    target = custody.export_ics(tmp_path / "haft.ics", date(2026, 1, 1), date(2026, 12, 31))
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT") == []
    (event,) = [e for e in audit_events(workspace.open_vault)
                if e.action == "custody.export_ics"]
    assert '"events":0' in event.details.replace(" ", "")


# --- invitations (issue 6) ----------------------------------------------------------------

def _invitation(**changes):
    from desktop.exchange.ics import Attendee, Invitation, conference_uid

    values = {"uid": conference_uid("k1"), "starts_at": datetime(2027, 7, 1, 10),  # noqa: DTZ001
                  "ends_at": datetime(2027, 7, 1, 11, 30),  # noqa: DTZ001
                  "summary": "Fallkonferenz: RRK-KLN-2027-00001", "location": "Telefon/Video",
                  "sequence": 4, "last_modified": datetime(2027, 6, 1, tzinfo=UTC),
                  "organiser_email": "rrk@bezreg.example", "organiser_name": "Anna Beispiel",
                  "attendees": (Attendee("weber@pp.example", "KHK Weber (Polizei)"),
                             Attendee("muster@abh.example"))}
    values.update(changes)
    return Invitation(**values)


def test_invitation_is_a_request_with_attendees_and_local_time():
    from desktop.exchange.ics import invitation_bytes

    data = invitation_bytes(_invitation(), stamp=datetime(2027, 6, 2, tzinfo=UTC))
    assert data.count(b"\r\n") == data.count(b"\n")
    cal = Calendar.from_ical(data)
    assert str(cal["METHOD"]) == "REQUEST"
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "conference-k1@fallakte-rrk"
    assert b"DTSTART;TZID=Europe/Berlin:20270701T100000" in data
    # summer time: 10:00 in Berlin is 08:00 UTC
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 7, 1, 8, tzinfo=UTC)
    assert int(event["SEQUENCE"]) == 4
    assert str(event["LOCATION"]) == "Telefon/Video"
    assert str(event["ORGANIZER"]) == "mailto:rrk@bezreg.example"
    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:weber@pp.example", "mailto:muster@abh.example"]
    assert attendees[0].params["CN"] == "KHK Weber (Polizei)"
    assert attendees[0].params["RSVP"] == "TRUE"
    assert attendees[0].params["PARTSTAT"] == "NEEDS-ACTION"


def test_invitation_in_winter_and_without_organiser():
    from desktop.exchange.ics import invitation_bytes

    data = invitation_bytes(_invitation(starts_at=datetime(2027, 1, 12, 9),  # noqa: DTZ001
                                        ends_at=datetime(2027, 1, 12, 10),  # noqa: DTZ001
                                        organiser_email="", attendees=()),
                            stamp=datetime(2027, 1, 2, tzinfo=UTC))
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 1, 12, 8, tzinfo=UTC)
    assert "ORGANIZER" not in event
    assert "ATTENDEE" not in event
