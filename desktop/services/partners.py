"""The partner directory (Netzwerk): lookups for choosers, and the seed data."""

from __future__ import annotations

import json
from importlib import resources

from desktop.domain.enums import PartnerKind
from desktop.services import mapping
from desktop.services.read_models import PartnerRef, UserRef
from desktop.storage import orm
from desktop.storage.repositories import records
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault


class PartnerService:
    def __init__(self, vault: OpenVault) -> None:
        self._vault = vault

    def all(self, kind: PartnerKind | None = None) -> list[PartnerRef]:
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.partner_ref(p)
                    for p in records.partners(uow.session, kind.value if kind else None)]

    def foreigners_authorities(self) -> list[PartnerRef]:
        """ABH and ZAB, the possible responsible authorities of a case."""
        with self._vault.unit_of_work(write=False) as uow:
            rows = [p for p in records.partners(uow.session)
                    if p.kind in (PartnerKind.ABH.value, PartnerKind.ZAB.value)]
            return [mapping.partner_ref(p) for p in rows]

    def users(self) -> list[UserRef]:
        with self._vault.unit_of_work(write=False) as uow:
            return [mapping.user_ref(u) for u in records.users(uow.session)]


def seed_partners(uow: UnitOfWork) -> int:
    """Adds the five Bezirksregierungen and the ZABs (from resources/seed/partners.json)."""
    raw = resources.files("desktop.resources").joinpath("seed/partners.json").read_text("utf-8")
    entries = json.loads(raw)["partners"]
    for entry in entries:
        uow.session.add(orm.Partner(**entry))
    uow.audit("partner.seed", "partner", None, {"count": len(entries)})
    return len(entries)
