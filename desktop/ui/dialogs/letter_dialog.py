"""Compose a letter: the fields (``LetterForm``) on the left, a live PDF preview on the right.

The draft is stored by the service from the start, so nothing typed is lost: "Entwurf
speichern" (Strg+S) saves it; the preview is rendered on the worker 400 ms after the last
edit (``preview(letter_id, edit)``, marked ENTWURF until finalised, never stored; the line
under it says whether the draft awaits or holds the approval). Before a Weisung is submitted
for approval (four eyes) and before finalising, the letter's ``problems()`` are shown at the
fields — a placeholder without a value is an error, never printed blank. The Leitung
approves ("Freigeben") or returns it with a note ("Zurückgeben", ``ReturnNoteDialog``).
"Abschließen und registrieren" (Strg+Eingabe) asks first: the letter is frozen and gets its
number in the Postausgangsbuch. Esc asks before discarding unsaved changes; a letter changed
elsewhere (stale version) is reloaded with a German message.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Role
from desktop.domain.letters import LetterKind
from desktop.errors import InvalidInputError, UserFacingError
from desktop.services.letter_models import LetterView
from desktop.services.read_models import PartnerView
from desktop.ui.context import AppContext
from desktop.ui.dialogs.editor_dialog import EditorDialog
from desktop.ui.dialogs.letter_compose import ComposeData, preview_caption, status_of
from desktop.ui.dialogs.return_note import ReturnNoteDialog
from desktop.ui.widgets.letter_form import LetterForm
from desktop.ui.widgets.pdf_pane import PdfPane

PREVIEW_DELAY_MS = 400
STALE = ("Das Schreiben wurde inzwischen an anderer Stelle geändert. Es wird neu geladen; "
         "bitte die Änderungen prüfen und noch einmal eingeben.")


class LetterDialog(EditorDialog):
    """See module docstring. ``sig_changed(letter)`` after every stored change."""

    sig_changed = Signal(object)
    sig_preview_shown = Signal(int)  # page count of the preview now shown

    def __init__(self, ctx: AppContext, data: ComposeData,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterDialog")
        self._ctx = ctx
        self._letter = data.letter
        self._four_eyes = data.four_eyes
        self._busy = False
        self._preview_seq = 0
        self._box: QMessageBox | None = None
        self._closing = False
        self.resize(1300, 900)

        self.form = LetterForm(self)
        self.form.set_partners(data.partners, data.letter.recipient_partner_id)
        self.form.set_modules(data.modules)
        self.form.set_letter(data.letter)
        self.form.sig_changed.connect(self._on_edited)
        self.form.sig_partner_chosen.connect(self._on_partner_chosen)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.preview = PdfPane(self, name="letterPreview",
                               accessible_name="Vorschau des Schreibens")
        self.preview_status = QLabel("Vorschau wird erstellt …", self)
        self.preview_status.setObjectName("letterPreviewStatus")
        self.preview_status.setWordWrap(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.preview_status)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setSizes([560, 700])
        splitter.setChildrenCollapsible(False)

        self.status = QLabel(self)
        self.status.setObjectName("letterStatus")
        self.status.setWordWrap(True)
        self.save_button = self._button("Entwurf &speichern", "letterSaveButton",
                                        "Den Entwurf speichern (Strg+S)", self.save_draft)
        self.submit_button = self._button("Zur &Freigabe vorlegen", "letterSubmitButton",
                                          "Die Weisung der Leitung zur Freigabe vorlegen "
                                          "(Vier-Augen-Prinzip)", self.submit_for_approval)
        self.approve_button = self._button("&Freigeben", "letterApproveButton",
                                           "Die vorgelegte Weisung als Leitung freigeben",
                                           self.approve)
        self.return_button = self._button("&Zurückgeben", "letterReturnButton",
                                          "Die Weisung mit einem Hinweis zur Änderung an die "
                                          "Verfasserin oder den Verfasser zurückgeben",
                                          self.ask_return)
        self.finalise_button = self._button("Abschließen und &registrieren",
                                            "letterFinaliseButton",
                                            "Das Schreiben festschreiben und im "
                                            "Postausgangsbuch registrieren (Strg+Eingabe)",
                                            self.ask_finalise)
        self.close_button = self._button("Schließen", "letterCloseButton",
                                         "Den Dialog schließen (Esc)", self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.save_button, self.submit_button, self.approve_button,
                       self.return_button, self.finalise_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        for keys, slot in ((QKeySequence.StandardKey.Save, self.save_draft),
                           (QKeySequence("Ctrl+Return"), self.ask_finalise),
                           (QKeySequence("Ctrl+Enter"), self.ask_finalise)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        ctx.session.sig_locked.connect(self._on_locked)
        self._show_letter(data.letter)
        self.refresh_preview()

    # --- state -----------------------------------------------------------------------------
    @property
    def letter(self) -> LetterView:
        return self._letter

    def is_dirty(self) -> bool:
        letter, edit = self._letter, self.form.edit()
        return (edit.recipient != letter.recipient
                or edit.recipient_partner_id != letter.recipient_partner_id
                or edit.their_reference != letter.their_reference
                or edit.subject != letter.subject or edit.paragraphs != letter.paragraphs
                or edit.enclosures != letter.enclosures
                or edit.reply_deadline != letter.reply_deadline)

    def _needs_approval(self) -> bool:
        return self._four_eyes and self._letter.kind == LetterKind.INSTRUCTION

    def _show_letter(self, letter: LetterView) -> None:
        self._letter = letter
        status = status_of(letter)
        draft = status == "draft"
        user = self._ctx.workspace.user
        self.setWindowTitle(f"{letter.kind.label} – {letter.file_number}[*]")
        self.form.set_read_only(not draft)
        self.save_button.setVisible(draft)
        self.submit_button.setVisible(draft and self._needs_approval())
        reviewer = user.role == Role.LEAD and user.display_name != letter.author
        self.approve_button.setVisible(status == "awaiting_approval" and reviewer)
        self.return_button.setVisible(status in ("awaiting_approval", "approved") and reviewer)
        self.finalise_button.setVisible(status == "approved"
                                        or (draft and not self._needs_approval()))
        texts = {"awaiting_approval": "Zur Freigabe vorgelegt – wartet auf die Leitung.",
                 "approved": f"Freigegeben von {letter.approved_by or 'der Leitung'}."}
        note = f"Von der Leitung zurückgegeben: {letter.review_note}" if (
            draft and letter.review_note) else ""
        self.status.setText(texts.get(status, note))
        self._update_buttons()

    def _update_buttons(self) -> None:
        for button in (self.save_button, self.submit_button, self.approve_button,
                       self.return_button, self.finalise_button):
            button.setEnabled(not self._busy)
        self.setWindowModified(self.is_dirty())

    # --- preview ---------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self.status.clear()
        self._update_buttons()
        self._timer.start()

    def refresh_preview(self) -> None:
        """Renders the preview of the letter as typed (on the worker)."""
        self._timer.stop()
        if self._ctx.session.workspace is None:
            return
        self._preview_seq += 1
        seq = self._preview_seq
        edit = self.form.edit() if status_of(self._letter) == "draft" else None
        self.preview_status.setText("Vorschau wird erstellt …")

        def shown(data: bytes) -> None:
            if seq != self._preview_seq:
                return
            if self.preview.load(data):
                pages = self.preview.page_count()
                self.preview_status.setText(preview_caption(status_of(self._letter), pages))
                self.sig_preview_shown.emit(pages)
            else:
                self.preview_status.setText("Die Vorschau lässt sich nicht anzeigen.")

        def failed(error: BaseException) -> None:
            if seq != self._preview_seq:
                return
            if isinstance(error, InvalidInputError):
                self.preview_status.setText(" ".join(error.problems.values()))
            elif isinstance(error, UserFacingError):
                self.preview_status.setText(error.message)
            else:
                self.preview_status.setText("Die Vorschau ist fehlgeschlagen.")
                self._ctx.errors.show(error, self)

        self._ctx.runner.run(self._ctx.workspace.letters.preview, self._letter.id, edit,
                             on_success=shown, on_error=failed, owner=self,
                             label="Vorschau des Schreibens")

    def _on_partner_chosen(self, partner_id: str) -> None:
        self._ctx.runner.run(self._ctx.workspace.partners.get, partner_id, owner=self,
                             label="Anschrift laden", on_success=self._on_partner_loaded)

    def _on_partner_loaded(self, partner: PartnerView) -> None:
        if self.form.partner.currentData() == partner.id:
            self.form.set_partner_address(partner)

    # --- actions ---------------------------------------------------------------------------
    def save_draft(self, then: Callable[[LetterView], None] | None = None) -> None:
        """Stores the fields as the draft (Strg+S); ``then(letter)`` follows on success."""
        if self._busy or status_of(self._letter) != "draft":
            return
        if not self.is_dirty():
            if then is not None:
                then(self._letter)
            else:
                self.status.setText("Entwurf gespeichert.")
            return
        letter = self._letter
        self._run(self._ctx.workspace.letters.update_draft, letter.id, letter.version,
                  self.form.edit(), label="Entwurf speichern",
                  done=lambda saved: self._on_saved(saved, then))

    def _on_saved(self, letter: LetterView, then: Callable[[LetterView], None] | None) -> None:
        self._show_letter(letter)
        self.sig_changed.emit(letter)
        if then is not None:
            then(letter)
        else:
            self.status.setText("Entwurf gespeichert.")

    def _checked(self, then: Callable[[LetterView], None]) -> None:
        """Saves, asks the service for ``problems()``, shows them or goes on with ``then``."""

        def check(letter: LetterView) -> None:
            self._run(self._ctx.workspace.letters.problems, letter.id, label="Schreiben prüfen",
                      done=lambda problems: self._on_problems(letter, problems, then))

        self.form.errors.clear()
        if status_of(self._letter) == "draft":
            self.save_draft(then=check)
        else:
            check(self._letter)

    def _on_problems(self, letter: LetterView, problems: dict[str, str],
                     then: Callable[[LetterView], None]) -> None:
        if problems:
            self.form.errors.show(problems)
            self.status.setText("Das Schreiben ist noch nicht vollständig.")
        else:
            then(letter)

    def submit_for_approval(self) -> None:
        if self._busy or not self._needs_approval() or status_of(self._letter) != "draft":
            return

        def submit(letter: LetterView) -> None:
            self._run(self._ctx.workspace.letters.request_approval, letter.id, letter.version,
                      label="Zur Freigabe vorlegen", done=self._on_changed_status)

        self._checked(submit)

    def approve(self) -> None:
        letter = self._letter
        if self._busy or status_of(letter) != "awaiting_approval":
            return
        self._run(self._ctx.workspace.letters.approve, letter.id, letter.version,
                  label="Schreiben freigeben", done=self._on_changed_status)

    def ask_return(self) -> None:
        """Leitung: asks for a note, then returns the letter to its author as a draft."""
        letter = self._letter
        if (self._busy or self._box is not None or not self.return_button.isVisible()
                or status_of(letter) not in ("awaiting_approval", "approved")):
            return
        dialog = ReturnNoteDialog(self)
        dialog.sig_note.connect(self._return_with_note)
        dialog.open()

    def _return_with_note(self, note: str) -> None:
        letter = self._letter
        if self._busy:
            return
        self._run(self._ctx.workspace.letters.return_for_changes, letter.id, letter.version,
                  note, label="Schreiben zurückgeben", done=self._on_changed_status)

    def _on_changed_status(self, letter: LetterView) -> None:
        self._show_letter(letter)
        self.sig_changed.emit(letter)
        self.refresh_preview()

    def ask_finalise(self) -> None:
        """Checks the letter, then asks before freezing and registering it (Strg+Eingabe)."""
        if self._busy or self._box is not None or not self.finalise_button.isVisible():
            return
        self._checked(self._confirm_finalise)

    def _confirm_finalise(self, letter: LetterView) -> None:
        def answered(yes: bool) -> None:
            if yes:
                self._run(self._ctx.workspace.letters.finalise, letter.id, letter.version,
                          label="Schreiben abschließen", done=self._on_finalised)

        self._confirm(QMessageBox.Icon.Question, "Schreiben abschließen",
                      "Das Schreiben wird festgeschrieben und im Postausgangsbuch "
                      "registriert. Danach lässt es sich nicht mehr ändern, nur noch "
                      "berichtigen.\n\nJetzt abschließen?", name="letterFinaliseBox",
                      yes="Abschließen und registrieren",
                      yes_role=QMessageBox.ButtonRole.AcceptRole, no="Abbrechen",
                      default_yes=True, then=answered)

    def _on_finalised(self, letter: LetterView) -> None:
        self._letter = letter
        self.sig_changed.emit(letter)
        self._closing = True
        self.accept()

    # --- running ---------------------------------------------------------------------------
    def _update_busy(self) -> None:
        self._update_buttons()

    def _on_invalid(self, problems: dict[str, str]) -> None:
        self.form.errors.show(problems)
        self.status.setText("Das Schreiben ist noch nicht vollständig.")

    def _on_stale(self) -> None:
        self.status.setText(STALE)
        self._reload()

    def _reload(self) -> None:
        def loaded(letter: LetterView) -> None:
            self.form.set_letter(letter)
            self._show_letter(letter)
            self.refresh_preview()

        self._ctx.runner.run(self._ctx.workspace.letters.get, self._letter.id, owner=self,
                             label="Schreiben neu laden", on_success=loaded)

    # --- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc / Schließen: asks before unsaved changes are discarded."""
        if self._closing or not self.is_dirty() or status_of(self._letter) != "draft":
            self._close(QDialog.DialogCode.Rejected)
            return
        self._ask_discard("Das Schreiben hat ungespeicherte Änderungen. Verwerfen? (Der "
                          "zuletzt gespeicherte Entwurf bleibt erhalten.)", "letterDiscardBox",
                          lambda: self._close(QDialog.DialogCode.Rejected))

    def _close(self, result: QDialog.DialogCode) -> None:
        self._closing = True
        self._timer.stop()
        self.preview.clear()
        self.done(result)

    def _on_locked(self) -> None:
        if self._box is not None:
            self._box.close()
        self._closing = True
        self._close(QDialog.DialogCode.Rejected)
