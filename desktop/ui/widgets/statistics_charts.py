"""A chart of the Statistik page (QtCharts: bars over time or shares as a pie) with its table
view for screen readers: "Als Tabelle" switches between the two; both show the same numbers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.statistics_model import ChartLine, ChartTableModel
from desktop.ui.pages.case_tab import rows_view


class ChartPanel(QWidget):
    """A titled chart and the same numbers as a table; ``as_table`` toggles the view."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = title
        heading = QLabel(title, self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.as_table = QCheckBox("Als &Tabelle", self)
        self.as_table.setObjectName(f"{name}AsTable")
        self.as_table.setAccessibleName(f"{title} als Tabelle anzeigen")
        self.as_table.setToolTip("Dieselben Zahlen als Tabelle (für Bildschirmleser)")
        self.as_table.toggled.connect(self._on_toggled)
        bar = QHBoxLayout()
        bar.addWidget(heading, 1)
        bar.addWidget(self.as_table)

        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setObjectName(f"{name}Chart")
        self.chart_view.setAccessibleName(f"Diagramm: {title}")
        self.chart_view.setAccessibleDescription(
            "Grafik; dieselben Zahlen zeigt „Als Tabelle“.")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.model = ChartTableModel(self)
        self.table: QTableView = rows_view(self, self.model, f"{name}Table", stretch=0,
                                           widths={})
        self.table.setAccessibleName(f"Tabelle: {title}")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.chart_view)
        self.stack.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

    def _on_toggled(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.table if on else self.chart_view)

    def _reset(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)

    def set_bars(self, categories: Sequence[str],
                 series: Sequence[tuple[str, Sequence[int]]]) -> None:
        """Bars per category (e.g. months), one set per named series."""
        self._reset()
        bars = QBarSeries()
        top = 0
        for name, values in series:
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            bars.append(bar_set)
            top = max([top, *values])
        self.chart.addSeries(bars)
        x_axis = QBarCategoryAxis()
        x_axis.append(list(categories))
        y_axis = QValueAxis()
        y_axis.setRange(0, max(1, top))
        y_axis.setLabelFormat("%d")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)
        self.model.set_lines(["", *[name for name, _v in series]],
                             [ChartLine(label, tuple(float(v[i]) for _n, v in series))
                              for i, label in enumerate(categories)])

    def set_shares(self, slices: Sequence[tuple[str, int]]) -> None:
        """A pie of the shares (zero slices left out of the pie, kept in the table)."""
        self._reset()
        pie = QPieSeries()
        total = sum(value for _label, value in slices)
        for label, value in slices:
            if value > 0:
                pie.append(f"{label} ({value})", float(value))
        self.chart.addSeries(pie)
        self.model.set_lines(["", "Anzahl", "Anteil in %"],
                             [ChartLine(label, (float(value),
                                                round(100.0 * value / total, 1) if total else 0.0))
                              for label, value in slices])

    def clear(self) -> None:
        self._reset()
        self.model.set_lines(["", "Wert"], [])
