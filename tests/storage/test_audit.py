"""The audit hash chain: append-only, tamper-evident, transactional, head kept outside."""

from __future__ import annotations

import itertools
import json
import shutil

import pytest
import sqlcipher3
from sqlalchemy import exc as sa_exc
from sqlalchemy import select

from desktop.storage import audit
from desktop.storage.audit import GENESIS, AuditHead
from desktop.storage.orm import AuditEvent, Person
from desktop.storage.vault import Vault, VaultFiles
from tests.storage.helpers import audit_count, audit_events, raw_connection
from tests.support import PASSPHRASE, USER

HEAD_ITEM = "Stand gegenüber Kopfdatei"
COLUMNS = ("id", "at", "actor_id", "actor_name", "actor_role", "action", "entity_type",
           "entity_id", "details", "prev_hash", "hash")


def _add_events(ov, n: int = 4) -> None:
    for i in range(n):
        with ov.unit_of_work() as uow:
            uow.audit("case.update", "case", f"case-{i}", {"fields": ["x"], "n": i})


@pytest.fixture
def chained(vault):
    """An open vault with at least five chained events, and a raw connection without the
    append-only triggers (as an attacker with the key would have)."""
    _add_events(vault)
    assert audit_count(vault) >= 5
    assert vault.verify_audit().ok
    conn = raw_connection(vault.path, vault._data_key)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    yield vault, conn
    conn.close()


def _row(conn, seq: int) -> tuple:
    return conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_events WHERE seq = ?",
                        (seq,)).fetchone()


def _check_item(ov):
    return next(item for item in ov.check().items if item.name == HEAD_ITEM)


# --- the chain --------------------------------------------------------------------------------

def test_chain_links_every_event_to_its_predecessor(vault):
    _add_events(vault)
    events = audit_events(vault)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS
    assert events[0].action == "vault.create"
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    for event in events:
        assert event.hash == audit.chain_hash(event.prev_hash, audit.event_body(event))
    report = vault.verify_audit()
    assert (report.ok, report.count, report.first_bad_seq) == (True, len(events), None)
    assert report.head == AuditHead(events[-1].seq, events[-1].hash)


def test_event_records_actor_and_details(vault):
    with vault.unit_of_work() as uow:
        uow.audit("case.update", "case", "id", {"fields": ["x"]})
    last = audit_events(vault)[-1]
    assert (last.action, last.entity_type, last.entity_id) == ("case.update", "case", "id")
    assert json.loads(last.details) == {"fields": ["x"]}
    assert (last.actor_name, last.actor_role) == (USER, "caseworker")
    assert last.actor_id == vault.actor.user_id


def test_verify_walks_in_batches(vault):
    _add_events(vault, 7)
    with vault.unit_of_work(write=False) as uow:
        report = audit.verify(uow.session, batch=2)
    assert report.ok
    assert report.count == audit_count(vault)


def test_triggers_forbid_update_and_delete(vault):
    _add_events(vault, 2)
    conn = raw_connection(vault.path, vault._data_key)
    try:
        with pytest.raises(sqlcipher3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_events SET details = '{}' WHERE seq = 2")
        with pytest.raises(sqlcipher3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_events WHERE seq = 2")
        with pytest.raises(sqlcipher3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_events")
    finally:
        conn.close()
    assert vault.verify_audit().ok


def test_orm_cannot_edit_an_event_either(vault):
    def rewrite_first_event() -> None:
        with vault.unit_of_work() as uow:
            event = uow.session.scalars(select(AuditEvent).where(AuditEvent.seq == 1)).one()
            event.actor_name = "jemand anderes"

    with pytest.raises(sa_exc.IntegrityError, match="append-only"):
        rewrite_first_event()
    assert audit_events(vault)[0].actor_name == USER


def test_edited_details_are_found(chained):
    ov, conn = chained
    conn.execute("UPDATE audit_events SET details = ? WHERE seq = 3",
                 (json.dumps({"fields": ["y"]}),))
    report = ov.verify_audit()
    assert (report.ok, report.first_bad_seq, report.count) == (False, 3, 2)
    assert "3" in report.reason


def test_edited_actor_is_found(chained):
    ov, conn = chained
    conn.execute("UPDATE audit_events SET actor_name = 'leitung' WHERE seq = 4")
    assert ov.verify_audit().first_bad_seq == 4



def test_edited_link_to_the_predecessor_is_found(chained):
    ov, conn = chained
    conn.execute("UPDATE audit_events SET prev_hash = ? WHERE seq = 3", ("f" * 64,))
    report = ov.verify_audit()
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "Vorgänger" in report.reason

def test_recomputed_hash_breaks_the_next_link(chained):
    """Rewriting an event and its own hash is found at the next event."""
    ov, conn = chained
    conn.execute("UPDATE audit_events SET details = '{\"fields\":[\"y\"]}' WHERE seq = 2")
    with ov.unit_of_work(write=False) as uow:
        row = uow.session.scalars(select(AuditEvent).where(AuditEvent.seq == 2)).one()
        forged = audit.chain_hash(row.prev_hash, audit.event_body(row))
    conn.execute("UPDATE audit_events SET hash = ? WHERE seq = 2", (forged,))
    assert ov.verify_audit().first_bad_seq == 3


def test_deleted_event_is_found(chained):
    ov, conn = chained
    conn.execute("DELETE FROM audit_events WHERE seq = 2")
    report = ov.verify_audit()
    assert (report.ok, report.first_bad_seq) == (False, 2)
    assert "2" in report.reason


def test_deleted_first_event_is_found(chained):
    ov, conn = chained
    conn.execute("DELETE FROM audit_events WHERE seq = 1")
    assert ov.verify_audit().first_bad_seq == 1


def test_reordered_events_are_found(chained):
    ov, conn = chained
    second, third = _row(conn, 2), _row(conn, 3)
    conn.execute("DELETE FROM audit_events WHERE seq IN (2, 3)")
    placeholders = ", ".join("?" for _ in COLUMNS)
    insert = f"INSERT INTO audit_events (seq, {', '.join(COLUMNS)}) VALUES (?, {placeholders})"
    conn.execute(insert, (2, *third))
    conn.execute(insert, (3, *second))
    report = ov.verify_audit()
    assert (report.ok, report.first_bad_seq) == (False, 2)


def test_tampering_shows_in_the_self_test(chained):
    ov, conn = chained
    conn.execute("UPDATE audit_events SET details = '{}' WHERE seq = 3")
    item = next(i for i in ov.check().items if i.name == "Prüfprotokoll (Hash-Kette)")
    assert not item.ok
    assert "3" in item.detail


# --- same transaction as the change -----------------------------------------------------------

def test_event_is_rolled_back_with_the_change(vault):
    count_before = audit_count(vault)
    head_before = VaultFiles(vault.path).head.read_bytes()

    class FailedActionError(Exception):
        pass

    def failing_action() -> None:
        with vault.unit_of_work() as uow:
            uow.session.add(Person(family_name="Rückgängig"))
            uow.audit("person.create", "person", None, {"fields": ["family_name"]})
            uow.session.flush()
            assert audit_count(vault) == count_before  # other connections see nothing yet
            raise FailedActionError

    with pytest.raises(FailedActionError):
        failing_action()

    assert audit_count(vault) == count_before
    with vault.unit_of_work(write=False) as uow:
        assert uow.session.scalars(select(Person)).all() == []
    assert VaultFiles(vault.path).head.read_bytes() == head_before
    assert vault.verify_audit().ok


def test_committed_event_moves_the_head_file(vault):
    with vault.unit_of_work() as uow:
        uow.audit("case.update", "case", "id", {"fields": ["x"]})
    head = audit.read_head_file(VaultFiles(vault.path).head, vault._data_key, vault.vault_id)
    assert head == vault.verify_audit().head


def test_unit_of_work_without_event_leaves_the_head_file(vault):
    before = VaultFiles(vault.path).head.read_bytes()
    with vault.unit_of_work() as uow:
        uow.session.add(Person(family_name="Ohne Protokoll"))
    assert VaultFiles(vault.path).head.read_bytes() == before


# --- head outside the database ----------------------------------------------------------------

def test_head_file_is_authenticated(vault):
    path = VaultFiles(vault.path).head
    key = vault._data_key
    head = audit.read_head_file(path, key, vault.vault_id)
    assert head is not None
    assert head.seq == audit_count(vault)
    with pytest.raises(ValueError, match="does not belong"):
        audit.read_head_file(path, key, "eine-andere-vault-id")
    with pytest.raises(ValueError, match="does not belong"):
        audit.read_head_file(path, bytes(32), vault.vault_id)
    doc = json.loads(path.read_text())
    doc["seq"] += 1
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="altered"):
        audit.read_head_file(path, key, vault.vault_id)
    assert audit.read_head_file(path.with_name("fehlt.head"), key, vault.vault_id) is None


def test_old_copy_put_back_is_noticed(closed_vault, tmp_path):
    files = VaultFiles(closed_vault)
    old_copy = tmp_path / "alt.fallakte"
    shutil.copyfile(files.db, old_copy)
    shutil.copyfile(files.keys, tmp_path / "alt.fallakte.keys")

    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    assert ov.warnings == []
    assert _check_item(ov).ok
    _add_events(ov, 3)
    ov.close()

    shutil.copyfile(old_copy, files.db)  # the newer .head file stays in place
    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert len(ov.warnings) == 1
        assert "älter" in ov.warnings[0]
        item = _check_item(ov)
        assert not item.ok
        assert "älter" in item.detail
        assert not ov.check().ok
    finally:
        ov.close()


def test_replaced_file_with_same_length_history_is_noticed(closed_vault, tmp_path):
    """An old copy that has since grown to the same sequence number still differs."""
    files = VaultFiles(closed_vault)
    old_copy = tmp_path / "alt.fallakte"
    shutil.copyfile(files.db, old_copy)
    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    _add_events(ov, 2)
    ov.close()
    shutil.copyfile(old_copy, files.db)
    newer_head = files.head.read_bytes()
    # Grow the old copy behind the head file's back, then put the newer head back.
    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    _add_events(ov, 3)
    ov.close()
    files.head.write_bytes(newer_head)
    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert any("stimmt nicht" in w for w in ov.warnings)
        assert not _check_item(ov).ok
    finally:
        ov.close()


@pytest.mark.parametrize("content", [b"", b"kein json", b"{}", b"[1, 2]", b"42",
                                     b'{"seq": "x", "hash": "y"}',
                                     b'{"seq": 1, "hash": "a", "mac": "b"}'])
def test_damaged_head_file_warns_but_does_not_block(closed_vault, content):
    VaultFiles(closed_vault).head.write_bytes(content)
    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert len(ov.warnings) == 1
        assert "Kopfdatei" in ov.warnings[0]
        assert not _check_item(ov).ok
        assert ov.verify_audit().ok
    finally:
        ov.close()


def test_head_file_of_another_vault_warns(closed_vault, vault_factory):
    other, _ = vault_factory("andere.fallakte")
    other.close()
    shutil.copyfile(VaultFiles(other.path).head, VaultFiles(closed_vault).head)
    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert len(ov.warnings) == 1
        assert not _check_item(ov).ok
    finally:
        ov.close()


def test_missing_head_file_is_no_warning(closed_vault):
    VaultFiles(closed_vault).head.unlink()
    ov = Vault(closed_vault).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert ov.warnings == []
        assert _check_item(ov).ok
        assert VaultFiles(closed_vault).head.exists()  # rewritten by the unlock event
    finally:
        ov.close()

