"""The "Statistik" page (Fallmanagement-Statistik): a period and a district, the figures as a
table (each definition as tooltip), charts (bars over the months, shares by outcome) each with
its table view, PDF/XLSX export, and the tabs "Stände" and "Landesstatistik"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import District
from desktop.domain.statistics import SMALL_COUNT_NOTE, category_label, figure
from desktop.domain.statistics_periods import Period, months_of
from desktop.services.progress import Progress
from desktop.services.statistics_models import StatisticsFigures
from desktop.ui.context import AppContext
from desktop.ui.models.statistics_model import FiguresModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.pages.statistics_snapshots import SnapshotsPanel, StatewidePanel
from desktop.ui.widgets.export_flow import save_dialog, warn_leaving
from desktop.ui.widgets.period_chooser import PeriodChooser
from desktop.ui.widgets.statistics_charts import ChartPanel

MAX_BARS = 36  # months over time; a longer free range shows only its figures
TAKEN_IN, CLOSED, BY_OUTCOME = "cases_taken_in", "cases_closed", "cases_closed_by_outcome"


def load_figures(statistics, period: Period, district: District | None, *,
                 progress: Progress) -> tuple[StatisticsFigures, tuple[StatisticsFigures, ...]]:
    """On the worker: the figures of the period and those of its months (for the bars)."""
    progress.report(0, 2, "Kennzahlen werden berechnet …")
    figures = statistics.figures(period, district)
    months = months_of(period)
    progress.report(1, 2, "Verlauf über die Monate …")
    series = statistics.series(months, district) if 1 < len(months) <= MAX_BARS else ()
    progress.report(2, 2, "")
    return figures, tuple(series)


class StatisticsPage(QWidget):
    """See module docstring."""

    sig_loaded = Signal(object)   # StatisticsFigures shown
    sig_exported = Signal(object)  # Path

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsPage")
        self._ctx = ctx
        self._seq = 0
        self._district_set = False
        self.figures: StatisticsFigures | None = None
        current = QDate.currentDate()
        now = today or date(current.year(), current.month(), current.day())

        title = QLabel("Fallmanagement-Statistik", self)
        font = title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        title.setFont(font)
        self.period = PeriodChooser(now, self)
        self.district = QComboBox(self)
        self.district.setObjectName("statisticsDistrict")
        self.district.setAccessibleName("Bezirk")
        self.district.addItem("gesamter Tresor", "")
        for district in District:
            self.district.addItem(district.label, district.value)
        district_label = QLabel("&Bezirk:", self)
        district_label.setBuddy(self.district)
        self.show_button = QPushButton("&Anzeigen", self)
        self.show_button.setObjectName("statisticsShow")
        self.show_button.clicked.connect(self.reload)
        self.pdf_button = QPushButton("&PDF …", self)
        self.pdf_button.setObjectName("statisticsPdf")
        self.pdf_button.setToolTip("Die angezeigten Zahlen als PDF-Bericht speichern")
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.xlsx_button = QPushButton("&XLSX …", self)
        self.xlsx_button.setObjectName("statisticsXlsx")
        self.xlsx_button.setToolTip("Die angezeigten Zahlen als Excel-Tabelle speichern")
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
        bar = QHBoxLayout()
        bar.addWidget(self.period)
        bar.addWidget(district_label)
        bar.addWidget(self.district)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        self.caption = QLabel(self)
        self.caption.setObjectName("statisticsCaption")

        self.model = FiguresModel(self)
        self.table = rows_view(self, self.model, "statisticsFigures", stretch=0, widths={})
        self.table.setAccessibleName("Kennzahlen des Zeitraums")
        figures_tab = QWidget(self)
        note = QLabel(SMALL_COUNT_NOTE + " Die Definition jeder Zahl zeigt ihr Tooltip.",
                      figures_tab)
        note.setWordWrap(True)
        figures_layout = QVBoxLayout(figures_tab)
        figures_layout.addWidget(self.table, 1)
        figures_layout.addWidget(note)
        charts_tab = QWidget(self)
        self.bars = ChartPanel("Aufgenommene und abgeschlossene Fälle je Monat",
                               "statisticsBars", charts_tab)
        self.shares = ChartPanel("Abgeschlossene Fälle nach Ergebnis", "statisticsShares",
                                 charts_tab)
        charts_layout = QHBoxLayout(charts_tab)
        charts_layout.addWidget(self.bars, 3)
        charts_layout.addWidget(self.shares, 2)
        self.snapshots = SnapshotsPanel(ctx, self.choice, self)
        self.statewide = StatewidePanel(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("statisticsTabs")
        self.tabs.addTab(figures_tab, "&Kennzahlen")
        self.tabs.addTab(charts_tab, "&Diagramme")
        self.tabs.addTab(self.snapshots, "&Stände")
        self.tabs.addTab(self.statewide, "&Landesstatistik")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addWidget(self.tabs, 1)
        self.period.sig_changed.connect(self.reload)
        self.district.currentIndexChanged.connect(lambda _i: self.reload())
        self.snapshots.sig_done.connect(self.caption.setText)
        ctx.session.sig_locked.connect(self.clear)
        self._update_buttons()

    # --- public --------------------------------------------------------------------------------
    def choice(self) -> tuple[Period, District | None]:
        code = self.district.currentData()
        return self.period.period(), District(code) if code else None

    def reload(self) -> None:
        if self._ctx.session.workspace is None:
            return
        if not self._district_set:
            self._district_set = True
            own = self._ctx.workspace.district
            if own is not None:
                self.district.blockSignals(True)
                self.district.setCurrentIndex(self.district.findData(own.value))
                self.district.blockSignals(False)
        try:
            period, district = self.choice()
        except ValueError as error:
            self.caption.setText(str(error))
            return
        self._seq += 1
        seq = self._seq
        self.caption.setText("Wird berechnet …")
        self._ctx.runner.run(load_figures, self._ctx.workspace.statistics, period, district,
                             progress=True, owner=self, label="Statistik berechnen",
                             on_success=lambda result: self._on_loaded(seq, result))

    def clear(self) -> None:
        self._seq += 1
        self.figures = None
        self._district_set = False
        self.model.clear()
        self.bars.clear()
        self.shares.clear()
        self.caption.clear()
        self.snapshots.clear()
        self.statewide.clear()
        self._update_buttons()

    def ask_export(self, fmt: str) -> None:
        figures = self.figures
        if figures is None:
            return
        label = "PDF-Bericht" if fmt == "pdf" else "Excel-Tabelle (XLSX)"
        warn_leaving(self, f"Statistik als {fmt.upper()} speichern",
                     f"Die Zahlen „{figures.period.label}“ werden als {label} gespeichert.",
                     "statisticsExportWarning",
                     lambda: save_dialog(
                         self, f"Statistik als {fmt.upper()} speichern",
                         f"Statistik-{figures.period.key.replace('..', '_')}.{fmt}",
                         "PDF-Dateien (*.pdf)" if fmt == "pdf" else "Excel-Dateien (*.xlsx)",
                         fmt, "statisticsSaveDialog", lambda path: self.export_to(fmt, path)))

    def export_to(self, fmt: str, target: Path) -> None:
        """Writes the shown figures (atomically, by the service) to ``target``."""
        if self.figures is None or self._ctx.session.workspace is None:
            return
        statistics = self._ctx.workspace.statistics
        call = statistics.export_pdf if fmt == "pdf" else statistics.export_xlsx
        self._ctx.runner.run(call, target, figures=self.figures, owner=self,
                             label=f"{fmt.upper()} speichern",
                             on_success=self._on_exported)

    # --- slots ---------------------------------------------------------------------------------
    def _on_loaded(self, seq: int, result: tuple[StatisticsFigures,
                                                 tuple[StatisticsFigures, ...]]) -> None:
        if seq != self._seq:
            return
        figures, series = result
        self.figures = figures
        self.model.set_figures(["Wert"], [figures.values])
        where = figures.district.label if figures.district else "gesamter Tresor"
        self.caption.setText(f"{figures.period.label} · {where} · Stand "
                             f"{figures.cut_off.strftime('%d.%m.%Y')} (nicht festgeschrieben)")
        self.table.setToolTip("")
        if series:
            self.bars.set_bars([s.period.label for s in series],
                               [(figure(TAKEN_IN).label, [s.count(TAKEN_IN) for s in series]),
                                (figure(CLOSED).label, [s.count(CLOSED) for s in series])])
        else:
            self.bars.set_bars([figures.period.label],
                               [(figure(TAKEN_IN).label, [figures.count(TAKEN_IN)]),
                                (figure(CLOSED).label, [figures.count(CLOSED)])])
        self.shares.set_shares([(category_label(BY_OUTCOME, key), value) for key, value
                                in figures.breakdown(BY_OUTCOME).items()])
        self._update_buttons()
        self.sig_loaded.emit(figures)

    def _on_exported(self, path: Path) -> None:
        self.caption.setText(f"Gespeichert: {path}")
        self.sig_exported.emit(path)

    def _update_buttons(self) -> None:
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(self.figures is not None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.figures is None:
            self.reload()
        self.snapshots.reload()

    def focus_table(self) -> None:
        self.table.setFocus()
