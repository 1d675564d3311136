"""What the case tabs Verlauf and Maßnahmen share: their base class, table and add form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.errors import InvalidInputError, NotFoundError, UserFacingError
from desktop.ui.context import AppContext
from desktop.ui.widgets.field_errors import FieldErrors


def rows_view(parent: QWidget, model: QAbstractItemModel, name: str, *, stretch: int,
              widths: dict[int, int]) -> QTableView:
    """A table of ``model`` that selects one whole row; column ``stretch`` takes the spare
    width, the others start at ``widths`` and can be resized."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths.items():
        header.resizeSection(column, width)
    return view


def add_form(box: QWidget) -> QFormLayout:
    """The layout of an add form in ``box``; its fields grow with the box."""
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def add_submit_row(form: QFormLayout, summary: QLabel, button: QPushButton) -> None:
    """The last row of an add form: the error summary, and the button on the right."""
    row = QHBoxLayout()
    row.addWidget(summary, 1)
    row.addStretch(0)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
    form.addRow(row)


class CaseTab(QWidget):
    """A tab showing rows of the case ``_case_id``; results for another case are dropped.

    Subclasses give the query (``_query``, ``LOAD_LABEL``), show its result (``_show``) and
    empty their add form (``_reset_inputs``); they also provide ``set_case``, ``errors``
    and ``_set_busy``.
    """

    LOAD_LABEL = ""
    errors: FieldErrors

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._case_id: str | None = None
        self._busy = False

    def reload(self) -> None:
        """Loads the current case's rows again, on the worker."""
        case_id = self._case_id
        if case_id is None:
            return
        fn, args = self._query(case_id)
        self._ctx.runner.run(fn, *args, on_success=lambda rows: self._on_loaded(case_id, rows),
                             owner=self, label=self.LOAD_LABEL)

    def clear(self) -> None:
        """Forgets the case and empties the add form (on lock)."""
        self.set_case(None)
        self._reset_inputs()
        self.errors.clear()
        self._set_busy(False)

    # --- for subclasses ---------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        raise NotImplementedError

    def _query(self, case_id: str) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        """The service call that loads the rows of ``case_id``, and its arguments."""
        raise NotImplementedError

    def _show(self, rows: Any, /) -> None:
        """Shows the loaded ``rows`` (the result of ``_query``)."""
        raise NotImplementedError

    def _reset_inputs(self) -> None:
        raise NotImplementedError

    def _set_busy(self, busy: bool) -> None:
        raise NotImplementedError

    # --- slots ------------------------------------------------------------------------------
    def _on_loaded(self, case_id: str, rows: Any) -> None:
        if case_id == self._case_id:
            self._show(rows)


def report_failure(ctx: AppContext, parent: QWidget, error: BaseException, *,
                   say: Callable[..., None], reload: Callable[[], None]) -> None:
    """How a case tab reports a failed action: input problems and German errors in its own
    status line (a row deleted meanwhile reloads the tab); anything else in the error box."""
    if isinstance(error, InvalidInputError):
        say(" ".join(error.problems.values()), error=True)
    elif isinstance(error, UserFacingError):
        say(error.message, error=True)
        if isinstance(error, NotFoundError):
            reload()
    else:
        ctx.errors.show(error, parent)
