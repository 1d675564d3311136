"""The OS keyring as a key-slot protector, for allow-listed secure backends only.

The keyring holds a random wrapping key for the vault's keyring slot, never the data key and
never a passphrase. No keyring (headless Linux) is a normal situation: ``available`` is false
and the passphrase works as always.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
from typing import Any

SERVICE = "fallakte-rrk"

# Backends that keep secrets encrypted by the operating system.
SECURE_BACKENDS = frozenset({
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.macOS.Keyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.libsecret.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
})


def backend_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


class KeyringStore:
    """Stores and fetches slot wrapping keys in one keyring backend.

    Args:
        backend: a keyring backend object; ``None`` asks the ``keyring`` library for the
            system's. A backend not on the allow-list counts as unavailable.
        trusted: skips the allow-list for a backend handed in explicitly (tests use an
            in-memory backend this way; the program never sets it).
    """

    def __init__(self, backend: Any = None, *, trusted: bool = False) -> None:
        self._backend = backend
        self._trusted = trusted and backend is not None

    @classmethod
    def system(cls) -> KeyringStore:
        return cls(None)

    @classmethod
    def disabled(cls) -> KeyringStore:
        """A store that never uses a keyring (``available`` is false); for headless use such
        as the command line, which must not read or write the user's keyring."""
        from keyring.backends import null

        return cls(null.Keyring())  # type: ignore[no-untyped-call]

    def _resolve(self) -> Any | None:
        if self._backend is None:
            try:
                import keyring

                self._backend = keyring.get_keyring()
            except Exception:  # noqa: BLE001 - any failure means: no keyring here
                return None
        return self._backend

    @property
    def name(self) -> str:
        backend = self._resolve()
        return backend_name(backend) if backend is not None else "keiner"

    @property
    def available(self) -> bool:
        backend = self._resolve()
        if backend is None:
            return False
        if self._trusted:
            return True
        if backend_name(backend) not in SECURE_BACKENDS:
            return False
        with contextlib.suppress(Exception):
            return float(getattr(backend, "priority", 0)) > 0
        return False

    def new_secret(self, account: str) -> bytes:
        """Creates and stores a fresh 256-bit wrapping key under ``account``."""
        secret = secrets.token_bytes(32)
        self._require().set_password(SERVICE, account, base64.b64encode(secret).decode())
        return secret

    def get_secret(self, account: str) -> bytes | None:
        backend = self._require()
        try:
            value = backend.get_password(SERVICE, account)
        except Exception:  # noqa: BLE001 - a locked or broken keyring: fall back to passphrase
            return None
        if not value:
            return None
        try:
            return base64.b64decode(value.encode("ascii"), validate=True)
        except ValueError:
            return None

    def delete(self, account: str) -> None:
        backend = self._resolve()
        if backend is None:
            return
        with contextlib.suppress(Exception):
            backend.delete_password(SERVICE, account)

    def _require(self) -> Any:
        from desktop.errors import KeyringUnavailableError

        if not self.available:
            raise KeyringUnavailableError
        return self._resolve()


def account_name(vault_id: str, slot_id: str) -> str:
    return f"vault:{vault_id}:slot:{slot_id}"
