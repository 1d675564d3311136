"""The inputs of a sentence calculation, shared by the Strafzeitrechner and the "Haft" tab:
Strafbeginn, Anrechnung (U-Haft), the sentence list and the settings (Anrechnung: Methode 1
or Beginn vorverlegen; Bruchteile: Tage or Monate).

``show_error(field, message)`` marks the input an engine error names (``start``,
``credited_days``, ``sentences[0].months`` …) and says the message under the form.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.domain.custody import (
    CreditMethod,
    CustodyInput,
    CustodySettings,
    FractionMethod,
    Sentence,
)
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import clear_invalid, error_label, mark_invalid
from desktop.ui.widgets.sentence_editor import SentenceEditor

CREDIT_LABELS = {CreditMethod.SUBTRACT: "Methode 1 (vom Ende abziehen)",
                 CreditMethod.MOVE_START: "Beginn vorverlegen"}
FRACTION_LABELS = {FractionMethod.DAYS: "Tage", FractionMethod.MONTHS: "Monate"}


def _combo(parent: QWidget, labels: dict, name: str, accessible: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for member, label in labels.items():
        combo.addItem(label, member.value)
    return combo


class CustodyInputsForm(QWidget):
    """See module docstring. ``sig_changed`` follows every edit."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, name: str = "custodyInputs") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._marked: list[QWidget] = []
        self.start = DateEdit(self)
        self.start.setObjectName("custodyStart")
        self.start.setAccessibleName("Strafbeginn")
        self.credit = QSpinBox(self)
        self.credit.setObjectName("custodyCredit")
        self.credit.setAccessibleName("Anrechnung U-Haft in Tagen")
        self.credit.setRange(0, 99999)
        self.credit.setSuffix(" Tage")
        self.credit.setToolTip("Angerechnete Untersuchungshaft (§ 51 StGB, § 39 StVollstrO)")
        self.sentences = SentenceEditor(self)
        self.credit_method = _combo(self, CREDIT_LABELS, "custodyCreditMethod",
                                    "Anrechnung: Methode")
        self.fraction_method = _combo(self, FRACTION_LABELS, "custodyFractionMethod",
                                      "Bruchteile berechnen nach")
        self.error = error_label(self)
        self.error.setObjectName("custodyInputError")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for text, widget in (("Straf&beginn:", self.start), ("&Anrechnung (U-Haft):", self.credit),
                             ("Anrechnungs&methode:", self.credit_method),
                             ("Br&uchteile nach:", self.fraction_method)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        strafen = QLabel("Strafen:", self)
        form.addRow(strafen)
        form.addRow(self.sentences)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)

        self.start.sig_changed.connect(self.sig_changed)
        self.credit.valueChanged.connect(lambda _v: self.sig_changed.emit())
        self.credit_method.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        self.fraction_method.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        self.sentences.sig_changed.connect(self.sig_changed)

    # --- values ----------------------------------------------------------------------------
    def settings(self) -> CustodySettings:
        return CustodySettings(CreditMethod(self.credit_method.currentData()),
                               FractionMethod(self.fraction_method.currentData()))

    def custody_input(self) -> CustodyInput:
        start = self.start.value()
        assert start is not None  # a required field
        return CustodyInput(start, self.sentences.sentences(), self.credit.value(),
                            self.settings())

    def set_values(self, start: date, credited_days: int, sentences: tuple[Sentence, ...],
                   settings: CustodySettings) -> None:
        """Fills the form (one ``sig_changed`` at the end)."""
        widgets = (self.start, self.credit, self.credit_method, self.fraction_method)
        for widget in widgets:
            widget.blockSignals(True)
        self.start.setValue(start)
        self.credit.setValue(credited_days)
        self.credit_method.setCurrentIndex(
            max(0, self.credit_method.findData(settings.credit_method.value)))
        self.fraction_method.setCurrentIndex(
            max(0, self.fraction_method.findData(settings.fraction_method.value)))
        for widget in widgets:
            widget.blockSignals(False)
        self.sentences.set_sentences(sentences)

    def reset(self) -> None:
        """Empty inputs: today, no credit, one empty sentence, default settings."""
        self.start.blockSignals(True)
        self.start.clear_value()
        self.start.blockSignals(False)
        self.set_values(self.start.value() or date.min, 0, (), CustodySettings())

    # --- errors ----------------------------------------------------------------------------
    def widget_for(self, field: str) -> QWidget | None:
        simple: dict[str, QWidget] = {"start": self.start, "credited_days": self.credit,
                                      "settings": self.credit_method}
        return simple.get(field) or self.sentences.widget_for(field)

    def show_error(self, field: str, message: str, *, focus: bool = False) -> bool:
        """Marks the input ``field`` names; False if this form has no such input."""
        self.clear_errors()
        widget = self.widget_for(field)
        if widget is None:
            return False
        mark_invalid(widget, message)
        self._marked.append(widget)
        where = widget.accessibleName()
        self.error.setText(f"{where}: {message}" if where else message)
        self.error.show()
        if focus:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def clear_errors(self) -> None:
        for widget in self._marked:
            with suppress(RuntimeError):  # a removed sentence row
                clear_invalid(widget)
        self._marked = []
        self.error.clear()
        self.error.hide()

    def error_text(self) -> str:
        return self.error.text()
