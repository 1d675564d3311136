"""Failure modes of unlocking: each raises its own error and leaves the files as they were."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.errors import (
    DamagedVaultError,
    KeyFileError,
    PlaintextDatabaseError,
    ReadOnlyLocationError,
    UnknownUserError,
    VaultExistsError,
    VaultInUseError,
    VaultNotFoundError,
    WrongKeyError,
    WrongPassphraseError,
)
from desktop.storage.lockfile import InstanceLock
from desktop.storage.orm import Person
from desktop.storage.vault import Vault, VaultFiles
from tests.storage.helpers import flip_bytes, sha256, snapshot, truncate
from tests.support import PASSPHRASE, USER, make_vault

PAGE = 4096


def _unlock(path: Path, user: str | None = USER, passphrase: str = PASSPHRASE):
    return Vault(path).unlock_with_passphrase(user, passphrase)


def _assert_unlock_fails_unchanged(path: Path, error: type[Exception],
                                   user: str | None = USER,
                                   passphrase: str = PASSPHRASE) -> pytest.ExceptionInfo:
    before = snapshot(path.parent)
    with pytest.raises(error) as info:
        _unlock(path, user, passphrase)
    assert type(info.value) is error
    assert snapshot(path.parent) == before
    # Whatever failed, the instance lock was given back.
    lock = InstanceLock(VaultFiles(path).lock)
    lock.acquire()
    lock.release()
    return info


@pytest.fixture
def big_vault(vault_factory) -> Path:
    """A closed vault of several dozen pages, so that 'a later page' exists."""
    ov, _ = vault_factory()
    with ov.unit_of_work() as uow:
        for i in range(400):
            uow.session.add(Person(family_name=f"Nachname {i:04d}", given_names="Vorname " * 4))
    ov.close()
    assert ov.path.stat().st_size >= 20 * PAGE
    return ov.path


# --- wrong secrets ----------------------------------------------------------------------------

def test_wrong_passphrase(closed_vault):
    _assert_unlock_fails_unchanged(closed_vault, WrongPassphraseError,
                                   passphrase=PASSPHRASE + "x")
    _unlock(closed_vault).close()


def test_wrong_passphrase_without_user_name(closed_vault):
    _assert_unlock_fails_unchanged(closed_vault, WrongPassphraseError, user=None,
                                   passphrase="falsch")


def test_unknown_user(closed_vault):
    info = _assert_unlock_fails_unchanged(closed_vault, UnknownUserError, user="berta")
    assert info.value.detail == "berta"
    _unlock(closed_vault).close()


def test_user_name_is_matched_case_insensitively(closed_vault):
    _unlock(closed_vault, user="  ANNA ").close()


# --- damaged database file --------------------------------------------------------------------

@pytest.mark.parametrize("size", [0, 1000, PAGE - 1, PAGE + 1, 3 * PAGE + 100])
def test_truncated_to_a_partial_page_is_damaged(big_vault, size):
    truncate(big_vault, size)
    _assert_unlock_fails_unchanged(big_vault, DamagedVaultError)


@pytest.mark.parametrize("pages", [1, 3])
def test_truncated_to_whole_pages_is_damaged(big_vault, pages):
    truncate(big_vault, pages * PAGE)
    _assert_unlock_fails_unchanged(big_vault, DamagedVaultError)


def test_last_page_cut_off_is_damaged(big_vault):
    truncate(big_vault, big_vault.stat().st_size - PAGE)
    _assert_unlock_fails_unchanged(big_vault, DamagedVaultError)


@pytest.mark.parametrize("offset", [17, 100, 2000, PAGE - 100])
def test_bytes_flipped_in_page_one(big_vault, offset):
    flip_bytes(big_vault, offset)
    _assert_unlock_fails_unchanged(big_vault, DamagedVaultError)


@pytest.mark.parametrize("page", [2, 7, -1])
def test_bytes_flipped_in_a_later_page(big_vault, page):
    pages = big_vault.stat().st_size // PAGE
    index = page if page > 0 else pages  # -1: the last page
    flip_bytes(big_vault, (index - 1) * PAGE + PAGE // 2)
    info = _assert_unlock_fails_unchanged(big_vault, DamagedVaultError)
    assert "cipher_integrity_check" in info.value.detail or "malformed" in info.value.detail


def test_large_vault_damage_surfaces_when_read_and_in_the_check(big_vault, monkeypatch):
    """Above the full-check size the unlock skips the page scan; damage is still caught."""
    monkeypatch.setattr("desktop.storage.vault.FULL_CHECK_MAX_BYTES", 0)
    pages = big_vault.stat().st_size // PAGE
    flip_bytes(big_vault, (pages - 2) * PAGE + PAGE // 2)
    ov = _unlock(big_vault)
    try:
        failed = {item.name for item in ov.check().items if not item.ok}
        assert "cipher_integrity_check" in failed
        # Reading the damaged page (integrity_check reads every page in use) is refused.
        with pytest.raises(DamagedVaultError), ov.unit_of_work(write=False) as uow:
            uow.session.execute(text("PRAGMA integrity_check")).all()
    finally:
        ov.close()


def test_damaged_vault_is_never_replaced_by_a_new_one(big_vault):
    truncate(big_vault, 1000)
    with pytest.raises(DamagedVaultError):
        _unlock(big_vault)
    assert big_vault.stat().st_size == 1000
    with pytest.raises(VaultExistsError):
        make_vault(big_vault)
    assert big_vault.stat().st_size == 1000


# --- plaintext, key file, missing file --------------------------------------------------------

def test_plaintext_sqlite_at_the_vault_path_is_refused(closed_vault, tmp_path):
    other = tmp_path / "klartext" / "akte.fallakte"
    other.parent.mkdir()
    plain = sqlite3.connect(other)
    plain.execute("create table persons (family_name text)")
    plain.execute("insert into persons values ('Klartext')")
    plain.commit()
    plain.close()
    shutil.copyfile(VaultFiles(closed_vault).keys, VaultFiles(other).keys)
    plain_sha = sha256(other)
    info = _assert_unlock_fails_unchanged(other, PlaintextDatabaseError)
    assert sha256(other) == plain_sha
    assert str(other) in info.value.detail
    assert other.read_bytes().startswith(b"SQLite format 3\x00")


def test_missing_key_file(closed_vault):
    VaultFiles(closed_vault).keys.unlink()
    _assert_unlock_fails_unchanged(closed_vault, KeyFileError)


@pytest.mark.parametrize("garbage", [b"", b"\x00\xff garbage", b"{}", b"[]",
                                     b'{"format": "something-else", "version": 1}',
                                     b'{"format": "fallakte-rrk-keyslots", "version": 99}'])
def test_garbage_key_file(closed_vault, garbage):
    VaultFiles(closed_vault).keys.write_bytes(garbage)
    _assert_unlock_fails_unchanged(closed_vault, KeyFileError)


def test_key_file_of_another_vault(closed_vault, tmp_path):
    other, _ = make_vault(tmp_path / "andere" / "akte.fallakte")  # same passphrase on purpose
    other.close()
    shutil.copyfile(VaultFiles(other.path).keys, VaultFiles(closed_vault).keys)
    info = _assert_unlock_fails_unchanged(closed_vault, WrongKeyError)
    assert "salt" in info.value.detail


def test_key_check_mismatch_is_a_key_file_error(closed_vault, tmp_path):
    """A key file whose key check does not fit the unwrapped key is refused as damaged."""
    import dataclasses

    from desktop.storage.keyslots import KeyFile

    path = VaultFiles(closed_vault).keys
    keys = KeyFile.load(path)
    dataclasses.replace(keys, key_check="0" * 64).save(path)
    _assert_unlock_fails_unchanged(closed_vault, KeyFileError)


def test_missing_database_file(closed_vault):
    closed_vault.unlink()
    before = snapshot(closed_vault.parent)
    with pytest.raises(VaultNotFoundError):
        _unlock(closed_vault)
    assert not closed_vault.exists()
    assert not any(p.exists() for p in VaultFiles(closed_vault).sqlite_sidecars())
    assert snapshot(closed_vault.parent) == before


def test_missing_directory(tmp_path):
    path = tmp_path / "nirgends" / "akte.fallakte"
    with pytest.raises(VaultNotFoundError):
        _unlock(path)
    assert not path.parent.exists()


# --- one instance at a time -------------------------------------------------------------------

def test_second_instance_is_refused_while_open(vault):
    before = snapshot(vault.path.parent)
    with pytest.raises(VaultInUseError):
        _unlock(vault.path)
    assert snapshot(vault.path.parent) == before
    assert vault.verify_audit().ok  # the first instance is unharmed
    vault.close()
    _unlock(vault.path).close()


def test_create_refuses_an_open_vault(vault):
    with pytest.raises(VaultExistsError):
        make_vault(vault.path)


# --- create refuses existing files ------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", ".keys", "-wal", "-shm"])
def test_create_refuses_an_existing_file(tmp_path, suffix):
    path = tmp_path / "akte.fallakte"
    occupied = path.with_name(path.name + suffix)
    occupied.write_bytes(b"wichtige Daten, nicht anfassen")
    before = snapshot(tmp_path)
    with pytest.raises(VaultExistsError):
        make_vault(path)
    assert snapshot(tmp_path) == before
    assert occupied.read_bytes() == b"wichtige Daten, nicht anfassen"


def test_create_refuses_an_existing_vault(closed_vault):
    before = snapshot(closed_vault.parent)
    with pytest.raises(VaultExistsError):
        make_vault(closed_vault)
    assert snapshot(closed_vault.parent) == before
    _unlock(closed_vault).close()


# --- read-only location -----------------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_location_with_real_permissions(closed_vault):
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    directory = closed_vault.parent
    before = snapshot(directory)
    os.chmod(closed_vault, 0o400)
    os.chmod(directory, 0o500)
    try:
        with pytest.raises(ReadOnlyLocationError):
            _unlock(closed_vault)
    finally:
        os.chmod(directory, 0o700)
        os.chmod(closed_vault, 0o600)
    assert snapshot(directory) == before


def _deny_writes_under(monkeypatch, directory: Path) -> None:
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).is_relative_to(directory):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_read_only_location_is_reported_before_opening(closed_vault, monkeypatch):
    """Runs as root too: the vault asks ``os.access`` before it writes anything."""
    before = snapshot(closed_vault.parent)
    _deny_writes_under(monkeypatch, closed_vault.parent)
    with pytest.raises(ReadOnlyLocationError):
        _unlock(closed_vault)
    monkeypatch.undo()
    assert snapshot(closed_vault.parent) == before
    _unlock(closed_vault).close()


def test_create_in_a_read_only_location(tmp_path, monkeypatch):
    _deny_writes_under(monkeypatch, tmp_path)
    with pytest.raises(ReadOnlyLocationError):
        make_vault(tmp_path / "akte.fallakte")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
