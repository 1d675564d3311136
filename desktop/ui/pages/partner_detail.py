"""The right half of the "Netzwerk" page: the selected (or a new) partner in its form, saving
and deleting it, and its contact persons with add/edit/remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import PartnerKind
from desktop.errors import InvalidInputError, StaleDataError
from desktop.services.read_models import ContactView, PartnerView
from desktop.ui.context import AppContext
from desktop.ui.dialogs.contact_dialog import ContactDialog
from desktop.ui.models.partner_model import ContactTableModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.pages.partner_form import PartnerForm
from desktop.ui.widgets.field_errors import ERROR_COLOUR
from desktop.ui.widgets.question_box import question_box

NO_PARTNER = "Links einen Partner wählen oder mit „Neuer Partner …“ einen anlegen."
CREATED = "Der Partner wurde angelegt."
SAVED = "Gespeichert."


def shortcut(keys: str, widget: QWidget, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut) -> None:
    """``keys`` call ``slot`` while ``widget`` (or, by ``context``, a child) has the focus."""
    item = QShortcut(QKeySequence(keys), widget)
    item.setContext(context)
    item.activated.connect(slot)


class Popups:
    """The non-modal boxes and dialogs a page has open, to close them all on lock."""

    def __init__(self) -> None:
        self.open: list[QDialog] = []

    def show(self, popup: QDialog) -> None:
        self.open.append(popup)
        popup.finished.connect(lambda *_a, p=popup: self.forget(p))
        popup.open()

    def forget(self, popup: QDialog) -> None:
        if popup in self.open:
            self.open.remove(popup)

    def close_all(self) -> None:
        for popup in list(self.open):
            popup.close()

    def __bool__(self) -> bool:
        return bool(self.open)


class PartnerDetail(QStackedWidget):
    """A hint while no partner is chosen; else the form, its buttons and the contacts.

    Emits ``sig_saved(PartnerView)`` after the partner or one of its contacts was saved and
    ``sig_deleted(str)`` after the partner was deleted.
    """

    sig_saved = Signal(object)  # PartnerView
    sig_deleted = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerDetail")
        self._ctx = ctx
        self._busy = False
        self._current: PartnerView | None = None  # None: a new partner (while editing)
        self._editing = False  # the form shows a partner or a new one
        self.popups = Popups()

        self.title = QLabel(self)
        self.title.setObjectName("partnerTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.form = PartnerForm(self)
        self.status = QLabel(self)
        self.status.setObjectName("partnerStatus")
        self.status.setWordWrap(True)
        self.save_button = self._button("Speichern", "savePartnerButton", self,
                                        "Speichern (Strg+S)")
        self.revert_button = self._button("Verwerfen", "revertPartnerButton", self)
        self.delete_button = self._button("Löschen …", "deletePartnerButton", self,
                                          "Den Partner aus dem Verzeichnis löschen (Entf in "
                                          "der Liste)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        box = QGroupBox("Ansprechpersonen", self)
        self.contacts_model = ContactTableModel(self)
        self.contacts = rows_view(box, self.contacts_model, "contactTable", stretch=3,
                                  widths={0: 140, 1: 170, 2: 110})
        self.contacts.verticalHeader().setDefaultSectionSize(
            self.contacts.fontMetrics().height() + 8)
        self.contacts.setAccessibleName("Ansprechpersonen")
        self.contacts.setTabKeyNavigation(False)  # Tab leaves the table
        self.contacts.setMinimumHeight(120)
        self.contacts_hint = QLabel("Ansprechpersonen lassen sich nach dem ersten Speichern "
                                    "ergänzen.", box)
        self.contacts_hint.setWordWrap(True)
        self.add_contact_button = self._button("Hinzufügen …", "addContactButton", box,
                                               accessible="Ansprechperson hinzufügen")
        self.edit_contact_button = self._button("Bearbeiten …", "editContactButton", box,
                                                accessible="Ansprechperson bearbeiten")
        self.remove_contact_button = self._button("Entfernen …", "removeContactButton", box,
                                                  accessible="Ansprechperson entfernen")
        contact_buttons = QHBoxLayout()
        for button in (self.add_contact_button, self.edit_contact_button,
                       self.remove_contact_button):
            contact_buttons.addWidget(button)
        contact_buttons.addStretch(1)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.contacts, 1)
        box_layout.addWidget(self.contacts_hint)
        box_layout.addLayout(contact_buttons)

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(8, 0, 4, 0)
        body_layout.addWidget(self.title)
        body_layout.addWidget(self.form)
        body_layout.addWidget(self.status)
        body_layout.addLayout(buttons)
        body_layout.addSpacing(8)
        body_layout.addWidget(box, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        scroll.setWidget(body)
        self.placeholder = QLabel(NO_PARTNER, self)
        self.placeholder.setObjectName("partnerPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(placeholder-text);")
        self.addWidget(self.placeholder)
        self.addWidget(scroll)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.ask_delete)
        self.form.sig_changed.connect(self._update_actions)
        self.contacts.selectionModel().selectionChanged.connect(self._update_actions)
        self.contacts.activated.connect(lambda _index: self.edit_contact())
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.remove_contact_button.clicked.connect(self.ask_remove_contact)
        shortcut("Ctrl+S", body, self.save, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut("Delete", self.contacts, self.ask_remove_contact)
        self.show_partner(None, editing=False)

    @staticmethod
    def _button(text: str, name: str, parent: QWidget, tooltip: str = "",
                accessible: str = "") -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        if tooltip:
            button.setToolTip(tooltip)
        if accessible:
            button.setAccessibleName(accessible)
        return button

    # --- state --------------------------------------------------------------------------------
    @property
    def current(self) -> PartnerView | None:
        """The partner in the form (None while nothing is chosen or a new one is typed)."""
        return self._current

    @property
    def editing(self) -> bool:
        return self._editing

    def has_unsaved_changes(self) -> bool:
        return self._editing and self.form.is_dirty()

    def show_partner(self, partner: PartnerView | None, *, editing: bool = True) -> None:
        """Shows ``partner`` in the form (None and ``editing``: an empty form for a new one;
        not ``editing``: the hint)."""
        self._current = partner
        self._editing = editing
        self.status.clear()
        self.contacts_model.set_rows(partner.contacts if partner else ())
        if not editing:
            self.setCurrentIndex(0)
            self.form.clear()
        else:
            self.setCurrentIndex(1)
            self.title.setText(partner.name if partner else "Neuer Partner")
            if partner is None:
                self.form.clear()
            else:
                self.form.set_partner(partner)
        self.contacts.setVisible(partner is not None)
        self.contacts_hint.setVisible(partner is None)
        self._update_actions()

    def new(self, kind: PartnerKind | None = None) -> None:
        """An empty form for a new partner (of ``kind``), focused."""
        self.show_partner(None)
        self.form.clear(kind)
        self.form.focus_first()

    def clear(self) -> None:
        """On lock: closes its dialogs and forgets the partner."""
        self.popups.close_all()
        self._busy = False
        self.show_partner(None, editing=False)

    def set_status(self, text: str, *, error: bool = True) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")

    # --- the partner --------------------------------------------------------------------------
    def save(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None or self._busy or not self._editing:
            return
        self.form.errors.clear()
        self.set_status("")
        data = self.form.partner_input()
        current = self._current
        fn: Callable[..., PartnerView]
        args: tuple[Any, ...]
        if current is None:
            fn, args, message = workspace.partners.create, (data,), CREATED
        else:
            fn, args, message = (workspace.partners.update,
                                 (current.id, current.version, data), SAVED)
        self._run(fn, *args, label="Partner speichern",
                  done=lambda view: self._on_saved(view, message))

    def _on_saved(self, view: PartnerView, message: str) -> None:
        self.show_partner(view)
        self.set_status(message, error=False)
        self.sig_saved.emit(view)

    def revert(self) -> None:
        """Drops the edits: shows the partner as saved now (read again; someone may have
        changed it meanwhile), or the hint instead of a new one."""
        current = self._current
        if current is None:
            self.show_partner(None, editing=False)
            return
        self.show_partner(current)
        self._run(self._ctx.workspace.partners.get, current.id, label="Partner laden",
                  done=self._on_fresh)

    def _on_fresh(self, view: PartnerView) -> None:
        if self._current is not None and self._current.id == view.id and view != self._current \
                and not self.form.is_dirty():
            self.show_partner(view)
            self.sig_saved.emit(view)

    def ask_delete(self) -> None:
        partner = self._current
        if partner is None or self._busy or self.popups:
            return

        def answered(_box: QMessageBox, yes: bool) -> None:
            if yes and self._current is not None and self._current.id == partner.id:
                self._run(self._ctx.workspace.partners.delete, partner.id, partner.version,
                          label="Partner löschen", done=lambda _none: self._on_deleted(partner))

        self.popups.show(question_box(
            self, QMessageBox.Icon.Warning, "Partner löschen",
            f"„{partner.name}“ aus dem Verzeichnis löschen?\nDer Eintrag wird als gelöscht "
            "markiert; Fälle, die ihn nennen, behalten den Namen.", name="deletePartnerBox",
            yes="Löschen", yes_role=QMessageBox.ButtonRole.DestructiveRole, no="Abbrechen",
            default_yes=False, on_answer=answered))

    def _on_deleted(self, partner: PartnerView) -> None:
        self.show_partner(None, editing=False)
        self.sig_deleted.emit(partner.id)

    # --- contacts -----------------------------------------------------------------------------
    def selected_contact(self) -> ContactView | None:
        rows = self.contacts.selectionModel().selectedRows()
        return self.contacts_model.row(rows[0].row()) if rows else None

    def add_contact(self) -> None:
        self._open_contact(None)

    def edit_contact(self) -> None:
        contact = self.selected_contact()
        if contact is not None:
            self._open_contact(contact)

    def _open_contact(self, contact: ContactView | None) -> None:
        partner = self._current
        if partner is None or self._busy or self.popups:
            return
        dialog = ContactDialog(self._ctx, partner, contact, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_saved.connect(self._on_contacts_changed)
        self.popups.show(dialog)

    def ask_remove_contact(self) -> None:
        contact = self.selected_contact()
        if contact is None or self._busy or self.popups:
            return

        def answered(_box: QMessageBox, yes: bool) -> None:
            if yes:
                self._run(self._ctx.workspace.partners.delete_contact, contact.id,
                          contact.version, label="Ansprechperson entfernen",
                          done=self._on_contacts_changed)

        self.popups.show(question_box(
            self, QMessageBox.Icon.Question, "Ansprechperson entfernen",
            f"„{contact.name}“ aus den Ansprechpersonen entfernen?", name="removeContactBox",
            yes="Entfernen", yes_role=QMessageBox.ButtonRole.DestructiveRole, no="Abbrechen",
            default_yes=False, on_answer=answered))

    def _on_contacts_changed(self, view: PartnerView) -> None:
        if self._current is None or self._current.id != view.id:
            return
        self._current = view
        self.contacts_model.set_rows(view.contacts)
        self._update_actions()
        self.contacts.setFocus()
        self.sig_saved.emit(view)

    # --- helpers ------------------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], *args: Any, label: str,
             done: Callable[[Any], None]) -> None:
        self._busy = True
        self._update_actions()
        partner_id = self._current.id if self._current else None

        def on_success(result: object) -> None:
            self._busy = False
            self._update_actions()
            done(result)

        def on_error(error: BaseException) -> None:
            self._busy = False
            self._update_actions()
            if self._ctx.session.workspace is None:
                return  # locked meanwhile: the page has forgotten everything
            same = (self._current.id if self._current else None) == partner_id
            if isinstance(error, InvalidInputError) and same:
                at_fields = [k for k in error.problems
                             if self.form.errors.widget(k.split(".", 1)[0]) is not None]
                if at_fields:
                    self.form.errors.show(error.problems)
                else:
                    self.set_status(" ".join(error.problems.values()))
            elif isinstance(error, StaleDataError) and same:
                self.set_status(error.message + " („Verwerfen“ lädt den gespeicherten Stand.)")
            else:
                self._ctx.errors.show(error, self)

        self._ctx.runner.run(fn, *args, on_success=on_success, on_error=on_error, owner=self,
                             label=label)

    def _update_actions(self, *_args: object) -> None:
        unlocked = self._ctx.session.workspace is not None
        has_partner = self._current is not None
        dirty = self._editing and self.form.is_dirty()
        idle = unlocked and not self._busy
        self.save_button.setEnabled(idle and self._editing and (dirty or not has_partner))
        self.revert_button.setEnabled(self._editing and (dirty or not has_partner))
        self.delete_button.setEnabled(idle and has_partner)
        self.add_contact_button.setEnabled(idle and has_partner)
        chosen = self.selected_contact() is not None
        self.edit_contact_button.setEnabled(idle and has_partner and chosen)
        self.remove_contact_button.setEnabled(idle and has_partner and chosen)
