"""The duplicate check at intake: existing cases whose person may be the new one.

One read-only unit of work: the blocking keys of the new person's names
(:func:`desktop.domain.duplicates.person_blocking_keys`) find the candidate persons in the
indexed ``person_keys`` table; their names, aliases and birth dates are then scored by
:func:`desktop.domain.duplicates.find_duplicates`, which says why each one matches. Nothing
is decided or merged here; no personal data leaves the program, so a check is not audited.
"""

from __future__ import annotations

from collections import defaultdict

from desktop.domain.cases import AliasInput, PersonInput, display_name
from desktop.domain.duplicates import AliasName, PersonKey, PersonQuery, find_duplicates
from desktop.domain.enums import CaseStatus
from desktop.services.read_models import DuplicateView
from desktop.storage.blocking_keys import query_keys
from desktop.storage.repositories import person_keys as repo
from desktop.storage.vault import OpenVault

# Below this a match is too weak to interrupt an intake: e.g. only the family name agrees
# and the birth dates contradict each other (45 − 15), or names merely one letter apart
# with different given names. Scores: see desktop.domain.duplicates.
MIN_SCORE = 40


def duplicate_candidates(vault: OpenVault, person: PersonInput,
                         aliases: tuple[AliasInput, ...] = (), *, limit: int = 20,
                         min_score: int = MIN_SCORE) -> list[DuplicateView]:
    """The live cases whose person may be ``person`` (with ``aliases``), best first."""
    query = PersonQuery.from_input(person, aliases)
    keys = query_keys(query)
    if not keys:
        return []
    with vault.unit_of_work(write=False) as uow:
        cases, alias_rows = repo.candidates(uow.session, keys)
    by_person: dict[str, list[AliasName]] = defaultdict(list)
    for row in alias_rows:
        by_person[row.person_id].append(
            AliasName(row.family_name, row.given_names, row.birth_date))
    existing = [PersonKey(
        person_id=row.person_id, case_id=row.case_id, file_number=row.file_number,
        family_name=row.family_name, given_names=row.given_names, birth_name=row.birth_name,
        birth_date=row.birth_date, aliases=tuple(by_person.get(row.person_id, ())))
        for row in cases]
    statuses = {row.case_id: CaseStatus(row.status) for row in cases}
    return [DuplicateView(
        case_id=c.key.case_id, file_number=c.key.file_number,
        name=display_name(c.key.family_name, c.key.given_names),
        birth_date=c.key.birth_date.format() if c.key.birth_date else "",
        status=statuses[c.key.case_id], score=c.score, reasons=c.reasons)
        for c in find_duplicates(query, existing, min_score=min_score, limit=limit)]
