"""The "Postausgang" page: the outgoing register (Postausgangsbuch) with a year filter and a
search; Enter (or a double-click) opens the letter's case."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.letter_models import RegisterRow
from desktop.ui.context import AppContext
from desktop.ui.models.letters_model import RegisterModel
from desktop.ui.pages.case_tab import rows_view

SEARCH_DELAY_MS = 250
YEARS_BACK = 5
ALL_YEARS = "Alle Jahre"


class RegisterPage(QWidget):
    """See module docstring. ``sig_open_case(case_id)`` asks the window to open a case."""

    sig_open_case = Signal(str)
    sig_loaded = Signal(int)  # number of rows shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerPage")
        self._ctx = ctx
        self._seq = 0
        year = today.year if today is not None else QDate.currentDate().year()

        self.year = QComboBox(self)
        self.year.setObjectName("registerYear")
        self.year.setAccessibleName("Jahr")
        self.year.addItem(ALL_YEARS, None)
        for offset in range(YEARS_BACK + 1):
            self.year.addItem(str(year - offset), year - offset)
        self.year.setCurrentIndex(1)
        self.search = QLineEdit(self)
        self.search.setObjectName("registerSearch")
        self.search.setAccessibleName("Postausgang durchsuchen")
        self.search.setPlaceholderText("Suchen: Nr., Az., Empfänger, Betreff …")
        self.search.setClearButtonEnabled(True)
        self.refresh_button = QPushButton("&Aktualisieren", self)
        self.refresh_button.setObjectName("registerRefresh")
        self.refresh_button.clicked.connect(self.reload)
        self.open_button = QPushButton("Fall ö&ffnen", self)
        self.open_button.setObjectName("registerOpenCase")
        self.open_button.setToolTip("Den Fall des ausgewählten Schreibens öffnen (Eingabe)")
        self.open_button.clicked.connect(self.open_selected)
        self.count = QLabel(self)
        self.count.setObjectName("registerCount")
        year_label = QLabel("&Jahr:", self)
        year_label.setBuddy(self.year)
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.open_button)

        self.model = RegisterModel(self)
        self.table = rows_view(self, self.model, "registerTable", stretch=RegisterModel.SUBJECT,
                               widths={0: 120, 1: 85, 2: 130, 3: 150, 4: 180, 6: 120, 7: 120,
                                       8: 150})
        self.table.setAccessibleName("Postausgangsbuch")
        self.table.activated.connect(self._on_activated)
        self.table.doubleClicked.connect(self._on_activated)

        title = QLabel("Postausgangsbuch", self)
        font = title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        ctx.session.sig_locked.connect(self.clear)

    # --- public ----------------------------------------------------------------------------
    def reload(self) -> None:
        self._timer.stop()
        if self._ctx.session.workspace is None:
            return
        self._seq += 1
        seq = self._seq
        year = self.year.currentData()
        self._ctx.runner.run(self._ctx.workspace.letters.register,
                             year=year if isinstance(year, int) else None,
                             search=self.search.text().strip(), owner=self,
                             label="Postausgang laden",
                             on_success=lambda rows: self._on_loaded(seq, rows))

    def clear(self) -> None:
        self._seq += 1
        self._timer.stop()
        self.search.clear()
        self._timer.stop()
        self.model.clear()
        self.count.clear()

    def selected(self) -> RegisterRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        """Asks the window to open the case of the selected letter."""
        row = self.selected()
        if row is None or self._ctx.session.workspace is None:
            return
        self.sig_open_case.emit(row.case_id)

    # --- slots -----------------------------------------------------------------------------
    def _on_loaded(self, seq: int, rows: list[RegisterRow]) -> None:
        if seq != self._seq:
            return
        self.model.set_rows(rows)
        self.count.setText("1 Schreiben" if len(rows) == 1 else f"{len(rows)} Schreiben")
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.sig_loaded.emit(len(rows))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.open_selected()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # letters may have been registered since it was last shown

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
