"""Golden files: each letter kind renders byte for byte as committed (``invariant=True``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.letters import LetterKind
from desktop.reports.letter import render_letter
from tests.reports.samples import letter

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


@pytest.mark.parametrize("kind", list(LetterKind))
def test_letter_matches_its_golden_file(kind: LetterKind) -> None:
    expected = (GOLDEN / f"letter_{kind.value}.pdf").read_bytes()
    assert render_letter(letter(kind), invariant=True) == expected, (
        "layout changed: look at the new PDF, then run tests/fixtures/reports/make_golden.py")
