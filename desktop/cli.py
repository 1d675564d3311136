"""The command line ``fallakte``: the same services as the desktop program, headless.

Exit codes: 0 success, 1 a failure the user can act on (message in German on stderr), 2 a
usage error. Anything else that escapes is a bug and is not caught here.

Environment:
    FALLAKTE_PASSPHRASE       the passphrase, if ``--passphrase-file`` is not given
    FALLAKTE_NEW_PASSPHRASE   the new passphrase for ``passwd``
    FALLAKTE_HOME             the data directory (``--data-dir`` overrides it)
    FALLAKTE_KEYRING=none     never touch the OS keyring, not even for ``check``'s report
    FALLAKTE_TEST_FAST_KDF=1  for the test-suite only: ``init``, ``demo`` and ``passwd`` use
                              cheap Argon2 parameters so that tests run fast. The product's
                              parameters never change; ``check`` reports such slots as weak.

The command line never stores anything in the OS keyring; it only names the keyring backend
in ``check``'s report.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from desktop import cli_custody, cli_statistics
from desktop.config import DEFAULT_IDLE_LOCK_MINUTES, DEMO_PASSPHRASE, paths
from desktop.domain.enums import CaseStatus, District
from desktop.domain.letters import LetterKind
from desktop.errors import (
    InvalidInputError,
    UserFacingError,
    VaultExistsError,
    VaultNotFoundError,
)
from desktop.services.demo import DemoSummary, create_demo
from desktop.services.export import check_target
from desktop.services.progress import Progress
from desktop.services.read_models import CaseListRow, CaseQuery, CaseSort
from desktop.services.workspace import VaultService, Workspace
from desktop.storage.fileio import write_atomic
from desktop.storage.keyring_store import KeyringStore
from desktop.storage.keyslots import KdfParams

PASSPHRASE_ENV = "FALLAKTE_PASSPHRASE"  # noqa: S105 - the name of a variable, not a secret
NEW_PASSPHRASE_ENV = "FALLAKTE_NEW_PASSPHRASE"  # noqa: S105 - likewise
KEYRING_ENV = "FALLAKTE_KEYRING"
FAST_KDF_ENV = "FALLAKTE_TEST_FAST_KDF"
PAGE = 500


class UsageError(Exception):
    """The command was called wrongly (exit code 2); the text is German."""


# --- argument parsing ----------------------------------------------------------------------

class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._optionals.title = "Optionen"
        self._positionals.title = "Befehle"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Fehler: {_german(message)}\n")


# argparse's own messages (it has no German catalogue); anything else is passed on as is.
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"),
     "Bitte angeben: {0}."),
    (re.compile(r"unrecognized arguments: (.+)"), "Unbekannte Angabe: {0}."),
    (re.compile(r"argument (\S+): expected one argument"), "Bei {0} fehlt der Wert."),
    (re.compile(r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.+)\)"),
     "Bei {0} ist „{1}“ nicht möglich (möglich: {2})."),
    (re.compile(r"argument (\S+): invalid \S+ value: '?([^']*)'?"),
     "Bei {0} ist „{1}“ kein gültiger Wert."),
    (re.compile(r"argument (\S+): (.+)"), "Bei {0}: {1}"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"),
     "Die Angabe {0} ist mehrdeutig ({1})."),
)


def _german(message: str) -> str:
    for pattern, text in _ARGPARSE_MESSAGES:
        if match := pattern.fullmatch(message):
            return text.format(*(group.replace("'", "") for group in match.groups()))
    return message


def _common_options(*, suppress: bool) -> argparse.ArgumentParser:
    """The options every command takes. Inside a command they default to SUPPRESS, so that
    a value given before the command name is not overwritten."""
    parser = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("Tresor")
    group.add_argument("--db", type=Path, metavar="PFAD", default=default,
                       help="Tresordatei (Standard: fallakte.fallakte im Datenverzeichnis)")
    group.add_argument("--passphrase-file", type=Path, metavar="DATEI", default=default,
                       help="Passphrase aus der ersten Zeile dieser Datei lesen (sonst "
                            f"${PASSPHRASE_ENV}, sonst Abfrage am Terminal)")
    group.add_argument("--user", metavar="NAME", default=default,
                       help="Benutzername im Tresor (ohne Angabe werden alle Passphrasen "
                            "probiert)")
    group.add_argument("--data-dir", type=Path, metavar="VERZEICHNIS", default=default,
                       help="Datenverzeichnis (ersetzt $FALLAKTE_HOME)")
    return parser


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine ganze Zahl.") from None
    if value < 0:
        raise argparse.ArgumentTypeError("Die Zahl darf nicht negativ sein.")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fallakte", parents=[_common_options(suppress=False)],
        description="Fallakte RRK – verschlüsselte Fallakten der Regionalen "
                    "Rückkehrkoordinationsstellen NRW. Ohne Befehl startet das Programm.",
        epilog="Umgebungsvariablen: FALLAKTE_PASSPHRASE, FALLAKTE_NEW_PASSPHRASE, "
               "FALLAKTE_HOME, FALLAKTE_KEYRING=none (Schlüsselbund nie verwenden).")
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", parser_class=_Parser)
    common: list[Any] = [_common_options(suppress=True)]

    def add(name: str, text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(name, help=text, description=text,
                                                           parents=common)
        return sub

    init = add("init", "Einen neuen Tresor anlegen (zeigt den Wiederherstellungscode einmal).")
    init.add_argument("--display-name", metavar="TEXT",
                      help="Name, der im Prüfprotokoll steht (Standard: der Benutzername)")
    init.add_argument("--district", metavar="BEZIRK",
                      help="Bezirksregierung: ARN, DET, DUS, KLN, MST oder der Name")

    demo = add("demo", "Einen Demo-Tresor mit erfundenen Fällen anlegen.")
    demo.add_argument("--cases", type=_non_negative, default=200, metavar="N",
                      help="Anzahl der Fälle (Standard: 200)")
    demo.add_argument("--seed", type=int, default=2026, metavar="S",
                      help="Startwert des Zufallsgenerators (gleicher Wert, gleiche Daten)")

    check = add("check", "Sicherheits-Selbsttest des Tresors.")
    check.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")

    passwd = add("passwd", "Die Passphrase ändern (die Tresordatei bleibt unverändert).")
    passwd.add_argument("--new-passphrase-file", type=Path, metavar="DATEI",
                        help=f"neue Passphrase aus dieser Datei (sonst ${NEW_PASSPHRASE_ENV}, "
                             "sonst Abfrage am Terminal)")

    backup = add("backup", "Eine verschlüsselte, geprüfte Sicherung schreiben.")
    backup.add_argument("--to", type=Path, required=True, metavar="DATEI",
                        help="Zieldatei (darf noch nicht existieren)")

    restore = add("restore", "Eine Sicherung zurückspielen (der bisherige Tresor wird "
                             "beiseitegelegt, nicht gelöscht).")
    restore.add_argument("--from", dest="source", type=Path, required=True, metavar="DATEI",
                         help="die Sicherung; die Passphrase ist die der Sicherung")

    cases = add("cases", "Fälle auflisten und suchen.")
    cases.add_argument("--search", default="", metavar="TEXT",
                       help="Name, Alias, Aktenzeichen, AZR-Nummer (Akzente egal)")
    cases.add_argument("--status", metavar="STATUS",
                       help="intake, active, dormant, closed (oder Eingang, Aktiv, …)")
    cases.add_argument("--district", metavar="BEZIRK", help="ARN, DET, DUS, KLN, MST")
    cases.add_argument("--sort", choices=[s.value for s in CaseSort], default="file_number",
                       help="Sortierung (Standard: file_number)")
    cases.add_argument("--limit", type=_non_negative, metavar="N",
                       help="höchstens N Fälle ausgeben")
    cases.add_argument("--json", action="store_true", help="als JSON ausgeben")

    letter = add("letter", "Ein Schreiben an die zuständige Ausländerbehörde als Entwurf "
                           "(PDF) ausgeben; es wird nicht registriert.")
    letter.add_argument("--case", required=True, metavar="AZ", help="Aktenzeichen des Falls")
    letter.add_argument("--kind", required=True, metavar="ART",
                        help="proposal, instruction, status_request, custody_notice oder free")
    letter.add_argument("--out", type=Path, required=True, metavar="DATEI",
                        help="Zieldatei (PDF; wird atomar geschrieben)")

    cli_custody.add_parser(add)
    cli_statistics.add_parser(add)

    gui = add("gui", "Das Programm starten (Standard ohne Befehl).")
    gui.add_argument("--demo-if-missing", action="store_true",
                     help="den Demo-Tresor öffnen, wenn es noch keinen Tresor gibt")
    gui.add_argument("--idle-minutes", type=_non_negative, metavar="N",
                     help=f"Sperre nach N Minuten ohne Eingabe (Standard: "
                          f"{DEFAULT_IDLE_LOCK_MINUTES})")
    return parser


# --- environment: paths, keyring, KDF, passphrases ---------------------------------------

def _data_dir(args: argparse.Namespace) -> Path | None:
    value: Path | None = getattr(args, "data_dir", None)
    return value


def _db(args: argparse.Namespace) -> Path:
    given: Path | None = getattr(args, "db", None)
    if given is not None:
        return Path(given).expanduser().absolute()
    return paths(_data_dir(args)).default_vault


def _keyring(*, for_report: bool = False) -> KeyringStore:
    """Never the OS keyring, except to name its backend in ``check``'s report."""
    if for_report and os.environ.get(KEYRING_ENV, "").strip().lower() != "none":
        return KeyringStore.system()
    return KeyringStore.disabled()


def _kdf() -> KdfParams | None:
    """Cheap Argon2 parameters only when the test-suite asks for them; else the product's."""
    return KdfParams.for_tests() if os.environ.get(FAST_KDF_ENV) == "1" else None


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _read_secret_file(path: Path) -> str:
    """The first line of ``path``, without its line end."""
    try:
        text = Path(path).expanduser().read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"Die Passphrasendatei {path} kann nicht gelesen werden "
                         f"({getattr(error, 'strerror', None) or error}).") from None
    if os.name == "posix":
        try:
            if Path(path).expanduser().stat().st_mode & 0o077:
                _warn(f"Warnung: Die Passphrasendatei {path} ist für andere lesbar "
                      "(chmod 600 empfohlen).")
        except OSError:
            pass
    return text.split("\n", 1)[0].rstrip("\r")


def _given_passphrase(file: Path | None, env: str) -> str | None:
    if file is not None:
        return _read_secret_file(file)
    value = os.environ.get(env)
    return value if value else None


def _ask(prompt: str, *, confirm: bool) -> str:
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Zur Bestätigung wiederholen: ") != first:
        raise InvalidInputError({"repeated": "Die beiden Eingaben stimmen nicht überein."})
    return first


def _passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    given = _given_passphrase(getattr(args, "passphrase_file", None), PASSPHRASE_ENV)
    if given is not None:
        return given
    if _interactive():
        return _ask("Passphrase: ", confirm=confirm)
    raise UsageError("Keine Passphrase angegeben. Bitte --passphrase-file DATEI oder die "
                     f"Umgebungsvariable {PASSPHRASE_ENV} verwenden oder den Befehl in einem "
                     "Terminal aufrufen.")


def _new_passphrase(args: argparse.Namespace) -> str:
    given = _given_passphrase(getattr(args, "new_passphrase_file", None), NEW_PASSPHRASE_ENV)
    if given is not None:
        return given
    if _interactive():
        return _ask("Neue Passphrase: ", confirm=True)
    raise UsageError("Keine neue Passphrase angegeben. Bitte --new-passphrase-file DATEI oder "
                     f"die Umgebungsvariable {NEW_PASSPHRASE_ENV} verwenden oder den Befehl in "
                     "einem Terminal aufrufen.")


def _warn(text: str) -> None:
    print(text, file=sys.stderr)


def _require_vault(db: Path) -> None:
    if not db.exists():
        raise VaultNotFoundError(f"Es gibt keinen Tresor unter {db}.", detail=str(db))


def _refuse_existing(db: Path) -> None:
    keys = db.with_name(db.name + ".keys")
    if db.exists() or keys.exists():
        raise VaultExistsError(f"Unter {db} liegt bereits ein Tresor oder eine andere Datei; "
                               "sie wird nicht überschrieben.", detail=str(db))


def _unlock(args: argparse.Namespace, *, for_report: bool = False) -> Workspace:
    db = _db(args)
    _require_vault(db)
    passphrase = _passphrase(args)
    service = VaultService(db, keyring=_keyring(for_report=for_report))
    return service.unlock_with_passphrase(getattr(args, "user", None), passphrase)


# --- commands ------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    db = _db(args)
    _refuse_existing(db)
    user = getattr(args, "user", None) or _default_user_name()
    display = args.display_name or user
    district = _parse_district(args.district) if args.district else None
    passphrase = _passphrase(args, confirm=True)
    service = VaultService(db, keyring=_keyring(), kdf=_kdf())
    workspace, recovery = service.create(user_name=user, display_name=display,
                                         passphrase=passphrase, district=district)
    workspace.close()
    print(f"Tresor angelegt: {db}")
    print(f"Schlüsseldatei:  {db.with_name(db.name + '.keys')} (immer zusammen mit dem Tresor "
          "sichern)")
    print(f"Benutzer:        {user} ({display})")
    print()
    print("WIEDERHERSTELLUNGSCODE – wird nur dieses eine Mal angezeigt:")
    print()
    print(f"    {recovery}")
    print()
    print("Bitte sofort ausdrucken oder abschreiben und sicher verwahren (z. B. versiegelt bei "
          "der Leitung). Mit diesem Code lässt sich der Tresor ohne Passphrase öffnen; wer ihn "
          "hat, kann alle Fälle lesen. Er wird nirgends gespeichert und kann nicht erneut "
          "angezeigt werden.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    db = _db(args)
    _refuse_existing(db)
    passphrase = _given_passphrase(getattr(args, "passphrase_file", None), PASSPHRASE_ENV)
    if passphrase is None:
        passphrase = DEMO_PASSPHRASE
        print(f"Passphrase des Demo-Tresors: {DEMO_PASSPHRASE} (öffentlich bekannt – nur für "
              "erfundene Daten verwenden)")
    started = time.perf_counter()

    def show(done: int, total: int, text: str) -> None:
        print(f"\r{text}\033[K", end="", file=sys.stderr, flush=True)

    try:
        workspace, summary = create_demo(db, args.cases, passphrase=passphrase,
                                         keyring=_keyring(), kdf=_kdf(), seed=args.seed,
                                         progress=Progress(show))
    finally:
        print(file=sys.stderr)
    workspace.close()
    elapsed = time.perf_counter() - started
    print(f"Demo-Tresor angelegt: {db}")
    print("Benutzer: demo (Sachbearbeitung), leitung (Leitung); beide mit derselben Passphrase")
    for line in _summary_lines(summary):
        print(f"  {line}")
    print(f"Dauer: {elapsed:.1f} s".replace(".", ","))
    return 0


def _summary_lines(summary: DemoSummary) -> list[str]:
    def n(value: int) -> str:
        return f"{value:,}".replace(",", ".")

    statuses = ", ".join(f"{status.label} {n(summary.by_status[status.value])}"
                         for status in CaseStatus if status.value in summary.by_status)
    districts = ", ".join(f"{code} {n(count)}" for code, count in summary.by_district.items())
    return [
        f"Fälle: {n(summary.cases)} ({statuses})" if statuses else f"Fälle: {summary.cases}",
        f"Bezirke: {districts}" if districts else "Bezirke: –",
        f"Personen: {n(summary.persons)}, Aliaspersonalien: {n(summary.aliases)}, "
        f"Staatsangehörigkeiten: {n(summary.nationalities)}",
        f"Merkmale: {n(summary.flags)}, Maßnahmen: {n(summary.measures)}, "
        f"Wiedervorlagen/Fristen/Termine: {n(summary.reminders)}, "
        f"Verlaufseinträge: {n(summary.journal_entries)}",
        f"Duldungen: {n(summary.duldungen)}, Vollzugshindernisse: {n(summary.obstacles)}, "
        f"Fremdaktenzeichen: {n(summary.external_references)}, "
        f"Ausweisdokumente: {n(summary.identity_documents)}, "
        f"Anlagen: {n(summary.attachments)}",
        f"Schreiben im Postausgang: {n(summary.letters)}",
        f"Netzwerkpartner (erfunden): {summary.partners}",
    ]


def cmd_check(args: argparse.Namespace) -> int:
    workspace = _unlock(args, for_report=True)
    try:
        lines = workspace.check()
    finally:
        workspace.close()
    ok = all(line.ok for line in lines)
    if args.json:
        print(json.dumps({"ok": ok, "checks": [
            {"name": line.name, "ok": line.ok, "detail": line.detail} for line in lines]},
            ensure_ascii=False, indent=2))
    else:
        width = max((len(line.name) for line in lines), default=0)
        for line in lines:
            print(f"{'OK' if line.ok else 'FEHLER':<6}  {line.name:<{width}}  {line.detail}")
        print("Alle Prüfungen bestanden." if ok else "Mindestens eine Prüfung ist fehlgeschlagen.")
    return 0 if ok else 1


def cmd_passwd(args: argparse.Namespace) -> int:
    db = _db(args)
    _require_vault(db)
    service = VaultService(db, keyring=_keyring(), kdf=_kdf())
    users = service.state().users
    user = getattr(args, "user", None)
    if not user:
        if len(users) != 1:
            raise UsageError("Der Tresor hat mehrere Benutzer (" + ", ".join(users) + "); "
                             "bitte mit --user NAME angeben, wessen Passphrase sich ändert.")
        user = users[0]
    old = _passphrase(args)
    new = _new_passphrase(args)
    service.change_passphrase(user, old, new)
    print(f"Die Passphrase von „{user}“ ist geändert. Die Tresordatei ist unverändert; neu "
          f"geschrieben wurde die Schlüsseldatei {db.name}.keys – bitte deren Sicherung "
          "erneuern.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    target = Path(args.to).expanduser().absolute()
    if target.exists() or target.with_name(target.name + ".keys").exists():
        raise VaultExistsError(f"{target} gibt es schon; eine Sicherung überschreibt nichts.",
                               detail=str(target))
    workspace = _unlock(args)
    try:
        written = workspace.backup(target)
    finally:
        workspace.close()
    print(f"Sicherung geschrieben und geprüft: {written}")
    print(f"Schlüsseldatei der Sicherung:      {written.with_name(written.name + '.keys')}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = _db(args)
    source = Path(args.source).expanduser().absolute()
    if not source.exists():
        raise VaultNotFoundError(f"Die Sicherung {source} gibt es nicht.", detail=str(source))
    if source == db:
        raise UsageError("Sicherung und Tresor sind dieselbe Datei.")
    passphrase = _passphrase(args)
    folder = db.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    before = set(folder.iterdir())
    service = VaultService(db, keyring=_keyring())
    workspace = service.restore(source, getattr(args, "user", None), passphrase)
    workspace.close()
    kept = sorted(p for p in folder.iterdir()
                  if p not in before and ".before-restore-" in p.name)
    print(f"Sicherung {source} ist als {db} zurückgespielt.")
    if kept:
        print("Der bisherige Stand ist beiseitegelegt (nicht gelöscht):")
        for path in kept:
            print(f"  {path}")
    else:
        print("An diesem Ort lag vorher kein Tresor.")
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    query = CaseQuery(search=args.search or "", status=_parse_status(args.status),
                      district=_parse_district(args.district) if args.district else None,
                      sort=CaseSort(args.sort))
    workspace = _unlock(args)
    try:
        ids = workspace.cases.query_ids(query)
        if args.limit is not None:
            ids = ids[:args.limit]
        rows: list[CaseListRow] = []
        for start in range(0, len(ids), PAGE):
            rows.extend(workspace.cases.rows(ids[start:start + PAGE]))
        workspace.cases.record_export(len(rows), "json" if args.json else "text", query,
                                      via="cli")
    finally:
        workspace.close()
    if args.json:
        print(json.dumps([_case_json(row) for row in rows], ensure_ascii=False, indent=2))
    else:
        _print_table(rows)
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    kinds = {kind.value: kind for kind in LetterKind}
    kind = kinds.get(args.kind.strip().lower())
    if kind is None:
        raise UsageError(f"Unbekannte Art von Schreiben: „{args.kind}“ (möglich: "
                         f"{', '.join(kinds)}).")
    target = check_target(Path(args.out).expanduser().absolute(), overwrite=True)
    workspace = _unlock(args)
    try:
        pdf = workspace.letters.draft_for_cli(args.case, kind)
    finally:
        workspace.close()
    write_atomic(target, pdf)
    print(target)
    return 0


def _case_json(row: CaseListRow) -> dict[str, Any]:
    return {
        "file_number": row.file_number, "name": row.name, "status": row.status.value,
        "status_label": row.status.label, "district": row.district.value,
        "district_label": row.district.label, "birth_date": row.birth_date,
        "nationalities": row.nationalities, "track": row.track.value,
        "flags": [flag.value for flag in row.flags], "caseworker": row.caseworker,
        "intake_date": row.intake_date.isoformat(), "responsible_abh": row.responsible_abh,
    }


def _print_table(rows: Sequence[CaseListRow]) -> None:
    header = ("Aktenzeichen", "Name", "Geburtsdatum", "Status")
    table = [header] + [(r.file_number, r.name, r.birth_date, r.status.label) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print(f"{len(rows)} Fall" if len(rows) == 1 else f"{len(rows)} Fälle")


def cmd_gui(args: argparse.Namespace) -> int:
    # Imported by name so that the command line itself never loads Qt (import-linter).
    app = importlib.import_module("desktop.app")
    code = app.run_gui(db=getattr(args, "db", None), data_dir=_data_dir(args),
                       demo_if_missing=getattr(args, "demo_if_missing", False),
                       idle_minutes=getattr(args, "idle_minutes", None))
    return int(code)


def _parse_status(text: str | None) -> CaseStatus | None:
    if not text:
        return None
    wanted = text.strip().casefold()
    for status in CaseStatus:
        if wanted in (status.value, status.label.casefold()):
            return status
    raise UsageError(f"Unbekannter Status „{text}“. Möglich: "
                     + ", ".join(f"{s.value} ({s.label})" for s in CaseStatus) + ".")


def _parse_district(text: str) -> District:
    try:
        return District.parse(text)
    except ValueError:
        raise UsageError(f"Unbekannte Bezirksregierung „{text}“. Möglich: "
                         + ", ".join(f"{d.value} ({d.label})" for d in District)
                         + ".") from None


def _default_user_name() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return "benutzer"
    return name if name.isidentifier() else "benutzer"


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init, "demo": cmd_demo, "check": cmd_check, "passwd": cmd_passwd,
    "backup": cmd_backup, "restore": cmd_restore, "cases": cmd_cases, "letter": cmd_letter,
    "gui": cmd_gui, "custody": cli_custody.cmd_custody,
    "statistics": cli_statistics.cmd_statistics,
}


def main(argv: list[str] | None = None) -> int:
    """Runs one command; returns the exit code (0 ok, 1 failure, 2 usage)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error already printed by argparse
        return stop.code if isinstance(stop.code, int) else 2
    command = args.command or "gui"
    try:
        return COMMANDS[command](args)
    except UsageError as error:
        _warn(f"Fehler: {error}")
        return 2
    except UserFacingError as error:
        _warn(f"Fehler: {error.message}")
        return 1
    except KeyboardInterrupt:
        _warn("Abgebrochen.")
        return 1
