"""The vault page's "Benutzer" group: who may unlock the vault, and a form to add someone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Role
from desktop.errors import InvalidInputError, UserFacingError
from desktop.services.read_models import UserRef
from desktop.services.workspace import MIN_PASSPHRASE_LENGTH, Workspace
from desktop.ui.context import AppContext
from desktop.ui.models.user_model import UserModel
from desktop.ui.pages.card import HINT_STYLE, text_label, title_label
from desktop.ui.widgets.combos import EnumCombo
from desktop.ui.widgets.field_errors import FieldErrors
from desktop.ui.widgets.strength_hint import StrengthHint, password_field

OK_STYLE = "color: #1b6e20;"
_RIGHT_TOP = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
MISMATCH = "Die beiden Eingaben stimmen nicht überein."


class UsersBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Benutzer", parent)
        self.setObjectName("usersBox")
        self._ctx = ctx
        self._busy = False
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(
            "Wer diesen Tresor mit eigener Passphrase entsperren darf. Das Protokoll nennt bei "
            "jeder Änderung Benutzer und Rolle.", self, style=HINT_STYLE))
        self.model = UserModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setAccessibleName("Benutzer des Tresors")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.model.modelReset.connect(self._fit_table)
        self._fit_table()
        layout.addWidget(self.table)

        row = QHBoxLayout()
        self.result = text_label("", self, style=OK_STYLE)
        self.result.setObjectName("addUserResult")
        self.result.setVisible(False)
        row.addWidget(self.result, 1)
        self.add_toggle = QPushButton("Benutzer hinzufügen …", self)
        self.add_toggle.setObjectName("addUserToggle")
        self.add_toggle.clicked.connect(self.show_form)
        row.addWidget(self.add_toggle, 0, _RIGHT_TOP)
        layout.addLayout(row)
        self.form_box = self._build_form()
        self.form_box.setVisible(False)
        layout.addWidget(self.form_box)

    def _build_form(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("addUserForm")
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addWidget(title_label("Benutzer hinzufügen", box, size_delta=1))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(box)
        self.name.setObjectName("addUserName")
        self.name.setPlaceholderText("z. B. lleitung")
        self.display_name = QLineEdit(box)
        self.display_name.setObjectName("addUserDisplayName")
        self.display_name.setPlaceholderText("Vor- und Nachname, wie im Protokoll")
        self.role = EnumCombo(Role, box)
        self.role.setObjectName("addUserRole")
        self.passphrase = password_field("addUserPassphrase", box)
        self.passphrase.setPlaceholderText(f"mindestens {MIN_PASSPHRASE_LENGTH} Zeichen")
        self.repeated = password_field("addUserRepeated", box)
        self.repeated.returnPressed.connect(self.submit)
        self.summary = QLabel(box)
        self.summary.setObjectName("addUserSummary")
        self.errors = FieldErrors(self.summary, self)
        self.errors.add_row(form, "Benutzername", "name", self.name, "Benutzername")
        self.errors.add_row(form, "Anzeigename", "display_name", self.display_name,
                            "Anzeigename")
        form.addRow("Rolle", self.role)
        self.errors.add_row(form, "Passphrase", "passphrase", self.passphrase, "Passphrase")
        self.errors.add_row(form, "Wiederholung", "repeated", self.repeated, "Wiederholung")
        self.strength = StrengthHint(box)
        self.passphrase.textChanged.connect(self.strength.set_passphrase)
        form.addRow("Stärke", self.strength)
        outer.addLayout(form)
        outer.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Abbrechen", box)
        self.cancel_button.clicked.connect(self.hide_form)
        self.add_button = QPushButton("Hinzufügen", box)
        self.add_button.setObjectName("addUserButton")
        self.add_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        outer.addLayout(buttons)
        return box

    def _fit_table(self) -> None:
        """As tall as its lines (at least two), so that the page has no empty table area."""
        table = self.table
        rows = max(2, self.model.rowCount())
        height = (table.horizontalHeader().sizeHint().height()
                  + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth())
        table.setFixedHeight(height)

    # --- life cycle -------------------------------------------------------------------------
    def reload(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        self._ctx.runner.run(workspace.partners.users, owner=self, label="Benutzer laden",
                             on_success=lambda users: self._on_users(workspace, users))

    def _on_users(self, workspace: Workspace, users: list[UserRef]) -> None:
        if workspace is self._ctx.session.workspace:
            self.model.set_rows(sorted(users, key=lambda u: u.name.casefold()))

    def clear(self) -> None:
        self.model.clear()
        self.hide_form()
        self.result.clear()
        self.result.setVisible(False)
        self._set_busy(False)

    def show_form(self) -> None:
        self.result.setVisible(False)
        self.form_box.setVisible(True)
        self.add_toggle.setVisible(False)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def hide_form(self) -> None:
        for field in (self.name, self.display_name, self.passphrase, self.repeated):
            field.clear()
        self.role.set_value(Role.CASEWORKER)
        self.errors.clear()
        self.form_box.setVisible(False)
        self.add_toggle.setVisible(True)

    # --- adding -----------------------------------------------------------------------------
    def submit(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None or self._busy:
            return
        name = self.name.text().strip()
        problems = {}
        if name.casefold() in {u.name.casefold() for u in self.model.rows()}:
            problems["name"] = f"Den Benutzernamen „{name}“ gibt es bereits."
        if self.repeated.text() != self.passphrase.text():
            problems["repeated"] = MISMATCH
        if problems:
            self.errors.show(problems)
            return
        self.errors.clear()
        self._set_busy(True)
        display_name = self.display_name.text().strip()
        self._ctx.runner.run(
            workspace.add_user, name, display_name, self.role.value(),
            self.passphrase.text(), owner=self, label="Benutzer hinzufügen",
            on_success=lambda _r: self._on_added(workspace, name, display_name),
            on_error=lambda error: self._on_add_failed(workspace, error))

    def _on_added(self, workspace: Workspace, name: str, display_name: str) -> None:
        if workspace is not self._ctx.session.workspace:
            return
        self._set_busy(False)
        self.hide_form()
        self.result.setText(f"{display_name} ({name}) kann den Tresor jetzt mit der eigenen "
                            "Passphrase entsperren.")
        self.result.setVisible(True)
        self.reload()

    def _on_add_failed(self, workspace: Workspace, error: BaseException) -> None:
        if workspace is not self._ctx.session.workspace:
            return
        self._set_busy(False)
        if isinstance(error, InvalidInputError):
            self.errors.show(error.problems)
        elif isinstance(error, UserFacingError):
            self.errors.show({"form": error.message})
        else:
            self._ctx.errors.show(error, self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.add_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
