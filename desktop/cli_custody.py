"""``fallakte custody``: the sentence-date engine on the command line (``compute``).

``fallakte custody compute [DATEI]`` reads one JSON object from the file (or stdin when no file
or ``-`` is given) and prints the computed dates as JSON (ISO dates or null). A bad input prints
a German message naming the field on stderr and exits with status 2. Unknown keys are refused
so that a typo ("month") cannot silently compute a different sentence.

Input: ``{"start": "YYYY-MM-DD", "credited_days": N, "sentences": [{"years": Y, "months": M,
"weeks": W, "days": D, "kind": "adult"|"youth"|"life"|"fine_default", "day_fines": N,
"final": "YYYY-MM-DD", "interrupt_at": "two_thirds"|"half"}], "settings": {"credit_method":
"subtract"|"move_start", "fraction_method": "days"|"months"}}`` (all but start and one
sentence optional).

``fallakte custody ics --db PFAD --out DATEI.ics [--from JJJJ-MM-TT --to JJJJ-MM-TT]`` unlocks
the vault like every database command and writes the custody calendar (effective release-
relevant dates and open early warnings) as an iCalendar file, atomically and audited;
without a range it covers today and the next two years.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from desktop.domain.custody import (
    CreditMethod,
    CustodyDates,
    CustodyInput,
    CustodyInputError,
    CustodySettings,
    FractionMethod,
    InterruptAt,
    Sentence,
    SentenceKind,
    compute,
)

_E = TypeVar("_E", bound=StrEnum)

_TOP_KEYS = {"start", "credited_days", "sentences", "settings"}
_SENTENCE_KEYS = {"years", "months", "weeks", "days", "kind", "day_fines", "final",
                  "interrupt_at"}
_SETTINGS_KEYS = {"credit_method", "fraction_method"}


def add_parser(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Registers ``custody`` and its subcommands; ``add`` makes a command parser (with the
    common ``--db`` options, which the later ``custody ics`` subcommand uses)."""
    custody = add("custody", "Haftfälle: Strafzeitberechnung (Strafende, Halbstrafe, "
                             "Zweidrittel, Entlassungstag).")
    subcommands = custody.add_subparsers(dest="custody_command", metavar="UNTERBEFEHL")
    compute_parser = subcommands.add_parser(
        "compute", help="Daten einer Strafe aus JSON berechnen (Datei oder stdin)",
        description="Liest JSON aus DATEI (oder stdin) und gibt die berechneten Daten als "
                    "JSON aus.")
    compute_parser.add_argument("file", nargs="?", metavar="DATEI",
                                help="JSON-Datei (ohne Angabe oder '-': stdin)")
    from desktop.cli import _common_options  # cli imports this module; it is loaded by now

    ics_parser = subcommands.add_parser(
        "ics", parents=[_common_options(suppress=True)],
        help="Haftkalender als iCalendar-Datei (.ics) exportieren",
        description="Schreibt die entlassungsrelevanten Daten und offenen Vorfristen der "
                    "Haftfälle als iCalendar-Datei (Outlook-Import; erneuter Import "
                    "aktualisiert die Termine). Ohne Zeitraum: heute und die nächsten zwei "
                    "Jahre.")
    ics_parser.add_argument("--out", required=True, type=Path, metavar="DATEI.ics",
                            help="Zieldatei")
    ics_parser.add_argument("--from", dest="first", type=_iso_day, metavar="JJJJ-MM-TT",
                            help="erster Tag (Standard: heute)")
    ics_parser.add_argument("--to", dest="last", type=_iso_day, metavar="JJJJ-MM-TT",
                            help="letzter Tag (Standard: zwei Jahre nach dem ersten)")


def cmd_custody(args: argparse.Namespace) -> int:
    """Runs a ``custody`` subcommand; returns the exit code."""
    command = getattr(args, "custody_command", None)
    if command == "compute":
        return cmd_compute(args)
    if command == "ics":
        return cmd_ics(args)
    print("Fehler: Bitte einen Unterbefehl angeben: compute oder ics.", file=sys.stderr)
    return 2


def _iso_day(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist kein Datum (JJJJ-MM-TT).") from None


def cmd_ics(args: argparse.Namespace) -> int:
    """Writes the custody calendar of the vault as an iCalendar file."""
    from desktop import cli  # the unlock helpers; cli imports this module

    first: date = args.first or date.today()  # noqa: DTZ011 - the local calendar day
    last: date = args.last or first + timedelta(days=2 * 365)
    if last < first:
        print("Fehler: --to liegt vor --from.", file=sys.stderr)
        return 2
    target = Path(args.out).expanduser().absolute()
    workspace = cli._unlock(args)
    try:
        workspace.custody.export_ics(target, first, last, via="cli")
    finally:
        workspace.close()
    print(target)
    return 0


def cmd_compute(args: argparse.Namespace) -> int:
    try:
        text = _read(args.file)
        data = parse_input(_load(text))
        dates = compute(data)
    except CustodyInputError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    print(json.dumps(dates_to_json(dates), ensure_ascii=False, indent=2))
    return 0


def _read(file: str | None) -> str:
    if file is None or file == "-":
        return sys.stdin.read()
    try:
        return Path(file).expanduser().read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise CustodyInputError("DATEI", f"{file} kann nicht gelesen werden ({reason}).") from None


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CustodyInputError("JSON", f"Kein gültiges JSON (Zeile {error.lineno}, Spalte "
                                        f"{error.colno}: {error.msg}).") from None


def parse_input(data: Any) -> CustodyInput:
    """The engine's input from decoded JSON; raises CustodyInputError naming the field."""
    _object(data, "Eingabe", _TOP_KEYS)
    if "start" not in data:
        raise CustodyInputError("start", "Der Strafbeginn fehlt.")
    sentences = data.get("sentences")
    if not isinstance(sentences, list) or not sentences:
        raise CustodyInputError("sentences", "Erwartet wird eine Liste mit mindestens einer "
                                             "Strafe.")
    settings = data.get("settings", {})
    _object(settings, "settings", _SETTINGS_KEYS)
    return CustodyInput(
        start=_date(data["start"], "start"),
        credited_days=_int(data, "credited_days", "credited_days"),
        sentences=tuple(_sentence(item, f"sentences[{i}]") for i, item in enumerate(sentences)),
        settings=CustodySettings(
            credit_method=_choice(settings, "credit_method", "settings.credit_method",
                                  CreditMethod, CreditMethod.SUBTRACT),
            fraction_method=_choice(settings, "fraction_method", "settings.fraction_method",
                                    FractionMethod, FractionMethod.DAYS)))


def dates_to_json(dates: CustodyDates) -> dict[str, Any]:
    """The output object: ISO dates or null."""
    def iso(day: date | None) -> str | None:
        return None if day is None else day.isoformat()

    keys = ("end", "half", "two_thirds", "half_456a", "release_day", "joint_decision",
            "one_third", "six_months", "fifteen_years")
    result: dict[str, Any] = {key: iso(getattr(dates, key)) for key in keys}
    result["sentences"] = [{"start": iso(row.start), "end": iso(row.end),
                            "interrupted_after": iso(row.interrupted_after)}
                           for row in dates.sentences]
    return result


def _sentence(item: Any, name: str) -> Sentence:
    _object(item, name, _SENTENCE_KEYS)
    final = item.get("final")
    return Sentence(
        years=_int(item, "years", f"{name}.years"),
        months=_int(item, "months", f"{name}.months"),
        weeks=_int(item, "weeks", f"{name}.weeks"),
        days=_int(item, "days", f"{name}.days"),
        kind=_choice(item, "kind", f"{name}.kind", SentenceKind, SentenceKind.ADULT),
        day_fines=_int(item, "day_fines", f"{name}.day_fines"),
        final=None if final is None else _date(final, f"{name}.final"),
        interrupt_at=_choice(item, "interrupt_at", f"{name}.interrupt_at", InterruptAt,
                             InterruptAt.TWO_THIRDS))


def _object(value: Any, name: str, allowed: set[str]) -> None:
    if not isinstance(value, dict):
        raise CustodyInputError(name, "Erwartet wird ein JSON-Objekt.")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise CustodyInputError(name, "Unbekannte Angabe " + ", ".join(f"„{key}“"
                                                                        for key in unknown)
                                + ". Möglich: " + ", ".join(sorted(allowed)) + ".")


def _int(container: dict[str, Any], key: str, name: str) -> int:
    value = container.get(key, 0)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise CustodyInputError(name, f"Erwartet wird eine ganze Zahl, nicht {value!r}.")
    if value < 0:
        raise CustodyInputError(name, f"Die Zahl darf nicht negativ sein ({value}).")
    return value


def _date(value: Any, name: str) -> date:
    if not isinstance(value, str):
        raise CustodyInputError(name, "Erwartet wird ein Datum als Text (JJJJ-MM-TT).")
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CustodyInputError(name, f"„{value}“ ist kein gültiges Datum (JJJJ-MM-TT)."
                                ) from None


def _choice(container: dict[str, Any], key: str, name: str, enum: type[_E], default: _E) -> _E:
    value = container.get(key)
    if value is None:
        return default
    try:
        return enum(value)
    except ValueError:
        raise CustodyInputError(name, f"Unbekannter Wert {json.dumps(value, ensure_ascii=False)}."
                                      " Möglich: " + ", ".join(m.value for m in enum) + "."
                                ) from None
