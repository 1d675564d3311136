"""The pure rules of case conferences: German messages per field, the duplicate rule, the
owner of a partner's decision, and how a decision's measures read back in the minutes.

(Decision → measure → status back in the minutes on a real vault: tests/services/
test_conferences.py.)"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop.domain.conferences import (
    AgendaItemInput,
    Attendance,
    ConferenceInput,
    ConferenceKind,
    ConferenceStatus,
    DecisionInput,
    ParticipantInput,
    ScheduledCase,
    decision_status_text,
    likely_duplicates,
    owner_of_partner,
    validate_conference,
    validate_minutes,
)
from desktop.domain.enums import MeasureOwner, MeasureStatus, PartnerKind

START = datetime(2027, 3, 1, 10, 0)  # noqa: DTZ001 - local wall-clock time
GUEST = ParticipantInput(name="Frau Muster", organisation="ABH Musterstadt")


def _input(**changes) -> ConferenceInput:
    values = {"kind": ConferenceKind.CASE_CONFERENCE, "starts_at": START,
              "ends_at": START + timedelta(hours=1), "place": "Raum 204", "case_ids": ("c1",),
              "participants": (GUEST,)}
    values.update(changes)
    return ConferenceInput(**values)


def test_a_complete_conference_has_no_problems():
    assert validate_conference(_input()) == {}
    assert validate_conference(_input(place="", remote=True)) == {}


def test_messages_per_field():
    problems = validate_conference(_input(ends_at=START - timedelta(minutes=1), place=" ",
                                          case_ids=(), participants=()))
    assert problems == {
        "ends_at": "Das Ende liegt vor dem Beginn.",
        "place": "Bitte einen Ort angeben oder „Telefon/Video“ wählen.",
        "cases": "Bitte mindestens einen Fall zuordnen.",
        "participants": "Bitte mindestens eine teilnehmende Person angeben."}
    assert validate_conference(_input(ends_at=START + timedelta(days=1)))["ends_at"] == (
        "Die Konferenz endet an einem anderen Tag.")
    assert validate_conference(_input(case_ids=("c1", "c1")))["cases"] == (
        "Ein Fall ist doppelt zugeordnet.")
    bad = validate_conference(_input(participants=(ParticipantInput(),
                                                   ParticipantInput(name="X", email="kein"))))
    assert bad == {"participants.0.name": "Bitte Namen oder Organisation angeben.",
                   "participants.1.email": "Die E-Mail-Adresse ist ungültig."}


def test_minutes_need_title_owner_and_due_date_not_before_the_conference():
    day = START.date()
    items = (AgendaItemInput(" ", decisions=(
        DecisionInput("Pass beantragen", None),
        DecisionInput("", day - timedelta(days=1), owner_kind=MeasureOwner.RRK),
        DecisionInput("Begleiten", day, owner_partner_id="p1"),
        DecisionInput("Anrufen", day, owner_name="Herr Beispiel"))),)
    assert validate_minutes(items, day) == {
        "items.0.title": "Bitte den Tagesordnungspunkt benennen.",
        "items.0.decisions.0.owner": "Bitte angeben, wer den Beschluss umsetzt.",
        "items.0.decisions.0.due_date": "Bitte angeben, bis wann.",
        "items.0.decisions.1.text": "Bitte den Beschluss formulieren.",
        "items.0.decisions.1.due_date": "Die Frist liegt vor der Konferenz."}


def test_same_case_same_day_is_a_likely_duplicate():
    existing = [ScheduledCase("k1", "c1", START + timedelta(hours=4)),
                ScheduledCase("k2", "c1", START + timedelta(days=1)),
                ScheduledCase("k3", "c2", START)]
    assert [d.conference_id for d in likely_duplicates(["c1"], START.date(), existing)] == ["k1"]
    assert likely_duplicates(["c1"], START.date(), existing, exclude_id="k1") == []
    assert [d.conference_id for d in likely_duplicates(["c1", "c2"], START.date(),
                                                       existing)] == ["k1", "k3"]


def test_owner_of_a_partner():
    assert owner_of_partner(PartnerKind.POLICE) == MeasureOwner.POLICE
    assert owner_of_partner(PartnerKind.STA) == MeasureOwner.JUSTICE
    assert owner_of_partner(PartnerKind.JVA) == MeasureOwner.JUSTICE
    assert owner_of_partner(PartnerKind.ABH) == MeasureOwner.ABH
    assert owner_of_partner(PartnerKind.FACILITY) == MeasureOwner.OTHER


def test_decision_status_from_its_measures():
    done = MeasureStatus.DONE
    assert decision_status_text([]) == "offen"
    assert decision_status_text([(MeasureStatus.OPEN, None)]) == "offen"
    assert decision_status_text([(done, date(2027, 4, 3)), (MeasureStatus.OPEN, None)]) == (
        "1 von 2 Fällen erledigt")
    assert decision_status_text([(done, date(2027, 4, 3)), (done, date(2027, 4, 9))]) == (
        "erledigt am 09.04.2027")
    assert decision_status_text([(done, date(2027, 4, 3)),
                                 (MeasureStatus.CANCELLED, None)]) == "erledigt am 03.04.2027"
    assert decision_status_text([(MeasureStatus.CANCELLED, None)]) == "entfallen"


def test_german_labels():
    assert ConferenceKind.CASE_CONFERENCE.label == "Fallkonferenz"
    assert ConferenceKind.BILATERAL.label == "Bilaterales Gespräch"
    assert ConferenceStatus.FINAL.label == "Protokoll abgeschlossen"
    assert [a.label for a in Attendance] == ["eingeladen", "anwesend", "entschuldigt",
                                            "nicht erschienen"]
