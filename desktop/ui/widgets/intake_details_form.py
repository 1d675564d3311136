"""The fields an intake source brings (Angaben der Quelle), generated from domain/intake.py.

One page of fields per source, plus the justice fields while the MiStra Nr. 42 flag is set.
``details()`` gives the (key, text) pairs of the chosen source only; ``errors`` binds every
field under its key, so the services' ``intake.<key>`` problems are shown with the prefix
taken off (``show_problems``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import IntakeSource
from desktop.domain.intake import (
    JUSTICE_FIELDS,
    MISTRA_KEY,
    MISTRA_LABEL,
    MISTRA_YES,
    SOURCE_FIELDS,
    FieldKind,
    IntakeField,
)
from desktop.ui.widgets.field_errors import FieldErrors

PREFIX = "intake."
DATE_PLACEHOLDER = "TT.MM.JJJJ"


class IntakeDetailsForm(QWidget):
    """See module docstring."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = IntakeSource.POLICE_REPORT
        self._mistra = False
        self.error_summary = QLabel(self)
        self.error_summary.setObjectName("detailsErrorSummary")
        self.errors = FieldErrors(self.error_summary, self)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._page_of: dict[IntakeSource, QGroupBox] = {}

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        # One box per source; only the current one is shown (a hidden box takes no room).
        for source in IntakeSource:
            box = QGroupBox(source.label, self)
            self._fill(box, SOURCE_FIELDS[source])
            box.hide()
            self._page_of[source] = box
        self.justice_box = QGroupBox(MISTRA_LABEL, self)
        self._fill(self.justice_box, JUSTICE_FIELDS)
        self.justice_box.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        for box in self._page_of.values():
            layout.addWidget(box)
        layout.addWidget(self.justice_box)
        layout.addWidget(self.error_summary)
        layout.addStretch(1)
        self.set_source(self._source)
        self._clean = self.state()

    # --- building --------------------------------------------------------------------------
    def _fill(self, box: QGroupBox, fields: tuple[IntakeField, ...]) -> None:
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for item in fields:
            edit: QLineEdit | QPlainTextEdit
            if item.kind == FieldKind.MULTILINE:
                edit = QPlainTextEdit(box)
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
                edit.textChanged.connect(self.sig_changed)
            else:
                edit = QLineEdit(box)
                edit.setMaxLength(item.max_length)
                edit.textChanged.connect(self.sig_changed)
                if item.kind == FieldKind.DATE:
                    edit.setPlaceholderText(DATE_PLACEHOLDER)
            if item.placeholder:
                edit.setPlaceholderText(item.placeholder)
            edit.setObjectName(f"intake_{item.key}")
            edit.setAccessibleName(item.label)
            text = f"{item.label} *" if item.required else item.label
            self.errors.add_row(form, text, item.key, edit, item.label)
            self.edits[item.key] = edit

    # --- values ----------------------------------------------------------------------------
    def current_box(self) -> QGroupBox:
        """The box of the current source's fields."""
        return self._page_of[self._source]

    def set_source(self, source: IntakeSource) -> None:
        self._source = source
        for page_source, page in self._page_of.items():
            page.setVisible(page_source == source)
        self._update_title()

    def set_mistra(self, on: bool) -> None:
        self._mistra = on
        self.justice_box.setVisible(on)
        self.sig_changed.emit()

    def details(self) -> tuple[tuple[str, str], ...]:
        """The pairs of the chosen source (and the justice fields while MiStra is set)."""
        fields = SOURCE_FIELDS[self._source] + (JUSTICE_FIELDS if self._mistra else ())
        pairs = [(f.key, self._text(f.key)) for f in fields]
        if self._mistra:
            pairs.append((MISTRA_KEY, MISTRA_YES))
        return tuple(pairs)

    def _text(self, key: str) -> str:
        edit = self.edits[key]
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Shows the ``intake.<key>`` problems at their fields (others are ignored)."""
        self.errors.show({k.removeprefix(PREFIX): v for k, v in problems.items()
                          if k.startswith(PREFIX)})

    def first_field(self) -> QWidget:
        return self.edits[SOURCE_FIELDS[self._source][0].key]

    def clear(self) -> None:
        self.errors.clear()
        for edit in self.edits.values():
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText("")
            else:
                edit.setText("")
        self.set_mistra(False)
        self._clean = self.state()

    def state(self) -> tuple:
        return (self._mistra, tuple(self._text(k) for k in self.edits))

    def is_dirty(self) -> bool:
        return self.state() != self._clean

    def _update_title(self) -> None:
        self.title.setText(f"Angaben aus der Quelle „{self._source.label}“. "
                           "Pflichtfelder sind mit * markiert.")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
