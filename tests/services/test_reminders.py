"""ReminderService on a real vault: computed due dates on NRW working days, adding,
completing and deleting (a Frist only after confirmation, audited, in the Verlauf)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseTrack, District, IntakeSource, ReminderKind
from desktop.errors import InvalidInputError, NotFoundError, UserFacingError
from desktop.services.cases import ReminderInput
from desktop.services.reminders import ConfirmationRequiredError, ReminderProposal
from desktop.services.workspace import Workspace
from desktop.storage import orm
from tests.support import new_workspace

TODAY = date(2026, 3, 10)


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    # The services of this test see a fixed today.
    ws.reminders._today = lambda: TODAY
    yield ws
    ws.close()


@pytest.fixture
def case_id(workspace: Workspace) -> str:
    detail = workspace.cases.create(CaseInput(
        person=PersonInput("Müller", "Hans", birth_date=PartialDate(1990),
                           nationalities=("TR",)),
        district=District.DUESSELDORF, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=TODAY))
    return detail.id


def audit_events(workspace: Workspace, prefix: str = "reminder.") -> list[orm.AuditEvent]:
    with workspace.open_vault.unit_of_work(write=False) as uow:
        events = uow.session.execute(select(orm.AuditEvent).order_by(orm.AuditEvent.seq))
        return [e for e in events.scalars() if e.action.startswith(prefix)]


def journal_subjects(workspace: Workspace, case_id: str) -> list[str]:
    return [e.subject for e in workspace.cases.journal(case_id)]


# --- propose ---------------------------------------------------------------------------------

def test_a_month_from_the_31st_ends_on_the_next_working_day(workspace):
    proposal = workspace.reminders.propose(ReminderKind.DEADLINE, start=date(2026, 1, 31),
                                           months=1)
    # 28.02.2026 is a Saturday → Monday 02.03.2026
    assert proposal.due_date == date(2026, 3, 2)
    assert proposal.note == "verschoben auf den nächsten Werktag: 28.02.2026 ist ein Samstag"
    assert proposal.early_warning == date(2026, 2, 23)


def test_two_weeks_ending_on_good_friday_move_past_easter(workspace):
    proposal = workspace.reminders.propose(ReminderKind.DEADLINE, start=date(2026, 3, 20),
                                           weeks=2)
    assert proposal.due_date == date(2026, 4, 7)
    assert proposal.note == "verschoben auf den nächsten Werktag: 03.04.2026 ist Karfreitag"


def test_the_early_warning_skips_holidays(workspace):
    # Deadline Tue 07.04.2026; 3 working days back skip Ostermontag and Karfreitag:
    # Thu 02.04, Wed 01.04, Tue 31.03.
    proposal = workspace.reminders.propose(ReminderKind.DEADLINE, start=date(2026, 3, 20),
                                           weeks=2, warning_working_days=3)
    assert proposal.early_warning == date(2026, 3, 31)
    # Allerheiligen (Sun 01.11.2026) → Mon 02.11; one working day before: Fri 30.10.
    allerheiligen = workspace.reminders.propose(ReminderKind.DEADLINE, start=date(2026, 10, 1),
                                                months=1, warning_working_days=1)
    assert allerheiligen.due_date == date(2026, 11, 2)
    assert allerheiligen.early_warning == date(2026, 10, 30)
    assert allerheiligen.note == ("verschoben auf den nächsten Werktag: 01.11.2026 ist "
                                  "Allerheiligen")
    none = workspace.reminders.propose(ReminderKind.DEADLINE, start=date(2026, 3, 2), days=7,
                                       warning_working_days=0)
    assert none == ReminderProposal(date(2026, 3, 9), None, "")


def test_follow_up_and_appointment(workspace):
    follow = workspace.reminders.propose(ReminderKind.FOLLOW_UP, start=date(2026, 3, 27),
                                         days=7)
    assert follow.due_date == date(2026, 4, 7)
    assert follow.early_warning is None
    assert "Karfreitag" in follow.note
    termin = workspace.reminders.propose(ReminderKind.APPOINTMENT, start=date(2026, 4, 3))
    assert termin == ReminderProposal(date(2026, 4, 3), None,
                                      "Achtung: 03.04.2026 ist Karfreitag.")
    saturday = workspace.reminders.propose(ReminderKind.APPOINTMENT, start=date(2026, 4, 4))
    assert saturday.note == "Achtung: 04.04.2026 ist ein Samstag."
    plain = workspace.reminders.propose(ReminderKind.APPOINTMENT, start=date(2026, 4, 8))
    assert plain.note == ""


def test_propose_refuses_what_it_cannot_compute(workspace):
    with pytest.raises(InvalidInputError) as error:
        workspace.reminders.propose(ReminderKind.DEADLINE, start=TODAY)
    assert "duration" in error.value.problems
    with pytest.raises(InvalidInputError) as error:
        workspace.reminders.propose(ReminderKind.DEADLINE, start=TODAY, days=-3)
    assert "duration" in error.value.problems
    with pytest.raises(InvalidInputError) as error:
        workspace.reminders.propose(ReminderKind.FOLLOW_UP, start=TODAY, months=12 * 11)
    assert error.value.problems["due_date"].endswith("Jahre in der Zukunft.")


# --- add, complete, delete -------------------------------------------------------------------

def test_add_validates_and_notes_in_the_journal(workspace, case_id):
    due = date(2026, 4, 7)
    with pytest.raises(InvalidInputError) as error:
        workspace.reminders.add(case_id, ReminderInput(ReminderKind.DEADLINE, "Stellungnahme",
                                                       due, early_warning=due + timedelta(1)))
    assert set(error.value.problems) == {"early_warning"}
    for wrong in (date(1999, 12, 31), date(2036, 3, 11)):
        with pytest.raises(InvalidInputError) as error:
            workspace.reminders.add(case_id, ReminderInput(ReminderKind.FOLLOW_UP, "WV", wrong))
        assert set(error.value.problems) == {"due_date"}
    with pytest.raises(InvalidInputError) as error:
        workspace.reminders.add(case_id, ReminderInput(ReminderKind.APPOINTMENT, " ", due,
                                                       due_time="9 Uhr"))
    assert set(error.value.problems) == {"title", "due_time"}
    with pytest.raises(NotFoundError):
        workspace.reminders.add("nope", ReminderInput(ReminderKind.FOLLOW_UP, "WV", due))

    added = workspace.reminders.add(case_id, ReminderInput(
        ReminderKind.DEADLINE, "Stellungnahme", due, early_warning=date(2026, 3, 31)))
    assert added.early_warning == date(2026, 3, 31)
    assert [r.id for r in workspace.reminders.of_case(case_id)] == [added.id]
    assert [r.id for r in workspace.cases.reminders(case_id)] == [added.id]
    assert "Frist angelegt" in journal_subjects(workspace, case_id)
    assert [e.action for e in audit_events(workspace)] == ["reminder.create"]


def test_complete_sets_done_and_is_audited(workspace, case_id):
    added = workspace.reminders.add(case_id, ReminderInput(ReminderKind.FOLLOW_UP,
                                                           "Sachstand ABH", date(2026, 3, 20)))
    done = workspace.reminders.complete(added.id)
    assert done.done
    again = workspace.reminders.complete(added.id)  # once only
    assert again.done
    assert [e.action for e in audit_events(workspace)] == ["reminder.create",
                                                           "reminder.complete"]
    assert "Wiedervorlage erledigt" in journal_subjects(workspace, case_id)
    with pytest.raises(NotFoundError):
        workspace.reminders.complete("nope")


def test_deleting_a_deadline_needs_confirmation_and_is_audited(workspace, case_id):
    deadline = workspace.reminders.add(case_id, ReminderInput(
        ReminderKind.DEADLINE, "Klagefrist", date(2026, 4, 7), early_warning=date(2026, 3, 31)))
    with pytest.raises(ConfirmationRequiredError) as error:
        workspace.reminders.delete(deadline.id, confirmed=False)
    assert isinstance(error.value, UserFacingError)
    assert "bestätigen" in error.value.message
    assert [r.id for r in workspace.reminders.of_case(case_id)] == [deadline.id]
    assert "reminder.delete" not in [e.action for e in audit_events(workspace)]

    workspace.reminders.delete(deadline.id, confirmed=True)
    assert workspace.reminders.of_case(case_id) == []
    [event] = [e for e in audit_events(workspace) if e.action == "reminder.delete"]
    assert event.entity_id == deadline.id
    details = json.loads(event.details)
    assert details["kind"] == "deadline"
    assert details["confirmed"] is True
    assert "Klagefrist" not in event.details  # no case data in the audit log
    assert "Frist gelöscht" in journal_subjects(workspace, case_id)
    with workspace.open_vault.unit_of_work(write=False) as uow:  # soft delete
        row = uow.session.get(orm.Reminder, deadline.id)
        assert row is not None
        assert row.deleted_at is not None
    with pytest.raises(NotFoundError):
        workspace.reminders.delete(deadline.id, confirmed=True)


def test_other_kinds_are_deleted_without_confirmation(workspace, case_id):
    termin = workspace.reminders.add(case_id, ReminderInput(
        ReminderKind.APPOINTMENT, "Botschaftsvorführung", date(2026, 4, 8), due_time="09:30",
        early_warning=date(2026, 4, 1)))
    assert termin.early_warning is None  # only a Frist has a Vorfrist
    assert termin.due_time == "09:30"
    workspace.reminders.delete(termin.id, confirmed=False)
    assert workspace.reminders.of_case(case_id) == []
    assert "Termin gelöscht" in journal_subjects(workspace, case_id)
