"""Global search (Ctrl+K) over names, aliases, all file numbers and the journal text.

Both FTS5 indexes hold folded text only (``domain.text.search_document``); the query is folded
the same way and every token becomes a quoted prefix term (``cases.fts_query``), so no FTS
syntax typed by the user reaches SQLite. One hit per case, with the best reason (Name, Alias,
Aktenzeichen, Verlauf); a read, not audited.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.domain.cases import display_name
from desktop.domain.enums import CaseStatus
from desktop.domain.text import search_document, tokens
from desktop.services.read_models import SearchHit
from desktop.storage.repositories import search as repo
from desktop.storage.repositories.cases import fts_query
from desktop.storage.vault import OpenVault

WHERE_NAME = "Name"
WHERE_ALIAS = "Alias"
WHERE_NUMBER = "Aktenzeichen"
WHERE_JOURNAL = "Verlauf"
_ORDER = {WHERE_NAME: 0, WHERE_ALIAS: 1, WHERE_NUMBER: 2, WHERE_JOURNAL: 3}
SNIPPET_CONTEXT = 40
_WORD = re.compile(r"\w+")


def _matches(terms: list[str], document: str) -> bool:
    """True if every query term is a prefix of a token of the folded ``document``."""
    words = document.split()
    return all(any(w.startswith(t) for w in words) for t in terms)


def excerpt(text: str, terms: list[str], context: int = SNIPPET_CONTEXT) -> str:
    """A short excerpt of ``text`` around the first word that one of ``terms`` (folded)
    starts; the beginning of ``text`` if none does."""
    flat = " ".join(text.split())
    start = end = 0
    for word in _WORD.finditer(flat):
        if any(tok.startswith(t) for tok in search_document(word.group()).split()
               for t in terms):
            start, end = word.start(), word.end()
            break
    left = max(0, start - context)
    right = min(len(flat), end + context) if end else min(len(flat), 2 * context)
    if left > 0:
        space = flat.find(" ", left)
        left = space + 1 if 0 <= space < start else left
    if right < len(flat):
        space = flat.rfind(" ", end, right)
        right = space if space > end else right
    return ("…" if left > 0 else "") + flat[left:right] + ("…" if right < len(flat) else "")


class SearchService:
    """Finds live cases by name, alias, file numbers and journal text."""

    def __init__(self, vault: OpenVault) -> None:
        self._vault = vault

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        match = fts_query(text)
        if match is None or limit <= 0:
            return []
        terms = tokens(text)
        with self._vault.unit_of_work(write=False) as uow:
            session = uow.session
            cases = repo.case_matches(session, match, limit)
            entries = repo.journal_matches(session, match, limit * 4)
            found: dict[str, tuple[str, str]] = {}
            ordered: list[str] = []
            for row in cases:
                if row.case_id not in found:
                    found[row.case_id] = ("", "")
                    ordered.append(row.case_id)
            for entry in entries:
                if entry.case_id not in found and len(ordered) < limit:
                    found[entry.case_id] = (WHERE_JOURNAL,
                                            excerpt(f"{entry.subject}: {entry.text}"
                                                    if entry.subject else entry.text, terms))
                    ordered.append(entry.case_id)
            heads = {h.id: h for h in repo.case_heads(session, ordered)}
            case_rows = {r.case_id: r for r in cases}
            aliases: dict[str, list[str]] = {}
            for alias in repo.live_aliases(session, [h.person_id for h in heads.values()]):
                aliases.setdefault(alias.person_id, []).append(
                    display_name(alias.family_name, alias.given_names))
            references: dict[str, list[str]] = {}
            for ref in repo.live_references(session, [i for i in ordered if i in case_rows]):
                references.setdefault(ref.case_id, []).append(ref.value)
            hits: list[SearchHit] = []
            for case_id in ordered:
                head = heads.get(case_id)
                if head is None:
                    continue
                if case_id in case_rows:
                    where, snippet = self._reason(head, terms, aliases.get(head.person_id, []),
                                                  references.get(case_id, []))
                else:
                    where, snippet = found[case_id]
                hits.append(SearchHit(case_id, head.file_number,
                                      display_name(head.family_name, head.given_names),
                                      CaseStatus(head.status), where, snippet))
        hits.sort(key=lambda h: _ORDER[h.where])  # stable: FTS rank within a reason
        return hits[:limit]

    @staticmethod
    def _reason(head: Any, terms: list[str], aliases: list[str],
                references: list[str]) -> tuple[str, str]:
        if _matches(terms, search_document(head.family_name, head.given_names,
                                           head.birth_name)):
            return WHERE_NAME, ""
        numbers = [head.file_number, head.azr_number, head.intake_reference, *references]
        for number in numbers:
            if number and _matches(terms, search_document(number)):
                return WHERE_NUMBER, number
        for alias in aliases:
            if _matches(terms, search_document(alias)):
                return WHERE_ALIAS, alias
        if aliases and _matches(terms, search_document(head.family_name, head.given_names,
                                                       head.birth_name, *aliases)):
            return WHERE_ALIAS, ", ".join(aliases)
        if _matches(terms, search_document(*numbers, *references)):
            return WHERE_NUMBER, " ".join(n for n in numbers if n)
        return WHERE_NAME, ""
