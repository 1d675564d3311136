"""Global search (Ctrl+K) on a real vault: SearchService over case_search and journal_search."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.domain.cases import AliasInput, CaseInput, PersonInput
from desktop.domain.enums import CaseStatus, CaseTrack, District, IntakeSource, JournalKind
from desktop.domain.residence import ReferenceInput, ReferenceKind
from desktop.services.demo import create_demo_vault
from desktop.services.read_models import CaseDetail
from desktop.services.search import excerpt
from desktop.services.workspace import VaultService, Workspace
from desktop.storage import orm
from tests.support import FAST_KDF, PASSPHRASE, USER, MemoryKeyring, new_workspace


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    yield ws
    ws.close()


def create(ws: Workspace, family: str, given: str,
           aliases: tuple[AliasInput, ...] = ()) -> CaseDetail:
    return ws.cases.create(CaseInput(
        person=PersonInput(family, given, nationalities=("SY",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=date(2026, 3, 2),
        aliases=aliases))


def where(ws: Workspace, query: str) -> dict[str, tuple[str, str]]:
    return {hit.case_id: (hit.where, hit.snippet) for hit in ws.search.search(query)}


def test_finds_by_name_with_the_case_columns(workspace):
    case = create(workspace, "Müller", "Hans")
    create(workspace, "Jovanović", "Dragan")

    [hit] = workspace.search.search("müller")

    assert (hit.case_id, hit.file_number, hit.name) == (case.id, case.file_number,
                                                        "Müller, Hans")
    assert hit.status is CaseStatus.INTAKE
    assert hit.where == "Name"
    assert [h.case_id for h in workspace.search.search("mueller")] == [case.id]
    assert [h.case_id for h in workspace.search.search("muller ha")] == [case.id]


def test_finds_by_alias_and_file_number(workspace):
    case = create(workspace, "Darwish", "Omar", aliases=(AliasInput("Al-Haddad", "Mohamed"),))
    other = create(workspace, "Haddad", "Karim")

    found = where(workspace, "al-haddad mohamed")
    assert found[case.id] == ("Alias", "Al-Haddad, Mohamed")
    assert other.id not in found
    assert where(workspace, case.file_number) == {case.id: ("Aktenzeichen", case.file_number)}


def test_finds_by_external_reference(workspace):
    case = create(workspace, "Darwish", "Omar")
    workspace.residence.add_reference(case.id, ReferenceInput(ReferenceKind.ABH, "ABH-4711/26",
                                                              "Stadt Köln"))

    assert where(workspace, "abh-4711")[case.id] == ("Aktenzeichen", "ABH-4711/26")


def test_finds_journal_text_with_an_excerpt(workspace):
    case = create(workspace, "Darwish", "Omar")
    other = create(workspace, "Haddad", "Karim")
    workspace.cases.add_journal(case.id, JournalKind.NOTE, "Termin",
                                "Vorsprache bei der Botschaft in Berlin wegen Passersatz, "
                                "danach Rückfahrt über die Hauptstraße zum Büro.")
    workspace.cases.add_journal(other.id, JournalKind.CALL, "Anruf",
                                "Rückruf von Herrn Müller vom Sozialamt.")

    assert where(workspace, "Botschaft")[case.id][0] == "Verlauf"
    assert "Botschaft" in where(workspace, "botsch")[case.id][1]
    assert list(where(workspace, "hauptstrasse")) == [case.id]
    assert list(where(workspace, "mueller")) == [other.id]
    assert "Müller" in where(workspace, "mueller")[other.id][1]


def test_residence_journal_writes_are_indexed(workspace):
    case = create(workspace, "Darwish", "Omar")
    workspace.residence.add_reference(case.id, ReferenceInput(ReferenceKind.STA, "12 Js 3/26",
                                                              "StA Köln"))
    with workspace.open_vault.unit_of_work(write=False) as uow:
        count = uow.session.execute(text(
            "SELECT count(*) FROM journal_search WHERE case_id = :id"), {"id": case.id})
        assert count.scalar_one() == len(workspace.cases.journal(case.id))


def test_one_hit_per_case_with_the_best_reason_first(workspace):
    by_name = create(workspace, "Botschafter", "Ali")
    by_note = create(workspace, "Haddad", "Karim")
    for _ in range(3):
        workspace.cases.add_journal(by_note.id, JournalKind.NOTE, "", "Botschaft angerufen")
    workspace.cases.add_journal(by_name.id, JournalKind.NOTE, "", "Botschaft angerufen")

    hits = workspace.search.search("botschaft")

    assert [(h.case_id, h.where) for h in hits] == [(by_name.id, "Name"),
                                                    (by_note.id, "Verlauf")]


@pytest.mark.parametrize("query", ['"', 'a OR b', 'NEAR(x y)', '*', 'name:x', '^abc', '(',
                                   "a AND NOT", "'; DROP TABLE cases; --", "-x", ""])
def test_fts_syntax_does_not_raise(workspace, query):
    create(workspace, "Darwish", "Omar")
    assert isinstance(workspace.search.search(query), list)


def test_deleted_entries_and_cases_are_not_found(workspace):
    case = create(workspace, "Darwish", "Omar")
    other = create(workspace, "Haddad", "Karim")
    entry = workspace.cases.add_journal(case.id, JournalKind.NOTE, "", "Botschaft besucht")
    workspace.cases.add_journal(other.id, JournalKind.NOTE, "", "Botschaft angerufen")
    assert set(where(workspace, "botschaft")) == {case.id, other.id}
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.get(orm.JournalEntry, entry.id).deleted_at = orm.utcnow()
        uow.session.get(orm.Case, other.id).deleted_at = orm.utcnow()

    assert where(workspace, "botschaft") == {}
    assert where(workspace, "haddad") == {}


def test_limit_and_empty_query(workspace):
    for i in range(5):
        create(workspace, "Haddad", f"Karim{i}")
    assert len(workspace.search.search("haddad", limit=3)) == 3
    assert workspace.search.search("   ") == []


def test_excerpt_cuts_around_the_match():
    long = "Anfang " + "Wort " * 30 + "dann die Straße " + "Ende " * 30
    cut = excerpt(long, ["strasse"])
    assert "Straße" in cut
    assert cut.startswith("…")
    assert cut.endswith("…")
    assert len(cut) < 100
    assert excerpt("kurz", ["nichts"]) == "kurz"


def _indexed_and_live(ws: Workspace) -> tuple[int, int]:
    with ws.open_vault.unit_of_work(write=False) as uow:
        indexed = uow.session.execute(text("SELECT count(*) FROM journal_search")).scalar_one()
        live = uow.session.execute(text(
            "SELECT count(*) FROM journal_entries WHERE deleted_at IS NULL")).scalar_one()
    return indexed, live


def test_migration_0005_indexes_the_journal_of_an_older_vault(tmp_path):
    fixture = Path(__file__).parents[1] / "fixtures" / "schema" / "schema_0004.fallakte"
    target = tmp_path / fixture.name
    shutil.copyfile(fixture, target)
    shutil.copyfile(fixture.with_name(fixture.name + ".keys"),
                    target.with_name(target.name + ".keys"))
    ws = VaultService(target, kdf=FAST_KDF, keyring=MemoryKeyring().store()
                      ).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        indexed, live = _indexed_and_live(ws)
        assert indexed == live > 0
        assert {h.where for h in ws.search.search("angelegt")} == {"Verlauf"}
    finally:
        ws.close()


def test_the_demo_vault_has_its_journal_indexed(tmp_path):
    ws = create_demo_vault(tmp_path / "demo.fallakte", 30, keyring=MemoryKeyring().store(),
                           kdf=FAST_KDF)
    try:
        indexed, live = _indexed_and_live(ws)
        assert indexed == live > 0
    finally:
        ws.close()
