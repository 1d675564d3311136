"""A small editable list of Aliaspersonalien: family name, given names, birth date."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import AliasInput
from desktop.ui.widgets.field_errors import clear_invalid, mark_invalid
from desktop.ui.widgets.partial_date_edit import PartialDateEdit


@dataclass
class _Row:
    family: QLineEdit
    given: QLineEdit
    birth: PartialDateEdit
    remove: QToolButton

    def widgets(self) -> list[QWidget]:
        return [self.family, self.given, self.birth, self.remove]

    def is_blank(self) -> bool:
        return not (self.family.text().strip() or self.given.text().strip()
                    or self.birth.text().strip())


class AliasEditor(QWidget):
    """``value()`` gives the filled rows as ``AliasInput``; blank rows are left out.

    Problem keys ``aliases.<n>`` refer to the n-th *filled* row, as in ``value()``.
    """

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 3)
        self._grid.setColumnStretch(2, 2)
        self._empty = QLabel("keine", self)
        self._empty.setEnabled(False)
        self.add_button = QPushButton("Alias hinzufügen", self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._on_add_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._empty)
        layout.addLayout(self._grid)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setFocusProxy(self.add_button)

    # --- value -----------------------------------------------------------------------------
    def value(self) -> tuple[AliasInput, ...]:
        """The filled rows; raises ``ValueError`` (German) for an unreadable birth date."""
        out = []
        for row in self._filled_rows():
            out.append(AliasInput(row.family.text().strip(), row.given.text().strip(),
                                  row.birth.value()))
        return tuple(out)

    def date_problems(self) -> dict[str, str]:
        """``aliases.<n>`` → message for unreadable birth dates (checked before saving)."""
        return {f"aliases.{index}": f"Geburtsdatum: {row.birth.error()}"
                for index, row in enumerate(self._filled_rows()) if row.birth.error()}

    def setValue(self, aliases: tuple[AliasInput, ...] | list[AliasInput]) -> None:
        for row in list(self._rows):
            self._drop_row(row)
        for alias in aliases:
            row = self.add_row()
            row.family.setText(alias.family_name)
            row.given.setText(alias.given_names)
            row.birth.setValue(alias.birth_date)
        self.sig_changed.emit()

    def row_count(self) -> int:
        return len(self._rows)

    def row_widgets(self, index: int) -> tuple[QLineEdit, QLineEdit, PartialDateEdit]:
        row = self._rows[index]
        return row.family, row.given, row.birth

    def add_row(self) -> _Row:
        row = _Row(QLineEdit(self), QLineEdit(self), PartialDateEdit(self), QToolButton(self))
        row.family.setPlaceholderText("Familienname")
        row.family.setAccessibleName("Alias: Familienname")
        row.given.setPlaceholderText("Vornamen")
        row.given.setAccessibleName("Alias: Vornamen")
        row.birth.setPlaceholderText("Geburtsdatum")
        row.birth.setAccessibleName("Alias: Geburtsdatum")
        row.remove.setText("✕")
        row.remove.setToolTip("Diese Aliaspersonalie entfernen")
        row.remove.setAccessibleName("Aliaspersonalie entfernen")
        row.remove.clicked.connect(lambda _checked=False, r=row: self._on_remove(r))
        for edit in (row.family, row.given):
            edit.setMaxLength(200)
            edit.textChanged.connect(self._on_changed)
        row.birth.sig_changed.connect(self._on_changed)
        index = len(self._rows)
        for column, widget in enumerate(row.widgets()):
            self._grid.addWidget(widget, index, column)
        previous = (self._rows[-1].remove if self._rows
                    else self.add_button.previousInFocusChain())
        self._rows.append(row)
        # Tab order: the rows in order, then the add button below them.
        if previous is not None:
            QWidget.setTabOrder(previous, row.family)
        QWidget.setTabOrder(row.family, row.given)
        QWidget.setTabOrder(row.given, row.birth)
        QWidget.setTabOrder(row.birth, row.remove)
        self._empty.hide()
        return row

    # --- field errors (see FieldErrors) ------------------------------------------------------
    def show_field_error(self, key: str, message: str) -> None:
        filled = self._filled_rows()
        _, _, index = key.partition(".")
        if index.isdigit() and int(index) < len(filled):
            mark_invalid(filled[int(index)].family, message)
        elif filled:
            mark_invalid(filled[0].family, message)

    def clear_field_errors(self) -> None:
        for row in self._rows:
            clear_invalid(row.family)

    # --- slots and helpers -----------------------------------------------------------------
    def _on_add_clicked(self) -> None:
        row = self.add_row()
        row.family.setFocus()
        self.sig_changed.emit()

    def _on_remove(self, row: _Row) -> None:
        index = self._rows.index(row)
        self._drop_row(row)
        if self._rows:
            self._rows[min(index, len(self._rows) - 1)].family.setFocus()
        else:
            self.add_button.setFocus()
        self.sig_changed.emit()

    def _on_changed(self, *_args: object) -> None:
        self.sig_changed.emit()

    def _filled_rows(self) -> list[_Row]:
        return [row for row in self._rows if not row.is_blank()]

    def _drop_row(self, row: _Row) -> None:
        self._rows.remove(row)
        for edit in (row.family, row.given, row.birth):
            edit.setText("")  # no personal data lingers until the deferred delete
        for widget in row.widgets():
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        # Re-pack the grid so that no empty lines stay behind.
        for index, kept in enumerate(self._rows):
            for column, widget in enumerate(kept.widgets()):
                self._grid.addWidget(widget, index, column)
        self._empty.setVisible(not self._rows)
