"""Replies awaited on a real vault: ``add_journal(reply_due=…)`` for outgoing entries only,
``mark_reply_received`` (checked, audited, noted in the Verlauf)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseTrack, District, IntakeSource, JournalKind
from desktop.errors import InvalidInputError, NotFoundError
from desktop.services.workspace import Workspace
from desktop.storage import orm
from tests.support import new_workspace

TODAY = date.today()  # noqa: DTZ011 - the clock CaseService uses by default


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    yield ws
    ws.close()


@pytest.fixture
def case_id(workspace: Workspace) -> str:
    return workspace.cases.create(CaseInput(
        person=PersonInput(family_name="Yılmaz", given_names="Ali",
                           birth_date=PartialDate(1990), nationalities=("TR",)),
        district=District.DUESSELDORF, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=TODAY)).id


def test_an_outgoing_entry_may_await_a_reply(workspace, case_id):
    due = TODAY + timedelta(days=14)
    entry = workspace.cases.add_journal(case_id, JournalKind.LETTER, "Sachstandsanfrage ABH",
                                        "Bitte um Mitteilung", reply_due=due)
    assert (entry.reply_due, entry.reply_received_on, entry.awaiting_reply) == (due, None, True)
    listed = next(e for e in workspace.cases.journal(case_id) if e.id == entry.id)
    assert listed.reply_due == due
    plain = workspace.cases.add_journal(case_id, JournalKind.NOTE, "Vermerk", "")
    assert plain.reply_due is None
    assert not plain.awaiting_reply


@pytest.mark.parametrize("kind", [JournalKind.LETTER, JournalKind.EMAIL, JournalKind.CALL])
def test_letters_mails_and_calls_take_a_reply_date(workspace, case_id, kind):
    entry = workspace.cases.add_journal(case_id, kind, "Frage", "", reply_due=TODAY)
    assert entry.reply_due == TODAY


def test_a_note_awaits_no_reply_and_the_date_is_not_before_the_entry(workspace, case_id):
    with pytest.raises(InvalidInputError) as error:
        workspace.cases.add_journal(case_id, JournalKind.NOTE, "Vermerk", "",
                                    reply_due=TODAY + timedelta(days=3))
    assert "Schreiben, einer E-Mail oder einem Telefonat" in error.value.problems["reply_due"]
    with pytest.raises(InvalidInputError) as error:
        workspace.cases.add_journal(case_id, JournalKind.LETTER, "Brief", "",
                                    reply_due=TODAY - timedelta(days=1))
    assert error.value.problems["reply_due"] == ("Das Antwortdatum liegt vor dem Datum des "
                                                 "Eintrags.")
    sent = datetime.now(UTC) - timedelta(days=10)
    entry = workspace.cases.add_journal(case_id, JournalKind.LETTER, "Brief", "",
                                        occurred_at=sent, reply_due=TODAY - timedelta(days=2))
    assert entry.awaiting_reply


def test_mark_reply_received_notes_it_and_audits(workspace, case_id):
    sent = datetime.now(UTC) - timedelta(days=5)
    entry = workspace.cases.add_journal(case_id, JournalKind.LETTER, "Sachstandsanfrage", "",
                                        occurred_at=sent, reply_due=TODAY + timedelta(days=9))
    received = TODAY - timedelta(days=1)
    done = workspace.cases.mark_reply_received(entry.id, received)
    assert (done.reply_received_on, done.awaiting_reply) == (received, False)
    note = workspace.cases.journal(case_id, JournalKind.SYSTEM)[0]
    assert note.subject == "Antwort eingegangen"
    assert note.text.startswith(f"Antwort eingegangen am {received:%d.%m.%Y} auf Schreiben "
                                "„Sachstandsanfrage“ vom ")
    with workspace.open_vault.unit_of_work(write=False) as uow:
        last = uow.session.execute(select(orm.AuditEvent).order_by(
            orm.AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert (last.action, last.entity_id) == ("journal.reply_received", entry.id)
    assert workspace.open_vault.verify_audit().ok
    with pytest.raises(InvalidInputError) as error:
        workspace.cases.mark_reply_received(entry.id)
    assert "bereits" in error.value.problems["received_on"]


def test_mark_reply_received_refuses_what_does_not_fit(workspace, case_id):
    entry = workspace.cases.add_journal(case_id, JournalKind.EMAIL, "Frage", "",
                                        reply_due=TODAY + timedelta(days=3))
    with pytest.raises(InvalidInputError) as error:
        workspace.cases.mark_reply_received(entry.id, TODAY + timedelta(days=1))
    assert error.value.problems["received_on"] == "Das Eingangsdatum liegt in der Zukunft."
    with pytest.raises(InvalidInputError) as error:
        workspace.cases.mark_reply_received(entry.id, TODAY - timedelta(days=30))
    assert "vor dem Datum des Eintrags" in error.value.problems["received_on"]
    plain = workspace.cases.add_journal(case_id, JournalKind.CALL, "Anruf", "")
    with pytest.raises(InvalidInputError) as error:
        workspace.cases.mark_reply_received(plain.id)
    assert "keine Antwort" in error.value.problems["received_on"]
    with pytest.raises(NotFoundError):
        workspace.cases.mark_reply_received("no-such-entry")
    assert workspace.cases.mark_reply_received(entry.id).reply_received_on == TODAY
