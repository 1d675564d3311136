"""The dialog for a contact person of a partner (new or edited). Opened with ``open()``; saves
through the service on the worker and emits ``sig_saved(PartnerView)``; problems stay at the
fields and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.partners import CONTACT_MAX, ContactInput
from desktop.errors import InvalidInputError, StaleDataError
from desktop.services.read_models import ContactView, PartnerView
from desktop.ui.context import AppContext
from desktop.ui.pages.partner_form import line_edit
from desktop.ui.widgets.field_errors import ERROR_COLOUR, FieldErrors


class ContactDialog(QDialog):
    """See module docstring. ``contact`` None: a new contact person of ``partner``."""

    sig_saved = Signal(object)  # PartnerView

    def __init__(self, ctx: AppContext, partner: PartnerView, contact: ContactView | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactDialog")
        self._ctx = ctx
        self._partner_id = partner.id
        self._contact = contact
        self._busy = False
        verb = "bearbeiten" if contact else "hinzufügen"
        self.setWindowTitle(f"Ansprechperson {verb} – {partner.label}")

        summary = QLabel(self)
        self.errors = FieldErrors(summary, self)
        self.name = line_edit(self, "contactName", "Name der Ansprechperson",
                              CONTACT_MAX["name"], "z. B. Erika Beispiel")
        self.function = line_edit(self, "contactFunction", "Funktion",
                                  CONTACT_MAX["function"], "z. B. Sachgebietsleitung")
        self.phone = line_edit(self, "contactPhone", "Telefon der Ansprechperson",
                               CONTACT_MAX["phone"])
        self.email = line_edit(self, "contactEmail", "E-Mail der Ansprechperson",
                               CONTACT_MAX["email"])
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors.add_row(form, "&Name *", "name", self.name, "Name")
        self.errors.add_row(form, "&Funktion", "function", self.function, "Funktion")
        self.errors.add_row(form, "&Telefon", "phone", self.phone, "Telefon")
        self.errors.add_row(form, "&E-Mail", "email", self.email, "E-Mail")
        self.status = QLabel(self)
        self.status.setObjectName("contactStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Speichern",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("contactSaveButton")
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setToolTip("Abbrechen (Esc)")
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(summary)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        if contact is not None:
            for edit, value in ((self.name, contact.name), (self.function, contact.function),
                                (self.phone, contact.phone), (self.email, contact.email)):
                edit.setText(value)
        self.resize(460, self.sizeHint().height())

    def contact_input(self) -> ContactInput:
        return ContactInput(self.name.text(), self.function.text(), self.phone.text(),
                            self.email.text())

    def _on_save(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.status.clear()
        partners = self._ctx.workspace.partners
        fn: Callable[..., PartnerView]
        args: tuple[Any, ...]
        if self._contact is None:
            fn, args = partners.add_contact, (self._partner_id, self.contact_input())
        else:
            fn, args = partners.update_contact, (self._contact.id, self._contact.version,
                                                 self.contact_input())
        self._set_busy(True)
        self._ctx.runner.run(fn, *args, on_success=self._on_saved, on_error=self._on_error,
                             owner=self, label="Ansprechperson speichern")

    def _on_saved(self, partner: PartnerView) -> None:
        self._set_busy(False)
        self.sig_saved.emit(partner)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, InvalidInputError):
            self.errors.show(error.problems)
        elif isinstance(error, StaleDataError):
            self.status.setText(error.message)
        else:
            self._ctx.errors.show(error, self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
