"""Duplicate candidates at intake: persons who may be the new person, ranked and explained.

Nothing here decides. :func:`find_duplicates` only lists existing persons whose names (or
aliases, or birth name) resemble the new person's, with a score from 0 to 100 and German
reasons; the caseworker decides whether a case already exists. Names are compared through
:func:`desktop.domain.names.name_key`, birth dates through :meth:`PartialDate.could_be`.

Scoring (at most 100):

====================  ===========  =======
Name comparison       Familienname Vorname
====================  ===========  =======
gleich                45           25
gleiche Schreibweise  44           24
Transliteration       40           22
ohne Artikel al-/el-  30           15
teilweise gleich      25           15
ähnlich (1 Zeichen)   20           10
====================  ===========  =======

Birth date: equal and complete 30; compatible (unknown parts) 22 when the month is known on
both sides, else 15; only the year differs with day and month equal 5 ("Geburtsjahr weicht
ab"); other differences −15. Swapped given and family names count as the weaker of the two
comparisons for the family name and the stronger for the given name, less 5; they must match
at least partly on both sides.

A person is listed only with at least a family-name match (straight or swapped); a birth date
alone never makes a candidate. Müller and Miller are *similar* (one letter apart) but not the
same name: they are listed, low, with the reason "Familienname ähnlich".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple, Protocol

from desktop.domain.cases import AliasInput, PersonInput, display_name
from desktop.domain.dates import PartialDate
from desktop.domain.names import (
    deletion_variants,
    is_particle,
    name_key,
    name_words,
    strip_article,
    within_one_edit,
)

__all__ = [
    "AliasName",
    "DuplicateCandidate",
    "PersonKey",
    "PersonQuery",
    "Tier",
    "blocking_keys",
    "compare_names",
    "find_duplicates",
    "name_key",
    "person_blocking_keys",
    "score_match",
]


class AliasName(NamedTuple):
    """An alias (other name, spelling or birth date). Empty parts mean "as the person"."""

    family_name: str
    given_names: str = ""
    birth_date: PartialDate | None = None


@dataclass(frozen=True)
class PersonQuery:
    """The new person of an intake, as far as it is known."""

    family_name: str
    given_names: str = ""
    birth_name: str = ""
    birth_date: PartialDate | None = None
    aliases: tuple[AliasName, ...] = ()

    @classmethod
    def from_input(cls, person: PersonInput,
                   aliases: Iterable[AliasInput] = ()) -> PersonQuery:
        return cls(person.family_name, person.given_names, person.birth_name,
                   person.birth_date,
                   tuple(AliasName(a.family_name, a.given_names, a.birth_date)
                         for a in aliases))


@dataclass(frozen=True)
class PersonKey:
    """What the duplicate check needs of an existing person (one per person)."""

    person_id: str
    case_id: str
    file_number: str
    family_name: str
    given_names: str = ""
    birth_name: str = ""
    birth_date: PartialDate | None = None
    aliases: tuple[AliasName, ...] = ()


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing person who may be the new one; ``reasons`` say why, in German."""

    key: PersonKey
    score: int
    reasons: tuple[str, ...]


class _Person(Protocol):
    @property
    def family_name(self) -> str: ...
    @property
    def given_names(self) -> str: ...
    @property
    def birth_name(self) -> str: ...
    @property
    def birth_date(self) -> PartialDate | None: ...
    @property
    def aliases(self) -> tuple[AliasName, ...]: ...


class Tier(IntEnum):
    """How closely two names agree (higher is closer)."""

    NONE = 0
    SIMILAR = 1    # keys one edit apart (both keys longer than 4 letters)
    PART = 2       # one word of a name equals one word of the other
    ARTICLE = 3    # equal without a leading al-/el-
    KEY = 4        # same key: a transliteration (or the same words in another order)
    SPELLING = 5   # same letters after removing diacritics and punctuation
    EXACT = 6


_FAMILY_POINTS = {Tier.NONE: 0, Tier.SIMILAR: 20, Tier.PART: 25, Tier.ARTICLE: 30,
                  Tier.KEY: 40, Tier.SPELLING: 44, Tier.EXACT: 45}
_GIVEN_POINTS = {Tier.NONE: 0, Tier.SIMILAR: 10, Tier.PART: 15, Tier.ARTICLE: 15,
                 Tier.KEY: 22, Tier.SPELLING: 24, Tier.EXACT: 25}
_SWAP_PENALTY = 5
_DATE_EQUAL = 30
_DATE_MONTH = 22
_DATE_YEAR = 15
_DATE_YEAR_DIFFERS = 5
_DATE_CONFLICT = -15


@dataclass(frozen=True)
class _Name:
    text: str                  # as written, whitespace normalised
    exact: str                 # case-folded, for "gleich"
    words: tuple[str, ...]     # folded words, for "Schreibweise"
    key: str
    bag: str                   # word keys sorted, for the same words in another order
    parts: frozenset[str]      # word keys without particles and very short words
    stripped: str              # key without the article

    @property
    def core_keys(self) -> frozenset[str]:
        """Keys shared by two names whenever they agree at PART level or better."""
        return frozenset(k for k in (self.key, self.bag, self.stripped, *self.parts) if k)


@lru_cache(maxsize=200_000)
def _name(text: str) -> _Name:
    clean = " ".join(text.split())
    words = tuple(name_words(clean))
    word_keys = [name_key(word) for word in words]
    key = name_key(clean)
    return _Name(
        text=clean, exact=clean.casefold(), words=words, key=key,
        bag="|".join(sorted(k for k in word_keys if k)),
        parts=frozenset(k for k in word_keys if len(k) >= 3 and not is_particle(k)),
        stripped=strip_article(key),
    )


def compare_names(a: str, b: str) -> Tier:
    """How closely two names agree; symmetric in ``a`` and ``b``."""
    return _compare(_name(a), _name(b))


def _compare(a: _Name, b: _Name) -> Tier:
    if not a.key or not b.key:
        return Tier.NONE
    if a.exact == b.exact:
        return Tier.EXACT
    if a.words == b.words:
        return Tier.SPELLING
    if a.key == b.key or a.bag == b.bag:
        return Tier.KEY
    if a.stripped == b.stripped:
        return Tier.ARTICLE
    if a.parts & b.parts:
        return Tier.PART
    if len(a.key) > 4 and len(b.key) > 4 and within_one_edit(a.key, b.key):
        return Tier.SIMILAR
    return Tier.NONE


def _reason(role: str, tier: Tier, a: _Name, b: _Name) -> str:
    pair = f"{a.text}/{b.text}"
    return {
        Tier.EXACT: f"{role} gleich",
        Tier.SPELLING: f"{role} gleich (Schreibweise: {pair})",
        Tier.KEY: f"{role} als Transliteration gleich ({pair})",
        Tier.ARTICLE: f"{role} bis auf den Artikel al-/el- gleich ({pair})",
        Tier.PART: f"{role} teilweise gleich ({pair})",
        Tier.SIMILAR: f"{role} ähnlich ({pair})",
        Tier.NONE: f"{role} weicht ab ({pair})",
    }[tier]


@dataclass(frozen=True)
class _Identity:
    family: _Name
    given: _Name
    birth_date: PartialDate | None
    label: str  # "" for the person's own names, else "Alias …" or "Geburtsname …"


def _identities(person: _Person) -> Iterator[_Identity]:
    family, given = person.family_name, person.given_names
    yield _Identity(_name(family), _name(given), person.birth_date, "")
    if person.birth_name.strip() and _name(person.birth_name).words != _name(family).words:
        yield _Identity(_name(person.birth_name), _name(given), person.birth_date,
                        f"Geburtsname {' '.join(person.birth_name.split())}")
    for alias in person.aliases:
        alias_family = alias.family_name if alias.family_name.strip() else family
        alias_given = alias.given_names if alias.given_names.strip() else given
        shown = " ".join(f"{alias_given} {alias_family}".split())
        yield _Identity(_name(alias_family), _name(alias_given),
                        alias.birth_date or person.birth_date, f"Alias {shown}")


def _date_points(a: PartialDate | None, b: PartialDate | None) -> tuple[int, str | None]:
    if a is None or b is None:
        return 0, None
    pair = f"{a}" if a == b else f"{a} / {b}"
    if a.could_be(b):
        if a == b and a.is_complete:
            return _DATE_EQUAL, f"Geburtsdatum gleich ({a})"
        points = _DATE_MONTH if a.month and b.month else _DATE_YEAR
        return points, f"Geburtsdatum passt ({pair})"
    months_agree = not (a.month and b.month and a.month != b.month)
    days_agree = not (a.day and b.day and a.day != b.day)
    if months_agree and days_agree:  # only the year differs
        points = _DATE_YEAR_DIFFERS if a.day and b.day else 0
        return points, f"Geburtsjahr weicht ab ({pair})"
    return _DATE_CONFLICT, f"Geburtsdatum weicht ab ({pair})"


def _score_names(x: _Identity, y: _Identity) -> tuple[int, list[str]] | None:
    family = _compare(x.family, y.family)
    straight: tuple[int, list[str]] | None = None
    if family is not Tier.NONE:
        given = _compare(x.given, y.given)
        reasons = [_reason("Familienname", family, x.family, y.family)]
        if x.given.key and y.given.key:
            reasons.append(_reason("Vorname", given, x.given, y.given))
        straight = _FAMILY_POINTS[family] + _GIVEN_POINTS[given], reasons
    cross_a = _compare(x.family, y.given)
    cross_b = _compare(x.given, y.family)
    if min(cross_a, cross_b) >= Tier.PART:
        low, high = sorted((cross_a, cross_b))
        points = _FAMILY_POINTS[low] + _GIVEN_POINTS[high] - _SWAP_PENALTY
        if straight is None or points > straight[0]:
            shown = (f"{display_name(x.family.text, x.given.text)} / "
                     f"{display_name(y.family.text, y.given.text)}")
            return points, [f"Vor- und Familienname vertauscht ({shown})"]
    return straight


def _score_pair(x: _Identity, y: _Identity) -> tuple[int, tuple[str, ...]] | None:
    names = _score_names(x, y)
    if names is None:
        return None
    points, reasons = names
    date_points, date_reason = _date_points(x.birth_date, y.birth_date)
    labels = []
    if x.label:
        labels.append(f"Neu angegebener {x.label} passt")
    if y.label:
        labels.append(f"{y.label} passt")
    if date_reason:
        reasons.append(date_reason)
    score = max(0, min(100, points + date_points))
    return score, (*labels, *reasons)


def score_match(a: _Person, b: _Person) -> tuple[int, tuple[str, ...]] | None:
    """The best score (0–100) and reasons over all names of ``a`` and ``b``.

    Every combination of own name, birth name and aliases of both persons is compared; the
    best one counts. None when no combination agrees at least on the family name (straight
    or swapped). The score is symmetric: ``score_match(a, b)`` and ``score_match(b, a)``
    give the same number.
    """
    best: tuple[int, int, tuple[str, ...]] | None = None
    for x in _identities(a):
        for y in _identities(b):
            result = _score_pair(x, y)
            if result is None:
                continue
            rank = (result[0], -(bool(x.label) + bool(y.label)))
            if best is None or rank > best[:2]:
                best = (*rank, result[1])
    return None if best is None else (best[0], best[2])


def find_duplicates(new: PersonQuery | PersonKey, existing: Iterable[PersonKey], *,
                    min_score: int = 0, limit: int | None = None,
                    ) -> list[DuplicateCandidate]:
    """Existing persons who may be ``new``, best first (score, then file number).

    ``existing`` may be every person or, faster, those whose :func:`person_blocking_keys`
    share a key with the new person's. Nothing is merged or decided here.
    """
    found = []
    for key in existing:
        if isinstance(new, PersonKey) and key.person_id == new.person_id:
            continue
        result = score_match(new, key)
        if result is not None and result[0] >= min_score:
            found.append(DuplicateCandidate(key, result[0], result[1]))
    found.sort(key=lambda c: (-c.score, c.key.file_number, c.key.person_id))
    return found if limit is None else found[:limit]


def blocking_keys(family: str, given: str) -> set[str]:
    """Index keys of one name (family and given names) for a fast candidate look-up.

    Store these for every name of every person (own name, birth name, aliases: see
    :func:`person_blocking_keys`) in an indexed table; the candidates of a new person are the
    persons who share at least one key with it. Every person :func:`score_match` would list
    shares a key (tested), so the look-up loses no candidate:

    - ``f:`` keys come from the family name: its key, the key without the article, the keys
      of its words, the key of its words in sorted order, and the key with one letter
      removed (for names one letter apart, e.g. Müller/Miller);
    - ``s:`` keys pair a family-name key with a given-name key in sorted order, so that
      swapped given and family names meet.

    A plain prefix of three letters would miss names that differ in their first letters and
    would match every "Moh…" in the file; the keys above are both complete and narrow.
    """
    fam, giv = _name(family), _name(given)
    keys = {f"f:{k}" for k in fam.core_keys}
    if len(fam.key) > 4:
        keys.update(f"f:{k}" for k in deletion_variants(fam.key))
    keys.update(f"s:{min(f, g)}|{max(f, g)}" for f in fam.core_keys for g in giv.core_keys)
    return keys


def person_blocking_keys(person: PersonQuery | PersonKey) -> set[str]:
    """The :func:`blocking_keys` of all names of ``person`` (own, birth name, aliases)."""
    keys: set[str] = set()
    for identity in _identities(person):
        keys |= blocking_keys(identity.family.text, identity.given.text)
    return keys
