"""Layout helpers for the full-window screens (start, unlock, progress): a centred card."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: palette(placeholder-text);"


def centred_card(page: QWidget, width: int = 460) -> QVBoxLayout:
    """Puts a framed card of ``width`` pixels in the middle of ``page``; returns its layout."""
    card = QFrame(page)
    card.setObjectName("card")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setFixedWidth(width)
    outer = QGridLayout(page)
    outer.setRowStretch(0, 1)
    outer.setRowStretch(2, 2)
    outer.setColumnStretch(0, 1)
    outer.setColumnStretch(2, 1)
    outer.addWidget(card, 1, 1)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(28, 24, 28, 24)
    layout.setSpacing(10)
    return layout


def title_label(text: str, parent: QWidget, *, size_delta: int = 6) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSize(font.pointSize() + size_delta)
    font.setBold(True)
    label.setFont(font)
    return label


def text_label(text: str, parent: QWidget, *, style: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label
