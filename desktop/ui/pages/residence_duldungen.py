"""The Duldungen of the "Aufenthalt" tab: list (expiry in words and colour) and form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.domain.residence import DuldungInput, DuldungType
from desktop.services.read_models import DuldungView
from desktop.services.residence import ResidenceService
from desktop.ui.models.residence_models import DuldungenModel
from desktop.ui.pages.residence_section import ResidenceSection, line_edit
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.date_edit import DateEdit


class DuldungenSection(ResidenceSection):
    """Duldungen: type, valid from/until, reason, issued by."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Duldungen", DuldungenModel(), "duldungen", "Duldung", parent)
        self.type = enum_combo(DuldungType, self)
        self.type.setObjectName("duldungType")
        for index, member in enumerate(DuldungType):
            self.type.setItemData(index, member.description, Qt.ItemDataRole.ToolTipRole)
        self.valid_from = DateEdit(self)
        self.valid_from.setObjectName("duldungFrom")
        self.valid_until = DateEdit(self, optional=True)
        self.valid_until.setObjectName("duldungUntil")
        self.reason = line_edit(self, "duldungReason", 2000, "z. B. Passlosigkeit")
        self.issued_by = line_edit(self, "duldungIssuedBy", 200, "z. B. ABH Stadt Köln")
        self.field("&Art", "type", self.type, "Art")
        self.field("Gültig a&b", "valid_from", self.valid_from, "Gültig ab")
        self.field("Gültig b&is", "valid_until", self.valid_until, "Gültig bis")
        self.field("&Grund", "reason", self.reason, "Grund")
        self.field("Ausgestellt &von", "issued_by", self.issued_by, "Ausgestellt von")
        self.finish_form()

    def read(self) -> DuldungInput:
        return DuldungInput(self.type.value(), self.valid_from.value(),
                            self.valid_until.value(), self.reason.text(),
                            self.issued_by.text())

    def input_of(self, item: DuldungView) -> DuldungInput:
        return DuldungInput(item.type, item.valid_from, item.valid_until, item.reason,
                            item.issued_by)

    def fill(self, data: DuldungInput) -> None:
        self.type.set_value(data.type)
        if data.valid_from is None:
            self.valid_from.clear_value()
        else:
            self.valid_from.setValue(data.valid_from)
        self.valid_until.setValue(data.valid_until)
        self.reason.setText(data.reason)
        self.issued_by.setText(data.issued_by)

    def reset(self) -> None:
        self.type.setCurrentIndex(0)
        self.valid_from.clear_value()
        self.valid_until.setValue(None)
        self.reason.setText("")
        self.issued_by.setText("")

    def describe(self, item: DuldungView) -> str:
        return f"{item.type.label}, {self.model.display(item, 1)} – " \
               f"{self.model.display(item, 2) or 'offen'}"

    def has_text(self) -> bool:
        return any(edit.text().strip() for edit in (self.reason, self.issued_by))

    def add_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.add_duldung

    def update_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.update_duldung

    def delete_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.delete_duldung
