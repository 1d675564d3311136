"""Saved case-list filters on a real vault: built-ins, save/rename/delete with German errors,
audit, tolerant JSON, and the ``overdue_only``/``mine``/``open_only`` parts of the list query."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text, update

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import (
    CaseFlag,
    CaseOutcome,
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
    JournalKind,
    ReminderKind,
    Role,
)
from desktop.errors import InvalidInputError, NotFoundError
from desktop.services.cases import CaseService, MeasureInput, ReminderInput
from desktop.services.read_models import CaseQuery, CaseSort
from desktop.services.saved_filters import (
    BUILTINS,
    SavedFilterService,
    decode_query,
    encode_query,
)
from desktop.services.workspace import Workspace
from desktop.storage import orm
from desktop.storage.repositories.cases import overdue_case_ids
from tests.support import FAST_KDF, PASSPHRASE, new_workspace

TODAY = date(2026, 11, 23)


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    yield ws
    ws.close()


def cases_of(workspace: Workspace) -> CaseService:
    return CaseService(workspace.open_vault, today=lambda: TODAY)


def new_case(workspace: Workspace, family: str, caseworker_id: str | None = None) -> str:
    return workspace.cases.create(CaseInput(
        person=PersonInput(family_name=family, given_names="Test",
                           birth_date=PartialDate(1990), nationalities=("TR",)),
        district=District.DUESSELDORF, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=date(2026, 1, 5),
        caseworker_id=caseworker_id)).id


def names(workspace: Workspace, ids: list[str]) -> list[str]:
    return [row.name.split(",")[0] for row in workspace.cases.rows(ids)]


# --- the query -------------------------------------------------------------------------------

@pytest.fixture
def overdue_world(workspace):
    """Cases of anna and of bernd with overdue, not yet due and finished things."""
    workspace.add_user("bernd", "Bernd Beispiel", Role.CASEWORKER, PASSPHRASE, FAST_KDF)
    me = workspace.user.id
    other = next(u.id for u in workspace.partners.users() if u.id != me)
    cases = workspace.cases
    made = {}
    made["measure"] = new_case(workspace, "Maßnahme")
    cases.add_measure(made["measure"], MeasureInput("Pass", due_date=TODAY - timedelta(1)))
    made["reminder"] = new_case(workspace, "Wiedervorlage")
    cases.add_reminder(made["reminder"], ReminderInput(ReminderKind.FOLLOW_UP, "WV",
                                                       TODAY - timedelta(5)))
    made["reply"] = new_case(workspace, "Antwort")
    entry = cases.add_journal(made["reply"], JournalKind.LETTER, "Anfrage", "")
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(update(orm.JournalEntry).where(orm.JournalEntry.id == entry.id)
                            .values(reply_due=TODAY - timedelta(2)))
    made["later"] = new_case(workspace, "Später")
    cases.add_measure(made["later"], MeasureInput("Pass", due_date=TODAY))
    made["done"] = new_case(workspace, "Erledigt")
    reminder = cases.add_reminder(made["done"], ReminderInput(ReminderKind.FOLLOW_UP, "WV",
                                                              TODAY - timedelta(5)))
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(update(orm.Reminder).where(orm.Reminder.id == reminder.id)
                            .values(done_at=orm.utcnow()))
    made["closed"] = new_case(workspace, "Geschlossen")
    cases.add_measure(made["closed"], MeasureInput("Pass", due_date=TODAY - timedelta(9)))
    detail = cases.change_status(made["closed"], 1, CaseStatus.ACTIVE)
    cases.change_status(made["closed"], detail.version, CaseStatus.CLOSED,
                        outcome=CaseOutcome.VOLUNTARY_DEPARTURE,
                        outcome_date=date(2026, 11, 2))
    made["theirs"] = new_case(workspace, "Fremd", caseworker_id=other)
    cases.add_measure(made["theirs"], MeasureInput("Pass", due_date=TODAY - timedelta(3)))
    return made


def test_overdue_only_finds_measures_reminders_and_replies_of_open_cases(workspace,
                                                                         overdue_world):
    service = cases_of(workspace)
    ids = service.query_ids(CaseQuery(overdue_only=True, sort=CaseSort.NAME))
    assert names(workspace, ids) == ["Antwort", "Fremd", "Maßnahme", "Wiedervorlage"]
    mine = service.query_ids(CaseQuery(overdue_only=True, mine=True, sort=CaseSort.NAME))
    assert names(workspace, mine) == ["Antwort", "Maßnahme", "Wiedervorlage"]
    # combined with the other filters
    assert service.query_ids(CaseQuery(overdue_only=True, search="Fremd")) == [
        overdue_world["theirs"]]
    assert service.query_ids(CaseQuery(overdue_only=True, flag=CaseFlag.MIT)) == []


def test_mine_and_open_only(workspace, overdue_world):
    service = cases_of(workspace)
    everyone = service.query_ids(CaseQuery())
    assert len(everyone) == 7
    mine = service.query_ids(CaseQuery(mine=True))
    assert overdue_world["theirs"] not in mine
    assert len(mine) == 6
    # mine wins over a caseworker chosen in the list
    other = next(u.id for u in workspace.partners.users() if u.id != workspace.user.id)
    assert service.query_ids(CaseQuery(mine=True, caseworker_id=other)) == mine
    open_mine = service.query_ids(CaseQuery(mine=True, open_only=True))
    assert overdue_world["closed"] not in open_mine
    assert len(open_mine) == 5


def test_the_overdue_branches_use_their_indexes(workspace):
    with workspace.open_vault.unit_of_work(write=False) as uow:
        compiled = overdue_case_ids(TODAY).compile(
            uow.session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = " | ".join(str(row[-1]) for row in uow.session.execute(
            text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "ix_measures_status_due" in plan
    assert "ix_reminders_due" in plan
    assert "ix_journal_awaiting_reply" in plan
    assert "SCAN measures" not in plan
    assert "SCAN reminders" not in plan


# --- built-ins and the user's filters ------------------------------------------------------------

def test_builtins_come_first_and_cannot_be_changed(workspace):
    listed = workspace.filters.list_filters()
    assert [f.name for f in listed] == ["Meine überfälligen Fälle", "Meine offenen Fälle",
                                        "Alle überfälligen Fälle"]
    assert all(f.builtin for f in listed)
    assert listed[0].query == CaseQuery(mine=True, overdue_only=True)
    with pytest.raises(InvalidInputError):
        workspace.filters.delete(BUILTINS[0].id)
    with pytest.raises(InvalidInputError):
        workspace.filters.rename(BUILTINS[0].id, "Anders")


def test_save_rename_delete_audited(workspace):
    query = CaseQuery(search="Şahin", status=CaseStatus.ACTIVE, flag=CaseFlag.MIT,
                      sort=CaseSort.NAME, descending=True, overdue_only=True)
    saved = workspace.filters.save("  Köln, aktiv  ", query)
    assert (saved.name, saved.query, saved.builtin) == ("Köln, aktiv", query, False)
    second = workspace.filters.save("Zweiter", CaseQuery(district=District.KOELN))
    listed = workspace.filters.list_filters()
    assert [f.name for f in listed[len(BUILTINS):]] == ["Köln, aktiv", "Zweiter"]
    assert listed[len(BUILTINS)].query == query
    renamed = workspace.filters.rename(saved.id, "Köln aktiv")
    assert renamed.name == "Köln aktiv"
    assert renamed.query == query
    workspace.filters.delete(second.id)
    assert [f.name for f in workspace.filters.list_filters()[len(BUILTINS):]] == ["Köln aktiv"]
    with pytest.raises(NotFoundError):
        workspace.filters.delete(second.id)
    # a deleted filter's name can be used again
    again = workspace.filters.save("Zweiter", CaseQuery())
    assert again.id != second.id
    with workspace.open_vault.unit_of_work(write=False) as uow:
        actions = [(a, e) for a, e in uow.session.execute(
            select(orm.AuditEvent.action, orm.AuditEvent.entity_id)
            .where(orm.AuditEvent.action.like("saved_filter.%")).order_by(orm.AuditEvent.seq))]
        stored = uow.session.execute(select(orm.SavedFilter.query).where(
            orm.SavedFilter.id == saved.id)).scalar_one()
    assert actions == [("saved_filter.create", saved.id), ("saved_filter.create", second.id),
                       ("saved_filter.rename", saved.id), ("saved_filter.delete", second.id),
                       ("saved_filter.create", again.id)]
    assert stored == encode_query(query)
    assert " " not in stored.replace("Şahin", "")  # canonical: no spaces
    assert workspace.open_vault.verify_audit().ok


@pytest.mark.parametrize(("name", "message"), [
    ("   ", "Bitte einen Namen"),
    ("x" * 101, "höchstens 100 Zeichen"),
    ("Zeile\nzwei", "Steuerzeichen"),
    ("Tab\there", "Steuerzeichen"),
    ("meine überfälligen fälle", "schon einen Filter"),
    ("MEIN FILTER", "schon einen Filter"),
])
def test_names_are_checked(workspace, name, message):
    workspace.filters.save("Mein Filter", CaseQuery())
    with pytest.raises(InvalidInputError) as error:
        workspace.filters.save(name, CaseQuery())
    assert message in error.value.problems["name"]


def test_filters_belong_to_their_user(workspace):
    workspace.add_user("bernd", "Bernd Beispiel", Role.CASEWORKER, PASSPHRASE, FAST_KDF)
    other = next(u.id for u in workspace.partners.users() if u.id != workspace.user.id)
    saved = workspace.filters.save("Bernds Filter", CaseQuery(overdue_only=True))
    with workspace.open_vault.unit_of_work() as uow:  # as if bernd had saved it
        uow.session.execute(update(orm.SavedFilter).where(orm.SavedFilter.id == saved.id)
                            .values(user_id=other))
    service = SavedFilterService(workspace.open_vault)
    assert len(service.list_filters()) == len(BUILTINS)
    with pytest.raises(NotFoundError):
        service.delete(saved.id)
    with pytest.raises(NotFoundError):
        service.rename(saved.id, "Meins")
    workspace.filters.save("Bernds Filter", CaseQuery())  # the same name, another user


def test_garbled_rows_are_left_out(workspace):
    workspace.filters.save("Gut", CaseQuery(status=CaseStatus.ACTIVE))
    me = workspace.user.id
    with workspace.open_vault.unit_of_work() as uow:
        for position, raw in enumerate(('{"status": "verschollen"}', "{kaputt", "[1, 2]",
                                        '{"mine": "ja"}', '{"search": 7}'), start=5):
            uow.session.add(orm.SavedFilter(user_id=me, name=f"Kaputt {position}", query=raw,
                                            position=position))
    assert [f.name for f in workspace.filters.list_filters()[len(BUILTINS):]] == ["Gut"]


def test_json_round_trip_and_tolerance():
    query = CaseQuery(search="a", status=CaseStatus.DORMANT, district=District.ARNSBERG,
                      flag=CaseFlag.CUSTODY, caseworker_id="u1", sort=CaseSort.UPDATED,
                      descending=True, overdue_only=True, mine=True, open_only=True)
    assert decode_query(encode_query(query)) == query
    assert decode_query('{"future_field": 1, "mine": true}') == CaseQuery(mine=True)
    assert decode_query("{}") == CaseQuery()
    for bad in ("", "null", '"text"', '{"sort": "nach Laune"}', '{"district": 5}',
                '{"caseworker_id": []}', "\x00"):
        assert decode_query(bad) is None
