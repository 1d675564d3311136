"""The file numbers of other authorities in the "Aufenthalt" tab: list and form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.domain.residence import ReferenceInput, ReferenceKind
from desktop.services.read_models import ExternalReferenceView
from desktop.services.residence import ResidenceService
from desktop.ui.models.residence_models import ReferencesModel
from desktop.ui.pages.residence_section import ResidenceSection, line_edit
from desktop.ui.widgets.combos import enum_combo


class ReferencesSection(ResidenceSection):
    """External file numbers: authority kind, file number, office."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Aktenzeichen anderer Behörden", ReferencesModel(), "references",
                         "Aktenzeichen", parent)
        self.kind = enum_combo(ReferenceKind, self)
        self.kind.setObjectName("referenceKind")
        self.value = line_edit(self, "referenceValue", 100, "z. B. ABH-123/45")
        self.authority = line_edit(self, "referenceAuthority", 200, "z. B. Stadt Köln, Amt 32")
        self.field("Be&hörde", "kind", self.kind, "Behörde")
        self.field("A&ktenzeichen", "value", self.value, "Aktenzeichen")
        self.field("S&telle", "authority", self.authority, "Stelle")
        self.finish_form()

    def read(self) -> ReferenceInput:
        return ReferenceInput(self.kind.value(), self.value.text(), self.authority.text())

    def input_of(self, item: ExternalReferenceView) -> ReferenceInput:
        return ReferenceInput(item.kind, item.value, item.authority)

    def fill(self, data: ReferenceInput) -> None:
        self.kind.set_value(data.kind)
        self.value.setText(data.value)
        self.authority.setText(data.authority)

    def reset(self) -> None:
        self.fill(ReferenceInput(self.kind.member_at(0), ""))

    def describe(self, item: ExternalReferenceView) -> str:
        return f"{item.kind.label}: {item.value}"

    def has_text(self) -> bool:
        return any(edit.text().strip() for edit in (self.value, self.authority))

    def add_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.add_reference

    def update_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.update_reference

    def delete_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.delete_reference
