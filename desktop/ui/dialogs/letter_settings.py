"""Settings of the Schriftverkehr ("Briefkopf und Textbausteine …"): the vault's letterhead
(with a logo image), the four-eyes switch for Weisungen, and the text modules (add, edit,
delete; the service checks their placeholders — the known ones are listed as help)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Role
from desktop.domain.letters import PLACEHOLDERS, Letterhead, LetterKind, TextModule
from desktop.errors import InvalidInputError, UserFacingError
from desktop.services.workspace import Workspace
from desktop.ui.context import AppContext
from desktop.ui.widgets.field_errors import FieldErrors

HEAD_FIELDS = (("authority", "&Behörde:"), ("department", "&Dezernat:"),
               ("street", "&Straße:"), ("postcode", "&PLZ:"), ("city", "&Ort:"),
               ("phone", "&Telefon:"), ("email", "&E-Mail:"))


def load_settings(workspace: Workspace) -> tuple[Letterhead, bool, list[TextModule]]:
    """Runs on the worker."""
    letters = workspace.letters
    return letters.letterhead(), letters.four_eyes(), letters.text_modules()


def save_head(workspace: Workspace, head: Letterhead, four_eyes: bool) -> Letterhead:
    """Runs on the worker: the letterhead, then the four-eyes switch."""
    saved = workspace.letters.save_letterhead(head)
    if workspace.letters.four_eyes() != four_eyes:
        workspace.letters.set_four_eyes(four_eyes)
    return saved


def read_file(path: str) -> bytes:
    return Path(path).read_bytes()


class LetterSettingsDialog(QDialog):
    """See module docstring. ``sig_loaded`` once the settings are shown."""

    sig_loaded = Signal()
    sig_saved = Signal(str)  # "letterhead" or "module"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterSettingsDialog")
        self.setWindowTitle("Briefkopf und Textbausteine")
        self.resize(900, 700)
        self._ctx = ctx
        self._head: Letterhead | None = None
        self._logo: bytes | None = None
        self._modules: list[TextModule] = []
        self._busy = False

        tabs = QTabWidget(self)
        tabs.setObjectName("letterSettingsTabs")
        tabs.addTab(self._build_head(), "&Briefkopf")
        tabs.addTab(self._build_modules(), "&Textbausteine")
        self.status = QLabel(self)
        self.status.setObjectName("letterSettingsStatus")
        self.status.setWordWrap(True)
        close = QPushButton("Schließen", self)
        close.setObjectName("letterSettingsClose")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addLayout(row)
        self.setEnabled(False)
        ctx.session.sig_locked.connect(self.reject)
        ctx.runner.run(load_settings, ctx.workspace, owner=self, label="Briefkopf laden",
                       on_success=self._on_loaded, on_error=self._on_failed)

    # --- building --------------------------------------------------------------------------
    def _build_head(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.head_summary = QLabel(page)
        self.head_errors = FieldErrors(self.head_summary, self)
        self.head_edits: dict[str, QLineEdit] = {}
        for name, label in HEAD_FIELDS:
            edit = QLineEdit(page)
            edit.setObjectName(f"head_{name}")
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            self.head_edits[name] = edit
            self.head_errors.add_row(form, label, name, edit, label.replace("&", "")[:-1])
        self.logo_label = QLabel("Kein Logo", page)
        self.logo_label.setObjectName("headLogoPreview")
        self.logo_label.setFixedHeight(80)
        self.logo_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.logo_button = QPushButton("&Logo wählen …", page)
        self.logo_button.setObjectName("headLogoButton")
        self.logo_button.setToolTip("Ein Bild (PNG oder JPEG) für den Briefkopf wählen")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton("Logo &entfernen", page)
        self.logo_remove.setObjectName("headLogoRemove")
        self.logo_remove.clicked.connect(lambda: self.set_logo(None))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_remove)
        form.addRow("Logo:", logo_row)
        self.four_eyes = QCheckBox("&Weisungen erst nach Freigabe durch die Leitung "
                                   "abschließen (Vier-Augen-Prinzip)", page)
        self.four_eyes.setObjectName("fourEyesSwitch")
        form.addRow(self.four_eyes)
        self.head_save = QPushButton("Briefkopf &speichern", page)
        self.head_save.setObjectName("headSaveButton")
        self.head_save.clicked.connect(self.save_letterhead)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.head_summary)
        layout.addWidget(self.head_save, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        return page

    def _build_modules(self) -> QWidget:
        page = QWidget(self)
        self.module_list = QListWidget(page)
        self.module_list.setObjectName("moduleList")
        self.module_list.setAccessibleName("Textbausteine")
        self.module_list.currentRowChanged.connect(self._on_module_selected)
        self.module_new = QPushButton("&Neu", page)
        self.module_new.setObjectName("moduleNewButton")
        self.module_new.clicked.connect(self.new_module)
        self.module_delete = QPushButton("&Löschen", page)
        self.module_delete.setObjectName("moduleDeleteButton")
        self.module_delete.clicked.connect(self.delete_module)
        left = QVBoxLayout()
        left.addWidget(self.module_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.module_new)
        buttons.addWidget(self.module_delete)
        left.addLayout(buttons)

        form = QFormLayout()
        self.module_summary = QLabel(page)
        self.module_errors = FieldErrors(self.module_summary, self)
        self.module_title = QLineEdit(page)
        self.module_title.setObjectName("moduleTitle")
        self.module_title.setAccessibleName("Titel des Textbausteins")
        self.module_errors.add_row(form, "T&itel:", "title", self.module_title, "Titel")
        kinds_box = QGroupBox("Für die Arten", page)
        kinds_layout = QVBoxLayout(kinds_box)
        self.module_kinds: dict[LetterKind, QCheckBox] = {}
        for kind in LetterKind:
            box = QCheckBox(kind.label, kinds_box)
            box.setObjectName(f"moduleKind_{kind.value}")
            self.module_kinds[kind] = box
            kinds_layout.addWidget(box)
        form.addRow(self.module_errors.bind("kinds", kinds_box, "Arten"))
        self.module_body = QPlainTextEdit(page)
        self.module_body.setObjectName("moduleBody")
        self.module_body.setAccessibleName("Text des Textbausteins")
        self.module_body.setTabChangesFocus(True)
        self.module_errors.add_row(form, "Te&xt:", "body", self.module_body, "Text")
        self.placeholders = QListWidget(page)
        self.placeholders.setObjectName("placeholderHelp")
        self.placeholders.setAccessibleName("Platzhalter (Eingabe fügt ein)")
        self.placeholders.setMaximumHeight(150)
        for name, description in PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}} – {description}", self.placeholders)
            item.setData(Qt.ItemDataRole.UserRole, "{" + name + "}")
        self.placeholders.itemActivated.connect(
            lambda item: self.module_body.insertPlainText(item.data(Qt.ItemDataRole.UserRole)))
        form.addRow("Platzhalter:", self.placeholders)
        self.module_save = QPushButton("Textbaustein s&peichern", page)
        self.module_save.setObjectName("moduleSaveButton")
        self.module_save.clicked.connect(self.save_module)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.module_summary)
        right.addWidget(self.module_save, 0, Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        return page

    # --- letterhead ------------------------------------------------------------------------
    def _on_loaded(self, result: tuple[Letterhead, bool, list[TextModule]]) -> None:
        head, four_eyes, modules = result
        self.setEnabled(True)
        self._show_head(head)
        self.four_eyes.setChecked(four_eyes)
        may_switch = self._ctx.workspace.user.role in (Role.LEAD, Role.ADMIN)
        self.four_eyes.setEnabled(may_switch)
        if not may_switch:
            self.four_eyes.setToolTip("Nur die Leitung oder die Administration kann das "
                                      "Vier-Augen-Prinzip umschalten.")
        self._show_modules(modules)
        self.sig_loaded.emit()

    def _show_head(self, head: Letterhead) -> None:
        self._head = head
        for name, edit in self.head_edits.items():
            edit.setText(getattr(head, name))
        self.set_logo(head.logo)

    def head(self) -> Letterhead:
        values = {name: edit.text().strip() for name, edit in self.head_edits.items()}
        return Letterhead(**values, logo=self._logo)

    def set_logo(self, data: bytes | None) -> None:
        self._logo = data
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText("Kein Logo" if not data else "Bild nicht lesbar")
            self.logo_label.setAccessibleName("Kein Logo")
        else:
            self.logo_label.setPixmap(QPixmap.fromImage(image.scaledToHeight(
                72, Qt.TransformationMode.SmoothTransformation)))
            self.logo_label.setAccessibleName(
                f"Logo, {image.width()} × {image.height()} Pixel")
        self.logo_remove.setEnabled(bool(data))

    def choose_logo(self) -> None:
        dialog = QFileDialog(self, "Logo wählen", str(Path.home()),
                             "Bilder (*.png *.jpg *.jpeg)")
        dialog.setObjectName("logoOpenDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_logo)
        dialog.open()

    def load_logo(self, path: str) -> None:
        if path:
            self._run(read_file, path, label="Logo laden", done=self.set_logo)

    def save_letterhead(self) -> None:
        self.head_errors.clear()
        self._run(save_head, self._ctx.workspace, self.head(), self.four_eyes.isChecked(),
                  label="Briefkopf speichern", done=self._on_head_saved,
                  errors=self.head_errors)

    def _on_head_saved(self, head: Letterhead) -> None:
        self._show_head(head)
        self.status.setText("Briefkopf gespeichert.")
        self.sig_saved.emit("letterhead")

    # --- text modules ----------------------------------------------------------------------
    def _show_modules(self, modules: list[TextModule], current: str | None = None) -> None:
        self._modules = list(modules)
        self.module_list.blockSignals(True)
        self.module_list.clear()
        for module in modules:
            item = QListWidgetItem(module.title, self.module_list)
            item.setToolTip(", ".join(k.label for k in LetterKind if k in module.kinds))
        self.module_list.blockSignals(False)
        keys = [m.key for m in modules]
        row = keys.index(current) if current in keys else (0 if modules else -1)
        self.module_list.setCurrentRow(row)
        self._on_module_selected(row)

    def _current_module(self) -> TextModule | None:
        row = self.module_list.currentRow()
        return self._modules[row] if 0 <= row < len(self._modules) else None

    def _on_module_selected(self, _row: int) -> None:
        module = self._current_module()
        self.module_errors.clear()
        self.module_title.setText(module.title if module else "")
        self.module_body.setPlainText(module.body if module else "")
        for kind, box in self.module_kinds.items():
            box.setChecked(module is not None and kind in module.kinds)
        self.module_delete.setEnabled(module is not None)

    def new_module(self) -> None:
        self.module_list.clearSelection()
        self.module_list.setCurrentRow(-1)
        self._on_module_selected(-1)
        self.module_title.setFocus()

    def edited_module(self) -> TextModule:
        current = self._current_module()
        kinds = frozenset(k for k, box in self.module_kinds.items() if box.isChecked())
        module = TextModule(current.key if current else f"custom_{uuid.uuid4().hex[:10]}",
                            self.module_title.text().strip(), kinds,
                            self.module_body.toPlainText().strip())
        return replace(module)

    def save_module(self) -> None:
        self.module_errors.clear()
        module = self.edited_module()

        def saved(stored: TextModule) -> None:
            self.status.setText(f"Textbaustein „{stored.title}“ gespeichert.")
            self.sig_saved.emit("module")
            self._run(self._ctx.workspace.letters.text_modules, label="Textbausteine laden",
                      done=lambda modules: self._show_modules(modules, stored.key))

        self._run(self._ctx.workspace.letters.save_text_module, module,
                  label="Textbaustein speichern", done=saved, errors=self.module_errors)

    def delete_module(self) -> None:
        module = self._current_module()
        if module is None:
            return

        def deleted(_result: object) -> None:
            self.status.setText(f"Textbaustein „{module.title}“ gelöscht.")
            self._run(self._ctx.workspace.letters.text_modules, label="Textbausteine laden",
                      done=self._show_modules)

        self._run(self._ctx.workspace.letters.delete_text_module, module.key,
                  label="Textbaustein löschen", done=deleted)

    # --- helpers ---------------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], *args: Any, label: str,
             done: Callable[[Any], None], errors: FieldErrors | None = None) -> None:
        if self._ctx.session.workspace is None:
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, InvalidInputError) and errors is not None:
                errors.show(error.problems)
            else:
                self._on_failed(error)

        self._ctx.runner.run(fn, *args, owner=self, label=label, on_success=done,
                             on_error=failed)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, InvalidInputError):
            self.status.setText(" ".join(error.problems.values()))
        elif isinstance(error, UserFacingError):
            self.status.setText(error.message)
        elif isinstance(error, OSError):
            self.status.setText(f"Die Datei lässt sich nicht lesen: {error.strerror or error}")
        else:
            self._ctx.errors.show(error, self)
