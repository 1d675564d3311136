"""Encryption at rest: the vault file, its WAL and its sidecars never hold case data in clear."""

from __future__ import annotations

import base64
import secrets
import sqlite3
import unicodedata

import pytest
import sqlcipher3

from desktop.errors import WrongKeyError
from desktop.storage.engine import SQLITE_HEADER, connect
from desktop.storage.orm import Person
from desktop.storage.vault import Vault, VaultFiles
from tests.storage.helpers import data_key_from_passphrase
from tests.support import FAST_KDF, PASSPHRASE, USER

CANARY = "CANARY_Xyzzy"


def _encodings(text: str) -> list[bytes]:
    return [text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def _files_containing(directory, needles: list[bytes]) -> list[str]:
    hits = []
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            hits.extend(f"{path.name}: {needle!r}" for needle in needles if needle in data)
    return hits


def test_header_is_not_plaintext_sqlite(closed_vault):
    head = closed_vault.read_bytes()[:16]
    assert head != SQLITE_HEADER
    assert len(closed_vault.read_bytes()) % 4096 == 0


def test_stdlib_sqlite_cannot_read_the_vault(closed_vault):
    conn = sqlite3.connect(closed_vault)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("select * from sqlite_master").fetchall()
    finally:
        conn.close()


def test_sqlcipher_without_key_cannot_read_the_vault(closed_vault):
    conn = sqlcipher3.connect(str(closed_vault))
    try:
        with pytest.raises(sqlcipher3.DatabaseError):
            conn.execute("select * from sqlite_master").fetchall()
    finally:
        conn.close()


def test_sqlcipher_with_a_wrong_raw_key_cannot_read_the_vault(closed_vault):
    conn = sqlcipher3.connect(str(closed_vault))
    try:
        conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
        with pytest.raises(sqlcipher3.DatabaseError):
            conn.execute("select * from sqlite_master").fetchall()
    finally:
        conn.close()


def test_our_connect_with_a_wrong_key_raises_wrong_key(closed_vault):
    with pytest.raises(WrongKeyError):
        connect(closed_vault, secrets.token_bytes(32))


def test_the_right_key_reads_the_vault(closed_vault):
    conn = connect(closed_vault, data_key_from_passphrase(closed_vault))
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
    finally:
        conn.close()
    assert {"persons", "cases", "audit_events"} <= tables


def test_canary_is_in_no_file_while_open_and_after_close(vault, tmp_path):
    with vault.unit_of_work() as uow:
        uow.session.add(Person(family_name=CANARY, given_names=CANARY + "_given"))
        uow.audit("person.create", "person", None, {"fields": ["family_name"]})
    needles = _encodings(CANARY) + _encodings(CANARY.lower())

    # While open the change is in the WAL; that is encrypted too.
    assert VaultFiles(vault.path).sqlite_sidecars()[0].exists()
    assert _files_containing(tmp_path, needles) == []

    vault.close()
    names = {p.name for p in tmp_path.iterdir()}
    assert {"akte.fallakte", "akte.fallakte.keys", "akte.fallakte.head"} <= names
    assert _files_containing(tmp_path, needles) == []

    # The canary really is in the vault: the scan above was not vacuous.
    reopened = Vault(vault.path).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        with reopened.unit_of_work(write=False) as uow:
            assert uow.session.query(Person).filter_by(family_name=CANARY).count() == 1
    finally:
        reopened.close()


def test_key_file_holds_no_key_and_no_secret_in_clear(vault_factory):
    ov, recovery = vault_factory()
    data_key = ov._data_key
    assert data_key is not None
    keys_bytes = VaultFiles(ov.path).keys.read_bytes()
    head_bytes = VaultFiles(ov.path).head.read_bytes()
    forbidden = [data_key, data_key.hex().encode(), data_key.hex().upper().encode(),
                 base64.b64encode(data_key), base64.urlsafe_b64encode(data_key),
                 PASSPHRASE.encode(), recovery.encode(), recovery.replace("-", "").encode()]
    for needle in forbidden:
        assert needle not in keys_bytes
        assert needle not in head_bytes


def test_passphrase_is_unicode_normalised(vault_factory):
    composed = unicodedata.normalize("NFC", "Grüße aus Münster")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    ov, _ = vault_factory(passphrase=composed)
    ov.close()
    again = Vault(ov.path).unlock_with_passphrase(USER, decomposed)
    again.close()


def test_fast_kdf_is_what_the_tests_use():
    # A guard for the suite's speed, and that the product default is the strong one.
    from desktop.storage.keyslots import KdfParams

    assert FAST_KDF.memory_kib < KdfParams().memory_kib
    assert KdfParams().memory_kib >= 64 * 1024
