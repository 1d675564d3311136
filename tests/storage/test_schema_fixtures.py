"""Every committed fixture vault of an older (or the current) schema opens and migrates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.storage import migrate
from desktop.storage.orm import Case, Measure
from desktop.storage.vault import Vault
from tests.support import PASSPHRASE, USER, MemoryKeyring

SCHEMA_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema"
FIXTURES = sorted(SCHEMA_FIXTURES.glob("schema_*.fallakte"))


def test_the_current_schema_has_a_fixture() -> None:
    assert f"schema_{migrate.head_revision()}.fallakte" in {p.name for p in FIXTURES}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_vault_opens_and_reaches_the_newest_schema(fixture: Path, tmp_path) -> None:
    vault_path = tmp_path / fixture.name
    shutil.copyfile(fixture, vault_path)
    shutil.copyfile(fixture.with_name(fixture.name + ".keys"),
                    vault_path.with_name(vault_path.name + ".keys"))
    old_revision = fixture.stem.removeprefix("schema_")
    ov = Vault(vault_path, keyring=MemoryKeyring().store()).unlock_with_passphrase(
        USER, PASSPHRASE)
    try:
        with ov.unit_of_work(write=False) as uow:
            assert migrate.current_revision(uow.session.connection()) == \
                migrate.head_revision()
            assert uow.session.execute(select(func.count()).select_from(Case)).scalar() == 2
            # Two measures of the cases; from 0010 on a conference decision adds one more.
            assert uow.session.execute(select(func.count()).select_from(Measure)).scalar() >= 2
        assert ov.verify_audit().ok
        copies = list(tmp_path.glob(f"{fixture.name}.pre-migration-*"))
        if old_revision != migrate.head_revision():
            assert copies, "an older schema is copied before it is migrated"
        else:
            assert not copies
    finally:
        ov.close()


def test_schema_0001_becomes_the_residence_schema(tmp_path) -> None:
    """0001 → 0002: old persons get empty languages and address, the new tables take rows,
    and the verified copy made before migrating still holds the old schema."""
    from desktop.domain.residence import ReferenceInput, ReferenceKind
    from desktop.services.read_models import CaseQuery
    from desktop.services.workspace import Workspace
    from desktop.storage.orm import Person
    from tests.storage.helpers import data_key_from_passphrase, raw_connection

    fixture = SCHEMA_FIXTURES / "schema_0001.fallakte"
    vault_path = tmp_path / fixture.name
    shutil.copyfile(fixture, vault_path)
    shutil.copyfile(fixture.with_name(fixture.name + ".keys"),
                    vault_path.with_name(vault_path.name + ".keys"))
    ov = Vault(vault_path, keyring=MemoryKeyring().store()).unlock_with_passphrase(
        USER, PASSPHRASE)
    try:
        with ov.unit_of_work(write=False) as uow:
            people = uow.session.execute(select(Person.languages, Person.address)).all()
        assert people
        assert all(row == ("", "") for row in people)
        workspace = Workspace(ov)
        case_id = workspace.cases.query_ids(CaseQuery())[0]
        workspace.residence.add_reference(case_id,
                                          ReferenceInput(ReferenceKind.JVA, "JVA 7/26"))
        assert workspace.cases.query_ids(CaseQuery(search="JVA 7/26")) == [case_id]
        assert ov.verify_audit().ok
    finally:
        ov.close()
    [copy] = [p for p in tmp_path.glob(f"{fixture.name}.pre-migration-0001-*")
              if p.suffix != ".keys"]
    conn = raw_connection(copy, data_key_from_passphrase(copy))
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0001",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "duldungen" not in tables
    finally:
        conn.close()


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_older_schemas_get_the_person_keys_of_their_persons(revision: str, tmp_path) -> None:
    """→ 0003: the migration fills person_keys for every existing person (names and aliases)
    with the keys the program computes, so the duplicate check finds old cases at once."""
    from desktop.domain.cases import PersonInput
    from desktop.services.workspace import Workspace
    from desktop.storage.blocking_keys import person_keys
    from desktop.storage.orm import Alias, Person, PersonBlockingKey

    fixture = SCHEMA_FIXTURES / f"schema_{revision}.fallakte"
    vault_path = tmp_path / fixture.name
    shutil.copyfile(fixture, vault_path)
    shutil.copyfile(fixture.with_name(fixture.name + ".keys"),
                    vault_path.with_name(vault_path.name + ".keys"))
    ov = Vault(vault_path, keyring=MemoryKeyring().store()).unlock_with_passphrase(
        USER, PASSPHRASE)
    try:
        with ov.unit_of_work(write=False) as uow:
            session = uow.session
            persons = session.execute(select(Person)).scalars().all()
            assert len(persons) == 2
            for person in persons:
                aliases = session.execute(
                    select(Alias.family_name, Alias.given_names)
                    .where(Alias.person_id == person.id)).all()
                assert aliases  # the fixture gives every person an alias
                stored = set(session.execute(
                    select(PersonBlockingKey.key)
                    .where(PersonBlockingKey.person_id == person.id)).scalars())
                assert stored == set(person_keys(person.family_name, person.given_names,
                                                 person.birth_name, aliases))
        found = Workspace(ov).cases.duplicate_candidates(
            PersonInput("Musterfrau", "Djurdja"))
        assert [view.name for view in found] == ["Musterfrau, Đurđa"]
        assert ov.verify_audit().ok
    finally:
        ov.close()
