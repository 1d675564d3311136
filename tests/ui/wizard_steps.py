"""Moving through the create wizard in tests: the police authority every police report
needs, and "Weiter" until a step is reached (each step is checked on the way)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.dialogs.create_case import DETAILS, REVIEW, CreateCaseDialog
from tests.ui.keyboard import type_text


def fill_police_authority(qtbot, dialog: CreateCaseDialog, text: str = "KPB Musterstadt"
                          ) -> None:
    """Types the one required field of a police report (the default source)."""
    dialog.go_to(DETAILS)
    type_text(qtbot, dialog.details.edits["police_authority"], text)


def to_step(qtbot, dialog: CreateCaseDialog, step: int) -> None:
    """Presses "Weiter" until ``step`` shows; fails if a step's check stops it."""
    while dialog.step < step:
        current = dialog.step
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        assert dialog.step > current, (current, dialog.form.errors.problems,
                                       dialog.details.errors.problems)


def create_by_click(qtbot, dialog: CreateCaseDialog) -> None:
    """Goes on to "Prüfen" and clicks "Fall anlegen"."""
    to_step(qtbot, dialog, REVIEW)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
