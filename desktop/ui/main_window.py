"""The main window: composes the start, unlock and progress screens and the workspace (navigation
with the pages), the menus, the status bar and the lock. It holds no case logic itself."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QWidget,
)

from desktop.errors import OperationCancelled
from desktop.services.workspace import VaultService, VaultState, Workspace
from desktop.ui.context import AppContext
from desktop.ui.dialogs.first_start import FirstStartPage
from desktop.ui.dialogs.global_search import GlobalSearchDialog
from desktop.ui.dialogs.letter_settings import LetterSettingsDialog
from desktop.ui.dialogs.sentence_calculator import SentenceCalculatorDialog
from desktop.ui.lock import IdleLock, SessionLocker
from desktop.ui.pages.cases_page import CasesPage
from desktop.ui.pages.conferences_page import ConferencesPage
from desktop.ui.pages.controlling_page import ControllingPage
from desktop.ui.pages.custody_calendar_page import CustodyCalendarPage
from desktop.ui.pages.desk_page import DeskPage
from desktop.ui.pages.partners_page import PartnersPage
from desktop.ui.pages.progress_page import ProgressPage
from desktop.ui.pages.register_page import RegisterPage
from desktop.ui.pages.statistics_page import StatisticsPage
from desktop.ui.pages.unlock_page import UnlockPage
from desktop.ui.pages.vault_page import VaultPage
from desktop.ui.status_bar import DEMO_MARKER, AppStatusBar
from desktop.ui.tasks import Task

APP_TITLE = "Fallakte RRK"
SETTINGS_GEOMETRY = "window/geometry"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._ctx = ctx
        self._closing = False
        self._shut_down = False
        self._close_when_idle = False
        self._discard_confirmed = False
        self._idle_locked = False
        self._demo_task: Task | None = None
        self._boxes: list[QMessageBox] = []
        self._global_search: GlobalSearchDialog | None = None
        self._letter_settings: LetterSettingsDialog | None = None
        self._calculator: SentenceCalculatorDialog | None = None

        self.first_start = FirstStartPage(ctx, self)
        self.first_start.sig_demo_requested.connect(self.open_demo)
        self.unlock_page = UnlockPage(ctx, self)
        self.progress_page = ProgressPage(ctx, self)
        self.desk_page = DeskPage(ctx, self)
        self.cases_page = CasesPage(ctx, self)
        self.vault_page = VaultPage(ctx, self)
        self.register_page = RegisterPage(ctx, self)
        self.custody_calendar_page = CustodyCalendarPage(
            ctx, self, open_calculator=self.show_sentence_calculator)
        self.conferences_page = ConferencesPage(ctx, self)
        self.controlling_page = ControllingPage(ctx, self)
        self.statistics_page = StatisticsPage(ctx, self)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Bereiche")
        self.nav.setFixedWidth(128)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.pages = QStackedWidget(self)
        style = self.style()
        for text, page, icon in (
                ("Heute", self.desk_page, QStyle.StandardPixmap.SP_FileDialogContentsView),
                ("Fälle", self.cases_page, QStyle.StandardPixmap.SP_FileDialogDetailedView),
                ("Postausgang", self.register_page, QStyle.StandardPixmap.SP_FileDialogListView),
                ("Haftkalender", self.custody_calendar_page,
                 QStyle.StandardPixmap.SP_FileDialogInfoView),
                ("Konferenzen", self.conferences_page,
                 QStyle.StandardPixmap.SP_FileDialogNewFolder),
                ("Controlling", self.controlling_page,
                 QStyle.StandardPixmap.SP_FileDialogToParent),
                ("Statistik", self.statistics_page,
                 QStyle.StandardPixmap.SP_FileDialogDetailedView),
                ("Tresor", self.vault_page, QStyle.StandardPixmap.SP_DriveHDIcon),
                ("Netzwerk", PartnersPage(ctx, self), QStyle.StandardPixmap.SP_DirLinkIcon)):
            item = QListWidgetItem(style.standardIcon(icon), text, self.nav)
            item.setSizeHint(QSize(0, 34))
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.desk_page.sig_open_case.connect(self.open_case)
        self.register_page.sig_open_case.connect(self.open_case)
        self.custody_calendar_page.sig_open_case.connect(self.open_case)
        self.conferences_page.sig_open_case.connect(self.open_case)
        self.controlling_page.sig_open_case.connect(self.open_case)
        self.cases_page.detail.sig_case_changed.connect(self.desk_page.notify_case_changed)
        self.workspace_view = QWidget(self)
        self.workspace_view.setObjectName("workspaceView")
        row = QHBoxLayout(self.workspace_view)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)

        self.stack = QStackedWidget(self)
        for widget in (self.progress_page, self.first_start, self.unlock_page,
                       self.workspace_view):
            self.stack.addWidget(widget)
        self.setCentralWidget(self.stack)
        self.status = AppStatusBar(ctx, self)
        self.setStatusBar(self.status)
        self._build_menus()

        self.idle_lock = IdleLock(ctx.idle_lock_minutes, self)
        self.idle_lock.sig_idle.connect(self._on_idle)
        self.locker = SessionLocker(ctx, self._drop_data, self)
        self.locker.sig_lock_failed.connect(lambda error: ctx.errors.show(error, self))
        ctx.session.sig_unlocked.connect(self._on_unlocked)
        ctx.session.sig_locked.connect(self._on_locked)
        ctx.runner.sig_busy.connect(self._on_busy)

        geometry = ctx.settings.value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        self._update_title()
        self._update_actions()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Datei")
        self.new_case_action = self._action("&Neuer Fall …", QKeySequence("Ctrl+N"),
                                            self.cases_page.new_case)
        self.lock_action = self._action("&Sperren", QKeySequence("Ctrl+L"), self.lock_now)
        self.quit_action = self._action("&Beenden", QKeySequence("Ctrl+Q"), self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.new_case_action)
        self.letter_settings_action = self._action("&Briefkopf und Textbausteine …",
                                                   QKeySequence(), self.show_letter_settings)
        file_menu.addAction(self.letter_settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Bearbeiten")
        self.search_action = self._action("&Suchen", QKeySequence("Ctrl+F"), self.focus_search)
        edit_menu.addAction(self.search_action)
        self.saved_filters_action = self._action("Gespeicherte &Filter",
                                                 QKeySequence("Ctrl+Shift+F"),
                                                 self.focus_saved_filters)
        edit_menu.addAction(self.saved_filters_action)
        self.global_search_action = self._action("&Globale Suche …", QKeySequence("Ctrl+K"),
                                                 self.show_global_search)
        self.global_search_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        edit_menu.addAction(self.global_search_action)
        self.register_action = self._action("&Postausgangsbuch", QKeySequence("Ctrl+Shift+P"),
                                            self.show_register)
        edit_menu.addAction(self.register_action)
        self.custody_calendar_action = self._action("Haft&kalender", QKeySequence("Ctrl+Shift+H"),
                                                    self.show_custody_calendar)
        edit_menu.addAction(self.custody_calendar_action)
        self.calculator_action = self._action("St&rafzeitrechner …", QKeySequence("Ctrl+Shift+R"),
                                              self.show_sentence_calculator)
        edit_menu.addAction(self.calculator_action)
        self.conferences_action = self._action("&Konferenzen", QKeySequence("Ctrl+Shift+K"),
                                               self.show_conferences)
        edit_menu.addAction(self.conferences_action)
        self.controlling_action = self._action("C&ontrolling", QKeySequence("Ctrl+Shift+O"),
                                               self.show_controlling)
        edit_menu.addAction(self.controlling_action)
        self.statistics_action = self._action("S&tatistik", QKeySequence("Ctrl+Shift+T"),
                                              self.show_statistics)
        edit_menu.addAction(self.statistics_action)

    def _action(self, text: str, shortcut: QKeySequence, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- which screen -----------------------------------------------------------------------
    def start(self) -> None:
        """Shows the first screen: the workspace, the demo, the unlock or the start screen."""
        ctx = self._ctx
        if ctx.session.workspace is not None:
            self._on_unlocked()
        elif ctx.demo and ctx.open_demo is not None:
            self.open_demo()
        else:
            self.progress_page.show_task(APP_TITLE, "Einen Moment …")
            self.stack.setCurrentWidget(self.progress_page)
            ctx.runner.run(ctx.vault_service.state, owner=self, label="Tresor prüfen",
                           on_success=self._on_state)

    def _on_state(self, state: VaultState) -> None:
        if self._ctx.session.workspace is not None:
            return
        if state.exists:
            self.show_unlock(auto_keyring=True)
        else:
            self.first_start.reset()
            self.stack.setCurrentWidget(self.first_start)

    def show_unlock(self, *, auto_keyring: bool = False, notice: str = "") -> None:
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.prepare(auto_keyring=auto_keyring, notice=notice)

    def open_demo(self) -> None:
        """Creates (if missing) and unlocks the demo vault on the worker, showing progress."""
        if self._ctx.open_demo is None or self._demo_task is not None:
            return
        task = self._ctx.runner.run(self._ctx.open_demo, progress=True, owner=self,
                                    label="Demo-Tresor", on_success=self._on_demo_ready,
                                    on_error=self._on_demo_failed)
        self._demo_task = task
        self.progress_page.show_task(
            "Demo-Tresor", "Der Demo-Tresor mit synthetischen Fällen wird vorbereitet. Beim "
            "ersten Mal dauert das etwas.", task, cancellable=True)
        self.stack.setCurrentWidget(self.progress_page)

    def _on_demo_ready(self, result: tuple[VaultService, Workspace]) -> None:
        self._demo_task = None
        service, workspace = result
        self._ctx.vault_service = service
        self._ctx.demo = True
        self._update_title()
        self._ctx.session.set_workspace(workspace)

    def _on_demo_failed(self, error: BaseException) -> None:
        self._demo_task = None
        self._ctx.demo = False
        if not isinstance(error, OperationCancelled):
            self._ctx.errors.show(error, self)
        if not self._closing:
            self.start()

    # --- session ----------------------------------------------------------------------------
    def _on_unlocked(self) -> None:
        workspace = self._ctx.session.workspace
        if workspace is None or self._closing:
            return
        self._idle_locked = False
        self.stack.setCurrentWidget(self.workspace_view)
        self.show_page(self.desk_page)
        self.cases_page.reload()
        self.vault_page.reload()
        self._update_title()
        self._update_actions()
        self.idle_lock.set_interval(self._ctx.idle_lock_minutes)
        self.idle_lock.start()
        if workspace.may_reset_passphrase:
            # Unlocked with the recovery code: a new passphrase comes first.
            self.show_page(self.vault_page)
            self.vault_page.show_passphrase_reset()
        else:
            self.desk_page.table.setFocus()
        warnings = workspace.warnings
        if warnings:
            self._show_box(QMessageBox.Icon.Warning, "Hinweis zum Tresor",
                           "\n\n".join(warnings), "vaultWarningsBox")

    def _on_locked(self) -> None:
        self.idle_lock.stop()
        self._update_actions()
        if self._closing:
            return
        notice = ""
        if self._idle_locked:
            minutes = self._ctx.idle_lock_minutes
            shown = f"{minutes:g}".replace(".", ",")
            notice = f"Nach {shown} Minuten ohne Eingabe automatisch gesperrt."
        self.show_unlock(notice=notice)

    def lock_now(self) -> None:
        """Ctrl+L: locks; asks first (non-modally) if the open case has unsaved changes."""
        if self._ctx.session.workspace is None:
            return
        if self.cases_page.has_unsaved_changes():
            box = self._show_box(
                QMessageBox.Icon.Question, "Ungespeicherte Änderungen",
                "Der geöffnete Fall hat ungespeicherte Änderungen. Beim Sperren gehen sie "
                "verloren.\nTrotzdem sperren?", "lockDiscardBox",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            box.button(QMessageBox.StandardButton.Discard).setText("Sperren und verwerfen")
            box.button(QMessageBox.StandardButton.Cancel).setText("Abbrechen")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            _on_button(box, QMessageBox.StandardButton.Discard, self.locker.lock)
            return
        self.locker.lock()

    def _on_idle(self) -> None:
        self._idle_locked = True
        if not self.locker.lock():
            self._idle_locked = False

    def _drop_data(self) -> None:
        """Every page forgets its case data; dialogs and message boxes close."""
        self.cases_page.clear()
        self.vault_page.clear()
        for box in list(self._boxes):
            box.close()
        self._ctx.errors.close_all()

    def focus_search(self) -> None:
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.cases_page)
        self.cases_page.focus_search()

    def focus_saved_filters(self) -> None:
        """Ctrl+Shift+F: the "Fälle" page with the saved-filter chooser focused."""
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.cases_page)
        self.cases_page.focus_saved_filters()

    def show_global_search(self) -> None:
        """Ctrl+K: the non-modal search over all cases (made on first use)."""
        if self._ctx.session.workspace is None:
            return
        if self._global_search is None:
            self._global_search = GlobalSearchDialog(self._ctx, self)
            self._global_search.sig_open_case.connect(self.open_case)
        self._global_search.show_search()

    def show_register(self) -> None:
        """Ctrl+Shift+P: the Postausgangsbuch, reloaded, with the table focused."""
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.register_page)
        self.register_page.focus_table()

    def show_custody_calendar(self) -> None:
        """Ctrl+Shift+H: the Haftkalender with its agenda focused."""
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.custody_calendar_page)
        self.custody_calendar_page.agenda_view.setFocus()

    def show_controlling(self) -> None:
        """Ctrl+Shift+O: the Controlling page with its table focused."""
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.controlling_page)
        self.controlling_page.focus_table()

    def show_statistics(self) -> None:
        """Ctrl+Shift+T: the Fallmanagement-Statistik with its figures focused."""
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.statistics_page)
        self.statistics_page.focus_table()

    def show_conferences(self) -> None:
        """Ctrl+Shift+K: the Fallkonferenzen with the upcoming ones focused."""
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.conferences_page)
        self.conferences_page.focus_table()

    def show_sentence_calculator(self) -> None:
        """Ctrl+Shift+R: the non-modal Strafzeitrechner (no case, nothing stored)."""
        if self._calculator is None:
            dialog = SentenceCalculatorDialog(self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r: setattr(self, "_calculator", None))
            self._calculator = dialog
        self._calculator.show()
        self._calculator.raise_()
        self._calculator.activateWindow()

    def show_letter_settings(self) -> None:
        """Datei → Briefkopf und Textbausteine: the non-modal settings dialog."""
        if self._ctx.session.workspace is None:
            return
        if self._letter_settings is None:
            dialog = LetterSettingsDialog(self._ctx, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r: setattr(self, "_letter_settings", None))
            self._letter_settings = dialog
        self._letter_settings.open()

    def show_page(self, page: QWidget) -> None:
        """Shows ``page`` of the navigation (its row and its page have the same index)."""
        self.nav.setCurrentRow(self.pages.indexOf(page))

    def open_case(self, case_id: str) -> None:
        """Shows the "Fälle" page with ``case_id`` selected and opened (from the desk)."""
        if self._ctx.session.workspace is None:
            return
        self.show_page(self.cases_page)
        self.cases_page.show_case(case_id)

    # --- chrome -----------------------------------------------------------------------------
    def _update_title(self) -> None:
        title = APP_TITLE
        if self._ctx.demo:
            title += f" – {DEMO_MARKER}"
        self.setWindowTitle(title)
        self.status.update_state()

    def _update_actions(self) -> None:
        unlocked = self._ctx.session.workspace is not None
        for action in (self.new_case_action, self.lock_action, self.search_action,
                       self.saved_filters_action, self.global_search_action,
                       self.letter_settings_action, self.register_action,
                       self.conferences_action,
                       self.custody_calendar_action, self.controlling_action,
                       self.statistics_action):
            action.setEnabled(unlocked)

    def _show_box(self, icon: QMessageBox.Icon, title: str, text: str, name: str,
                  buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok
                  ) -> QMessageBox:
        box = QMessageBox(icon, title, text, buttons, self)
        box.setObjectName(name)
        self._boxes.append(box)

        def forget(_result: int) -> None:
            if box in self._boxes:
                self._boxes.remove(box)
            box.deleteLater()

        box.finished.connect(forget)
        box.open()
        return box

    # --- quitting ---------------------------------------------------------------------------
    def _on_busy(self, busy: bool) -> None:
        if not busy and self._close_when_idle:
            QTimer.singleShot(0, self.close)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            event.accept()
            return
        if (self._ctx.session.workspace is not None and not self._discard_confirmed
                and self.cases_page.has_unsaved_changes()):
            event.ignore()
            box = self._show_box(
                QMessageBox.Icon.Question, "Ungespeicherte Änderungen",
                "Der geöffnete Fall hat ungespeicherte Änderungen.\nBeenden und die "
                "Änderungen verwerfen?", "quitDiscardBox",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            box.button(QMessageBox.StandardButton.Discard).setText("Beenden und verwerfen")
            box.button(QMessageBox.StandardButton.Cancel).setText("Abbrechen")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            _on_button(box, QMessageBox.StandardButton.Discard, self._on_discard_and_quit)
            return
        if self._ctx.runner.pending:
            # Database work is under way: quit as soon as it is done (the lock must not run
            # under its feet); long cancellable work is asked to stop.
            event.ignore()
            self._close_when_idle = True
            if self._demo_task is not None:
                self._demo_task.cancel()
            self.status.showMessage("Wird beendet, sobald die laufende Arbeit fertig ist …")
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stops the worker (after the task under way), then closes the workspace, so that the
        key is forgotten and the vault's instance lock released. Idempotent."""
        if self._shut_down:
            return
        self._shut_down = True
        self._closing = True
        self.idle_lock.stop()
        self._ctx.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self._ctx.runner.shutdown()
        self.locker.close()
        pending = self.first_start.pending_workspace
        if pending is not None:
            pending.close()
        for box in list(self._boxes):
            box.close()
        if self._global_search is not None:
            self._global_search.close()
        if self._calculator is not None:
            self._calculator.close()
        self._ctx.errors.close_all()
        self._ctx.settings.sync()

    def _on_discard_and_quit(self) -> None:
        self._discard_confirmed = True
        self.close()


def _on_button(box: QMessageBox, button: QMessageBox.StandardButton, slot) -> None:
    """Calls ``slot`` when ``button`` of the (non-modal) message box is clicked."""
    box.buttonClicked.connect(
        lambda clicked: slot() if box.standardButton(clicked) == button else None)
