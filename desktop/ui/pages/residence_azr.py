"""The AZR data-quality checklist of the "Aufenthalt" tab: per point status, day checked and
note, each saved by its own button; an incorrect point is marked with text and emphasis."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.azr import AzrItem, AzrStatus
from desktop.services.read_models import AzrCheckView
from desktop.ui.pages.residence_section import line_edit
from desktop.ui.widgets.combos import EnumCombo, enum_combo
from desktop.ui.widgets.date_edit import DateEdit

INCORRECT_STYLE = "color: #b3261e; font-weight: bold;"


class AzrRow:
    """The widgets of one checklist point: status, day checked, note, state, "Speichern"."""

    def __init__(self, item: AzrItem, parent: QWidget) -> None:
        self.item = item
        label = item.label
        self.label = QLabel(label, parent)
        self.label.setWordWrap(True)
        self.status: EnumCombo = enum_combo(AzrStatus, parent)
        self.status.setObjectName(f"azrStatus_{item.value}")
        self.status.setAccessibleName(f"Status: {label}")
        self.label.setBuddy(self.status)
        self.checked_on = DateEdit(parent, optional=True)
        self.checked_on.setObjectName(f"azrCheckedOn_{item.value}")
        self.checked_on.setAccessibleName(f"Geprüft am: {label}")
        self.checked_on.setToolTip("Prüfdatum TT.MM.JJJJ; leer: heute.")
        self.note = line_edit(parent, f"azrNote_{item.value}", 2000, "Notiz")
        self.note.setAccessibleName(f"Notiz: {label}")
        self.state = QLabel(parent)
        self.state.setObjectName(f"azrState_{item.value}")
        self.save_button = QPushButton("Speichern", parent)
        self.save_button.setObjectName(f"azrSave_{item.value}")
        self.save_button.setAccessibleName(f"Speichern: {label}")
        self.note.returnPressed.connect(self.save_button.click)
        self.show(None)

    def show(self, view: AzrCheckView | None) -> None:
        status = view.status if view is not None else AzrStatus.UNCHECKED
        self.status.set_value(status)
        self.checked_on.setValue(view.checked_on if view is not None else None)
        self.note.setText(view.note if view is not None else "")
        self.show_state(status)

    def show_state(self, status: AzrStatus) -> None:
        """The saved state in words; an incorrect point is marked with text and emphasis."""
        incorrect = status is AzrStatus.INCORRECT
        self.state.setText(f"⚠ {status.label}" if incorrect else status.label)
        self.state.setStyleSheet(INCORRECT_STYLE if incorrect else "")
        self.label.setStyleSheet("font-weight: bold;" if incorrect else "")
        self.state.setAccessibleName(f"Gespeicherter Stand: {status.label}")


class AzrGroup(QGroupBox):
    """"AZR-Datenqualität": one row per checklist point, each saved by its own button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("AZR-Datenqualität", parent)
        self.setObjectName("azrBox")
        self.message = QLabel(self)
        self.message.setObjectName("azrMessage")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        self.rows = {item: AzrRow(item, self) for item in AzrItem}
        grid = QGridLayout()
        for column, title in enumerate(("Status", "Geprüft am", "Notiz", "Stand")):
            header = QLabel(title, self)
            header.setStyleSheet("font-weight: bold;")
            grid.addWidget(header, 0, column)
        for index, row in enumerate(self.rows.values()):
            line = 1 + 2 * index
            grid.addWidget(row.label, line, 0, 1, 5)
            grid.addWidget(row.status, line + 1, 0)
            grid.addWidget(row.checked_on, line + 1, 1)
            grid.addWidget(row.note, line + 1, 2)
            grid.addWidget(row.state, line + 1, 3)
            grid.addWidget(row.save_button, line + 1, 4)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        previous: QWidget | None = None
        for row in self.rows.values():
            for widget in (row.status, row.checked_on, row.note, row.save_button):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget

    def show_checklist(self, checklist: list[AzrCheckView]) -> None:
        for view in checklist:
            self.rows[view.item].show(view)

    def reset(self) -> None:
        for row in self.rows.values():
            row.show(None)
        self.message.clear()

    def update_actions(self, busy: bool, has_case: bool) -> None:
        for row in self.rows.values():
            row.save_button.setEnabled(not busy and has_case)
