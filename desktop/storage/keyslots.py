"""Key slots: the random data key wrapped (AES-256-GCM) by passphrase, keyring or recovery code.

Like LUKS or BitLocker protectors. The sidecar file (``<vault>.keys``) is JSON; it holds only
wrapped keys, KDF parameters, salts and user names, never a key in the clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.errors import KeyFileError, WrongPassphraseError
from desktop.storage.fileio import write_atomic

FORMAT = "fallakte-rrk-keyslots"
FORMAT_VERSION = 1
DATA_KEY_BYTES = 32
RECOVERY_GROUPS = 8  # 8 groups of 5 base32 characters = 200 bits


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters (RFC 9106). The defaults cost about 0.7 s on the target laptops.

    Tests pass ``KdfParams.for_tests()`` explicitly; the product's defaults never change.
    """

    time_cost: int = 6
    memory_kib: int = 256 * 1024
    parallelism: int = 4

    @classmethod
    def for_tests(cls) -> KdfParams:
        return cls(time_cost=1, memory_kib=8 * 1024, parallelism=1)

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        return hash_secret_raw(secret, salt, self.time_cost, self.memory_kib,
                               self.parallelism, DATA_KEY_BYTES, Type.ID)


@dataclass(frozen=True)
class KeySlot:
    """One way to unwrap the data key.

    ``kind`` is ``passphrase`` (one per user), ``keyring`` (a random wrapping key kept in the
    OS keyring, per user) or ``recovery`` (a long random code printed once).
    """

    slot_id: str
    kind: str
    nonce: bytes
    wrapped_key: bytes
    user_id: str | None = None
    salt: bytes = b""
    kdf: KdfParams | None = None
    created_at: str = ""

    def aad(self, vault_id: str) -> bytes:
        """Binds the wrapped key to this vault, slot and kind (slots cannot be swapped)."""
        return f"{FORMAT}|{vault_id}|{self.slot_id}|{self.kind}|{self.user_id or ''}".encode()

    def unwrap(self, vault_id: str, wrapping_key: bytes) -> bytes:
        try:
            return AESGCM(wrapping_key).decrypt(self.nonce, self.wrapped_key,
                                                self.aad(vault_id))
        except InvalidTag:
            raise WrongPassphraseError from None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "slot_id": self.slot_id, "kind": self.kind, "user_id": self.user_id,
            "nonce": _b64(self.nonce), "wrapped_key": _b64(self.wrapped_key),
            "created_at": self.created_at,
        }
        if self.kdf is not None:
            out["kdf"] = {"name": "argon2id", **asdict(self.kdf), "salt": _b64(self.salt)}
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> KeySlot:
        kdf = raw.get("kdf")
        params = None
        salt = b""
        if kdf is not None:
            if kdf.get("name") != "argon2id":
                raise ValueError("unknown KDF")
            params = KdfParams(int(kdf["time_cost"]), int(kdf["memory_kib"]),
                               int(kdf["parallelism"]))
            salt = _unb64(kdf["salt"])
        return cls(slot_id=str(raw["slot_id"]), kind=str(raw["kind"]),
                   nonce=_unb64(raw["nonce"]), wrapped_key=_unb64(raw["wrapped_key"]),
                   user_id=raw.get("user_id"), salt=salt, kdf=params,
                   created_at=str(raw.get("created_at", "")))


@dataclass(frozen=True)
class VaultUser:
    """A person who may unlock the vault; the role is shown in the audit."""

    user_id: str
    name: str
    display_name: str
    role: str


@dataclass(frozen=True)
class KeyFile:
    """The sidecar file's contents."""

    vault_id: str
    key_check: str
    db_salt: str = ""  # the database file's first 16 bytes (SQLCipher's salt), hex
    users: tuple[VaultUser, ...] = ()
    slots: tuple[KeySlot, ...] = ()
    created_at: str = field(default_factory=lambda: _now())

    # --- queries -----------------------------------------------------------------------------
    def user_by_name(self, name: str) -> VaultUser | None:
        wanted = name.strip().casefold()
        return next((u for u in self.users if u.name.casefold() == wanted), None)

    def user_by_id(self, user_id: str) -> VaultUser | None:
        return next((u for u in self.users if u.user_id == user_id), None)

    def slots_of(self, kind: str, user_id: str | None = None) -> list[KeySlot]:
        return [s for s in self.slots
                if s.kind == kind and (user_id is None or s.user_id == user_id)]

    def matches(self, data_key: bytes) -> bool:
        return hmac.compare_digest(self.key_check, key_check(self.vault_id, data_key))

    # --- changes (return new KeyFile values) -------------------------------------------------
    def with_slot(self, slot: KeySlot) -> KeyFile:
        return replace(self, slots=(*self.slots, slot))

    def without_slots(self, kind: str, user_id: str | None) -> KeyFile:
        return replace(self, slots=tuple(s for s in self.slots
                                         if not (s.kind == kind and s.user_id == user_id)))

    def with_user(self, user: VaultUser) -> KeyFile:
        return replace(self, users=(*self.users, user))

    # --- persistence -------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT, "version": FORMAT_VERSION, "vault_id": self.vault_id,
            "key_check": self.key_check, "db_salt": self.db_salt,
            "created_at": self.created_at,
            "users": [asdict(u) for u in self.users],
            "slots": [s.to_json() for s in self.slots],
        }
        return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyFile:
        try:
            doc = json.loads(data.decode("utf-8"))
            if doc.get("format") != FORMAT or int(doc.get("version", 0)) != FORMAT_VERSION:
                raise ValueError("not a key file of this program")
            return cls(vault_id=str(doc["vault_id"]), key_check=str(doc["key_check"]),
                       db_salt=str(doc.get("db_salt", "")),
                       created_at=str(doc.get("created_at", "")),
                       users=tuple(VaultUser(**u) for u in doc["users"]),
                       slots=tuple(KeySlot.from_json(s) for s in doc["slots"]))
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
            raise KeyFileError(detail=f"{type(error).__name__}: {error}") from error

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise KeyFileError(detail=f"missing: {path.name}") from None
        return cls.from_bytes(data)

    def save(self, path: Path) -> None:
        write_atomic(path, self.to_bytes())


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_id() -> str:
    return str(uuid.uuid4())


def key_check(vault_id: str, data_key: bytes) -> str:
    """A value that tells whether a key belongs to this vault, without revealing it."""
    return hmac.new(data_key, f"{FORMAT}|key-check|{vault_id}".encode(),
                    hashlib.sha256).hexdigest()


def wrap(vault_id: str, data_key: bytes, wrapping_key: bytes, *, kind: str,
         user_id: str | None, salt: bytes = b"", kdf: KdfParams | None = None,
         slot_id: str | None = None) -> KeySlot:
    draft = KeySlot(slot_id=slot_id or new_id(), kind=kind, nonce=secrets.token_bytes(12),
                    wrapped_key=b"", user_id=user_id, salt=salt, kdf=kdf, created_at=_now())
    wrapped = AESGCM(wrapping_key).encrypt(draft.nonce, data_key, draft.aad(vault_id))
    return replace(draft, wrapped_key=wrapped)


def passphrase_slot(vault_id: str, data_key: bytes, passphrase: str, user_id: str,
                    kdf: KdfParams) -> KeySlot:
    salt = secrets.token_bytes(16)
    wrapping = kdf.derive(normalise_secret(passphrase), salt)
    return wrap(vault_id, data_key, wrapping, kind="passphrase", user_id=user_id, salt=salt,
                kdf=kdf)


def recovery_slot(vault_id: str, data_key: bytes, code: str, kdf: KdfParams) -> KeySlot:
    """The vault-wide recovery slot (belongs to no user)."""
    salt = secrets.token_bytes(16)
    wrapping = kdf.derive(normalise_secret(normalise_recovery_code(code)), salt)
    return wrap(vault_id, data_key, wrapping, kind="recovery", user_id=None, salt=salt,
                kdf=kdf)


def open_with_secret(slot: KeySlot, vault_id: str, secret: str) -> bytes:
    """Derives the wrapping key from a passphrase or recovery code and unwraps."""
    if slot.kdf is None:
        raise KeyFileError(detail="slot without KDF")
    wrapping = slot.kdf.derive(normalise_secret(secret), slot.salt)
    return slot.unwrap(vault_id, wrapping)


def new_recovery_code() -> str:
    """``XXXXX-XXXXX-…``: 8 groups of 5 base32 characters (200 bits), easy to type."""
    raw = base64.b32encode(secrets.token_bytes(25)).decode("ascii")
    return "-".join(raw[i:i + 5] for i in range(0, 40, 5))


def normalise_recovery_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(cleaned[i:i + 5] for i in range(0, len(cleaned), 5))


def normalise_secret(secret: str) -> bytes:
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
