"""The first start, when no vault exists: create one (then show the recovery code once), or open
the demo vault. A page of the main window, not a modal dialog."""

from __future__ import annotations

import getpass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import District
from desktop.errors import InvalidInputError, UserFacingError
from desktop.services.workspace import MIN_PASSPHRASE_LENGTH, Workspace
from desktop.ui.context import AppContext
from desktop.ui.pages.card import ERROR_STYLE, HINT_STYLE, centred_card, text_label, title_label
from desktop.ui.widgets.recovery_code import code_label, code_lines
from desktop.ui.widgets.recovery_sheet_button import RecoverySheetButton
from desktop.ui.widgets.strength_hint import StrengthHint

MISMATCH = "Die beiden Eingaben stimmen nicht überein."


def _default_user_name() -> str:
    try:
        name = getpass.getuser().strip().lower()
    except (OSError, KeyError):
        return ""
    return name if name.isidentifier() else ""


class FirstStartPage(QWidget):
    """Emits ``sig_demo_requested`` for the demo; sets the session's workspace after creating."""

    sig_demo_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstStartPage")
        self._ctx = ctx
        self._workspace: Workspace | None = None
        self._busy = False
        self.pages = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.choice_page = self._build_choice()
        self.form_page = self._build_form()
        self.code_page = self._build_code()
        for page in (self.choice_page, self.form_page, self.code_page):
            self.pages.addWidget(page)

    # --- the three steps --------------------------------------------------------------------
    def _build_choice(self) -> QWidget:
        page = QWidget(self)
        card = centred_card(page, 520)
        card.addWidget(title_label("Willkommen bei Fallakte RRK", page))
        card.addWidget(text_label(
            "Auf diesem Rechner gibt es noch keinen Tresor. Der Tresor ist eine verschlüsselte "
            "Datei, in der Ihre Fallakten liegen; ohne Ihre Passphrase kann niemand sie lesen.",
            page))
        card.addSpacing(8)
        self.create_choice = QPushButton("Neuen Tresor anlegen", page)
        self.create_choice.setObjectName("createVaultChoice")
        self.create_choice.setDefault(True)
        self.create_choice.setMinimumHeight(36)
        self.create_choice.clicked.connect(self.show_form)
        card.addWidget(self.create_choice)
        self.demo_choice = QPushButton("Demo-Tresor öffnen", page)
        self.demo_choice.setObjectName("demoVaultChoice")
        self.demo_choice.setMinimumHeight(36)
        self.demo_choice.clicked.connect(self.sig_demo_requested.emit)
        self.demo_hint = text_label("Zum Ausprobieren und für Schulungen: ein eigener Tresor mit "
                                    "ausschließlich synthetischen Fällen.", page,
                                    style=HINT_STYLE)
        card.addWidget(self.demo_choice)
        card.addWidget(self.demo_hint)
        available = self._ctx.open_demo is not None
        self.demo_choice.setVisible(available)
        self.demo_hint.setVisible(available)
        return page

    def _build_form(self) -> QWidget:
        page = QWidget(self)
        card = centred_card(page, 540)
        card.addWidget(title_label("Neuen Tresor anlegen", page))
        card.addWidget(text_label(
            f"Wählen Sie eine Passphrase mit mindestens {MIN_PASSPHRASE_LENGTH} Zeichen – am "
            "besten einige Wörter, die nur Sie kennen. Sie wird nirgends gespeichert.", page,
            style=HINT_STYLE))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_name = QLineEdit(_default_user_name(), page)
        self.user_name.setObjectName("createUserName")
        self.user_name.setPlaceholderText("z. B. mmustermann")
        form.addRow("Benutzername", self.user_name)
        self.display_name = QLineEdit(page)
        self.display_name.setObjectName("createDisplayName")
        self.display_name.setPlaceholderText("Vor- und Nachname, wie im Protokoll")
        form.addRow("Anzeigename", self.display_name)
        self.district = QComboBox(page)
        self.district.setObjectName("createDistrict")
        for district in District:
            self.district.addItem(district.label, district.value)
        form.addRow("Bezirksregierung", self.district)
        self.passphrase = QLineEdit(page)
        self.passphrase.setObjectName("createPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Passphrase", self.passphrase)
        self.repeated = QLineEdit(page)
        self.repeated.setObjectName("createRepeated")
        self.repeated.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeated.returnPressed.connect(self.submit)
        form.addRow("Wiederholung", self.repeated)
        self.strength = StrengthHint(page)
        self.strength_bar = self.strength.bar
        self.strength_label = self.strength.label
        form.addRow("Stärke", self.strength)
        card.addLayout(form)
        self.form_message = text_label("", page, style=ERROR_STYLE)
        self.form_message.setObjectName("createMessage")
        self.form_message.setVisible(False)
        card.addWidget(self.form_message)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("Zurück", page)
        self.back_button.clicked.connect(self.reset)
        self.create_button = QPushButton("Tresor anlegen", page)
        self.create_button.setObjectName("createVaultButton")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        card.addLayout(buttons)
        self.passphrase.textChanged.connect(self._on_passphrase_changed)
        self.repeated.textChanged.connect(self._on_passphrase_changed)
        self._on_passphrase_changed()
        return page

    def _build_code(self) -> QWidget:
        page = QWidget(self)
        card = centred_card(page, 620)
        card.addWidget(title_label("Wiederherstellungscode – einmalig angezeigt", page,
                                   size_delta=4))
        card.addWidget(text_label(
            "Mit diesem Code lässt sich der Tresor öffnen, wenn die Passphrase vergessen wurde. "
            "Er wird nur jetzt angezeigt und nirgends gespeichert.\n"
            "Bitte ausdrucken oder aufschreiben und der Leitung zur sicheren Verwahrung geben. "
            "Nicht auf diesem Rechner ablegen.", page))
        self.code_label = code_label("recoveryCodeLabel", page)
        card.addWidget(self.code_label)
        self.sheet_button = RecoverySheetButton(self._ctx, page)
        card.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.code_confirm = QCheckBox("Ich habe den Code sicher notiert", page)
        self.code_confirm.setObjectName("codeConfirm")
        self.code_confirm.toggled.connect(self._on_confirm_toggled)
        card.addWidget(self.code_confirm)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.continue_button = QPushButton("Weiter zu den Fällen", page)
        self.continue_button.setObjectName("codeContinue")
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self._on_continue)
        buttons.addWidget(self.continue_button)
        card.addLayout(buttons)
        return page

    # --- flow -------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the choice, every field emptied."""
        for field in (self.display_name, self.passphrase, self.repeated):
            field.clear()
        self._set_message("")
        self.code_label.clear()
        self.sheet_button.clear()
        self.code_confirm.setChecked(False)
        self.pages.setCurrentWidget(self.choice_page)

    def show_form(self) -> None:
        self.pages.setCurrentWidget(self.form_page)
        (self.display_name if self.user_name.text() else self.user_name).setFocus()

    def _on_passphrase_changed(self, *_args: str) -> None:
        text = self.passphrase.text()
        self.strength.set_passphrase(text)
        repeated = self.repeated.text()
        if repeated and not text.startswith(repeated):
            self._set_message(MISMATCH)
        elif self.form_message.text() == MISMATCH:
            self._set_message("")

    def submit(self) -> None:
        if self._busy:
            return
        self._set_message("")
        self._set_busy(True)
        self._ctx.runner.run(
            self._ctx.vault_service.create, owner=self, label="Tresor anlegen",
            user_name=self.user_name.text().strip(),
            display_name=self.display_name.text().strip(),
            passphrase=self.passphrase.text(), repeated=self.repeated.text(),
            district=District(self.district.currentData()),
            on_success=self._on_created, on_error=self._on_create_failed)

    def _on_created(self, result: tuple[Workspace, str]) -> None:
        self._set_busy(False)
        workspace, code = result
        self._workspace = workspace
        self.passphrase.clear()
        self.repeated.clear()
        self.code_label.setText(code_lines(code))
        self.sheet_button.set_code(code, workspace.path.name)
        self.code_confirm.setChecked(False)
        self.pages.setCurrentWidget(self.code_page)

    def _on_create_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, InvalidInputError):
            self._set_message("\n".join(error.problems.values()))
        elif isinstance(error, UserFacingError):
            self._set_message(error.message)
        else:
            self._ctx.errors.show(error, self)

    def _on_confirm_toggled(self, checked: bool) -> None:
        self.continue_button.setEnabled(checked)

    def _on_continue(self) -> None:
        if not self.code_confirm.isChecked() or self._workspace is None:
            return
        workspace, self._workspace = self._workspace, None
        self.reset()
        self._ctx.session.set_workspace(workspace)

    @property
    def pending_workspace(self) -> Workspace | None:
        """The created, still unlocked workspace while its code is shown (closed on quit)."""
        return self._workspace

    def _set_message(self, text: str) -> None:
        self.form_message.setText(text)
        self.form_message.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.create_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        self.create_button.setText("Wird angelegt …" if busy else "Tresor anlegen")
