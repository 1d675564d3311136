"""The filter bar above the case list: search (debounced), Status, Bezirk, Merkmal,
Sachbearbeitung, "Überfällig", "Nur meine", and the number of matching cases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import CaseFlag, CaseStatus, District
from desktop.services.read_models import CaseQuery, CaseSort, UserRef

E = TypeVar("E", bound=Enum)

SEARCH_DELAY_MS = 250


def count_text(count: int) -> str:
    """``1 Fall``, ``1.234 Fälle``."""
    if count == 1:
        return "1 Fall"
    return f"{count:,} Fälle".replace(",", ".")


def _enum(kind: type[E], code: str | None) -> E | None:
    return kind(code) if code else None


class CaseFilterBar(QWidget):
    """Emits ``sig_changed`` when a filter changes (typing: 250 ms after the last key).

    Two short rows, so that the bar fits a 1366-pixel laptop screen beside the navigation:
    the search (and what the page adds with ``add_to_top``), then the filters and the count.
    """

    sig_changed = Signal()
    sig_search_return = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setAccessibleName("Fälle suchen")
        self.search.setPlaceholderText("Suche: Name, Alias, Aktenzeichen …")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.sig_changed.emit)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._on_return)

        self.status_combo = self._combo("statusFilter", [(s.label, s) for s in CaseStatus], 9)
        self.district_combo = self._combo("districtFilter", [(d.label, d) for d in District],
                                          9)
        self.flag_combo = self._combo("flagFilter", [(f.label, f) for f in CaseFlag], 11)
        self.caseworker_combo = self._combo("caseworkerFilter", [], 11)
        self.overdue_check = QCheckBox("Über&fällig", self)
        self.overdue_check.setObjectName("overdueFilter")
        self.overdue_check.setAccessibleName("Nur Fälle mit Überfälligem")
        self.overdue_check.setToolTip("Nur offene Fälle mit einer Maßnahme, Frist, "
                                      "Wiedervorlage oder Antwort, die vor heute fällig war")
        self.mine_check = QCheckBox("Nur m&eine", self)
        self.mine_check.setObjectName("mineFilter")
        self.mine_check.setAccessibleName("Nur meine Fälle")
        self.mine_check.setToolTip("Nur die Fälle, die Ihnen zugeordnet sind")
        for check in (self.overdue_check, self.mine_check):
            check.toggled.connect(self._on_check_toggled)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("caseCount")
        self.count_label.setMinimumWidth(80)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)

        self._top = QHBoxLayout()
        self._top.addWidget(self.search, 1)
        filters = QHBoxLayout()
        for index, (caption, combo) in enumerate((
                ("&Status", self.status_combo), ("Be&zirk", self.district_combo),
                ("&Merkmal", self.flag_combo), ("Sachbe&arbeitung", self.caseworker_combo))):
            label = QLabel(caption, self)
            label.setBuddy(combo)
            if index:
                filters.addSpacing(10)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addSpacing(10)
        filters.addWidget(self.overdue_check)
        filters.addWidget(self.mine_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._top)
        layout.addLayout(filters)

    def _combo(self, name: str, items: list[tuple[str, Enum]], chars: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        # A steady width (long entries are elided; the popup shows them in full).
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        combo.addItem("alle", None)
        for label, value in items:
            # Qt hands a str enum back as a plain str: keep the code, convert when reading.
            combo.addItem(label, value.value)
        combo.currentIndexChanged.connect(self._on_combo_changed)
        return combo

    def add_to_top(self, widget: QWidget) -> None:
        self._top.addSpacing(12)
        self._top.addWidget(widget)

    def query(self, sort: CaseSort, descending: bool) -> CaseQuery:
        """The filters as a CaseQuery in the given order."""
        return CaseQuery(search=self.search.text().strip(),
                         status=_enum(CaseStatus, self.status_combo.currentData()),
                         district=_enum(District, self.district_combo.currentData()),
                         flag=_enum(CaseFlag, self.flag_combo.currentData()),
                         caseworker_id=self.caseworker_combo.currentData(),
                         sort=sort, descending=descending,
                         overdue_only=self.overdue_check.isChecked(),
                         mine=self.mine_check.isChecked())

    def set_query(self, query: CaseQuery, *, emit: bool = True) -> None:
        """Shows ``query``'s search and filters (a saved filter); then emits ``sig_changed``
        once (unless ``emit`` is False).
        A value this list cannot show (a colleague no longer listed) falls back to "alle"."""
        self._search_timer.stop()
        with self._quiet():
            self.search.setText(query.search)
            for combo, value in ((self.status_combo, query.status),
                                 (self.district_combo, query.district),
                                 (self.flag_combo, query.flag)):
                combo.setCurrentIndex(max(combo.findData(value.value), 0) if value else 0)
            found = (self.caseworker_combo.findData(query.caseworker_id)
                     if query.caseworker_id else 0)
            self.caseworker_combo.setCurrentIndex(max(found, 0))
            self.overdue_check.setChecked(query.overdue_only)
            self.mine_check.setChecked(query.mine)
        self._sync_caseworker()
        if emit:
            self.sig_changed.emit()

    def clear_filters(self) -> None:
        """Empties the search and sets every filter to "alle" (no signal)."""
        self._search_timer.stop()
        with self._quiet():
            self.search.clear()
            for combo in self._combos():
                combo.setCurrentIndex(0)
            self.overdue_check.setChecked(False)
            self.mine_check.setChecked(False)
        self._sync_caseworker()

    def _combos(self) -> tuple[QComboBox, ...]:
        return (self.status_combo, self.district_combo, self.flag_combo,
                self.caseworker_combo)

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        widgets = (self.search, *self._combos(), self.overdue_check, self.mine_check)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            yield
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _sync_caseworker(self) -> None:
        """"Nur meine" decides the caseworker: the combo waits meanwhile."""
        self.caseworker_combo.setEnabled(not self.mine_check.isChecked())

    def _on_check_toggled(self, _checked: bool) -> None:
        self._sync_caseworker()
        self._search_timer.stop()
        self.sig_changed.emit()

    def flush(self) -> bool:
        """Applies typed search text at once; True if it was still waiting."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.sig_changed.emit()
            return True
        return False

    def set_users(self, users: list[UserRef]) -> None:
        combo = self.caseworker_combo
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for user in users:
            combo.addItem(user.display_name, user.id)
        found = combo.findData(current) if current else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def set_count(self, count: int | None) -> None:
        """The number of matching cases; ``None`` while searching."""
        self.count_label.setText("Suche …" if count is None else count_text(count))

    def reset(self) -> None:
        """Empties the search, sets every filter to "alle", forgets the colleagues (on lock)."""
        self._search_timer.stop()
        widgets = (self.search, self.status_combo, self.district_combo, self.flag_combo,
                   self.caseworker_combo)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.status_combo, self.district_combo, self.flag_combo):
            combo.setCurrentIndex(0)
        while self.caseworker_combo.count() > 1:
            self.caseworker_combo.removeItem(1)
        self.caseworker_combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self.clear_filters()
        self.count_label.clear()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_combo_changed(self, _index: int) -> None:
        self._search_timer.stop()
        self.sig_changed.emit()

    def _on_return(self) -> None:
        self.flush()
        self.sig_search_return.emit()
