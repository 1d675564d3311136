"""The "Konferenzen" page: upcoming and past conferences and the open decisions across them,
filtered by partner and by case (file number).

Enter (or a double-click) on a conference opens it in the editor; on a decision it opens the
decision's case (``sig_open_case``). "Neue Konferenz …" opens an empty editor. Everything loads
through the task runner; results of an older load are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import InvalidInputError, UserFacingError
from desktop.services.conferences import ConferenceRow, OpenDecisionRow
from desktop.services.read_models import PartnerRef
from desktop.ui.context import AppContext
from desktop.ui.models.conference_models import ConferencesModel, OpenDecisionsModel
from desktop.ui.pages.case_tab import rows_view
from desktop.ui.pages.conference_opener import ConferenceOpener
from desktop.ui.widgets.field_errors import ERROR_COLOUR

ALL = "alle"
FILTER_DELAY_MS = 300


def _section(parent: QWidget, text: str, view: QTableView) -> QWidget:
    box = QWidget(parent)
    label = QLabel(text, box)
    label.setBuddy(view)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(view, 1)
    return box


class ConferencesPage(QWidget):
    """See module docstring."""

    sig_open_case = Signal(str)
    sig_loaded = Signal()  # the three lists are shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conferencesPage")
        self._ctx = ctx
        self._generation = 0
        self._case_id: str | None = None
        self._partners_loaded = False
        self.opener = ConferenceOpener(ctx, self)
        self.opener.sig_changed.connect(self.reload)
        self.opener.sig_failed.connect(lambda text: self._say(text, error=True))

        self.partner = QComboBox(self)
        self.partner.setObjectName("conferencePartnerFilter")
        self.partner.setAccessibleName("Filter Netzwerkpartner")
        self.partner.addItem(ALL, None)
        self.case_filter = QLineEdit(self)
        self.case_filter.setObjectName("conferenceCaseFilter")
        self.case_filter.setAccessibleName("Filter Fall (Aktenzeichen)")
        self.case_filter.setPlaceholderText("Aktenzeichen, z. B. RRK-DUS-2026-00042")
        self.case_filter.setClearButtonEnabled(True)
        self.new_button = QPushButton("&Neue Konferenz …", self)
        self.new_button.setObjectName("conferenceNewButton")
        self.new_button.setToolTip("Eine Konferenz planen")
        self.open_button = QPushButton("Konferenz ö&ffnen", self)
        self.open_button.setObjectName("conferenceOpenButton")
        self.open_button.setToolTip("Die ausgewählte Konferenz öffnen (Eingabe)")
        self.open_case_button = QPushButton("Fall &öffnen", self)
        self.open_case_button.setObjectName("conferenceOpenCaseButton")
        self.open_case_button.setToolTip("Den Fall des ausgewählten Beschlusses öffnen (Eingabe)")
        self.refresh_button = QPushButton("Aktualisieren", self)
        self.refresh_button.setObjectName("conferenceRefreshButton")
        bar = QHBoxLayout()
        for text, widget in (("&Partner:", self.partner), ("Fal&l:", self.case_filter)):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.new_button)

        widths = {0: 150, 1: 150, 2: 160, 4: 95, 5: 115, 6: 150}
        self.upcoming_model = ConferencesModel(self)
        self.upcoming = rows_view(self, self.upcoming_model, "upcomingConferences",
                                  stretch=ConferencesModel.CASES, widths=widths)
        self.upcoming.setAccessibleName("Anstehende Konferenzen")
        self.past_model = ConferencesModel(self)
        self.past = rows_view(self, self.past_model, "pastConferences",
                              stretch=ConferencesModel.CASES, widths=widths)
        self.past.setAccessibleName("Vergangene Konferenzen")
        self.decisions_model = OpenDecisionsModel(self)
        self.decisions = rows_view(self, self.decisions_model, "openDecisions",
                                   stretch=OpenDecisionsModel.WHAT,
                                   widths={0: 180, 2: 85, 3: 150, 4: 200, 5: 140})
        self.decisions.setAccessibleName("Offene Beschlüsse")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(_section(splitter, "&Anstehende Konferenzen", self.upcoming))
        splitter.addWidget(_section(splitter, "&Vergangene Konferenzen", self.past))
        splitter.addWidget(_section(splitter, "Offene &Beschlüsse", self.decisions))
        splitter.setChildrenCollapsible(False)

        self.status = QLabel(self)
        self.status.setObjectName("conferencesStatus")
        self.status.setWordWrap(True)
        title = QLabel("Fallkonferenzen", self)
        font = title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        title.setFont(font)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.open_case_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._last_view = self.upcoming
        for view in (self.upcoming, self.past):
            view.selectionModel().currentChanged.connect(
                lambda *_a, v=view: setattr(self, "_last_view", v))
            view.activated.connect(lambda index, v=view: self._open_conference(v, index))
            view.doubleClicked.connect(lambda index, v=view: self._open_conference(v, index))
        self.decisions.activated.connect(self._open_decision_case)
        self.decisions.doubleClicked.connect(self._open_decision_case)
        self.new_button.clicked.connect(lambda: self.opener.new())
        self.open_button.clicked.connect(self.open_selected)
        self.open_case_button.clicked.connect(
            lambda: self._open_decision_case(self.decisions.currentIndex()))
        self.refresh_button.clicked.connect(self.reload)
        self.partner.currentIndexChanged.connect(lambda _i: self.reload())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self._resolve_case)
        self.case_filter.textChanged.connect(lambda _t: self._timer.start())
        ctx.session.sig_locked.connect(self.clear)

    # --- public ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def focus_table(self) -> None:
        self.upcoming.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def clear(self) -> None:
        """Forgets every row and the partner list (on lock); closes the editor."""
        self._generation += 1
        self._timer.stop()
        self.opener.close()
        for model in (self.upcoming_model, self.past_model, self.decisions_model):
            model.clear()
        self.case_filter.clear()
        self._timer.stop()
        self._case_id = None
        self.partner.blockSignals(True)
        self.partner.clear()
        self.partner.addItem(ALL, None)
        self.partner.blockSignals(False)
        self._partners_loaded = False
        self.status.clear()

    def reload(self) -> None:
        if self._ctx.session.workspace is None:
            return
        self._generation += 1
        service = self._ctx.workspace.conferences
        if not self._partners_loaded:
            self._run(self._ctx.workspace.partners.all, label="Partner laden",
                      done=self._on_partners)
        filters = {"partner_id": self.partner.currentData(), "case_id": self._case_id}
        self._run(service.conferences, upcoming=True, **filters, label="Konferenzen laden",
                  done=lambda rows: self._show(self.upcoming, self.upcoming_model, rows))
        self._run(service.conferences, upcoming=False, **filters, label="Konferenzen laden",
                  done=lambda rows: self._show(self.past, self.past_model, rows))
        self._run(service.open_decisions, **filters, label="Beschlüsse laden",
                  done=self._on_decisions)

    def open_selected(self) -> None:
        """Opens the conference chosen last in either table."""
        view = self._last_view
        self._open_conference(view, view.currentIndex())

    # --- slots -----------------------------------------------------------------------------
    def _on_partners(self, partners: list[PartnerRef]) -> None:
        self._partners_loaded = True
        current = self.partner.currentData()
        self.partner.blockSignals(True)
        for partner in partners:
            self.partner.addItem(partner.label, partner.id)
        self.partner.setCurrentIndex(max(0, self.partner.findData(current)))
        self.partner.blockSignals(False)

    def _show(self, view: QTableView, model: ConferencesModel, rows: list[ConferenceRow]) -> None:
        selected, last = view.currentIndex().row(), self._last_view
        model.set_rows(rows)
        if rows:
            view.selectRow(min(max(selected, 0), len(rows) - 1))
        self._last_view = last

    def _on_decisions(self, rows: list[OpenDecisionRow]) -> None:
        self.decisions_model.set_rows(rows)
        if rows:
            self.decisions.selectRow(0)
        self.sig_loaded.emit()

    def _open_conference(self, view: QTableView, index: QModelIndex) -> None:
        model = view.model()
        if index.isValid() and isinstance(model, ConferencesModel):
            self.opener.open(model.row(index.row()).id)

    def _open_decision_case(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.decisions_model.row(index.row())
        wanted = self._case_id if self._case_id in row.case_ids else None
        case_id = wanted or (row.case_ids[0] if row.case_ids else None)
        if case_id is not None:
            self.sig_open_case.emit(case_id)

    def _resolve_case(self) -> None:
        text = self.case_filter.text().strip()
        if not text:
            self._case_id = None
            self._say("", error=False)
            self.reload()
            return
        if self._ctx.session.workspace is None:
            return

        def found(case_id: str) -> None:
            self._case_id = case_id
            self._say("", error=False)
            self.reload()

        self._run(self._ctx.workspace.cases.find_by_file_number, text,
                  label="Fall suchen", done=found)

    def _run(self, fn: Callable[..., Any], *args: Any, label: str,
             done: Callable[[Any], None], **kwargs: Any) -> None:
        generation = self._generation

        def ok(result: Any) -> None:
            if generation == self._generation:
                done(result)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            if isinstance(error, InvalidInputError):
                self._say(" ".join(error.problems.values()), error=True)
            elif isinstance(error, UserFacingError):
                self._say(error.message, error=True)
            else:
                self._ctx.errors.show(error, self)

        self._ctx.runner.run(fn, *args, **kwargs, on_success=ok, on_error=failed, owner=self,
                             label=label)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.status.setText(text)
