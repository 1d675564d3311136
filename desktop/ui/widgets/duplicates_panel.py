"""The create dialog's panel "Mögliche Dubletten": candidates, why they match, two choices.

Shown inside the dialog (no second window) when the duplicate check finds existing cases.
The caseworker either creates the new case anyway or opens an existing one; nothing is
merged. Enter (or a double click) on a line opens that case.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.read_models import DuplicateView
from desktop.ui.models.duplicate_model import DuplicatesModel

EXPLANATION = ("Zu diesen Personalien gibt es schon Fälle, die dieselbe Person betreffen "
               "könnten. Die Entscheidung liegt bei Ihnen; es wird nichts zusammengeführt.")


class DuplicatesPanel(QFrame):
    """See module docstring. Hidden until :meth:`show_candidates`."""

    sig_create_anyway = Signal()
    sig_open_case = Signal(str)  # case id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title = QLabel("Mögliche Dubletten", self)
        self.title.setObjectName("duplicatesTitle")
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(EXPLANATION, self)
        self.explanation.setObjectName("duplicatesExplanation")
        self.explanation.setWordWrap(True)

        self.model = DuplicatesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("duplicatesTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Mögliche Dubletten")
        self.table.setAccessibleDescription(EXPLANATION)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(170)  # the form above keeps its room
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 200, 100, 90, 130)):
            header.resizeSection(column, width)
        self.title.setBuddy(self.table)

        self.create_anyway_button = QPushButton("Trotzdem neu anlegen", self)
        self.create_anyway_button.setObjectName("createAnywayButton")
        self.create_anyway_button.setAccessibleName("Trotzdem einen neuen Fall anlegen")
        self.open_button = QPushButton("Vorhandenen Fall öffnen", self)
        self.open_button.setObjectName("openExistingButton")
        self.open_button.setAccessibleName("Den ausgewählten vorhandenen Fall öffnen")
        for button in (self.create_anyway_button, self.open_button):
            button.setAutoDefault(False)
            button.setDefault(False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_anyway_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.create_anyway_button.clicked.connect(self._on_create_anyway)
        self.open_button.clicked.connect(self._on_open)
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.hide()

    # --- public ----------------------------------------------------------------------------
    def show_candidates(self, rows: Sequence[DuplicateView]) -> None:
        """Shows ``rows`` with the first one selected, and moves the focus to the table."""
        self.model.set_rows(rows)
        self.title.setText(f"Mögliche Dubletten ({len(rows)})")
        self.show()
        if rows:
            self.table.selectRow(0)
        self._on_selection()
        self.table.setFocus()

    def reset(self) -> None:
        """Hides the panel and forgets the candidates."""
        self.hide()
        self.model.clear()
        self._on_selection()

    def selected_case_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row(rows[0].row()).case_id

    def set_enabled(self, enabled: bool) -> None:
        self.create_anyway_button.setEnabled(enabled)
        self.open_button.setEnabled(enabled and self.selected_case_id() is not None)

    # --- slots -----------------------------------------------------------------------------
    def _on_selection(self, *_args: object) -> None:
        self.open_button.setEnabled(self.selected_case_id() is not None
                                    and self.create_anyway_button.isEnabled())

    def _on_create_anyway(self) -> None:
        self.sig_create_anyway.emit()

    def _on_open(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self.sig_open_case.emit(case_id)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid() and self.open_button.isEnabled():
            self.sig_open_case.emit(self.model.row(index.row()).case_id)
