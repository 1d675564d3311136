"""The minutes (Protokoll) of a case conference, in the house style of the letters.

Header with kind, date and time, place, organiser; participants with organisation, role and
attendance; the cases by file number; the agenda items with situation, discussion and the
decisions as a table (who, what, by when); the distribution list. A recipient profile of the
case summary (``domain.summary``) leaves out what that recipient may not see: the free text
of situation and discussion (everyone but the ABH) and the decisions (planned enforcement,
not for the social services).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from desktop.domain.dates import format_date
from desktop.domain.summary import Section, SummaryProfile, visible_sections
from desktop.reports.layout import (
    CELL,
    HEADING,
    TITLE,
    WIDTH,
    draw_running_text,
    grid,
    label_rows,
    render_framed,
    running_line,
)
from desktop.reports.style import (
    GREY,
    PageDecorator,
    draw_draft_note,
    draw_watermark,
    esc,
    paragraph_style,
    register_fonts,
)

LABEL_WIDTH = 40 * mm
LEFT_OUT = "(für dieses Empfängerprofil ausgelassen)"

_SUBTITLE = paragraph_style("minutes-subtitle", size=9, leading=12, space_after=8, color=GREY)
_SUBHEADING = paragraph_style("minutes-sub", size=9.5, bold=True, leading=12, space_after=2)
_BODY = paragraph_style("minutes-body", size=9.5, leading=12.5, space_after=4)
_NONE = paragraph_style("minutes-none", size=9, leading=11.5, space_after=6, color=GREY)


@dataclass(frozen=True)
class MinutesParticipant:
    name: str
    organisation: str
    role: str
    attendance: str  # German label


@dataclass(frozen=True)
class MinutesCase:
    file_number: str
    person_name: str


@dataclass(frozen=True)
class MinutesDecision:
    owner: str
    text: str
    due: date | None


@dataclass(frozen=True)
class MinutesItem:
    title: str
    file_number: str = ""
    situation: str = ""
    discussion: str = ""
    decisions: tuple[MinutesDecision, ...] = ()


@dataclass(frozen=True)
class Minutes:
    authority: str
    kind: str  # German label
    starts_at: datetime
    ends_at: datetime
    place: str
    organiser: str
    participants: tuple[MinutesParticipant, ...]
    cases: tuple[MinutesCase, ...]
    items: tuple[MinutesItem, ...]
    distribution: tuple[str, ...]
    agenda_summary: str = ""


def _paragraphs(text: str, style: object) -> list[Flowable]:
    return [Paragraph(esc(part).replace("\n", "<br/>"), style)
            for part in text.strip().split("\n\n") if part.strip()]


def _rows(rows: Sequence[tuple[str, str]]) -> Table:
    return label_rows(rows, label_width=LABEL_WIDTH)


def _heading(title: str) -> list[Flowable]:
    return [Spacer(1, 3 * mm), Paragraph(esc(title), HEADING)]


def _when(minutes: Minutes) -> str:
    return (f"{format_date(minutes.starts_at.date())}, {minutes.starts_at:%H:%M}–"
            f"{minutes.ends_at:%H:%M} Uhr")


def _story(minutes: Minutes, profile: SummaryProfile | None) -> list[Flowable]:
    seen = visible_sections(profile) if profile is not None else frozenset(Section)
    texts = Section.JOURNAL_TEXT in seen
    decisions = Section.MEASURES in seen
    audience = (f"Für: {profile.label} · Inhalt auf den Empfänger beschränkt"
                if profile is not None else "Vollständiges Protokoll")
    story: list[Flowable] = [
        Paragraph(esc(f"Protokoll {minutes.kind} vom "
                      f"{format_date(minutes.starts_at.date())}"), TITLE),
        Paragraph(esc(audience), _SUBTITLE),
        _rows([("Datum und Uhrzeit", _when(minutes)), ("Ort", minutes.place),
               ("Einladung", minutes.organiser)]),
    ]
    story += _heading("Teilnehmende")
    story.append(grid(["Name", "Organisation", "Funktion", "Teilnahme"],
                      [[p.name, p.organisation, p.role, p.attendance]
                       for p in minutes.participants],
                      [50 * mm, 55 * mm, 40 * mm, WIDTH - 145 * mm]))
    story += _heading("Fälle")
    story.append(grid(["Aktenzeichen", "Person"],
                      [[c.file_number, c.person_name] for c in minutes.cases],
                      [55 * mm, WIDTH - 55 * mm]))
    if minutes.agenda_summary.strip() and texts:
        story += _heading("Anlass")
        story += _paragraphs(minutes.agenda_summary, _BODY)
    for number, item in enumerate(minutes.items, start=1):
        title = f"TOP {number}: {item.title}"
        if item.file_number:
            title += f" ({item.file_number})"
        story += _heading(title)
        for label, text in (("Sachstand", item.situation), ("Erörterung", item.discussion)):
            if not text.strip():
                continue
            story.append(Paragraph(esc(label), _SUBHEADING))
            story += _paragraphs(text, _BODY) if texts else [Paragraph(esc(LEFT_OUT), _NONE)]
        if item.decisions:
            story.append(Paragraph("Beschlüsse", _SUBHEADING))
            if decisions:
                story.append(grid(["Wer", "Was", "Bis wann"],
                                  [[d.owner, d.text, format_date(d.due)]
                                   for d in item.decisions],
                                  [50 * mm, WIDTH - 75 * mm, 25 * mm]))
            else:
                story.append(Paragraph(esc(LEFT_OUT), _NONE))
    story += _heading("Verteiler")
    if minutes.distribution:
        story += [Paragraph(esc(name), CELL) for name in minutes.distribution]
    else:
        story.append(Paragraph("niemand", _NONE))
    return story


def _decorate(minutes: Minutes, profile: SummaryProfile | None, draft: bool) -> PageDecorator:
    audience = f" · für {profile.label}" if profile is not None else ""
    footer = running_line(f"Protokoll {minutes.kind} vom {format_date(minutes.starts_at.date())}"
                          f"{audience} · vertraulich", WIDTH - 30 * mm)

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        if draft:
            draw_watermark(canvas, "ENTWURF")
            draw_draft_note(canvas)
        draw_running_text(canvas, page, total, footer=footer, header=minutes.authority,
                          header_width=WIDTH - 50 * mm)

    return decorate


def render_minutes(minutes: Minutes, profile: SummaryProfile | None = None, *,
                   draft: bool = False, invariant: bool = False) -> bytes:
    """The minutes as PDF bytes; ``profile`` None is the complete (frozen) version."""
    register_fonts()
    return render_framed(f"Protokoll {minutes.kind} vom {format_date(minutes.starts_at.date())}",
                         _story(minutes, profile), _decorate(minutes, profile, draft),
                         invariant=invariant)
