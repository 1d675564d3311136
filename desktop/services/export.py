"""Export of the case list to a CSV or XLSX file the user picked (the one way case data leaves
the vault in plaintext): the current filters, search and order, the chosen columns, audited."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from desktop.errors import InvalidInputError, UserFacingError
from desktop.exchange.table import Cell, Table
from desktop.services.cases import CaseService
from desktop.services.progress import Progress
from desktop.services.read_models import CaseListRow, CaseQuery
from desktop.storage.fileio import write_atomic
from desktop.storage.vault import OpenVault

ExportFormat = Literal["csv", "xlsx"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx")
PAGE = 500

# The columns of the case list, in list order: key → header. The case list model shows the
# same columns; the keys are what the settings and the audit event store.
CASE_COLUMNS: dict[str, str] = {
    "file_number": "Aktenzeichen",
    "name": "Name",
    "birth_date": "Geburtsdatum",
    "nationalities": "Staatsangehörigkeit",
    "status": "Status",
    "district": "Bezirk",
    "flags": "Merkmale",
    "caseworker": "Sachbearbeitung",
    "intake_date": "Eingang",
    "track": "Fallgruppe",
    "responsible_abh": "Zuständige ABH",
}

_VALUES: dict[str, Callable[[CaseListRow], Cell]] = {
    "file_number": lambda row: row.file_number,
    "name": lambda row: row.name,
    "birth_date": lambda row: row.birth_date,  # TT.MM.JJJJ, possibly with 00 for unknowns
    "nationalities": lambda row: row.nationalities,
    "status": lambda row: row.status.label,
    "district": lambda row: row.district.label,
    "flags": lambda row: ", ".join(flag.label for flag in row.flags),
    "caseworker": lambda row: row.caseworker,
    "intake_date": lambda row: row.intake_date,
    "track": lambda row: row.track.label,
    "responsible_abh": lambda row: row.responsible_abh,
}


class ExportTargetExistsError(UserFacingError):
    """The chosen file exists and overwriting was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"Die Datei {path} gibt es bereits. Sie wird nicht überschrieben.")


def check_target(target: Path, overwrite: bool) -> Path:
    """Checks a file the user picked before anything is read or rendered: not a folder, in
    a folder that exists, and not an existing file unless ``overwrite``."""
    target = Path(target)
    if target.is_dir():
        raise UserFacingError(f"{target} ist ein Ordner. Bitte einen Dateinamen angeben.")
    if not target.parent.is_dir():
        raise UserFacingError(f"Den Ordner {target.parent} gibt es nicht.")
    if target.exists() and not overwrite:
        raise ExportTargetExistsError(target)
    return target


def write_audited(target: Path, data: bytes, audit: Callable[[], object]) -> Path:
    """Writes ``data`` to ``target`` atomically (a temp file beside it, then a rename), then
    runs ``audit``: an export that cannot be audited does not happen, the file goes again."""
    write_atomic(target, data)
    try:
        audit()
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def case_table(rows: Sequence[CaseListRow], columns: Sequence[str]) -> Table:
    """The export table of ``rows`` with the given column keys."""
    getters = [_VALUES[key] for key in columns]
    return Table(tuple(CASE_COLUMNS[key] for key in columns),
                 [tuple(get(row) for get in getters) for row in rows])


def _encode(table: Table, fmt: ExportFormat) -> bytes:
    if fmt == "csv":
        from desktop.exchange.csv_export import to_csv

        return to_csv(table)
    from desktop.exchange.xlsx import to_xlsx  # openpyxl loads only when needed

    return to_xlsx(table)


class ExportService:
    """Writes the case list to a file; one audit event per export, without case data."""

    def __init__(self, vault: OpenVault, *, cases: CaseService | None = None) -> None:
        self._vault = vault
        self._cases = cases if cases is not None else CaseService(vault)

    def export_cases(self, query: CaseQuery, columns: Sequence[str], fmt: ExportFormat,
                     target: Path, *, progress: Progress | None = None,
                     overwrite: bool = False, via: str = "file") -> ExportResult:
        """Writes the cases matching ``query`` (in its order) with ``columns`` to ``target``.

        The file is written atomically (a temp file beside it, then a rename): a failed or
        cancelled export leaves no file and no partial file; an existing file is only replaced
        with ``overwrite=True``.

        Raises:
            InvalidInputError: unknown columns or format.
            ExportTargetExistsError: ``target`` exists and ``overwrite`` is false.
            OperationCancelled: ``progress`` was cancelled.
        """
        keys = self._check(columns, fmt, target, overwrite)
        progress = progress if progress is not None else Progress()
        progress.report(0, 0, "Fälle suchen")
        ids = self._cases.query_ids(query)
        total = len(ids)
        rows: list[CaseListRow] = []
        progress.report(0, total, "Fälle exportieren")
        for start in range(0, total, PAGE):
            rows.extend(self._cases.rows(ids[start:start + PAGE]))
            progress.report(len(rows), total, "Fälle exportieren")
        data = _encode(case_table(rows, keys), fmt)
        progress.report(total, total, "Datei schreiben")
        if target.exists() and not overwrite:  # created while we were reading
            raise ExportTargetExistsError(target)
        write_audited(target, data, lambda: self._cases.record_export(
            len(rows), fmt, query, via=via, columns=keys))
        return ExportResult(target, len(rows))

    @staticmethod
    def _check(columns: Sequence[str], fmt: str, target: Path,
               overwrite: bool) -> list[str]:
        problems = {}
        keys = list(dict.fromkeys(columns))
        unknown = [key for key in keys if key not in CASE_COLUMNS]
        if unknown:
            problems["columns"] = f"Unbekannte Spalten: {', '.join(unknown)}."
        elif not keys:
            problems["columns"] = "Bitte mindestens eine Spalte wählen."
        if fmt not in FORMATS:
            problems["format"] = "Exportieren lässt sich nur als CSV oder XLSX."
        if problems:
            raise InvalidInputError(problems)
        check_target(target, overwrite)
        return keys
