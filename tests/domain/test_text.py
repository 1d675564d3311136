"""Search folding: diacritics, ß, transliterated letters; the FTS document."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.text import fold, search_document, tokens


@pytest.mark.parametrize(("name", "folded"), [
    ("Müller", "muller"), ("Şahin", "sahin"), ("Yılmaz", "yilmaz"), ("Kovačević", "kovacevic"),
    ("Ćosić", "cosic"), ("Jørgensen", "jorgensen"), ("Weiß", "weiss"), ("Łukasz", "lukasz"),
    ("Đorđević", "dordevic"), ("Ștefan", "stefan"), ("Öztürk", "ozturk"), ("ÆSIR", "aesir"),
])
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(codec="latin-1")))
def test_tokens_are_plain_ascii(text: str) -> None:
    for token in tokens(text):
        assert token.isascii()
        assert token.isalnum()


def test_document_indexes_german_umlaut_spelling_too() -> None:
    doc = search_document("Müller", "Hans-Peter")
    assert doc.split() == ["muller", "mueller", "hans", "peter"]


def test_document_splits_file_numbers() -> None:
    assert search_document("RRK-DUS-2026-00042") == "rrk dus 2026 00042"
