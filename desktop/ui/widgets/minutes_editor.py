"""The agenda with the minutes in the conference editor: agenda items on the left; for the
chosen item its title, case, situation (Sachstand), discussion (Erörterung) and decisions.

The decisions of the chosen item are edited in ``DecisionsEditor``; once stored, its table
shows how each decision's measure stands ("erledigt am …"). Bound to ``FieldErrors`` as
``items``: ``show_field_error`` selects the item (and decision) a problem names and marks
the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.conferences import AgendaItemInput
from desktop.services.conferences import AgendaItemView
from desktop.services.read_models import PartnerRef, UserRef
from desktop.ui.models.conference_models import DecisionDraft
from desktop.ui.widgets.decisions_editor import DecisionsEditor
from desktop.ui.widgets.field_errors import FieldErrors, clear_invalid, error_label, mark_invalid

ALL_CASES = "alle Fälle der Konferenz"


@dataclass
class ItemDraft:
    """An agenda item as edited."""

    title: str
    id: str | None = None
    case_id: str | None = None
    situation: str = ""
    discussion: str = ""
    decisions: list[DecisionDraft] = field(default_factory=list)

    def data(self) -> AgendaItemInput:
        return AgendaItemInput(self.title, id=self.id, case_id=self.case_id,
                               situation=self.situation, discussion=self.discussion,
                               decisions=tuple(d.data for d in self.decisions))


def _multi_line(parent: QWidget, name: str, accessible: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    return edit


class MinutesEditor(QWidget):
    """See module docstring. ``day()`` gives the conference day (for the due-date rule)."""

    sig_changed = Signal()

    def __init__(self, day: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesEditor")
        self._day = day
        self._items: list[ItemDraft] = []
        self._read_only = False
        self._loading = False

        # Left: the agenda.
        self.agenda = QListWidget(self)
        self.agenda.setObjectName("agendaList")
        self.agenda.setAccessibleName("Tagesordnung")
        self.new_item_title = QLineEdit(self)
        self.new_item_title.setObjectName("agendaNewTitle")
        self.new_item_title.setAccessibleName("Neuer Tagesordnungspunkt")
        self.new_item_title.setPlaceholderText("Neuer Punkt, dann Eingabe")
        self.add_item_button = QPushButton("&Punkt hinzufügen", self)
        self.add_item_button.setObjectName("agendaAddItem")
        self.remove_item_button = QPushButton("Punkt entfernen", self)
        self.remove_item_button.setObjectName("agendaRemoveItem")
        self.agenda_message = error_label(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        agenda_label = QLabel("&Tagesordnung", left)
        agenda_label.setBuddy(self.agenda)
        left_layout.addWidget(agenda_label)
        left_layout.addWidget(self.agenda, 1)
        left_layout.addWidget(self.agenda_message)
        left_layout.addWidget(self.new_item_title)
        row = QHBoxLayout()
        row.addWidget(self.add_item_button)
        row.addWidget(self.remove_item_button)
        left_layout.addLayout(row)

        # Right: the chosen item.
        right = QWidget(self)
        self.item_summary = QLabel(right)
        self.item_errors = FieldErrors(self.item_summary, self)
        self.title = QLineEdit(right)
        self.title.setObjectName("agendaItemTitle")
        self.title.setMaxLength(200)
        self.case = QComboBox(right)
        self.case.setObjectName("agendaItemCase")
        self.situation = _multi_line(right, "agendaItemSituation", "Sachstand",
                                     "Sachstand: was ist bekannt?")
        self.discussion = _multi_line(right, "agendaItemDiscussion", "Erörterung",
                                      "Erörterung: was wurde besprochen?")
        item_form = QFormLayout()
        self.item_errors.add_row(item_form, "Tite&l", "title", self.title, "Titel")
        self.item_errors.add_row(item_form, "Fa&ll", "case_id", self.case, "Fall")
        self.item_errors.add_row(item_form, "&Sachstand", "situation", self.situation,
                                 "Sachstand")
        self.item_errors.add_row(item_form, "E&rörterung", "discussion", self.discussion,
                                 "Erörterung")

        self.decisions_box = DecisionsEditor(day, right)

        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(item_form)
        right_layout.addWidget(self.item_summary)
        right_layout.addWidget(self.decisions_box, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([260, 740])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.agenda.currentRowChanged.connect(self._show_item)
        self.new_item_title.returnPressed.connect(self.add_item)
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.title.textEdited.connect(self._on_item_edited)
        self.case.activated.connect(lambda _i: self._on_item_edited())
        self.situation.textChanged.connect(self._on_item_edited)
        self.discussion.textChanged.connect(self._on_item_edited)
        self.decisions_box.sig_changed.connect(self._on_decisions_changed)
        self._show_item(-1)

    # --- filling ---------------------------------------------------------------------------
    def set_owners(self, users: Sequence[UserRef], partners: Sequence[PartnerRef]) -> None:
        self.decisions_box.set_owners(users, partners)

    def set_cases(self, cases: dict[str, str]) -> None:
        """The conference's cases (id → file number) an item may be about."""
        current = self._current()
        self.case.clear()
        self.case.addItem(ALL_CASES, None)
        for case_id, number in cases.items():
            self.case.addItem(number, case_id)
        if current is not None:
            self.case.setCurrentIndex(max(0, self.case.findData(current.case_id)))

    def set_items(self, items: Sequence[AgendaItemView]) -> None:
        self._items = [ItemDraft(i.title, i.id, i.case_id, i.situation, i.discussion,
                                 [DecisionDraft.of(d) for d in i.decisions]) for i in items]
        current = max(0, self.agenda.currentRow())
        self._refill_agenda()
        if self._items:
            self.agenda.setCurrentRow(min(current, len(self._items) - 1))

    def items(self) -> tuple[AgendaItemInput, ...]:
        return tuple(item.data() for item in self._items)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for line in (self.new_item_title, self.title):
            line.setReadOnly(read_only)
        self.decisions_box.set_read_only(read_only)
        for text in (self.situation, self.discussion):
            text.setReadOnly(read_only)
        for widget in (self.case, self.add_item_button, self.remove_item_button):
            widget.setEnabled(not read_only)

    # --- agenda items ----------------------------------------------------------------------
    def add_item(self, title: str = "") -> None:
        title = (title or self.new_item_title.text()).strip()
        if self._read_only:
            return
        if not title:
            self.agenda_message.setText("Bitte den Tagesordnungspunkt benennen.")
            self.agenda_message.show()
            mark_invalid(self.new_item_title, "Bitte den Tagesordnungspunkt benennen.")
            self.new_item_title.setFocus()
            return
        clear_invalid(self.new_item_title)
        self.agenda_message.hide()
        case_id = self.case.itemData(1) if self.case.count() == 2 else None
        self._items.append(ItemDraft(title, case_id=case_id))
        self.new_item_title.clear()
        self._refill_agenda()
        self.agenda.setCurrentRow(len(self._items) - 1)
        self.sig_changed.emit()

    def remove_item(self) -> None:
        row = self.agenda.currentRow()
        if self._read_only or not 0 <= row < len(self._items):
            return
        del self._items[row]
        self._refill_agenda()
        self.agenda.setCurrentRow(min(row, len(self._items) - 1))
        self.sig_changed.emit()

    def _refill_agenda(self) -> None:
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for number, item in enumerate(self._items, 1):
            self.agenda.addItem(f"{number}. {item.title}")
        self.agenda.blockSignals(False)
        self._show_item(self.agenda.currentRow())

    def _current(self) -> ItemDraft | None:
        row = self.agenda.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def _show_item(self, _row: int) -> None:
        item = self._current()
        self._loading = True
        self.item_errors.clear()
        self.title.setText(item.title if item else "")
        self.case.setCurrentIndex(max(0, self.case.findData(item.case_id)) if item else 0)
        self.situation.setPlainText(item.situation if item else "")
        self.discussion.setPlainText(item.discussion if item else "")
        self.decisions_box.set_drafts(item.decisions if item else None)
        self._loading = False
        for widget in (self.title, self.case, self.situation, self.discussion):
            widget.setEnabled(item is not None)

    def _on_item_edited(self) -> None:
        item = self._current()
        if item is None or self._loading:
            return
        item.title = self.title.text().strip() or item.title
        item.case_id = self.case.currentData()
        item.situation = self.situation.toPlainText()
        item.discussion = self.discussion.toPlainText()
        row = self.agenda.currentRow()
        self.agenda.item(row).setText(f"{row + 1}. {item.title}")
        self.sig_changed.emit()

    def _on_decisions_changed(self) -> None:
        self.sig_changed.emit()

    # --- errors (FieldErrors protocol) -----------------------------------------------------
    def show_field_error(self, key: str, message: str) -> None:
        """``items.<i>.<field>`` or ``items.<i>.decisions.<j>.<field>``: selects and marks."""
        parts = key.split(".")
        if len(parts) < 3 or not parts[1].isdigit() or int(parts[1]) >= len(self._items):
            self.agenda_message.setText(message)
            self.agenda_message.show()
            return
        self.agenda.setCurrentRow(int(parts[1]))
        if parts[2] == "decisions" and len(parts) >= 5 and parts[3].isdigit():
            self.decisions_box.show_error(int(parts[3]), parts[4], message)
        else:
            self.item_errors.show({parts[2]: message})

    def clear_field_errors(self) -> None:
        self.agenda_message.hide()
        self.item_errors.clear()
        self.decisions_box.errors.clear()

