"""Rules for attachments (Anlagen): the media type from the first bytes, a safe file name,
the size limit and a readable size."""

from __future__ import annotations

import unicodedata

MAX_SIZE = 50 * 1024 * 1024  # 50 MB; larger files belong in the E-Akte, not in the vault
MAX_FILENAME = 255
MAX_NOTE = 2000
DEFAULT_NAME = "Anlage"

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TIFF = "image/tiff"
TEXT = "text/plain"
OCTET = "application/octet-stream"

IMAGE_TYPES = frozenset({PNG, JPEG, GIF, TIFF})

_LABELS = {PDF: "PDF", PNG: "PNG-Bild", JPEG: "JPEG-Bild", GIF: "GIF-Bild",
           TIFF: "TIFF-Bild", TEXT: "Text", OCTET: "Datei"}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)
_TEXT_SAMPLE = 8192


def sniff_media_type(data: bytes) -> str:
    """The media type from the file's first bytes (never from its name): PDF, PNG, JPEG,
    GIF, TIFF, plain text (UTF-8 without control characters) or ``application/octet-stream``."""
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:_TEXT_SAMPLE]
    if not sample or b"\x00" in sample:
        return OCTET
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the sample's end is still text.
        if error.start < len(sample) - 3 or len(data) <= _TEXT_SAMPLE:
            return OCTET
        text = sample[:error.start].decode("utf-8")
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
        return OCTET
    return TEXT


def media_label(media_type: str) -> str:
    """A German word for the type ("PDF", "PNG-Bild", "Text", "Datei")."""
    return _LABELS.get(media_type, "Datei")


def clean_filename(name: str) -> str:
    """The last path part of ``name``, without control characters, surrounding blanks or
    dots, shortened to 255 UTF-8 bytes with its extension kept; empty if nothing is left."""
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))
    name = name.strip().strip(".").strip()
    if name in ("", ".", ".."):
        return ""
    if len(name.encode("utf-8")) <= MAX_FILENAME:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    room = MAX_FILENAME - len(suffix.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip()
    return stem + suffix


def filename_problem(name: str) -> str | None:
    """A German message if ``name`` is not usable as an attachment's name."""
    if not clean_filename(name):
        return "Bitte einen Dateinamen angeben (ohne Ordner und Steuerzeichen)."
    return None


def size_problem(size: int) -> str | None:
    """A German message if a file of ``size`` bytes may not become an attachment."""
    if size <= 0:
        return "Die Datei ist leer. Leere Dateien werden nicht als Anlage gespeichert."
    if size > MAX_SIZE:
        return (f"Die Datei ist {format_size(size)} groß. Anlagen dürfen höchstens "
                f"{format_size(MAX_SIZE)} groß sein.")
    return None


def format_size(size: int) -> str:
    """``512 Bytes``, ``1,5 KB``, ``12,3 MB`` (German decimal comma, 1 KB = 1024 bytes)."""
    if size < 1024:
        return "1 Byte" if size == 1 else f"{size} Bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            text = f"{value:.1f}".replace(".", ",")
            return f"{text.removesuffix(',0')} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover
