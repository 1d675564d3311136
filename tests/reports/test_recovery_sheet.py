"""The recovery-code sheet: one page, the code in groups, nothing else about the vault."""

from __future__ import annotations

from datetime import date

from desktop.reports.recovery_sheet import code_lines, render_recovery_sheet
from tests.reports.pdftext import metadata, page_texts

CODE = "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345-67ABC-DEFGH"


def test_code_is_printed_in_groups_on_one_page() -> None:
    pdf = render_recovery_sheet(CODE, "akte.fallakte", date(2026, 3, 2))
    pages = page_texts(pdf)
    assert len(pages) == 1
    assert "ABCDE FGHIJ KLMNO PQRST" in pages[0]
    assert "UVWXY Z2345 67ABC DEFGH" in pages[0]
    assert "akte.fallakte" in pages[0]
    assert "02.03.2026" in pages[0]
    assert "Safe" in pages[0]
    info = metadata(pdf)
    assert info["Title"] == "Wiederherstellungscode"
    assert "ABCDE" not in repr(info)


def test_code_lines_ignore_separators_and_case() -> None:
    assert code_lines("abcde fghij-klmno") == ["ABCDE FGHIJ KLMNO"]
