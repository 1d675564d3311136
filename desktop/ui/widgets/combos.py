"""Small helpers for combo boxes over German-labelled enums and partner lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.domain.enums import LabelledEnum
from desktop.services.read_models import PartnerRef

OPEN_CHOICE = "— noch offen —"


class EnumCombo(QComboBox):
    """A combo over enum members shown by their German labels.

    Qt turns a ``StrEnum`` stored as item data into a plain ``str``; ``value()`` gives the
    member back (or ``None`` for the optional "none" entry).
    """

    def __init__(self, members: Iterable[LabelledEnum], parent: QWidget | None = None, *,
                 none_text: str | None = None) -> None:
        super().__init__(parent)
        self._members: list[LabelledEnum | None] = []
        if none_text is not None:
            self.addItem(none_text)
            self._members.append(None)
        for member in members:
            self.addItem(member.label, member.value)
            self._members.append(member)

    def value(self) -> Any:
        index = self.currentIndex()
        return self._members[index] if 0 <= index < len(self._members) else None

    def member_at(self, index: int) -> Any:
        return self._members[index] if 0 <= index < len(self._members) else None

    def set_value(self, member: LabelledEnum | None) -> bool:
        """Selects ``member``; False if it is not offered."""
        if member not in self._members:
            return False
        self.setCurrentIndex(self._members.index(member))
        return True

    def members(self) -> list[LabelledEnum]:
        return [m for m in self._members if m is not None]


def enum_combo(members: Iterable[LabelledEnum], parent: QWidget | None = None, *,
               none_text: str | None = None) -> EnumCombo:
    """An ``EnumCombo`` with the German labels of ``members``."""
    return EnumCombo(members, parent, none_text=none_text)


def select_data(combo: QComboBox, value: Any) -> bool:
    """Selects the item whose data equals ``value``; False if there is none."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return True
    return False


class PartnerCombo(QComboBox):
    """Partner choice with "— noch offen —"; keeps the choice across a reload of the list."""

    def __init__(self, parent: QWidget | None = None, none_text: str = OPEN_CHOICE) -> None:
        super().__init__(parent)
        self._none_text = none_text
        self._partners: dict[str, PartnerRef] = {}
        self.addItem(none_text, None)

    def set_partners(self, partners: Iterable[PartnerRef]) -> None:
        current = self.current_id()
        self.blockSignals(True)
        self.clear()
        self._partners = {}
        self.addItem(self._none_text, None)
        for partner in sorted(partners, key=lambda p: p.label.casefold()):
            self._add(partner)
        self.blockSignals(False)
        self.set_current(current)

    def current_id(self) -> str | None:
        return self.currentData()

    def set_current(self, partner: PartnerRef | str | None) -> None:
        """Selects a partner by id; an unknown ``PartnerRef`` is added (a deleted partner)."""
        if isinstance(partner, PartnerRef):
            if partner.id not in self._partners:
                self._add(partner)
            partner = partner.id
        if not select_data(self, partner):
            self.setCurrentIndex(0)

    def _add(self, partner: PartnerRef) -> None:
        self._partners[partner.id] = partner
        self.addItem(partner.label, partner.id)
        self.setItemData(self.count() - 1, partner.name, Qt.ItemDataRole.ToolTipRole)
