"""Saved case-list filters ("Meine überfälligen Fälle"): the built-in ones and the user's own.

Built-in filters are code, not rows: every user sees them first and nobody can change them.
A user's own filters live in ``saved_filters`` (name unique per user) with the query as
canonical JSON (sorted keys, no spaces). Decoding is tolerant: unknown keys are ignored (a
newer program may have written them), and a row whose JSON is garbled or holds a value this
program does not know (an unknown status, say) is left out of the list rather than breaking it.
Saving, renaming and deleting are audited (the filter's id, never its name or query).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import fields
from typing import Any

from desktop.domain.enums import CaseFlag, CaseStatus, District
from desktop.errors import InvalidInputError, NotFoundError
from desktop.services.read_models import CaseQuery, CaseSort, SavedFilterView
from desktop.storage import orm
from desktop.storage.repositories import saved_filters as repo
from desktop.storage.vault import OpenVault

MAX_NAME = 100
BUILTIN_PREFIX = "builtin:"
BUILTINS: tuple[SavedFilterView, ...] = (
    SavedFilterView(f"{BUILTIN_PREFIX}my_overdue", "Meine überfälligen Fälle",
                    CaseQuery(mine=True, overdue_only=True), builtin=True),
    SavedFilterView(f"{BUILTIN_PREFIX}my_open", "Meine offenen Fälle",
                    CaseQuery(mine=True, open_only=True), builtin=True),
    SavedFilterView(f"{BUILTIN_PREFIX}all_overdue", "Alle überfälligen Fälle",
                    CaseQuery(overdue_only=True), builtin=True),
)

_ENUMS: dict[str, type[Any]] = {"status": CaseStatus, "district": District, "flag": CaseFlag,
                                "sort": CaseSort}
_BOOLS = ("descending", "overdue_only", "mine", "open_only")


def encode_query(query: CaseQuery) -> str:
    """The canonical JSON of ``query``: every field, enums by their code, sorted keys."""
    data: dict[str, Any] = {}
    for field in fields(CaseQuery):
        value = getattr(query, field.name)
        data[field.name] = value.value if field.name in _ENUMS and value is not None else value
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def decode_query(text: str) -> CaseQuery | None:
    """The query of a stored filter; ``None`` if the JSON is garbled or holds a value this
    program does not understand. Unknown keys are ignored, missing ones take defaults."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    try:
        for name, kind in _ENUMS.items():
            code = data.get(name)
            if code is not None:
                if not isinstance(code, str):
                    return None
                values[name] = kind(code)
        for name in _BOOLS:
            flag = data.get(name, False)
            if not isinstance(flag, bool):
                return None
            values[name] = flag
        search = data.get("search", "")
        caseworker = data.get("caseworker_id")
        if not isinstance(search, str) or not (caseworker is None or isinstance(caseworker, str)):
            return None
    except ValueError:
        return None
    return CaseQuery(search=search, caseworker_id=caseworker or None, **values)


def name_problem(name: str) -> str | None:
    """Why ``name`` (already stripped) cannot name a filter, or ``None``."""
    if not name:
        return "Bitte einen Namen für den Filter eingeben."
    if len(name) > MAX_NAME:
        return f"Der Name darf höchstens {MAX_NAME} Zeichen lang sein."
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "Der Name darf keine Steuerzeichen oder Zeilenumbrüche enthalten."
    return None


class SavedFilterService:
    """The saved filters of the unlocked user. Every method is one unit of work."""

    def __init__(self, vault: OpenVault) -> None:
        self._vault = vault

    def list_filters(self) -> list[SavedFilterView]:
        """Built-in filters first, then the user's own by position; unreadable rows are
        left out."""
        with self._vault.unit_of_work(write=False) as uow:
            rows = repo.of_user(uow.session, self._user_id())
            own = [view for view in map(_view, rows) if view is not None]
        return [*BUILTINS, *own]

    def save(self, name: str, query: CaseQuery) -> SavedFilterView:
        """Saves ``query`` under ``name`` (a new filter at the end of the list)."""
        name = name.strip()
        user_id = self._user_id()
        with self._vault.unit_of_work() as uow:
            self._check_name(uow.session, user_id, name)
            row = orm.SavedFilter(user_id=user_id, name=name, query=encode_query(query),
                                  position=repo.next_position(uow.session, user_id))
            uow.session.add(row)
            uow.session.flush()
            uow.audit("saved_filter.create", "saved_filter", row.id)
            return SavedFilterView(row.id, row.name, query)

    def rename(self, filter_id: str, name: str) -> SavedFilterView:
        name = name.strip()
        user_id = self._user_id()
        with self._vault.unit_of_work() as uow:
            row = self._own(uow.session, user_id, filter_id)
            if row.name == name:
                view = _view(row)
                if view is not None:
                    return view
            self._check_name(uow.session, user_id, name, keep=row.id)
            row.name = name
            uow.session.flush()
            uow.audit("saved_filter.rename", "saved_filter", row.id)
            return _view(row) or SavedFilterView(row.id, row.name, CaseQuery())

    def delete(self, filter_id: str) -> None:
        user_id = self._user_id()
        with self._vault.unit_of_work() as uow:
            row = self._own(uow.session, user_id, filter_id)
            row.deleted_at = orm.utcnow()
            uow.session.flush()
            uow.audit("saved_filter.delete", "saved_filter", row.id)

    # --- helpers -----------------------------------------------------------------------------
    def _user_id(self) -> str:
        user_id = self._vault.actor.user_id
        if not user_id:
            raise NotFoundError("Gespeicherte Filter gibt es nur für angemeldete Benutzer.")
        return user_id

    @staticmethod
    def _own(session: Any, user_id: str, filter_id: str) -> orm.SavedFilter:
        if filter_id.startswith(BUILTIN_PREFIX):
            raise InvalidInputError({"name": "Vorgegebene Filter lassen sich nicht ändern "
                                             "oder löschen."})
        row = repo.get(session, user_id, filter_id)
        if row is None:
            raise NotFoundError("Der Filter wurde nicht gefunden (gelöscht oder nie "
                                "gespeichert).")
        return row

    @staticmethod
    def _check_name(session: Any, user_id: str, name: str, keep: str | None = None) -> None:
        problem = name_problem(name)
        if problem is None:
            folded = name.casefold()
            taken = [b.name for b in BUILTINS] + [
                r.name for r in repo.of_user(session, user_id) if r.id != keep]
            if any(other.casefold() == folded for other in taken):
                problem = f"Es gibt schon einen Filter „{name}“. Bitte einen anderen Namen."
        if problem is not None:
            raise InvalidInputError({"name": problem})
        # A deleted filter keeps its row (sync-ready); it gives its name up to the new one.
        tombstone = repo.named(session, user_id, name)
        if tombstone is not None and tombstone.deleted_at is not None:
            tombstone.name = tombstone.id
            session.flush()


def _view(row: orm.SavedFilter) -> SavedFilterView | None:
    query = decode_query(row.query)
    return None if query is None else SavedFilterView(row.id, row.name, query)
