"""Synthetic demo data: a vault full of clearly fictitious cases, fast and deterministic.

``build_demo`` fills an unlocked, empty vault with invented people, cases, measures,
reminders, journal entries, Duldungen, obstacles, external file numbers, identity documents,
languages and addresses; the same seed gives the same data. Rows are generated as plain
dicts in batches and written with bulk inserts in one unit of work, so a cancelled build
leaves nothing behind, and one audit event (``demo.generate``) records the whole build. The
vault is marked as a demo (``vault_meta`` ``demo = 1``); every case summary says that it is
fictitious, and every source reference, external file number and document number starts
with ``DEMO-``.
"""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.config import DEMO_PASSPHRASE
from desktop.domain.enums import District, PartnerKind, Role
from desktop.errors import UserFacingError
from desktop.services.demo_attachments import add_demo_attachments
from desktop.services.demo_conferences import add_demo_conferences
from desktop.services.demo_custody import add_demo_custody
from desktop.services.demo_letters import add_demo_letters
from desktop.services.demo_rows import Context, Generator, Row, contact_rows, partner_rows
from desktop.services.progress import Progress
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.keyslots import KdfParams
from desktop.storage.repositories import bulk
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import partners as partner_repo
from desktop.storage.vault import VaultFiles

BATCH_SIZE = 5000
DEMO_USER = "demo"
LEAD_USER = "leitung"


@dataclass(frozen=True)
class DemoSummary:
    """What a demo build wrote."""

    cases: int
    persons: int
    nationalities: int
    aliases: int
    flags: int
    measures: int
    reminders: int
    journal_entries: int
    partners: int
    duldungen: int = 0
    obstacles: int = 0
    external_references: int = 0
    identity_documents: int = 0
    attachments: int = 0
    letters: int = 0
    custody_records: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases, "persons": self.persons, "nationalities": self.nationalities,
            "aliases": self.aliases, "flags": self.flags, "measures": self.measures,
            "reminders": self.reminders, "journal_entries": self.journal_entries,
            "partners": self.partners, "duldungen": self.duldungen,
            "obstacles": self.obstacles, "external_references": self.external_references,
            "identity_documents": self.identity_documents,
            "attachments": self.attachments, "letters": self.letters,
            "custody_records": self.custody_records,
            "by_status": dict(self.by_status),
            "by_district": dict(self.by_district),
        }


def build_demo(workspace: Workspace, cases: int, *, seed: int = 2026,
               progress: Progress | None = None, today: date | None = None) -> DemoSummary:
    """Fills the empty vault of ``workspace`` with ``cases`` synthetic cases.

    Raises UserFacingError if the vault already holds cases, OperationCancelled (nothing is
    written) when ``progress`` is cancelled.
    """
    if cases < 0:
        raise ValueError("cases must not be negative")
    if workspace.cases.count():
        raise UserFacingError("Demodaten werden nur in einen leeren Tresor geschrieben.")
    today = today or date.today()  # noqa: DTZ011 - the local calendar day, as CaseService
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
    progress = progress or Progress()
    users = workspace.partners.users()
    me = workspace.user.id
    other = next((u.id for u in users if u.id != me), me)
    zab = {p.district.value: (p.id, p.label) for p in workspace.partners.all(PartnerKind.ZAB)
           if p.district is not None}
    opened = workspace.open_vault
    counts: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    progress.report(0, cases, "Demodaten werden erzeugt …")
    with opened.unit_of_work() as uow:
        session = uow.session
        partners = partner_rows(rng)
        counts["partners"] = bulk.partners(session, partners)
        counts["contacts"] = partner_repo.insert_contacts(session, contact_rows(partners))
        context = Context(users=(me, other), abh={}, zab=zab, police={}, sta={})
        for row in partners:
            if row["kind"] == PartnerKind.ABH.value:
                context.abh.setdefault(row["district"], []).append((row["id"],
                                                                    row["short_name"]))
            elif row["kind"] == PartnerKind.POLICE.value:
                context.police[row["district"]] = row["id"]
            elif row["kind"] == PartnerKind.STA.value:
                context.sta[row["district"]] = row["id"]
        generator = Generator(rng, today, context)
        planned = generator.plan(cases)
        with bulk.indexes_deferred(session):
            for start in range(0, cases, BATCH_SIZE):
                progress.check()
                rows = generator.batch(planned[start:start + BATCH_SIZE])
                _write(session, rows, counts)
                by_status.update(row["status"] for row in rows["cases"])
                by_district.update(row["district"] for row in rows["cases"])
                done = min(start + BATCH_SIZE, cases)
                progress.report(done, cases,
                                f"Demodaten: {_number(done)} von {_number(cases)} Fällen")
            progress.report(cases, cases, "Indizes und Suchindex werden aufgebaut …")
        bulk.finish(session, [(d, y, n) for (d, y), n in sorted(generator.highest.items())])
        case_repo.rebuild_journal_index(session)
        counts["attachments"] = add_demo_attachments(session, me)
        lead = next((u.id for u in users if u.name == LEAD_USER), None)
        letters, entries, reminders = add_demo_letters(uow, opened, rng, today, lead)
        counts.update(letters=letters, journal_entries=entries, reminders=reminders)
        counts.update(add_demo_custody(session, rng, today))
        counts.update(add_demo_conferences(uow, rng, today, me))
        bulk.set_meta(session, {"demo": "1", "demo_seed": str(seed)})
        progress.check()
        summary = DemoSummary(
            cases=counts["cases"], persons=counts["persons"],
            nationalities=counts["nationalities"], aliases=counts["aliases"],
            flags=counts["flags"], measures=counts["measures"], reminders=counts["reminders"],
            journal_entries=counts["journal_entries"], partners=counts["partners"],
            duldungen=counts["duldungen"], obstacles=counts["obstacles"],
            external_references=counts["external_references"],
            identity_documents=counts["identity_documents"],
            attachments=counts["attachments"], letters=counts["letters"],
            custody_records=counts["custody_records"],
            by_status=dict(sorted(by_status.items())),
            by_district=dict(sorted(by_district.items())))
        uow.audit("demo.generate", "vault", opened.vault_id, {"seed": seed,
                                                               **summary.as_dict()})
    return summary


def _write(session: Any, rows: dict[str, list[Row]], counts: Counter[str]) -> None:
    """One batch, parents before children."""
    counts["persons"] += bulk.persons(session, rows["persons"])
    counts["nationalities"] += bulk.person_nationalities(session, rows["nationalities"])
    counts["aliases"] += bulk.aliases(session, rows["aliases"])
    bulk.person_keys(session, rows["persons"], rows["aliases"])
    counts["cases"] += bulk.cases(session, rows["cases"])
    counts["flags"] += bulk.case_flags(session, rows["flags"])
    counts["measures"] += bulk.measures(session, rows["measures"])
    counts["reminders"] += bulk.reminders(session, rows["reminders"])
    counts["journal_entries"] += bulk.journal_entries(session, rows["journal"])
    counts["duldungen"] += bulk.duldungen(session, rows["duldungen"])
    counts["obstacles"] += bulk.obstacles(session, rows["obstacles"])
    counts["external_references"] += bulk.external_references(session, rows["references"])
    counts["identity_documents"] += bulk.identity_documents(session, rows["documents"])


def create_demo_vault(path: Path, cases: int, *, passphrase: str = DEMO_PASSPHRASE,
                      keyring: KeyringStore | None = None, kdf: KdfParams | None = None,
                      seed: int = 2026, progress: Progress | None = None,
                      today: date | None = None) -> Workspace:
    """Creates a new demo vault at ``path`` (two users: ``demo`` and ``leitung``, both with
    ``passphrase``) and fills it; returns it unlocked as ``demo``.

    The vault is made by this call, so if filling it fails or is cancelled, its files are
    removed again.
    """
    workspace, _summary = create_demo(path, cases, passphrase=passphrase, keyring=keyring,
                                      kdf=kdf, seed=seed, progress=progress, today=today)
    return workspace


def create_demo(path: Path, cases: int, *, passphrase: str = DEMO_PASSPHRASE,
                keyring: KeyringStore | None = None, kdf: KdfParams | None = None,
                seed: int = 2026, progress: Progress | None = None,
                today: date | None = None) -> tuple[Workspace, DemoSummary]:
    """:func:`create_demo_vault`, also returning what was written."""
    service = VaultService(Path(path), keyring=keyring, kdf=kdf)
    workspace, _recovery = service.create(user_name=DEMO_USER,
                                          display_name="Demo-Sachbearbeitung",
                                          passphrase=passphrase,
                                          district=District.DUESSELDORF)
    try:
        workspace.add_user(LEAD_USER, "Demo-Leitung", Role.LEAD, passphrase, kdf)
        summary = build_demo(workspace, cases, seed=seed, progress=progress, today=today)
    except BaseException:
        workspace.close()
        files = VaultFiles(workspace.path)
        for leftover in (files.db, files.keys, files.head, files.lock,
                         *files.sqlite_sidecars()):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return workspace, summary


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")
