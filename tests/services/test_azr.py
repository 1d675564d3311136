"""AzrService on a real (encrypted) vault: the default checklist, recording and replacing a
point, validation, audit (item and status only) and the journal entry."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from desktop.domain.azr import AzrItem, AzrStatus
from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.enums import CaseTrack, District, IntakeSource
from desktop.errors import InvalidInputError, NotFoundError
from desktop.services.azr import AzrService
from desktop.services.read_models import CaseDetail
from desktop.services.workspace import Workspace
from tests.storage.helpers import audit_events
from tests.support import new_workspace

TODAY = date(2026, 3, 10)


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    yield ws
    ws.close()


@pytest.fixture
def azr(workspace: Workspace) -> AzrService:
    return AzrService(workspace.open_vault, today=lambda: TODAY)


@pytest.fixture
def case(workspace: Workspace) -> CaseDetail:
    return workspace.cases.create(CaseInput(
        person=PersonInput("Kovačević", "Dragan", nationalities=("RS",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.ABH_SUBMISSION, intake_date=date(2026, 1, 5)))


def azr_events(workspace: Workspace):
    return [e for e in audit_events(workspace.open_vault) if e.action == "azr.check"]


def test_workspace_has_the_service(workspace):
    assert isinstance(workspace.azr, AzrService)


def test_a_new_case_has_four_unchecked_points(azr, case):
    checklist = azr.checklist(case.id)
    assert [c.item for c in checklist] == list(AzrItem)
    assert all(c.status is AzrStatus.UNCHECKED and c.id is None and c.is_open
               for c in checklist)


def test_record_then_replace_a_point(workspace, azr, case):
    view = azr.record(case.id, AzrItem.OBLIGATION_RECORDED, AzrStatus.INCORRECT,
                      note="Ausreisepflicht fehlt, ABH angeschrieben")
    assert view.status is AzrStatus.INCORRECT
    assert view.checked_on == TODAY
    assert view.checked_by == workspace.user.id
    assert view.is_open
    again = azr.record(case.id, AzrItem.OBLIGATION_RECORDED, AzrStatus.CORRECT,
                       checked_on=TODAY - timedelta(days=2))
    assert again.id == view.id
    assert again.version == view.version + 1
    checklist = {c.item: c for c in azr.checklist(case.id)}
    assert checklist[AzrItem.OBLIGATION_RECORDED].status is AzrStatus.CORRECT
    assert checklist[AzrItem.OBLIGATION_RECORDED].checked_on == TODAY - timedelta(days=2)
    assert checklist[AzrItem.OBLIGATION_RECORDED].note == ""
    assert checklist[AzrItem.DULDUNG_RECORDED].status is AzrStatus.UNCHECKED
    assert len(azr_events(workspace)) == 2


def test_an_unchanged_record_is_not_audited_twice(workspace, azr, case):
    azr.record(case.id, AzrItem.DEPARTURE_RECORDED, AzrStatus.NOT_APPLICABLE)
    azr.record(case.id, AzrItem.DEPARTURE_RECORDED, AzrStatus.NOT_APPLICABLE)
    assert len(azr_events(workspace)) == 1


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"note": "x" * 2001}, "note"),
    ({"note": "Steuer\x07zeichen"}, "note"),
    ({"checked_on": TODAY + timedelta(days=1)}, "checked_on"),
])
def test_bad_input_is_refused_and_nothing_saved(workspace, azr, case, kwargs, field):
    with pytest.raises(InvalidInputError) as raised:
        azr.record(case.id, AzrItem.DULDUNG_RECORDED, AzrStatus.CORRECT, **kwargs)
    assert field in raised.value.problems
    assert azr.checklist(case.id)[0].id is None
    assert azr_events(workspace) == []


def test_an_unknown_case_is_not_found(azr):
    with pytest.raises(NotFoundError):
        azr.checklist("no-such-case")
    with pytest.raises(NotFoundError):
        azr.record("no-such-case", AzrItem.DULDUNG_RECORDED, AzrStatus.CORRECT)


def test_audit_holds_item_and_status_only_and_journal_says_it(workspace, azr, case):
    azr.record(case.id, AzrItem.IDENTITY_RECORDED, AzrStatus.INCORRECT,
               note="Alias Kovacevic fehlt")
    [event] = azr_events(workspace)
    details = event.details if isinstance(event.details, dict) else json.loads(event.details)
    assert details == {"item": "identity_recorded", "status": "incorrect"}
    assert "Kovacevic" not in json.dumps(details)
    subjects = [e.subject for e in workspace.cases.journal(case.id)]
    assert ("AZR-Abgleich: Personalien/Aliaspersonalien im AZR abgeglichen: "
            "fehlerhaft – Korrektur veranlasst") in subjects
    assert workspace.open_vault.verify_audit().ok
