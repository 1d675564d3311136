"""Key slots: passphrase change, recovery code, keyring slot, several users, the lock file."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import (
    KeyFileError,
    KeyringUnavailableError,
    UnknownUserError,
    VaultError,
    VaultInUseError,
    WrongKeyError,
    WrongPassphraseError,
)
from desktop.storage import keyslots
from desktop.storage.engine import connect
from desktop.storage.keyring_store import SERVICE, KeyringStore, account_name
from desktop.storage.keyslots import KdfParams, KeyFile, KeySlot, VaultUser
from desktop.storage.lockfile import InstanceLock
from desktop.storage.vault import Vault, VaultFiles
from tests.storage.helpers import audit_events, sha256
from tests.support import FAST_KDF, PASSPHRASE, USER, MemoryKeyring

NEW_PASSPHRASE = "Lindenstraße 12 im Frühling"


# --- passphrase change ------------------------------------------------------------------------

def test_change_passphrase_rewraps_without_touching_the_database(closed_vault):
    files = VaultFiles(closed_vault)
    db_before = sha256(files.db)
    keys_before = KeyFile.load(files.keys)

    Vault(closed_vault).change_passphrase(USER, PASSPHRASE, NEW_PASSPHRASE, kdf=FAST_KDF)

    assert sha256(files.db) == db_before
    keys_after = KeyFile.load(files.keys)
    assert keys_after.vault_id == keys_before.vault_id
    assert keys_after.key_check == keys_before.key_check
    assert keys_after.slots_of("recovery") == keys_before.slots_of("recovery")
    user_id = keys_after.users[0].user_id
    assert len(keys_after.slots_of("passphrase", user_id)) == 1
    assert keys_after.slots_of("passphrase") != keys_before.slots_of("passphrase")

    with pytest.raises(WrongPassphraseError):
        Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    Vault(closed_vault).unlock_with_passphrase(USER, NEW_PASSPHRASE).close()


def test_change_passphrase_with_wrong_old_passphrase(closed_vault):
    files = VaultFiles(closed_vault)
    keys_before, db_before = sha256(files.keys), sha256(files.db)
    with pytest.raises(WrongPassphraseError):
        Vault(closed_vault).change_passphrase(USER, "nicht die alte", NEW_PASSPHRASE,
                                              kdf=FAST_KDF)
    assert (sha256(files.keys), sha256(files.db)) == (keys_before, db_before)
    Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE).close()


def test_change_passphrase_of_unknown_user(closed_vault):
    keys_before = sha256(VaultFiles(closed_vault).keys)
    with pytest.raises(UnknownUserError):
        Vault(closed_vault).change_passphrase("berta", PASSPHRASE, NEW_PASSPHRASE, kdf=FAST_KDF)
    assert sha256(VaultFiles(closed_vault).keys) == keys_before


def test_change_passphrase_keeps_the_old_kdf_params_by_default(closed_vault):
    Vault(closed_vault).change_passphrase(USER, PASSPHRASE, NEW_PASSPHRASE)
    slot = KeyFile.load(VaultFiles(closed_vault).keys).slots_of("passphrase")[0]
    assert slot.kdf == FAST_KDF


# --- recovery code ----------------------------------------------------------------------------

def test_recovery_code_has_the_documented_shape(vault_factory):
    _ov, code = vault_factory()
    groups = code.split("-")
    assert len(groups) == 8
    assert all(len(g) == 5 and set(g) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
               for g in groups)
    assert keyslots.normalise_recovery_code(code) == code


@pytest.mark.parametrize("spelling", [
    lambda c: c,
    lambda c: c.lower(),
    lambda c: c.replace("-", " "),
    lambda c: "  " + c.replace("-", "").lower() + "\n",
])
def test_unlock_with_recovery_code_spellings(vault_factory, spelling):
    ov, code = vault_factory()
    ov.close()
    opened = Vault(ov.path).unlock_with_recovery(USER, spelling(code))
    try:
        last = audit_events(opened)[-1]
        assert (last.action, json.loads(last.details)) == ("vault.unlock",
                                                           {"method": "recovery"})
        assert last.actor_name == USER
    finally:
        opened.close()


def test_wrong_recovery_code(vault_factory):
    ov, code = vault_factory()
    ov.close()
    wrong = ("B" if code[0] != "B" else "C") + code[1:]
    before = sha256(VaultFiles(ov.path).keys)
    with pytest.raises(WrongPassphraseError):
        Vault(ov.path).unlock_with_recovery(USER, wrong)
    with pytest.raises(WrongPassphraseError):
        Vault(ov.path).unlock_with_recovery(USER, PASSPHRASE)
    assert sha256(VaultFiles(ov.path).keys) == before


def test_recovery_for_unknown_user(vault_factory):
    ov, code = vault_factory()
    ov.close()
    with pytest.raises(UnknownUserError):
        Vault(ov.path).unlock_with_recovery("berta", code)


def test_new_recovery_code_invalidates_the_old_one(vault_factory):
    ov, old_code = vault_factory()
    new_code = ov.new_recovery_code()
    assert new_code != old_code
    assert len(ov.keys.slots_of("recovery")) == 1
    assert audit_events(ov)[-1].action == "vault.recovery_renew"
    ov.close()
    with pytest.raises(WrongPassphraseError):
        Vault(ov.path).unlock_with_recovery(USER, old_code)
    Vault(ov.path).unlock_with_recovery(USER, new_code).close()
    Vault(ov.path).unlock_with_passphrase(USER, PASSPHRASE).close()


# --- keyring slot -----------------------------------------------------------------------------

def test_keyring_slot_unlocks_and_holds_no_data_key(vault_factory, memory_keyring):
    ov, _ = vault_factory()
    store = memory_keyring.store()
    assert store.available
    data_key = ov._data_key
    assert data_key is not None
    ov.enable_keyring()
    assert ov.vault.has_keyring_slot(USER)
    assert audit_events(ov)[-1].action == "vault.keyring_enable"
    ov.close()

    ((service, account), stored), = memory_keyring.secrets.items()
    slot = KeyFile.load(VaultFiles(ov.path).keys).slots_of("keyring")[0]
    assert service == SERVICE
    assert account == account_name(ov.vault_id, slot.slot_id)
    secret = base64.b64decode(stored)
    assert len(secret) == 32
    assert secret != data_key
    assert stored.encode() not in VaultFiles(ov.path).keys.read_bytes()
    with pytest.raises(WrongKeyError):
        connect(ov.path, secret)  # the keyring secret alone does not open the database

    opened = Vault(ov.path, keyring=store).unlock_with_keyring(USER)
    try:
        assert opened._data_key == data_key
        assert json.loads(audit_events(opened)[-1].details) == {"method": "keyring"}
    finally:
        opened.close()


def test_disable_keyring_removes_slot_and_secret(vault_factory, memory_keyring):
    ov, _ = vault_factory()
    ov.enable_keyring()
    ov.disable_keyring()
    assert memory_keyring.secrets == {}
    assert not ov.vault.has_keyring_slot(USER)
    ov.close()
    with pytest.raises(KeyringUnavailableError):
        Vault(ov.path, keyring=memory_keyring.store()).unlock_with_keyring(USER)


def test_enable_keyring_twice_replaces_the_slot(vault_factory, memory_keyring):
    ov, _ = vault_factory()
    ov.enable_keyring()
    ov.enable_keyring()
    assert len(ov.keys.slots_of("keyring")) == 1
    assert len(memory_keyring.secrets) == 1
    ov.close()
    Vault(ov.path, keyring=memory_keyring.store()).unlock_with_keyring(USER).close()


def test_keyring_secret_lost(vault_factory, memory_keyring):
    ov, _ = vault_factory()
    ov.enable_keyring()
    ov.close()
    memory_keyring.secrets.clear()
    with pytest.raises(KeyringUnavailableError):
        Vault(ov.path, keyring=memory_keyring.store()).unlock_with_keyring(USER)
    Vault(ov.path).unlock_with_passphrase(USER, PASSPHRASE).close()


def test_keyring_secret_of_another_slot_does_not_unwrap(vault_factory, memory_keyring):
    ov, _ = vault_factory()
    ov.enable_keyring()
    ov.close()
    (entry,) = memory_keyring.secrets
    memory_keyring.secrets[entry] = base64.b64encode(bytes(32)).decode()
    with pytest.raises(KeyringUnavailableError):
        Vault(ov.path, keyring=memory_keyring.store()).unlock_with_keyring(USER)


def test_system_keyring_under_the_null_backend(vault_factory, memory_keyring):
    system = KeyringStore.system()
    assert system.available is False
    ov, _ = vault_factory()
    ov.enable_keyring()  # a slot made with the in-memory keyring
    ov.close()
    with pytest.raises(KeyringUnavailableError):
        Vault(ov.path, keyring=system).unlock_with_keyring(USER)
    Vault(ov.path, keyring=system).unlock_with_passphrase(USER, PASSPHRASE).close()


def test_enable_keyring_without_a_keyring_changes_nothing(closed_vault):
    opened = Vault(closed_vault, keyring=KeyringStore.system()).unlock_with_passphrase(
        USER, PASSPHRASE)
    keys_before = sha256(VaultFiles(closed_vault).keys)
    try:
        with pytest.raises(KeyringUnavailableError):
            opened.enable_keyring()
    finally:
        opened.close()
    assert sha256(VaultFiles(closed_vault).keys) == keys_before


def test_untrusted_backend_not_on_the_allow_list_is_unavailable():
    backend = MemoryKeyring()
    store = KeyringStore(backend)
    assert store.available is False
    with pytest.raises(KeyringUnavailableError):
        store.new_secret("vault:x:slot:y")
    assert backend.secrets == {}
    assert KeyringStore(backend, trusted=True).available is True


def test_keyring_unlock_of_unknown_user(vault_factory, memory_keyring):
    ov, _ = vault_factory()
    ov.close()
    with pytest.raises(UnknownUserError):
        Vault(ov.path, keyring=memory_keyring.store()).unlock_with_keyring("berta")


# --- several users ----------------------------------------------------------------------------

def test_second_user_unlocks_with_own_passphrase_and_is_named_in_the_audit(vault):
    lead = vault.add_user("leitung", "Lea Leitung", "lead", "andere passphrase", kdf=FAST_KDF)
    assert [u.name for u in vault.vault.users()] == [USER, "leitung"]
    add = audit_events(vault)[-1]
    assert (add.action, add.entity_id, add.actor_name) == ("vault.user_add", lead.user_id, USER)
    vault.close()

    with pytest.raises(WrongPassphraseError):
        Vault(vault.path).unlock_with_passphrase("leitung", PASSPHRASE)
    as_lead = Vault(vault.path).unlock_with_passphrase("leitung", "andere passphrase")
    try:
        assert as_lead.actor.name == "leitung"
        with as_lead.unit_of_work() as uow:
            uow.audit("case.update", "case", "c-1", {"fields": ["status"]})
        last = audit_events(as_lead)[-1]
        assert (last.actor_name, last.actor_role, last.actor_id) == ("leitung", "lead",
                                                                     lead.user_id)
    finally:
        as_lead.close()


def test_unlock_without_name_finds_the_right_user(vault):
    vault.add_user("leitung", "Lea Leitung", "lead", "andere passphrase", kdf=FAST_KDF)
    vault.close()
    for passphrase, name, role in ((PASSPHRASE, USER, "caseworker"),
                                   ("andere passphrase", "leitung", "lead")):
        opened = Vault(vault.path).unlock_with_passphrase(None, passphrase)
        try:
            assert (opened.actor.name, opened.actor.role) == (name, role)
            last = audit_events(opened)[-1]
            assert (last.action, last.actor_name, last.actor_role) == ("vault.unlock", name,
                                                                       role)
        finally:
            opened.close()
    with pytest.raises(WrongPassphraseError):
        Vault(vault.path).unlock_with_passphrase(None, "keine von beiden")


def test_duplicate_user_name_is_refused(vault):
    keys_before = sha256(VaultFiles(vault.path).keys)
    with pytest.raises(VaultError):
        vault.add_user("ANNA", "Noch eine Anna", "caseworker", "egal", kdf=FAST_KDF)
    assert sha256(VaultFiles(vault.path).keys) == keys_before


def test_passphrase_change_of_one_user_leaves_the_other(vault):
    vault.add_user("leitung", "Lea Leitung", "lead", "andere passphrase", kdf=FAST_KDF)
    vault.close()
    Vault(vault.path).change_passphrase("leitung", "andere passphrase", "neu", kdf=FAST_KDF)
    Vault(vault.path).unlock_with_passphrase(USER, PASSPHRASE).close()
    Vault(vault.path).unlock_with_passphrase("leitung", "neu").close()


# --- slots are bound to their vault, kind and user --------------------------------------------

def test_slot_cannot_be_moved_to_another_vault_or_user():
    data_key = keyslots.new_data_key()
    slot = keyslots.passphrase_slot("vault-a", data_key, "pw", "user-1", FAST_KDF)
    assert keyslots.open_with_secret(slot, "vault-a", "pw") == data_key
    with pytest.raises(WrongPassphraseError):
        keyslots.open_with_secret(slot, "vault-b", "pw")
    with pytest.raises(WrongPassphraseError):
        keyslots.open_with_secret(dataclasses.replace(slot, user_id="user-2"), "vault-a", "pw")
    with pytest.raises(WrongPassphraseError):
        keyslots.open_with_secret(dataclasses.replace(slot, kind="recovery"), "vault-a", "pw")
    with pytest.raises(KeyFileError):
        keyslots.open_with_secret(dataclasses.replace(slot, kdf=None), "vault-a", "pw")


def test_key_check_tells_keys_apart():
    key = keyslots.new_data_key()
    keys = KeyFile(vault_id="v", key_check=keyslots.key_check("v", key))
    assert keys.matches(key)
    assert not keys.matches(keyslots.new_data_key())
    assert keyslots.key_check("v", key) != keyslots.key_check("w", key)


def test_key_file_is_private_and_written_atomically(closed_vault):
    path = VaultFiles(closed_vault).keys
    assert path.stat().st_mode & 0o077 == 0
    assert [p.name for p in closed_vault.parent.iterdir() if p.name.endswith(".tmp")] == []


# --- lock file --------------------------------------------------------------------------------

def test_instance_lock_is_exclusive(tmp_path):
    path = tmp_path / "akte.fallakte.lock"
    first, second = InstanceLock(path), InstanceLock(path)
    first.acquire()
    assert first.held
    first.acquire()  # idempotent for the holder
    with pytest.raises(VaultInUseError):
        second.acquire()
    assert not second.held
    first.release()
    assert not first.held
    with second:
        assert second.held
        with pytest.raises(VaultInUseError):
            first.acquire()
    assert not second.held
    first.acquire()
    first.release()


def test_closing_a_vault_releases_its_lock(vault):
    lock = InstanceLock(VaultFiles(vault.path).lock)
    with pytest.raises(VaultInUseError):
        lock.acquire()
    vault.close()
    lock.acquire()
    lock.release()


# --- properties -------------------------------------------------------------------------------

_text = st.text(max_size=20)
_bytes = st.binary(max_size=48)
_kdf = st.builds(KdfParams, time_cost=st.integers(1, 10), memory_kib=st.integers(8, 1 << 20),
                 parallelism=st.integers(1, 16))


@st.composite
def _slots(draw: st.DrawFn) -> KeySlot:
    kdf = draw(st.none() | _kdf)
    return KeySlot(slot_id=draw(_text), kind=draw(st.sampled_from(["passphrase", "keyring",
                                                                   "recovery"])),
                   nonce=draw(_bytes), wrapped_key=draw(_bytes),
                   user_id=draw(st.none() | _text),
                   salt=draw(_bytes) if kdf is not None else b"", kdf=kdf,
                   created_at=draw(_text))


_key_files = st.builds(
    KeyFile, vault_id=_text, key_check=_text, db_salt=_text,
    users=st.lists(st.builds(VaultUser, _text, _text, _text, _text), max_size=3).map(tuple),
    slots=st.lists(_slots(), max_size=4).map(tuple), created_at=_text)


@settings(max_examples=200, deadline=None)
@given(_key_files)
def test_key_file_round_trips(keys):
    assert KeyFile.from_bytes(keys.to_bytes()) == keys


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12)


@st.composite
def _damaged_key_files(draw: st.DrawFn) -> bytes:
    """Real key files with one part replaced by arbitrary JSON, or arbitrary bytes."""
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return draw(st.binary(max_size=64))
    doc = json.loads(draw(_key_files).to_bytes())
    if choice == 1:
        doc[draw(st.sampled_from(sorted(doc)))] = draw(_json)
    elif doc["slots"]:
        slot = doc["slots"][0]
        slot[draw(st.sampled_from(sorted(slot)))] = draw(_json)
    return json.dumps(doc).encode()


@settings(max_examples=300, deadline=None)
@given(_damaged_key_files())
def test_damaged_key_file_is_a_key_file_error_or_loads(data):
    """Whatever is in the file: a KeyFile or KeyFileError, never another exception."""
    with contextlib.suppress(KeyFileError):
        assert isinstance(KeyFile.from_bytes(data), KeyFile)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalise_recovery_code_is_idempotent(code):
    once = keyslots.normalise_recovery_code(code)
    assert keyslots.normalise_recovery_code(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=40, max_size=40),
       st.sampled_from(["-", " ", "", " - "]), st.booleans())
def test_normalise_recovery_code_ignores_separators_and_case(raw, separator, lower):
    canonical = "-".join(raw[i:i + 5] for i in range(0, 40, 5))
    typed = separator.join(raw[i:i + 5] for i in range(0, 40, 5))
    typed = typed.lower() if lower else typed
    assert keyslots.normalise_recovery_code(typed) == canonical


# --- new passphrase after a recovery unlock ---------------------------------------------------

def test_set_passphrase_rewraps_the_key_in_memory(vault_factory):
    ov, code = vault_factory()
    ov.close()
    files = VaultFiles(ov.path)
    salt_before = files.db.read_bytes()[:16]
    keys_before = KeyFile.load(files.keys)

    opened = Vault(ov.path).unlock_with_recovery(USER, code)
    try:
        opened.set_passphrase(NEW_PASSPHRASE)
        assert audit_events(opened)[-1].action == "vault.passphrase_reset"
        assert audit_events(opened)[-1].actor_name == USER
    finally:
        opened.close()

    assert files.db.read_bytes()[:16] == salt_before  # SQLCipher's salt: same database key
    keys_after = KeyFile.load(files.keys)
    assert keys_after.key_check == keys_before.key_check
    assert keys_after.slots_of("recovery") == keys_before.slots_of("recovery")
    (slot,) = keys_after.slots_of("passphrase", keys_after.users[0].user_id)
    assert slot.kdf == FAST_KDF  # the previous slot's parameters
    assert slot not in keys_before.slots
    with pytest.raises(WrongPassphraseError):
        Vault(ov.path).unlock_with_passphrase(USER, PASSPHRASE)
    Vault(ov.path).unlock_with_passphrase(USER, NEW_PASSPHRASE).close()
    Vault(ov.path).unlock_with_recovery(USER, code).close()


def test_set_passphrase_leaves_other_users(vault):
    vault.add_user("leitung", "Lea Leitung", "lead", "andere passphrase", kdf=FAST_KDF)
    vault.set_passphrase(NEW_PASSPHRASE, kdf=FAST_KDF)
    vault.close()
    Vault(vault.path).unlock_with_passphrase("leitung", "andere passphrase").close()
    Vault(vault.path).unlock_with_passphrase(USER, NEW_PASSPHRASE).close()
