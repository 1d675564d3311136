"""The vault's users (name, display name, role) as a small table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.services.read_models import UserRef
from desktop.ui.models.base import RowsTableModel


class UserModel(RowsTableModel[UserRef]):
    COLUMNS = ("Benutzername", "Anzeigename", "Rolle")

    def cell(self, item: UserRef, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (item.name, item.display_name, item.role.label)[column]
        return None
