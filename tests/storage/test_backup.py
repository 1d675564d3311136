"""Backups (encrypted copies through SQLite's backup API) and restoring one."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import select

from desktop.errors import VaultExistsError, VaultInUseError, WrongPassphraseError
from desktop.storage.engine import SQLITE_HEADER, connect
from desktop.storage.keyslots import KeyFile
from desktop.storage.orm import Person
from desktop.storage.vault import Vault, VaultFiles, read_db_salt
from tests.storage.helpers import audit_events, data_key_from_passphrase, snapshot
from tests.support import FAST_KDF, PASSPHRASE, USER


def _names(ov) -> list[str]:
    with ov.unit_of_work(write=False) as uow:
        return sorted(uow.session.scalars(select(Person.family_name)))


def _add_person(ov, name: str) -> None:
    with ov.unit_of_work() as uow:
        uow.session.add(Person(family_name=name))
        uow.audit("person.create", "person", None, {"fields": ["family_name"]})


@pytest.fixture
def backed_up(vault, tmp_path):
    """An open vault with one person, backed up; then a second person added after the backup."""
    _add_person(vault, "Vorher")
    target = vault.backup(tmp_path / "sicherung" / "akte-1.fallakte")
    _add_person(vault, "Nachher")
    return vault, target


def test_backup_writes_database_and_key_file(backed_up, tmp_path):
    ov, target = backed_up
    assert target == tmp_path / "sicherung" / "akte-1.fallakte"
    assert sorted(p.name for p in target.parent.iterdir()) == ["akte-1.fallakte",
                                                               "akte-1.fallakte.keys"]
    assert target.read_bytes()[:16] != SQLITE_HEADER
    assert target.stat().st_mode & 0o077 == 0
    keys = KeyFile.load(VaultFiles(target).keys)
    assert keys.db_salt == read_db_salt(target)
    assert keys.vault_id == ov.vault_id
    backup_event = [e for e in audit_events(ov) if e.action == "vault.backup"]
    assert len(backup_event) == 1
    assert json.loads(backup_event[0].details) == {"to": "akte-1.fallakte"}


def test_backup_opens_with_the_same_passphrase_and_passes_the_checks(backed_up):
    _ov, target = backed_up
    copy = Vault(target).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert _names(copy) == ["Vorher"]
        report = copy.check()
        by_name = {item.name: item for item in report.items}
        for name in ("Verschlüsselung", "SQLCipher", "Verbindungseinstellungen",
                     "integrity_check", "cipher_integrity_check",
                     "Prüfprotokoll (Hash-Kette)", "Stand gegenüber Kopfdatei", "Dateirechte"):
            assert by_name[name].ok, (name, by_name[name].detail)
        assert copy.warnings == []
    finally:
        copy.close()


def test_backup_cannot_be_read_with_another_key(backed_up):
    _ov, target = backed_up
    from desktop.errors import WrongKeyError

    with pytest.raises(WrongKeyError):
        connect(target, bytes(32))


def test_backup_is_readable_with_the_vaults_data_key(backed_up):
    ov, target = backed_up
    conn = connect(target, ov._data_key)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_backup_refuses_an_existing_target(backed_up):
    ov, target = backed_up
    before = snapshot(target.parent)
    with pytest.raises(VaultExistsError):
        ov.backup(target)
    assert snapshot(target.parent) == before


def test_backup_refuses_an_existing_key_file(vault, tmp_path):
    target = tmp_path / "b" / "akte.fallakte"
    target.parent.mkdir()
    VaultFiles(target).keys.write_bytes(b"fremd")
    with pytest.raises(VaultExistsError):
        vault.backup(target)
    assert not target.exists()
    assert VaultFiles(target).keys.read_bytes() == b"fremd"


def test_backup_follows_later_passphrase_changes_only_when_taken_later(vault, tmp_path):
    """A backup carries the key slots of its moment."""
    first = vault.backup(tmp_path / "b1.fallakte")
    vault.close()
    Vault(vault.path).change_passphrase(USER, PASSPHRASE, "neu", kdf=FAST_KDF)
    Vault(first).unlock_with_passphrase(USER, PASSPHRASE).close()
    with pytest.raises(WrongPassphraseError):
        Vault(first).unlock_with_passphrase(USER, "neu")


# --- restore ----------------------------------------------------------------------------------

def test_restore_brings_back_the_old_state_and_keeps_the_current_files(backed_up):
    ov, target = backed_up
    path = ov.path
    assert _names(ov) == ["Nachher", "Vorher"]
    ov.close()
    current_db = path.read_bytes()
    current_key = data_key_from_passphrase(path)

    restored = Vault(path).restore_from(target, USER, PASSPHRASE)
    try:
        assert _names(restored) == ["Vorher"]
        assert restored.warnings == []
        chain = restored.verify_audit()
        assert chain.ok
        events = audit_events(restored)
        assert events[-1].action == "vault.restore"
        assert json.loads(events[-1].details)["from"] == "akte-1.fallakte"
        assert events[-1].actor_name == USER
        failing = [i.name for i in restored.check().items if not i.ok]
        assert failing == ["Schlüsselfächer"]  # only the deliberately weak test KDF
    finally:
        restored.close()

    kept_db = list(path.parent.glob(f"{path.name}.before-restore-*"))
    kept_keys = list(path.parent.glob(f"{path.name}.keys.before-restore-*"))
    assert len(kept_db) == 1
    assert len(kept_keys) == 1
    assert kept_db[0].read_bytes() == current_db
    conn = connect(kept_db[0], current_key)
    try:
        names = sorted(r[0] for r in conn.execute("SELECT family_name FROM persons"))
    finally:
        conn.close()
    assert names == ["Nachher", "Vorher"]


def test_restored_vault_opens_again_without_warning(backed_up):
    ov, target = backed_up
    ov.close()
    Vault(ov.path).restore_from(target, USER, PASSPHRASE).close()
    again = Vault(ov.path).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert again.warnings == []
        assert _names(again) == ["Vorher"]
    finally:
        again.close()


def test_restore_with_wrong_passphrase_changes_nothing(backed_up):
    ov, target = backed_up
    ov.close()
    before = snapshot(ov.path.parent)
    with pytest.raises(WrongPassphraseError):
        Vault(ov.path).restore_from(target, USER, "falsch")
    assert snapshot(ov.path.parent) == before
    assert not list(ov.path.parent.glob("*.before-restore-*"))


def test_restore_while_the_vault_is_open_is_refused(backed_up):
    ov, target = backed_up
    before = snapshot(ov.path.parent)
    with pytest.raises(VaultInUseError):
        Vault(ov.path).restore_from(target, USER, PASSPHRASE)
    assert not list(ov.path.parent.glob("*.before-restore-*"))
    assert snapshot(ov.path.parent).keys() == before.keys()
    assert _names(ov) == ["Nachher", "Vorher"]


def test_restore_onto_an_empty_place(backed_up, tmp_path):
    ov, target = backed_up
    ov.close()
    fresh = tmp_path / "neu" / "akte.fallakte"
    fresh.parent.mkdir()
    restored = Vault(fresh).restore_from(target, USER, PASSPHRASE)
    try:
        assert _names(restored) == ["Vorher"]
    finally:
        restored.close()
    assert not list(fresh.parent.glob("*.before-restore-*"))


def test_copy_of_a_closed_vault_is_a_usable_backup_too(closed_vault, tmp_path):
    """A plain file copy (db + keys) of a closed vault opens: close leaves no WAL behind."""
    files = VaultFiles(closed_vault)
    assert not any(p.exists() for p in files.sqlite_sidecars())
    copy = tmp_path / "kopie" / "akte.fallakte"
    copy.parent.mkdir()
    shutil.copyfile(files.db, copy)
    shutil.copyfile(files.keys, VaultFiles(copy).keys)
    Vault(copy).unlock_with_passphrase(USER, PASSPHRASE).close()


def test_restore_only_reads_the_backup(backed_up):
    """The backup is verified through a staging copy; its own files stay byte-identical."""
    ov, target = backed_up
    ov.close()
    backup_dir = target.parent / "nur-lesen"
    backup_dir.mkdir()
    moved = backup_dir / target.name
    shutil.move(target, moved)
    shutil.move(target.with_name(target.name + ".keys"), backup_dir / (target.name + ".keys"))
    before = snapshot(backup_dir)
    restored = Vault(ov.path).restore_from(moved, USER, PASSPHRASE)
    try:
        assert snapshot(backup_dir) == before
        assert not list(ov.path.parent.glob(".*.restore-*"))
    finally:
        restored.close()
