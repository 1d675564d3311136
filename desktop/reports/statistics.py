"""The Fallmanagement-Statistik as a PDF report: charts, the figures as tables, definitions.

Page one shows bars over time (cases taken in and closed per month or chosen period) and the
shares by outcome; then every figure as a table (small counts marked); the appendix prints
every figure's definition from ``desktop.domain.statistics``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.dates import format_date
from desktop.domain.statistics import (
    DEFINITIONS_VERSION,
    FIGURES,
    SMALL_COUNT_NOTE,
    FigureGroup,
    FigureKind,
    FigureValue,
    category_label,
    figure,
    marked,
)
from desktop.reports.layout import HEADING, TITLE, WIDTH, draw_running_text, render_framed
from desktop.reports.style import (
    FONT,
    GREY,
    LIGHT_GREY,
    PageDecorator,
    esc,
    paragraph_style,
    register_fonts,
)

CHART_HEIGHT = 62 * mm
VALUE_WIDTH = 28 * mm
# Muted colours that stay apart in greyscale print.
PALETTE = (colors.Color(0.16, 0.35, 0.55), colors.Color(0.85, 0.55, 0.2),
           colors.Color(0.35, 0.6, 0.35), colors.Color(0.6, 0.3, 0.45),
           colors.Color(0.55, 0.55, 0.55), colors.Color(0.3, 0.65, 0.75),
           colors.Color(0.75, 0.7, 0.3), colors.Color(0.45, 0.35, 0.25),
           colors.Color(0.8, 0.4, 0.4))

_SUBTITLE = paragraph_style("stat_subtitle", size=9, leading=12, space_after=8, color=GREY)
_CELL = paragraph_style("stat_cell", size=8.5, leading=11)
_LABEL = paragraph_style("stat_label", size=8.5, leading=11, color=GREY)
_NOTE = paragraph_style("stat_note", size=8, leading=10.5, color=GREY, space_after=4)
_DEF_TITLE = paragraph_style("stat_def_title", size=9, bold=True, leading=12)
_DEF = paragraph_style("stat_def", size=8.5, leading=11.5, space_after=5)


@dataclass(frozen=True)
class StatisticsReport:
    title: str
    period_label: str
    district_label: str
    cut_off: date
    values: Mapping[str, FigureValue]
    series: Sequence[tuple[str, Mapping[str, FigureValue]]]  # (axis label, figures)
    snapshot_note: str | None = None


def _number(value: FigureValue) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return marked(value)
    return ""


def bars_over_time(series: Sequence[tuple[str, Mapping[str, FigureValue]]]) -> Drawing:
    """Cases taken in and closed per period of the series, side by side."""
    drawing = Drawing(WIDTH, CHART_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = WIDTH - 20 * mm, CHART_HEIGHT - 24 * mm
    taken = [int(v.get("cases_taken_in") or 0) for _, v in series]  # type: ignore[arg-type]
    closed = [int(v.get("cases_closed") or 0) for _, v in series]  # type: ignore[arg-type]
    chart.data = [taken or [0], closed or [0]]
    chart.categoryAxis.categoryNames = [label for label, _ in series] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(series) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(series) > 6 else "n"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.gridStrokeColor = LIGHT_GREY
    chart.valueAxis.visibleGrid = True
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[1].fillColor = PALETTE[1]
    chart.barSpacing = 1
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 14 * mm, CHART_HEIGHT - 3 * mm
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(PALETTE[0], figure("cases_taken_in").label),
                             (PALETTE[1], figure("cases_closed").label)]
    drawing.add(legend)
    return drawing


def shares_by_outcome(values: Mapping[str, FigureValue]) -> Drawing:
    """A pie of the cases closed by outcome (only outcomes that occurred)."""
    drawing = Drawing(WIDTH, CHART_HEIGHT)
    outcomes = values.get("cases_closed_by_outcome")
    pairs = [(k, n) for k, n in (outcomes.items() if isinstance(outcomes, dict) else ())
             if n > 0]
    if not pairs:
        drawing.add(String(WIDTH / 2, CHART_HEIGHT / 2, "Im Zeitraum wurde kein Fall "
                           "abgeschlossen.", fontName=FONT, fontSize=9, textAnchor="middle",
                           fillColor=GREY))
        return drawing
    total = sum(n for _, n in pairs)
    pie = Pie()
    pie.x, pie.y = 8 * mm, 6 * mm
    pie.width = pie.height = CHART_HEIGHT - 14 * mm
    pie.data = [n for _, n in pairs]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for index in range(len(pairs)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = CHART_HEIGHT + 2 * mm, CHART_HEIGHT - 10 * mm
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)],
         f"{category_label('cases_closed_by_outcome', k)}: {marked(n)} "
         f"({100 * n / total:.0f} %)".replace(".", ","))
        for i, (k, n) in enumerate(pairs)]
    drawing.add(legend)
    return drawing


def _table(rows: Sequence[tuple[str, str]]) -> Table:
    data = [[Paragraph(esc(label), _CELL), Paragraph(esc(value), _CELL)]
            for label, value in rows]
    table = Table(data, colWidths=[WIDTH - VALUE_WIDTH, VALUE_WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT_GREY),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def figure_table_rows(values: Mapping[str, FigureValue], group: FigureGroup
                      ) -> list[tuple[str, str]]:
    """(label, value) lines of a group: breakdown categories indented under their figure."""
    rows: list[tuple[str, str]] = []
    for definition in FIGURES:
        if definition.group is not group:
            continue
        value = values.get(definition.id)
        if definition.kind is FigureKind.BREAKDOWN:
            rows.append((definition.label, ""))
            counts = value if isinstance(value, dict) else {}
            keys = [k for k, _ in definition.categories] or sorted(counts)
            rows.extend((f"    {category_label(definition.id, k)}", marked(counts.get(k, 0)))
                        for k in keys)
            if not keys:
                rows.append(("    keine", ""))
        else:
            rows.append((definition.label, _number(value)))
    return rows


def _story(report: StatisticsReport) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(esc(report.title), TITLE),
        Paragraph(esc(f"{report.district_label} · {report.period_label} · Stand "
                      f"{format_date(report.cut_off)}"), _SUBTITLE),
    ]
    if report.snapshot_note:
        story.append(Paragraph(esc(report.snapshot_note), _NOTE))
    story += [Paragraph("Falleingänge und Abschlüsse im Verlauf", HEADING),
              bars_over_time(report.series), Spacer(1, 3 * mm),
              Paragraph("Anteile der Abschlüsse nach Ergebnis", HEADING),
              shares_by_outcome(report.values)]
    for group in FigureGroup:
        story.append(KeepTogether([Spacer(1, 4 * mm), Paragraph(esc(group.label), HEADING),
                                   _table(figure_table_rows(report.values, group))]))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(esc(SMALL_COUNT_NOTE), _NOTE))
    story += [PageBreak(), Paragraph("Anhang: Definitionen der Kennzahlen", HEADING),
              Paragraph(esc(f"Definitionen Version {DEFINITIONS_VERSION}. Stichtag ist der "
                            "letzte Tag des Zeitraums."), _NOTE)]
    for definition in FIGURES:
        story += [Paragraph(esc(f"{definition.label} ({definition.id})"), _DEF_TITLE),
                  Paragraph(esc(definition.definition), _DEF)]
    return story


def _decorate(report: StatisticsReport) -> PageDecorator:
    footer = (f"{report.title} · {report.district_label} · {report.period_label} · Stand "
              f"{format_date(report.cut_off)}")

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        draw_running_text(canvas, page, total, footer=footer[:140])

    return decorate


def render_statistics_report(report: StatisticsReport, *, invariant: bool = False) -> bytes:
    """The report as PDF bytes."""
    register_fonts()
    return render_framed(f"{report.title} – {report.period_label}", _story(report),
                         _decorate(report), invariant=invariant)
