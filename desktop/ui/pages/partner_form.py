"""The form of one partner (Stammdaten of the Netzwerk page): fields bound to the service's
problem keys, German messages at the fields, and whether anything was changed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.domain.enums import District, PartnerKind
from desktop.domain.partners import PARTNER_MAX, PartnerInput
from desktop.services.read_models import PartnerView
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.field_errors import FieldErrors

CHOOSE_KIND = "— bitte wählen —"
NO_DISTRICT = "— keine —"


def line_edit(parent: QWidget, name: str, accessible: str, max_length: int,
              placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    # A little room over the limit, so that the service's message says what is too long.
    edit.setMaxLength(max_length + 50)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class PartnerForm(QWidget):
    """Art, Name, Kurzname, Bezirksregierung, Anschrift, Telefon, E-Mail of a partner."""

    sig_changed = Signal()  # the user edited a field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerForm")
        self.error_summary = QLabel(self)
        self.error_summary.setObjectName("partnerFormErrors")
        self.errors = FieldErrors(self.error_summary, self)
        self._clean: tuple[object, ...] = ()

        self.kind = enum_combo(PartnerKind, self, none_text=CHOOSE_KIND)
        self.kind.setObjectName("partnerKind")
        self.kind.setAccessibleName("Art des Partners")
        self.name = line_edit(self, "partnerName", "Name", PARTNER_MAX["name"],
                              "z. B. Ausländerbehörde Stadt Musterstadt")
        self.short_name = line_edit(self, "partnerShortName", "Kurzname",
                                    PARTNER_MAX["short_name"], "z. B. ABH Musterstadt")
        self.district = enum_combo(District, self, none_text=NO_DISTRICT)
        self.district.setObjectName("partnerDistrict")
        self.district.setAccessibleName("Bezirksregierung")
        self.street = line_edit(self, "partnerStreet", "Straße und Hausnummer",
                                PARTNER_MAX["street"])
        self.postcode = line_edit(self, "partnerPostcode", "Postleitzahl", 5)
        self.postcode.setMaximumWidth(self.postcode.fontMetrics().horizontalAdvance("0") * 8
                                      + 16)
        self.city = line_edit(self, "partnerCity", "Ort", PARTNER_MAX["city"])
        self.phone = line_edit(self, "partnerPhone", "Telefon", PARTNER_MAX["phone"],
                               "z. B. 0211 12345-0")
        self.email = line_edit(self, "partnerEmail", "E-Mail", PARTNER_MAX["email"],
                               "z. B. poststelle@behoerde.de")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add = self.errors.add_row
        add(form, "&Art *", "kind", self.kind, "Art")
        add(form, "&Name *", "name", self.name, "Name")
        add(form, "&Kurzname", "short_name", self.short_name, "Kurzname")
        add(form, "Be&zirksregierung", "district", self.district, "Bezirksregierung")
        add(form, "&Straße", "street", self.street, "Straße")
        add(form, "&PLZ", "postcode", self.postcode, "PLZ")
        add(form, "&Ort", "city", self.city, "Ort")
        add(form, "&Telefon", "phone", self.phone, "Telefon")
        add(form, "&E-Mail", "email", self.email, "E-Mail")
        form.addRow(self.error_summary)

        for edit in self._edits():
            edit.textEdited.connect(self._on_changed)
        self.kind.currentIndexChanged.connect(self._on_changed)
        self.district.currentIndexChanged.connect(self._on_changed)
        self.clear()

    def _edits(self) -> tuple[QLineEdit, ...]:
        return (self.name, self.short_name, self.street, self.postcode, self.city,
                self.phone, self.email)

    # --- values ------------------------------------------------------------------------------
    def partner_input(self) -> PartnerInput:
        return PartnerInput(
            kind=self.kind.value(), name=self.name.text(), short_name=self.short_name.text(),
            district=self.district.value(), street=self.street.text(),
            postcode=self.postcode.text(), city=self.city.text(), phone=self.phone.text(),
            email=self.email.text())

    def set_partner(self, partner: PartnerView) -> None:
        self.errors.clear()
        self._blocked(True)
        self.kind.set_value(partner.kind)
        self.district.set_value(partner.district)
        for edit, value in zip(self._edits(), (partner.name, partner.short_name,
                                               partner.street, partner.postcode, partner.city,
                                               partner.phone, partner.email), strict=True):
            edit.setText(value)
            edit.setCursorPosition(0)
        self._blocked(False)
        self.mark_clean()

    def clear(self, kind: PartnerKind | None = None) -> None:
        """Empties every field (for a new partner, optionally of ``kind``)."""
        self.errors.clear()
        self._blocked(True)
        self.kind.set_value(kind)
        self.district.set_value(None)
        for edit in self._edits():
            edit.clear()
        self._blocked(False)
        self.mark_clean()

    def state(self) -> tuple[object, ...]:
        return (self.kind.currentIndex(), self.district.currentIndex(),
                *(edit.text() for edit in self._edits()))

    def mark_clean(self) -> None:
        self._clean = self.state()

    def is_dirty(self) -> bool:
        return self.state() != self._clean

    def focus_first(self) -> None:
        target = self.name if self.kind.currentIndex() > 0 else self.kind
        target.setFocus()

    def _blocked(self, blocked: bool) -> None:
        for widget in (self.kind, self.district):
            widget.blockSignals(blocked)

    def _on_changed(self, *_args: object) -> None:
        self.sig_changed.emit()
