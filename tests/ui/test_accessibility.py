"""Accessibility of the main window: every input has a name a screen reader can say, and every
push or tool button can be reached with Tab.

The window is opened on an unlocked vault with the sample cases; every page (Heute, Fälle,
Postausgang, Haftkalender, Konferenzen, Controlling, Statistik, Tresor, Netzwerk) is shown
and a case is opened with every detail tab visited, so that all of them are built. Then every
widget of the window — shown or hidden — is checked:

- an input (line, text, combo, spin/date box, check box, radio button, item view, and a push
  or tool button without text) has a non-empty ``accessibleName()``, or is the buddy of a
  ``QLabel``, or (buttons and check boxes) shows a text;
- a push or tool button has ``Qt.TabFocus`` in its focus policy.

Gaps not yet fixed would be listed in ``KNOWN_GAPS``; it is empty.

Qt's own parts of composite widgets (the line edit of a spin box or combo box, a calendar
popup, a table's header, a tab bar's scroll arrows, names starting ``qt_``) are not ours and
are skipped.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

TIMEOUT = 10000

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QCheckBox,
          QRadioButton, QAbstractItemView, QPushButton, QToolButton)
SHOWS_TEXT = (QPushButton, QToolButton, QCheckBox, QRadioButton)
QT_PARTS = (QAbstractSpinBox, QComboBox, QCalendarWidget, QTabBar, QMenu)

# Known gaps, as "objectName (Class)" (see ``key``): none. The test fails for a gap not
# listed here, and also for an entry that is no longer a gap, so this list only shrinks.
KNOWN_GAPS: set[str] = set()

# Buttons that are deliberately not in the Tab chain, as "objectName (Class)", with the
# reason in a comment.
NO_TAB_FOCUS_OK: set[str] = set()


def key(widget: QWidget) -> str:
    """``objectName (Class)`` — or the whole ``path`` for a widget without a name."""
    name = widget.objectName()
    return f"{name} ({type(widget).__name__})" if name else path(widget)


def path(widget: QWidget) -> str:
    """``name (Class) < parent (Class) < …`` up to the window, for failure messages."""
    parts = []
    current: QWidget | None = widget
    while current is not None:
        name = current.objectName()
        cls = type(current).__name__
        parts.append(f"{name} ({cls})" if name else cls)
        if current.isWindow():
            break
        current = current.parentWidget()
    return " < ".join(parts)


def is_qt_part(widget: QWidget) -> bool:
    """True for the inner parts of Qt's composite widgets (not ours to name)."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView):
        return True
    if widget.metaObject().className() != type(widget).__name__:
        return True  # a private Qt class (QComboBoxListView, QCalendarView …)
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QT_PARTS) or parent.metaObject().className() in {
                "QComboBoxPrivateContainer", "QCalendarPopup"}:
            return True
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return False


def buddies(root: QWidget) -> set[int]:
    return {id(label.buddy()) for label in root.findChildren(QLabel)
            if label.buddy() is not None}


def has_name(widget: QWidget, labelled: set[int]) -> bool:
    if widget.accessibleName().strip() or id(widget) in labelled:
        return True
    if isinstance(widget, SHOWS_TEXT):
        assert isinstance(widget, QAbstractButton)
        return bool(widget.text().replace("&", "").strip())
    return False


def offenders(root: QWidget) -> tuple[dict[str, str], dict[str, str]]:
    """The widgets without an accessible name, and the buttons Tab cannot reach, each as
    ``key → path``."""
    labelled = buddies(root)
    unnamed: dict[str, str] = {}
    no_tab: dict[str, str] = {}
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or is_qt_part(widget):
            continue
        if not has_name(widget, labelled):
            unnamed[key(widget)] = path(widget)
        if isinstance(widget, QPushButton | QToolButton) and \
                not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            no_tab[key(widget)] = path(widget)
    return unnamed, no_tab


@pytest.fixture
def window(unlocked_ctx, open_window, qtbot):
    window = open_window(unlocked_ctx)
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "5 Fälle",
                    timeout=TIMEOUT)
    return window


def visit_everything(window, ctx, qtbot) -> None:
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.pages.currentIndex() == row
    for tabs in (window.controlling_page.tabs, window.statistics_page.tabs):
        for index in range(tabs.count()):  # Controlling and Statistik build every tab
            tabs.setCurrentIndex(index)
    window.statistics_page.bars.as_table.setChecked(True)  # the charts' table view
    [case] = ctx.workspace.cases.search("Haddad")
    detail = window.cases_page.detail
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        window.open_case(case.id)
    for index in range(detail.tabs.count()):
        detail.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)


def test_every_input_has_an_accessible_name_and_every_button_takes_tab(
        window, unlocked_ctx, qtbot):
    visit_everything(window, unlocked_ctx, qtbot)
    unnamed, no_tab = offenders(window)
    new_unnamed = [p for k, p in sorted(unnamed.items()) if k not in KNOWN_GAPS]
    new_no_tab = [p for k, p in sorted(no_tab.items())
                  if k not in NO_TAB_FOCUS_OK | KNOWN_GAPS]
    fixed = sorted(KNOWN_GAPS - set(unnamed) - set(no_tab))
    problems = []
    if new_unnamed:
        problems.append("without an accessible name (setAccessibleName, a QLabel buddy or a "
                        "visible text):\n  " + "\n  ".join(new_unnamed))
    if new_no_tab:
        problems.append("buttons Tab cannot reach:\n  " + "\n  ".join(new_no_tab))
    if fixed:
        problems.append("KNOWN_GAPS entries that are fixed now (remove them):\n  "
                        + "\n  ".join(fixed))
    assert not problems, "\n".join(problems)


def test_the_checker_finds_an_unnamed_field(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    bare = QLineEdit(root)
    bare.setObjectName("bare")
    named = QLineEdit(root)
    named.setAccessibleName("Name")
    labelled = QComboBox(root)
    QLabel("&Art", root).setBuddy(labelled)
    icon_only = QToolButton(root)
    icon_only.setObjectName("iconOnly")
    icon_only.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    QPushButton("Speichern", root)
    unnamed, no_tab = offenders(root)
    assert unnamed == {"bare (QLineEdit)": "bare (QLineEdit) < QWidget",
                       "iconOnly (QToolButton)": "iconOnly (QToolButton) < QWidget"}
    assert list(no_tab) == ["iconOnly (QToolButton)"]


def letter_dialogs(ctx, case_id: str) -> list[QWidget]:
    """The Schriftverkehr's dialogs: compose, view, settings, batch."""
    from desktop.domain.letters import LetterKind
    from desktop.ui.dialogs.batch_letters import BatchLettersDialog
    from desktop.ui.dialogs.letter_compose import new_draft
    from desktop.ui.dialogs.letter_dialog import LetterDialog
    from desktop.ui.dialogs.letter_settings import LetterSettingsDialog
    from desktop.ui.dialogs.pdf_dialog import PdfDialog

    data = new_draft(ctx.workspace, case_id, LetterKind.INSTRUCTION)
    pdf = ctx.workspace.letters.preview(data.letter.id)
    return [LetterDialog(ctx, data), LetterSettingsDialog(ctx),
            BatchLettersDialog(ctx, [case_id]),
            PdfDialog("Fallübersicht", pdf, file_name="x.pdf", warning="", save=print)]


def custody_dialogs() -> list[QWidget]:
    """The Strafzeitrechner (with a second sentence row) and the "Haft" tab's dialogs."""
    from datetime import date

    from desktop.services.custody_models import CustodyDateKind, CustodyDateView
    from desktop.ui.dialogs.custody_dialogs import ConfirmDateDialog, ReleasedDialog
    from desktop.ui.dialogs.sentence_calculator import SentenceCalculatorDialog

    calculator = SentenceCalculatorDialog()
    calculator.inputs.sentences.add_row()
    item = CustodyDateView(CustodyDateKind.END, date(2027, 3, 1), None, "", None)
    return [calculator, ConfirmDateDialog(item), ReleasedDialog()]


def conference_dialogs(ctx, case_id: str) -> list[QWidget]:
    """The conference editor: new (from a case) and a stored one with a decision."""
    from datetime import date, datetime, time, timedelta

    from desktop.domain.conferences import (
        AgendaItemInput,
        ConferenceInput,
        ConferenceKind,
        DecisionInput,
        ParticipantInput,
    )
    from desktop.ui.dialogs.conference_data import load_editor
    from desktop.ui.dialogs.conference_dialog import ConferenceDialog

    service, user = ctx.workspace.conferences, ctx.workspace.user
    day = date.today() + timedelta(days=1)  # noqa: DTZ011 - a local day
    view = service.schedule(ConferenceInput(
        ConferenceKind.CASE_CONFERENCE, datetime.combine(day, time(9)),
        datetime.combine(day, time(10)), "Raum 1", case_ids=(case_id,),
        participants=(ParticipantInput(user_id=user.id),))).conference
    view = service.save_minutes(view.id, view.version, (AgendaItemInput("Sachstand", decisions=(
        DecisionInput("Pass beschaffen", day, owner_user_id=user.id),)),))
    return [ConferenceDialog(ctx, load_editor(ctx.workspace, case_id=case_id)),
            ConferenceDialog(ctx, load_editor(ctx.workspace, view.id))]


def test_the_dialogs_name_their_inputs_too(unlocked_ctx, qtbot):
    """The intake wizard on every step, the global search, the status dialog, the
    Schriftverkehr's dialogs (compose, view, settings, batch) and the custody dialogs
    (Strafzeitrechner, Bestätigen, Haft beendet) and the conference editor."""
    from desktop.ui.dialogs.create_case import CreateCaseDialog
    from desktop.ui.dialogs.global_search import GlobalSearchDialog
    from desktop.ui.dialogs.status_dialog import StatusDialog

    ctx = unlocked_ctx
    [case] = ctx.workspace.cases.search("Haddad")
    dialogs = [CreateCaseDialog(ctx), GlobalSearchDialog(ctx),
               StatusDialog(ctx, ctx.workspace.cases.get(case.id)),
               *letter_dialogs(ctx, case.id), *custody_dialogs(),
               *conference_dialogs(ctx, case.id)]
    problems = {}
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        unnamed, no_tab = offenders(dialog)
        problems.update(unnamed)
        problems.update(no_tab)
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)
    assert not problems, "\n  ".join(["dialog widgets without a name or Tab:",
                                      *sorted(problems.values())])
