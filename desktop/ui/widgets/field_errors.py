"""Input problems shown at the fields: red border, tooltip, a message under the field and a
summary under the form.

Services raise ``InvalidInputError`` whose ``problems`` map a field name (``family_name``,
``aliases.0``) to a German message. A form binds its widgets to those names once;
``FieldErrors.show(problems)`` then marks every named widget and lists the messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR = "#b3261e"
_SAVED_TOOLTIP = "_fieldErrorSavedToolTip"
_SAVED_STYLE = "_fieldErrorSavedStyle"


def _qt_class_name(widget: QWidget) -> str:
    """The nearest Qt base class name, for a style-sheet type selector."""
    for cls in type(widget).__mro__:
        if cls.__module__.startswith("PySide6"):
            return cls.__name__
    return "QWidget"


def mark_invalid(widget: QWidget, message: str) -> None:
    """Red border and the message as tooltip and accessible description."""
    if widget.property(_SAVED_STYLE) is None:
        widget.setProperty(_SAVED_STYLE, widget.styleSheet())
        widget.setProperty(_SAVED_TOOLTIP, widget.toolTip())
    selector = _qt_class_name(widget)
    widget.setStyleSheet(f"{selector} {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}")
    widget.setToolTip(message)
    widget.setAccessibleDescription(message)


def clear_invalid(widget: QWidget) -> None:
    saved_style = widget.property(_SAVED_STYLE)
    if saved_style is None:
        return
    widget.setStyleSheet(saved_style)
    widget.setToolTip(widget.property(_SAVED_TOOLTIP) or "")
    widget.setAccessibleDescription("")
    widget.setProperty(_SAVED_STYLE, None)
    widget.setProperty(_SAVED_TOOLTIP, None)


def is_marked(widget: QWidget) -> bool:
    return widget.property(_SAVED_STYLE) is not None


def error_label(parent: QWidget | None = None) -> QLabel:
    """A small red label for a message; hidden while empty."""
    label = QLabel(parent)
    label.setObjectName("fieldErrorLabel")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.hide()
    return label


@dataclass
class _Binding:
    name: str
    widget: QWidget
    title: str
    label: QLabel


class FieldErrors(QObject):
    """Maps problem keys onto bound widgets and a summary label (see module docstring).

    A widget may handle its own sub-fields: if it has ``show_field_error(key, message)`` and
    ``clear_field_errors()`` (the alias editor marks row *n* for ``aliases.n``), those are
    called instead of the generic red border.
    """

    def __init__(self, summary: QLabel | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bindings: dict[str, _Binding] = {}
        self._summary = summary
        self._problems: dict[str, str] = {}
        if summary is not None:
            summary.setWordWrap(True)
            summary.setStyleSheet(f"color: {ERROR_COLOUR};")
            summary.hide()

    def bind(self, name: str, widget: QWidget, title: str) -> QWidget:
        """Binds ``widget`` to the problem key ``name``; returns the widget with its message
        label below it, to be put into the form layout instead of the bare widget."""
        holder = QWidget()
        # The holder grows as its field does (a multi-line field takes the spare height).
        holder.setSizePolicy(widget.sizePolicy())
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = error_label(holder)
        layout.addWidget(label)
        self._bindings[name] = _Binding(name, widget, title, label)
        self._connect_clearing(name, widget)
        return holder

    def add_row(self, form: QFormLayout, label: str | QLabel, name: str, widget: QWidget,
                title: str, *, anchor: QWidget | None = None) -> QLabel:
        """Adds ``label`` and the bound ``widget`` as a form row. The label keeps to the
        height of the field's first line (``anchor``), so that a message appearing below the
        field does not move it away from its field."""
        if isinstance(label, str):
            label = QLabel(label, widget.parentWidget())
        label.setBuddy(widget)
        target = anchor or widget
        if isinstance(target, QAbstractScrollArea):
            # A multi-line field: the label stands at its first line.
            height = target.fontMetrics().height() + 2 * target.frameWidth() + 8
        else:
            height = target.sizeHint().height()
        label.setFixedHeight(min(height, target.maximumHeight()))
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(label, self.bind(name, widget, title))
        return label

    def widget(self, name: str) -> QWidget | None:
        binding = self._bindings.get(name)
        return binding.widget if binding else None

    @property
    def problems(self) -> dict[str, str]:
        return dict(self._problems)

    def message_at(self, name: str) -> str:
        """The message shown under the field ``name`` (empty if none)."""
        binding = self._bindings.get(name)
        return binding.label.text() if binding else ""

    def show(self, problems: dict[str, str]) -> None:
        """Marks the fields named in ``problems``; focuses the first one in form order."""
        self.clear()
        self._problems = dict(problems)
        per_field: dict[str, list[str]] = {}
        for key, message in problems.items():
            base = key.split(".", 1)[0]
            binding = self._bindings.get(base)
            if binding is None:
                continue
            per_field.setdefault(base, []).append(message)
            if hasattr(binding.widget, "show_field_error"):
                binding.widget.show_field_error(key, message)
            else:
                mark_invalid(binding.widget, message)
        for base, messages in per_field.items():
            label = self._bindings[base].label
            label.setText("\n".join(dict.fromkeys(messages)))
            label.show()
        self._update_summary()
        for binding in self._bindings.values():
            if binding.name in per_field:
                binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def clear(self) -> None:
        self._problems = {}
        for binding in self._bindings.values():
            self._clear_binding(binding)
        self._update_summary()

    def clear_field(self, name: str) -> None:
        binding = self._bindings.get(name)
        if binding is None:
            return
        self._problems = {k: v for k, v in self._problems.items()
                          if k.split(".", 1)[0] != name}
        self._clear_binding(binding)
        self._update_summary()

    def _clear_binding(self, binding: _Binding) -> None:
        if hasattr(binding.widget, "clear_field_errors"):
            binding.widget.clear_field_errors()
        else:
            clear_invalid(binding.widget)
        binding.label.clear()
        binding.label.hide()

    def _update_summary(self) -> None:
        """One line naming the marked fields (their messages stand at the fields), plus in
        full every message that has no field on this form."""
        if self._summary is None:
            return
        if not self._problems:
            self._summary.clear()
            self._summary.hide()
            return
        titles: list[str] = []
        loose: list[str] = []
        for key, message in self._problems.items():
            binding = self._bindings.get(key.split(".", 1)[0])
            if binding is None:
                loose.append(message)
            elif binding.title not in titles:
                titles.append(binding.title)
        lines = []
        if titles:
            lines.append(f"Bitte die markierten Eingaben prüfen: {', '.join(titles)}.")
        lines.extend(loose)
        self._summary.setText("\n".join(lines))
        self._summary.show()

    def _connect_clearing(self, name: str, widget: QWidget) -> None:
        """Editing a marked field takes its mark away."""
        def clear(*_args: object) -> None:
            if any(k.split(".", 1)[0] == name for k in self._problems):
                self.clear_field(name)

        signal = getattr(widget, "sig_changed", None)
        if signal is None:
            if isinstance(widget, QLineEdit):
                signal = widget.textEdited
            elif isinstance(widget, QComboBox):
                signal = widget.currentIndexChanged
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                signal = widget.textChanged
            elif isinstance(widget, QAbstractButton):
                signal = widget.toggled
        if signal is not None:
            signal.connect(clear)
