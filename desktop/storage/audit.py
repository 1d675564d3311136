"""The audit log: append-only, chained by SHA-256, written in the change's own transaction.

Each event's hash is ``SHA-256(prev_hash || canonical_json(event))``. The head (sequence and
hash) is also kept outside the database, in ``<vault>.head``, authenticated with a key derived
from the data key, so that an older copy of the database put back in place is noticed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.fileio import write_atomic
from desktop.storage.orm import AuditEvent, new_uuid

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who acts: the unlocked user (or the system for maintenance work)."""

    user_id: str | None
    name: str
    role: str

    @classmethod
    def system(cls) -> Actor:
        return cls(None, "system", "system")


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode("utf-8")


def event_body(row: AuditEvent) -> dict[str, Any]:
    """The fields covered by the hash (everything but the hashes themselves)."""
    return {
        "seq": row.seq, "id": row.id, "at": row.at, "actor_id": row.actor_id,
        "actor_name": row.actor_name, "actor_role": row.actor_role, "action": row.action,
        "entity_type": row.entity_type, "entity_id": row.entity_id,
        "details": json.loads(row.details),
    }


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(body)).hexdigest()


def current_head(session: Session) -> AuditHead:
    row = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return AuditHead(0, GENESIS) if row is None else AuditHead(row[0], row[1])


def append(session: Session, actor: Actor, action: str, entity_type: str,
           entity_id: str | None, details: dict[str, Any] | None = None) -> AuditHead:
    """Adds one event to the chain inside the caller's transaction; returns the new head.

    ``details`` names what changed (field names, counts, target paths); case data values are
    not copied into the audit.
    """
    head = current_head(session)
    row = AuditEvent(
        seq=head.seq + 1, id=new_uuid(),
        at=datetime.now(UTC).isoformat(timespec="microseconds"),
        actor_id=actor.user_id, actor_name=actor.name, actor_role=actor.role,
        action=action, entity_type=entity_type, entity_id=entity_id,
        details=canonical_json(details or {}).decode("utf-8"), prev_hash=head.hash, hash="",
    )
    row.hash = chain_hash(head.hash, event_body(row))
    session.add(row)
    session.flush()
    return AuditHead(row.seq, row.hash)


@dataclass(frozen=True)
class ChainReport:
    """Result of verifying the chain; ``first_bad_seq`` names the first broken entry."""

    ok: bool
    count: int
    head: AuditHead
    first_bad_seq: int | None = None
    reason: str = ""


def verify(session: Session, *, batch: int = 5000) -> ChainReport:
    """Walks the whole chain in order and names the first entry that does not fit."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    last = AuditHead(0, GENESIS)
    offset_seq = 0
    while True:
        rows = session.execute(
            select(AuditEvent).where(AuditEvent.seq > offset_seq)
            .order_by(AuditEvent.seq).limit(batch)
        ).scalars().all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return ChainReport(False, count, last, expected_seq,
                                   f"Eintrag {expected_seq} fehlt (gefunden: {row.seq}).")
            if row.prev_hash != prev:
                return ChainReport(False, count, last, row.seq,
                                   f"Eintrag {row.seq} verweist nicht auf seinen Vorgänger.")
            try:
                computed = chain_hash(prev, event_body(row))
            except ValueError:
                computed = ""
            if computed != row.hash:
                return ChainReport(False, count, last, row.seq,
                                   f"Eintrag {row.seq} wurde verändert.")
            prev = row.hash
            expected_seq += 1
            count += 1
            last = AuditHead(row.seq, row.hash)
            offset_seq = row.seq
        session.expunge_all()
    return ChainReport(True, count, last)


# --- the head outside the database ------------------------------------------------------------

def head_mac(data_key: bytes, vault_id: str, head: AuditHead) -> str:
    mac_key = hmac.new(data_key, b"fallakte-rrk|audit-head-key", hashlib.sha256).digest()
    message = f"{vault_id}|{head.seq}|{head.hash}".encode("ascii")
    return hmac.new(mac_key, message, hashlib.sha256).hexdigest()


def write_head_file(path: Path, data_key: bytes, vault_id: str, head: AuditHead) -> None:
    doc = {"vault_id": vault_id, "seq": head.seq, "hash": head.hash,
           "mac": head_mac(data_key, vault_id, head)}
    write_atomic(path, (json.dumps(doc) + "\n").encode("ascii"))


def read_head_file(path: Path, data_key: bytes, vault_id: str) -> AuditHead | None:
    """The head stored outside the database; None if absent. Raises ValueError if forged."""
    try:
        doc = json.loads(path.read_text("ascii"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise ValueError(f"unreadable head file: {error}") from error
    try:
        head = AuditHead(int(doc["seq"]), str(doc["hash"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"malformed head file: {error!r}") from error
    if doc.get("vault_id") != vault_id or not hmac.compare_digest(
            str(doc.get("mac", "")), head_mac(data_key, vault_id, head)):
        raise ValueError("head file does not belong to this vault or was altered")
    return head


def check_head(session: Session, outside: AuditHead | None) -> str | None:
    """None when the database is at or ahead of the recorded head, else a German warning."""
    if outside is None or outside.seq == 0:
        return None
    row = session.execute(
        select(AuditEvent.hash).where(AuditEvent.seq == outside.seq)).scalar_one_or_none()
    if row is None:
        return (f"Die Tresordatei ist älter als der zuletzt bekannte Stand (Protokolleintrag "
                f"{outside.seq} fehlt). Wurde eine alte Kopie zurückgespielt?")
    if row != outside.hash:
        return (f"Protokolleintrag {outside.seq} stimmt nicht mit dem zuletzt bekannten Stand "
                "überein. Die Datei wurde ersetzt oder verändert.")
    return None
