"""The "Gespeicherte Filter" chooser of the case list, with "Filter speichern …" and "Filter
löschen".

Choosing an entry emits ``sig_apply(query)``; the page shows that query's filters and order.
The chooser goes back to its empty entry as soon as the filters shown are no longer the chosen
filter's (``note_query``). Built-in filters come first and cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.services.read_models import CaseQuery, CaseSort, SavedFilterView
from desktop.ui.context import AppContext

NONE_TEXT = "–"


def _without_order(query: CaseQuery) -> CaseQuery:
    return replace(query, sort=CaseSort.FILE_NUMBER, descending=False)


class SavedFiltersBox(QWidget):
    """See module docstring. ``current_query`` gives the filters shown (to save them)."""

    sig_apply = Signal(object)  # CaseQuery

    def __init__(self, ctx: AppContext, current_query: Callable[[], CaseQuery],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._current_query = current_query
        self._views: dict[str, SavedFilterView] = {}
        self._select_after_load: str | None = None
        self._dialog: QInputDialog | None = None

        self.combo = QComboBox(self)
        self.combo.setObjectName("savedFilterCombo")
        self.combo.setAccessibleName("Gespeicherte Filter")
        self.combo.setToolTip("Einen gespeicherten Filter anwenden (Strg+Umschalt+F)")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(16)
        self.combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.combo.addItem(NONE_TEXT, None)
        self.combo.activated.connect(self._on_activated)
        label = QLabel("Gespeicherte Filter:", self)
        label.setBuddy(self.combo)
        self.save_button = QPushButton("Filter speichern …", self)
        self.save_button.setObjectName("savedFilterSave")
        self.save_button.setAccessibleName("Die gezeigten Filter unter einem Namen speichern")
        self.save_button.setToolTip("Suche, Filter und Reihenfolge unter einem Namen speichern")
        self.save_button.clicked.connect(self.ask_name)
        self.delete_button = QPushButton("Filter löschen", self)
        self.delete_button.setObjectName("savedFilterDelete")
        self.delete_button.setAccessibleName("Den gewählten gespeicherten Filter löschen")
        self.delete_button.setToolTip("Den gewählten eigenen Filter löschen (vorgegebene "
                                      "Filter bleiben)")
        self.delete_button.clicked.connect(self.delete_current)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(self.save_button)
        layout.addWidget(self.delete_button)
        self._update_buttons()

    # --- public ----------------------------------------------------------------------------
    def reload(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self._ctx.runner.run(workspace.filters.list_filters, owner=self,
                             label="Gespeicherte Filter laden", on_success=self._show)

    def clear(self) -> None:
        """On lock: forgets the user's filters."""
        if self._dialog is not None:
            self._dialog.close()
        self._views = {}
        self._select_after_load = None
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NONE_TEXT, None)
        self.combo.blockSignals(False)
        self._update_buttons()

    def current(self) -> SavedFilterView | None:
        filter_id = self.combo.currentData()
        return self._views.get(filter_id) if filter_id else None

    def views(self) -> list[SavedFilterView]:
        return list(self._views.values())

    def choose(self, filter_id: str) -> None:
        """Chooses and applies the filter ``filter_id`` (as picking it in the list does)."""
        index = self.combo.findData(filter_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)
            self._on_activated(index)

    def focus_chooser(self) -> None:
        self.combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def note_query(self, query: CaseQuery) -> None:
        """The list now shows ``query``: if that is not the chosen filter, un-choose it."""
        chosen = self.current()
        if chosen is not None and _without_order(chosen.query) != _without_order(query):
            self.combo.setCurrentIndex(0)
            self._update_buttons()

    def ask_name(self) -> None:
        """"Filter speichern …": asks for a name (non-modally), then saves."""
        if self._ctx.session.workspace is None:
            return
        if self._dialog is not None:
            self._dialog.raise_()
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("saveFilterDialog")
        dialog.setWindowTitle("Filter speichern")
        dialog.setLabelText("Name des Filters (z. B. „Köln, in Haft“):")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOkButtonText("Speichern")
        dialog.setCancelButtonText("Abbrechen")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.save)
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        dialog.open()

    def save(self, name: str) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self._ctx.runner.run(workspace.filters.save, name, self._current_query(), owner=self,
                             label="Filter speichern", on_success=self._on_saved,
                             on_error=self._on_error)

    def delete_current(self) -> None:
        chosen = self.current()
        workspace = self._ctx.session.workspace
        if chosen is None or chosen.builtin or workspace is None:
            return
        self._ctx.runner.run(workspace.filters.delete, chosen.id, owner=self,
                             label="Filter löschen", on_success=lambda _r: self._on_deleted(),
                             on_error=self._on_error)

    # --- slots -----------------------------------------------------------------------------
    def _show(self, views: list[SavedFilterView]) -> None:
        keep = self._select_after_load or self.combo.currentData()
        self._select_after_load = None
        self._views = {view.id: view for view in views}
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NONE_TEXT, None)
        builtin = True
        for view in views:
            if builtin and not view.builtin:
                self.combo.insertSeparator(self.combo.count())
                builtin = False
            self.combo.addItem(view.name, view.id)
            self.combo.setItemData(self.combo.count() - 1,
                                   "vorgegeben" if view.builtin else "eigener Filter",
                                   Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(max(self.combo.findData(keep), 0) if keep else 0)
        self.combo.blockSignals(False)
        self._update_buttons()

    def _on_activated(self, index: int) -> None:
        self._update_buttons()
        view = self._views.get(self.combo.itemData(index)) if index > 0 else None
        if view is not None:
            self.sig_apply.emit(view.query)

    def _on_saved(self, view: SavedFilterView) -> None:
        self._select_after_load = view.id
        self.reload()

    def _on_deleted(self) -> None:
        self.combo.setCurrentIndex(0)
        self.reload()

    def _on_error(self, error: BaseException) -> None:
        self._ctx.errors.show(error, self)

    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None

    def _update_buttons(self) -> None:
        chosen = self.current()
        self.delete_button.setEnabled(chosen is not None and not chosen.builtin)
