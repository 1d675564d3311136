"""Helpers for tests: in-memory keyring backend, fast KDF parameters, vault creation."""

from __future__ import annotations

from pathlib import Path

from keyring.backend import KeyringBackend

from desktop.domain.enums import District
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.keyslots import KdfParams
from desktop.storage.vault import OpenVault, Vault

FAST_KDF = KdfParams.for_tests()
PASSPHRASE = "Kastanienallee 7 im Herbst"
USER = "anna"


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps secrets in a dict (never the real keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)

    def store(self) -> KeyringStore:
        return KeyringStore(self, trusted=True)


def make_vault(path: Path, *, keyring: MemoryKeyring | None = None, user: str = USER,
               passphrase: str = PASSPHRASE, role: str = "caseworker") -> tuple[OpenVault, str]:
    store = keyring.store() if keyring is not None else KeyringStore(MemoryKeyring(),
                                                                     trusted=True)
    return Vault.create(path, user_name=user, display_name="Anna Beispiel", role=role,
                        passphrase=passphrase, kdf=FAST_KDF, keyring=store)


def new_workspace(directory: Path, district: District = District.DUESSELDORF) -> Workspace:
    """A new, unlocked vault ``akte.fallakte`` in ``directory`` for user "anna" (fast KDF,
    in-memory keyring); the caller closes it."""
    service = VaultService(directory / "akte.fallakte", kdf=FAST_KDF,
                           keyring=MemoryKeyring().store())
    workspace, _code = service.create(user_name=USER, display_name="Anna Beispiel",
                                      passphrase=PASSPHRASE, district=district)
    return workspace
