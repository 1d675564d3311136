"""The case summary (Fallübersicht) for case conferences, cut to what the recipient may see."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from desktop.domain.dates import format_date
from desktop.domain.summary import CaseSummary, Section, SummaryProfile, redact, visible_sections
from desktop.reports.layout import (
    HEADING,
    TITLE,
    WIDTH,
    draw_running_text,
    grid,
    label_rows,
    render_framed,
    running_line,
)
from desktop.reports.style import GREY, PageDecorator, esc, paragraph_style, register_fonts

LABEL_WIDTH = 45 * mm

_SUBTITLE = paragraph_style("subtitle", size=9, leading=12, space_after=10, color=GREY)
_NONE = paragraph_style("none", size=9, leading=11.5, space_after=8, color=GREY)


def _span(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"seit {format_date(start)}"
    if end:
        return f"bis {format_date(end)}"
    return ""


def _rows(rows: Sequence[tuple[str, str]]) -> Table:
    return label_rows(rows, label_width=LABEL_WIDTH)


def _section(title: str, body: Flowable | None, empty: str = "keine") -> list[Flowable]:
    parts: list[Flowable] = [Spacer(1, 3 * mm), Paragraph(esc(title), HEADING)]
    parts.append(body if body is not None else Paragraph(esc(empty), _NONE))
    return parts


def _story(summary: CaseSummary, profile: SummaryProfile) -> list[Flowable]:
    seen = visible_sections(profile)
    person = summary.person
    story: list[Flowable] = [
        Paragraph(esc(f"Fallübersicht {summary.file_number}"), TITLE),
        Paragraph(esc(f"Für: {profile.label} · Stand {format_date(summary.prepared_on)}"
                      " · Inhalt auf den Empfänger beschränkt"), _SUBTITLE),
    ]
    person_rows = [("Name", person.name), ("Geburtsdatum", person.birth_date),
                   ("Staatsangehörigkeit", ", ".join(person.nationalities))]
    if Section.ALIASES in seen:
        person_rows.append(("Aliasnamen", ", ".join(person.aliases) or "keine"))
    person_rows += [("Anschrift", person.address), ("Sprachen", ", ".join(person.languages))]
    story += _section("Person", _rows([(k, v) for k, v in person_rows if v.strip()]))
    case_rows = [("Status", summary.status), ("Verfahren", summary.track),
                 ("Sachbearbeitung", summary.caseworker)]
    story += _section("Fall", _rows([(k, v) for k, v in case_rows if v.strip()]))
    if Section.FLAGS in seen:
        story += _section("Merkmale", _rows([("Merkmale", ", ".join(summary.flags))])
                          if summary.flags else None)
    details = Section.OBSTACLE_DETAILS in seen
    header = ["Art", "Zeitraum"] + (["Beschreibung"] if details else [])
    widths = [40 * mm, 40 * mm] + ([WIDTH - 80 * mm] if details else [])
    obstacles = [[o.kind, _span(o.since, o.until)] + ([o.description] if details else [])
                 for o in summary.obstacles]
    story += _section("Vollzugshindernisse",
                      grid(header, obstacles, widths) if obstacles else None)
    duldung = summary.duldung
    story += _section("Duldung", _rows([
        ("Art", duldung.type), ("Gültig", _span(duldung.valid_from, duldung.valid_until))])
        if duldung else None)
    if Section.CUSTODY in seen:
        custody = summary.custody
        story += _section("Haft", _rows([
            (label, value) for label, value in (
                ("Justizvollzugsanstalt", custody.facility),
                ("In Haft seit", format_date(custody.since)),
                ("Zwei-Drittel-Termin", format_date(custody.two_thirds)),
                ("Voraussichtliche Entlassung", format_date(custody.expected_release)))
            if value]) if custody else None)
    if Section.MEASURES in seen:
        measures = [[m.title, m.owner, format_date(m.due)] for m in summary.measures]
        story += _section("Offene Maßnahmen", grid(
            ["Maßnahme", "Zuständig", "Fällig"], measures,
            [WIDTH - 70 * mm, 45 * mm, 25 * mm]) if measures else None)
    if Section.JOURNAL in seen:
        text = Section.JOURNAL_TEXT in seen
        entries = [[format_date(e.on), e.kind, e.subject] + ([e.text] if text else [])
                   for e in summary.journal]
        header = ["Datum", "Art", "Betreff"] + (["Inhalt"] if text else [])
        widths = [22 * mm, 25 * mm] + ([45 * mm, WIDTH - 92 * mm] if text
                                       else [WIDTH - 47 * mm])
        story += _section("Letzte Einträge im Verlauf",
                          grid(header, entries, widths) if entries else None)
    return story


def _decorate(summary: CaseSummary, profile: SummaryProfile) -> PageDecorator:
    footer = running_line(f"Fallübersicht {summary.file_number} · für {profile.label} · "
                          f"Stand {format_date(summary.prepared_on)} · vertraulich",
                          WIDTH - 30 * mm)

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        draw_running_text(canvas, page, total, footer=footer, header=summary.authority)

    return decorate


def render_case_summary(summary: CaseSummary, profile: SummaryProfile, *,
                        invariant: bool = False) -> bytes:
    """The Fallübersicht for ``profile`` as PDF bytes (hidden sections never reach the PDF)."""
    register_fonts()
    visible = redact(summary, profile)
    return render_framed(f"Fallübersicht – Az. {summary.file_number.strip()}",
                         _story(visible, profile), _decorate(visible, profile),
                         invariant=invariant)
