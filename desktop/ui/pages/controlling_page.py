"""The "Controlling" page: per Ausländerbehörde and per caseworker what is open and overdue;
a click (or Enter) on a number shows the rows behind it below, whose lines open their case;
"Sachstandsanfragen vorbereiten …" turns the selected overdue rows into a letter batch; the
tab "Haftentlassungen" lists the releases of the next 3/6/12 months and whether the ABH knows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.letters import LetterKind
from desktop.services.controlling_models import (
    AuthorityLine,
    CaseworkerLine,
    ControllingItem,
    ControllingOverview,
    Figure,
    ReleaseLine,
)
from desktop.ui.context import AppContext
from desktop.ui.dialogs.batch_letters import BatchLettersDialog
from desktop.ui.models.controlling_model import (
    AuthorityModel,
    CaseworkerModel,
    ItemsModel,
    ReleasesModel,
)
from desktop.ui.pages.case_tab import rows_view

RELEASE_MONTHS = (3, 6, 12)


class ControllingPage(QWidget):
    """See module docstring. ``sig_open_case(case_id)`` asks the window to open a case."""

    sig_open_case = Signal(str)
    sig_loaded = Signal()              # the overview is shown
    sig_items_loaded = Signal(int)     # the rows behind a number are shown
    sig_releases_loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controllingPage")
        self._ctx = ctx
        self._seq = 0
        self._item_seq = 0
        self._release_seq = 0
        self.batch_dialog: BatchLettersDialog | None = None

        title = QLabel("Controlling", self)
        font = title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        title.setFont(font)
        self.stand = QLabel(self)
        self.stand.setObjectName("controllingStand")
        self.refresh_button = QPushButton("&Aktualisieren", self)
        self.refresh_button.setObjectName("controllingRefresh")
        self.refresh_button.clicked.connect(self.reload)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.stand, 1)
        head.addWidget(self.refresh_button)

        self.authority_model = AuthorityModel(self)
        self.authorities = self._figure_view(self.authority_model, "controllingAuthorities",
                                             "Ausländerbehörden: offene und überfällige "
                                             "Vorgänge")
        self.caseworker_model = CaseworkerModel(self)
        self.caseworkers = self._figure_view(self.caseworker_model, "controllingCaseworkers",
                                             "Bearbeitung: offene und überfällige Vorgänge")

        self.items_title = QLabel("Eine Zahl anklicken (oder Eingabe), um die Liste dazu "
                                  "zu sehen.", self)
        self.items_title.setObjectName("controllingItemsTitle")
        self.items_title.setWordWrap(True)
        self.items_model = ItemsModel(self)
        self.items = rows_view(self, self.items_model, "controllingItems",
                               stretch=ItemsModel.WHAT, widths={0: 150, 1: 180, 2: 130, 4: 90})
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.items.setAccessibleName("Liste zur ausgewählten Zahl")
        self.items.activated.connect(self._on_item_activated)
        self.items.doubleClicked.connect(self._on_item_activated)
        self.items.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.open_button = QPushButton("Fall ö&ffnen", self)
        self.open_button.setObjectName("controllingOpenCase")
        self.open_button.setToolTip("Den Fall der ausgewählten Zeile öffnen (Eingabe)")
        self.open_button.clicked.connect(self.open_selected)
        self.status_request_button = QPushButton("&Sachstandsanfragen vorbereiten …", self)
        self.status_request_button.setObjectName("controllingStatusRequests")
        self.status_request_button.setToolTip(
            "Für die Fälle der ausgewählten überfälligen Zeilen Sachstandsanfragen an die "
            "zuständige ABH als Serienbrief erstellen")
        self.status_request_button.clicked.connect(self.prepare_status_requests)
        item_bar = QHBoxLayout()
        item_bar.addWidget(self.items_title, 1)
        item_bar.addWidget(self.open_button)
        item_bar.addWidget(self.status_request_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(item_bar)
        lower_layout.addWidget(self.items, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("controllingTabs")
        self.tabs.addTab(self.authorities, "&Ausländerbehörden")
        self.tabs.addTab(self.caseworkers, "&Bearbeitung")
        self.tabs.addTab(self._releases_tab(), "&Haftentlassungen")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(head)
        layout.addWidget(self.splitter, 1)
        ctx.session.sig_locked.connect(self.clear)
        self._update_buttons()

    def _figure_view(self, model: AuthorityModel | CaseworkerModel, name: str,
                     accessible: str) -> QTableView:
        view = rows_view(self, model, name, stretch=0, widths={})
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setAccessibleName(accessible)
        view.activated.connect(self._on_figure_activated)
        view.clicked.connect(self._on_figure_activated)
        header = view.horizontalHeader()
        header.setDefaultSectionSize(130)
        for column in range(1, model.columnCount()):
            # The figure columns fit their (long) German titles; the name takes the rest.
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return view

    def _releases_tab(self) -> QWidget:
        box = QWidget(self)
        self.months = QComboBox(box)
        self.months.setObjectName("controllingMonths")
        self.months.setAccessibleName("Zeitraum der Haftentlassungen")
        for months in RELEASE_MONTHS:
            self.months.addItem(f"nächste {months} Monate", months)
        self.months.currentIndexChanged.connect(lambda _i: self.reload_releases())
        label = QLabel("&Zeitraum:", box)
        label.setBuddy(self.months)
        self.release_count = QLabel(box)
        self.release_count.setObjectName("controllingReleaseCount")
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.months)
        bar.addWidget(self.release_count, 1)
        self.releases_model = ReleasesModel(box)
        self.releases = rows_view(box, self.releases_model, "controllingReleases", stretch=3,
                                  widths={0: 90, 1: 150, 2: 150, 4: 200, 5: 180, 6: 90, 7: 170})
        self.releases.setAccessibleName("Haftentlassungen und Mitteilungen an die ABH")
        self.releases.activated.connect(self._on_release_activated)
        self.releases.doubleClicked.connect(self._on_release_activated)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.releases, 1)
        return box

    # --- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        if self._ctx.session.workspace is None:
            return
        self._seq += 1
        seq = self._seq
        self._ctx.runner.run(self._ctx.workspace.controlling.overview, owner=self,
                             label="Controlling laden",
                             on_success=lambda overview: self._on_loaded(seq, overview))
        if self.tabs.currentIndex() == 2:
            self.reload_releases()

    def reload_releases(self) -> None:
        if self._ctx.session.workspace is None:
            return
        self._release_seq += 1
        seq = self._release_seq
        self._ctx.runner.run(self._ctx.workspace.controlling.releases,
                             int(self.months.currentData()), owner=self,
                             label="Haftentlassungen laden",
                             on_success=lambda rows: self._on_releases(seq, rows))

    def clear(self) -> None:
        self._seq += 1
        self._item_seq += 1
        self._release_seq += 1
        for model in (self.authority_model, self.caseworker_model, self.items_model,
                      self.releases_model):
            model.clear()
        self.stand.clear()
        self.release_count.clear()
        if self.batch_dialog is not None:
            self.batch_dialog.reject()

    def show_items(self, view: QTableView, row: int, figure: Figure) -> None:
        """Loads the rows behind ``figure`` of line ``row`` of ``view``."""
        if self._ctx.session.workspace is None:
            return
        controlling = self._ctx.workspace.controlling
        call: Callable[[str, Figure], list[ControllingItem]]
        if view is self.authorities:
            authority: AuthorityLine = self.authority_model.row(row)
            call, key, name = controlling.authority_items, authority.partner_id, authority.name
        else:
            worker: CaseworkerLine = self.caseworker_model.row(row)
            call, key, name = controlling.caseworker_items, worker.user_id, worker.name
        self._item_seq += 1
        seq = self._item_seq
        title = f"{figure.label} – {name}"
        self.items_title.setText(f"{title}: wird geladen …")
        self._ctx.runner.run(call, key, figure, owner=self, label="Liste laden",
                             on_success=lambda rows: self._on_items(seq, title, rows))

    # --- actions -------------------------------------------------------------------------------
    def selected_items(self) -> list[ControllingItem]:
        rows = sorted(i.row() for i in self.items.selectionModel().selectedRows())
        return [self.items_model.row(r) for r in rows]

    def open_selected(self) -> None:
        items = self.selected_items()
        if items and self._ctx.session.workspace is not None:
            self.sig_open_case.emit(items[0].case_id)

    def prepare_status_requests(self) -> None:
        """The batch dialog for the cases of the selected overdue rows (each case once)."""
        if self._ctx.session.workspace is None or self.batch_dialog is not None:
            return
        case_ids = list(dict.fromkeys(i.case_id for i in self.selected_items()
                                      if i.days_overdue > 0))
        if not case_ids:
            return
        dialog = BatchLettersDialog(self._ctx, case_ids, kind=LetterKind.STATUS_REQUEST,
                                    title="Sachstandsanfragen vorbereiten", parent=self)
        dialog.finished.connect(lambda _r, d=dialog: self._on_batch_closed(d))
        dialog.sig_finished.connect(lambda _result: self.reload())
        self.batch_dialog = dialog
        dialog.open()

    # --- slots ---------------------------------------------------------------------------------
    def _on_loaded(self, seq: int, overview: ControllingOverview) -> None:
        if seq != self._seq:
            return
        self.authority_model.set_rows(overview.authorities)
        self.caseworker_model.set_rows(overview.caseworkers)
        self.stand.setText(f"Stand {overview.today.strftime('%d.%m.%Y')}")
        self.sig_loaded.emit()

    def _on_items(self, seq: int, title: str, rows: list[ControllingItem]) -> None:
        if seq != self._item_seq:
            return
        self.items_model.set_rows(rows)
        self.items_title.setText(f"{title}: {len(rows)} {'Zeile' if len(rows) == 1 else 'Zeilen'}")
        if rows:
            self.items.selectRow(0)
        self._update_buttons()
        self.sig_items_loaded.emit(len(rows))

    def _on_releases(self, seq: int, rows: list[ReleaseLine]) -> None:
        if seq != self._release_seq:
            return
        self.releases_model.set_rows(rows)
        uninformed = sum(1 for r in rows if not r.informed)
        self.release_count.setText(f"{len(rows)} Entlassungen, davon {uninformed} ohne "
                                   "Mitteilung an die ABH")
        self.sig_releases_loaded.emit(len(rows))

    def _on_figure_activated(self, index: QModelIndex) -> None:
        view = self.sender()
        if not index.isValid() or not isinstance(view, QTableView):
            return
        model = view.model()
        assert isinstance(model, AuthorityModel | CaseworkerModel)
        self.show_items(view, index.row(), model.figure_at(index.column()))

    def _on_item_activated(self, index: QModelIndex) -> None:
        if index.isValid() and self._ctx.session.workspace is not None:
            self.sig_open_case.emit(self.items_model.row(index.row()).case_id)

    def _on_release_activated(self, index: QModelIndex) -> None:
        if index.isValid() and self._ctx.session.workspace is not None:
            self.sig_open_case.emit(self.releases_model.row(index.row()).case_id)

    def _on_tab_changed(self, index: int) -> None:
        if index == 2 and self.releases_model.rowCount() == 0:
            self.reload_releases()

    def _on_batch_closed(self, dialog: BatchLettersDialog) -> None:
        if self.batch_dialog is dialog:
            self.batch_dialog = None
        dialog.deleteLater()

    def _update_buttons(self) -> None:
        items = self.selected_items()
        self.open_button.setEnabled(bool(items))
        self.status_request_button.setEnabled(any(i.days_overdue > 0 for i in items))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def focus_table(self) -> None:
        current = self.tabs.currentWidget()
        target = current if isinstance(current, QTableView) else self.releases
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
