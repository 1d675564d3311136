"""A window-modal yes/no question with our own button texts, answered through a callback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def question_box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, *,
                 name: str, yes: str, yes_role: QMessageBox.ButtonRole, no: str,
                 default_yes: bool,
                 on_answer: Callable[[QMessageBox, bool], None]) -> QMessageBox:
    """A box with the buttons ``yes`` and ``no`` (also Esc); not yet shown: call ``open()``.

    When it closes, however that happens, the box is scheduled for deletion and
    ``on_answer(box, yes_clicked)`` is called.
    """
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    yes_button = box.addButton(yes, yes_role)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)

    def finished(_result: int) -> None:
        box.deleteLater()
        on_answer(box, box.clickedButton() is yes_button)

    box.finished.connect(finished)
    return box
