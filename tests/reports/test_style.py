"""Shared style: the font comes from the package, escaping, cleaning, glyph coverage."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from desktop.reports.style import (
    clean,
    covered_characters,
    esc,
    fit_lines,
    missing_glyphs,
    paragraph_style,
    register_fonts,
)
from tests.reports.samples import INTERNATIONAL_NAMES


def test_font_and_licence_ship_as_package_resources() -> None:
    from importlib import resources

    fonts = resources.files("desktop.resources").joinpath("fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"):
        assert fonts.joinpath(name).is_file(), name


def test_names_of_many_scripts_have_every_glyph() -> None:
    for name in INTERNATIONAL_NAMES:
        assert missing_glyphs(name) == [], name
    extra = "İıĞğŞşÇçÖöÜü ĆćČčĐđŠšŽž ĄąĘęŁłŃńÓóŚśŹźŻż ĂăÂâÎîȘșȚț ĐđƠơƯư ẠạẢảẤấẦầẨẩẪẫẬậ"
    assert missing_glyphs(extra) == []
    assert missing_glyphs("Ωμέγα Жжщ") == []
    assert missing_glyphs("漢字 😀") == ["漢", "字", "😀"]
    assert 0x1F600 not in covered_characters()


def test_escaping_keeps_text_literal() -> None:
    assert esc('<b>Ali & "x"') == '&lt;b&gt;Ali &amp; "x"'
    assert esc("a\nb\r\nc\td\x00e") == "a<br/>b<br/>c de"
    assert clean("x\x07y\ud800z") == "xyz"


@given(st.text())
def test_any_escaped_text_builds_a_paragraph(text: str) -> None:
    register_fonts()
    Paragraph(esc(text), paragraph_style("t")).wrap(300, 1000)


def test_fit_lines_cuts_long_words() -> None:
    lines = fit_lines("A" * 200, "FallakteSans", 10, 100)
    assert len(lines) > 1
    assert "".join(lines) == "A" * 200
