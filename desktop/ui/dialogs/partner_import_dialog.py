"""The report of a partner CSV check (dry run): counts, encoding, the table of errors and
skipped rows; "Importieren" runs the real import on the worker. Opened with ``open()``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import InvalidInputError
from desktop.services.read_models import ImportReport
from desktop.ui.context import AppContext
from desktop.ui.models.partner_model import ImportIssueModel, issues_of
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.widgets.field_errors import ERROR_COLOUR

DELIMITERS = {";": "Semikolon (;)", ",": "Komma (,)"}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary_text(report: ImportReport) -> str:
    """The counts of ``report`` in a sentence or two."""
    lines = [
        f"{_plural(report.rows_total, 'Zeile', 'Zeilen')} gelesen: "
        f"{report.rows_ok} in Ordnung, {_plural(report.error_lines, 'Zeile', 'Zeilen')} "
        f"mit Fehlern, {len(report.duplicates)} schon vorhanden oder doppelt.",
        f"{report.new_partners} Partner mit "
        f"{_plural(report.contacts, 'Ansprechperson', 'Ansprechpersonen')} würden neu "
        "angelegt" + (" (ohne die fehlerhaften Zeilen)." if report.errors else ".")]
    return "\n".join(lines)


class PartnerImportDialog(QDialog):
    """See module docstring. Emits ``sig_imported(ImportReport)`` after a real import."""

    sig_imported = Signal(object)  # ImportReport

    def __init__(self, ctx: AppContext, data: bytes, report: ImportReport, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerImportDialog")
        self.setWindowTitle(f"Partnerliste importieren – {file_name}")
        self._ctx = ctx
        self._data = data
        self.report = report
        self._busy = False

        self.summary = QLabel(summary_text(report), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        delimiter = DELIMITERS.get(report.delimiter, report.delimiter)
        self.format_label = QLabel(f"Zeichenkodierung: {report.encoding} · Trennzeichen: "
                                   f"{delimiter}", self)
        self.format_label.setObjectName("importFormat")
        self.notes = QLabel("\n".join(report.notes), self)
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(report.notes))

        self.model = ImportIssueModel(self)
        self.model.set_rows(issues_of(report))
        self.table = rows_view(self, self.model, "importIssues", stretch=2,
                               widths={0: 60, 1: 150})
        self.table.setAccessibleName("Fehler und übersprungene Zeilen der Datei")
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_a: self.table.resizeRowsToContents())
        self.table.setVisible(self.model.rowCount() > 0)
        self.all_fine = QLabel("Alle Zeilen sind in Ordnung.", self)
        self.all_fine.setVisible(self.model.rowCount() == 0)

        self.skip_invalid = QCheckBox("&fehlerhafte Zeilen überspringen", self)
        self.skip_invalid.setObjectName("skipInvalid")
        self.skip_invalid.setToolTip("Nur die fehlerfreien Zeilen importieren")
        self.skip_invalid.setVisible(bool(report.errors))
        self.skip_invalid.toggled.connect(self._update_buttons)
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};")

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("&Importieren",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.cancel_button = self.buttons.addButton("Abbrechen",
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._on_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.format_label)
        layout.addWidget(self.notes)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.all_fine)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(760, 460 if self.model.rowCount() else 220)
        self._update_buttons()

    def would_create(self) -> int:
        return self.report.new_partners

    def _update_buttons(self, *_args: object) -> None:
        allowed = (not self._busy and self.would_create() > 0
                   and (not self.report.errors or self.skip_invalid.isChecked()))
        self.import_button.setEnabled(allowed)
        self.import_button.setDefault(allowed)
        self.cancel_button.setDefault(not allowed)
        if self.would_create() <= 0:
            self.import_button.setToolTip("Die Datei enthält keine neuen Partner.")
        elif self.report.errors and not self.skip_invalid.isChecked():
            self.import_button.setToolTip("Erst die Fehler beheben oder fehlerhafte Zeilen "
                                          "überspringen.")
        else:
            self.import_button.setToolTip("")

    def _on_import(self) -> None:
        if not self.import_button.isEnabled():
            return
        self._busy = True
        self.status.clear()
        self._update_buttons()
        self._ctx.runner.run(self._ctx.workspace.partners.import_csv, self._data,
                             dry_run=False, skip_invalid=self.skip_invalid.isChecked(),
                             on_success=self._on_imported, on_error=self._on_failed,
                             owner=self, label="Partner importieren")

    def _on_imported(self, report: ImportReport) -> None:
        self._busy = False
        self.sig_imported.emit(report)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        if isinstance(error, InvalidInputError):
            self.status.setText(" ".join(error.problems.values()))
        else:
            self._ctx.errors.show(error, self)
