"""The sentence list editor of the custody form and the Strafzeitrechner: one row per sentence
(Jahre, Monate, Wochen, Tage, Art, Tagessätze and Rechtskraft for an Ersatzfreiheitsstrafe,
Unterbrechung bei 2/3 oder 1/2), rows added and removed with buttons or Strg+Umschalt+Einfg/Entf.

``sentences()`` gives the rows as ``domain.custody.Sentence``; ``widget_for("sentences[1]
.months")`` finds the field an engine error names.
"""

from __future__ import annotations

import re
from itertools import pairwise

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.custody import MAX_DAY_FINES, InterruptAt, Sentence, SentenceKind
from desktop.ui.widgets.date_edit import DateEdit

KIND_LABELS = {
    SentenceKind.ADULT: "Erwachsenenstrafe",
    SentenceKind.YOUTH: "Jugendstrafe",
    SentenceKind.LIFE: "lebenslang",
    SentenceKind.FINE_DEFAULT: "Ersatzfreiheitsstrafe",
}
INTERRUPT_LABELS = {InterruptAt.TWO_THIRDS: "bei 2/3", InterruptAt.HALF: "bei 1/2"}
LENGTHS = (("years", "Jahre", 99), ("months", "Monate", 999), ("weeks", "Wochen", 9999),
           ("days", "Tage", 99999))
HEADERS = ("Jahre", "Monate", "Wochen", "Tage", "Art", "Tagessätze", "Rechtskraft",
           "Unterbrechung", "")
_FIELD = re.compile(r"^sentences\[(\d+)\](?:\.(\w+))?$")


def _combo(parent: QWidget, labels: dict, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for member, label in labels.items():
        combo.addItem(label, member.value)
    return combo


class SentenceRow(QObject):
    """The inputs of one sentence (cells of the editor's grid, children of ``host``);
    ``number`` (1-based) is in every accessible name."""

    sig_changed = Signal()
    sig_remove = Signal(object)

    def __init__(self, number: int, host: QWidget) -> None:
        super().__init__(host)
        self.spins: dict[str, QSpinBox] = {}
        for name, _label, limit in LENGTHS:
            spin = QSpinBox(host)
            spin.setObjectName(f"sentence_{name}")
            spin.setRange(0, limit)
            spin.valueChanged.connect(lambda _v: self._changed())
            self.spins[name] = spin
        self.kind = _combo(host, KIND_LABELS, "sentenceKind")
        self.kind.currentIndexChanged.connect(lambda _i: self._changed())
        self.day_fines = QSpinBox(host)
        self.day_fines.setObjectName("sentence_day_fines")
        self.day_fines.setRange(0, MAX_DAY_FINES)
        self.day_fines.valueChanged.connect(lambda _v: self._changed())
        self.final = DateEdit(host, optional=True)
        self.final.setObjectName("sentenceFinal")
        self.final.sig_changed.connect(self._changed)
        self.interrupt = _combo(host, INTERRUPT_LABELS, "sentenceInterrupt")
        self.interrupt.setToolTip("§ 454b StPO: Unterbrechung zum Zwei-Drittel- oder "
                                  "Halbstrafenzeitpunkt")
        self.interrupt.currentIndexChanged.connect(lambda _i: self._changed())
        self.remove_button = QPushButton("Entfernen", host)
        self.remove_button.setObjectName("sentenceRemoveButton")
        self.remove_button.clicked.connect(lambda: self.sig_remove.emit(self))
        self.set_number(number)
        self._update_enabled()

    def set_number(self, number: int) -> None:
        for name, label, _limit in LENGTHS:
            self.spins[name].setAccessibleName(f"Strafe {number}: {label}")
        self.kind.setAccessibleName(f"Strafe {number}: Art")
        self.day_fines.setAccessibleName(f"Strafe {number}: Tagessätze")
        self.final.setAccessibleName(f"Strafe {number}: Rechtskraft")
        self.interrupt.setAccessibleName(f"Strafe {number}: Unterbrechung")
        self.remove_button.setAccessibleName(f"Strafe {number} entfernen")

    def field_widget(self, name: str | None) -> QWidget:
        mapping: dict[str, QWidget] = {**self.spins, "kind": self.kind,
                                       "day_fines": self.day_fines, "final": self.final,
                                       "interrupt_at": self.interrupt}
        return mapping.get(name or "", self.spins["years"] if name is None else self.kind)

    def cells(self) -> list[QWidget]:
        """The row's inputs, left to right."""
        return [*self.spins.values(), self.kind, self.day_fines, self.final, self.interrupt,
                self.remove_button]

    def contains(self, widget: QWidget | None) -> bool:
        return widget is not None and any(c is widget or c.isAncestorOf(widget)
                                          for c in self.cells())

    def delete(self) -> None:
        for cell in self.cells():
            cell.hide()
            cell.deleteLater()
        self.deleteLater()

    def kind_value(self) -> SentenceKind:
        return SentenceKind(self.kind.currentData())

    def sentence(self) -> Sentence:
        kind = self.kind_value()
        fine = kind is SentenceKind.FINE_DEFAULT
        return Sentence(
            years=self.spins["years"].value(), months=self.spins["months"].value(),
            weeks=self.spins["weeks"].value(), days=self.spins["days"].value(), kind=kind,
            day_fines=self.day_fines.value() if fine else 0,
            final=self.final.value() if fine else None,
            interrupt_at=InterruptAt(self.interrupt.currentData()))

    def set_sentence(self, sentence: Sentence) -> None:
        for name, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(sentence, name))
            spin.blockSignals(False)
        for combo, value in ((self.kind, sentence.kind), (self.interrupt, sentence.interrupt_at)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value.value)))
            combo.blockSignals(False)
        self.day_fines.blockSignals(True)
        self.day_fines.setValue(sentence.day_fines)
        self.day_fines.blockSignals(False)
        self.final.blockSignals(True)
        self.final.setValue(sentence.final)
        self.final.blockSignals(False)
        self._update_enabled()

    def _changed(self) -> None:
        self._update_enabled()
        self.sig_changed.emit()

    def _update_enabled(self) -> None:
        kind = self.kind_value()
        fine = kind is SentenceKind.FINE_DEFAULT
        timed = kind in (SentenceKind.ADULT, SentenceKind.YOUTH)
        for spin in self.spins.values():
            spin.setEnabled(timed or spin.value() != 0)  # a wrong value stays reachable
        self.day_fines.setEnabled(fine or self.day_fines.value() != 0)
        self.final.setEnabled(fine)
        self.interrupt.setEnabled(kind is SentenceKind.ADULT)


class SentenceEditor(QWidget):
    """See module docstring. ``sig_changed`` follows every edit, added or removed row."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sentenceEditor")
        self.rows: list[SentenceRow] = []
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate(HEADERS):
            if text:
                self._grid.addWidget(QLabel(text, self._grid_host), 0, column)
        self.add_button = QPushButton("Strafe &hinzufügen", self)
        self.add_button.setObjectName("sentenceAddButton")
        self.add_button.setToolTip("Eine weitere Strafe anfügen (§ 454b StPO: nacheinander "
                                   "vollstreckt) – Strg+Umschalt+Einfg")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._grid_host)
        layout.addLayout(buttons)
        for keys, slot in (("Ctrl+Shift+Ins", lambda: self.add_row(focus=True)),
                           ("Ctrl+Shift+Del", self._remove_focused)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.add_row()

    # --- rows ------------------------------------------------------------------------------
    def add_row(self, sentence: Sentence | None = None, *, focus: bool = False,
                notify: bool = True) -> SentenceRow:
        row = SentenceRow(len(self.rows) + 1, self._grid_host)
        if sentence is not None:
            row.set_sentence(sentence)
        row.sig_changed.connect(self.sig_changed)
        row.sig_remove.connect(self.remove_row)
        self.rows.append(row)
        self._relayout()
        if focus:
            row.spins["years"].setFocus(Qt.FocusReason.OtherFocusReason)
        if notify:
            self.sig_changed.emit()
        return row

    def remove_row(self, row: SentenceRow) -> None:
        if row not in self.rows or len(self.rows) == 1:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        row.delete()
        self._relayout()
        target = self.rows[min(index, len(self.rows) - 1)]
        target.spins["years"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_changed.emit()

    def _remove_focused(self) -> None:
        focus = self.focusWidget()
        for row in self.rows:
            if row.contains(focus):
                self.remove_row(row)
                return

    def _relayout(self) -> None:
        for widget in [w for row in self.rows for w in row.cells()]:
            self._grid.removeWidget(widget)
        for index, row in enumerate(self.rows, start=1):
            row.set_number(index)
            for column, widget in enumerate(row.cells()):
                self._grid.addWidget(widget, index, column)
            row.remove_button.setEnabled(len(self.rows) > 1)
        # Tab order follows the rows, then the add button.
        chain = [w for row in self.rows for w in row.cells()] + [self.add_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- values ----------------------------------------------------------------------------
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(row.sentence() for row in self.rows)

    def set_sentences(self, sentences: tuple[Sentence, ...]) -> None:
        """Replaces the rows (one empty row for none) without emitting per row."""
        for row in list(self.rows):
            row.delete()
        self.rows = []
        for sentence in sentences or (Sentence(),):
            self.add_row(sentence, notify=False)
        self.sig_changed.emit()

    def widget_for(self, field: str) -> QWidget | None:
        """The input an engine field name (``sentences[0].months``, ``sentences``) names."""
        if field == "sentences":
            return self.rows[0].spins["years"] if self.rows else self.add_button
        match = _FIELD.match(field)
        if match is None:
            return None
        index = int(match.group(1))
        if not 0 <= index < len(self.rows):
            return None
        return self.rows[index].field_widget(match.group(2))
