"""The key texts of the ``person_keys`` table: the domain's blocking keys, fit for the column.

Pure (no ORM), so that the migration which first fills the table, the repository that keeps
it current and the bulk loader all compute exactly the same texts. A key is the output of
:func:`desktop.domain.duplicates.person_blocking_keys`; the rare key longer than the column
(64 characters, only for very long names) is shortened to a prefix and a hash of the whole,
which stays distinct and equal on both sides of a look-up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache

from desktop.domain.duplicates import AliasName, PersonQuery, person_blocking_keys

KEY_LENGTH = 64
_PREFIX = 40


def fit(key: str) -> str:
    """``key`` itself, or (if longer than :data:`KEY_LENGTH`) a prefix and a SHA-256 hash."""
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[:_PREFIX]}#{digest[:KEY_LENGTH - _PREFIX - 1]}"


def query_keys(query: PersonQuery) -> list[str]:
    """The stored-form keys of a person to look up, sorted (deterministic SQL)."""
    return sorted({fit(key) for key in person_blocking_keys(query)})


def person_keys(family_name: str, given_names: str, birth_name: str,
                aliases: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The stored-form keys of an existing person: own name, birth name and live aliases
    (``(family_name, given_names)`` pairs). Birth dates do not enter the keys."""
    return list(_person_keys(family_name, given_names, birth_name, tuple(aliases)))


@lru_cache(maxsize=65_536)  # names repeat: a bulk load computes each combination once
def _person_keys(family_name: str, given_names: str, birth_name: str,
                 aliases: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(query_keys(PersonQuery(
        family_name, given_names, birth_name,
        aliases=tuple(AliasName(family, given) for family, given in aliases))))
