"""Attachment rules: media type from the first bytes, clean file names, size limit, sizes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import attachments as rules


@pytest.mark.parametrize(("data", "expected"), [
    (b"%PDF-1.7\n...", rules.PDF),
    (b"\x89PNG\r\n\x1a\n....", rules.PNG),
    (b"\xff\xd8\xff\xe0....", rules.JPEG),
    (b"GIF89a..", rules.GIF),
    (b"II*\x00....", rules.TIFF),
    (b"MM\x00*....", rules.TIFF),
    ("Grüße aus Köln\r\n\tZeile 2".encode(), rules.TEXT),
    (b"\xef\xbb\xbfmit BOM", rules.TEXT),
    (b"PK\x03\x04 zip", rules.OCTET),
    (b"text\x00with nul", rules.OCTET),
    (b"text with \x1b escape", rules.OCTET),
    (b"\xff\xfe latin", rules.OCTET),
    (b"", rules.OCTET),
])
def test_media_type_from_the_bytes(data, expected):
    assert rules.sniff_media_type(data) == expected


def test_a_multibyte_character_cut_by_the_sample_is_still_text():
    data = b"a" * 8191 + "ü".encode() + b"rest"
    assert rules.sniff_media_type(data) == rules.TEXT


@pytest.mark.parametrize(("name", "expected"), [
    ("Bescheid.pdf", "Bescheid.pdf"),
    ("../../etc/passwd", "passwd"),
    (r"C:\Users\x\Brief.pdf", "Brief.pdf"),
    ("  name\x00with\tcontrol.txt  ", "namewithcontrol.txt"),
    ("evil\u202etxt.exe", "eviltxt.exe"),
    ("..", ""),
    ("/", ""),
    ("...", ""),
    (".bashrc", "bashrc"),
])
def test_clean_filename(name, expected):
    assert rules.clean_filename(name) == expected


@given(st.text(max_size=400))
def test_a_clean_name_is_short_single_and_free_of_controls(name):
    clean = rules.clean_filename(name)
    assert len(clean.encode("utf-8")) <= rules.MAX_FILENAME
    assert "/" not in clean
    assert "\\" not in clean
    assert all(c.isprintable() or c == " " or not c.isascii() for c in clean)
    assert rules.clean_filename(clean) == clean


def test_long_names_keep_their_extension():
    clean = rules.clean_filename("x" * 400 + ".pdf")
    assert clean.endswith(".pdf")
    assert len(clean) == 255


def test_size_rules_and_texts():
    assert "leer" in rules.size_problem(0)
    assert rules.size_problem(1) is None
    assert rules.size_problem(rules.MAX_SIZE) is None
    assert "höchstens 50 MB" in rules.size_problem(rules.MAX_SIZE + 1)
    assert rules.format_size(1) == "1 Byte"
    assert rules.format_size(1023) == "1023 Bytes"
    assert rules.format_size(1536) == "1,5 KB"
    assert rules.format_size(2 * 1024 * 1024) == "2 MB"
    assert rules.media_label(rules.PNG) == "PNG-Bild"
    assert rules.media_label("application/x-unknown") == "Datei"
