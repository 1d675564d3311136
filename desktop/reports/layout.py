"""Shared page layout of the reports: the body frame, label and grid tables, running text.

The case summary, the minutes and the statistics report print on the same A4 page (20 mm
margins, 22 mm at the bottom for the footer), with the same title and heading styles, the
same tables and the same running header and footer; the letter shares the body frame.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from desktop.reports.style import (
    FONT,
    GREY,
    LIGHT_GREY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PageDecorator,
    draw_page_number,
    esc,
    fit_lines,
    neutral_doc,
    numbered_canvas,
    paragraph_style,
    without_banner,
)

LEFT = 20 * mm
RIGHT = 20 * mm
TOP = 20 * mm
BOTTOM = 22 * mm
WIDTH = PAGE_WIDTH - LEFT - RIGHT
RUNNING_SIZE = 7.5

TITLE = paragraph_style("report-title", size=15, bold=True, leading=19, space_after=2)
HEADING = paragraph_style("report-heading", size=11, bold=True, leading=14, space_after=3)
CELL = paragraph_style("report-cell", size=9, leading=11.5)
LABEL = paragraph_style("report-label", size=9, leading=11.5, color=GREY)


def body_frame(left: float, bottom: float, width: float, height: float, *,
               frame_id: str = "body") -> Frame:
    """A frame without padding: the text starts exactly at the margins."""
    return Frame(left, bottom, width, height, leftPadding=0, rightPadding=0, topPadding=0,
                 bottomPadding=0, id=frame_id)


def render_framed(title: str, story: list[Flowable], decorate: PageDecorator, *,
                  invariant: bool) -> bytes:
    """``story`` on pages with one body frame, ``decorate`` run on every page, as PDF bytes."""
    buffer = io.BytesIO()
    doc = neutral_doc(buffer, title=title, invariant=invariant)
    frame = body_frame(LEFT, BOTTOM, WIDTH, PAGE_HEIGHT - TOP - BOTTOM)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    doc.build(story, canvasmaker=numbered_canvas(decorate))
    return without_banner(buffer.getvalue())


def label_rows(rows: Sequence[tuple[str, str]], *, label_width: float) -> Table:
    """Two columns without lines: a grey label, the value beside it."""
    data = [[Paragraph(esc(label), LABEL), Paragraph(esc(value), CELL)]
            for label, value in rows]
    table = Table(data, colWidths=[label_width, WIDTH - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def grid(header: Sequence[str], rows: Sequence[Sequence[str]],
         widths: Sequence[float]) -> Table:
    """A table with a grey header row (repeated on every page) and thin lines between rows."""
    data = [[Paragraph(esc(h), LABEL) for h in header]]
    data += [[Paragraph(esc(cell), CELL) for cell in row] for row in rows]
    table = Table(data, colWidths=list(widths), hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, GREY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, LIGHT_GREY),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def running_line(text: str, width: float) -> str:
    """The first line of ``text`` in the running text's font that fits ``width``."""
    return fit_lines(text, FONT, RUNNING_SIZE, width)[0]


def draw_running_text(canvas: Canvas, page: int, total: int, *, footer: str,
                      header: str = "", header_width: float = WIDTH) -> None:
    """``header`` (cut to one line) at the top, ``footer`` as given at the bottom left, and
    ``Seite x von y`` at the bottom right, on every page."""
    canvas.saveState()
    canvas.setFont(FONT, RUNNING_SIZE)
    canvas.setFillColor(GREY)
    if header.strip():
        canvas.drawString(LEFT, PAGE_HEIGHT - 12 * mm, running_line(header, header_width))
    canvas.drawString(LEFT, 10 * mm, footer)
    canvas.restoreState()
    draw_page_number(canvas, page, total, always=True)
