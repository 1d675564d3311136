"""The appointment part of the conference editor: kind, day, start and end, place or
"Telefon/Video", organiser, a short agenda, and the cases (found by file number or name).

Problems from ``validate_conference`` / the service are shown at the fields through
``errors`` (keys ``kind``, ``starts_at``, ``ends_at``, ``place``, ``cases``,
``organiser_email``, ``agenda_summary``). Finding cases runs through the task runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.conferences import ConferenceCaseView, ConferenceKind, ConferenceView
from desktop.services.read_models import CaseListRow, UserRef
from desktop.ui.context import AppContext
from desktop.ui.widgets.combos import enum_combo, select_data
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors

USER_ROLE = Qt.ItemDataRole.UserRole
DEFAULT_START = time(10, 0)
DEFAULT_END = time(11, 30)


def _time_edit(parent: QWidget, name: str, accessible: str, value: time) -> QTimeEdit:
    edit = QTimeEdit(parent)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setDisplayFormat("HH:mm")
    edit.setTime(QTime(value.hour, value.minute))
    return edit


def _py_time(edit: QTimeEdit) -> time:
    shown = edit.time()
    return time(shown.hour(), shown.minute())


class ConferenceForm(QWidget):
    """See module docstring. ``sig_changed`` after every edit."""

    sig_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conferenceForm")
        self._ctx = ctx
        self._search_seq = 0
        self.error_summary = QLabel(self)
        self.error_summary.setObjectName("conferenceErrorSummary")
        self.errors = FieldErrors(self.error_summary, self)

        self.kind = enum_combo(ConferenceKind, self)
        self.kind.setObjectName("conferenceKind")
        select_data(self.kind, ConferenceKind.CASE_CONFERENCE.value)
        self.day = DateEdit(self)
        self.day.setObjectName("conferenceDay")
        self.start = _time_edit(self, "conferenceStart", "Beginn", DEFAULT_START)
        self.end = _time_edit(self, "conferenceEnd", "Ende", DEFAULT_END)
        self.place = QLineEdit(self)
        self.place.setObjectName("conferencePlace")
        self.place.setMaxLength(200)
        self.place.setPlaceholderText("z. B. Bezirksregierung, Raum 212")
        self.remote = QCheckBox("&Telefon/Video", self)
        self.remote.setObjectName("conferenceRemote")
        self.remote.setToolTip("Die Konferenz findet telefonisch oder per Video statt")
        self.organiser = QComboBox(self)
        self.organiser.setObjectName("conferenceOrganiser")
        self.organiser_email = QLineEdit(self)
        self.organiser_email.setObjectName("conferenceOrganiserEmail")
        self.organiser_email.setAccessibleName("E-Mail der Organisation (für die Einladung)")
        self.organiser_email.setPlaceholderText("E-Mail für die Einladung (optional)")
        self.summary = QPlainTextEdit(self)
        self.summary.setObjectName("conferenceAgendaSummary")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(70)
        self.summary.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.summary.setPlaceholderText("Anlass und Themen in Kürze (erscheint nicht in der "
                                        "Einladung)")

        # Cases: search by file number or name, then add.
        self.case_search = QLineEdit(self)
        self.case_search.setObjectName("conferenceCaseSearch")
        self.case_search.setAccessibleName("Fall suchen (Aktenzeichen oder Name)")
        self.case_search.setPlaceholderText("Aktenzeichen oder Name, dann Eingabe")
        self.case_results = QListWidget(self)
        self.case_results.setObjectName("conferenceCaseResults")
        self.case_results.setAccessibleName("Gefundene Fälle")
        self.case_results.setFixedHeight(80)
        self.add_case_button = QPushButton("Fall &zuordnen", self)
        self.add_case_button.setObjectName("conferenceAddCase")
        self.cases = QListWidget(self)
        self.cases.setObjectName("conferenceCases")
        self.cases.setAccessibleName("Fälle der Konferenz")
        self.cases.setFixedHeight(80)
        self.cases.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.remove_case_button = QPushButton("Fall e&ntfernen", self)
        self.remove_case_button.setObjectName("conferenceRemoveCase")

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors.add_row(form, "&Art", "kind", self.kind, "Art")
        self.errors.add_row(form, "&Datum", "starts_at", self.day, "Datum")
        times = QWidget(self)
        times_row = QHBoxLayout(times)
        times_row.setContentsMargins(0, 0, 0, 0)
        start_label = QLabel("&Beginn", times)
        start_label.setBuddy(self.start)
        end_label = QLabel("&Ende", times)
        end_label.setBuddy(self.end)
        times_row.addWidget(start_label)
        times_row.addWidget(self.start)
        times_row.addWidget(end_label)
        times_row.addWidget(self.errors.bind("ends_at", self.end, "Ende"))
        times_row.addStretch(1)
        form.addRow("Uhrzeit", times)
        place_row = QWidget(self)
        place_layout = QHBoxLayout(place_row)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.addWidget(self.errors.bind("place", self.place, "Ort"), 1)
        place_layout.addWidget(self.remote)
        place_label = QLabel("&Ort", self)
        place_label.setBuddy(self.place)
        form.addRow(place_label, place_row)
        self.errors.add_row(form, "&Organisation", "organiser", self.organiser, "Organisation")
        self.errors.add_row(form, "E-&Mail", "organiser_email", self.organiser_email, "E-Mail")
        self.errors.add_row(form, "Anlass/&Themen", "agenda_summary", self.summary, "Themen")
        cases_box = QWidget(self)
        cases_layout = QVBoxLayout(cases_box)
        cases_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.case_search, 1)
        search_row.addWidget(self.add_case_button)
        cases_layout.addLayout(search_row)
        cases_layout.addWidget(self.case_results)
        chosen_row = QHBoxLayout()
        chosen_row.addWidget(self.errors.bind("cases", self.cases, "Fälle"), 1)
        chosen_row.addWidget(self.remove_case_button)
        cases_layout.addLayout(chosen_row)
        cases_label = QLabel("&Fälle", self)
        cases_label.setBuddy(self.case_search)
        form.addRow(cases_label, cases_box)
        cases_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        rest = QWidget(self)  # takes the spare height, so the rows keep theirs
        rest.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        form.addRow(rest)

        self.remote.toggled.connect(self._on_remote)
        self.case_search.returnPressed.connect(self.search_cases)
        self.case_results.itemActivated.connect(lambda _item: self.add_found_case())
        self.add_case_button.clicked.connect(self.add_found_case)
        self.remove_case_button.clicked.connect(self.remove_selected_case)
        for signal in (self.kind.currentIndexChanged, self.day.dateChanged,
                       self.start.timeChanged, self.end.timeChanged, self.place.textChanged,
                       self.remote.toggled, self.organiser.currentIndexChanged,
                       self.organiser_email.textChanged, self.summary.textChanged):
            signal.connect(lambda *_a: self.sig_changed.emit())
        self.start.timeChanged.connect(lambda *_a: self.errors.clear_field("ends_at"))

    # --- filling ---------------------------------------------------------------------------
    def set_users(self, users: Sequence[UserRef], current: str | None) -> None:
        self.organiser.clear()
        for user in users:
            self.organiser.addItem(user.display_name, user.id)
        select_data(self.organiser, current)

    def set_conference(self, view: ConferenceView) -> None:
        select_data(self.kind, view.kind.value)
        self.day.setValue(view.starts_at.date())
        self.start.setTime(QTime(view.starts_at.hour, view.starts_at.minute))
        self.end.setTime(QTime(view.ends_at.hour, view.ends_at.minute))
        self.remote.setChecked(view.remote)
        self.place.setText("" if view.remote else view.place)
        select_data(self.organiser, view.organiser_user_id)
        self.organiser_email.setText(view.organiser_email)
        self.summary.setPlainText(view.agenda_summary)
        self.set_cases(view.cases)

    def set_cases(self, cases: Sequence[ConferenceCaseView]) -> None:
        self.cases.clear()
        for case in cases:
            self._add_case(case.case_id, case.file_number, case.person_name)

    def set_read_only(self, read_only: bool) -> None:
        for line in (self.place, self.organiser_email, self.case_search):
            line.setReadOnly(read_only)
        self.summary.setReadOnly(read_only)
        for widget in (self.kind, self.day, self.start, self.end, self.remote, self.organiser,
                       self.add_case_button, self.remove_case_button, self.case_results):
            widget.setEnabled(not read_only)

    # --- reading ---------------------------------------------------------------------------
    def day_value(self) -> date:
        value = self.day.value()  # a required field: never empty
        assert value is not None
        return value

    def starts_at(self) -> datetime:
        return datetime.combine(self.day_value(), _py_time(self.start))

    def ends_at(self) -> datetime:
        return datetime.combine(self.day_value(), _py_time(self.end))

    def case_ids(self) -> tuple[str, ...]:
        return tuple(str(self.cases.item(i).data(USER_ROLE)) for i in range(self.cases.count()))

    def file_numbers(self) -> dict[str, str]:
        return {str(self.cases.item(i).data(USER_ROLE)): self.cases.item(i).text().split(" – ")[0]
                for i in range(self.cases.count())}

    # --- cases -----------------------------------------------------------------------------
    def search_cases(self) -> None:
        text = self.case_search.text().strip()
        if not text or self._ctx.session.workspace is None:
            return
        self._search_seq += 1
        seq = self._search_seq
        self._ctx.runner.run(self._ctx.workspace.cases.search, text, 20, owner=self,
                             label="Fälle suchen",
                             on_success=lambda rows: self._on_found(seq, rows))

    def _on_found(self, seq: int, rows: list[CaseListRow]) -> None:
        if seq != self._search_seq:
            return
        self.case_results.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.file_number} – {row.name}", self.case_results)
            item.setData(USER_ROLE, row.id)
        if rows:
            self.case_results.setCurrentRow(0)
            if len(rows) == 1:
                self.add_found_case()
        else:
            QListWidgetItem("Kein Fall gefunden.", self.case_results)

    def add_found_case(self) -> None:
        item = self.case_results.currentItem()
        if item is None or item.data(USER_ROLE) is None or not self.add_case_button.isEnabled():
            return
        number, _sep, name = item.text().partition(" – ")
        self._add_case(str(item.data(USER_ROLE)), number, name)
        self.case_search.clear()
        self.case_results.clear()
        self.errors.clear_field("cases")
        self.sig_changed.emit()

    def _add_case(self, case_id: str, file_number: str, name: str) -> None:
        if case_id in self.case_ids():
            return
        item = QListWidgetItem(f"{file_number} – {name}", self.cases)
        item.setData(USER_ROLE, case_id)

    def remove_selected_case(self) -> None:
        row = self.cases.currentRow()
        if row >= 0:
            self.cases.takeItem(row)
            self.sig_changed.emit()

    def _on_remote(self, remote: bool) -> None:
        self.place.setEnabled(not remote)
        if remote:
            self.errors.clear_field("place")
