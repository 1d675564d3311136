"""Saved filters on the "Fälle" page: the "Überfällig" and "Nur meine" checkboxes, the built-in
"Meine überfälligen Fälle", saving, applying and deleting a filter, and Strg+Umschalt+F."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseTrack, District, IntakeSource, Role
from desktop.services.cases import MeasureInput
from desktop.services.read_models import CaseQuery, CaseSort
from tests.support import FAST_KDF, PASSPHRASE

TIMEOUT = 10000


def local_today() -> date:
    return datetime.now(UTC).astimezone().date()


def case_id_of(ctx, family_name: str) -> str:
    rows = ctx.workspace.cases.search(family_name)
    assert len(rows) == 1
    return rows[0].id


@pytest.fixture
def filter_ctx(unlocked_ctx):
    """Two of anna's sample cases with something overdue, one due later, and a colleague's
    case with something overdue."""
    ctx = unlocked_ctx
    workspace = ctx.workspace
    workspace.add_user("bernd", "Bernd Beispiel", Role.CASEWORKER, PASSPHRASE, FAST_KDF)
    other = next(u.id for u in workspace.partners.users() if u.id != workspace.user.id)
    theirs = workspace.cases.create(CaseInput(
        person=PersonInput("Fremdfall", "Test", birth_date=PartialDate(1980),
                           nationalities=("IQ",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=date(2026, 3, 2),
        caseworker_id=other)).id
    yesterday = local_today() - timedelta(days=1)
    for case_id in (case_id_of(ctx, "Müller"), case_id_of(ctx, "Haddad"), theirs):
        workspace.cases.add_measure(case_id, MeasureInput("Passersatz", due_date=yesterday))
    workspace.cases.add_measure(case_id_of(ctx, "Şahin"), MeasureInput(
        "Später", due_date=local_today() + timedelta(days=3)))
    return ctx


@pytest.fixture
def window(filter_ctx, open_window, qtbot):
    window = open_window(filter_ctx)
    window.show_page(window.cases_page)
    qtbot.waitUntil(lambda: window.cases_page.filters.count_label.text() == "6 Fälle",
                    timeout=TIMEOUT)
    box = window.cases_page.saved_filters
    qtbot.waitUntil(lambda: len(box.views()) == 3, timeout=TIMEOUT)
    return window


def listed(page) -> set[str]:
    return {page.model.case_id(r) for r in range(page.model.rowCount())}


def test_the_checkboxes_filter_overdue_and_mine(window, qtbot, filter_ctx):
    page = window.cases_page
    bar = page.filters
    assert bar.overdue_check.accessibleName()
    assert bar.mine_check.accessibleName()
    bar.overdue_check.setChecked(True)
    qtbot.waitUntil(lambda: bar.count_label.text() == "3 Fälle", timeout=TIMEOUT)
    bar.mine_check.setChecked(True)
    qtbot.waitUntil(lambda: bar.count_label.text() == "2 Fälle", timeout=TIMEOUT)
    assert not bar.caseworker_combo.isEnabled()
    assert page.current_query().mine
    assert page.current_query().overdue_only


def test_the_builtin_my_overdue_cases(window, qtbot, filter_ctx):
    page = window.cases_page
    box = page.saved_filters
    assert box.combo.accessibleName() == "Gespeicherte Filter"
    assert [v.name for v in box.views()] == ["Meine überfälligen Fälle", "Meine offenen Fälle",
                                             "Alle überfälligen Fälle"]
    assert not box.delete_button.isEnabled()
    box.choose("builtin:my_overdue")
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "2 Fälle", timeout=TIMEOUT)
    assert listed(page) == {case_id_of(filter_ctx, "Müller"), case_id_of(filter_ctx, "Haddad")}
    assert page.filters.overdue_check.isChecked()
    assert page.filters.mine_check.isChecked()
    assert not box.delete_button.isEnabled()  # built in
    # changing a filter by hand un-chooses it
    page.filters.mine_check.setChecked(False)
    qtbot.waitUntil(lambda: page.filters.count_label.text() == "3 Fälle", timeout=TIMEOUT)
    assert box.current() is None


def test_save_apply_and_delete_a_filter(window, qtbot, filter_ctx):
    page = window.cases_page
    box = page.saved_filters
    bar = page.filters
    bar.district_combo.setCurrentIndex(bar.district_combo.findData(District.KOELN.value))
    qtbot.waitUntil(lambda: bar.count_label.text() == "2 Fälle", timeout=TIMEOUT)
    page.model.set_query(CaseQuery(
        district=District.KOELN, sort=CaseSort.NAME, descending=True))
    qtbot.waitUntil(lambda: page.model.query.sort == CaseSort.NAME
                    and bar.count_label.text() == "2 Fälle", timeout=TIMEOUT)

    box.save_button.click()
    dialog = page.findChild(QInputDialog, "saveFilterDialog")
    assert dialog is not None
    assert dialog.isVisible()
    dialog.setTextValue("Köln absteigend")
    dialog.accept()
    qtbot.waitUntil(lambda: box.current() is not None, timeout=TIMEOUT)
    assert box.current().name == "Köln absteigend"
    assert box.current().query.district == District.KOELN
    assert box.current().query.sort == CaseSort.NAME
    assert box.current().query.descending
    assert box.delete_button.isEnabled()
    saved_id = box.current().id

    # a duplicate name is refused with a German message
    box.save("köln absteigend")
    qtbot.waitUntil(lambda: "schon einen Filter" in (filter_ctx.errors.last_message or ""),
                    timeout=TIMEOUT)
    filter_ctx.errors.close_all()

    bar.clear_filters()
    page.apply_query(CaseQuery())
    qtbot.waitUntil(lambda: bar.count_label.text() == "6 Fälle", timeout=TIMEOUT)
    box.choose(saved_id)
    qtbot.waitUntil(lambda: bar.count_label.text() == "2 Fälle"
                    and page.model.query.descending, timeout=TIMEOUT)
    assert bar.district_combo.currentData() == District.KOELN.value
    assert page.model.query.sort == CaseSort.NAME

    box.delete_button.click()
    qtbot.waitUntil(lambda: saved_id not in {v.id for v in box.views()}, timeout=TIMEOUT)
    assert box.combo.findData(saved_id) == -1
    assert box.current() is None
    assert len(filter_ctx.workspace.filters.list_filters()) == 3


def test_ctrl_shift_f_focuses_the_chooser(window, qtbot):
    shortcuts = [a.shortcut() for a in window.findChildren(type(window.search_action))
                 if not a.shortcut().isEmpty()]
    assert shortcuts.count(QKeySequence("Ctrl+Shift+F")) == 1
    window.show_page(window.desk_page)
    window.saved_filters_action.trigger()
    assert window.pages.currentWidget() is window.cases_page
    combo = window.cases_page.saved_filters.combo
    assert combo.hasFocus() or not window.isActiveWindow()


def test_locking_forgets_the_saved_filters(window, qtbot, filter_ctx):
    box = window.cases_page.saved_filters
    window.cases_page.clear()
    assert box.views() == []
    assert box.combo.count() == 1
