"""The "Schriftverkehr" tab of a case: its letters, and composing, viewing, correcting, saving
and printing them; the Fallübersicht (case summary) per recipient profile.

A draft opens in the compose dialog (``LetterDialog``); a final letter shows its frozen PDF
read-only (``PdfDialog``) and can be corrected (a new draft linked to it). Saving a PDF warns
that the copy is not encrypted; the service writes it atomically and audits it. Printing
renders the PDF pages into the printer, without a temporary file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.letters import LetterKind
from desktop.domain.summary import SummaryProfile
from desktop.services.letter_models import LetterView
from desktop.ui.context import AppContext
from desktop.ui.dialogs.letter_compose import ComposeData, load_compose, new_draft
from desktop.ui.dialogs.letter_dialog import LetterDialog
from desktop.ui.dialogs.pdf_dialog import PdfDialog, ask_pdf_target, ask_print
from desktop.ui.models.letters_model import LettersModel, is_final
from desktop.ui.pages.case_tab import report_failure, rows_view
from desktop.ui.widgets.field_errors import ERROR_COLOUR
from desktop.ui.widgets.pdf_pane import PdfPane


def pdf_name(letter: LetterView) -> str:
    """``PA-2026-00017_Weisung.pdf`` (a draft: ``Entwurf_…``); no personal data in the name."""
    number = letter.register_number or "Entwurf"
    return f"{number}_{letter.kind.label.replace(' ', '_')}.pdf"


class LettersTab(QWidget):
    """See module docstring; results for another case are dropped."""

    sig_changed = Signal()  # a letter was stored (draft, approval, final, correction)
    sig_shown = Signal(str)  # case id whose letters are now listed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lettersTab")
        self._ctx = ctx
        self._case_id: str | None = None
        self._generation = 0
        self._busy = 0
        self.dialog: QDialog | None = None  # the compose or view dialog, one at a time
        self._print_pane = PdfPane(self, name="letterPrintDocument")
        self._print_pane.hide()

        self.model = LettersModel(self)
        self.view = rows_view(self, self.model, "lettersView", stretch=LettersModel.SUBJECT,
                              widths={0: 85, 1: 115, 2: 130, 3: 170, 5: 120, 6: 85})
        self.view.setAccessibleName("Schreiben des Falls")
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.view.activated.connect(lambda _index: self.open_selected())

        self.new_menu = QMenu(self)
        self.new_menu.setObjectName("letterKindMenu")
        for kind in LetterKind:
            action = self.new_menu.addAction(kind.label)
            action.setObjectName(f"newLetter_{kind.value}")
            action.triggered.connect(lambda _c=False, k=kind: self.new_letter(k))
        self.new_button = self._button("&Neues Schreiben …", "letterNewButton",
                                       "Ein Schreiben anlegen: Art wählen", None)
        self.new_button.setMenu(self.new_menu)
        self.open_button = self._button("Ö&ffnen", "letterOpenButton",
                                        "Entwurf bearbeiten oder abgeschlossenes Schreiben "
                                        "anzeigen (Eingabe)", self.open_selected)
        self.correct_button = self._button("&Korrigieren …", "letterCorrectButton",
                                           "Ein abgeschlossenes Schreiben berichtigen: ein "
                                           "neuer Entwurf, der das alte ersetzt",
                                           self.correct_selected)
        self.save_button = self._button("Als &PDF speichern …", "letterSavePdfButton",
                                        "Das abgeschlossene Schreiben unverschlüsselt als PDF "
                                        "speichern; wird protokolliert", self.save_selected)
        self.print_button = self._button("&Drucken …", "letterPrintButton",
                                         "Das abgeschlossene Schreiben drucken",
                                         self.print_selected)
        self.summary_menu = QMenu(self)
        self.summary_menu.setObjectName("summaryProfileMenu")
        for profile in SummaryProfile:
            action = self.summary_menu.addAction(f"für {profile.label}")
            action.setObjectName(f"summary_{profile.value}")
            action.triggered.connect(lambda _c=False, p=profile: self.show_summary(p))
        self.summary_button = self._button("Fall&übersicht …", "caseSummaryButton",
                                           "Fallübersicht für eine Fallkonferenz: Empfänger "
                                           "wählen (zeigt nur, was er sehen darf)", None)
        self.summary_button.setMenu(self.summary_menu)

        self.status = QLabel(self)
        self.status.setObjectName("lettersStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.correct_button,
                       self.save_button, self.print_button, self.summary_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        for keys, slot in (("Ctrl+P", self.print_selected),
                           ("Ctrl+Shift+S", self.save_selected)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_actions()

    def _button(self, text: str, name: str, tip: str,
                slot: Callable[[], None] | None) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").replace(" …", ""))
        if slot is not None:
            button.clicked.connect(slot)
        return button

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        self._generation += 1
        self._case_id = case_id
        self._busy = 0
        self._close_dialog()
        self.model.clear()
        self.status.clear()
        self._update_actions()
        self.reload()

    def clear(self) -> None:
        self.set_case(None)
        self._print_pane.clear()

    def has_draft(self) -> bool:
        dialog = self.dialog
        return isinstance(dialog, LetterDialog) and dialog.is_dirty()

    def reload(self) -> None:
        case_id, generation = self._case_id, self._generation
        if case_id is None or self._ctx.session.workspace is None:
            return
        self._ctx.runner.run(self._ctx.workspace.letters.letters_of, case_id,
                             on_success=lambda rows: self._on_loaded(generation, rows),
                             on_error=lambda e: self._on_failed(generation, e), owner=self,
                             label="Schriftverkehr laden")

    def selected(self) -> LetterView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select(self, letter_id: str) -> None:
        row = self.model.row_of(letter_id)
        if row >= 0:
            self.view.selectRow(row)

    def new_letter(self, kind: LetterKind) -> None:
        """Creates a draft of ``kind`` (on the worker) and opens it in the compose dialog."""
        case_id = self._case_id
        if not self._can_act() or case_id is None:
            return
        self._run(new_draft, self._ctx.workspace, case_id, kind, label="Schreiben anlegen",
                  done=self._open_compose)

    def open_selected(self) -> None:
        letter = self.selected()
        if letter is None or not self._can_act():
            return
        if is_final(letter):
            self._run(self._ctx.workspace.letters.pdf, letter.id, label="Schreiben öffnen",
                      done=lambda data: self._show_final(letter, data))
        else:
            self._run(load_compose, self._ctx.workspace, letter, label="Schreiben öffnen",
                      done=self._open_compose)

    def correct_selected(self) -> None:
        letter = self.selected()
        if letter is None or not self._can_act() or status_value(letter) != "final":
            return
        self._run(self._ctx.workspace.letters.correct, letter.id, label="Berichtigung anlegen",
                  done=lambda draft: self._run(load_compose, self._ctx.workspace, draft,
                                               label="Schreiben öffnen",
                                               done=self._open_compose))

    def save_selected(self) -> None:
        letter = self.selected()
        if letter is None or not self._can_act() or not is_final(letter):
            return
        ask_pdf_target(self, "Schreiben als PDF speichern", pdf_name(letter),
                       f"Das Schreiben {letter.register_number} verlässt damit den "
                       "verschlüsselten Tresor.",
                       lambda path: self.export_to(letter, path))

    def export_to(self, letter: LetterView, path: Path) -> None:
        if self._case_id != letter.case_id:
            return
        self._run(self._ctx.workspace.letters.export_pdf, letter.id, path, overwrite=True,
                  label="Schreiben speichern",
                  done=lambda written: self._say(f"Gespeichert unter {written}. Die Datei "
                                                 "ist nicht verschlüsselt.", error=False))

    def print_selected(self) -> None:
        letter = self.selected()
        if letter is None or not self._can_act() or not is_final(letter):
            return

        def loaded(data: bytes) -> None:
            if self._print_pane.load(data):
                ask_print(self, self._print_pane.document,
                          lambda pages: self._say(f"{pages} Seite(n) an den Drucker "
                                                  "gegeben.", error=False))

        self._run(self._ctx.workspace.letters.pdf, letter.id, label="Schreiben drucken",
                  done=loaded)

    def show_summary(self, profile: SummaryProfile) -> None:
        """Renders the Fallübersicht for ``profile`` and shows it (save/print from there)."""
        case_id = self._case_id
        if case_id is None or not self._can_act():
            return
        self._run(self._ctx.workspace.letters.case_summary, case_id, profile,
                  label="Fallübersicht erstellen",
                  done=lambda data: self._show_summary(case_id, profile, data))

    # --- dialogs ---------------------------------------------------------------------------
    def _open_compose(self, data: ComposeData) -> None:
        if self._case_id != data.letter.case_id:
            return
        self._close_dialog()
        dialog = LetterDialog(self._ctx, data, self)
        dialog.sig_changed.connect(self._on_letter_changed)
        self._show_dialog(dialog)

    def _show_final(self, letter: LetterView, data: bytes) -> None:
        self._close_dialog()
        dialog = PdfDialog(f"{letter.kind.label} {letter.register_number}", data,
                           file_name=pdf_name(letter),
                           warning=f"Das Schreiben {letter.register_number} verlässt damit "
                                   "den verschlüsselten Tresor.",
                           save=lambda path: self.export_to(letter, path), parent=self)
        self._show_dialog(dialog)

    def _show_summary(self, case_id: str, profile: SummaryProfile, data: bytes) -> None:
        if case_id != self._case_id:
            return
        self._close_dialog()
        dialog = PdfDialog(f"Fallübersicht für {profile.label}", data,
                           file_name=f"Fallübersicht_{profile.label.replace(' ', '_')}.pdf",
                           warning="Die Fallübersicht enthält personenbezogene Daten.",
                           save=lambda path: self._save_summary(case_id, profile, path),
                           parent=self)
        self._show_dialog(dialog)

    def _save_summary(self, case_id: str, profile: SummaryProfile, path: Path) -> None:
        self._run(self._ctx.workspace.letters.export_case_summary, case_id, profile, path,
                  overwrite=True, label="Fallübersicht speichern",
                  done=lambda written: self._say(f"Gespeichert unter {written}. Die Datei "
                                                 "ist nicht verschlüsselt.", error=False))

    def _show_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._on_dialog_finished(d))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.reload()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.done(QDialog.DialogCode.Rejected)

    def _on_letter_changed(self, letter: LetterView) -> None:
        self.reload()
        self.sig_changed.emit()
        if is_final(letter):
            self._say(f"Registriert als {letter.register_number}.", error=False)

    # --- helpers ---------------------------------------------------------------------------
    def _on_loaded(self, generation: int, rows: list[LetterView]) -> None:
        if generation != self._generation:
            return
        selected = self.selected()
        self.model.set_rows(rows)
        if selected is not None:
            self.select(selected.id)
        self._update_actions()
        if self._case_id is not None:
            self.sig_shown.emit(self._case_id)

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            report_failure(self._ctx, self, error, say=self._say, reload=self.reload)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def _can_act(self) -> bool:
        return (self._case_id is not None and self._busy == 0
                and self._ctx.session.workspace is not None)

    def _run(self, fn: Callable[..., Any], *args: Any, label: str,
             done: Callable[[Any], None], **kwargs: Any) -> None:
        generation = self._generation
        self._busy += 1
        self._update_actions()

        def finish() -> bool:
            if generation != self._generation:
                return False
            self._busy = max(0, self._busy - 1)
            self._update_actions()
            return True

        def ok(result: Any) -> None:
            if finish():
                done(result)

        def failed(error: BaseException) -> None:
            if finish():
                self._on_failed(generation, error)

        self._ctx.runner.run(fn, *args, **kwargs, on_success=ok, on_error=failed, owner=self,
                             label=label)

    def _update_actions(self) -> None:
        idle = self._can_act()
        letter = self.selected() if idle else None
        final = letter is not None and is_final(letter)
        self.new_button.setEnabled(idle)
        self.summary_button.setEnabled(idle)
        self.open_button.setEnabled(letter is not None)
        self.open_button.setText("&Anzeigen" if final else "Öffnen/&Bearbeiten")
        self.correct_button.setEnabled(letter is not None and status_value(letter) == "final")
        self.save_button.setEnabled(final)
        self.print_button.setEnabled(final)


def status_value(letter: LetterView) -> str:
    return str(getattr(letter.status, "value", letter.status))
