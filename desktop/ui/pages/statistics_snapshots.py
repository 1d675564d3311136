"""The tabs "Stände" and "Landesstatistik" of the Statistik page: freezing a snapshot (Stand
festschreiben), the snapshot list with re-print and "Mit letztem Stand vergleichen", the
export of the own district's snapshot for consolidation, and the statewide table read from
the five district files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import District
from desktop.domain.statistics import SMALL_COUNT_NOTE
from desktop.domain.statistics_consolidation import Statewide
from desktop.domain.statistics_periods import Period
from desktop.services.statistics_models import (
    SnapshotComparison,
    SnapshotSummary,
    SnapshotView,
)
from desktop.ui.context import AppContext
from desktop.ui.dialogs.pdf_dialog import documents_folder
from desktop.ui.models.statistics_model import (
    DifferencesModel,
    FiguresModel,
    SnapshotsModel,
    statewide_columns,
)
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.widgets.export_flow import save_dialog, warn_leaving
from desktop.ui.widgets.question_box import question_box

Choice = Callable[[], tuple[Period, District | None]]


def _button(parent: QWidget, text: str, name: str, slot: Callable[[], object],
            tip: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(lambda _c=False: slot())
    return button


class SnapshotsPanel(QWidget):
    """See module docstring (the tab "Stände")."""

    sig_loaded = Signal(int)
    sig_frozen = Signal(object)      # SnapshotView
    sig_compared = Signal(object)    # SnapshotComparison
    sig_done = Signal(str)           # a German message after an export

    def __init__(self, ctx: AppContext, choice: Choice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsSnapshots")
        self._ctx = ctx
        self._choice = choice
        self.freeze_button = _button(self, "Stand &festschreiben …", "statisticsFreeze",
                                     self.ask_freeze, "Die Zahlen des gewählten Zeitraums zum "
                                     "Stichtag unveränderlich speichern")
        self.reprint_button = _button(self, "Erneut &drucken (PDF) …", "statisticsReprint",
                                      self.ask_reprint)
        self.compare_button = _button(self, "Mit letztem Stand &vergleichen",
                                      "statisticsCompare", self.compare_selected)
        self.export_button = _button(self, "Für die Landesstatistik e&xportieren …",
                                     "statisticsExportDistrict", self.ask_export_district,
                                     "Nur Zahlen des eigenen Bezirks, mit SHA-256-Prüfsumme")
        bar = QHBoxLayout()
        for button in (self.freeze_button, self.reprint_button, self.compare_button,
                       self.export_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.model = SnapshotsModel(self)
        self.table = rows_view(self, self.model, "statisticsSnapshotTable",
                               stretch=SnapshotsModel.PERIOD, widths={0: 90, 2: 140, 3: 130})
        self.table.setAccessibleName("Festgeschriebene Stände")
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.message = QLabel(self)
        self.message.setObjectName("statisticsSnapshotMessage")
        self.message.setWordWrap(True)
        self.differences = DifferencesModel(self)
        self.difference_table = rows_view(self, self.differences, "statisticsDifferences",
                                          stretch=0, widths={})
        self.difference_table.setAccessibleName("Änderungen gegenüber dem letzten Stand")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.difference_table, 1)
        self._update()

    def selected(self) -> SnapshotSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def reload(self) -> None:
        if self._ctx.session.workspace is None:
            return
        self._ctx.runner.run(self._ctx.workspace.statistics.snapshots, owner=self,
                             label="Stände laden", on_success=self._on_loaded)

    def clear(self) -> None:
        self.model.clear()
        self.differences.clear()
        self.message.clear()

    # --- freezing ------------------------------------------------------------------------------
    def ask_freeze(self) -> QMessageBox | None:
        if self._ctx.session.workspace is None:
            return None
        try:
            period, district = self._choice()
        except ValueError as error:
            self.message.setText(str(error))
            return None
        where = district.label if district else "gesamter Tresor"
        box = question_box(
            self, QMessageBox.Icon.Question, "Stand festschreiben",
            f"{period.cut_off_label} für {period.label} ({where}) festschreiben?\n\nDie Zahlen "
            "werden unveränderlich gespeichert; spätere Bearbeitungen ändern sie nicht mehr.",
            name="statisticsFreezeBox", yes="Festschreiben",
            yes_role=QMessageBox.ButtonRole.AcceptRole, no="Abbrechen", default_yes=True,
            on_answer=lambda _b, yes: self.freeze(period, district) if yes else None)
        box.open()
        return box

    def freeze(self, period: Period, district: District | None) -> None:
        self._ctx.runner.run(self._ctx.workspace.statistics.create_snapshot, period, district,
                             owner=self, label="Stand festschreiben",
                             on_success=self._on_frozen)

    def _on_frozen(self, view: SnapshotView) -> None:
        self.message.setText(f"Festgeschrieben: {view.summary.label}.")
        self.reload()
        self.sig_frozen.emit(view)

    # --- re-print, compare, export -------------------------------------------------------------
    def ask_reprint(self) -> None:
        snapshot = self.selected()
        if snapshot is None:
            return
        warn_leaving(self, "Stand als PDF speichern",
                     f"Der Stand „{snapshot.label}“ wird als PDF gespeichert.",
                     "statisticsReprintWarning",
                     lambda: save_dialog(self, "Stand als PDF speichern",
                                         f"Statistik-{snapshot.period.key}.pdf",
                                         "PDF-Dateien (*.pdf)", "pdf", "statisticsPdfDialog",
                                         lambda path: self.reprint_to(snapshot.id, path)))

    def reprint_to(self, snapshot_id: str, target: Path) -> None:
        self._ctx.runner.run(self._ctx.workspace.statistics.export_pdf, target,
                             snapshot_id=snapshot_id, owner=self, label="PDF erstellen",
                             on_success=lambda path: self._done(f"Gespeichert: {path}"))

    def compare_selected(self) -> None:
        snapshot = self.selected()
        if snapshot is None or self._ctx.session.workspace is None:
            return
        self._ctx.runner.run(self._ctx.workspace.statistics.compare, snapshot.id, owner=self,
                             label="Stände vergleichen", on_success=self._on_compared)

    def _on_compared(self, comparison: SnapshotComparison) -> None:
        self.differences.set_rows(comparison.differences)
        if comparison.previous is None:
            self.message.setText("Es gibt keinen früheren Stand dieses Bezirks zum Vergleich.")
        else:
            count = len(comparison.differences)
            self.message.setText(
                f"Verglichen mit „{comparison.previous.label}“: "
                + ("keine Änderung." if count == 0 else
                   f"{count} {'Änderung' if count == 1 else 'Änderungen'}."))
        self.sig_compared.emit(comparison)

    def ask_export_district(self) -> None:
        snapshot = self.selected()
        if snapshot is None:
            return

        def choose_folder() -> None:
            dialog = QFileDialog(self, "Ordner für die Bezirksdatei", str(documents_folder()))
            dialog.setObjectName("statisticsFolderDialog")
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
            dialog.fileSelected.connect(
                lambda path: self.export_district_to(snapshot.id, Path(path)) if path else None)
            dialog.open()

        warn_leaving(self, "Für die Landesstatistik exportieren",
                     f"Der Stand „{snapshot.label}“ wird als Bezirksdatei mit Prüfsumme "
                     "gespeichert.", "statisticsDistrictWarning", choose_folder)

    def export_district_to(self, snapshot_id: str, folder: Path) -> None:
        self._ctx.runner.run(self._ctx.workspace.statistics.export_consolidation, snapshot_id,
                             folder, owner=self, label="Bezirksdatei exportieren",
                             on_success=lambda paths: self._done(
                                 f"Gespeichert: {paths[0].name} und {paths[1].name}"))

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.sig_done.emit(text)

    def _on_loaded(self, rows: Sequence[SnapshotSummary]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self._update()
        self.sig_loaded.emit(len(rows))

    def _update(self) -> None:
        chosen = self.selected() is not None
        for button in (self.reprint_button, self.compare_button, self.export_button):
            button.setEnabled(chosen)


class StatewidePanel(QWidget):
    """The tab "Landesstatistik": the five district files read into one table."""

    sig_loaded = Signal(object)   # Statewide
    sig_done = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsStatewide")
        self._ctx = ctx
        self.statewide: Statewide | None = None
        self.import_button = _button(self, "Dateien der Bezirke &einlesen …",
                                     "statisticsImport", self.ask_import,
                                     "Die Bezirksdateien (.json, mit .sha256 daneben) wählen")
        self.xlsx_button = _button(self, "Landestabelle als &XLSX speichern …",
                                   "statisticsStatewideXlsx", self.ask_xlsx)
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(self.xlsx_button)
        bar.addStretch(1)
        self.message = QLabel(self)
        self.message.setObjectName("statisticsStatewideMessage")
        self.message.setWordWrap(True)
        self.model = FiguresModel(self)
        self.table = rows_view(self, self.model, "statisticsStatewideTable", stretch=0,
                               widths={})
        self.table.setAccessibleName("Landesstatistik: Bezirke und NRW gesamt")
        note = QLabel(SMALL_COUNT_NOTE, self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.xlsx_button.setEnabled(False)

    def ask_import(self) -> None:
        dialog = QFileDialog(self, "Dateien der Bezirke einlesen", str(documents_folder()),
                             "Bezirksdateien (statistik-*.json)")
        dialog.setObjectName("statisticsImportDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda paths: self.import_files([Path(p) for p in paths]))
        dialog.open()

    def import_files(self, files: Sequence[Path]) -> None:
        if not files or self._ctx.session.workspace is None:
            return
        self._ctx.runner.run(self._ctx.workspace.statistics.import_consolidation, list(files),
                             owner=self, label="Bezirksdateien einlesen",
                             on_success=self._on_imported)

    def _on_imported(self, statewide: Statewide) -> None:
        self.statewide = statewide
        headers, columns = statewide_columns(statewide)
        self.model.set_figures(headers, columns)
        missing = ", ".join(d.label for d in statewide.missing)
        self.message.setText(f"{statewide.period.label}, Stand "
                             f"{statewide.cut_off.strftime('%d.%m.%Y')}: "
                             f"{len(statewide.rows)} von 5 Bezirken"
                             + (f" (es fehlen: {missing})." if missing else "."))
        self.xlsx_button.setEnabled(True)
        self.sig_loaded.emit(statewide)

    def ask_xlsx(self) -> None:
        statewide = self.statewide
        if statewide is None:
            return
        warn_leaving(self, "Landestabelle speichern", "Die Landestabelle wird als XLSX "
                     "gespeichert.", "statisticsStatewideWarning",
                     lambda: save_dialog(self, "Landestabelle speichern",
                                         f"Landesstatistik-{statewide.period.key}.xlsx",
                                         "Excel-Dateien (*.xlsx)", "xlsx",
                                         "statisticsStatewideDialog", self.xlsx_to))

    def xlsx_to(self, target: Path) -> None:
        if self.statewide is None:
            return
        self._ctx.runner.run(self._ctx.workspace.statistics.export_statewide_xlsx,
                             self.statewide, target, owner=self, label="XLSX speichern",
                             on_success=lambda path: self._done(f"Gespeichert: {path}"))

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.sig_done.emit(text)

    def clear(self) -> None:
        self.statewide = None
        self.model.clear()
        self.message.clear()
        self.xlsx_button.setEnabled(False)
