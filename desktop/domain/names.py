"""Phonetic keys for personal names across transliterations (Arabic, Turkish, Balkan, Slavic).

The same person is written Mohammed, Muhammad or Mohamed, Đorđević or Djordjevic, Şahin or
Sahin, depending on who transliterated the name. :func:`name_key` maps such spellings to one
key so that the duplicate check (``duplicates.py``) can compare them. A key is not a name: it
is only ever compared with other keys, never shown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from desktop.domain.text import fold

# Letter groups replaced inside each word, in this order (longer groups first).
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dsch", "d"),  # German spelling of j/ǧ (Dschamal) — joins dj/dž/đ below
    ("tsch", "c"),  # German spelling of č/ç (Tschelik = Çelik)
    ("sch", "s"),   # German sch = ş/š/sh
    ("tch", "c"),
    ("dj", "d"),    # đ is folded to d; Djordjevic = Đorđević = Dordevic
    ("dz", "d"),    # dž is folded to dz
    ("sh", "s"),
    ("zh", "z"),    # Russian ж (Zhukov = Žukov)
    ("ch", "h"),    # Arabic/German ch = kh = h (Chalid = Khalid = Halid)
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),     # German w for Slavic v (Iwanow = Ivanov)
    ("ee", "i"),    # English ee for i (Fareed = Farid)
    ("ue", "u"),    # German ue for ü (Mueller = Müller)
    ("oe", "o"),    # German oe for ö (Oezdemir = Özdemir)
    ("j", "y"),     # German/Slavic j for y (Jusuf = Yusuf); dj was handled above
)
_VOWELS = frozenset("aeiou")
# Vowel classes: transliterations disagree on short vowels (Ahmed/Ahmad, Mustafa/Mostafa,
# Hussein/Hussain) but rarely confuse i with a or u (Müller/Miller stay apart).
_VOWEL_CLASS = str.maketrans({"e": "a", "o": "u"})
# Final devoicing (Turkish Ahmet = Ahmed, Eyüp = Ayub; Ivanoff = Ivanov).
_FINAL_DEVOICED = {"d": "t", "b": "p", "g": "k", "v": "f", "z": "s"}
_WORD = re.compile(r"[^\W\d_]+")
_RUNS = re.compile(r"(.)\1+")
_ABD = re.compile(r"^abd[aiu]?l?")

# Spellings that the rules above do not bring together; the first of each group is the
# canonical word. Keep this list short: every entry is a deliberate decision.
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Yusuf", "Youssef", "Yousef", "Yosef", "Youssouf", "Jussuf"),
    ("Ibrahim", "Ebrahim", "Ibragim"),
    ("Khalid", "Khaled"),
    ("Rashid", "Rashed"),
    ("Hamid", "Hamed"),
    ("Hussein", "Hussien", "Hossain"),
    ("Fatima", "Fatma"),
    ("Aisha", "Ayesha", "Aicha"),
    ("Osman", "Othman", "Uthman"),
    ("Yunus", "Younes", "Younis"),
)

# Name particles ignored when single parts of a name are compared.
_PARTICLES = ("al", "el", "ul", "bin", "ben", "ibn", "bint", "abu", "von", "van", "der",
              "den", "del", "de", "da", "di", "du", "la", "le", "ould")


def name_words(name: str) -> list[str]:
    """The folded letter words of ``name``: ``"Al-Ḥassan"`` → ``["al", "hassan"]``.

    Diacritics are removed (:func:`desktop.domain.text.fold`); hyphens, spaces, apostrophes,
    dots and digits separate words. Letters of other scripts are kept as they are.
    """
    return _WORD.findall(fold(name))


def name_key(name: str) -> str:
    """A key equal for spellings of the same name in different transliterations.

    Steps, in order:

    1. fold diacritics and case (``Şahin`` → ``sahin``, ``Đorđević`` → ``dordevic``,
       ``Jørgensen`` → ``jorgensen``, ``ß`` → ``ss``) and split into words;
    2. in each word, replace letter groups: ``dsch``/``dj``/``dz`` → ``d``, ``tsch``/``tch`` →
       ``c``, ``sch``/``sh`` → ``s``, ``ch``/``kh`` → ``h``, ``gh`` → ``g``, ``ph`` → ``f``,
       ``th`` → ``t``, ``dh`` → ``d``, ``ck``/``q`` → ``k``, ``x`` → ``ks``, ``w`` → ``v``,
       ``ee`` → ``i``, ``ue`` → ``u``, ``oe`` → ``o``, ``j`` → ``y``;
    3. ``y`` is a consonant only at the start of a word before a vowel (Yusuf, Yılmaz);
       elsewhere it is the vowel ``i`` (Maryam = Mariam, Ayub = Aiub, Meyer = Meier);
    4. a word that is a listed variant (Youssef, Ebrahim, Khaled, …) becomes its canonical
       word (Yusuf, Ibrahim, Khalid);
    5. in each word, vowel classes: ``e`` → ``a`` and ``o`` → ``u`` (``i`` stays), so
       Ahmed = Ahmad, Mustafa = Mostafa, Hussein = Hussain, Müller = Mueller, but
       Müller ≠ Miller; doubled letters are collapsed (Hassan = Hasan); a final ``h`` after a
       vowel is dropped (Fatimah = Fatima); ``abd`` with a linking vowel and ``l`` becomes
       ``abdal`` (Abdullah = Abdallah); a final ``d``, ``b``, ``g``, ``v``, ``z`` is devoiced
       (Ahmed = Ahmet, Eyüp = Ayub, Ivanov = Iwanoff);
    6. the words are joined, so hyphens and spaces are ignored (Al-Hassan = Alhassan =
       El Hassan, Abdul Rahman = Abdelrahman = Abdurrahman); the article is kept, see
       :func:`strip_article`.

    Mohammed, Muhammad, Mohamed, Mohamad, Muhammed and Muhammet all give ``muhamat``.
    Names without any letter give ``""``, which never matches anything.
    """
    return _name_key(name)


@lru_cache(maxsize=200_000)
def _name_key(name: str) -> str:
    words = [_finish_word(_canonical_word(_prepare_word(word))) for word in name_words(name)]
    return _abd(_collapse("".join(words)))


def word_keys(name: str) -> tuple[str, ...]:
    """The key of every word of ``name`` on its own (``"Mohammed Ali"`` → muhamat, ali)."""
    return tuple(key for key in (name_key(word) for word in name_words(name)) if key)


def strip_article(key: str) -> str:
    """``key`` without a leading Arabic article ``al``/``el`` (already ``al`` in a key).

    Only when a consonant and at least two more letters follow: ``alhasan`` → ``hasan``, but
    ``alaksandar`` (Alexander) and ``ali`` stay. Names such as Albert or Aldemir lose their
    first letters too; that is why a match without the article counts less than a full one.
    """
    if key.startswith("al") and len(key) >= 5 and key[2] not in _VOWELS:
        return key[2:]
    return key


def is_particle(key: str) -> bool:
    """True for the key of a name particle (al, bin, ibn, abu, von, de, …)."""
    return key in _PARTICLE_KEYS


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one letter inserted, deleted, replaced, or two
    neighbouring letters swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


def deletion_variants(key: str) -> frozenset[str]:
    """``key`` with one letter removed, each way.

    If two keys are within one edit of each other (:func:`within_one_edit`), the sets
    ``{a} | deletion_variants(a)`` and ``{b} | deletion_variants(b)`` share an element; an
    index of these finds all such pairs (and a few pairs two edits apart).
    """
    return frozenset(key[:i] + key[i + 1:] for i in range(len(key)))


def _prepare_word(word: str) -> str:
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    return _resolve_y(word)


def _resolve_y(word: str) -> str:
    if not word:
        return word
    head, rest = word[0], word[1:].replace("y", "i")
    if head == "y" and not (len(word) > 1 and word[1] in _VOWELS):
        head = "i"
    return head + rest


def _finish_word(word: str) -> str:
    word = _collapse(word.translate(_VOWEL_CLASS))
    if len(word) > 2 and word[-1] == "h" and word[-2] in _VOWELS:
        word = word[:-1]
    word = _abd(word)
    # "abd" stays voiced: it is the first half of Abd al-Rahman = Abdulrahman.
    if len(word) > 1 and word[-1] in _FINAL_DEVOICED and word != "abd":
        word = _collapse(word[:-1] + _FINAL_DEVOICED[word[-1]])
    return word


def _abd(text: str) -> str:
    if text.startswith("abd") and len(text) > 4:
        return _collapse(_ABD.sub("abdal", text, count=1))
    return text


def _collapse(text: str) -> str:
    return _RUNS.sub(r"\1", text)


def _word_only_key(word: str) -> str:
    return _finish_word(_prepare_word(word))


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        canonical = _prepare_word(name_words(group[0])[0])
        for variant in group:
            key = _word_only_key(name_words(variant)[0])
            if table.get(key, canonical) != canonical:  # pragma: no cover - a table error
                raise AssertionError(f"Name variant {variant} is in two groups")
            table[key] = canonical
    return table


_SYNONYMS = _build_synonyms()
_PARTICLE_KEYS = frozenset(_word_only_key(word) for word in _PARTICLES)


def _canonical_word(prepared: str) -> str:
    return _SYNONYMS.get(_finish_word(prepared), prepared)
