"""The security self-test of ``fallakte check`` and the vault page."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.storage import audit
from desktop.storage.engine import EXPECTED_PRAGMAS, read_pragmas

if TYPE_CHECKING:
    from desktop.storage.vault import OpenVault

_SLOT_LABELS = {"passphrase": "Passphrase", "keyring": "Schlüsselbund",
                "recovery": "Wiederherstellungscode"}
WEAK_KDF_MEMORY_KIB = 64 * 1024


@dataclass
class CheckItem:
    name: str
    ok: bool
    detail: str


@dataclass
class CheckReport:
    items: list[CheckItem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.items.append(CheckItem(name, ok, detail))


def run_checks(ov: OpenVault) -> CheckReport:
    """Cipher settings, page authenticity, integrity, audit chain and head, keyring, slots and
    file permissions of an unlocked vault; each as one line with a German detail."""
    report = CheckReport()
    with ov.path.open("rb") as handle:
        head = handle.read(16)
    report.add("Verschlüsselung", head != b"SQLite format 3\x00",
               "Dateikopf ist kein Klartext-SQLite" if head != b"SQLite format 3\x00"
               else "Datei ist UNVERSCHLÜSSELT")
    assert ov.engine is not None
    with ov.engine.connect() as conn:
        values = read_pragmas(conn)
        report.add("SQLCipher", bool(values.get("cipher_version")),
                   f"{values.get('cipher_version')} ({values.get('cipher_provider')})")
        wrong = {k: values.get(k) for k, v in EXPECTED_PRAGMAS.items()
                 if str(values.get(k, "")).lower() != v.lower()}
        report.add("Verbindungseinstellungen", not wrong,
                   "alle wie vorgeschrieben" if not wrong else f"abweichend: {wrong}")
        cipher = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
        report.add("cipher_integrity_check", not cipher,
                   "alle Seiten authentisch" if not cipher else "; ".join(cipher[:3]))
        try:
            integrity = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        except DBAPIError as error:
            integrity = [f"nicht lesbar: {error.orig}"]
        report.add("integrity_check", integrity == ["ok"], ", ".join(integrity[:3]))
    with Session(ov.engine) as session:
        try:
            chain = audit.verify(session)
            ok, detail = chain.ok, (f"{chain.count} Einträge lückenlos" if chain.ok
                                    else chain.reason)
        except DBAPIError as error:
            ok, detail = False, f"nicht lesbar: {error.orig}"
        report.add("Prüfprotokoll (Hash-Kette)", ok, detail)
        try:
            outside = audit.read_head_file(ov.vault.files.head, ov._key(),
                                           ov.vault_id)
            warning = audit.check_head(session, outside)
        except ValueError as error:
            warning = f"Kopfdatei ungültig: {error}"
        if warning is None and ov.head_warning is not None:
            warning = f"Beim Entsperren festgestellt: {ov.head_warning}"
        report.add("Stand gegenüber Kopfdatei", warning is None,
                   warning or "Datenbank ist auf dem zuletzt bekannten Stand")
    keyring = ov.vault.keyring
    usable = "sicher, nutzbar" if keyring.available else "nicht genutzt"
    report.add("Schlüsselbund", True, f"{keyring.name} ({usable})")
    keys = ov.reload_keys()
    kinds = [s.kind for s in keys.slots]
    weak = [s for s in keys.slots if s.kdf and s.kdf.memory_kib < WEAK_KDF_MEMORY_KIB]
    report.add("Schlüsselfächer", "passphrase" in kinds and not weak,
               ", ".join(f"{kinds.count(k)}× {_SLOT_LABELS.get(k, k)}"
                         for k in sorted(set(kinds)))
               + (f"; {len(weak)} mit schwachen KDF-Parametern" if weak else ""))
    report.add("Dateirechte", _private(ov.path) and _private(ov.vault.files.keys),
               "nur für den Eigentümer lesbar" if _private(ov.path)
               and _private(ov.vault.files.keys) else "für andere lesbar")
    return report



def _private(path: Path) -> bool:
    if os.name != "posix":
        return True
    try:
        return (path.stat().st_mode & 0o077) == 0
    except OSError:
        return False
