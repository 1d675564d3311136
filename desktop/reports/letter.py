"""A letter as PDF: DIN 5008 Form B on A4 (letterhead, window address, information block)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)

from desktop.domain.cases import ValidationError
from desktop.domain.dates import format_date
from desktop.domain.letters import LetterContent, check_letter
from desktop.reports.layout import body_frame
from desktop.reports.style import (
    FONT,
    FONT_BOLD,
    GREY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    draw_draft_note,
    draw_page_number,
    draw_watermark,
    esc,
    fit_lines,
    neutral_doc,
    numbered_canvas,
    paragraph_style,
    register_fonts,
    without_banner,
)

# DIN 5008 Form B, measured from the left and from the top edge of the sheet.
LEFT_MARGIN = 25 * mm
RIGHT_MARGIN = 20 * mm
ADDRESS_LEFT = 20 * mm
ADDRESS_TOP = 45 * mm
ADDRESS_WIDTH = 85 * mm
ADDRESS_HEIGHT = 45 * mm
ADDRESS_INSET = 5 * mm  # text starts 5 mm inside the field (DIN 5008: 25 mm from the edge)
REMARK_ZONE = 17.7 * mm  # Zusatz- und Vermerkzone; the Anschriftzone follows below
INFO_LEFT = 125 * mm
INFO_TOP = 50 * mm
INFO_LABEL_WIDTH = 26 * mm
INFO_RIGHT = 200 * mm
BODY_TOP_FIRST = 98.5 * mm
BODY_TOP_LATER = 20 * mm
BODY_BOTTOM = 22 * mm
FOLD_MARKS = (105 * mm, 210 * mm)
HOLE_MARK = 148.5 * mm

_BODY = paragraph_style("body", size=10.5, leading=14, space_after=8)
_SUBJECT = paragraph_style("subject", size=10.5, bold=True, leading=14, space_after=18)
_SALUTATION = paragraph_style("salutation", size=10.5, leading=14, space_after=10)
_PLAIN = paragraph_style("plain", size=10.5, leading=14)
_HEADING = paragraph_style("heading", size=10.5, bold=True, leading=14, space_after=2)

_OnPage = Callable[[Canvas, object], None]


def _y(from_top: float) -> float:
    return PAGE_HEIGHT - from_top


def _draw_marks(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.3)
    for fold in FOLD_MARKS:
        canvas.line(4 * mm, _y(fold), 9 * mm, _y(fold))
    canvas.line(4 * mm, _y(HOLE_MARK), 12 * mm, _y(HOLE_MARK))
    canvas.restoreState()


def _draw_letterhead(canvas: Canvas, content: LetterContent) -> None:
    head = content.letterhead
    canvas.setFillColor(GREY)
    canvas.setFont(FONT_BOLD, 15)
    text_width = 115 * mm
    y = _y(17 * mm)
    for line in fit_lines(head.authority, FONT_BOLD, 15, text_width)[:2]:
        canvas.drawString(LEFT_MARGIN, y, line)
        y -= 6.5 * mm
    canvas.setFont(FONT, 10)
    for line in fit_lines(head.department, FONT, 10, text_width)[:2]:
        canvas.drawString(LEFT_MARGIN, y, line)
        y -= 4.5 * mm
    if head.logo:
        _draw_logo(canvas, head.logo)


def _draw_logo(canvas: Canvas, data: bytes) -> None:
    try:
        image = ImageReader(io.BytesIO(data))
        width, height = image.getSize()
    except Exception as error:
        raise ValueError("Das Logo im Briefkopf ist kein lesbares Bild (PNG oder JPEG).") \
            from error
    box_w, box_h = 45 * mm, 25 * mm
    scale = min(box_w / width, box_h / height)
    w, h = width * scale, height * scale
    canvas.drawImage(image, PAGE_WIDTH - RIGHT_MARGIN - w, _y(10 * mm) - h, w, h,
                     mask="auto")


def _draw_address(canvas: Canvas, content: LetterContent) -> None:
    left = ADDRESS_LEFT + ADDRESS_INSET
    width = ADDRESS_WIDTH - ADDRESS_INSET - 2 * mm
    canvas.setFillColor(GREY)
    sender = content.letterhead.return_address()
    size = 7.0
    while size > 5 and stringWidth(sender, FONT, size) > width:
        size -= 0.5
    canvas.setFont(FONT, size)
    for line in fit_lines(sender, FONT, size, width)[:1]:
        canvas.drawString(left, _y(ADDRESS_TOP + REMARK_ZONE - 2.5 * mm), line)
    canvas.setFillColorRGB(0, 0, 0)
    if content.recipient is None:
        return
    zone = ADDRESS_HEIGHT - REMARK_ZONE - 1 * mm
    for size in (10.0, 9.0, 8.0, 7.0):
        lines = [part for line in content.recipient.address_lines()
                 for part in fit_lines(line, FONT, size, width)]
        leading = size * 1.2
        if len(lines) * leading <= zone:
            break
    lines = lines[: int(zone // leading)]
    canvas.setFont(FONT, size)
    y = _y(ADDRESS_TOP + REMARK_ZONE) - size
    for line in lines:
        canvas.drawString(left, y, line)
        y -= leading


def _info_rows(content: LetterContent) -> list[tuple[str, str]]:
    rows = [("Ihr Zeichen", content.their_reference),
            ("Unser Zeichen", content.file_number),
            ("Ansprechpartner", content.contact_name),
            ("Telefon", content.contact_phone),
            ("E-Mail", content.contact_email),
            ("Datum", format_date(content.letter_date))]
    return [(label, value) for label, value in rows if value.strip()]


def _draw_info_block(canvas: Canvas, content: LetterContent) -> None:
    value_left = INFO_LEFT + INFO_LABEL_WIDTH
    width = INFO_RIGHT - value_left
    y = _y(INFO_TOP)
    for label, value in _info_rows(content):
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 8)
        canvas.drawString(INFO_LEFT, y, label)
        canvas.setFillColorRGB(0, 0, 0)
        size = 9.0
        while size > 7 and stringWidth(value, FONT, size) > width:  # a long e-mail address
            size -= 0.5
        canvas.setFont(FONT, size)
        for line in fit_lines(value, FONT, size, width)[:3]:
            canvas.drawString(value_left, y, line)
            y -= 4.2 * mm
        y -= 0.8 * mm


def _footer(canvas: Canvas, content: LetterContent) -> None:
    head = content.letterhead
    parts = [head.return_address()]
    if head.phone.strip():
        parts.append(f"Telefon {head.phone.strip()}")
    if head.email.strip():
        parts.append(f"E-Mail {head.email.strip()}")
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 7)
    y = 14 * mm
    for line in _footer_lines([p for p in parts if p], 145 * mm)[:2]:
        canvas.drawString(LEFT_MARGIN, y, line)
        y -= 3.2 * mm


def _footer_lines(parts: list[str], width: float) -> list[str]:
    """The parts joined with `` · ``, a line broken between parts (never inside
    "E-Mail name@…"), a part too long for a line wrapped on its own."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and stringWidth(joined, FONT, 7) <= width:
            lines[-1] = joined
        else:
            lines.extend(fit_lines(part, FONT, 7, width))
    return lines


def _draw_sheet(canvas: Canvas, content: LetterContent) -> None:
    """What every page carries: the draft marking of a draft, the fold and hole marks."""
    if content.draft:
        draw_watermark(canvas, "ENTWURF")
        draw_draft_note(canvas)
    _draw_marks(canvas)


def _first_page(content: LetterContent) -> _OnPage:
    def draw(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        _draw_sheet(canvas, content)
        _draw_letterhead(canvas, content)
        _draw_address(canvas, content)
        _draw_info_block(canvas, content)
        _footer(canvas, content)
        canvas.restoreState()
    return draw


def _later_page(content: LetterContent) -> _OnPage:
    def draw(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        _draw_sheet(canvas, content)
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 8)
        header = " · ".join(p for p in (content.letterhead.authority.strip(),
                                        f"Az. {content.file_number.strip()}",
                                        format_date(content.letter_date)) if p)
        canvas.drawString(LEFT_MARGIN, _y(12 * mm),
                          fit_lines(header, FONT, 8, 150 * mm)[0])
        canvas.restoreState()
    return draw


_CITATION = re.compile(r"(§§?|Abs\.|Nr\.|S\.|Art\.) (?=\d)")


def _keep_citations(markup: str) -> str:
    """``§ 9 Abs. 2`` is never broken at the line end (no-break spaces)."""
    return _CITATION.sub("\\1\u00a0", markup)


def _story(content: LetterContent) -> list[Flowable]:
    story: list[Flowable] = [NextPageTemplate("later")]
    story.append(Paragraph(_keep_citations(esc(content.subject.strip())), _SUBJECT))
    if content.salutation.strip():
        story.append(Paragraph(esc(content.salutation), _SALUTATION))
    story.extend(Paragraph(_keep_citations(esc(p)), _BODY)
                 for p in content.paragraphs if p.strip())
    closing: list[Flowable] = [Spacer(1, 2 * mm)]
    if content.closing.strip():
        closing.append(Paragraph(esc(content.closing), _PLAIN))
    if content.on_behalf:
        closing.append(Paragraph("Im Auftrag", _PLAIN))
    closing += [Spacer(1, 12 * mm), Paragraph(esc(content.signature_name), _PLAIN)]
    story.append(KeepTogether(closing))
    enclosures = [e for e in content.enclosures if e.strip()]
    if enclosures:
        heading = "Anlage" if len(enclosures) == 1 else "Anlagen"
        block: list[Flowable] = [Spacer(1, 8 * mm), Paragraph(heading, _HEADING)]
        block += [Paragraph(esc(e), _PLAIN) for e in enclosures]
        story.append(KeepTogether(block))
    return story


def render_letter(content: LetterContent, *, invariant: bool = False) -> bytes:
    """The letter as PDF bytes; a final letter (``draft=False``) must pass check_letter.

    Raises:
        ValidationError: the letter is final and has problems (German messages per field).
        ValueError: the letterhead's logo is not a readable image.
    """
    if not content.draft:
        problems = check_letter(content)
        if problems:
            raise ValidationError(problems)
    register_fonts()
    buffer = io.BytesIO()
    doc = neutral_doc(buffer, title=_title(content), invariant=invariant)
    width = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
    first = body_frame(LEFT_MARGIN, BODY_BOTTOM, width, _y(BODY_TOP_FIRST) - BODY_BOTTOM,
                       frame_id="first")
    later = body_frame(LEFT_MARGIN, BODY_BOTTOM, width, _y(BODY_TOP_LATER) - BODY_BOTTOM,
                       frame_id="later")
    doc.addPageTemplates([
        PageTemplate("first", [first], onPage=_first_page(content)),
        PageTemplate("later", [later], onPage=_later_page(content)),
    ])
    doc.build(_story(content), canvasmaker=numbered_canvas(draw_page_number))
    return without_banner(buffer.getvalue())


def _title(content: LetterContent) -> str:
    """Document kind and file number only: the metadata carries no personal data."""
    number = content.file_number.strip()
    return f"{content.kind.label} – Az. {number}" if number else content.kind.label
