"""ConferenceService on a real (encrypted) vault: scheduling with the duplicate hint, nothing
half-saved on bad input, minutes whose decisions become measures with a Wiedervorlage in every
case, their status back in the minutes ("erledigt am …"), finalising into a frozen PDF with
SHA-256 and journal entries, the decision table read back from the PDF, recipient profiles,
the invitation, the lists, and audit without case data."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import text

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.conferences import (
    AgendaItemInput,
    Attendance,
    ConferenceInput,
    ConferenceKind,
    ConferenceStatus,
    DecisionInput,
    ParticipantInput,
)
from desktop.domain.enums import (
    CaseTrack,
    District,
    IntakeSource,
    MeasureOwner,
    MeasureStatus,
    PartnerKind,
    ReminderKind,
)
from desktop.domain.partners import ContactInput, PartnerInput
from desktop.domain.summary import SummaryProfile
from desktop.errors import InvalidInputError, StaleDataError
from desktop.services.conference_models import ConferenceFrozenError
from desktop.services.conferences import ConferenceService
from desktop.services.read_models import CaseDetail
from desktop.services.workspace import Workspace
from tests.reports.pdftext import page_texts, squeeze
from tests.storage.helpers import audit_events
from tests.support import new_workspace

TODAY = date.today()  # noqa: DTZ011 - the clock CaseService uses
DAY = TODAY - timedelta(days=1)
START = datetime.combine(DAY, datetime.min.time()).replace(hour=10)
END = START + timedelta(hours=1, minutes=30)


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    yield ws
    ws.close()


@pytest.fixture
def service(workspace: Workspace) -> ConferenceService:
    return workspace.conferences


def _case(workspace: Workspace, family: str, given: str) -> CaseDetail:
    return workspace.cases.create(CaseInput(
        person=PersonInput(family, given, nationalities=("RS",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=TODAY - timedelta(days=30)))


@pytest.fixture
def cases(workspace: Workspace) -> tuple[CaseDetail, CaseDetail]:
    return _case(workspace, "Kovačević", "Dragan"), _case(workspace, "Beispiel", "Ayşe")


@pytest.fixture
def police(workspace: Workspace):
    return workspace.partners.create(PartnerInput(
        PartnerKind.POLICE, "Polizeipräsidium Musterstadt", short_name="PP Musterstadt",
        district=District.KOELN, email="poststelle@pp-muster.example"),
        (ContactInput("KHK Weber", function="Sachbearbeitung", email="weber@pp-muster.example"),))


@pytest.fixture
def abh(workspace: Workspace):
    return workspace.partners.create(PartnerInput(
        PartnerKind.ABH, "Stadt Musterstadt – Ausländerbehörde", short_name="ABH Musterstadt",
        district=District.KOELN), (ContactInput("Frau Muster", function="Teamleitung"),))


def _people(service: ConferenceService, police, abh) -> tuple[ParticipantInput, ...]:
    directory = service.directory()
    weber = next(p for p in directory if p.name == "KHK Weber")
    muster = next(p for p in directory if p.name == "Frau Muster")
    anna = next(p for p in directory if p.user_id is not None)
    return weber, muster, anna


def _input(case_ids, people, **changes) -> ConferenceInput:
    values = {"kind": ConferenceKind.CASE_CONFERENCE, "starts_at": START, "ends_at": END,
                  "place": "Bezirksregierung, Raum 204", "case_ids": tuple(case_ids),
                  "participants": tuple(people), "agenda_summary": "Aufenthaltsbeendigung",
                  "organiser_email": "rrk@bezreg.example"}
    values.update(changes)
    return ConferenceInput(**values)


@pytest.fixture
def conference(service, cases, police, abh):
    return service.schedule(_input([c.id for c in cases], _people(service, police, abh)))


def _minutes(police_id: str, *, decision_id: str | None = None,
             due: date | None = None) -> tuple[AgendaItemInput, ...]:
    return (AgendaItemInput(
        title="Passersatzbeschaffung", situation="Reisepass abgelaufen, Botschaftstermin offen.",
        discussion="Die Polizei begleitet die Vorführung; Arzt bestätigt Reisefähigkeit.",
        decisions=(
            DecisionInput("Vorführung bei der Botschaft begleiten", due or DAY + timedelta(14),
                          id=decision_id, owner_partner_id=police_id, owner_name="KHK Weber"),
            DecisionInput("Reisefähigkeit prüfen lassen", DAY + timedelta(21),
                          owner_kind=MeasureOwner.RRK),
        )),)


def test_schedule_directory_snapshots_and_journal(service, workspace, conference, cases,
                                                  police):
    view = conference.conference
    assert conference.duplicates == ()
    assert view.status == ConferenceStatus.PLANNED
    assert [c.file_number for c in view.cases] == sorted(c.file_number for c in cases)
    weber = view.participants[0]
    assert (weber.name, weber.organisation, weber.role, weber.email, weber.partner_id) == (
        "KHK Weber", "Polizeipräsidium Musterstadt", "Sachbearbeitung",
        "weber@pp-muster.example", police.id)
    assert view.participants[1].email == ""  # neither contact nor ABH have one
    assert view.participants[2].organisation == "RRK"
    assert view.organiser == "Anna Beispiel"
    for case in cases:
        subjects = [e.subject for e in workspace.cases.journal(case.id)]
        assert "Fallkonferenz geplant" in subjects


def test_same_case_same_day_is_a_duplicate_hint_not_an_error(service, conference, cases,
                                                             police, abh):
    again = service.schedule(_input([cases[0].id], _people(service, police, abh),
                                    kind=ConferenceKind.BILATERAL,
                                    starts_at=START + timedelta(hours=3),
                                    ends_at=END + timedelta(hours=3)))
    assert [(d.conference_id, d.case_id) for d in again.duplicates] == [
        (conference.conference.id, cases[0].id)]
    assert again.duplicates[0].file_number == cases[0].file_number
    other_day = service.check_duplicates([cases[0].id], DAY + timedelta(days=1))
    assert other_day == ()
    # the conference itself is not its own duplicate on update
    view = service.get(conference.conference.id)
    data = _input([c.id for c in cases], [ParticipantInput(id=p.id, name=p.name)
                                          for p in view.participants])
    updated = service.update(view.id, view.version, data)
    assert [d.conference_id for d in updated.duplicates] == [again.conference.id]


def test_bad_input_has_german_messages_and_saves_nothing(service, workspace, cases):
    before = len(audit_events(workspace.open_vault))
    bad = _input([cases[0].id], [], ends_at=START - timedelta(minutes=30), place="")
    with pytest.raises(InvalidInputError) as caught:
        service.schedule(bad)
    assert caught.value.problems == {
        "ends_at": "Das Ende liegt vor dem Beginn.",
        "place": "Bitte einen Ort angeben oder „Telefon/Video“ wählen.",
        "participants": "Bitte mindestens eine teilnehmende Person angeben."}
    with pytest.raises(InvalidInputError) as caught:
        service.schedule(_input([cases[0].id], [ParticipantInput(contact_id="nope")]))
    assert "participants.0.contact_id" in caught.value.problems
    assert service.conferences(upcoming=False) == []
    assert len(audit_events(workspace.open_vault)) == before


def test_decision_without_owner_or_date_saves_nothing(service, workspace, conference, cases):
    view = conference.conference
    items = (AgendaItemInput("TOP", decisions=(
        DecisionInput("Etwas tun", DAY + timedelta(3), owner_kind=MeasureOwner.RRK),
        DecisionInput("Ohne Zuständigkeit", None))),)
    with pytest.raises(InvalidInputError) as caught:
        service.save_minutes(view.id, view.version, items)
    assert caught.value.problems == {
        "items.0.decisions.1.owner": "Bitte angeben, wer den Beschluss umsetzt.",
        "items.0.decisions.1.due_date": "Bitte angeben, bis wann."}
    assert service.get(view.id).items == ()
    assert workspace.cases.measures(cases[0].id) == []


def test_decisions_become_measures_with_reminders_in_every_case(service, workspace,
                                                                conference, cases, police):
    view = conference.conference
    saved = service.save_minutes(view.id, view.version, _minutes(police.id))
    assert saved.status == ConferenceStatus.HELD
    first, second = saved.items[0].decisions
    assert first.owner_label == "PP Musterstadt (KHK Weber)"
    assert first.owner_kind == MeasureOwner.POLICE
    assert second.owner_label == "RRK"
    for case in cases:
        measures = {m.title: m for m in workspace.cases.measures(case.id)}
        escort = measures["Vorführung bei der Botschaft begleiten"]
        assert escort.owner == MeasureOwner.POLICE
        assert escort.owner_partner is not None
        assert escort.owner_partner.id == police.id
        assert escort.due_date == DAY + timedelta(14)
        assert measures["Reisefähigkeit prüfen lassen"].owner == MeasureOwner.RRK
        reminders = [r for r in workspace.cases.reminders(case.id)
                     if r.kind == ReminderKind.FOLLOW_UP]
        assert sorted(r.due_date for r in reminders) == [DAY + timedelta(14),
                                                         DAY + timedelta(21)]
    assert {m.case_id for m in first.measures} == {c.id for c in cases}
    assert first.status_text == "offen"
    assert first.is_open

    # a changed decision moves its open measures and reminders; nothing is made twice
    moved = service.save_minutes(saved.id, saved.version, _minutes(
        police.id, decision_id=first.id, due=DAY + timedelta(30)))
    for case in cases:
        titles = [m.title for m in workspace.cases.measures(case.id)]
        assert len(titles) == 2
        due = [r.due_date for r in workspace.cases.reminders(case.id)
               if r.title.startswith("Beschluss Fallkonferenz: Vorführung")]
        assert due == [DAY + timedelta(30)]
    assert moved.items[0].decisions[0].id == first.id

    # a removed decision takes its open measures along
    keep = moved.items[0]
    service.save_minutes(moved.id, moved.version, (AgendaItemInput(
        keep.title, id=keep.id, decisions=(DecisionInput(
            keep.decisions[0].text, keep.decisions[0].due_date, id=keep.decisions[0].id,
            owner_partner_id=police.id),)),))
    assert [m.title for m in workspace.cases.measures(cases[0].id)] == [
        "Vorführung bei der Botschaft begleiten"]


def test_status_comes_back_into_the_minutes(service, workspace, conference, cases, police):
    view = conference.conference
    saved = service.save_minutes(view.id, view.version, _minutes(police.id))
    decision = saved.items[0].decisions[0]
    done_on = TODAY
    for i, measure_ref in enumerate(decision.measures):
        measure = next(m for m in workspace.cases.measures(measure_ref.case_id)
                       if m.id == measure_ref.measure_id)
        workspace.cases.update_measure(measure.id, measure.version, MeasureStatus.DONE,
                                       done_on=done_on)
        back = service.get(view.id).items[0].decisions[0]
        if i == 0:
            assert back.status_text == "1 von 2 Fällen erledigt"
    back = service.get(view.id).items[0].decisions[0]
    assert back.status_text == f"erledigt am {done_on:%d.%m.%Y}"
    assert not back.is_open
    assert all(m.status_text == f"erledigt am {done_on:%d.%m.%Y}" for m in back.measures)
    open_rows = service.open_decisions()
    assert [r.text for r in open_rows] == ["Reisefähigkeit prüfen lassen"]


def _held(service, conference, police):
    view = conference.conference
    view = service.save_minutes(view.id, view.version, _minutes(police.id))
    return service.set_attendance(view.id, view.version, {
        view.participants[0].id: Attendance.PRESENT,
        view.participants[1].id: Attendance.EXCUSED,
        view.participants[2].id: Attendance.PRESENT})


def test_finalise_freezes_pdf_sha_and_journal(service, workspace, conference, cases, police):
    view = conference.conference
    with pytest.raises(InvalidInputError) as caught:
        service.finalise(view.id, view.version)
    assert set(caught.value.problems) == {"participants", "items"}
    held = _held(service, conference, police)
    final = service.finalise(held.id, held.version)
    assert final.status == ConferenceStatus.FINAL
    pdf = service.minutes_pdf(final.id)
    assert final.sha256 == hashlib.sha256(pdf).hexdigest()
    for case in cases:
        entries = workspace.cases.journal(case.id)
        assert any(e.subject.startswith("Protokoll Fallkonferenz vom") and
                   "Vorführung bei der Botschaft begleiten" in e.text for e in entries)
    with pytest.raises(ConferenceFrozenError):
        service.save_minutes(final.id, final.version, ())
    with pytest.raises(ConferenceFrozenError):
        service.delete(final.id, final.version)
    # the database refuses too
    with workspace.open_vault.unit_of_work() as uow, pytest.raises(Exception, match="frozen"):
        uow.session.execute(text("UPDATE conference_items SET title = 'x'"))
    with workspace.open_vault.unit_of_work() as uow, pytest.raises(Exception, match="frozen"):
        uow.session.execute(text("UPDATE conference_documents SET pdf = x'00'"))
    # a measure of a frozen decision still changes, and shows in the minutes view
    measure_ref = final.items[0].decisions[0].measures[0]
    measure = next(m for m in workspace.cases.measures(measure_ref.case_id)
                   if m.id == measure_ref.measure_id)
    workspace.cases.update_measure(measure.id, measure.version, MeasureStatus.DONE,
                                   done_on=TODAY)
    assert service.get(final.id).items[0].decisions[0].measures[0].status == MeasureStatus.DONE
    assert service.minutes_pdf(final.id) == pdf


def test_pdf_decision_table_and_profiles(service, conference, police, cases):
    held = _held(service, conference, police)
    final = service.finalise(held.id, held.version)
    text_full = squeeze("\n".join(page_texts(service.minutes_pdf(final.id))))
    for expected in ("Wer", "Was", "Biswann", "PPMusterstadt(KHKWeber)",
                     "VorführungbeiderBotschaftbegleiten", f"{DAY + timedelta(14):%d.%m.%Y}",
                     "Reisefähigkeitprüfenlassen", "Reisepassabgelaufen", "anwesend",
                     "entschuldigt", "Verteiler", "Kovačević,Dragan", cases[0].file_number):
        assert expected in text_full, expected
    police_text = squeeze("\n".join(page_texts(
        service.minutes_pdf(final.id, SummaryProfile.POLICE))))
    assert "VorführungbeiderBotschaftbegleiten" in police_text
    assert "Reisepassabgelaufen" not in police_text
    assert "Arztbestätigt" not in police_text
    social = squeeze("\n".join(page_texts(service.minutes_pdf(final.id,
                                                              SummaryProfile.SOCIAL))))
    assert "VorführungbeiderBotschaftbegleiten" not in social
    assert "Passersatzbeschaffung" in social
    assert "fürdiesesEmpfängerprofilausgelassen" in social
    abh = squeeze("\n".join(page_texts(service.minutes_pdf(final.id, SummaryProfile.ABH))))
    assert "Reisepassabgelaufen" in abh


def test_draft_pdf_and_export(service, conference, police, tmp_path):
    view = conference.conference
    draft = service.minutes_pdf(view.id)
    assert "ENTWURF" in "\n".join(page_texts(draft)) or draft.startswith(b"%PDF")
    target = service.export_minutes(view.id, tmp_path / "protokoll.pdf",
                                    profile=SummaryProfile.POLICE)
    assert target.read_bytes().startswith(b"%PDF")


def test_invitation_parses_back(service, conference, cases, tmp_path):
    view = conference.conference
    data = service.ics(view.id)
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["method"]) == "REQUEST"
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["uid"]) == f"conference-{view.id}@fallakte-rrk"
    assert event.decoded("dtstart").replace(tzinfo=None) == START
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    attendees = event["attendee"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:weber@pp-muster.example"]
    assert str(event["organizer"]) == "mailto:rrk@bezreg.example"
    summary = str(event["summary"])
    assert all(c.file_number in summary for c in cases)
    assert "Kovačević" not in data.decode()
    # the UID stays, the sequence grows with a change
    again = service.update(view.id, view.version, _input(
        [c.id for c in cases], [ParticipantInput(id=p.id, name=p.name, email=p.email)
                                for p in view.participants], place="Raum 101"))
    event2 = next(iter(icalendar.Calendar.from_ical(service.ics(view.id)).walk("VEVENT")))
    assert str(event2["uid"]) == str(event["uid"])
    assert int(event2["sequence"]) > int(event["sequence"])
    assert again.conference.place == "Raum 101"
    assert service.export_ics(view.id, tmp_path / "einladung.ics").read_bytes().startswith(
        b"BEGIN:VCALENDAR")


def test_lists_filters_and_stale_version(service, conference, cases, police, abh):
    view = conference.conference
    upcoming = service.schedule(_input([cases[1].id], [ParticipantInput(name="Gast")],
                                       starts_at=START + timedelta(days=10),
                                       ends_at=END + timedelta(days=10), remote=True,
                                       place=""))
    assert upcoming.conference.place_label == "Telefon/Video"
    assert [r.id for r in service.conferences(upcoming=True)] == [upcoming.conference.id]
    assert [r.id for r in service.conferences(upcoming=False)] == [view.id]
    assert [r.id for r in service.conferences(upcoming=False, partner_id=police.id)] == [view.id]
    assert service.conferences(upcoming=True, partner_id=police.id) == []
    assert [r.id for r in service.conferences(upcoming=True, case_id=cases[0].id)] == []
    assert {r.id for r in service.of_case(cases[1].id)} == {view.id, upcoming.conference.id}
    saved = service.save_minutes(view.id, view.version, _minutes(police.id))
    assert [r.text for r in service.open_decisions(partner_id=police.id)] == [
        "Vorführung bei der Botschaft begleiten"]
    assert len(service.open_decisions(case_id=cases[0].id)) == 2
    row = service.conferences(upcoming=False)[0]
    assert row.open_decisions == 2
    assert row.participants == 3
    with pytest.raises(StaleDataError):
        service.save_minutes(view.id, view.version, ())
    assert saved.version > view.version


def test_audit_holds_no_case_data(service, workspace, conference, police):
    held = _held(service, conference, police)
    service.finalise(held.id, held.version)
    events = [e for e in audit_events(workspace.open_vault)
              if e.action.startswith("conference.")]
    assert {e.action for e in events} >= {"conference.schedule", "conference.minutes",
                                          "conference.attendance", "conference.finalise"}
    blob = " ".join(e.details for e in events)
    for secret in ("Kovačević", "Weber", "Botschaft", "Reisepass", "Raum 204"):
        assert secret not in blob
    assert json.loads(next(e.details for e in events
                           if e.action == "conference.finalise"))["sha256"]


def test_save_appointment_and_minutes_in_one_unit_of_work(service, workspace, conference,
                                                          cases, police, monkeypatch):
    """Issue 6, nothing half-saved: "Speichern" of the editor is one call; if the minutes
    fail, the appointment is not saved either."""
    view = conference.conference
    before = len(audit_events(workspace.open_vault))
    moved = _input([c.id for c in cases], view_people(view), place="Rathaus, Saal 1",
                   starts_at=START - timedelta(days=1), ends_at=END - timedelta(days=1))
    unknown_owner = (AgendaItemInput("TOP", decisions=(
        DecisionInput("Etwas tun", DAY + timedelta(3), owner_partner_id="nope"),)),)
    with pytest.raises(InvalidInputError) as caught:
        service.save(view.id, view.version, moved, unknown_owner)
    assert set(caught.value.problems) == {"items.0.decisions.0.owner"}  # only the service

    # a bug while writing the minutes rolls the appointment back as well
    def broken(*_args, **_kwargs):
        raise RuntimeError("Absturz beim Protokoll")

    monkeypatch.setattr(ConferenceService, "_write_items", broken)
    with pytest.raises(RuntimeError):
        service.save(view.id, view.version, moved, _minutes(police.id))
    with pytest.raises(RuntimeError):
        service.save(None, None, moved, _minutes(police.id))
    assert service.get(view.id) == view
    assert [r.id for r in service.conferences(upcoming=False)] == [view.id]
    assert all(workspace.cases.measures(c.id) == [] for c in cases)
    assert len(audit_events(workspace.open_vault)) == before
    monkeypatch.undo()

    # stale data is checked before anything is written
    with pytest.raises(StaleDataError):
        service.save(view.id, view.version + 1, moved, _minutes(police.id))

    # both parts together: same effects as update + save_minutes
    saved = service.save(view.id, view.version, moved, _minutes(police.id))
    assert saved.conference.place == "Rathaus, Saal 1"
    assert saved.conference.starts_at == START - timedelta(days=1)
    assert len(saved.conference.items[0].decisions) == 2
    assert all(len(workspace.cases.measures(c.id)) == 2 for c in cases)
    actions = [e.action for e in audit_events(workspace.open_vault)[before:]]
    assert actions == ["conference.update", "conference.minutes"]

    # a new conference with minutes in one call
    fresh = service.save(None, None, _input([cases[0].id], view_people(view),
                                            starts_at=START - timedelta(hours=21),
                                            ends_at=END - timedelta(hours=21)),
                         _minutes(police.id))
    assert [d.conference_id for d in fresh.duplicates] == [view.id]
    assert len(fresh.conference.items) == 1
    assert len(workspace.cases.measures(cases[0].id)) == 4
    with pytest.raises(InvalidInputError):
        service.save(None, None, None, _minutes(police.id))


def view_people(view) -> tuple[ParticipantInput, ...]:
    return tuple(ParticipantInput(id=p.id, contact_id=p.contact_id, partner_id=p.partner_id,
                                  user_id=p.user_id, name=p.name, organisation=p.organisation,
                                  role=p.role, email=p.email, attendance=p.attendance)
                 for p in view.participants)
