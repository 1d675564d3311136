"""Reading a partner list from CSV: encoding, delimiter, German headers, and every row checked
exactly as a new partner typed by hand would be. Pure parsing; the service writes."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from desktop.domain.partners import (
    ContactInput,
    PartnerInput,
    parse_district,
    parse_kind,
    validate_contact,
    validate_partner,
)
from desktop.domain.text import fold
from desktop.errors import InvalidInputError
from desktop.services.read_models import ImportProblem

MAX_BYTES = 5 * 1024 * 1024
FILE = "file"  # the problem key of errors about the file as a whole

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 mit BOM"
CP1252 = "Windows-1252"
CP1252_NOTE = ("Die Datei ist nicht UTF-8-kodiert und wurde als Windows-1252 (ANSI, "
               "älteres Excel) gelesen. Bitte Umlaute und ß in der Vorschau prüfen.")

# Column → the header names accepted for it (compared folded, without spaces and signs).
COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("Art", "Typ", "Partnerart", "Kategorie"),
    "name": ("Name", "Bezeichnung", "Organisation", "Behörde"),
    "short_name": ("Kurzname", "Kurzbezeichnung", "Kürzel"),
    "district": ("Bezirk", "Bezirksregierung", "BezReg"),
    "street": ("Straße", "Strasse", "Straße und Hausnummer", "Anschrift", "Adresse"),
    "postcode": ("PLZ", "Postleitzahl"),
    "city": ("Ort", "Stadt"),
    "phone": ("Telefon", "Tel", "Telefonnummer"),
    "email": ("E-Mail", "Email", "Mail", "E-Mail-Adresse"),
    "contact_name": ("Ansprechpartner", "Ansprechpartnerin", "Ansprechperson",
                     "Kontaktperson", "Kontakt"),
    "contact_function": ("Funktion", "Ansprechpartner Funktion", "Position"),
    "contact_phone": ("Ansprechpartner Telefon", "Kontakt Telefon", "Telefon Ansprechpartner"),
    "contact_email": ("Ansprechpartner E-Mail", "Kontakt E-Mail", "E-Mail Ansprechpartner"),
}
REQUIRED = ("kind", "name")
_CONTACT_FIELDS = {"contact_name": "name", "contact_function": "function",
                   "contact_phone": "phone", "contact_email": "email"}
_PARTNER_FIELDS = ("name", "short_name", "street", "postcode", "city", "phone", "email")


def header_key(text: str) -> str:
    """A header as compared: folded, letters and digits only (``E-Mail`` → ``email``)."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


_BY_HEADER = {header_key(name): column for column, names in COLUMNS.items() for name in names}


@dataclass(frozen=True)
class ParsedRow:
    """A valid row: its line in the file, the partner, and the contact person if any."""

    line: int
    partner: PartnerInput
    contact: ContactInput | None


@dataclass
class ParsedFile:
    rows_total: int = 0
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    encoding: str = UTF8
    delimiter: str = ";"
    notes: list[str] = field(default_factory=list)


def bad_file(message: str) -> InvalidInputError:
    return InvalidInputError({FILE: message})


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding (UTF-8, with or without BOM; else
    Windows-1252). Raises InvalidInputError for what is not a text file."""
    if len(data) > MAX_BYTES:
        raise bad_file("Die Datei ist größer als 5 MB. Bitte die Liste aufteilen.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise bad_file("Die Datei ist UTF-16-kodiert. Bitte in Excel als „CSV UTF-8 "
                       "(durch Trennzeichen getrennt)“ speichern.")
    if b"\x00" in data:
        raise bad_file("Die Datei ist keine Textdatei (CSV). Bitte eine CSV-Datei wählen.")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError:
            raise bad_file("Die Datei ist als UTF-8 gekennzeichnet, enthält aber ungültige "
                           "Zeichen.") from None
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), CP1252
    except UnicodeDecodeError:
        raise bad_file("Die Kodierung der Datei ist unbekannt (weder UTF-8 noch "
                       "Windows-1252). Bitte als „CSV UTF-8“ speichern.") from None


def _looks_binary(text: str) -> bool:
    """Many control characters at the start: not a CSV file (single ones are row errors)."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc"
                   and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _recognised(line: str, delimiter: str) -> int:
    return sum(1 for cell in _split_header(line, delimiter) if header_key(cell) in _BY_HEADER)


def choose_delimiter(text: str) -> tuple[str, str]:
    """``(delimiter, text without an Excel "sep=" line)``: ``;`` or ``,`` by the header line,
    csv.Sniffer on the first lines, German Excel's ``;`` if still unclear."""
    first, _, rest = text.partition("\n")
    if first.strip().casefold() in ("sep=;", "sep=,"):
        return first.strip()[-1], rest
    header = next((line for line in text.splitlines() if line.strip()), "")
    semicolon, comma = _recognised(header, ";"), _recognised(header, ",")
    if semicolon != comma:
        return (";" if semicolon > comma else ","), text
    try:
        sample = "\n".join(text.splitlines()[:20])
        return csv.Sniffer().sniff(sample, delimiters=";,").delimiter, text
    except csv.Error:
        return ";", text


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """``(line where the record starts, cells)`` of every record (quoted line breaks kept)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise bad_file(f"Die Datei ist ab Zeile {line} keine gültige CSV-Datei "
                           f"({error}).") from None
        yield line, cells


def _header_map(cells: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column → position and column → header as written; plus the unknown headers."""
    positions: dict[str, int] = {}
    titles: dict[str, str] = {}
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        title = cell.strip()
        column = _BY_HEADER.get(header_key(title))
        if column is None:
            if title:
                unknown.append(title)
            continue
        if column in positions:
            raise bad_file(f"Die Spalte „{title}“ kommt in der Kopfzeile doppelt vor.")
        positions[column] = position
        titles[column] = title
    missing = [COLUMNS[c][0] for c in REQUIRED if c not in positions]
    if missing:
        found = ", ".join(f"„{c.strip()}“" for c in cells if c.strip()) or "keine"
        raise bad_file(
            f"Der Datei fehlen die Spalten {' und '.join(missing)}. Erwartet wird eine "
            "Kopfzeile wie: Art; Name; Kurzname; Bezirk; Straße; PLZ; Ort; Telefon; E-Mail "
            f"(optional Ansprechpartner; Funktion; Ansprechpartner Telefon; Ansprechpartner "
            f"E-Mail). Gefunden: {found}.")
    return positions, titles, unknown


def parse_csv(data: bytes) -> ParsedFile:
    """Reads ``data`` (see module docstring). Problems of single rows are collected with
    their line and column; problems of the whole file raise InvalidInputError."""
    if not data.strip():
        raise bad_file("Die Datei ist leer.")
    text, encoding = decode(data)
    if _looks_binary(text):
        raise bad_file("Die Datei ist keine Textdatei (CSV). Bitte eine CSV-Datei wählen.")
    delimiter, text = choose_delimiter(text)
    out = ParsedFile(encoding=encoding, delimiter=delimiter)
    if encoding == CP1252:
        out.notes.append(CP1252_NOTE)
    records = _records(text, delimiter)
    header: list[str] | None = None
    for _line, cells in records:
        if any(cell.strip() for cell in cells):
            header = cells
            break
    if header is None:
        raise bad_file("Die Datei ist leer.")
    positions, titles, unknown = _header_map(header)
    if unknown:
        out.notes.append("Nicht erkannte Spalten werden nicht übernommen: "
                         + ", ".join(f"„{u}“" for u in unknown) + ".")
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        out.rows_total += 1
        problems = _row(line, cells, len(header), positions, titles, out)
        out.errors.extend(problems)
    if out.rows_total == 0:
        raise bad_file("Die Datei enthält nur die Kopfzeile, aber keine Partner.")
    return out


def _row(line: int, cells: list[str], width: int, positions: dict[str, int],
         titles: dict[str, str], out: ParsedFile) -> list[ImportProblem]:
    def value(column: str) -> str:
        position = positions.get(column)
        return cells[position] if position is not None and position < len(cells) else ""

    def title(column: str) -> str:
        return titles.get(column, COLUMNS[column][0])

    problems: list[ImportProblem] = []
    if any(cell.strip() for cell in cells[width:]):
        problems.append(ImportProblem(line, "—", (
            f"Die Zeile hat {len(cells)} Felder, die Kopfzeile nur {width}. Steht ein "
            "Trennzeichen im Text? Dann den Text in Anführungszeichen setzen.")))
    kind = None
    if value("kind").strip():
        try:
            kind = parse_kind(value("kind"))
        except ValueError as error:
            problems.append(ImportProblem(line, title("kind"), str(error)))
    district = None
    try:
        district = parse_district(value("district"))
    except ValueError as error:
        problems.append(ImportProblem(line, title("district"), str(error)))
    partner = PartnerInput(kind, **{name: value(name) for name in _PARTNER_FIELDS},
                           district=district)
    found = validate_partner(partner)
    if kind is None and value("kind").strip():
        found.pop("kind", None)  # already said why
    problems.extend(ImportProblem(line, title(column), message)
                    for column, message in found.items())
    typed = ContactInput(**{field_: value(column)
                            for column, field_ in _CONTACT_FIELDS.items()})
    contact = None if typed.is_empty() else typed.cleaned()
    if contact is not None:
        by_field = {field_: column for column, field_ in _CONTACT_FIELDS.items()}
        problems.extend(ImportProblem(line, title(by_field[name]), message)
                        for name, message in validate_contact(typed).items())
    if not problems:
        out.rows.append(ParsedRow(line, partner.cleaned(), contact))
    return problems
