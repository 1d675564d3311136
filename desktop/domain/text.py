"""Text folding for search: diacritics, transliterations and ß folded to plain ASCII."""

from __future__ import annotations

import re
import unicodedata

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
    ("muller") finds the umlauted name; ``ß`` becomes ``ss``.
    """
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
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
    seen: list[str] = []
    for part in parts:
        if not part:
            continue
        variants = [part]
        german = part.translate(_GERMAN_UMLAUTS)
        if german != part:
            variants.append(german)
        for variant in variants:
            for token in tokens(variant):
                if token not in seen:
                    seen.append(token)
    return " ".join(seen)
