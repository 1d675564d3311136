"""ResidenceService on a real (encrypted) vault: Duldungen, obstacles, external file numbers
(searchable), identity documents, languages and address — validation, audit, soft deletion,
optimistic locking."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.enums import CaseTrack, District, IntakeSource, JournalKind
from desktop.domain.residence import (
    DocumentKind,
    DuldungInput,
    DuldungType,
    IdentityDocumentInput,
    ObstacleInput,
    ObstacleKind,
    PassportStatus,
    ReferenceInput,
    ReferenceKind,
)
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services.read_models import CaseDetail, CaseQuery
from desktop.services.residence import ResidenceService
from desktop.services.workspace import Workspace
from desktop.storage.repositories import cases as case_repo
from tests.storage.helpers import audit_events
from tests.support import new_workspace

TODAY = date(2026, 3, 10)


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    yield ws
    ws.close()


@pytest.fixture
def residence(workspace: Workspace) -> ResidenceService:
    return ResidenceService(workspace.open_vault, today=lambda: TODAY)


@pytest.fixture
def case(workspace: Workspace) -> CaseDetail:
    return workspace.cases.create(CaseInput(
        person=PersonInput("Kovačević", "Dragan", nationalities=("RS",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.ABH_SUBMISSION, intake_date=date(2026, 1, 5)))


def events(workspace: Workspace, prefix: str):
    return [e for e in audit_events(workspace.open_vault) if e.action.startswith(prefix)]


def duldung(**changes) -> DuldungInput:
    values = {"type": DuldungType.S60A_2_1, "valid_from": date(2026, 2, 1),
              "valid_until": date(2026, 4, 1), "reason": "Passlosigkeit",
              "issued_by": "ABH Köln"}
    values.update(changes)
    return DuldungInput(**values)


# --- Duldungen -----------------------------------------------------------------------------

def test_add_duldung_with_early_warning_audit_and_journal(workspace, residence, case):
    view = residence.add_duldung(case.id, duldung())
    assert view.type is DuldungType.S60A_2_1
    assert view.current
    assert not view.expired
    assert view.days_left == 22
    assert view.expiring  # ends within 28 days
    assert residence.duldungen(case.id) == [view]
    created = events(workspace, "duldung.")
    assert [e.action for e in created] == ["duldung.create"]
    assert json.loads(created[0].details) == {"case_id": case.id}
    assert "Passlosigkeit" not in created[0].details
    journal = workspace.cases.journal(case.id, JournalKind.SYSTEM)
    assert journal[0].subject == "Duldung erfasst"
    assert "§ 60a Abs. 2 S. 1 AufenthG" in journal[0].text
    assert workspace.open_vault.verify_audit().ok


def test_expired_and_future_duldungen(residence, case):
    old = residence.add_duldung(case.id, duldung(valid_from=date(2025, 1, 1),
                                                 valid_until=date(2025, 6, 30)))
    later = residence.add_duldung(case.id, duldung(valid_from=date(2026, 6, 1),
                                                   valid_until=date(2026, 12, 1)))
    assert (old.expired, old.current, old.expiring) == (True, False, False)
    assert old.days_left < 0
    assert (later.current, later.expired, later.expiring) == (False, False, False)
    assert [d.id for d in residence.duldungen(case.id)] == [later.id, old.id]


def test_duldung_ending_before_it_starts_is_refused(workspace, residence, case):
    with pytest.raises(InvalidInputError) as info:
        residence.add_duldung(case.id, duldung(valid_until=date(2026, 1, 1)))
    assert info.value.problems == {"valid_until": "Die Duldung endet vor ihrem Beginn."}
    assert residence.duldungen(case.id) == []
    assert events(workspace, "duldung.") == []


@pytest.mark.parametrize(("changes", "field"), [
    ({"valid_from": None}, "valid_from"),
    ({"reason": "x" * 2001}, "reason"),
    ({"reason": "Zeile\x00"}, "reason"),
    ({"issued_by": "ABH\nKöln"}, "issued_by"),
    ({"valid_from": date(1900, 1, 1)}, "valid_from"),
])
def test_duldung_validation_names_the_field(residence, case, changes, field):
    with pytest.raises(InvalidInputError) as info:
        residence.add_duldung(case.id, duldung(**changes))
    assert field in info.value.problems


def test_multiline_reason_is_accepted(residence, case):
    view = residence.add_duldung(case.id, duldung(reason="Erste Zeile\nZweite Zeile"))
    assert view.reason == "Erste Zeile\nZweite Zeile"


def test_update_duldung_audits_field_names_and_checks_the_version(workspace, residence, case):
    view = residence.add_duldung(case.id, duldung())
    updated = residence.update_duldung(view.id, view.version,
                                       duldung(valid_until=date(2026, 7, 1)))
    assert updated.valid_until == date(2026, 7, 1)
    assert updated.version == view.version + 1
    assert not updated.expiring
    update = events(workspace, "duldung.update")
    assert json.loads(update[0].details)["fields"] == ["valid_until"]
    with pytest.raises(StaleDataError):
        residence.update_duldung(view.id, view.version, duldung(reason="veraltet"))
    unchanged = residence.update_duldung(updated.id, updated.version,
                                         duldung(valid_until=date(2026, 7, 1)))
    assert unchanged.version == updated.version
    assert len(events(workspace, "duldung.update")) == 1


def test_update_duldung_audits_a_changed_type_from_to_and_journals_the_dates(
        workspace, residence, case):
    view = residence.add_duldung(case.id, duldung())
    residence.update_duldung(view.id, view.version, duldung(
        type=DuldungType.S60B, valid_until=date(2026, 6, 30), reason="Identität ungeklärt"))
    [update] = events(workspace, "duldung.update")
    details = json.loads(update.details)
    assert details == {"case_id": case.id,
                       "fields": ["type", "reason", "valid_until"],
                       "type": {"from": "60a_2_1", "to": "60b"}}
    assert "ungeklärt" not in update.details
    assert "2026" not in update.details
    entry = workspace.cases.journal(case.id)[0]
    assert entry.subject == "Duldung geändert"
    assert entry.text == ("§ 60b AufenthG, 01.02.2026 – 30.06.2026; "
                          "gültig bis 01.04.2026 → 30.06.2026")


def test_update_duldung_ending_before_it_starts_changes_nothing(workspace, residence, case):
    view = residence.add_duldung(case.id, duldung())
    with pytest.raises(InvalidInputError) as info:
        residence.update_duldung(view.id, view.version, duldung(valid_until=date(2026, 1, 1)))
    assert info.value.problems == {"valid_until": "Die Duldung endet vor ihrem Beginn."}
    with pytest.raises(InvalidInputError) as info:
        residence.update_duldung(view.id, view.version, duldung(valid_from=None))
    assert set(info.value.problems) == {"valid_from"}
    [unchanged] = residence.duldungen(case.id)
    assert (unchanged.valid_until, unchanged.version) == (date(2026, 4, 1), view.version)
    assert events(workspace, "duldung.update") == []


def test_update_of_a_deleted_duldung_is_not_found(residence, case):
    view = residence.add_duldung(case.id, duldung())
    residence.delete_duldung(view.id, view.version)
    with pytest.raises(NotFoundError):
        residence.update_duldung(view.id, view.version, duldung())


def test_delete_duldung_is_soft_audited_and_stale_checked(workspace, residence, case):
    view = residence.add_duldung(case.id, duldung())
    with pytest.raises(StaleDataError):
        residence.delete_duldung(view.id, view.version + 1)
    residence.delete_duldung(view.id, view.version)
    assert residence.duldungen(case.id) == []
    with workspace.open_vault.unit_of_work(write=False) as uow:
        from desktop.storage import orm
        row = uow.session.get(orm.Duldung, view.id)
        assert row is not None
        assert row.deleted_at is not None
    assert [e.action for e in events(workspace, "duldung.")] == ["duldung.create",
                                                               "duldung.delete"]
    with pytest.raises(NotFoundError):
        residence.delete_duldung(view.id, view.version + 1)


def test_unknown_case_is_not_found(residence):
    with pytest.raises(NotFoundError):
        residence.add_duldung("no-such-case", duldung())


# --- obstacles -----------------------------------------------------------------------------

def test_obstacles_active_resolved_and_validated(workspace, residence, case):
    medical = residence.add_obstacle(case.id, ObstacleInput(
        ObstacleKind.MEDICAL, "Reiseunfähigkeit attestiert", since=date(2026, 2, 1)))
    court = residence.add_obstacle(case.id, ObstacleInput(ObstacleKind.COURT,
                                                          since=date(2026, 1, 1)))
    assert medical.active
    assert {o.id for o in residence.obstacles(case.id, active_only=True)} == {medical.id,
                                                                              court.id}
    resolved = residence.update_obstacle(court.id, court.version, ObstacleInput(
        ObstacleKind.COURT, since=date(2026, 1, 1), until=date(2026, 3, 1), resolved=True))
    assert not resolved.active
    assert [o.id for o in residence.obstacles(case.id, active_only=True)] == [medical.id]
    assert [o.id for o in residence.obstacles(case.id)] == [medical.id, court.id]
    assert json.loads(events(workspace, "obstacle.update")[0].details)["fields"] == [
        "until", "resolved"]
    assert workspace.cases.journal(case.id)[0].subject == "Vollzugshindernis ausgeräumt"

    with pytest.raises(InvalidInputError) as info:
        residence.add_obstacle(case.id, ObstacleInput(ObstacleKind.FAMILY,
                                                      since=TODAY + timedelta(days=1)))
    assert info.value.problems == {"since": "Das Datum liegt in der Zukunft."}
    with pytest.raises(InvalidInputError) as info:
        residence.add_obstacle(case.id, ObstacleInput(ObstacleKind.OTHER))
    assert "description" in info.value.problems
    with pytest.raises(InvalidInputError) as info:
        residence.add_obstacle(case.id, ObstacleInput(
            ObstacleKind.MEDICAL, since=date(2026, 2, 1), until=date(2026, 1, 1)))
    assert "until" in info.value.problems

    residence.delete_obstacle(medical.id, medical.version)
    assert [o.id for o in residence.obstacles(case.id)] == [court.id]


def test_update_obstacle_resolve_and_reopen(workspace, residence, case):
    view = residence.add_obstacle(case.id, ObstacleInput(ObstacleKind.PASSPORT,
                                                         since=date(2026, 1, 10)))
    resolved = residence.update_obstacle(view.id, view.version, ObstacleInput(
        ObstacleKind.PASSPORT, since=date(2026, 1, 10), resolved=True))
    assert (resolved.resolved, resolved.active) == (True, False)
    with pytest.raises(StaleDataError):
        residence.update_obstacle(view.id, view.version, ObstacleInput(ObstacleKind.PASSPORT))
    reopened = residence.update_obstacle(resolved.id, resolved.version, ObstacleInput(
        ObstacleKind.MEDICAL, "Attest", since=date(2026, 1, 10)))
    assert reopened.active
    assert workspace.cases.journal(case.id)[0].subject == "Vollzugshindernis wieder offen"
    first, second = (json.loads(e.details) for e in events(workspace, "obstacle.update"))
    assert first == {"case_id": case.id, "fields": ["resolved"],
                     "resolved": {"from": False, "to": True}}
    assert second["kind"] == {"from": "passport", "to": "medical"}
    assert second["resolved"] == {"from": True, "to": False}
    assert "description" in second["fields"]
    assert "Attest" not in json.dumps(second)

    with pytest.raises(InvalidInputError) as info:
        residence.update_obstacle(reopened.id, reopened.version, ObstacleInput(
            ObstacleKind.MEDICAL, since=date(2026, 2, 1), until=date(2026, 1, 1)))
    assert set(info.value.problems) == {"until"}


# --- external file numbers -----------------------------------------------------------------

def test_external_reference_is_searchable_until_deleted(workspace, residence, case):
    ref = residence.add_reference(case.id, ReferenceInput(ReferenceKind.ABH, " ABH-123/45 ",
                                                          "Stadt Köln"))
    assert (ref.value, ref.authority) == ("ABH-123/45", "Stadt Köln")
    assert workspace.cases.query_ids(CaseQuery(search="ABH-123/45")) == [case.id]
    assert workspace.cases.query_ids(CaseQuery(search="123/45")) == [case.id]
    assert [r.file_number for r in workspace.cases.search("abh 123")] == [case.file_number]

    changed = residence.update_reference(ref.id, ref.version,
                                         ReferenceInput(ReferenceKind.ABH, "ABH-999/99"))
    assert workspace.cases.query_ids(CaseQuery(search="ABH-123")) == []
    assert workspace.cases.query_ids(CaseQuery(search="999/99")) == [case.id]
    assert json.loads(events(workspace, "reference.update")[0].details)["fields"] == [
        "value", "authority"]

    residence.delete_reference(changed.id, changed.version)
    assert residence.references(case.id) == []
    assert workspace.cases.query_ids(CaseQuery(search="999/99")) == []
    # the case's own names and file number stay searchable
    assert workspace.cases.query_ids(CaseQuery(search="Kovacevic")) == [case.id]
    assert [e.action for e in events(workspace, "reference.")] == [
        "reference.create", "reference.update", "reference.delete"]
    assert all("999" not in e.details and "123" not in e.details
               for e in events(workspace, "reference."))


def test_rebuild_index_includes_external_references(workspace, residence, case):
    residence.add_reference(case.id, ReferenceInput(ReferenceKind.STA, "StA 115 Js 42/26"))
    with workspace.open_vault.unit_of_work() as uow:
        assert case_repo.rebuild_index(uow.session) == 1
    assert workspace.cases.query_ids(CaseQuery(search="115 Js 42")) == [case.id]
    assert workspace.cases.query_ids(CaseQuery(search=case.file_number)) == [case.id]


@pytest.mark.parametrize(("data", "field"), [
    (ReferenceInput(ReferenceKind.ABH, "  "), "value"),
    (ReferenceInput(ReferenceKind.AZR, "12AB"), "value"),
    (ReferenceInput(ReferenceKind.COURT, "x" * 101), "value"),
    (ReferenceInput(ReferenceKind.COURT, "1 K 2\t/26"), "value"),
    (ReferenceInput(ReferenceKind.BAMF, "123", "a" * 201), "authority"),
])
def test_reference_validation(residence, case, data, field):
    with pytest.raises(InvalidInputError) as info:
        residence.add_reference(case.id, data)
    assert field in info.value.problems


# --- identity documents and person extras --------------------------------------------------

def test_identity_documents(workspace, residence, case):
    doc = residence.add_document(case.id, IdentityDocumentInput(
        DocumentKind.PASSPORT, PassportStatus.EXPIRED, number="P1234567",
        issuing_country="rs", valid_until=date(2024, 5, 1)))
    assert (doc.issuing_country, doc.expired, doc.person_id) == ("RS", True,
                                                                 case.person.id)
    pep = residence.add_document(case.id, IdentityDocumentInput(
        DocumentKind.TRAVEL_DOCUMENT, PassportStatus.TRAVEL_DOCUMENT_REQUESTED))
    assert [d.id for d in residence.documents(case.id)] == [doc.id, pep.id]
    issued = residence.update_document(pep.id, pep.version, IdentityDocumentInput(
        DocumentKind.TRAVEL_DOCUMENT, PassportStatus.TRAVEL_DOCUMENT_ISSUED,
        valid_until=date(2026, 6, 1)))
    assert issued.status is PassportStatus.TRAVEL_DOCUMENT_ISSUED
    assert json.loads(events(workspace, "document.update")[0].details)["fields"] == [
        "status", "valid_until"]
    with pytest.raises(StaleDataError):
        residence.delete_document(pep.id, pep.version)
    residence.delete_document(issued.id, issued.version)
    assert [d.id for d in residence.documents(case.id)] == [doc.id]

    with pytest.raises(InvalidInputError) as info:
        residence.add_document(case.id, IdentityDocumentInput(
            DocumentKind.PASSPORT, PassportStatus.VALID, issuing_country="QQ",
            valid_until=date(2025, 1, 1)))
    assert set(info.value.problems) == {"issuing_country", "status"}


def test_overview_collects_everything(residence, case):
    residence.add_duldung(case.id, duldung())
    residence.add_obstacle(case.id, ObstacleInput(ObstacleKind.PASSPORT))
    residence.add_reference(case.id, ReferenceInput(ReferenceKind.AZR, "123456789"))
    residence.add_document(case.id, IdentityDocumentInput(DocumentKind.OTHER,
                                                          PassportStatus.NONE))
    overview = residence.overview(case.id)
    assert overview.case_id == case.id
    assert (len(overview.duldungen), len(overview.obstacles), len(overview.references),
            len(overview.documents)) == (1, 1, 1, 1)


def test_workspace_has_the_residence_service(workspace):
    assert isinstance(workspace.residence, ResidenceService)
