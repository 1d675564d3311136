"""A line edit for partially known dates (``00.00.1990``) with feedback while typing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.domain.dates import PartialDate
from desktop.ui.widgets.field_errors import clear_invalid, mark_invalid

PLACEHOLDER = "TT.MM.JJJJ (unbekannt: 00)"
HINT = ("Datum als TT.MM.JJJJ; unbekannte Teile als 00, z. B. 00.00.1990 oder 00.05.1990. "
        "Auch nur das Jahr (1990) oder Monat und Jahr (05.1990) genügen.")


class PartialDateEdit(QLineEdit):
    """``value()`` is a ``PartialDate`` or ``None`` when empty; bad input gets a red border
    and the German reason as tooltip once the user leaves the field."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(PLACEHOLDER)
        self.setToolTip(HINT)
        self.setMaxLength(20)
        self._error: str | None = None
        self.textChanged.connect(self._on_text_changed)
        self.editingFinished.connect(self._on_editing_finished)

    def value(self) -> PartialDate | None:
        """The date, ``None`` when empty; raises ``ValueError`` (German) when unreadable."""
        text = self.text().strip()
        if not text:
            return None
        return PartialDate.parse(text)

    def setValue(self, value: PartialDate | None) -> None:
        self.setText(value.format() if value is not None else "")
        self._show_state()

    def error(self) -> str | None:
        """The German reason why the text is not a date, or ``None``."""
        try:
            self.value()
        except ValueError as error:
            return str(error)
        return None

    def is_valid(self) -> bool:
        return self.error() is None

    def _on_text_changed(self, _text: str) -> None:
        # While typing only take a red mark away; a new one comes when the field is left.
        if self._error is not None and self.is_valid():
            self._set_error(None)
        self.sig_changed.emit()

    def _on_editing_finished(self) -> None:
        if self.is_valid():
            value = self.value()
            if value is not None and self.text() != value.format():
                self.setText(value.format())  # 5.1990 → 00.05.1990: show what is understood
        self._show_state()

    def _show_state(self) -> None:
        self._set_error(self.error())

    def _set_error(self, message: str | None) -> None:
        self._error = message
        if message is None:
            clear_invalid(self)
        else:
            mark_invalid(self, message)
