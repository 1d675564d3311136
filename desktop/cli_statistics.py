"""``fallakte statistics``: the figures of the Fallmanagement-Statistik for a period.

``fallakte statistics --db PFAD --from JJJJ-MM-TT --to JJJJ-MM-TT [--district BEZIRK] --json``
unlocks the vault like every database command and prints the figures of the period
(docs/statistics_api.md: stable snake_case keys from ``desktop.domain.statistics``); without
``--json`` a German table. District by code or name (DUS, Düsseldorf); without it the whole
vault. Usage errors (a bad date, ``--to`` before ``--from``, an unknown district) exit with 2.
A read: not audited, nothing is written.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date

from desktop.domain.enums import District
from desktop.domain.statistics import FIGURES, FigureKind, Period, category_label, marked
from desktop.services.statistics_models import StatisticsFigures


def _iso_day(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist kein Datum (JJJJ-MM-TT).") from None


def add_parser(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    parser = add("statistics", "Kennzahlen der Fallmanagement-Statistik für einen Zeitraum "
                               "ausgeben.")
    parser.add_argument("--from", dest="first", type=_iso_day, required=True,
                        metavar="JJJJ-MM-TT", help="erster Tag des Zeitraums")
    parser.add_argument("--to", dest="last", type=_iso_day, required=True,
                        metavar="JJJJ-MM-TT", help="letzter Tag des Zeitraums (Stichtag)")
    parser.add_argument("--district", metavar="BEZIRK",
                        help="Bezirksregierung: ARN, DET, DUS, KLN, MST oder der Name "
                             "(ohne Angabe: der ganze Tresor)")
    parser.add_argument("--json", action="store_true", help="als JSON ausgeben")


def _text(figures: StatisticsFigures) -> str:
    where = "ganzer Tresor" if figures.district is None else figures.district.label
    lines = [f"Fallmanagement-Statistik {figures.period.label} · {where} · "
             f"{figures.period.cut_off_label}"]
    for definition in FIGURES:
        value = figures.values[definition.id]
        if definition.kind is FigureKind.BREAKDOWN and isinstance(value, dict):
            lines.append(f"{definition.label}:")
            lines += [f"  {category_label(definition.id, key)}: {marked(n)}"
                      for key, n in value.items()]
        elif isinstance(value, int):
            lines.append(f"{definition.label}: {marked(value)}")
        else:
            lines.append(f"{definition.label}: "
                         + ("–" if value is None else f"{value:.1f}".replace(".", ",")))
    return "\n".join(lines)


def cmd_statistics(args: argparse.Namespace) -> int:
    from desktop import cli  # the unlock helpers; cli imports this module

    if args.last < args.first:
        raise cli.UsageError("--to liegt vor --from.")
    district = None
    if args.district:
        try:
            district = District.parse(args.district)
        except ValueError:
            raise cli.UsageError(f"Unbekannte Bezirksregierung „{args.district}“ (möglich: "
                                 "ARN, DET, DUS, KLN, MST oder der Name).") from None
    period = Period.range(args.first, args.last)
    workspace = cli._unlock(args)
    try:
        figures = workspace.statistics.figures(period, district)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
    else:
        print(_text(figures))
    return 0
