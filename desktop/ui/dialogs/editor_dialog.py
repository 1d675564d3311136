"""What the letter and conference editors share: one question box at a time (``_box``), work
on the runner with the buttons disabled meanwhile (``_busy``), the error handling of that work
and the question before unsaved changes are discarded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton

from desktop.errors import InvalidInputError, StaleDataError, UserFacingError
from desktop.ui.context import AppContext
from desktop.ui.widgets.question_box import question_box


class EditorDialog(QDialog):
    """Subclasses set ``_ctx``, ``_busy``, ``_box`` and ``status`` and implement
    ``_update_busy``, ``_on_invalid`` and ``_on_stale``."""

    _ctx: AppContext
    _busy: bool
    _box: QMessageBox | None
    status: QLabel

    def _update_busy(self) -> None:
        """Enables or disables what depends on ``_busy``."""
        raise NotImplementedError

    def _on_invalid(self, problems: dict[str, str]) -> None:
        raise NotImplementedError

    def _on_stale(self) -> None:
        """The record was changed elsewhere: says so and reloads it."""
        raise NotImplementedError

    def _button(self, text: str, name: str, tip: str,
                slot: Callable[[], object]) -> QPushButton:
        """A push button that is never the default (Enter stays with the form)."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _confirm(self, icon: QMessageBox.Icon, title: str, text: str, *, name: str, yes: str,
                 yes_role: QMessageBox.ButtonRole, no: str, default_yes: bool,
                 then: Callable[[bool], None]) -> None:
        """Opens a question box as ``_box``; ``then(yes)`` when it closes."""
        def answered(box: QMessageBox, answer: bool) -> None:
            if self._box is box:
                self._box = None
            then(answer)

        box = question_box(self, icon, title, text, name=name, yes=yes, yes_role=yes_role,
                           no=no, default_yes=default_yes, on_answer=answered)
        self._box = box
        box.open()

    def _ask_discard(self, text: str, name: str, close: Callable[[], None]) -> None:
        """Asks before unsaved changes are discarded (unless a box is already open)."""
        if self._box is not None:
            return
        self._confirm(QMessageBox.Icon.Question, "Ungespeicherte Änderungen", text, name=name,
                      yes="Verwerfen", yes_role=QMessageBox.ButtonRole.DestructiveRole,
                      no="Weiter bearbeiten", default_yes=False,
                      then=lambda yes: close() if yes else None)

    def _run(self, fn: Callable[..., Any], *args: Any, label: str,
             done: Callable[[Any], None], **kwargs: Any) -> None:
        self._busy = True
        self._update_busy()

        def finish() -> None:
            self._busy = False
            self._update_busy()

        def ok(result: Any) -> None:
            finish()
            done(result)

        def failed(error: BaseException) -> None:
            finish()
            self._on_failed(error)

        self._ctx.runner.run(fn, *args, **kwargs, on_success=ok, on_error=failed, owner=self,
                             label=label)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, InvalidInputError):
            self._on_invalid(error.problems)
        elif isinstance(error, StaleDataError):
            self._on_stale()
        elif isinstance(error, UserFacingError):
            self.status.setText(error.message)
        else:
            self._ctx.errors.show(error, self)
