"""Typing in tests: ``QTest.keyClicks`` only knows ASCII (it asserts on ``ä``), so letters
beyond ASCII are sent as key events that carry the character as their text — which is what
a German keyboard or an input method delivers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Types ``text`` into ``widget`` key by key, diacritics included."""
    for char in text:
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)
