"""The two families of errors (STYLE.md): problems the user can act on, and bugs.

A ``UserFacingError`` carries a German message for the screen; anything else that reaches the
error presenter is a bug and goes to the crash dialog.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An error the user can understand and act on; ``message`` is German."""

    message = "Ein Fehler ist aufgetreten."

    def __init__(self, message: str | None = None, *, detail: str = "") -> None:
        if message is not None:
            self.message = message
        self.detail = detail
        super().__init__(self.message)


class VaultError(UserFacingError):
    """Base of all problems with the encrypted vault."""


class VaultNotFoundError(VaultError):
    message = "Es gibt an diesem Ort keinen Tresor."


class VaultExistsError(VaultError):
    message = ("An diesem Ort liegt bereits ein Tresor oder eine andere Datei. Er wird nicht "
               "überschrieben.")


class WrongPassphraseError(VaultError):
    message = "Die Passphrase ist falsch."


class WrongKeyError(VaultError):
    message = ("Der Schlüssel passt nicht zu dieser Datenbank. Die Schlüsseldatei gehört "
               "vermutlich zu einem anderen Tresor.")


class DamagedVaultError(VaultError):
    message = ("Die Tresordatei ist beschädigt oder unvollständig und kann nicht geöffnet "
               "werden. Sie wurde nicht verändert. Bitte eine Sicherung zurückspielen.")


class PlaintextDatabaseError(VaultError):
    message = ("An diesem Ort liegt eine unverschlüsselte SQLite-Datenbank. Sie wird nicht als "
               "Tresor geöffnet und nicht verändert.")


class KeyFileError(VaultError):
    message = ("Die Schlüsseldatei des Tresors fehlt oder ist beschädigt. Ohne sie kann der "
               "Tresor nicht entschlüsselt werden. Bitte die Sicherung der Schlüsseldatei "
               "zurückspielen.")


class VaultInUseError(VaultError):
    message = ("Der Tresor ist bereits in einem anderen Fenster oder Programm geöffnet. "
               "Bitte dort weiterarbeiten oder es zuerst schließen.")


class VaultLockedError(VaultError):
    message = "Der Tresor ist gesperrt. Bitte zuerst entsperren."


class StorageFullError(VaultError):
    message = ("Der Datenträger ist voll. Die letzte Änderung wurde nicht gespeichert; "
               "bitte Platz schaffen und erneut versuchen.")


class ReadOnlyLocationError(VaultError):
    message = ("Der Speicherort ist schreibgeschützt. Änderungen können nicht gespeichert "
               "werden.")


class UnknownUserError(VaultError):
    message = "Diese Benutzerin bzw. diesen Benutzer gibt es im Tresor nicht."


class KeyringUnavailableError(VaultError):
    message = ("Kein sicherer Schlüsselbund des Betriebssystems verfügbar. Bitte mit der "
               "Passphrase entsperren.")


class AuditChainError(VaultError):
    message = "Das Prüfprotokoll ist nicht lückenlos."


class StaleDataError(UserFacingError):
    message = ("Der Datensatz wurde inzwischen an anderer Stelle geändert. Bitte neu laden "
               "und die Änderung erneut vornehmen.")


class NotFoundError(UserFacingError):
    message = "Der Datensatz wurde nicht gefunden."


class InvalidInputError(UserFacingError):
    """Input that breaks a rule; ``problems`` maps a field to a German message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("Bitte die Eingaben prüfen:\n" + "\n".join(
            f"• {text}" for text in problems.values()))


class OperationCancelled(UserFacingError):  # noqa: N818 - a signal, not a failure
    message = "Der Vorgang wurde abgebrochen."


class PermissionDeniedError(UserFacingError):
    """The signed-in user's role (or being the author) does not allow this step."""

    message = "Dafür fehlt die Berechtigung."
