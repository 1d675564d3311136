"""The "Anlagen" tab of a case: the attachments kept encrypted in the vault and a preview.

Files come in through "Hinzufügen …" (a file dialog) or by dropping them on the tab; reading
and storing them runs on the task runner. The preview shows PDFs, images and text from memory
(``AttachmentPreview``); it loads after a short pause in the selection, so walking the list
with the arrow keys does not open every file. A file leaves the vault only through
"Exportieren …": first a warning that the copy is not encrypted, then a save dialog; the
service writes it atomically and audits it. Deleting asks first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import attachments as rules
from desktop.errors import InvalidInputError, UserFacingError
from desktop.services.attachments import AttachmentService
from desktop.services.read_models import AttachmentView
from desktop.ui.context import AppContext
from desktop.ui.models.attachments_model import AttachmentsModel
from desktop.ui.pages.case_export import NOT_ENCRYPTED
from desktop.ui.pages.case_tab import report_failure, rows_view
from desktop.ui.widgets.attachment_preview import LOADING, NO_PREVIEW, AttachmentPreview
from desktop.ui.widgets.export_flow import leaving_box, save_file_dialog
from desktop.ui.widgets.field_errors import ERROR_COLOUR
from desktop.ui.widgets.question_box import question_box

PREVIEW_DELAY_MS = 250
PREVIEWABLE = rules.IMAGE_TYPES | {rules.PDF, rules.TEXT}


def add_files(service: AttachmentService, case_id: str,
              paths: Sequence[str]) -> tuple[list[AttachmentView], list[str]]:
    """Adds each file in its own unit of work (on the worker); returns what was added and a
    German message per file that was not (a bug still propagates)."""
    added: list[AttachmentView] = []
    problems: list[str] = []
    for path in paths:
        try:
            added.append(service.add_file(case_id, Path(path)))
        except InvalidInputError as error:
            problems.append(f"{Path(path).name}: {' '.join(error.problems.values())}")
        except UserFacingError as error:
            problems.append(f"{Path(path).name}: {error.message}")
    return added, problems


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


class AttachmentsTab(QWidget):
    """Shows the attachments of the current case; results for another case are dropped."""

    sig_changed = Signal()  # an attachment was added, renamed, annotated or deleted
    sig_shown = Signal(str)  # case id whose attachments are now listed
    sig_previewed = Signal(str)  # attachment id whose preview (or hint) is now shown
    sig_exported = Signal(str)  # the path an attachment was exported to

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsTab")
        self._ctx = ctx
        self._case_id: str | None = None
        self._generation = 0  # bumped by set_case(); older results are ignored
        self._preview_seq = 0
        self._busy = 0
        self._popup: QWidget | None = None  # an open question, file or input dialog
        self.setAcceptDrops(True)

        self.model = AttachmentsModel(self)
        self.view = rows_view(self, self.model, "attachmentsView", stretch=0,
                              widths={1: 90, 2: 80, 3: 120, 4: 140, 5: 160})
        self.view.setAccessibleName("Anlagen des Falls")
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.activated.connect(lambda _index: self._load_preview())

        self.add_button = self._button("&Hinzufügen …", "attachmentAddButton",
                                       "Dateien als Anlage verschlüsselt im Tresor speichern "
                                       "(Einfg); Dateien lassen sich auch hierher ziehen",
                                       self.choose_files)
        self.export_button = self._button("E&xportieren …", "attachmentExportButton",
                                          "Die ausgewählte Anlage unverschlüsselt als Datei "
                                          "speichern (Strg+E); wird protokolliert",
                                          self._on_export)
        self.rename_button = self._button("&Umbenennen …", "attachmentRenameButton",
                                          "Den Namen der ausgewählten Anlage ändern (F2)",
                                          self._on_rename)
        self.note_button = self._button("&Notiz …", "attachmentNoteButton",
                                        "Die Notiz zur ausgewählten Anlage ändern",
                                        self._on_note)
        self.delete_button = self._button("&Löschen …", "attachmentDeleteButton",
                                          "Die ausgewählte Anlage löschen (Entf), nach "
                                          "Rückfrage", self._on_delete)
        for key, slot in ((QKeySequence.StandardKey.Delete, self._on_delete),
                          (QKeySequence(Qt.Key.Key_Insert), self.choose_files),
                          (QKeySequence(Qt.Key.Key_F2), self._on_rename)):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        export_key = QShortcut(QKeySequence("Ctrl+E"), self)
        export_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        export_key.activated.connect(self._on_export)

        self.status = QLabel(self)
        self.status.setObjectName("attachmentStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                            | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = AttachmentPreview(self)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._load_preview)

        left = QWidget(self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.export_button, self.rename_button,
                       self.note_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.status)
        # List above, preview below: the detail panel is narrow, and a page needs its width.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._update_actions()

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").replace(" …", ""))
        button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        return button

    # --- public ----------------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        """Shows ``case_id``'s attachments (loaded on the worker); ``None`` empties the tab."""
        self._generation += 1
        self._case_id = case_id
        self._close_popup()
        self._preview_timer.stop()
        self._preview_seq += 1
        self._busy = 0
        self.model.clear()
        self.preview.clear()
        self.status.clear()
        self._update_actions()
        self.reload()

    def clear(self) -> None:
        """Forgets the case and every byte shown (on lock)."""
        self.set_case(None)

    def reload(self) -> None:
        case_id, generation = self._case_id, self._generation
        if case_id is None:
            return
        self._ctx.runner.run(self._ctx.workspace.attachments.of_case, case_id,
                             on_success=lambda rows: self._on_loaded(generation, rows),
                             on_error=lambda e: self._on_failed(generation, e), owner=self,
                             label="Anlagen laden")

    def has_draft(self) -> bool:
        return False

    def selected(self) -> AttachmentView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.attachment(rows[0].row()) if rows else None

    def choose_files(self) -> None:
        """Asks (non-modally) for files to add."""
        if not self._can_act() or self._popup is not None:
            return
        dialog = QFileDialog(self, "Anlagen hinzufügen", str(_documents_folder()))
        dialog.setObjectName("attachmentOpenDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(["Alle Dateien (*)", "PDF und Bilder (*.pdf *.png *.jpg *.jpeg "
                               "*.gif *.tif *.tiff)", "Text (*.txt)"])
        dialog.filesSelected.connect(self.add_files)
        self._open_popup(dialog)

    def add_files(self, paths: Sequence[str]) -> None:
        """Adds the files at ``paths`` to the current case (on the worker)."""
        case_id = self._case_id
        paths = [p for p in paths if p]
        if case_id is None or not paths or self._ctx.session.workspace is None:
            return
        self.status.setStyleSheet("")
        self.status.setText(f"{len(paths)} Datei(en) werden verschlüsselt gespeichert …")
        self._run(add_files, self._ctx.workspace.attachments, case_id, list(paths),
                  done=self._on_added, label="Anlagen hinzufügen")

    def export_to(self, attachment: AttachmentView, path: str) -> None:
        """Exports ``attachment`` to ``path`` (the save dialog has asked about replacing)."""
        if not path or self._case_id != attachment.case_id:
            return
        target = Path(path)
        self._run(self._ctx.workspace.attachments.export, attachment.id, target,
                  overwrite=True, done=lambda written: self._on_exported(Path(written)),
                  label="Anlage exportieren")

    # --- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if self._can_act() and urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._can_act():
            event.ignore()
            return
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.add_files(paths)

    # --- slots -----------------------------------------------------------------------------
    def _on_loaded(self, generation: int, rows: list[AttachmentView]) -> None:
        if generation != self._generation:
            return
        selected = self.selected()
        self.model.set_attachments(rows)
        row = self.model.row_of(selected.id) if selected is not None else -1
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.preview.clear()
        self._update_actions()
        if self._case_id is not None:
            self.sig_shown.emit(self._case_id)

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            report_failure(self._ctx, self, error, say=self._say, reload=self.reload)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()
        self._preview_seq += 1
        if self.selected() is None:
            self._preview_timer.stop()
            self.preview.clear()
        else:
            self._preview_timer.start()

    def _load_preview(self) -> None:
        self._preview_timer.stop()
        attachment = self.selected()
        self._preview_seq += 1
        seq, generation = self._preview_seq, self._generation
        if attachment is None or self._ctx.session.workspace is None:
            self.preview.clear()
            return
        if attachment.media_type not in PREVIEWABLE:
            self.preview.show_message(NO_PREVIEW)
            self.sig_previewed.emit(attachment.id)
            return
        self.preview.show_message(LOADING)

        def shown(data: bytes) -> None:
            if seq == self._preview_seq and generation == self._generation:
                self.preview.show_content(attachment, data)
                self.sig_previewed.emit(attachment.id)

        def failed(error: BaseException) -> None:
            if seq == self._preview_seq and generation == self._generation:
                self.preview.show_message(error.message if isinstance(error, UserFacingError)
                                          else "Die Vorschau ist fehlgeschlagen.")
                self._on_failed(generation, error)

        self._ctx.runner.run(self._ctx.workspace.attachments.content, attachment.id,
                             on_success=shown, on_error=failed, owner=self,
                             label="Vorschau laden")

    def _on_added(self, result: tuple[list[AttachmentView], list[str]]) -> None:
        added, problems = result
        parts = []
        if added:
            parts.append("Hinzugefügt: " + ", ".join(a.filename for a in added) + ".")
        parts.extend(problems)
        self._say(" ".join(parts), error=bool(problems))
        if added:
            self.sig_changed.emit()

    def _on_exported(self, path: Path) -> None:
        self._say(f"Exportiert nach {path}. {NOT_ENCRYPTED}", error=False)
        self.sig_exported.emit(str(path))

    def _on_export(self) -> None:
        attachment = self.selected()
        if attachment is None or not self._can_act() or self._popup is not None:
            return

        def answered(box: QMessageBox, yes: bool) -> None:
            if self._popup is box:
                self._popup = None
            if yes and self._case_id == attachment.case_id:
                self._choose_target(attachment)

        box = leaving_box(self, "Anlage exportieren",
                          f"„{attachment.filename}“ verlässt damit den verschlüsselten "
                          f"Tresor.\n\n{NOT_ENCRYPTED}\n\nDas Exportieren wird protokolliert.",
                          "attachmentExportBox", answered)
        self._open_popup(box)

    def _choose_target(self, attachment: AttachmentView) -> None:
        self._open_popup(save_file_dialog(
            self, "Anlage exportieren", attachment.filename, "attachmentSaveDialog",
            lambda path: self.export_to(attachment, str(path))))

    def _on_delete(self) -> None:
        attachment = self.selected()
        if attachment is None or not self._can_act() or self._popup is not None:
            return

        def answered(box: QMessageBox, yes: bool) -> None:
            if self._popup is box:
                self._popup = None
            if yes and self._case_id == attachment.case_id:
                self._run(self._ctx.workspace.attachments.delete, attachment.id,
                          attachment.version, done=self._on_deleted, label="Anlage löschen")

        box = question_box(self, QMessageBox.Icon.Warning, "Fallakte RRK",
                           f"Die Anlage „{attachment.filename}“ wirklich löschen? Das wird "
                           "protokolliert.", name="attachmentDeleteBox", yes="Anlage löschen",
                           yes_role=QMessageBox.ButtonRole.DestructiveRole, no="Abbrechen",
                           default_yes=False, on_answer=answered)
        self._open_popup(box)

    def _on_deleted(self, _result: object) -> None:
        self.preview.clear()
        self._say("Anlage gelöscht.", error=False)
        self.sig_changed.emit()

    def _on_rename(self) -> None:
        attachment = self.selected()
        if attachment is not None:
            self._ask_text(attachment, "Anlage umbenennen", "&Name der Anlage:",
                           attachment.filename, "filename")

    def _on_note(self) -> None:
        attachment = self.selected()
        if attachment is not None:
            self._ask_text(attachment, "Notiz zur Anlage", "&Notiz:", attachment.note, "note")

    def _ask_text(self, attachment: AttachmentView, title: str, label: str, value: str,
                  field: str) -> None:
        if not self._can_act() or self._popup is not None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("attachmentTextDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(value)
        dialog.setOkButtonText("Speichern")
        dialog.setCancelButtonText("Abbrechen")
        if field == "note":
            dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)

        def chosen(text: str) -> None:
            if self._case_id == attachment.case_id:
                self._run(self._ctx.workspace.attachments.update, attachment.id,
                          attachment.version, **{field: text},
                          done=lambda _v: self.sig_changed.emit(), label=title)

        dialog.textValueSelected.connect(chosen)
        self._open_popup(dialog)

    # --- helpers ---------------------------------------------------------------------------
    def _can_act(self) -> bool:
        return (self._case_id is not None and self._busy == 0
                and self._ctx.session.workspace is not None)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def _open_popup(self, popup: QWidget) -> None:
        if isinstance(popup, (QFileDialog, QInputDialog)):
            popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            popup.finished.connect(lambda _r, p=popup: self._on_popup_closed(p))
        self._popup = popup
        popup.open()  # type: ignore[attr-defined]

    def _on_popup_closed(self, popup: QWidget) -> None:
        if self._popup is popup:
            self._popup = None

    def _close_popup(self) -> None:
        if self._popup is not None:
            popup, self._popup = self._popup, None
            popup.close()

    def _run(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None],
             label: str, **kwargs: Any) -> None:
        generation = self._generation
        self._busy += 1
        self._update_actions()

        def finish() -> bool:
            if generation != self._generation:
                return False
            self._busy = max(0, self._busy - 1)
            self._update_actions()
            return True

        def on_success(result: Any) -> None:
            if finish():
                done(result)
                self.reload()

        def on_error(error: BaseException) -> None:
            if finish():
                self._on_failed(generation, error)

        self._ctx.runner.run(fn, *args, **kwargs, on_success=on_success, on_error=on_error,
                             owner=self, label=label)

    def _update_actions(self) -> None:
        idle = self._can_act()
        chosen = idle and self.selected() is not None
        self.add_button.setEnabled(idle)
        for button in (self.export_button, self.rename_button, self.note_button,
                       self.delete_button):
            button.setEnabled(chosen)
