"""Checkboxes for the Merkmale (CaseFlag) of a case."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from desktop.domain.enums import CaseFlag


class FlagsEditor(QWidget):
    """``value()`` is the frozenset of ticked flags."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 2) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(16)
        self.boxes: dict[CaseFlag, QCheckBox] = {}
        for index, flag in enumerate(CaseFlag):
            box = QCheckBox(flag.label, self)
            box.setObjectName(f"flag_{flag.value}")
            box.toggled.connect(self._on_toggled)
            layout.addWidget(box, index // columns, index % columns)
            self.boxes[flag] = box
        self.setFocusProxy(self.boxes[next(iter(CaseFlag))])

    def value(self) -> frozenset[CaseFlag]:
        return frozenset(flag for flag, box in self.boxes.items() if box.isChecked())

    def setValue(self, flags: frozenset[CaseFlag] | set[CaseFlag]) -> None:
        for flag, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(flag in flags)
            box.blockSignals(False)
        self.sig_changed.emit()

    def focus_widgets(self) -> list[QCheckBox]:
        return list(self.boxes.values())

    def _on_toggled(self, _checked: bool) -> None:
        self.sig_changed.emit()
