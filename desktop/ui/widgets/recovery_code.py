"""How a recovery code is shown (once): large monospace, two lines of four groups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QWidget


def code_lines(code: str) -> str:
    """The code in two lines of four groups, never broken inside a group."""
    groups = code.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-\n" + "-".join(groups[half:]) if len(groups) > 4 \
        else code


def code_label(name: str, parent: QWidget | None = None) -> QLabel:
    """An empty label for the code: large monospace, selectable, in a dashed frame."""
    label = QLabel(parent)
    label.setObjectName(name)
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    mono.setPointSize(max(mono.pointSize(), 10) + 6)
    mono.setWeight(QFont.Weight.DemiBold)
    label.setFont(mono)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("QLabel { border: 1px dashed palette(mid); padding: 14px; }")
    return label
