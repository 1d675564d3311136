"""The "Heute" page, the start page: what is overdue, due today and this week, Duldungen that
expire within four weeks, replies awaited, and quiet cases.

The desk is built on the worker whenever the page is shown, on F5, when a setting changes and
after a case was changed while the page is visible. Enter or a double click on a line emits
``sig_open_case(case_id)``; the main window then opens the case on the "Fälle" page.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.read_models import Desk, DeskSectionKey
from desktop.ui.context import AppContext
from desktop.ui.models.desk_model import COLUMNS, DeskModel, count_text, long_date

SETTINGS_INACTIVE_DAYS = "desk/inactive_days"
DEFAULT_INACTIVE_DAYS = 60
MAX_INACTIVE_DAYS = 3650
SETTING_DELAY_MS = 400
DEFAULT_WIDTHS = (175, 175, 160, 200, 300)  # "Mo 09.11.2026 09:00 Uhr" fits the first
OVERDUE_STYLE = "QPushButton { color: #b3261e; font-weight: bold; }"


class DeskPage(QWidget):
    """See module docstring."""

    sig_open_case = Signal(str)
    sig_loaded = Signal()  # a build has arrived and is shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskPage")
        self._ctx = ctx
        self._seq = 0  # bumped by every request and by clear(); older answers are dropped
        self._loading = False
        self._again = False
        self._keep: tuple[str, str] | None = None  # (case id, source id) to reselect

        self.title = QLabel(self)
        self.title.setObjectName("deskTitle")
        font = QFont(self.title.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title.setFont(font)
        self._set_title(date.today())  # noqa: DTZ011 - the local calendar day

        self.section_buttons: dict[DeskSectionKey, QPushButton] = {}
        counts = QHBoxLayout()
        counts.setSpacing(6)
        for key in DeskSectionKey:
            button = QPushButton(self)
            button.setObjectName(f"deskCount_{key.value}")
            button.setFlat(True)
            button.setToolTip(f"Zum Abschnitt „{key.label}“ springen")
            button.clicked.connect(lambda _checked=False, k=key: self.go_to_section(k))
            self.section_buttons[key] = button
            counts.addWidget(button)
        counts.addStretch(1)

        self.all_check = QCheckBox("&Alle Sachbearbeitungen", self)
        self.all_check.setObjectName("deskAllCaseworkers")
        self.all_check.setToolTip("Aus: nur die eigenen Fälle. An: die Fälle aller "
                                  "Sachbearbeitungen.")
        self.all_check.setAccessibleName("Fälle aller Sachbearbeitungen zeigen")
        self.all_check.toggled.connect(self._on_setting_changed)
        self.days_spin = QSpinBox(self)
        self.days_spin.setObjectName("deskInactiveDays")
        self.days_spin.setRange(1, MAX_INACTIVE_DAYS)
        self.days_spin.setValue(self._stored_days())
        self._update_suffix(self.days_spin.value())
        self.days_spin.setAccessibleName("Ohne Aktivität seit wie vielen Tagen")
        self.days_spin.setToolTip("Fälle ohne Eintrag im Verlauf seit so vielen Tagen")
        days_label = QLabel("&Ohne Aktivität seit", self)
        days_label.setBuddy(self.days_spin)
        self.refresh_button = QPushButton("Akt&ualisieren", self)
        self.refresh_button.setObjectName("deskRefresh")
        self.refresh_button.setToolTip("Die Übersicht neu laden (F5)")
        self.refresh_button.clicked.connect(lambda: self.refresh(force=True))
        counts.addWidget(self.all_check)
        counts.addSpacing(12)
        counts.addWidget(days_label)
        counts.addWidget(self.days_spin)
        counts.addSpacing(12)
        counts.addWidget(self.refresh_button)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("deskStatus")

        self.model = DeskModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("deskTable")
        self.table.setAccessibleName("Heute: fällige und überfällige Einträge")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(DEFAULT_WIDTHS):
            header.resizeSection(column, width)
        self.table.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._apply_spans)

        self._setting_timer = QTimer(self)
        self._setting_timer.setSingleShot(True)
        self._setting_timer.setInterval(SETTING_DELAY_MS)
        self._setting_timer.timeout.connect(self._on_setting_changed)
        self.days_spin.valueChanged.connect(self._on_days_changed)
        self.days_spin.editingFinished.connect(self._flush_days)

        # F5 while the page is shown (a shortcut of a hidden widget does not fire).
        self.refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.refresh_shortcut.activated.connect(lambda: self.refresh(force=True))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        self.setTabOrder(self.refresh_button, self.table)

        ctx.session.sig_locked.connect(self.clear)
        self._show_counts(None)

    # --- life cycle -------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        """After unlocking (or when shown): builds the desk unless a build is under way."""
        self.refresh(force=False)

    def clear(self) -> None:
        """On lock: forgets every line; answers still under way are dropped."""
        self._seq += 1
        self._loading = False
        self._again = False
        self._keep = None
        self._setting_timer.stop()
        self.model.clear()
        self.all_check.blockSignals(True)
        self.all_check.setChecked(False)
        self.all_check.blockSignals(False)
        self._show_counts(None)
        self.status_label.clear()

    def refresh(self, *, force: bool = True) -> None:
        """Builds the desk on the worker; ``force``: again after a build under way."""
        workspace = self._ctx.session.workspace
        if workspace is None:
            return
        if self._loading:
            self._again = self._again or force
            return
        self._remember_current()
        self._seq += 1
        seq = self._seq
        self._loading = True
        self.status_label.setText("Wird aktualisiert …")
        caseworker = None if self.all_check.isChecked() else workspace.user.id
        self._ctx.runner.run(
            workspace.desk.build, owner=self, label="Heute laden",
            inactive_days=self.days_spin.value(), caseworker_id=caseworker or None,
            on_success=lambda desk: self._on_built(seq, desk),
            on_error=lambda error: self._on_failed(seq, error))

    def notify_case_changed(self, _case_id: str = "") -> None:
        """A case was saved elsewhere: rebuild now if shown (else when next shown)."""
        if self.isVisible():
            self.refresh(force=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    # --- results ----------------------------------------------------------------------------
    def _on_built(self, seq: int, desk: Desk) -> None:
        if seq != self._seq:
            return
        self._loading = False
        self.model.set_desk(desk)
        self._set_title(desk.today)
        self._show_counts(desk)
        who = "alle Sachbearbeitungen" if desk.caseworker_id is None else "eigene Fälle"
        self.status_label.setText(f"Stand {datetime.now().strftime('%H:%M')} Uhr – {who}")  # noqa: DTZ005 - local wall time
        self._restore_current()
        if self._again:
            self._again = False
            self.refresh(force=False)
        else:
            self.sig_loaded.emit()

    def _on_failed(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        self._loading = False
        self._again = False
        self.status_label.setText("Die Übersicht konnte nicht geladen werden.")
        self._ctx.errors.show(error, self)

    def _set_title(self, today: date) -> None:
        self.title.setText(f"Heute, {long_date(today)}")

    def _show_counts(self, desk: Desk | None) -> None:
        for key, button in self.section_buttons.items():
            if desk is None:
                text = f"{key.label}: –"
                overdue = False
            else:
                section = desk.section(key)
                text = f"{key.label}: {count_text(section)}"
                overdue = key == DeskSectionKey.OVERDUE and section.count > 0
            button.setText(text)
            button.setAccessibleName(f"{text}, zum Abschnitt springen")
            button.setStyleSheet(OVERDUE_STYLE if overdue else "")
            button.setEnabled(desk is not None)

    def _apply_spans(self) -> None:
        self.table.clearSpans()
        for row in range(self.model.rowCount()):
            if self.model.item(row) is None:
                self.table.setSpan(row, 0, 1, len(COLUMNS))

    # --- navigation -------------------------------------------------------------------------
    def go_to_section(self, key: DeskSectionKey) -> None:
        """Scrolls to the section, selects its first line and gives the table the focus."""
        row = self.model.section_row(key)
        if row < 0:
            return
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        target = row + 1 if self.model.item(row + 1) is not None else row
        self._set_current(target)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_current(self, row: int) -> None:
        """Makes ``row`` current; a case's line is selected too (a header cannot be)."""
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows
                 if self.model.item(row) is not None
                 else QItemSelectionModel.SelectionFlag.Clear)
        self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)

    def _remember_current(self) -> None:
        item = self.model.item(self.table.currentIndex().row())
        if item is not None:
            self._keep = (item.case_id, item.source_id)

    def _restore_current(self) -> None:
        keep, self._keep = self._keep, None
        if keep is None:
            return
        row = self.model.row_of(*keep)
        if row >= 0:
            self._set_current(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _on_activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id:
            self.sig_open_case.emit(case_id)

    # --- settings ---------------------------------------------------------------------------
    def _stored_days(self) -> int:
        value = self._ctx.settings.value(SETTINGS_INACTIVE_DAYS, DEFAULT_INACTIVE_DAYS)
        try:
            days = int(str(value))
        except (TypeError, ValueError):
            return DEFAULT_INACTIVE_DAYS
        return days if 1 <= days <= MAX_INACTIVE_DAYS else DEFAULT_INACTIVE_DAYS

    def _update_suffix(self, value: int) -> None:
        self.days_spin.setSuffix(" Tag" if value == 1 else " Tagen")

    def _on_days_changed(self, value: int) -> None:
        self._update_suffix(value)
        self._setting_timer.start()

    def _flush_days(self) -> None:
        if self._setting_timer.isActive():
            self._setting_timer.stop()
            self._on_setting_changed()

    def _on_setting_changed(self, *_args: object) -> None:
        self._setting_timer.stop()
        self._ctx.settings.setValue(SETTINGS_INACTIVE_DAYS, self.days_spin.value())
        self.refresh(force=True)
