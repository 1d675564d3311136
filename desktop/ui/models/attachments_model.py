"""Table model of a case's attachments (Anlagen), newest first as the service gives them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.domain.attachments import format_size, media_label
from desktop.services.read_models import AttachmentView
from desktop.ui.models.base import RowsTableModel
from desktop.ui.models.journal_model import first_line, local_time

COLUMNS = ("Name", "Art", "Größe", "Hinzugefügt am", "Von", "Notiz")
SIZE_COLUMN = 2
NOTE_COLUMN = 5


class AttachmentsModel(RowsTableModel[AttachmentView]):
    COLUMNS = COLUMNS
    set_attachments = RowsTableModel.set_rows
    attachment = RowsTableModel.row
    attachments = RowsTableModel.rows

    def row_of(self, attachment_id: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == attachment_id), -1)

    def cell(self, item: AttachmentView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return item.filename
            if column == NOTE_COLUMN and item.note:
                return item.note
            if column == SIZE_COLUMN:
                return f"{item.size:,} Bytes".replace(",", ".")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None

    @staticmethod
    def _display(item: AttachmentView, column: int) -> str:
        if column == 0:
            return item.filename
        if column == 1:
            return media_label(item.media_type)
        if column == SIZE_COLUMN:
            return format_size(item.size)
        if column == 3:
            return local_time(item.added_at).strftime("%d.%m.%Y %H:%M")
        if column == 4:
            return item.added_by
        return first_line(item.note)
