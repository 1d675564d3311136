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

FIXTURES = sorted(Path(__file__).with_name("fixtures").glob("schema_*.fallakte"))


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
            assert uow.session.execute(select(func.count()).select_from(Measure)).scalar() == 2
        assert ov.verify_audit().ok
        copies = list(tmp_path.glob(f"{fixture.name}.pre-migration-*"))
        if old_revision != migrate.head_revision():
            assert copies, "an older schema is copied before it is migrated"
        else:
            assert not copies
    finally:
        ov.close()
