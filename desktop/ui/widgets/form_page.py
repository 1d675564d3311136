"""The case form as a page: scrolling, with its error summary and a row of buttons below it.

Used by the create dialog and the Stammdaten tab. The scroll area is made right after the
form, before the buttons, so that Tab moves from the form's last field on to the buttons.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.case_form import CaseForm


def scrolling(form: CaseForm, parent: QWidget) -> QScrollArea:
    """A frameless scroll area (child of ``parent``) around ``form``, which follows its width."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(form)
    form.follow_width_of(scroll.viewport())
    return scroll


def lay_out_form_page(owner: QWidget, form: CaseForm, scroll: QScrollArea, status: QLabel,
                      buttons: Sequence[QPushButton], notes: Sequence[QWidget] = ()) -> None:
    """Gives ``owner`` its layout: ``scroll`` (from ``scrolling(form, …)``), the form's error
    summary and ``notes`` below it, and at the bottom ``status`` next to ``buttons``."""
    row = QHBoxLayout()
    row.addWidget(status, 1)
    for button in buttons:
        row.addWidget(button)
    layout = QVBoxLayout(owner)
    layout.addWidget(scroll, 1)
    layout.addWidget(form.error_summary)
    for note in notes:
        layout.addWidget(note)
    layout.addLayout(row)
