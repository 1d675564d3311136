"""The small dialogs of the "Haft" tab: confirm a date ("Bestätigen …": day, source, date of
confirmation; an empty day removes the confirmation) and end the custody ("Haft beendet …").

They only collect the input; the tab runs the service call and, on an input error, shows
the message at the field with ``show_errors`` while the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.custody_models import CustodyDateView
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors


class _FormDialog(QDialog):
    """A dialog with a form, an error summary and OK/Abbrechen; ``sig_submitted`` carries
    the values, the dialog stays open until ``close_ok()``."""

    sig_submitted = Signal(object)

    def __init__(self, title: str, name: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.summary = QLabel(self)
        self.errors = FieldErrors(self.summary, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        self.buttons.accepted.connect(lambda: self.sig_submitted.emit(self.values()))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def values(self) -> object:
        raise NotImplementedError

    def show_errors(self, problems: dict[str, str]) -> None:
        self.errors.show(problems)
        if not any(self.errors.widget(k.split(".", 1)[0]) for k in problems):
            self.summary.setText(" ".join(problems.values()))
            self.summary.show()

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)

    def close_ok(self) -> None:
        self.accept()


class ConfirmDateDialog(_FormDialog):
    """Values: ``(kind, day | None, source, confirmed_on)``."""

    def __init__(self, item: CustodyDateView, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(f"{item.kind.label} bestätigen", "confirmDateDialog", "Übernehmen",
                         parent)
        self.kind = item.kind
        self.form.addRow(QLabel(f"Berechnet: {item.computed.strftime('%d.%m.%Y')}"
                                if item.computed else "Berechnet: –", self))
        self.day = DateEdit(self, optional=True, today=today)
        self.day.setObjectName("confirmDay")
        self.day.setAccessibleName("Bestätigtes Datum")
        self.day.setToolTip("Das von StA oder JVA mitgeteilte Datum; leer entfernt die "
                            "Bestätigung (Strg+Entf)")
        self.day.setValue(item.confirmed or item.computed)
        self.source = QLineEdit(item.confirmed_source, self)
        self.source.setObjectName("confirmSource")
        self.source.setAccessibleName("Quelle")
        self.source.setPlaceholderText("z. B. StA Köln, Schreiben vom 02.03.2026")
        self.source.setMaxLength(200)
        self.confirmed_on = DateEdit(self, today=today)
        self.confirmed_on.setObjectName("confirmOn")
        self.confirmed_on.setAccessibleName("Bestätigt am")
        self.confirmed_on.setValue(item.confirmed_on or today())
        self.errors.add_row(self.form, "Bestätigtes &Datum:", "day", self.day, "Datum")
        self.errors.add_row(self.form, "&Quelle:", "source", self.source, "Quelle")
        self.errors.add_row(self.form, "Bestätigt &am:", "confirmed_on", self.confirmed_on,
                            "Bestätigt am")
        self.source.setFocus()

    def values(self) -> tuple:
        confirmed_on = self.confirmed_on.value()
        return self.kind, self.day.value(), self.source.text(), confirmed_on


class ReleasedDialog(_FormDialog):
    """"Haft beendet …": value ``released_on``."""

    def __init__(self, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__("Haft beendet", "custodyEndDialog", "Haft beenden", parent)
        self.form.addRow(QLabel("Der Haftfall wird abgeschlossen; offene Vorfristen der Haft "
                                "werden entfernt.", self))
        self.released_on = DateEdit(self, today=today)
        self.released_on.setObjectName("releasedOn")
        self.released_on.setAccessibleName("Entlassen am")
        self.errors.add_row(self.form, "&Entlassen am:", "released_on", self.released_on,
                            "Entlassen am")

    def values(self) -> date | None:
        return self.released_on.value()
