"""Encrypted backups through SQLite's backup API, verified by opening the copy."""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path

from desktop.errors import DamagedVaultError, VaultExistsError
from desktop.storage.engine import connect
from desktop.storage.fileio import translate_os_error
from desktop.storage.keyslots import KeyFile
from desktop.storage.vault_files import VaultFiles, read_db_salt


def copy_vault(source: Path, key: bytes, key_file: KeyFile, target: Path) -> Path:
    """Copies the vault at ``source`` to ``target`` (+ ``target.keys``); returns the target.

    The copy is made page by page by SQLite's backup API into a new SQLCipher file with the
    same data key, checked with ``integrity_check`` and ``cipher_integrity_check``, and only
    then moved into place. The key slots are copied as they are now, so the copy opens with
    today's passphrases. Never overwrites an existing file; nothing is left behind on failure.
    """
    target = Path(target).expanduser().absolute()
    target_keys = target.with_name(target.name + ".keys")
    if target.exists() or target_keys.exists():
        raise VaultExistsError(detail=str(target))
    if target.resolve() == source.resolve():
        raise VaultExistsError(detail="backup onto itself")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise translate_os_error(error) from error
    temp = target.with_name(f".{target.name}.partial")
    temp_keys = target.with_name(f".{target.name}.keys.partial")
    for leftover in (temp, *VaultFiles(temp).sqlite_sidecars()):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    try:
        reader = connect(source, key)
        try:
            dest = connect(temp, key, create=True)
            try:
                reader.backup(dest)
                dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dest.close()
        finally:
            reader.close()
        verify = connect(temp, key)
        try:
            problems = verify.execute("PRAGMA integrity_check").fetchall()
            cipher = verify.execute("PRAGMA cipher_integrity_check").fetchall()
            verify.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            verify.close()
        if problems != [("ok",)] or cipher:
            raise DamagedVaultError("Die Sicherung ließ sich nicht fehlerfrei öffnen und "
                                    "wurde verworfen.", detail=f"{problems} {cipher}")
        for sidecar in VaultFiles(temp).sqlite_sidecars():
            with contextlib.suppress(FileNotFoundError):
                sidecar.unlink()
        os.chmod(temp, 0o600)
        keys = replace(key_file, db_salt=read_db_salt(temp))
        keys.save(temp_keys)
        os.replace(temp_keys, target_keys)
        os.replace(temp, target)
    except OSError as error:
        raise translate_os_error(error) from error
    finally:
        for leftover in (temp, temp_keys, *VaultFiles(temp).sqlite_sidecars()):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return target
