"""The fields of a letter in the compose dialog: recipient (from the partner directory, address
lines editable), Ihr Zeichen, Betreff, Textbausteine to insert, the body (paragraphs separated
by blank lines), Anlagen and the reply deadline. ``edit()`` gives the ``LetterEdit``."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.letters import Recipient, TextModule
from desktop.services.letter_models import LetterEdit, LetterView
from desktop.services.read_models import PartnerRef, PartnerView
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors

NO_PARTNER = "– Anschrift von Hand –"
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by one or more blank lines; empty ones are dropped."""
    return tuple(p.strip() for p in _BLANK_LINES.split(text.replace("\r\n", "\n"))
                 if p.strip())


def _line(parent: QWidget, name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    return edit


class LetterForm(QWidget):
    """See module docstring. ``sig_changed`` on every edit; ``sig_partner_chosen(id)`` asks
    the dialog to load a partner's address (``set_partner_address``)."""

    sig_changed = Signal()
    sig_partner_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterForm")
        self._filling = False
        self.summary = QLabel(self)
        self.summary.setObjectName("letterErrors")
        self.errors = FieldErrors(self.summary, self)

        recipient_box = QGroupBox("Empfänger", self)
        recipient_form = QFormLayout(recipient_box)
        self.partner = QComboBox(recipient_box)
        self.partner.setObjectName("letterPartner")
        self.partner.setAccessibleName("Empfänger aus dem Netzwerk")
        self.partner.setToolTip("Empfänger aus dem Partnerverzeichnis wählen; die Anschrift "
                                "wird übernommen und lässt sich unten ändern.")
        self.partner.addItem(NO_PARTNER, None)
        self.name = _line(recipient_box, "letterRecipientName", "Empfänger: Name")
        self.department = _line(recipient_box, "letterRecipientDepartment",
                                "Empfänger: Abteilung oder z. Hd.")
        self.street = _line(recipient_box, "letterRecipientStreet", "Empfänger: Straße")
        self.postcode = _line(recipient_box, "letterRecipientPostcode",
                              "Empfänger: Postleitzahl")
        self.postcode.setMaxLength(10)
        self.city = _line(recipient_box, "letterRecipientCity", "Empfänger: Ort")
        place = QHBoxLayout()
        place.addWidget(self.postcode, 1)
        place.addWidget(self.city, 3)
        partner_label = QLabel("&Netzwerk:", recipient_box)
        partner_label.setBuddy(self.partner)
        recipient_form.addRow(partner_label, self.partner)
        self.errors.add_row(recipient_form, "&Name:", "recipient", self.name, "Empfänger")
        recipient_form.addRow("Abteilung / z. Hd.:", self.department)
        recipient_form.addRow("Straße:", self.street)
        recipient_form.addRow("PLZ, Ort:", place)

        text_box = QWidget(self)
        form = QFormLayout(text_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.their_reference = _line(text_box, "letterTheirReference", "Ihr Zeichen")
        self.subject = _line(text_box, "letterSubject", "Betreff")
        self.deadline = DateEdit(text_box, optional=True)
        self.deadline.setObjectName("letterDeadline")
        self.deadline.setAccessibleName("Antwort bis")
        self.errors.add_row(form, "Ihr &Zeichen:", "their_reference", self.their_reference,
                            "Ihr Zeichen")
        self.errors.add_row(form, "&Betreff:", "subject", self.subject, "Betreff")
        self.errors.add_row(form, "Antwort &bis:", "reply_deadline", self.deadline,
                            "Antwort bis")

        modules_box = QGroupBox("Textbausteine", self)
        self.modules = QListWidget(modules_box)
        self.modules.setObjectName("letterModules")
        self.modules.setAccessibleName("Textbausteine")
        self.modules.setToolTip("Enter fügt den Baustein an der Schreibmarke ein")
        self.modules.setMaximumHeight(110)
        self.modules.itemActivated.connect(lambda _item: self.insert_module())
        self.insert_button = QPushButton("An der &Schreibmarke einfügen", modules_box)
        self.insert_button.setObjectName("letterInsertModule")
        self.insert_button.clicked.connect(self.insert_module)
        self.append_button = QPushButton("Als &Absatz anfügen", modules_box)
        self.append_button.setObjectName("letterAppendModule")
        self.append_button.clicked.connect(self.append_module)
        module_buttons = QHBoxLayout()
        module_buttons.addWidget(self.insert_button)
        module_buttons.addWidget(self.append_button)
        module_buttons.addStretch(1)
        modules_layout = QVBoxLayout(modules_box)
        modules_layout.addWidget(self.modules)
        modules_layout.addLayout(module_buttons)

        body_box = QWidget(self)
        # A grid, not a form: the text takes every spare pixel (a form would leave gaps).
        body_grid = QGridLayout(body_box)
        body_grid.setContentsMargins(0, 0, 0, 0)
        self.body = QPlainTextEdit(body_box)
        self.body.setObjectName("letterBody")
        self.body.setAccessibleName("Text des Schreibens")
        self.body.setToolTip("Absätze durch eine Leerzeile trennen. Platzhalter wie "
                             "{person.name} werden beim Abschließen gefüllt.")
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(180)
        self.enclosures = QPlainTextEdit(body_box)
        self.enclosures.setObjectName("letterEnclosures")
        self.enclosures.setAccessibleName("Anlagen, eine je Zeile")
        self.enclosures.setTabChangesFocus(True)
        self.enclosures.setFixedHeight(self.enclosures.fontMetrics().lineSpacing() * 3 + 12)
        for row, (caption, name, field, title) in enumerate((
                ("&Text:", "paragraphs", self.body, "Text"),
                ("An&lagen:", "enclosures", self.enclosures, "Anlagen"))):
            label = QLabel(caption, body_box)
            label.setBuddy(field)
            body_grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            body_grid.addWidget(self.errors.bind(name, field, title), row, 1)
        body_grid.setRowStretch(0, 1)
        body_grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (recipient_box, text_box, modules_box):
            layout.addWidget(widget)
        layout.addWidget(body_box, 1)
        layout.addWidget(self.summary)

        for edit in (self.name, self.department, self.street, self.postcode, self.city,
                     self.their_reference, self.subject):
            edit.textChanged.connect(self._on_changed)
        for text in (self.body, self.enclosures):
            text.textChanged.connect(self._on_changed)
        self.deadline.sig_changed.connect(self._on_changed)
        self.partner.activated.connect(self._on_partner_activated)
        insert_key = QShortcut(QKeySequence("Ctrl+I"), self)
        insert_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        insert_key.activated.connect(self.insert_module)

    # --- filling ---------------------------------------------------------------------------
    def set_partners(self, partners: list[PartnerRef], current: str | None) -> None:
        self._filling = True
        self.partner.clear()
        self.partner.addItem(NO_PARTNER, None)
        for partner in partners:
            self.partner.addItem(partner.label, partner.id)
            self.partner.setItemData(self.partner.count() - 1, partner.name,
                                     Qt.ItemDataRole.ToolTipRole)
        index = self.partner.findData(current) if current else 0
        self.partner.setCurrentIndex(max(index, 0))
        self._filling = False

    def set_modules(self, modules: list[TextModule]) -> None:
        self.modules.clear()
        for module in modules:
            item = QListWidgetItem(module.title, self.modules)
            item.setData(Qt.ItemDataRole.UserRole, module.body)
            item.setToolTip(module.body)
        if self.modules.count():
            self.modules.setCurrentRow(0)

    def set_letter(self, letter: LetterView) -> None:
        """Fills every field from ``letter`` (no change signal)."""
        self._filling = True
        recipient = letter.recipient
        for edit, value in ((self.name, recipient.name), (self.department, recipient.department),
                            (self.street, recipient.street), (self.postcode, recipient.postcode),
                            (self.city, recipient.city),
                            (self.their_reference, letter.their_reference),
                            (self.subject, letter.subject)):
            edit.setText(value)
        index = self.partner.findData(letter.recipient_partner_id)
        self.partner.setCurrentIndex(max(index, 0))
        self.body.setPlainText("\n\n".join(letter.paragraphs))
        self.enclosures.setPlainText("\n".join(letter.enclosures))
        self.deadline.setValue(letter.reply_deadline)
        self._filling = False
        self.errors.clear()

    def set_partner_address(self, partner: PartnerView) -> None:
        """Takes name and address of ``partner`` into the address lines."""
        self.name.setText(partner.name)
        self.street.setText(partner.street)
        self.postcode.setText(partner.postcode)
        self.city.setText(partner.city)
        self.department.clear()
        self._on_changed()

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.name, self.department, self.street, self.postcode, self.city,
                     self.their_reference, self.subject):
            edit.setReadOnly(read_only)
        self.body.setReadOnly(read_only)
        self.enclosures.setReadOnly(read_only)
        for widget in (self.partner, self.deadline, self.insert_button, self.append_button,
                       self.modules):
            widget.setEnabled(not read_only)

    # --- reading ---------------------------------------------------------------------------
    def edit(self) -> LetterEdit:
        partner_id = self.partner.currentData()
        return LetterEdit(
            recipient=Recipient(self.name.text().strip(), self.department.text().strip(),
                                self.street.text().strip(), self.postcode.text().strip(),
                                self.city.text().strip()),
            recipient_partner_id=partner_id if isinstance(partner_id, str) else None,
            their_reference=self.their_reference.text().strip(),
            subject=self.subject.text().strip(),
            paragraphs=split_paragraphs(self.body.toPlainText()),
            enclosures=tuple(line.strip() for line in self.enclosures.toPlainText().splitlines()
                             if line.strip()),
            reply_deadline=self.deadline.value())

    # --- text modules ----------------------------------------------------------------------
    def _module_text(self) -> str | None:
        item = self.modules.currentItem()
        text = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return text if isinstance(text, str) else None

    def insert_module(self) -> None:
        """Inserts the chosen Textbaustein at the cursor of the body (Strg+I)."""
        text = self._module_text()
        if text is None or self.body.isReadOnly():
            return
        self.body.insertPlainText(text)
        self.body.setFocus()

    def append_module(self) -> None:
        """Appends the chosen Textbaustein as a paragraph of its own."""
        text = self._module_text()
        if text is None or self.body.isReadOnly():
            return
        current = self.body.toPlainText().rstrip()
        self.body.setPlainText(f"{current}\n\n{text}" if current else text)
        cursor = self.body.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.body.setTextCursor(cursor)
        self.body.setFocus()

    # --- slots -----------------------------------------------------------------------------
    def _on_changed(self, *_args: object) -> None:
        if not self._filling:
            self.sig_changed.emit()

    def _on_partner_activated(self, index: int) -> None:
        partner_id = self.partner.itemData(index)
        if isinstance(partner_id, str):
            self.sig_partner_chosen.emit(partner_id)
        else:
            self._on_changed()
