"""The vault: one SQLCipher file per caseworker, its key slots, lock, audit head and backups.

``Vault`` is the file on disk (create, unlock, change a passphrase, restore); unlocking gives
an ``OpenVault``, which owns the engine and hands out units of work. A vault that fails to
open is never replaced by a new, empty or unencrypted one.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from desktop.errors import (
    DamagedVaultError,
    KeyFileError,
    ReadOnlyLocationError,
    UnknownUserError,
    VaultError,
    VaultExistsError,
    VaultNotFoundError,
    WrongKeyError,
    WrongPassphraseError,
)
from desktop.storage import audit, keyslots, migrate
from desktop.storage.audit import Actor, AuditHead
from desktop.storage.backup import copy_vault
from desktop.storage.engine import connect, inspect_file, make_engine
from desktop.storage.fileio import translate_os_error
from desktop.storage.keyring_store import KeyringStore, account_name
from desktop.storage.keyslots import KdfParams, KeyFile, VaultUser
from desktop.storage.lockfile import InstanceLock
from desktop.storage.orm import User, VaultMeta
from desktop.storage.unit_of_work import UnitOfWork, unit_of_work
from desktop.storage.vault_files import VaultFiles, read_db_salt

if TYPE_CHECKING:
    from desktop.storage.selfcheck import CheckReport

__all__ = ["FULL_CHECK_MAX_BYTES", "OpenVault", "Vault", "VaultFiles", "read_db_salt"]

# Up to this size every page's HMAC is verified while unlocking (≈2.5 ms per MB here).
# Larger vaults would unlock seconds later; for them the full check is `fallakte check`'s
# and every backup's job. SQLCipher still verifies each page it reads, so damage is never
# read silently: it surfaces as DamagedVaultError when the page is touched.
FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024


class Vault:
    """A vault file on disk. Holds the single-instance lock once unlocked."""

    def __init__(self, path: Path, *, keyring: KeyringStore | None = None) -> None:
        self.files = VaultFiles(Path(path).expanduser().absolute())
        self.keyring = keyring if keyring is not None else KeyringStore.system()
        self._lock = InstanceLock(self.files.lock)

    @property
    def path(self) -> Path:
        return self.files.db

    def exists(self) -> bool:
        return self.files.db.exists()

    def key_file(self) -> KeyFile:
        return KeyFile.load(self.files.keys)

    def users(self) -> list[VaultUser]:
        return list(self.key_file().users)

    def has_keyring_slot(self, user_name: str) -> bool:
        keys = self.key_file()
        user = keys.user_by_name(user_name)
        return bool(user and keys.slots_of("keyring", user.user_id))

    # --- creation ------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, *, user_name: str, display_name: str, role: str,
               passphrase: str, kdf: KdfParams | None = None,
               keyring: KeyringStore | None = None,
               meta: dict[str, str] | None = None) -> tuple[OpenVault, str]:
        """Makes a new vault; returns it unlocked and the recovery code (shown once)."""
        vault = cls(path, keyring=keyring)
        files = vault.files
        for existing in (files.db, files.keys, *files.sqlite_sidecars()):
            if existing.exists():
                raise VaultExistsError(detail=str(existing))
        try:
            files.db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise translate_os_error(error) from error
        if not os.access(files.db.parent, os.W_OK):
            raise ReadOnlyLocationError(detail=str(files.db.parent))
        kdf = kdf or KdfParams()
        vault._lock.acquire()
        try:
            data_key = keyslots.new_data_key()
            vault_id = keyslots.new_id()
            user = VaultUser(keyslots.new_id(), user_name.strip(), display_name.strip(), role)
            recovery = keyslots.new_recovery_code()
            conn = connect(files.db, data_key, create=True)
            conn.close()
            os.chmod(files.db, 0o600)
            keys = KeyFile(vault_id=vault_id, key_check=keyslots.key_check(vault_id, data_key),
                           db_salt=read_db_salt(files.db), users=(user,))
            keys = keys.with_slot(keyslots.passphrase_slot(vault_id, data_key, passphrase,
                                                           user.user_id, kdf))
            keys = keys.with_slot(keyslots.recovery_slot(vault_id, data_key, recovery, kdf))
            keys.save(files.keys)
            opened = vault._open(keys, data_key, user, method="create", created=True)
            with opened.unit_of_work() as uow:
                for key, value in {"vault_id": vault_id,
                                   "created_at": datetime.now(UTC).isoformat(),
                                   **(meta or {})}.items():
                    uow.session.add(VaultMeta(key=key, value=value))
                uow.audit("vault.create", "vault", vault_id, {"user": user.name})
        except BaseException:
            vault._lock.release()
            if not files.keys.exists():
                for leftover in (files.db, *files.sqlite_sidecars()):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
            raise
        return opened, recovery

    # --- unlocking -----------------------------------------------------------------------
    def unlock_with_passphrase(self, user_name: str | None, passphrase: str) -> OpenVault:
        """Unlocks with a user's passphrase; without a name, every passphrase slot is tried."""
        self._precheck()
        keys = self.key_file()
        candidates = [keys.user_by_name(user_name)] if user_name else list(keys.users)
        if user_name and candidates[0] is None:
            raise UnknownUserError(detail=user_name)
        for user in candidates:
            assert user is not None
            for slot in keys.slots_of("passphrase", user.user_id):
                try:
                    data_key = keyslots.open_with_secret(slot, keys.vault_id, passphrase)
                except WrongPassphraseError:
                    continue
                return self._open(keys, data_key, user, method="passphrase")
        raise WrongPassphraseError

    def unlock_with_keyring(self, user_name: str) -> OpenVault:
        self._precheck()
        keys = self.key_file()
        user = keys.user_by_name(user_name)
        if user is None:
            raise UnknownUserError(detail=user_name)
        for slot in keys.slots_of("keyring", user.user_id):
            secret = self.keyring.get_secret(account_name(keys.vault_id, slot.slot_id))
            if secret is None:
                continue
            try:
                data_key = slot.unwrap(keys.vault_id, secret)
            except WrongPassphraseError:
                continue
            return self._open(keys, data_key, user, method="keyring")
        from desktop.errors import KeyringUnavailableError

        raise KeyringUnavailableError

    def unlock_with_recovery(self, user_name: str, code: str) -> OpenVault:
        """Unlocks with the recovery code, acting as ``user_name`` (audited as such)."""
        self._precheck()
        keys = self.key_file()
        user = keys.user_by_name(user_name)
        if user is None:
            raise UnknownUserError(detail=user_name)
        cleaned = keyslots.normalise_recovery_code(code)
        for slot in keys.slots_of("recovery"):
            try:
                data_key = keyslots.open_with_secret(slot, keys.vault_id, cleaned)
            except WrongPassphraseError:
                continue
            return self._open(keys, data_key, user, method="recovery")
        raise WrongPassphraseError("Der Wiederherstellungscode ist falsch.")

    def change_passphrase(self, user_name: str, old: str, new: str,
                          kdf: KdfParams | None = None) -> None:
        """Re-wraps the data key for one user; the database file is not touched."""
        keys = self.key_file()
        user = keys.user_by_name(user_name)
        if user is None:
            raise UnknownUserError(detail=user_name)
        data_key = None
        for slot in keys.slots_of("passphrase", user.user_id):
            with contextlib.suppress(WrongPassphraseError):
                data_key = keyslots.open_with_secret(slot, keys.vault_id, old)
                kdf = kdf or slot.kdf
                break
        if data_key is None or not keys.matches(data_key):
            raise WrongPassphraseError
        new_slot = keyslots.passphrase_slot(keys.vault_id, data_key, new, user.user_id,
                                            kdf or KdfParams())
        keys.without_slots("passphrase", user.user_id).with_slot(new_slot).save(
            self.files.keys)

    def _precheck(self) -> None:
        """What is refused before any key is tried: no file, plaintext, damaged size."""
        if not self.files.db.exists():
            raise VaultNotFoundError(detail=str(self.files.db))
        inspect_file(self.files.db)
        if not self.files.keys.exists():
            raise KeyFileError(detail="missing")

    def _open(self, keys: KeyFile, data_key: bytes, user: VaultUser, *, method: str,
              created: bool = False) -> OpenVault:
        if not keys.matches(data_key):
            raise KeyFileError(detail="key check does not match")
        if keys.db_salt and not hmac.compare_digest(keys.db_salt, read_db_salt(self.files.db)):
            raise WrongKeyError(detail="database salt differs from the key file's")
        if not os.access(self.files.db, os.W_OK) or not os.access(self.files.db.parent,
                                                                  os.W_OK):
            raise ReadOnlyLocationError(detail=str(self.files.db))
        self._lock.acquire()
        try:
            try:
                conn = connect(self.files.db, data_key)
            except WrongKeyError as error:
                # The key is the vault's own (checked above), so the file is damaged.
                raise DamagedVaultError(detail=error.detail) from None
            try:
                rows = []
                if self.files.db.stat().st_size <= FULL_CHECK_MAX_BYTES:
                    rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            finally:
                conn.close()
            if rows:
                raise DamagedVaultError(detail=f"cipher_integrity_check: {rows[:3]}")
            engine = make_engine(self.files.db, data_key)
            opened = OpenVault(self, keys, data_key, engine, Actor(user.user_id, user.name,
                                                                   user.role))
            try:
                opened.prepare(method=method, created=created)
            except BaseException:
                engine.dispose()
                raise
        except BaseException:
            self._lock.release()
            raise
        return opened

    def release(self) -> None:
        self._lock.release()

    # --- restore -------------------------------------------------------------------------
    def restore_from(self, backup: Path, user_name: str | None, passphrase: str) -> OpenVault:
        """Replaces this vault by a verified backup; the current file is kept aside.

        The backup must open with ``passphrase`` (a slot of its own key file). The current
        database and key file are renamed to ``…before-restore-<time>`` first, never deleted.
        """
        source = Vault(backup, keyring=self.keyring)
        source._precheck()
        self._lock.acquire()  # refuse at once while this vault is open elsewhere
        try:
            self._replace_with(source, user_name, passphrase)
        finally:
            self._lock.release()
        opened = self.unlock_with_passphrase(user_name, passphrase)
        with opened.unit_of_work() as uow:
            uow.audit("vault.restore", "vault", opened.vault_id, {"from": str(backup.name)})
        return opened

    def _replace_with(self, source: Vault, user_name: str | None, passphrase: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        # Verify (and, if needed, migrate) a staging copy; the backup itself is only read.
        staging = VaultFiles(self.files.db.with_name(f".{self.files.db.name}.restore-{stamp}"))
        try:
            shutil.copyfile(source.files.db, staging.db)
            shutil.copyfile(source.files.keys, staging.keys)
            os.chmod(staging.db, 0o600)
            os.chmod(staging.keys, 0o600)
            probe = Vault(staging.db, keyring=self.keyring)
            probe.unlock_with_passphrase(user_name, passphrase).close()
        except BaseException as error:
            for path in (staging.db, staging.keys, staging.head, staging.lock,
                         *staging.sqlite_sidecars()):
                with contextlib.suppress(OSError):
                    path.unlink()
            if isinstance(error, OSError):
                raise translate_os_error(error) from error
            raise
        try:
            for path in (self.files.db, self.files.keys, *self.files.sqlite_sidecars()):
                if path.exists():
                    path.rename(path.with_name(f"{path.name}.before-restore-{stamp}"))
            staging.db.replace(self.files.db)
            staging.keys.replace(self.files.keys)
            if staging.head.exists():
                staging.head.replace(self.files.head)
            else:
                with contextlib.suppress(FileNotFoundError):
                    self.files.head.unlink()
            with contextlib.suppress(OSError):
                staging.lock.unlink()
        except OSError as error:
            raise translate_os_error(error) from error


class OpenVault:
    """An unlocked vault: the engine, the acting user and units of work."""

    def __init__(self, vault: Vault, keys: KeyFile, data_key: bytes, engine: Engine,
                 actor: Actor) -> None:
        self.vault = vault
        self.keys = keys
        self._data_key: bytes | None = data_key
        self.engine: Engine | None = engine
        self.write_engine = engine.execution_options(fallakte_write=True)
        self.actor = actor
        self.warnings: list[str] = []
        # What the head check found at unlock. The unlock's own audit event rewrites the
        # head file, so ``check`` must remember this rather than re-read the file.
        self.head_warning: str | None = None

    @property
    def vault_id(self) -> str:
        return self.keys.vault_id

    @property
    def path(self) -> Path:
        return self.vault.path

    @property
    def is_open(self) -> bool:
        return self.engine is not None

    def _key(self) -> bytes:
        if self._data_key is None:
            from desktop.errors import VaultLockedError

            raise VaultLockedError
        return self._data_key

    def prepare(self, *, method: str, created: bool) -> None:
        """Migrates (after a verified copy), syncs users, checks the audit head, audits."""
        assert self.engine is not None
        migrate.upgrade(self.engine, before=self._copy_before_migration)
        with Session(self.engine) as session:
            stored = session.execute(
                select(VaultMeta.value).where(VaultMeta.key == "vault_id")).scalar()
            if not created and stored != self.vault_id:
                raise WrongKeyError(detail="vault id in the database differs from the key file")
            try:
                outside = audit.read_head_file(self.vault.files.head, self._key(),
                                               self.vault_id)
            except ValueError as error:
                self.head_warning = ("Die Protokoll-Kopfdatei ist beschädigt oder gehört zu "
                                     f"einem anderen Tresor ({error}).")
                self.warnings.append(self.head_warning)
                outside = None
            warning = audit.check_head(session, outside)
            if warning:
                self.head_warning = warning
                self.warnings.append(warning)
        with self.unit_of_work() as uow:
            self._sync_users(uow)
            if not created:
                uow.audit("vault.unlock", "vault", self.vault_id, {"method": method})

    def _sync_users(self, uow: UnitOfWork) -> None:
        known = {u.id: u for u in uow.session.scalars(select(User))}
        for user in self.keys.users:
            row = known.get(user.user_id)
            if row is None:
                uow.session.add(User(id=user.user_id, name=user.name,
                                     display_name=user.display_name, role=user.role))
            elif (row.name, row.display_name, row.role) != (user.name, user.display_name,
                                                            user.role):
                row.name, row.display_name, row.role = user.name, user.display_name, user.role

    def _copy_before_migration(self, current: str | None, head: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.pre-migration-{current}-{stamp}")
        self.backup(target, audit_it=False)

    @contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[UnitOfWork]:
        """One transaction as the unlocked user; audit events go in the same transaction."""
        if self.engine is None:
            from desktop.errors import VaultLockedError

            raise VaultLockedError
        engine = self.write_engine if write else self.engine
        with unit_of_work(engine, self.actor, on_commit=self._record_head) as uow:
            yield uow

    def _record_head(self, head: AuditHead) -> None:
        audit.write_head_file(self.vault.files.head, self._key(), self.vault_id, head)

    # --- key slots -----------------------------------------------------------------------
    def reload_keys(self) -> KeyFile:
        self.keys = self.vault.key_file()
        return self.keys

    def enable_keyring(self) -> None:
        """Adds a keyring slot for the current user (replacing an older one)."""
        keys = self.reload_keys()
        user_id = self.actor.user_id
        for old in keys.slots_of("keyring", user_id):
            self.vault.keyring.delete(account_name(keys.vault_id, old.slot_id))
        slot_id = keyslots.new_id()
        secret = self.vault.keyring.new_secret(account_name(keys.vault_id, slot_id))
        slot = keyslots.wrap(keys.vault_id, self._key(), secret, kind="keyring",
                             user_id=user_id, slot_id=slot_id)
        keys.without_slots("keyring", user_id).with_slot(slot).save(self.vault.files.keys)
        with self.unit_of_work() as uow:
            uow.audit("vault.keyring_enable", "vault", self.vault_id,
                      {"backend": self.vault.keyring.name})
        self.keys = self.vault.key_file()

    def disable_keyring(self) -> None:
        keys = self.reload_keys()
        for old in keys.slots_of("keyring", self.actor.user_id):
            self.vault.keyring.delete(account_name(keys.vault_id, old.slot_id))
        keys.without_slots("keyring", self.actor.user_id).save(self.vault.files.keys)
        with self.unit_of_work() as uow:
            uow.audit("vault.keyring_disable", "vault", self.vault_id)
        self.keys = self.vault.key_file()

    def new_recovery_code(self, kdf: KdfParams | None = None) -> str:
        """Replaces the recovery slot; the old code stops working. Returns the new code."""
        keys = self.reload_keys()
        code = keyslots.new_recovery_code()
        old = keys.slots_of("recovery")
        params = kdf or (old[0].kdf if old and old[0].kdf else KdfParams())
        slot = keyslots.recovery_slot(keys.vault_id, self._key(), code, params)
        keys.without_slots("recovery", None).with_slot(slot).save(self.vault.files.keys)
        with self.unit_of_work() as uow:
            uow.audit("vault.recovery_renew", "vault", self.vault_id)
        self.keys = self.vault.key_file()
        return code

    def set_passphrase(self, new: str, kdf: KdfParams | None = None) -> None:
        """Gives the current user a new passphrase without the old one (after a recovery
        unlock): the data key held in memory is wrapped anew, the user's old passphrase slots
        are dropped. The database file is not touched; the key file is replaced atomically.

        ``kdf`` defaults to the parameters of the user's previous passphrase slot.
        """
        keys = self.reload_keys()
        data_key = self._key()
        if not keys.matches(data_key):
            raise KeyFileError(detail="key check does not match the unlocked key")
        user_id = self.actor.user_id
        if user_id is None or keys.user_by_id(user_id) is None:
            raise UnknownUserError(detail=self.actor.name)
        old = keys.slots_of("passphrase", user_id)
        params = kdf or (old[0].kdf if old and old[0].kdf else KdfParams())
        slot = keyslots.passphrase_slot(keys.vault_id, data_key, new, user_id, params)
        keys.without_slots("passphrase", user_id).with_slot(slot).save(self.vault.files.keys)
        self.keys = self.vault.key_file()
        with self.unit_of_work() as uow:
            uow.audit("vault.passphrase_reset", "user", user_id)

    def add_user(self, name: str, display_name: str, role: str, passphrase: str,
                 kdf: KdfParams | None = None) -> VaultUser:
        keys = self.reload_keys()
        if keys.user_by_name(name) is not None:
            raise VaultError(f"Den Benutzernamen „{name}“ gibt es bereits.")
        user = VaultUser(keyslots.new_id(), name.strip(), display_name.strip(), role)
        slot = keyslots.passphrase_slot(keys.vault_id, self._key(), passphrase, user.user_id,
                                        kdf or KdfParams())
        keys.with_user(user).with_slot(slot).save(self.vault.files.keys)
        self.keys = self.vault.key_file()
        with self.unit_of_work() as uow:
            self._sync_users(uow)
            uow.audit("vault.user_add", "user", user.user_id, {"name": user.name,
                                                                "role": role})
        return user

    # --- backups and checks --------------------------------------------------------------
    def backup(self, target: Path, *, audit_it: bool = True) -> Path:
        """An encrypted copy through SQLite's backup API, verified by opening it.

        Writes ``target`` and ``target.keys`` (the key slots as they are now, so the copy
        opens with today's passphrases). Never overwrites an existing file.
        """
        target = copy_vault(self.path, self._key(), self.vault.key_file(), target)
        if audit_it:
            with self.unit_of_work() as uow:
                uow.audit("vault.backup", "vault", self.vault_id, {"to": target.name})
        return target

    def check(self) -> CheckReport:
        """The security self-test of ``fallakte check``."""
        from desktop.storage.selfcheck import run_checks

        return run_checks(self)

    def verify_audit(self) -> audit.ChainReport:
        assert self.engine is not None
        with Session(self.engine) as session:
            return audit.verify(session)

    def close(self, *, release_lock: bool = True) -> None:
        """Disposes the engine and forgets the key (used on lock and quit)."""
        if self.engine is not None:
            with contextlib.suppress(Exception), self.engine.connect() as conn:
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            self.engine.dispose()
        self.engine = None
        self._data_key = None
        if release_lock:
            self.vault.release()
