"""Saving a file that leaves the vault: a warning first (non-modal), then a save dialog (or a
folder or open dialog), then the caller's callback with the chosen path. Every export out of
the vault in the UI goes through these helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.ui.dialogs.pdf_dialog import NOT_ENCRYPTED, documents_folder
from desktop.ui.widgets.question_box import question_box

AGGREGATES_ONLY = ("Die Datei enthält nur Zahlen (Summen), keine Namen, Aktenzeichen oder "
                   "andere personenbezogene Daten.")


def save_file_dialog(parent: QWidget, title: str, file_name: str, name: str,
                     on_path: Callable[[Path], None], name_filter: str = "",
                     suffix: str = "") -> QFileDialog:
    """A save dialog in the documents folder, deleted on close, not yet shown: call
    ``open()``; ``on_path`` gets the chosen file."""
    dialog = QFileDialog(parent, title, str(documents_folder() / file_name), name_filter)
    dialog.setObjectName(name)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: on_path(Path(path)) if path else None)
    return dialog


def save_dialog(parent: QWidget, title: str, file_name: str, name_filter: str, suffix: str,
                name: str, on_path: Callable[[Path], None]) -> QFileDialog:
    """A non-modal save dialog in the documents folder; ``on_path`` gets the chosen file."""
    dialog = save_file_dialog(parent, title, file_name, name, on_path, name_filter, suffix)
    dialog.open()
    return dialog


def leaving_box(parent: QWidget, title: str, text: str, name: str,
                on_answer: Callable[[QMessageBox, bool], None]) -> QMessageBox:
    """The warning before a file leaves the vault ("Speicherort wählen …" / "Abbrechen",
    Abbrechen the default); not yet shown: call ``open()``."""
    return question_box(parent, QMessageBox.Icon.Warning, title, text, name=name,
                        yes="Speicherort wählen …",
                        yes_role=QMessageBox.ButtonRole.AcceptRole, no="Abbrechen",
                        default_yes=False, on_answer=on_answer)


def _call_if(yes: bool, then: Callable[[], object]) -> None:
    if yes:
        then()


def warn_leaving(parent: QWidget, title: str, what: str, name: str,
                 then: Callable[[], object]) -> QMessageBox:
    """Says that ``what`` leaves the encrypted vault (aggregates only) and calls ``then`` if
    the user goes on."""
    box = leaving_box(
        parent, title,
        f"{what} Die Datei verlässt damit den verschlüsselten Tresor.\n\n{AGGREGATES_ONLY}\n\n"
        f"{NOT_ENCRYPTED}", name, lambda _box, yes: _call_if(yes, then))
    box.open()
    return box
