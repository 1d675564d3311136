"""Workspace key management: how it was unlocked, resetting the passphrase only after a
recovery unlock, adding users with the service's KDF parameters."""

from __future__ import annotations

import pytest

from desktop.domain.enums import Role
from desktop.errors import InvalidInputError, UserFacingError, WrongPassphraseError
from desktop.services.workspace import VaultService
from tests.support import FAST_KDF, PASSPHRASE, USER, MemoryKeyring

NEW = "Lindenstraße 12 im Frühling"


@pytest.fixture
def service(tmp_path):
    return VaultService(tmp_path / "akte.fallakte", kdf=FAST_KDF,
                        keyring=MemoryKeyring().store())


@pytest.fixture
def code(service):
    """Creates the vault (locked again); returns its recovery code."""
    workspace, recovery = service.create(user_name=USER, display_name="Anna Beispiel",
                                         passphrase=PASSPHRASE)
    assert workspace.unlocked_with == "passphrase"
    workspace.close()
    return recovery


def test_reset_is_refused_after_a_passphrase_unlock(service, code):
    workspace = service.unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert workspace.unlocked_with == "passphrase"
        assert not workspace.may_reset_passphrase
        with pytest.raises(UserFacingError) as caught:
            workspace.reset_passphrase(NEW, NEW)
        assert "Wiederherstellungscode" in caught.value.message
        assert not isinstance(caught.value, InvalidInputError)
    finally:
        workspace.close()
    service.unlock_with_passphrase(USER, PASSPHRASE).close()  # unchanged


def test_reset_is_refused_after_a_keyring_unlock(service, code):
    workspace = service.unlock_with_passphrase(USER, PASSPHRASE)
    workspace.enable_keyring()
    workspace.close()
    workspace = service.unlock_with_keyring(USER)
    try:
        assert workspace.unlocked_with == "keyring"
        with pytest.raises(UserFacingError):
            workspace.reset_passphrase(NEW, NEW)
    finally:
        workspace.close()


def test_reset_after_a_recovery_unlock(service, code):
    workspace = service.unlock_with_recovery(USER, code)
    try:
        assert workspace.unlocked_with == "recovery"
        assert workspace.may_reset_passphrase
        with pytest.raises(InvalidInputError) as caught:
            workspace.reset_passphrase(NEW, NEW + "x")
        assert set(caught.value.problems) == {"repeated"}
        with pytest.raises(InvalidInputError) as caught:
            workspace.reset_passphrase("kurz", "kurz")
        assert set(caught.value.problems) == {"passphrase"}
        workspace.reset_passphrase(NEW, NEW)
        assert workspace.unlocked_with == "passphrase"
        with pytest.raises(UserFacingError):
            workspace.reset_passphrase(NEW + " zwei", NEW + " zwei")  # only once
    finally:
        workspace.close()
    with pytest.raises(WrongPassphraseError):
        service.unlock_with_passphrase(USER, PASSPHRASE)
    service.unlock_with_passphrase(USER, NEW).close()


def test_add_user_checks_its_input_and_uses_the_service_kdf(service, code):
    workspace = service.unlock_with_passphrase(USER, PASSPHRASE)
    try:
        with pytest.raises(InvalidInputError) as caught:
            workspace.add_user("lea leitung", " ", Role.LEAD, "kurz")
        assert set(caught.value.problems) == {"name", "display_name", "passphrase"}
        workspace.add_user("lleitung", "Lea Leitung", Role.LEAD, NEW)
        slots = workspace.open_vault.keys.slots
        assert all(s.kdf == FAST_KDF for s in slots if s.kind == "passphrase")
        assert [u.name for u in workspace.partners.users()] == ["anna", "lleitung"]
    finally:
        workspace.close()
    lead = service.unlock_with_passphrase("lleitung", NEW)
    try:
        assert lead.user.role is Role.LEAD
    finally:
        lead.close()
