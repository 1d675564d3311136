"""The decisions of one agenda item in the conference editor: a table (who, what, by when,
how its measure stands — "erledigt am …") and a form for one decision.

A decision names what was agreed, who carries it out (an RRK colleague, the RRK or a partner
organisation, optionally a named person) and by when. "Beschluss übernehmen" (or Enter in
"Was") checks it at its fields first (``validate_minutes``) and then adds it, or replaces
the selected one. The editor works on the item's list of ``DecisionDraft``s in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.conferences import AgendaItemInput, DecisionInput, validate_minutes
from desktop.domain.enums import MeasureOwner
from desktop.services.read_models import PartnerRef, UserRef
from desktop.ui.models.conference_models import DecisionDraft, DecisionsModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors

NO_OWNER = "— bitte wählen —"


def owner_choice(data: DecisionInput) -> tuple[str, str] | None:
    """The "Wer" combo's item data for ``data``'s owner."""
    if data.owner_user_id:
        return ("user", data.owner_user_id)
    if data.owner_partner_id:
        return ("partner", data.owner_partner_id)
    if data.owner_kind == MeasureOwner.RRK:
        return ("kind", MeasureOwner.RRK.value)
    return None


class DecisionsEditor(QGroupBox):
    """See module docstring. ``sig_changed`` after a decision was added, changed or removed."""

    sig_changed = Signal()

    def __init__(self, day: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Beschlüsse", parent)
        self.setObjectName("decisionsEditor")
        self._day = day
        self._drafts: list[DecisionDraft] | None = None
        self._read_only = False
        self.model = DecisionsModel(self)
        self.view = rows_view(self, self.model, "decisionsView", stretch=DecisionsModel.WHAT,
                              widths={0: 170, 2: 85, 3: 150})
        self.view.setAccessibleName("Beschlüsse des Tagesordnungspunkts")
        self.view.setMinimumHeight(90)
        self.summary = QLabel(self)
        self.errors = FieldErrors(self.summary, self)
        self.text = QLineEdit(self)
        self.text.setObjectName("decisionText")
        self.text.setMaxLength(2000)
        self.text.setPlaceholderText("z. B. Passersatzbeschaffung einleiten")
        self.owner = QComboBox(self)
        self.owner.setObjectName("decisionOwner")
        self.person = QLineEdit(self)
        self.person.setObjectName("decisionPerson")
        self.person.setAccessibleName("Zuständige Person (optional)")
        self.person.setPlaceholderText("Person (optional)")
        self.due = DateEdit(self, optional=True)
        self.due.setObjectName("decisionDue")
        self.apply_button = QPushButton("Beschluss &übernehmen", self)
        self.apply_button.setObjectName("decisionApply")
        self.apply_button.setToolTip("Den Beschluss in die Liste übernehmen (neu oder geändert)")
        self.new_button = QPushButton("Neuer &Beschluss", self)
        self.new_button.setObjectName("decisionNew")
        self.remove_button = QPushButton("Beschluss entfernen", self)
        self.remove_button.setObjectName("decisionRemove")

        form = QFormLayout()
        self.errors.add_row(form, "&Was", "text", self.text, "Beschluss")
        owner_row = QWidget(self)
        owner_layout = QHBoxLayout(owner_row)
        owner_layout.setContentsMargins(0, 0, 0, 0)
        owner_layout.addWidget(self.errors.bind("owner", self.owner, "Wer"), 2)
        owner_layout.addWidget(self.person, 1)
        owner_label = QLabel("W&er", self)
        owner_label.setBuddy(self.owner)
        form.addRow(owner_label, owner_row)
        self.errors.add_row(form, "Bis &wann", "due_date", self.due, "Bis wann")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.new_button, self.remove_button, self.apply_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)

        self.view.selectionModel().selectionChanged.connect(self._on_chosen)
        self.apply_button.clicked.connect(self.apply)
        self.text.returnPressed.connect(self.apply)
        self.new_button.clicked.connect(self.new)
        self.remove_button.clicked.connect(self.remove)
        self.set_owners([], [])
        self.set_drafts(None)

    # --- filling ---------------------------------------------------------------------------
    def set_owners(self, users: Sequence[UserRef], partners: Sequence[PartnerRef]) -> None:
        """The choices for "Wer": RRK colleagues, the RRK, and the partner organisations."""
        self.owner.clear()
        self.owner.addItem(NO_OWNER, None)
        for user in users:
            self.owner.addItem(f"RRK – {user.display_name}", ("user", user.id))
        self.owner.addItem("RRK", ("kind", MeasureOwner.RRK.value))
        for partner in partners:
            self.owner.addItem(partner.label, ("partner", partner.id))

    def set_drafts(self, drafts: list[DecisionDraft] | None) -> None:
        """Edits ``drafts`` (an item's list, changed in place); None: no item chosen."""
        self._drafts = drafts
        self.model.set_rows(drafts or [])
        self._clear_form()
        self.view.setEnabled(drafts is not None)
        self._update()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.text.setReadOnly(read_only)
        self.person.setReadOnly(read_only)
        self._update()

    # --- editing ---------------------------------------------------------------------------
    def selected(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def apply(self) -> None:
        """Checks the form at its fields; adds the decision or replaces the selected one."""
        drafts = self._drafts
        if drafts is None or self._read_only:
            return
        row = self.selected()
        previous = drafts[row] if row >= 0 else None
        data = self._input(previous.data if previous else None)
        prefix = "items.0.decisions.0."
        problems = {k.removeprefix(prefix): v for k, v in validate_minutes(
            [AgendaItemInput("x", decisions=(data,))], self._day()).items()
            if k.startswith(prefix)}
        if problems:
            self.errors.show(problems)
            return
        owner = self.owner.currentText() if self.owner.currentData() else ""
        person = data.owner_name
        label = f"{owner} ({person})" if owner and person else owner or person
        draft = DecisionDraft(data, label, previous.status_text if previous else "")
        if previous is not None:
            drafts[row] = draft
        else:
            drafts.append(draft)
        self.model.set_rows(drafts)
        self._clear_form()
        self.text.setFocus()
        self.sig_changed.emit()

    def new(self) -> None:
        self.view.clearSelection()
        self._clear_form()
        self.text.setFocus()

    def remove(self) -> None:
        drafts, row = self._drafts, self.selected()
        if drafts is None or row < 0 or self._read_only:
            return
        del drafts[row]
        self.model.set_rows(drafts)
        self._clear_form()
        self.sig_changed.emit()

    def show_error(self, row: int, name: str, message: str) -> None:
        """Selects decision ``row`` and marks its field ``name`` (text, owner, due_date)."""
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
        self.errors.show({name: message})

    # --- helpers ---------------------------------------------------------------------------
    def _input(self, previous: DecisionInput | None) -> DecisionInput:
        choice = self.owner.currentData()
        kind, value = choice if isinstance(choice, tuple) else (None, None)
        owner_kind: MeasureOwner | None = None
        if kind == "kind":
            owner_kind = MeasureOwner(value)
        elif (previous is not None and kind is None and previous.owner_kind is not None
              and self.person.text().strip()):
            owner_kind = previous.owner_kind  # a named person of a kept kind
        return DecisionInput(self.text.text().strip(), self.due.value(),
                             id=previous.id if previous else None,
                             owner_partner_id=value if kind == "partner" else None,
                             owner_user_id=value if kind == "user" else None,
                             owner_name=self.person.text().strip(), owner_kind=owner_kind)

    def _on_chosen(self, _s: QItemSelection, _d: QItemSelection) -> None:
        row = self.selected()
        if self._drafts is None or row < 0:
            self._update()
            return
        data = self._drafts[row].data
        self.errors.clear()
        self.text.setText(data.text)
        self.owner.setCurrentIndex(max(0, self.owner.findData(owner_choice(data))))
        self.person.setText(data.owner_name)
        self.due.setValue(data.due_date)
        self._update()

    def _clear_form(self) -> None:
        self.errors.clear()
        self.text.clear()
        self.owner.setCurrentIndex(0)
        self.person.clear()
        self.due.setValue(None)

    def _update(self) -> None:
        editable = self._drafts is not None and not self._read_only
        for widget in (self.owner, self.due, self.apply_button, self.new_button):
            widget.setEnabled(editable)
        self.remove_button.setEnabled(editable and self.selected() >= 0)
