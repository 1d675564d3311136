"""The one-page sheet that holds a vault's recovery code (to be kept in a safe)."""

from __future__ import annotations

import io
import re
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from desktop.domain.dates import format_date
from desktop.reports.style import (
    FONT_BOLD,
    GREY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    esc,
    neutral_doc,
    paragraph_style,
    register_fonts,
    without_banner,
)

LEFT = 25 * mm
RIGHT = 20 * mm
TOP = 25 * mm
BOTTOM = 20 * mm
WIDTH = PAGE_WIDTH - LEFT - RIGHT
GROUP = 5
GROUPS_PER_LINE = 4

_TITLE = paragraph_style("title", size=18, bold=True, leading=23, space_after=4)
_SUB = paragraph_style("sub", size=10, leading=13, space_after=12, color=GREY)
_TEXT = paragraph_style("text", size=10.5, leading=14.5, space_after=6)
_HEADING = paragraph_style("heading", size=11, bold=True, leading=14, space_after=4)

_INSTRUCTIONS = (
    "Mit diesem Wiederherstellungscode lässt sich der Tresor öffnen, wenn eine Passphrase "
    "vergessen wurde. Wer ihn besitzt, kann alle Fälle lesen.",
    "Bewahren Sie dieses Blatt verschlossen im Safe (Stahlschrank) der Dienststelle auf, "
    "getrennt vom Rechner und von Sicherungskopien. Fertigen Sie keine Kopien und keine "
    "Fotos an; speichern Sie den Code nicht auf dem Rechner, in E-Mails oder in Cloud-Diensten.",
    "Zum Entsperren im Programm „Wiederherstellungscode verwenden …“ wählen und den Code "
    "eingeben; Bindestriche, Leerzeichen und Groß-/Kleinschreibung spielen keine Rolle. "
    "Danach sofort eine neue Passphrase festlegen.",
    "Wird ein neuer Wiederherstellungscode erzeugt, ist dieses Blatt ungültig und "
    "datenschutzgerecht zu vernichten (Aktenvernichter).",
)


def code_lines(code: str) -> list[str]:
    """The code in groups of five, four groups a line: ``ABCDE FGHIJ KLMNO PQRST``."""
    clean = re.sub(r"[^0-9A-Za-z]", "", code).upper()
    groups = [clean[i:i + GROUP] for i in range(0, len(clean), GROUP)]
    return [" ".join(groups[i:i + GROUPS_PER_LINE])
            for i in range(0, len(groups), GROUPS_PER_LINE)]


def render_recovery_sheet(code: str, vault_name: str, created_on: date, *,
                          invariant: bool = False) -> bytes:
    """The recovery sheet as PDF bytes: vault name, date, the code large, instructions."""
    register_fonts()
    buffer = io.BytesIO()
    doc = neutral_doc(buffer, title="Wiederherstellungscode", invariant=invariant)
    frame = Frame(LEFT, BOTTOM, WIDTH, PAGE_HEIGHT - TOP - BOTTOM, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame])])
    code_table = Table([[line] for line in code_lines(code)], colWidths=[WIDTH],
                       hAlign="LEFT")
    code_table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT_BOLD, 20, 30),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("BOX", (0, 0), (-1, -1), 1, GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    story = [
        Paragraph("Wiederherstellungscode – Fallakte RRK", _TITLE),
        Paragraph(esc(f"Tresor: {vault_name} · erstellt am {format_date(created_on)}"), _SUB),
        Paragraph("VERTRAULICH – im Safe der Dienststelle aufbewahren", _HEADING),
        Spacer(1, 4 * mm),
        code_table,
        Spacer(1, 10 * mm),
        Paragraph("Hinweise", _HEADING),
        *[Paragraph(esc(text), _TEXT) for text in _INSTRUCTIONS],
        Spacer(1, 12 * mm),
        Paragraph("Verwahrt durch (Name, Unterschrift): ______________________________", _TEXT),
        Spacer(1, 6 * mm),
        Paragraph("Aufbewahrungsort: ______________________________", _TEXT),
    ]
    doc.build(story)
    return without_banner(buffer.getvalue())
