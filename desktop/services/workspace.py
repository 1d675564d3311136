"""The vault as the program sees it: locked (path, users, unlock) and unlocked (a workspace)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain.enums import District, Role
from desktop.errors import InvalidInputError, UserFacingError, WrongPassphraseError
from desktop.services.attachments import AttachmentService
from desktop.services.azr import AzrService
from desktop.services.cases import CaseService
from desktop.services.conferences import ConferenceService
from desktop.services.controlling import ControllingService
from desktop.services.custody import CustodyService
from desktop.services.desk import DeskService
from desktop.services.export import ExportService
from desktop.services.letters import LetterService
from desktop.services.partners import PartnerService, seed_partners
from desktop.services.read_models import CheckLine, UserRef
from desktop.services.reminders import ReminderService
from desktop.services.residence import ResidenceService
from desktop.services.saved_filters import SavedFilterService
from desktop.services.search import SearchService
from desktop.services.statistics import StatisticsService
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.keyslots import KdfParams
from desktop.storage.repositories import records
from desktop.storage.vault import OpenVault, Vault

MIN_PASSPHRASE_LENGTH = 12
# How a workspace was unlocked (``Workspace.unlocked_with``).
UNLOCKED_WITH_PASSPHRASE = "passphrase"  # noqa: S105 - a method name, not a secret
UNLOCKED_WITH_KEYRING = "keyring"
UNLOCKED_WITH_RECOVERY = "recovery"


class TooManyAttemptsError(UserFacingError):
    """Unlocking is paused after repeated wrong passphrases."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(f"Zu viele Fehlversuche. Bitte {int(wait_seconds + 0.999)} Sekunden "
                         "warten.")


def passphrase_problems(passphrase: str, repeated: str | None = None) -> dict[str, str]:
    problems = {}
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        problems["passphrase"] = (f"Die Passphrase muss mindestens {MIN_PASSPHRASE_LENGTH} "
                                  "Zeichen lang sein.")
    if repeated is not None and repeated != passphrase:
        problems["repeated"] = "Die beiden Eingaben stimmen nicht überein."
    return problems


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough hint (0–4 and a German word) for the create dialog; never a gate by itself."""
    length = len(passphrase)
    classes = sum(bool(any(test(c) for c in passphrase)) for test in
                  (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum()))
    words = len(passphrase.split())
    score = 0
    if length >= MIN_PASSPHRASE_LENGTH:
        score = 1
    if length >= 16 and (classes >= 2 or words >= 3):
        score = 2
    if length >= 20 and (classes >= 3 or words >= 4):
        score = 3
    if length >= 28 and (classes >= 3 or words >= 5):
        score = 4
    return score, ["zu kurz", "schwach", "mittel", "gut", "sehr gut"][score]


@dataclass(frozen=True)
class VaultState:
    path: Path
    exists: bool
    users: tuple[str, ...]
    keyring_users: tuple[str, ...]
    keyring_available: bool


class Workspace:
    """An unlocked vault and the services that work on it.

    ``unlocked_with`` says how it was unlocked (``"passphrase"``, ``"keyring"`` or
    ``"recovery"``); only a recovery unlock may set a new passphrase without the old one.
    ``kdf`` is used for new passphrase slots (``None``: the product's defaults).
    """

    def __init__(self, vault: OpenVault, *, today: Callable[[], date] = date.today,
                 unlocked_with: str = UNLOCKED_WITH_PASSPHRASE,
                 kdf: KdfParams | None = None) -> None:
        self._vault = vault
        self._kdf = kdf
        self.unlocked_with = unlocked_with
        self.cases = CaseService(vault, today=today)
        self.desk = DeskService(vault, today=today)
        self.residence = ResidenceService(vault, today=today)
        self.azr = AzrService(vault, today=today)
        self.attachments = AttachmentService(vault)
        self.search = SearchService(vault)
        self.reminders = ReminderService(vault, today=today)
        self.partners = PartnerService(vault)
        self.export = ExportService(vault, cases=self.cases)
        self.filters = SavedFilterService(vault)
        self.letters = LetterService(vault, today=today)
        self.custody = CustodyService(vault, today=today)
        self.conferences = ConferenceService(vault, today=today)
        self.controlling = ControllingService(vault, today=today)
        self.statistics = StatisticsService(vault, today=today)
        self.district: District | None = None
        if vault.is_open:
            with vault.unit_of_work(write=False) as uow:
                code = records.meta(uow.session, "district")
            self.district = District(code) if code in {d.value for d in District} else None

    @property
    def path(self) -> Path:
        return self._vault.path

    @property
    def open_vault(self) -> OpenVault:
        """The storage object, for other services (bulk work); the UI never needs it."""
        return self._vault

    @property
    def user(self) -> UserRef:
        actor = self._vault.actor
        found = next((u for u in self._vault.keys.users if u.user_id == actor.user_id), None)
        return UserRef(actor.user_id or "", actor.name,
                       found.display_name if found else actor.name, Role(actor.role))

    @property
    def warnings(self) -> list[str]:
        return list(self._vault.warnings)

    @property
    def is_open(self) -> bool:
        return self._vault.is_open

    def check(self) -> list[CheckLine]:
        return [CheckLine(i.name, i.ok, i.detail) for i in self._vault.check().items]

    def backup(self, target: Path) -> Path:
        return self._vault.backup(target)

    def enable_keyring(self) -> None:
        self._vault.enable_keyring()

    def disable_keyring(self) -> None:
        self._vault.disable_keyring()

    @property
    def keyring_available(self) -> bool:
        return self._vault.vault.keyring.available

    def has_keyring_slot(self) -> bool:
        return bool(self._vault.keys.slots_of("keyring", self._vault.actor.user_id))

    def add_user(self, name: str, display_name: str, role: Role, passphrase: str,
                 kdf: KdfParams | None = None) -> None:
        problems = passphrase_problems(passphrase)
        if not name.strip() or not name.strip().isidentifier():
            problems["name"] = "Benutzername: Buchstaben, Ziffern und _ ohne Leerzeichen."
        if not display_name.strip():
            problems["display_name"] = "Bitte den Namen angeben, der im Protokoll steht."
        if problems:
            raise InvalidInputError(problems)
        self._vault.add_user(name, display_name, role.value, passphrase, kdf or self._kdf)

    def change_passphrase(self, old: str, new: str, repeated: str | None = None) -> None:
        """Re-wraps the data key for the signed-in user; the database file is not touched."""
        problems = passphrase_problems(new, repeated)
        if new and new == old:
            problems["passphrase"] = "Die neue Passphrase muss sich von der alten unterscheiden."  # noqa: S105
        if problems:
            raise InvalidInputError(problems)
        self._vault.vault.change_passphrase(self._vault.actor.name, old, new)
        self._vault.reload_keys()
        with self._vault.unit_of_work() as uow:
            uow.audit("vault.passphrase_change", "user", self._vault.actor.user_id)

    @property
    def may_reset_passphrase(self) -> bool:
        """True after an unlock with the recovery code: a new passphrase needs no old one."""
        return self.unlocked_with == UNLOCKED_WITH_RECOVERY

    def reset_passphrase(self, new: str, repeated: str | None = None) -> None:
        """Sets a new passphrase for the signed-in user without the old one.

        Allowed only after an unlock with the recovery code (the forgotten-passphrase case);
        afterwards the session counts as unlocked with the new passphrase. The database file
        is not touched; the data key is re-wrapped.
        """
        if not self.may_reset_passphrase:
            raise UserFacingError(
                "Eine neue Passphrase ohne die bisherige lässt sich nur festlegen, wenn der "
                "Tresor mit dem Wiederherstellungscode entsperrt wurde. Bitte die bisherige "
                "Passphrase angeben.")
        problems = passphrase_problems(new, repeated)
        if problems:
            raise InvalidInputError(problems)
        self._vault.set_passphrase(new, kdf=self._kdf)
        self.unlocked_with = UNLOCKED_WITH_PASSPHRASE

    def new_recovery_code(self) -> str:
        """Replaces the vault's recovery code (the old one stops working); shown once."""
        return self._vault.new_recovery_code()

    def lock(self) -> None:
        """Disposes the engine and forgets the key; the instance lock stays held."""
        self._vault.close(release_lock=False)

    def close(self) -> None:
        self._vault.close(release_lock=True)


class VaultService:
    """The vault file before it is unlocked: create, unlock (with a growing delay), restore."""

    def __init__(self, path: Path, *, keyring: KeyringStore | None = None,
                 kdf: KdfParams | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._vault = Vault(path, keyring=keyring)
        self._kdf = kdf
        self._clock = clock
        self._failures = 0
        self._blocked_until = 0.0

    @property
    def path(self) -> Path:
        return self._vault.path

    def state(self) -> VaultState:
        exists = self._vault.exists() and self._vault.files.keys.exists()
        users: tuple[str, ...] = ()
        keyring_users: tuple[str, ...] = ()
        if exists:
            keys = self._vault.key_file()
            users = tuple(u.name for u in keys.users)
            keyring_users = tuple(u.name for u in keys.users
                                  if keys.slots_of("keyring", u.user_id))
        return VaultState(self._vault.path, exists, users, keyring_users,
                          self._vault.keyring.available)

    def create(self, *, user_name: str, display_name: str, passphrase: str,
               repeated: str | None = None, role: Role = Role.CASEWORKER,
               district: District | None = None) -> tuple[Workspace, str]:
        """A new vault with the partner seed data; returns it and the recovery code."""
        problems = passphrase_problems(passphrase, repeated)
        if not user_name.strip() or not user_name.strip().isidentifier():
            problems["user_name"] = "Benutzername: Buchstaben, Ziffern und _ ohne Leerzeichen."
        if not display_name.strip():
            problems["display_name"] = "Bitte den Namen angeben, der im Protokoll steht."
        if problems:
            raise InvalidInputError(problems)
        meta = {"district": district.value} if district else {}
        opened, code = Vault.create(self._vault.path, user_name=user_name,
                                    display_name=display_name, role=role.value,
                                    passphrase=passphrase, kdf=self._kdf,
                                    keyring=self._vault.keyring, meta=meta)
        self._vault = opened.vault
        with opened.unit_of_work() as uow:
            seed_partners(uow)
        return self._workspace(opened, UNLOCKED_WITH_PASSPHRASE), code

    def _workspace(self, opened: OpenVault, unlocked_with: str) -> Workspace:
        return Workspace(opened, unlocked_with=unlocked_with, kdf=self._kdf)

    def unlock_with_passphrase(self, user_name: str | None, passphrase: str) -> Workspace:
        """Unlocks; after repeated failures each further try waits longer (1, 2, 4 … 30 s)."""
        now = self._clock()
        if now < self._blocked_until:
            raise TooManyAttemptsError(self._blocked_until - now)
        try:
            opened = self._vault.unlock_with_passphrase(user_name or None, passphrase)
        except WrongPassphraseError:
            self._failures += 1
            if self._failures >= 3:
                self._blocked_until = self._clock() + min(30.0, 2.0 ** (self._failures - 3))
            raise
        self._failures = 0
        self._blocked_until = 0.0
        return self._workspace(opened, UNLOCKED_WITH_PASSPHRASE)

    def retry_delay(self) -> float:
        return max(0.0, self._blocked_until - self._clock())

    def unlock_with_keyring(self, user_name: str) -> Workspace:
        return self._workspace(self._vault.unlock_with_keyring(user_name),
                               UNLOCKED_WITH_KEYRING)

    def unlock_with_recovery(self, user_name: str, code: str) -> Workspace:
        """Unlocks with the recovery code; the workspace may then reset the passphrase."""
        return self._workspace(self._vault.unlock_with_recovery(user_name, code),
                               UNLOCKED_WITH_RECOVERY)

    def change_passphrase(self, user_name: str, old: str, new: str,
                          repeated: str | None = None) -> None:
        problems = passphrase_problems(new, repeated)
        if problems:
            raise InvalidInputError(problems)
        self._vault.change_passphrase(user_name, old, new, kdf=self._kdf)

    def restore(self, backup: Path, user_name: str | None, passphrase: str) -> Workspace:
        return self._workspace(self._vault.restore_from(backup, user_name, passphrase),
                               UNLOCKED_WITH_PASSPHRASE)
