"""Export of the case list as shown: "Exportieren …" menu → file dialog → worker with progress
and "Abbrechen" → a message that names the file and warns that it is not encrypted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from desktop.services.export import ExportResult
from desktop.services.read_models import CaseQuery
from desktop.ui.context import AppContext
from desktop.ui.pages.case_filters import count_text
from desktop.ui.tasks import Task

# Format → menu text and file-dialog filter.
FORMATS = {"csv": ("Als &CSV …", "CSV-Dateien (*.csv)"),
           "xlsx": ("Als &Excel (XLSX) …", "Excel-Arbeitsmappen (*.xlsx)")}
NOT_ENCRYPTED = ("Achtung: Die Datei ist NICHT verschlüsselt. Bitte nur an einem sicheren Ort "
                 "ablegen und löschen, sobald sie nicht mehr gebraucht wird.")

# What the list shows right now: the query (filters, search, order) and the visible columns.
CurrentList = Callable[[], tuple[CaseQuery, list[str]]]


def default_file_name(fmt: str) -> str:
    """``Faelle_2026-11-23.csv`` (no umlaut: the name survives every file system and mail)."""
    return f"Faelle_{QDate.currentDate().toString('yyyy-MM-dd')}.{fmt}"


class CaseListExport(QWidget):
    """The progress strip shown while an export runs; ``button`` opens the format menu.

    The strip is the widget itself (hidden when idle); the page adds ``button`` to its bar.
    """

    def __init__(self, ctx: AppContext, current: CurrentList, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("exportStrip")
        self._ctx = ctx
        self._current = current
        self._task: Task | None = None
        self._dialog: QFileDialog | None = None
        self._box: QMessageBox | None = None

        self.menu = QMenu("Exportieren", parent)
        self.menu.setObjectName("exportMenu")
        for fmt, (text, _filter) in FORMATS.items():
            action = self.menu.addAction(text)
            action.setObjectName(f"export_{fmt}")
            action.triggered.connect(lambda _checked=False, f=fmt: self.choose_file(f))
        self.button = QPushButton("Expo&rtieren …", parent)
        self.button.setObjectName("exportButton")
        self.button.setToolTip("Die angezeigte Liste (Filter, Suche, Reihenfolge, Spalten) als "
                               "unverschlüsselte CSV- oder Excel-Datei speichern")
        self.button.setMenu(self.menu)

        self.label = QLabel("Export läuft …", self)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setAccessibleName("Fortschritt des Exports")
        self.cancel_button = QPushButton("Abbrechen", self)
        self.cancel_button.setObjectName("cancelExportButton")
        self.cancel_button.setToolTip("Den Export abbrechen; es bleibt keine Datei zurück.")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.setVisible(False)
        ctx.runner.sig_progress.connect(self._on_progress)

    @property
    def running(self) -> bool:
        return self._task is not None

    def choose_file(self, fmt: str) -> None:
        """Asks (non-modally) where to save; the export starts when a file is chosen."""
        if self._ctx.session.workspace is None or self._task is not None:
            return
        if self._dialog is not None:
            self._dialog.raise_()
            self._dialog.activateWindow()
            return
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        dialog = QFileDialog(self.parentWidget(), "Fallliste exportieren",
                             str(Path(folder) / default_file_name(fmt)), FORMATS[fmt][1])
        dialog.setObjectName("exportFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(fmt)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path, f=fmt: self.export_to(f, path, confirmed=True))
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None

    def export_to(self, fmt: str, path: str, *, confirmed: bool = False) -> None:
        """Exports the list as shown to ``path`` (the slot the file dialog calls).

        ``confirmed``: the file dialog has already asked before replacing an existing file;
        without it (or when a suffix had to be added) an existing file is refused.
        """
        workspace = self._ctx.session.workspace
        if workspace is None or self._task is not None or not path:
            return
        chosen = Path(path)
        target = chosen
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(f"{target.name}.{fmt}")
        query, columns = self._current()
        self.progress.setRange(0, 0)
        self.label.setText("Export läuft …")
        self.setVisible(True)
        self.button.setEnabled(False)
        self._task = self._ctx.runner.run(
            workspace.export.export_cases, query, columns, fmt, target,
            overwrite=confirmed and target == chosen, progress=True, owner=self,
            label="Fallliste exportieren", on_success=self._on_done, on_error=self._on_failed)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.label.setText("Wird abgebrochen …")

    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        if self._task is None or task_id != self._task.task_id or self._task.progress is None:
            return
        if self._task.progress.cancelled:
            return
        self.label.setText(text or "Export läuft …")
        self.progress.setRange(0, max(total, 0))
        if total > 0:
            self.progress.setValue(min(done, total))

    def _finish(self) -> None:
        self._task = None
        self.setVisible(False)
        self.button.setEnabled(True)

    def _on_done(self, result: ExportResult) -> None:
        self._finish()
        box = QMessageBox(QMessageBox.Icon.Information, "Export abgeschlossen",
                          f"{count_text(result.rows)} exportiert nach\n{result.path}",
                          QMessageBox.StandardButton.Ok, self.parentWidget())
        box.setObjectName("exportDoneBox")
        box.setInformativeText(NOT_ENCRYPTED)
        box.finished.connect(self._on_box_finished)
        self._box = box
        box.open()

    def _on_box_finished(self, _result: int) -> None:
        if self._box is not None:
            self._box.deleteLater()
            self._box = None

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        self._ctx.errors.show(error, self.parentWidget())  # a cancel is not shown as an error

    def clear(self) -> None:
        """On lock: stop a running export and close its dialogs."""
        if self._task is not None:
            self._task.cancel()
        if self._dialog is not None:
            self._dialog.close()
        if self._box is not None:
            self._box.close()
