"""The identity documents and passport status in the "Aufenthalt" tab: list and form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.domain.residence import DocumentKind, IdentityDocumentInput, PassportStatus
from desktop.services.read_models import IdentityDocumentView
from desktop.services.residence import ResidenceService
from desktop.ui.models.residence_models import DocumentsModel
from desktop.ui.pages.residence_section import ResidenceSection, line_edit
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.date_edit import DateEdit


class DocumentsSection(ResidenceSection):
    """Identity documents of the case's person: kind, passport status, number, country,
    valid until."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Ausweisdokumente und Passstatus", DocumentsModel(), "documents",
                         "Dokument", parent)
        self.kind = enum_combo(DocumentKind, self)
        self.kind.setObjectName("documentKind")
        self.status = enum_combo(PassportStatus, self)
        self.status.setObjectName("documentStatus")
        self.number = line_edit(self, "documentNumber", 50)
        self.country = line_edit(self, "documentCountry", 2, "ISO-Code, z. B. TR")
        self.valid_until = DateEdit(self, optional=True)
        self.valid_until.setObjectName("documentUntil")
        self.field("&Dokument", "kind", self.kind, "Dokument")
        self.field("&Passstatus", "status", self.status, "Passstatus")
        self.field("&Nummer", "number", self.number, "Nummer")
        self.field("Ausstellender Sta&at", "issuing_country", self.country, "Staat")
        self.field("Gültig bis", "valid_until", self.valid_until, "Gültig bis")
        self.finish_form()

    def read(self) -> IdentityDocumentInput:
        return IdentityDocumentInput(self.kind.value(), self.status.value(),
                                     self.number.text(), self.country.text(),
                                     self.valid_until.value())

    def input_of(self, item: IdentityDocumentView) -> IdentityDocumentInput:
        return IdentityDocumentInput(item.kind, item.status, item.number, item.issuing_country,
                                     item.valid_until)

    def fill(self, data: IdentityDocumentInput) -> None:
        self.kind.set_value(data.kind)
        self.status.set_value(data.status)
        self.number.setText(data.number)
        self.country.setText(data.issuing_country)
        self.valid_until.setValue(data.valid_until)

    def reset(self) -> None:
        self.fill(IdentityDocumentInput(self.kind.member_at(0), self.status.member_at(0)))

    def describe(self, item: IdentityDocumentView) -> str:
        return f"{item.kind.label}, {item.status.label}"

    def has_text(self) -> bool:
        return any(edit.text().strip() for edit in (self.number, self.country))

    def add_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.add_document

    def update_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.update_document

    def delete_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.delete_document
