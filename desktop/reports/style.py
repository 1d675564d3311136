"""Shared document style: the embedded font, escaping, paragraph styles, page canvas, metadata."""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Callable
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
FONT = "FallakteSans"
FONT_BOLD = "FallakteSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

GREY = colors.Color(0.35, 0.35, 0.35)
LIGHT_GREY = colors.Color(0.85, 0.85, 0.85)


def register_fonts() -> None:
    """Registers DejaVu Sans (regular, bold) from the package resources, once per process."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            data = resources.files("desktop.resources").joinpath("fonts", filename).read_bytes()
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


@functools.cache
def covered_characters() -> frozenset[int]:
    """The code points the embedded font has a glyph for (regular and bold).

    Only the Basic Multilingual Plane: reportlab writes no usable text mapping for characters
    beyond it, so such a character (rare in names) counts as missing.
    """
    register_fonts()
    regular = pdfmetrics.getFont(FONT)
    bold = pdfmetrics.getFont(FONT_BOLD)
    both = frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)
    return frozenset(cp for cp in both if cp <= 0xFFFF)


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the font cannot show (whitespace and controls excepted)."""
    covered = covered_characters()
    missing: list[str] = []
    for char in clean(text):
        if not char.isspace() and ord(char) not in covered and char not in missing:
            missing.append(char)
    return missing


def clean(text: str) -> str:
    """Drops control characters and lone surrogates; tabs become spaces, CR LF becomes LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in text
                   if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def esc(text: str) -> str:
    """User text as Paragraph markup that prints literally (line breaks kept)."""
    return escape(clean(text)).replace("\n", "<br/>")


def paragraph_style(name: str, *, size: float = 10.5, bold: bool = False,
                    leading: float | None = None, space_after: float = 0,
                    color: colors.Color = colors.black) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=FONT_BOLD if bold else FONT, fontSize=size,
        leading=leading if leading is not None else size * 1.3, spaceAfter=space_after,
        textColor=color, splitLongWords=1, allowWidows=0, allowOrphans=0)


PageDecorator = Callable[[Canvas, int, int], None]


def numbered_canvas(decorate: PageDecorator) -> type[Canvas]:
    """A canvas that knows the page count: ``decorate(canvas, page, total)`` runs on save."""

    class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                decorate(self, number, total)
                super().showPage()
            super().save()

    return _NumberedCanvas


def neutral_doc(buffer: io.BytesIO, *, title: str, invariant: bool) -> BaseDocTemplate:
    """A document on A4 with neutral metadata: a title, nothing personal, no banner."""
    return BaseDocTemplate(
        buffer, pagesize=A4, title=title, author="", subject="", creator="", producer="",
        keywords=[], invariant=1 if invariant else 0, pageCompression=1, lang="de-DE",
        leftMargin=25 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm)


_BANNERS = (b"ReportLab Generated PDF document (opensource)",
            b"ReportLab generated PDF document -- digest (opensource)")


def without_banner(pdf: bytes) -> bytes:
    """The PDF with reportlab's comment banners blanked (same length: offsets stay valid)."""
    for banner in _BANNERS:
        pdf = pdf.replace(banner, b"PDF".ljust(len(banner)), 1)
    return pdf


def draw_page_number(canvas: Canvas, page: int, total: int, *, y: float = 10 * mm,
                     always: bool = False) -> None:
    """``Seite x von y`` at the bottom right (on one-page documents only if ``always``)."""
    if total < 2 and not always:
        return
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(GREY)
    canvas.drawRightString(PAGE_WIDTH - 20 * mm, y, f"Seite {page} von {total}")
    canvas.restoreState()


def draw_watermark(canvas: Canvas, text: str) -> None:
    """A large diagonal word in light grey beneath the page's content (``ENTWURF``)."""
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 96)
    canvas.setFillColor(LIGHT_GREY)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(55)
    canvas.drawCentredString(0, -30, text)
    canvas.restoreState()


def draw_draft_note(canvas: Canvas) -> None:
    """``ENTWURF – nicht versandt`` in the top margin."""
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 9)
    canvas.setFillColor(colors.Color(0.7, 0.1, 0.1))
    canvas.drawRightString(PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 8 * mm, "ENTWURF – nicht versandt")
    canvas.restoreState()


def fit_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` wrapped into lines no wider than ``width`` (long words are cut)."""
    lines: list[str] = []
    for raw in clean(text).split("\n"):
        for line in simpleSplit(raw, font, size, width) or [""]:
            while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return lines
