"""Text folding for search: diacritics, transliterations and ß folded to plain ASCII."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition does not reduce to a base letter.
_SPECIAL = str.maketrans({
    "ß": "ss", "ẞ": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "ı": "i", "ħ": "h", "Ħ": "h", "ŋ": "n", "Ŋ": "n",
})
_TOKEN = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: ``Müller`` → ``muller``, ``Şahin`` → ``sahin``.

    German ``ü`` is folded to ``u`` (not ``ue``) so that a search typed without umlauts
    ("muller") finds the umlauted name; ``ß`` becomes ``ss``. Folding is done word by word
    with a cache, since the same words recur throughout a vault (indexing the journal of
    100,000 cases folds millions of words).
    """
    if text.isascii():
        return text.lower()
    return " ".join(_fold_word(word) for word in text.split(" "))


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    if word.isascii():
        return word.lower()
    word = word.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().translate(_SPECIAL)


def tokens(text: str) -> list[str]:
    """The folded search tokens of ``text`` (letters and digits; everything else splits)."""
    return _TOKEN.findall(fold(text))


_GERMAN_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe",
                                  "Ü": "Ue"})


def search_document(*parts: str | None) -> str:
    """One folded, space-separated string of all tokens of ``parts`` (for the FTS index).

    Words with German umlauts are indexed twice, so that both "muller" and "mueller" find
    "Müller".
    """
    seen: dict[str, None] = {}  # insertion-ordered set
    for part in parts:
        if not part:
            continue
        seen.update(dict.fromkeys(tokens(part)))
        german = part.translate(_GERMAN_UMLAUTS)
        if german != part:
            seen.update(dict.fromkeys(tokens(german)))
    return " ".join(seen)
