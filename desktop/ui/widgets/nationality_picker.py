"""Choosing 0..n nationalities: a searchable list of states and the chosen ones as chips."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.nationalities import is_known_code, nationality_name, sorted_choices
from desktop.domain.text import fold
from desktop.ui.widgets.field_errors import clear_invalid, mark_invalid
from desktop.ui.widgets.flow_layout import FlowLayout

NONE_TEXT = "keine angegeben"


class NationalityPicker(QWidget):
    """``value()`` gives the ISO codes in the order the user chose them."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes: list[str] = []
        self._chips: dict[str, QToolButton] = {}

        self.search = QComboBox(self)
        self.search.setObjectName("nationalitySearch")
        self.search.setEditable(True)
        self.search.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.search.setMaxVisibleItems(15)
        for code, name in sorted_choices():
            self.search.addItem(name, code)
        self.search.setCurrentIndex(-1)
        # An editable combo box always has a line edit and a completer.
        line_edit = self.search.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText("Staat suchen …")
        self.search.setToolTip("Namen oder Kürzel (z. B. TR) eingeben und mit Enter hinzufügen")
        self.search.setAccessibleName("Staatsangehörigkeit suchen")
        completer = self.search.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.search.activated.connect(self._on_activated)
        line_edit.returnPressed.connect(self._on_add)
        line_edit.textEdited.connect(self._on_search_edited)

        self.add_button = QToolButton(self)
        self.add_button.setText("Hinzufügen")
        self.add_button.setToolTip("Die gesuchte Staatsangehörigkeit hinzufügen")
        self.add_button.clicked.connect(self._on_add)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)

        self._chip_area = QWidget(self)
        self._flow = FlowLayout(self._chip_area)
        self._none = QLabel(NONE_TEXT, self._chip_area)
        self._none.setEnabled(False)
        self._flow.addWidget(self._none)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self._chip_area)
        self.setFocusProxy(self.search)

    # --- value -----------------------------------------------------------------------------
    def value(self) -> tuple[str, ...]:
        return tuple(self._codes)

    def setValue(self, codes: tuple[str, ...] | list[str]) -> None:
        for code in list(self._codes):
            self._remove_chip(code)
        self._codes = []
        for code in codes:
            if code not in self._codes:
                self._codes.append(code)
                self._add_chip(code)
        self._reset_search()
        self._none.setVisible(not self._codes)
        self.sig_changed.emit()

    def add(self, code: str) -> bool:
        """Adds ``code`` at the end; False if it is already chosen."""
        if code in self._codes:
            return False
        self._codes.append(code)
        self._add_chip(code)
        self._none.hide()
        self.sig_changed.emit()
        return True

    def remove(self, code: str) -> None:
        if code not in self._codes:
            return
        index = self._codes.index(code)
        self._codes.remove(code)
        self._remove_chip(code)
        self._none.setVisible(not self._codes)
        if self._codes:  # keep keyboard focus among the chips
            self._chips[self._codes[min(index, len(self._codes) - 1)]].setFocus()
        else:
            self.search.setFocus()
        self.sig_changed.emit()

    # --- field errors (see FieldErrors) ------------------------------------------------------
    def show_field_error(self, _key: str, message: str) -> None:
        mark_invalid(self.search, message)

    def clear_field_errors(self) -> None:
        clear_invalid(self.search)

    # --- slots -----------------------------------------------------------------------------
    def _on_activated(self, index: int) -> None:
        code = self.search.itemData(index)
        if code:
            self.add(code)
            self._reset_search()

    def _on_add(self) -> None:
        text = self.search.currentText().strip()
        if not text:
            return
        code = self._match(text)
        if code is None:
            mark_invalid(self.search, f"„{text}“ ist keine bekannte Staatsangehörigkeit.")
            return
        self.add(code)
        self._reset_search()

    def _on_search_edited(self, _text: str) -> None:
        clear_invalid(self.search)

    # --- helpers ---------------------------------------------------------------------------
    def _match(self, text: str) -> str | None:
        """The code for a typed name, code or unique part of a name."""
        if len(text) == 2 and is_known_code(text.upper()):
            return text.upper()
        wanted = fold(text)
        choices = sorted_choices()
        for code, name in choices:
            if fold(name) == wanted:
                return code
        found = [code for code, name in choices if wanted in fold(name)]
        return found[0] if len(found) == 1 else None

    def _reset_search(self) -> None:
        self.search.setCurrentIndex(-1)
        self.search.setEditText("")

    def _add_chip(self, code: str) -> None:
        name = nationality_name(code)
        chip = QToolButton(self._chip_area)
        chip.setObjectName("nationalityChip")
        chip.setText(f"{name}  ✕")
        chip.setToolTip(f"{name} ({code}) entfernen")
        chip.setAccessibleName(f"{name} entfernen")
        chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        chip.setAutoRaise(False)
        chip.clicked.connect(lambda _checked=False, c=code: self.remove(c))
        previous = self._chips[self._codes[-2]] if len(self._codes) > 1 else self.add_button
        QWidget.setTabOrder(previous, chip)  # chips follow the search field, in order
        self._chips[code] = chip
        self._flow.addWidget(chip)
        chip.show()

    def _remove_chip(self, code: str) -> None:
        chip = self._chips.pop(code, None)
        if chip is not None:
            self._flow.removeWidget(chip)
            chip.setText("")
            chip.setToolTip("")
            chip.setAccessibleName("")
            chip.hide()
            chip.deleteLater()
