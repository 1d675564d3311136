"""Choosing one state (the Geburtsstaat): the states of the nationality table and "ungeklärt",
searchable by typing; "— unbekannt —" for no entry."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.domain.nationalities import STATELESS, sorted_choices

UNKNOWN_TEXT = "— unbekannt —"


class CountryCombo(QComboBox):
    """``value()`` is an ISO code (``"XU"`` ungeklärt) or ``""`` when none is chosen."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.addItem(UNKNOWN_TEXT, "")
        for code, name in sorted_choices():
            if code != STATELESS:  # nobody is born in "staatenlos"
                self.addItem(name, code)
        completer = self.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setToolTip("Staat eingeben oder aus der Liste wählen")
        self.currentIndexChanged.connect(self._on_index_changed)
        line_edit = self.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText(UNKNOWN_TEXT)
        line_edit.clear()  # "unbekannt" is shown as the placeholder; typing starts afresh
        line_edit.editingFinished.connect(self._on_editing_finished)

    def value(self) -> str:
        """The chosen state; typed text that names one counts even before it is confirmed."""
        text = self.currentText().strip()
        if text and text != self.itemText(self.currentIndex()):
            index = self._find(text)
            return str(self.itemData(index) or "") if index >= 0 else str(
                self.currentData() or "")
        return str(self.currentData() or "") if text else ""

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._on_editing_finished()

    def _find(self, text: str) -> int:
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        return index if index >= 0 else self.findData(text.upper())

    def set_value(self, code: str) -> None:
        index = self.findData(code)
        self.setCurrentIndex(index if index >= 0 else 0)
        if self.currentIndex() == 0:
            self.setEditText("")
        if index < 0 and code:  # a code the table does not know: keep it, shown as is
            self.addItem(code, code)
            self.setCurrentIndex(self.count() - 1)

    def _on_index_changed(self, index: int) -> None:
        if index == 0:
            self.setEditText("")
        self.sig_changed.emit()

    def _on_editing_finished(self) -> None:
        """Typed text that names a state (or its code) selects it; anything else is undone."""
        text = self.currentText().strip()
        if not text:
            self.setCurrentIndex(0)
            return
        index = self._find(text)
        self.setCurrentIndex(index if index >= 0 else self.currentIndex())
        self.setEditText(self.itemText(self.currentIndex()) if self.currentIndex() else "")
