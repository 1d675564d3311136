"""One list of the "Aufenthalt" tab: a table, "Bearbeiten" and "… entfernen", and below it a
form that adds a row or — in edit mode — changes the selected one.

A row is edited by "Bearbeiten", a double-click, Enter or F2 in the table: the form takes the
row's values and its button says "Änderung speichern"; "Abbrechen" or Esc leave edit mode.
Enter in the form adds or saves. The tab (``residence_tab``) runs the service calls; a section
only says which ones (``add_call``, ``update_call``, ``delete_call``).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.residence import ResidenceService
from desktop.ui.models.residence_models import IdRowsModel
from desktop.ui.pages.case_tab import add_form, rows_view
from desktop.ui.widgets.field_errors import FieldErrors

SAVE_TEXT = "Änderung speichern"


def line_edit(parent: QWidget, name: str, limit: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setMaxLength(limit)
    edit.setPlaceholderText(placeholder)
    return edit


def _shortcut(keys: QKeySequence | Qt.Key, parent: QWidget, slot: Callable[[], Any],
              ) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


class ResidenceSection(QGroupBox):
    """Table, actions and add/edit form of one kind of rows (see the module docstring).

    Subclasses create their fields with ``field()``, call ``finish_form()`` and implement
    ``read``, ``input_of``, ``fill``, ``reset``, ``describe`` and the three service calls.
    ``sig_submit`` asks the tab to add or save, ``sig_remove`` to remove the selected row.
    """

    sig_submit = Signal()
    sig_remove = Signal()

    def __init__(self, title: str, model: IdRowsModel[Any], name: str, noun: str,
                 parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"{name}Box")
        self.model = model
        model.setParent(self)
        self.noun = noun
        self._busy = False
        self._has_case = False
        self.editing: Any | None = None  # the row (read model) shown in the form for editing
        self.view: QTableView = rows_view(self, model, f"{name}View", stretch=0, widths={})
        self.view.setMinimumHeight(90)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName(title)
        self.view.setAccessibleDescription(
            "Eingabetaste, F2 oder Doppelklick: ausgewählten Eintrag bearbeiten")
        self.edit_button = QPushButton("Bearbeiten", self)
        self.edit_button.setObjectName(f"{name}EditButton")
        self.edit_button.setAccessibleName(f"{noun} bearbeiten")
        self.edit_button.setToolTip("Den ausgewählten Eintrag im Formular unten bearbeiten "
                                    "(Eingabetaste, F2 oder Doppelklick in der Liste)")
        self.remove_button = QPushButton(f"{noun} entfernen …", self)
        self.remove_button.setObjectName(f"{name}RemoveButton")
        self.message = QLabel(self)
        self.message.setObjectName(f"{name}Message")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        top = self.action_row = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.remove_button)

        self.mode_label = QLabel(self)
        self.mode_label.setObjectName(f"{name}ModeLabel")
        self.mode_label.setStyleSheet("font-weight: bold;")
        self.mode_label.setWordWrap(True)
        self.mode_label.hide()
        self.form_box = QWidget(self)
        self.form = add_form(self.form_box)
        self.error_summary = QLabel(self.form_box)
        self.errors = FieldErrors(self.error_summary, self)
        self.add_button = QPushButton(self._add_text(), self.form_box)
        self.add_button.setObjectName(f"{name}AddButton")
        self.cancel_button = QPushButton("Abbrechen", self.form_box)
        self.cancel_button.setObjectName(f"{name}CancelButton")
        self.cancel_button.setAccessibleName(f"Bearbeiten abbrechen: {noun}")
        self.cancel_button.setToolTip("Die Änderung verwerfen (Esc)")
        self.cancel_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(top)
        layout.addWidget(self.mode_label)
        layout.addWidget(self.form_box)

        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.doubleClicked.connect(lambda _index: self.begin_edit())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            _shortcut(key, self.view, self.begin_edit)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            _shortcut(key, self.form_box, self._on_return)
        self._escape = _shortcut(Qt.Key.Key_Escape, self.form_box, self.cancel_edit)
        self._escape.setEnabled(False)
        self.edit_button.clicked.connect(lambda: self.begin_edit())
        self.remove_button.clicked.connect(self.sig_remove.emit)
        self.add_button.clicked.connect(self.sig_submit.emit)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self._fields: list[QWidget] = []

    # --- for subclasses --------------------------------------------------------------------
    def field(self, label: str, name: str, widget: QWidget, title: str) -> None:
        """Adds a form row: label (the widget's buddy) and the widget bound to ``name``."""
        self.errors.add_row(self.form, label, name, widget, title)
        self._fields.append(widget)
        if isinstance(widget, QLineEdit):  # a line edit takes Enter before any shortcut
            widget.returnPressed.connect(self.sig_submit.emit)

    def finish_form(self, extra_actions: tuple[QWidget, ...] = ()) -> None:
        """Adds the submit row (error summary; "Abbrechen" and the add/save button on the
        right) and sets the tab order: table, actions, fields, buttons."""
        row = QHBoxLayout()
        row.addWidget(self.error_summary, 1)
        row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        self.form.addRow(row)
        order = [self.view, *extra_actions, self.edit_button, self.remove_button,
                 *self._fields, self.cancel_button, self.add_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def read(self) -> Any:
        """The input dataclass of the form's values."""
        raise NotImplementedError

    def input_of(self, item: Any) -> Any:
        """The input dataclass that leaves the row ``item`` as it is."""
        raise NotImplementedError

    def fill(self, data: Any) -> None:
        """Shows the input ``data`` in the form."""
        raise NotImplementedError

    def reset(self) -> None:
        """Empties the form (first choice in the lists, dates empty or today)."""
        raise NotImplementedError

    def describe(self, item: Any) -> str:
        """A few words naming the row ``item`` (for the edit-mode line)."""
        raise NotImplementedError

    def has_text(self) -> bool:
        """True if something was typed into the (add) form."""
        raise NotImplementedError

    def add_call(self, residence: ResidenceService) -> Callable[..., Any]:
        raise NotImplementedError

    def update_call(self, residence: ResidenceService) -> Callable[..., Any]:
        raise NotImplementedError

    def delete_call(self, residence: ResidenceService) -> Callable[..., Any]:
        raise NotImplementedError

    # --- public ----------------------------------------------------------------------------
    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def begin_edit(self, item: Any | None = None) -> bool:
        """Shows ``item`` (default: the selected row) in the form for editing."""
        item = item if item is not None else self.selected()
        if item is None or self._busy or not self._has_case:
            return False
        if self.editing is not None and self.is_dirty():
            self.message.setText("Bitte die Änderung erst speichern oder abbrechen.")
            return False
        self.editing = item
        self.errors.clear()
        self.message.clear()
        self.fill(self.input_of(item))
        self.mode_label.setText(f"Bearbeiten: {self.describe(item)}")
        self.mode_label.show()
        self.add_button.setText(SAVE_TEXT)
        self.add_button.setAccessibleName(f"{self.noun}: {SAVE_TEXT}")
        self.cancel_button.show()
        self._escape.setEnabled(True)
        self._update_edit_actions()
        if self._fields:
            self._fields[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def cancel_edit(self) -> None:
        """Leaves edit mode without saving; the focus goes back to the table."""
        if self.editing is None:
            return
        self.end_edit()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def end_edit(self) -> None:
        """Leaves edit mode (after saving, or when the case changes) and empties the form."""
        was_editing = self.editing is not None
        self.editing = None
        self.reset()
        self.errors.clear()
        self.mode_label.clear()
        self.mode_label.hide()
        self.add_button.setText(self._add_text())
        self.add_button.setAccessibleName("")
        self.cancel_button.hide()
        self._escape.setEnabled(False)
        if was_editing:
            self._update_edit_actions()

    def is_dirty(self) -> bool:
        """Typed but not added, or changed in edit mode but not saved."""
        if self.editing is not None:
            return bool(self.read() != self.input_of(self.editing))
        return self.has_text()

    def update_actions(self, busy: bool = False, has_case: bool = True) -> None:
        self._busy = busy
        self._has_case = has_case
        self.add_button.setEnabled(not busy and has_case)
        self.cancel_button.setEnabled(not busy)
        self._update_edit_actions()

    # --- helpers ---------------------------------------------------------------------------
    def _add_text(self) -> str:
        return f"{self.noun} hinzufügen"

    def _update_edit_actions(self) -> None:
        free = not self._busy and self._has_case and self.editing is None
        selected = self.selected() is not None
        self.edit_button.setEnabled(free and selected)
        self.remove_button.setEnabled(free and selected)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Selects the current row if nothing is selected: a table reached by Tab gets a
        current row but no selection, and Enter should edit the row that has the focus."""
        if current.isValid() and not self.view.selectionModel().hasSelection():
            self.view.selectRow(current.row())

    def _on_selection(self, *_args: object) -> None:
        self._update_edit_actions()

    def _on_return(self) -> None:
        """Enter in the form: presses a focused button ("Abbrechen"), else adds or saves."""
        focused = QApplication.focusWidget()
        if isinstance(focused, QPushButton) and self.form_box.isAncestorOf(focused):
            focused.click()
        else:
            self.sig_submit.emit()
