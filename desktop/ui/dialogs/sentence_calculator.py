"""The "Strafzeitrechner": a quick sentence calculation without a case, nothing stored.

The results follow every keystroke: the pure engine (``desktop.domain.custody.compute``) is
run on the GUI thread — it does no I/O and takes microseconds. An input the engine refuses is
marked at the field its error names, with the German message below the inputs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.custody import CustodyDates, CustodyInputError, Sentence, compute
from desktop.ui.widgets.custody_inputs import CustodyInputsForm
from desktop.ui.widgets.custody_results import CustodyResults


class SentenceCalculatorDialog(QDialog):
    """See module docstring; non-modal (``open()``/``show()``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sentenceCalculatorDialog")
        self.setWindowTitle("Strafzeitrechner")
        self.dates: CustodyDates | None = None

        inputs_box = QGroupBox("Eingaben", self)
        self.inputs = CustodyInputsForm(inputs_box, name="calculatorInputs")
        inputs_layout = QVBoxLayout(inputs_box)
        inputs_layout.addWidget(self.inputs)
        inputs_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inputs_box)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        results_box = QGroupBox("Ergebnis (berechnet, ohne Gewähr)", self)
        self.results = CustodyResults(results_box)
        results_layout = QVBoxLayout(results_box)
        results_layout.addWidget(self.results)
        results_layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Schließen")
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(scroll, 3)
        row.addWidget(results_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(1100, 560)

        self.inputs.sig_changed.connect(self.recompute)
        self.recompute()
        self.inputs.start.setFocus(Qt.FocusReason.OtherFocusReason)

    def recompute(self) -> None:
        """Runs the engine over the inputs and shows the dates, or the error at its field."""
        data = self.inputs.custody_input()
        try:
            dates = compute(data)
        except CustodyInputError as error:
            self.dates = None
            if all(s == Sentence() for s in data.sentences):
                self.inputs.clear_errors()  # nothing typed yet: no red field
            else:
                self.inputs.show_error(error.field, error.text)
            self.results.show_dates(None)
            return
        self.dates = dates
        self.inputs.clear_errors()
        self.results.show_dates(dates)
