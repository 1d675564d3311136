"""Shared fixtures: Qt offscreen, an in-memory keyring, fast KDF, vaults in temp directories."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the user's real data directory: a throwaway one for the whole session.
_HOME = tempfile.mkdtemp(prefix="fallakte-test-home-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ["FALLAKTE_HOME"] = _HOME
# Never the developer's real keyring: the keyring library is pointed at a null backend, and
# every test that wants a keyring gets the in-memory one from tests/support.py explicitly.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

import pytest  # noqa: E402 - after the environment is set

from tests.support import FAST_KDF, MemoryKeyring, make_vault  # noqa: E402


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def fast_kdf():
    return FAST_KDF


@pytest.fixture
def vault_factory(tmp_path, memory_keyring):
    """Creates vaults in the test's temp dir; closes every one at the end."""
    opened = []

    def factory(name: str = "akte.fallakte", **kwargs):
        ov, code = make_vault(tmp_path / name, keyring=memory_keyring, **kwargs)
        opened.append(ov)
        return ov, code

    yield factory
    for ov in opened:
        ov.close()
