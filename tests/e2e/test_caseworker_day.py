"""A caseworker's day in the real main window, on a real encrypted vault in ``tmp_path``:
first start (create the vault, recovery code once), a new case with diacritics and a canary,
search without diacritics, edit + Strg+S, a Vermerk and an overdue Maßnahme, Strg+L (nothing
left in any widget), a wrong then the right passphrase, quit — and afterwards no plaintext of
the case in any file, and ``fallakte check`` passes (except the deliberately weak test KDF).

Everything goes through the keyboard and the mouse as a user would; database work runs on the
worker thread, so each step waits for what the user would see."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStatusBar,
    QStyle,
    QStyleOptionButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop import cli
from desktop.domain.enums import CaseFlag, District, JournalKind, MeasureOwner
from desktop.domain.text import fold
from desktop.ui.dialogs.create_case import CASE, PERSON, REVIEW, CreateCaseDialog
from desktop.ui.models.case_list_model import COL_FILE_NUMBER, COL_FLAGS, COL_NAME
from desktop.ui.models.measures_model import OVERDUE_COLOUR
from tests.support import PASSPHRASE
from tests.ui.keyboard import type_text
from tests.ui.wizard_steps import fill_police_authority, to_step

TIMEOUT = 10000
USER_NAME = "bwagner"
DISPLAY_NAME = "Berta Wagner"
FAMILY = "Øztürk-Şahin"
GIVEN = "Ayşe"
NEW_GIVEN = "Ayşe Gülizar"
NOTE_SUBJECT = "Rückruf der ABH Köln"
MEASURE_TITLE = "Passersatzbeschaffung"
SLOW_KDF_CHECK = "Schlüsselfächer"  # the test vault uses the fast test KDF on purpose
CTRL = Qt.KeyboardModifier.ControlModifier


def local_today() -> date:
    """Today on this computer, as the services see it."""
    return datetime.now(UTC).astimezone().date()


# --- helpers ---------------------------------------------------------------------------------

def list_names(page) -> list[str]:
    """The names the case list shows (asking for each row makes the model fetch it)."""
    model = page.model
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
    return [model.data(model.index(row, COL_NAME)) for row in range(model.rowCount())]


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def activate(qtbot, window: QWidget) -> None:
    """The window manager gives the window the focus back (offscreen Qt does not do that by
    itself after a dialog closed); window shortcuts need an active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def tick(qtbot, box: QCheckBox) -> None:
    """Clicks the box itself (a stretched check box does not react to its empty middle)."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    area = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxClickRect, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=area.center())


def click_tab(qtbot, tabs: QTabWidget, page: QWidget) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(page)).center())
    assert tabs.currentWidget() is page


def replace_text(qtbot, field: QLineEdit, text: str) -> None:
    """Click into the field, select all, type the new text (diacritics included)."""
    click(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    type_text(qtbot, field, text)
    assert field.text() == text


def clear_field(qtbot, field: QLineEdit) -> None:
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == ""


def model_texts(model: QAbstractItemModel) -> list[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.EditRole, Qt.ItemDataRole.StatusTipRole)
    root = QModelIndex()
    # a list model hides columnCount(); it has one column
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    texts = []
    for column in range(columns):
        for role in roles:
            texts.append(model.headerData(column, Qt.Orientation.Horizontal, role))
    for row in range(model.rowCount(root)):
        for column in range(max(columns, 1)):
            index = model.index(row, column)
            texts += [model.data(index, role) for role in roles]
    return [t for t in texts if isinstance(t, str)]


def all_texts(root: QWidget) -> list[str]:
    """Every text a widget of ``root`` holds or could show: fields, labels, buttons, tooltips,
    combo entries, tab titles, status messages and every cell of every item model."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.windowTitle(), widget.toolTip(), widget.statusTip(),
                  widget.whatsThis(), widget.accessibleName()]
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText(), widget.selectedText()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.currentText()] + [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
            texts += [widget.tabToolTip(i) for i in range(widget.count())]
        if isinstance(widget, QStatusBar):
            texts.append(widget.currentMessage())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += model_texts(widget.model())
    # models that no view shows (completers, proxies, …)
    for model in root.findChildren(QAbstractItemModel):
        texts += model_texts(model)
    return [t for t in texts if t]


def needles(*secrets: str) -> dict[str, bytes]:
    """Each secret as it might be written: as typed, lower/upper/case-folded, ASCII-folded
    (as the search index keeps it) and its folded tokens; in UTF-8 and UTF-16 (LE and BE)."""
    forms: set[str] = set()
    for secret in secrets:
        folded = fold(secret)
        forms |= {secret, secret.lower(), secret.upper(), secret.casefold(), folded,
                  folded.upper()}
        forms |= {token for token in re.findall(r"[0-9a-z]+", folded) if len(token) >= 5}
    found = {}
    for form in forms:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            found[f"{encoding} {form!r}"] = form.encode(encoding)
    return found


def plaintext_free(root: Path, wanted: dict[str, bytes]) -> set[str]:
    """Asserts that no file under ``root`` (recursively) holds any needle; returns the
    relative names of the files it read."""
    files = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    found = [f"{name} in {path}" for path, data in files.items()
             for name, needle in wanted.items() if needle in data]
    assert found == []
    return set(files)


# --- the day ---------------------------------------------------------------------------------

def test_a_caseworkers_day(make_ctx, open_window, qtbot, tmp_path, monkeypatch, capsys):
    canary = "CANARY-" + uuid.uuid4().hex
    ctx = make_ctx()
    vault = ctx.vault_service.path
    assert not vault.exists()

    # 1. First start: no vault → the start page; create one through the form ---------------
    window = open_window(ctx)
    activate(qtbot, window)
    start = window.first_start
    qtbot.waitUntil(lambda: window.stack.currentWidget() is start, timeout=TIMEOUT)
    assert start.pages.currentWidget() is start.choice_page
    click(qtbot, start.create_choice)
    assert start.pages.currentWidget() is start.form_page
    clear_field(qtbot, start.user_name)  # proposed from the login name
    qtbot.keyClicks(start.user_name, USER_NAME)
    qtbot.keyClicks(start.display_name, DISPLAY_NAME)
    click(qtbot, start.district)  # opens the list; Esc closes it, "K" picks Köln
    qtbot.keyClick(start.district, Qt.Key.Key_Escape)
    qtbot.keyClicks(start.district, "K")
    assert start.district.currentData() == District.KOELN.value
    qtbot.keyClicks(start.passphrase, PASSPHRASE)
    qtbot.keyClicks(start.repeated, PASSPHRASE)
    assert start.form_message.text() == ""
    click(qtbot, start.create_button)

    qtbot.waitUntil(lambda: start.pages.currentWidget() is start.code_page, timeout=TIMEOUT)
    code = start.code_label.text().replace("\n", "")
    assert len(code.split("-")) == 8
    assert not start.continue_button.isEnabled()
    tick(qtbot, start.code_confirm)
    assert start.code_confirm.isChecked()
    click(qtbot, start.continue_button)

    assert window.stack.currentWidget() is window.workspace_view
    page = window.cases_page
    assert window.pages.currentWidget() is window.desk_page  # "Heute" is the start page
    window.show_page(page)
    assert start.code_label.text() == ""  # the code is shown once, then forgotten
    assert window.status.state_label.text() == "Entsperrt"
    assert DISPLAY_NAME in window.status.user_label.text()
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "0 Fälle", timeout=TIMEOUT)
    assert page.model.rowCount() == 0
    assert vault.exists()
    assert vault.read_bytes()[:16] != b"SQLite format 3\x00"

    # 2. Strg+N: a new case with diacritics, a canary in the Sachverhalt and a Merkmal ------
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = page._create_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Neuen Fall anlegen"
    form = dialog.form
    qtbot.waitUntil(lambda: form.responsible_abh.count() > 1, timeout=TIMEOUT)
    assert form.district.currentData() == District.KOELN  # the vault's district
    assert form.intake_date.value() == local_today()
    fill_police_authority(qtbot, dialog, "KPB Köln")  # the wizard: source, its details …
    to_step(qtbot, dialog, PERSON)
    type_text(qtbot, form.family_name, FAMILY)
    type_text(qtbot, form.given_names, GIVEN)
    to_step(qtbot, dialog, CASE)
    box = form.flags.boxes[CaseFlag.MEDIA_INTEREST]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    qtbot.keyClicks(form.summary, f"Gemeldet durch KPB. {canary}")
    assert form.family_name.text() == FAMILY
    to_step(qtbot, dialog, REVIEW)

    assert dialog.create_button.text() == "Fall anlegen"
    loaded: list[str] = []
    page.detail.sig_loaded.connect(loaded.append)
    click(qtbot, dialog.create_button)
    qtbot.waitUntil(lambda: page._create_dialog is None, timeout=TIMEOUT)
    assert not [d for d in window.findChildren(CreateCaseDialog) if d.isVisible()]
    activate(qtbot, window)
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "1 Fall", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: list_names(page) == [f"{FAMILY}, {GIVEN}"], timeout=TIMEOUT)
    panel = page.detail
    qtbot.waitUntil(lambda: panel.current_case_id is not None and bool(loaded), timeout=TIMEOUT)
    case_id = panel.current_case_id
    assert loaded == [case_id]
    assert page.model.case_id(page.table.currentIndex().row()) == case_id  # row selected
    year = local_today().year
    file_number = panel.header.file_number.text()
    assert file_number == f"RRK-KLN-{year}-00001"
    assert page.model.data(page.model.index(0, COL_FILE_NUMBER)) == file_number
    assert page.model.data(page.model.index(0, COL_FLAGS)) == "Medien"
    assert panel.header.name.text() == f"{FAMILY}, {GIVEN}"
    assert panel.form.family_name.text() == FAMILY
    assert canary in panel.form.summary.toPlainText()
    assert panel.form.flags.boxes[CaseFlag.MEDIA_INTEREST].isChecked()
    assert not panel.has_unsaved_changes()

    # 3. Search without diacritics -----------------------------------------------------------
    search = page.filters.search
    click(qtbot, search)
    qtbot.keyClicks(search, "muller")
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "0 Fälle", timeout=TIMEOUT)
    assert page.model.rowCount() == 0
    clear_field(qtbot, search)
    qtbot.keyClicks(search, "ozturk")
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "1 Fall"
                    and page.model.query.search == "ozturk", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: list_names(page) == [f"{FAMILY}, {GIVEN}"], timeout=TIMEOUT)
    assert page.model.case_id(0) == case_id
    clear_field(qtbot, search)
    qtbot.waitUntil(lambda: page.model.query.search == ""
                    and page.filters.count_label.text() == "1 Fall", timeout=TIMEOUT)
    assert panel.current_case_id == case_id  # the open case stayed open

    # 4. Change the given name, Strg+S -------------------------------------------------------
    click_tab(qtbot, panel.tabs, panel.tabs.widget(0))
    replace_text(qtbot, panel.form.given_names, NEW_GIVEN)
    assert panel.tabs.tabText(0) == "Stammdaten *"
    assert panel.has_unsaved_changes()
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT) as saved:
        qtbot.keyClick(panel.form.given_names, Qt.Key.Key_S, CTRL)
    assert saved.args == [case_id]
    assert panel.tabs.tabText(0) == "Stammdaten"
    assert not panel.has_unsaved_changes()
    assert panel.save_status.text() == "Gespeichert."
    assert panel.header.name.text() == f"{FAMILY}, {NEW_GIVEN}"
    qtbot.waitUntil(lambda: list_names(page) == [f"{FAMILY}, {NEW_GIVEN}"], timeout=TIMEOUT)
    journal = panel.journal_tab
    click_tab(qtbot, panel.tabs, journal)
    qtbot.waitUntil(lambda: "Stammdaten geändert" in [
        journal.model.data(journal.model.index(row, 2))
        for row in range(journal.model.rowCount())], timeout=TIMEOUT)
    change = next(e for e in journal.model.entries() if e.subject == "Stammdaten geändert")
    assert "Vornamen" in change.text

    # 5. A Vermerk and an overdue Maßnahme ---------------------------------------------------
    before = journal.model.rowCount()
    click(qtbot, journal.subject)
    type_text(qtbot, journal.subject, NOTE_SUBJECT)
    click(qtbot, journal.text)
    type_text(qtbot, journal.text, "Passersatzpapiere beantragt.\nTermin folgt.")
    assert panel.has_unsaved_changes()  # a typed Vermerk counts as unsaved
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        click(qtbot, journal.add_button)
    qtbot.waitUntil(lambda: journal.model.rowCount() == before + 1, timeout=TIMEOUT)
    newest = journal.model.entry(0)
    assert (newest.kind, newest.subject) == (JournalKind.NOTE, NOTE_SUBJECT)
    assert journal.model.data(journal.model.index(0, 3)) == "Passersatzpapiere beantragt. …"
    assert journal.model.data(journal.model.index(0, 4)) == DISPLAY_NAME
    assert journal.subject.text() == ""
    assert journal.text.toPlainText() == ""

    measures = panel.measures_tab
    click_tab(qtbot, panel.tabs, measures)
    assert measures.model.rowCount() == 0
    click(qtbot, measures.title)
    type_text(qtbot, measures.title, MEASURE_TITLE)
    measures.owner.setFocus()
    measures.owner.setCurrentIndex(measures.owner.findText(MeasureOwner.ABH.label))
    assert measures.owner.value() == MeasureOwner.ABH
    due = local_today() - timedelta(days=10)
    click(qtbot, measures.due)
    qtbot.keyClick(measures.due, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(measures.due, f"{due:%d.%m.%Y}")
    assert measures.due.value() == due
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        click(qtbot, measures.add_button)
    qtbot.waitUntil(lambda: measures.model.rowCount() == 1, timeout=TIMEOUT)
    model = measures.model
    assert model.measure(0).overdue
    assert model.data(model.index(0, 0)) == MEASURE_TITLE
    assert model.data(model.index(0, 2)) == f"{due:%d.%m.%Y}"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == (
        "überfällig seit 10 Tagen")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color() == (
        OVERDUE_COLOUR)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert measures.title.text() == ""
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)
    assert not panel.has_unsaved_changes()

    # while the vault is open, its write-ahead log holds the newest pages: no plaintext there
    wanted = needles(FAMILY, canary)
    assert {"ozturk-sahin", "ozturk", canary.lower()} <= {
        needle.decode("utf-8") for name, needle in wanted.items() if name.startswith("utf-8")}
    ctx.settings.sync()
    names = plaintext_free(tmp_path, wanted)
    assert {f"{vault.name}-wal", f"{vault.name}-shm", "ui.ini"} <= names

    # 6. Strg+L: the unlock page, nothing of the case left in any widget --------------------
    secrets = [FAMILY, canary, NEW_GIVEN, file_number, NOTE_SUBJECT]
    folded = [fold(s) for s in (FAMILY, canary, NEW_GIVEN, NOTE_SUBJECT)]
    shown = "\n".join(all_texts(window))
    assert all(s in shown for s in secrets)  # the walk does see them while unlocked
    workspace = ctx.session.workspace
    assert workspace is not None
    assert workspace.is_open
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert window.stack.currentWidget() is window.unlock_page
    assert ctx.session.workspace is None
    assert window.status.state_label.text() == "Gesperrt"
    qtbot.waitUntil(lambda: not workspace.is_open, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.unlock_page.user_combo.count() == 1, timeout=TIMEOUT)
    assert window.unlock_page.isVisible()
    QApplication.processEvents()
    texts = all_texts(window)
    for top in QApplication.topLevelWidgets():
        if top is not window and top.isVisible():
            texts += all_texts(top)
    assert texts  # the walk saw something
    leaks = [t for t in texts if any(s in t for s in secrets)
             or any(f in fold(t) for f in folded)]
    assert leaks == []
    assert page.model.rowCount() == 0
    assert panel.current_case_id is None
    assert journal.model.rowCount() == 0
    assert measures.model.rowCount() == 0

    # 7. A wrong passphrase, then the right one ---------------------------------------------
    unlock = window.unlock_page
    assert unlock.user_combo.currentText() == USER_NAME
    click(qtbot, unlock.passphrase)
    qtbot.keyClicks(unlock.passphrase, "falsch falsch falsch")
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(unlock.message.isVisible, timeout=TIMEOUT)
    assert unlock.message.text().startswith("Die Passphrase ist falsch.")
    assert unlock.passphrase.text() == ""
    assert window.stack.currentWidget() is unlock
    assert ctx.session.workspace is None
    qtbot.waitUntil(unlock.unlock_button.isEnabled, timeout=TIMEOUT)
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    assert not unlock.message.isVisible()  # typing again hides the old message
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.workspace_view,
                    timeout=TIMEOUT)
    assert ctx.session.workspace is not None
    assert ctx.session.workspace is not workspace
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "1 Fall", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: list_names(page) == [f"{FAMILY}, {NEW_GIVEN}"], timeout=TIMEOUT)
    assert unlock.passphrase.text() == ""

    # 8. Quit (Strg+Q locks and stops the worker); no plaintext in any file -----------------
    reopened = ctx.session.workspace
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    assert ctx.session.workspace is None
    assert not reopened.is_open
    assert not ctx.runner._thread.isRunning()

    names = plaintext_free(tmp_path, wanted)
    assert {vault.name, f"{vault.name}.keys", f"{vault.name}.head", "ui.ini"} <= names
    assert vault.read_bytes()[:16] != b"SQLite format 3\x00"

    # 9. The headless self-test on the same vault --------------------------------------------
    monkeypatch.setenv(cli.PASSPHRASE_ENV, PASSPHRASE)
    monkeypatch.setenv(cli.KEYRING_ENV, "none")
    capsys.readouterr()
    exit_code = cli.main(["check", "--db", str(vault), "--json"])
    out = capsys.readouterr().out
    report = json.loads(out)
    checks = {line["name"]: line for line in report["checks"]}
    failed = sorted(name for name, line in checks.items() if not line["ok"])
    assert set(failed) <= {SLOW_KDF_CHECK}, [checks[name] for name in failed]
    assert exit_code == (0 if not failed else 1)
    assert report["ok"] is (not failed)
    assert checks["Verschlüsselung"]["ok"]
    assert checks["cipher_integrity_check"]["ok"]
    assert checks["integrity_check"]["ok"]
    chain = checks["Prüfprotokoll (Hash-Kette)"]
    assert chain["ok"]
    assert re.fullmatch(r"\d+ Einträge lückenlos", chain["detail"]), chain
    assert checks["Stand gegenüber Kopfdatei"]["ok"]
    assert "schwachen KDF-Parametern" in checks[SLOW_KDF_CHECK]["detail"]
