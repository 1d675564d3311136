"""Guards against a PySide6 build that leaks references to None (6.12.0 on Python 3.11 drops
one per void call and aborts the interpreter after a few thousand calls)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit


def test_void_calls_do_not_consume_references_to_none(qtbot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    before = sys.getrefcount(None)
    for _ in range(500):
        field.setText("x")
    assert sys.getrefcount(None) >= before - 5
