"""Fixtures for the storage tests: an open vault and a closed one, in the test's temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.storage.vault import OpenVault


@pytest.fixture
def vault(vault_factory) -> OpenVault:
    """A freshly created, unlocked vault (closed again at the end of the test)."""
    ov, _code = vault_factory()
    return ov


@pytest.fixture
def closed_vault(vault_factory) -> Path:
    """The path of a freshly created vault that has been closed again."""
    ov, _code = vault_factory()
    ov.close()
    return ov.path
