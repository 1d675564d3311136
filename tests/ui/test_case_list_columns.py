"""The case list's columns chosen by the user (menu, header menu, remembered) and the export
of the list as shown (file dialog, worker with progress and "Abbrechen", done message)."""

from __future__ import annotations

import csv
import io
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain.enums import CaseTrack, District
from desktop.errors import OperationCancelled
from desktop.services.export import CASE_COLUMNS
from desktop.ui.models.case_list_model import (
    COL_ABH,
    COL_BIRTH,
    COL_FILE_NUMBER,
    COL_NAME,
    COL_TRACK,
    COLUMN_KEYS,
    CaseListModel,
)
from desktop.ui.pages.case_export import default_file_name
from desktop.ui.pages.cases_page import SETTINGS_HIDDEN, CasesPage


@pytest.fixture
def make_page(unlocked_ctx, qtbot):
    pages = []

    def factory() -> CasesPage:
        page = CasesPage(unlocked_ctx)
        qtbot.addWidget(page)
        pages.append(page)
        with qtbot.waitSignal(page.model.sig_loaded, timeout=10000):
            page.reload()
        return page

    yield factory
    for page in pages:
        qtbot.waitUntil(lambda p=page: not p.exporter.running, timeout=10000)


def action_for(page: CasesPage, column: int):
    return next(a for a in page.columns_menu.actions() if a.data() == COLUMN_KEYS[column])


def read_csv(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_model_has_every_export_column_and_passes_the_model_tester(unlocked_ctx, qtbot,
                                                                       qtmodeltester):
    model = CaseListModel(unlocked_ctx)
    with qtbot.waitSignal(model.sig_loaded, timeout=10000):
        model.refresh()
    assert model.columnCount() == len(CASE_COLUMNS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] \
        == list(CASE_COLUMNS.values())
    model.data(model.index(0, 0))
    qtbot.waitUntil(lambda: model.is_loaded(0), timeout=10000)
    assert model.data(model.index(0, COL_TRACK)) == CaseTrack.CASE_MANAGEMENT.label
    qtmodeltester.check(model)


def test_track_and_abh_are_hidden_until_chosen(make_page):
    page = make_page()
    hidden = [c for c in range(len(COLUMN_KEYS)) if page.table.isColumnHidden(c)]
    assert hidden == [COL_TRACK, COL_ABH]
    assert page.visible_columns() == [k for k in COLUMN_KEYS
                                      if k not in ("track", "responsible_abh")]
    assert not action_for(page, COL_TRACK).isChecked()
    assert action_for(page, COL_BIRTH).isChecked()


def test_hiding_a_column_through_the_menu_is_remembered(make_page, unlocked_ctx):
    page = make_page()
    action_for(page, COL_BIRTH).trigger()
    assert page.table.isColumnHidden(COL_BIRTH)
    assert "birth_date" not in page.visible_columns()
    assert set(unlocked_ctx.settings.value(SETTINGS_HIDDEN).split(",")) == {
        "birth_date", "track", "responsible_abh"}
    action_for(page, COL_TRACK).trigger()
    assert not page.table.isColumnHidden(COL_TRACK)

    again = make_page()
    assert again.table.isColumnHidden(COL_BIRTH)
    assert not again.table.isColumnHidden(COL_TRACK)
    assert again.table.isColumnHidden(COL_ABH)
    assert not action_for(again, COL_BIRTH).isChecked()


def test_showing_every_column_is_remembered_too(make_page):
    page = make_page()
    page.set_column_visible(COL_TRACK, True)
    page.set_column_visible(COL_ABH, True)
    assert make_page().visible_columns() == list(COLUMN_KEYS)


def test_file_number_and_name_always_stay(make_page):
    page = make_page()
    for column in (COL_FILE_NUMBER, COL_NAME):
        assert not action_for(page, column).isEnabled()
        page.set_column_visible(column, False)
        assert not page.table.isColumnHidden(column)


def test_a_hidden_column_keeps_its_width(make_page):
    page = make_page()
    page.table.horizontalHeader().resizeSection(COL_BIRTH, 123)
    page.set_column_visible(COL_BIRTH, False)
    page.set_column_visible(COL_BIRTH, True)
    assert make_page().table.horizontalHeader().sectionSize(COL_BIRTH) == 123


def test_right_click_on_the_header_opens_the_column_menu(make_page, qtbot):
    page = make_page()
    header = page.table.horizontalHeader()
    assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    header.customContextMenuRequested.emit(QPoint(10, 5))
    qtbot.waitUntil(page.columns_menu.isVisible)
    page.columns_menu.close()


def test_the_columns_button_opens_its_menu_from_the_keyboard(make_page, qtbot):
    page = make_page()
    page.show()
    page.columns_button.setFocus()
    qtbot.keyClick(page.columns_button, Qt.Key.Key_Space)
    qtbot.waitUntil(page.columns_menu.isVisible)
    page.columns_menu.close()
    page.close()


def test_the_export_menu_opens_a_save_dialog_with_a_default_name(make_page, qtbot, tmp_path):
    page = make_page()
    actions = {a.objectName(): a for a in page.exporter.menu.actions()}
    assert [a.text() for a in actions.values()] == ["Als &CSV …", "Als &Excel (XLSX) …"]
    actions["export_xlsx"].trigger()
    dialog = page.findChild(QFileDialog, "exportFileDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), no exec()
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.selectedFiles()[0].endswith(default_file_name("xlsx"))
    assert default_file_name("csv").startswith("Faelle_20")
    target = tmp_path / "Liste.xlsx"
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "exportDoneBox") is not None,
                    timeout=10000)
    assert target.exists()
    page.findChild(QMessageBox, "exportDoneBox").close()


def test_export_writes_the_list_as_shown(make_page, qtbot, tmp_path, unlocked_ctx):
    page = make_page()
    page.set_column_visible(COL_BIRTH, False)
    page.set_column_visible(COL_ABH, True)
    page.filters.district_combo.setCurrentIndex(
        page.filters.district_combo.findData(District.KOELN.value))
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "1 Fall", timeout=10000)

    page.exporter.export_to("csv", str(tmp_path / "Koeln"), confirmed=True)
    assert page.exporter.isVisibleTo(page)
    assert not page.exporter.button.isEnabled()
    qtbot.waitUntil(lambda: not page.exporter.running, timeout=10000)
    target = tmp_path / "Koeln.csv"
    rows = read_csv(target)
    assert rows[0] == ["Aktenzeichen", "Name", "Staatsangehörigkeit", "Status", "Bezirk",
                       "Merkmale", "Sachbearbeitung", "Eingang", "Zuständige ABH"]
    assert [r[1] for r in rows[1:]] == ["Şahin, Ayşe"]
    box = page.findChild(QMessageBox, "exportDoneBox")
    assert box is not None
    assert box.isVisible()
    assert box.windowModality() == Qt.WindowModality.WindowModal  # open(), no exec()
    assert "1 Fall exportiert nach" in box.text()
    assert str(target) in box.text()
    assert "NICHT verschlüsselt" in box.informativeText()
    assert not page.exporter.isVisibleTo(page)
    assert page.exporter.button.isEnabled()
    box.close()


def test_an_existing_file_is_not_replaced_without_the_dialogs_question(make_page, qtbot,
                                                                       tmp_path, unlocked_ctx):
    page = make_page()
    target = tmp_path / "da.csv"
    target.write_bytes(b"alt")
    page.exporter.export_to("csv", str(target))
    qtbot.waitUntil(lambda: not page.exporter.running, timeout=10000)
    assert target.read_bytes() == b"alt"
    assert "gibt es bereits" in unlocked_ctx.errors.last_message
    unlocked_ctx.errors.close_all()


def test_cancel_stops_the_export_without_an_error(make_page, qtbot, tmp_path, unlocked_ctx,
                                                  monkeypatch):
    page = make_page()
    started = []

    def slow_export(query, columns, fmt, target, *, progress, overwrite=False):
        progress.report(1, 10, "Fälle exportieren")
        started.append(True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            progress.check()
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(unlocked_ctx.workspace.export, "export_cases", slow_export)
    page.exporter.export_to("csv", str(tmp_path / "a.csv"))
    qtbot.waitUntil(lambda: page.exporter.progress.maximum() == 10, timeout=5000)
    assert page.exporter.progress.value() == 1
    assert page.exporter.label.text() == "Fälle exportieren"
    qtbot.mouseClick(page.exporter.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.exporter.running, timeout=5000)
    assert unlocked_ctx.errors.last_message == OperationCancelled.message
    assert page.findChild(QMessageBox, "exportDoneBox") is None
    assert not (tmp_path / "a.csv").exists()
