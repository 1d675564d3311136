"""The letter PDF: DIN 5008 positions, page numbers, escaping, refusal, neutral metadata."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from desktop.domain.cases import ValidationError
from desktop.domain.letters import LetterKind, Recipient
from desktop.reports.letter import render_letter
from desktop.reports.style import covered_characters
from tests.reports.pdftext import (
    metadata,
    page_texts,
    pages_chars,
    pdf_names,
    squeeze,
    stream_text,
)
from tests.reports.samples import INTERNATIONAL_NAMES, LETTERHEAD, RECIPIENT, letter, long_letter

FORBIDDEN_NAMES = {"JavaScript", "JS", "URI", "Launch", "OpenAction", "AA", "Annots",
                   "EmbeddedFile", "EmbeddedFiles", "GoToR", "SubmitForm", "ImportData",
                   "RichMedia", "XFA", "AcroForm"}
MARKUP = ("<b>Ali", "&", "&amp;", '<img src="/etc/passwd">', "</para>", "<br/>",
          "<font name='Courier'>x</font>", '"quoted"', "it's", "a < b > c", "&#169;", "&lt;")


def test_every_kind_renders_one_page() -> None:
    for kind in LetterKind:
        pages = page_texts(render_letter(letter(kind)))
        assert len(pages) == 1, kind
        assert "Seite" not in pages[0]


def test_address_lies_in_the_window_field() -> None:
    chars = pages_chars(render_letter(letter()))[0]
    inside = [c for c in chars if c.left >= 20 and c.right <= 105 and c.top >= 45
              and c.bottom <= 90]
    expected = squeeze(LETTERHEAD.return_address() + "".join(RECIPIENT.address_lines()))
    assert squeeze(stream_text(inside)) == expected
    recipient = [c for c in inside if c.size >= 9]
    assert squeeze(stream_text(recipient)) == squeeze("".join(RECIPIENT.address_lines()))
    assert min(c.top for c in recipient) >= 45 + 17.7  # below the remark zone


def test_long_recipient_still_fits_the_window() -> None:
    long_name = "Kreisverwaltung Beispielkreis – Ausländerbehörde – Abteilung Rückführung " * 2
    content = letter(recipient=replace(RECIPIENT, name=long_name))
    chars = pages_chars(render_letter(content))[0]
    recipient = [c for c in chars if c.size >= 7 and 45 + 17.7 <= c.top < 95 and c.left < 110]
    assert recipient
    assert all(c.left >= 20 and c.right <= 105 and c.bottom <= 90 for c in recipient)
    assert "12345Musterstadt" in squeeze(stream_text(recipient))


def test_information_block_starts_at_125_mm() -> None:
    chars = pages_chars(render_letter(letter()))[0]
    text = stream_text(chars)
    for label in ("Ihr Zeichen", "Unser Zeichen", "Ansprechpartner", "Telefon", "E-Mail",
                  "Datum", "RRK-DUS-2026-00042", "02.03.2026"):
        start = text.index(label)
        assert chars[start].left >= 125 - 0.01, label
        assert chars[start].top >= 45 - 0.01, label


def test_multi_page_letter_counts_its_pages() -> None:
    pages = page_texts(render_letter(long_letter()))
    assert len(pages) == 2
    assert "Seite 1 von 2" in pages[0]
    assert "Seite 2 von 2" in pages[1]
    assert "Az. RRK-DUS-2026-00042" in pages[1]
    assert "Max Beispielmann" in pages[1]  # the signature follows the text


def test_signature_block_and_enclosures() -> None:
    text = page_texts(render_letter(letter(LetterKind.CUSTODY_NOTICE)))[0]
    assert "Mit freundlichen Grüßen\nIm Auftrag" in text
    assert "Anlage\nKopie der Haftmitteilung" in text
    two = letter(enclosures=("Vermerk", "Haftmitteilung"))
    assert "Anlagen\nVermerk\nHaftmitteilung" in page_texts(render_letter(two))[0]


def test_draft_is_marked_and_final_is_not() -> None:
    draft = render_letter(letter(draft=True))
    assert "ENTWURF" in page_texts(draft)[0]
    assert "ENTWURF" not in page_texts(render_letter(letter()))[0]
    assert b"ENTWURF" not in draft  # the text is in the page stream, not in the metadata


@pytest.mark.parametrize("changes", [
    {"recipient": None},
    {"recipient": Recipient(name="Stadt Musterstadt – Ausländerbehörde")},
    {"reply_deadline": None},
])
def test_final_instruction_without_address_or_deadline_is_refused(changes) -> None:
    content = letter(LetterKind.INSTRUCTION, **changes)
    with pytest.raises(ValidationError) as refused:
        render_letter(content)
    message = str(refused.value)
    assert "Weisung" in message
    assert ("Anschrift" in message) or ("Frist" in message)
    render_letter(replace(content, draft=True))  # a draft still shows as preview


def test_user_text_prints_literally_and_nothing_is_embedded() -> None:
    content = letter(
        recipient=replace(RECIPIENT, name='<b>Ali & <img src="/etc/passwd">'),
        subject="<b>Ali</b> & Co", paragraphs=MARKUP, signature_name="<i>Max</i>")
    pdf = render_letter(content)
    text = page_texts(pdf)[0]
    for fragment in ("<b>Ali & <img src=\"/etc/passwd\">", "<b>Ali</b> & Co", "<i>Max</i>",
                     *MARKUP):
        assert fragment in text, fragment
    assert b"/Subtype /Image" not in pdf
    assert b"passwd" not in pdf


def test_logo_is_drawn_from_bytes_and_a_bad_one_is_refused() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (20, 60, 120)).save(buffer, format="PNG")
    with_logo = replace(LETTERHEAD, logo=buffer.getvalue())
    assert b"/Subtype /Image" in render_letter(letter(letterhead=with_logo))
    with pytest.raises(ValueError, match="Logo"):
        render_letter(letter(letterhead=replace(LETTERHEAD, logo=b"<svg/>")))


def test_metadata_is_neutral_and_there_are_no_actions() -> None:
    pdf = render_letter(letter(LetterKind.INSTRUCTION))
    info = metadata(pdf)
    assert info["Title"] == "Weisung – Az. RRK-DUS-2026-00042"
    for key in ("Author", "Subject", "Creator", "Producer", "Keywords"):
        assert info.get(key, "") == "", key
    assert "Testperson" not in repr(info)
    assert b"ReportLab" not in pdf
    names = pdf_names(pdf)
    assert "Font" in names
    assert "Catalog" in names
    assert not names & FORBIDDEN_NAMES


def test_invariant_output_is_byte_identical() -> None:
    assert render_letter(letter(), invariant=True) == render_letter(letter(), invariant=True)


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_international_names_keep_every_glyph(name: str) -> None:
    covered = covered_characters()
    assert all(ord(ch) in covered for ch in name if not ch.isspace()), name
    content = letter(recipient=replace(RECIPIENT, name=name))
    assert name.replace(" ", "") in squeeze(stream_text(pages_chars(render_letter(content))[0]))


def _printable_alphabet() -> list[str]:
    return [chr(cp) for cp in sorted(covered_characters())
            if unicodedata.category(chr(cp))[0] in "LMNPS"]


def _text(pieces: int, size: int) -> st.SearchStrategy[str]:
    return st.lists(
        st.one_of(st.text(alphabet=st.sampled_from(_printable_alphabet()), max_size=size),
                  st.sampled_from(MARKUP), st.just(" ")),
        max_size=pieces).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_text(8, 40), name=_text(3, 25))
def test_text_extracted_from_the_pdf_equals_the_input(body: str, name: str) -> None:
    content = letter(paragraphs=(f"ANFANG {body} ENDE",),
                     recipient=replace(RECIPIENT, department=f"ANFANG {name} ENDE"))
    pages = pages_chars(render_letter(content))
    text = squeeze("".join(stream_text(chars) for chars in pages))
    assert f"ANFANG{squeeze(body)}ENDE" in text
    assert f"ANFANG{squeeze(name)}ENDE" in text
