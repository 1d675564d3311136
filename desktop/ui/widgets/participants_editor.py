"""The participants of a conference in the editor: picked from the partner directory
(organisation, contact, function) and the RRK staff, or entered as a guest; per participant
the attendance (anwesend, entschuldigt, nicht erschienen) and whether the minutes go to them
(Verteiler).

Bound to ``FieldErrors`` as ``participants``: ``show_field_error("participants.2.email", …)``
selects that row and shows the message under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.conferences import Attendance, ParticipantInput, ParticipantView
from desktop.ui.models.conference_models import ParticipantsModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.widgets.combos import enum_combo, select_data
from desktop.ui.widgets.field_errors import clear_invalid, error_label, mark_invalid


def directory_label(entry: ParticipantInput) -> str:
    """``Name (Organisation, Funktion)`` of a directory entry."""
    details = ", ".join(x for x in (entry.organisation, entry.role) if x)
    name = entry.name or entry.organisation
    return f"{name} ({details})" if details and details != name else name


def as_input(view: ParticipantView) -> ParticipantInput:
    return ParticipantInput(id=view.id, contact_id=view.contact_id, partner_id=view.partner_id,
                            user_id=view.user_id, name=view.name,
                            organisation=view.organisation, role=view.role, email=view.email,
                            attendance=view.attendance,
                            on_distribution_list=view.on_distribution_list)


class ParticipantsEditor(QWidget):
    """See module docstring. ``sig_changed`` after every change of the list."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("participantsEditor")
        self._directory: list[ParticipantInput] = []
        self._read_only = False

        self.model = ParticipantsModel(self)
        self.view = rows_view(self, self.model, "participantsView", stretch=1,
                              widths={0: 180, 2: 140, 3: 110, 4: 70})
        self.view.setAccessibleName("Teilnehmende")
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.message = error_label(self)
        self.message.setObjectName("participantsMessage")

        self.pick = QComboBox(self)
        self.pick.setObjectName("participantPick")
        self.pick.setAccessibleName("Aus Netzwerk oder RRK wählen")
        self.pick.setEditable(False)
        self.add_button = QPushButton("&Hinzufügen", self)
        self.add_button.setObjectName("participantAdd")
        self.add_button.setToolTip("Die gewählte Person (Netzwerk oder RRK) hinzufügen")
        self.guest_name = QLineEdit(self)
        self.guest_name.setObjectName("participantGuestName")
        self.guest_name.setAccessibleName("Gast: Name")
        self.guest_name.setPlaceholderText("Name")
        self.guest_organisation = QLineEdit(self)
        self.guest_organisation.setObjectName("participantGuestOrganisation")
        self.guest_organisation.setAccessibleName("Gast: Organisation")
        self.guest_organisation.setPlaceholderText("Organisation")
        self.guest_role = QLineEdit(self)
        self.guest_role.setObjectName("participantGuestRole")
        self.guest_role.setAccessibleName("Gast: Funktion")
        self.guest_role.setPlaceholderText("Funktion")
        self.guest_button = QPushButton("&Gast hinzufügen", self)
        self.guest_button.setObjectName("participantAddGuest")

        self.attendance = enum_combo(Attendance, self)
        self.attendance.setObjectName("participantAttendance")
        self.distribution = QCheckBox("erhält das Protokoll (&Verteiler)", self)
        self.distribution.setObjectName("participantDistribution")
        self.remove_button = QPushButton("Ent&fernen", self)
        self.remove_button.setObjectName("participantRemove")

        pick_row = QHBoxLayout()
        pick_label = QLabel("Aus &Netzwerk/RRK:", self)
        pick_label.setBuddy(self.pick)
        pick_row.addWidget(pick_label)
        pick_row.addWidget(self.pick, 1)
        pick_row.addWidget(self.add_button)
        guest_row = QHBoxLayout()
        guest_row.addWidget(QLabel("Gast:", self))
        for widget in (self.guest_name, self.guest_organisation, self.guest_role):
            guest_row.addWidget(widget, 1)
        guest_row.addWidget(self.guest_button)
        selected_row = QHBoxLayout()
        attendance_label = QLabel("&Anwesenheit:", self)
        attendance_label.setBuddy(self.attendance)
        selected_row.addWidget(attendance_label)
        selected_row.addWidget(self.attendance)
        selected_row.addWidget(self.distribution)
        selected_row.addStretch(1)
        selected_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(selected_row)
        layout.addLayout(pick_row)
        layout.addLayout(guest_row)

        self.add_button.clicked.connect(self.add_picked)
        self.guest_button.clicked.connect(self.add_guest)
        self.guest_role.returnPressed.connect(self.add_guest)
        self.remove_button.clicked.connect(self.remove_selected)
        self.attendance.currentIndexChanged.connect(lambda _i: self._edit_selected())
        self.distribution.toggled.connect(lambda _c: self._edit_selected())
        self._update_actions()

    # --- filling and reading ---------------------------------------------------------------
    def set_directory(self, entries: Sequence[ParticipantInput]) -> None:
        self._directory = list(entries)
        self.pick.clear()
        for entry in self._directory:
            self.pick.addItem(directory_label(entry))

    def set_participants(self, participants: Sequence[ParticipantInput]) -> None:
        self.model.set_rows(participants)
        if participants:
            self.view.selectRow(0)
        self._update_actions()

    def participants(self) -> tuple[ParticipantInput, ...]:
        return tuple(self.model.rows())

    def add_user(self, user_id: str) -> None:
        """Adds the directory entry of the RRK user ``user_id`` (the organiser, say)."""
        for index, entry in enumerate(self._directory):
            if entry.user_id == user_id:
                self.pick.setCurrentIndex(index)
                self.add_picked()
                return

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.guest_name, self.guest_organisation, self.guest_role):
            widget.setReadOnly(read_only)
        self.pick.setEnabled(not read_only)
        self._update_actions()

    # --- editing ---------------------------------------------------------------------------
    def add_picked(self) -> None:
        index = self.pick.currentIndex()
        if self._read_only or not 0 <= index < len(self._directory):
            return
        entry = self._directory[index]
        for existing in self.model.rows():
            if ((entry.contact_id and existing.contact_id == entry.contact_id)
                    or (entry.user_id and existing.user_id == entry.user_id)):
                self._say(f"{directory_label(entry)} nimmt bereits teil.")
                return
        self._append(replace(entry, id=None))

    def add_guest(self) -> None:
        name, organisation = self.guest_name.text().strip(), self.guest_organisation.text().strip()
        if self._read_only:
            return
        if not name and not organisation:
            mark_invalid(self.guest_name, "Bitte Namen oder Organisation angeben.")
            self._say("Bitte Namen oder Organisation des Gastes angeben.")
            self.guest_name.setFocus()
            return
        clear_invalid(self.guest_name)
        self._append(ParticipantInput(name=name, organisation=organisation,
                                      role=self.guest_role.text().strip()))
        for widget in (self.guest_name, self.guest_organisation, self.guest_role):
            widget.clear()

    def _append(self, entry: ParticipantInput) -> None:
        self.model.append(entry)
        self.view.selectRow(self.model.rowCount() - 1)
        self.clear_field_errors()
        self.sig_changed.emit()

    def remove_selected(self) -> None:
        row = self._selected_row()
        if row < 0 or self._read_only:
            return
        self.model.remove(row)
        self.sig_changed.emit()
        self._update_actions()

    def _edit_selected(self) -> None:
        row = self._selected_row()
        if row < 0 or self._read_only:
            return
        current = self.model.row(row)
        changed = replace(current, attendance=self.attendance.value(),
                          on_distribution_list=self.distribution.isChecked())
        if changed != current:
            self.model.replace(row, changed)
            self.sig_changed.emit()

    # --- errors (FieldErrors protocol) -----------------------------------------------------
    def show_field_error(self, key: str, message: str) -> None:
        parts = key.split(".")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < self.model.rowCount():
            self.view.selectRow(int(parts[1]))
            name = self.model.row(int(parts[1])).name or self.model.row(int(parts[1])).organisation
            message = f"{name}: {message}" if name else message
        mark_invalid(self.view, message)
        shown = self.message.text()
        self.message.setText(f"{shown}\n{message}" if shown else message)
        self.message.show()

    def clear_field_errors(self) -> None:
        clear_invalid(self.view)
        self.message.clear()
        self.message.hide()

    # --- helpers ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self._selected_row()
        if row >= 0:
            item = self.model.row(row)
            for widget in (self.attendance, self.distribution):
                widget.blockSignals(True)
            select_data(self.attendance, item.attendance.value)
            self.distribution.setChecked(item.on_distribution_list)
            for widget in (self.attendance, self.distribution):
                widget.blockSignals(False)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self._selected_row() >= 0
        editable = not self._read_only
        self.attendance.setEnabled(selected and editable)
        self.distribution.setEnabled(selected and editable)
        self.remove_button.setEnabled(selected and editable)
        self.add_button.setEnabled(editable)
        self.guest_button.setEnabled(editable)
