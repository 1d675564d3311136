"""Letter settings of a vault: letterhead, text modules (Textbausteine), the four-eyes switch.

Text modules are seeded from ``domain.letter_texts`` on the first change; until then the
defaults are shown. Each change is one unit of work and audited (keys and field names only).
"""

from __future__ import annotations

import json
import re

from desktop.domain import letter_texts
from desktop.domain.attachments import sniff_media_type
from desktop.domain.enums import Role
from desktop.domain.letters import (
    PLACEHOLDERS,
    Letterhead,
    LetterKind,
    TextModule,
    template_problems,
)
from desktop.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from desktop.services import letter_values
from desktop.storage import orm
from desktop.storage.repositories import letters as repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

FOUR_EYES_KEY = "letters.four_eyes"
SEEDED_KEY = "letters.text_modules_seeded"
MAX_LOGO = 1024 * 1024
_KEY = re.compile(r"^[a-z0-9_.-]{1,64}$")
_HEAD_LIMITS = {"authority": 200, "department": 200, "street": 200, "postcode": 10,
                "city": 100, "phone": 64, "email": 200}


def module_of(row: orm.TextModuleRow) -> TextModule:
    values = {kind.value for kind in LetterKind}
    kinds = frozenset(LetterKind(k) for k in json.loads(row.kinds) if k in values)
    return TextModule(key=row.key, title=row.title, kinds=kinds, body=row.body)


def modules(uow: UnitOfWork) -> list[TextModule]:
    """The vault's modules (the defaults until the first change)."""
    if repo.meta(uow.session, SEEDED_KEY) is None:
        return list(letter_texts.DEFAULT_TEXT_MODULES)
    return [module_of(row) for row in repo.text_modules(uow.session)]


def seed_modules(uow: UnitOfWork) -> None:
    """Copies the default text modules into the vault once (before its first change)."""
    if repo.meta(uow.session, SEEDED_KEY) is not None:
        return
    for position, module in enumerate(letter_texts.DEFAULT_TEXT_MODULES):
        if repo.text_module(uow.session, module.key) is None:
            uow.session.add(orm.TextModuleRow(
                key=module.key, title=module.title, body=module.body, position=position,
                kinds=json.dumps(sorted(k.value for k in module.kinds))))
    repo.set_meta(uow.session, SEEDED_KEY, "1")
    uow.session.flush()


def four_eyes(uow: UnitOfWork) -> bool:
    return repo.meta(uow.session, FOUR_EYES_KEY) != "0"


class LetterSettings:
    """Letterhead, text modules and four-eyes switch (part of ``workspace.letters``)."""

    def __init__(self, vault: OpenVault) -> None:
        self._vault = vault

    def letterhead(self) -> Letterhead:
        with self._vault.unit_of_work(write=False) as uow:
            return letter_values.letterhead(uow.session)

    def save_letterhead(self, head: Letterhead) -> Letterhead:
        """Stores the letterhead; the logo must be a PNG or JPEG of at most 1 MB."""
        cleaned = Letterhead(**{name: getattr(head, name).strip() for name in _HEAD_LIMITS},
                             logo=bytes(head.logo) if head.logo else None)
        problems = {name: f"Höchstens {limit} Zeichen."
                    for name, limit in _HEAD_LIMITS.items()
                    if len(getattr(cleaned, name)) > limit}
        if not cleaned.authority:
            problems["authority"] = "Bitte den Namen der Behörde angeben."
        if cleaned.logo is not None:
            if sniff_media_type(cleaned.logo) not in ("image/png", "image/jpeg"):
                problems["logo"] = "Das Logo muss ein PNG- oder JPEG-Bild sein."
            elif len(cleaned.logo) > MAX_LOGO:
                problems["logo"] = "Das Logo darf höchstens 1 MB groß sein."
        if problems:
            raise InvalidInputError(problems)
        with self._vault.unit_of_work() as uow:
            repo.set_meta(uow.session, letter_values.LETTERHEAD_KEY,
                          letter_values.encode_letterhead(cleaned))
            uow.audit("letterhead.save", "vault", self._vault.vault_id,
                      {"fields": [n for n in _HEAD_LIMITS if getattr(cleaned, n)],
                       "logo": cleaned.logo is not None})
        return cleaned

    def text_modules(self, kind: LetterKind | None = None) -> list[TextModule]:
        with self._vault.unit_of_work(write=False) as uow:
            found = modules(uow)
        return [m for m in found if kind is None or m.fits(kind)]

    def save_text_module(self, module: TextModule) -> TextModule:
        """Adds or replaces the module with ``module.key``; unknown placeholders are refused."""
        key = module.key.strip()
        title = module.title.strip()
        body = module.body.strip()
        problems = {}
        if not _KEY.match(key):
            problems["key"] = ("Kurzname: 1 bis 64 Zeichen aus Kleinbuchstaben, Ziffern, "
                               "Punkt, Binde- und Unterstrich.")
        if not title:
            problems["title"] = "Bitte einen Titel angeben."
        elif len(title) > 200:
            problems["title"] = "Höchstens 200 Zeichen."
        if not body:
            problems["body"] = "Der Textbaustein ist leer."
        else:
            # Only unknown or malformed placeholders are problems here; values come later.
            known = dict.fromkeys(PLACEHOLDERS, "x")
            if messages := template_problems(body, known):
                problems["body"] = " ".join(messages)
        if not module.kinds:
            problems["kinds"] = "Bitte mindestens eine Art von Schreiben wählen."
        if problems:
            raise InvalidInputError(problems)
        saved = TextModule(key=key, title=title, kinds=frozenset(module.kinds), body=body)
        with self._vault.unit_of_work() as uow:
            seed_modules(uow)
            row = repo.text_module(uow.session, key)
            if row is None:
                position = len(repo.text_modules(uow.session, with_deleted=True))
                row = orm.TextModuleRow(key=key, position=position)
                uow.session.add(row)
            row.title, row.body, row.deleted_at = title, body, None
            row.kinds = json.dumps(sorted(k.value for k in saved.kinds))
            uow.session.flush()
            uow.audit("text_module.save", "text_module", row.id, {"key": key})
        return saved

    def delete_text_module(self, key: str) -> None:
        with self._vault.unit_of_work() as uow:
            seed_modules(uow)
            row = repo.text_module(uow.session, key)
            if row is None or row.deleted_at is not None:
                raise NotFoundError("Den Textbaustein gibt es nicht (mehr).")
            row.deleted_at = orm.utcnow()
            uow.audit("text_module.delete", "text_module", row.id, {"key": key})

    def four_eyes(self) -> bool:
        with self._vault.unit_of_work(write=False) as uow:
            return four_eyes(uow)

    def set_four_eyes(self, on: bool) -> None:
        """Switches the approval of Weisungen on or off (Leitung or Administration only)."""
        if self._vault.actor.role not in (Role.LEAD.value, Role.ADMIN.value):
            raise PermissionDeniedError("Das Vier-Augen-Prinzip schaltet nur die Leitung oder "
                                        "die Administration um.")
        with self._vault.unit_of_work() as uow:
            repo.set_meta(uow.session, FOUR_EYES_KEY, "1" if on else "0")
            uow.audit("letters.four_eyes", "vault", self._vault.vault_id, {"on": on})
