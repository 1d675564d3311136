"""The Controlling page on a real encrypted vault: a number → the list behind it → Enter opens
the case; the selected overdue rows → the batch dialog → Sachstandsanfragen registered; the
custody releases ahead; the models pass the model tester."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.custody import Sentence
from desktop.domain.enums import MeasureOwner, PartnerKind
from desktop.domain.partners import PartnerInput
from desktop.domain.residence import ReferenceInput, ReferenceKind
from desktop.services.cases import MeasureInput
from desktop.services.custody_models import CustodyInputForm, DetentionKind
from tests.ui.conftest import sample_cases

TIMEOUT = 15000
TODAY = date.today()  # noqa: DTZ011 - the vault's clock is the local day


def abh_case_with_overdue_measure(ctx) -> tuple[str, str]:
    partner = ctx.workspace.partners.create(PartnerInput(
        PartnerKind.ABH, "Stadt Musterstadt – Ausländerbehörde", "ABH Musterstadt",
        street="Rathausplatz 1", postcode="40210", city="Musterstadt"))
    detail = ctx.workspace.cases.create(replace(sample_cases()[0],
                                                responsible_abh_id=partner.id))
    ctx.workspace.residence.add_reference(detail.id, ReferenceInput(ReferenceKind.ABH, "32.1-7"))
    ctx.workspace.cases.add_measure(detail.id, MeasureInput(
        "Passersatz beschaffen", MeasureOwner.ABH, partner.id,
        TODAY - timedelta(days=12)))
    return partner.id, detail.id


def test_number_list_open_case_and_status_requests(unlocked_ctx, open_window, qtbot,
                                                   qtmodeltester):
    ctx = unlocked_ctx
    _partner, case_id = abh_case_with_overdue_measure(ctx)
    window = open_window(ctx)
    page = window.controlling_page
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        window.show_controlling()
    assert window.pages.currentWidget() is page
    model = page.authority_model
    assert model.rowCount() == 1
    assert [model.data(model.index(0, c)) for c in range(6)] == [
        "Stadt Musterstadt – Ausländerbehörde", "1", "1", "12", "0", "0"]
    assert "Fälligkeit vor heute" in model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)
    qtmodeltester.check(page.caseworker_model)
    workers = page.caseworker_model
    assert workers.data(workers.index(0, 0)) == "Anna Beispiel"
    assert workers.data(workers.index(0, 2)) == "1"

    # Enter on "überfällig" shows the list behind it.
    page.authorities.setFocus()
    page.authorities.setCurrentIndex(model.index(0, 2))
    with qtbot.waitSignal(page.sig_items_loaded, timeout=TIMEOUT):
        qtbot.keyClick(page.authorities, Qt.Key.Key_Return)
    items = page.items_model
    assert items.rowCount() == 1
    qtmodeltester.check(items)
    assert items.data(items.index(0, 3)) == "Passersatz beschaffen"
    assert items.data(items.index(0, 5)) == "12"
    assert page.items_title.text().startswith("Maßnahmen überfällig – Stadt Musterstadt")

    # Enter on a line opens its case.
    detail = window.cases_page.detail
    page.items.setFocus()
    page.items.setCurrentIndex(items.index(0, 0))
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(page.items, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.cases_page
    assert detail.current_case_id == case_id

    # The selected overdue line becomes a Sachstandsanfrage through the batch dialog.
    window.show_page(page)
    page.items.selectRow(0)
    assert page.status_request_button.isEnabled()
    page.status_request_button.click()
    dialog = page.batch_dialog
    assert dialog is not None
    assert dialog.count.text() == "1 Fall"
    assert dialog.windowTitle() == "Sachstandsanfragen vorbereiten"
    with qtbot.waitSignal(dialog.sig_finished, timeout=60000) as finished:
        dialog.start_button.click()
    assert len(finished.args[0].letters) == 1
    [row] = ctx.workspace.letters.register()
    assert row.case_id == case_id
    assert row.kind.value == "status_request"
    dialog.reject()
    qtbot.waitUntil(lambda: page.batch_dialog is None, timeout=TIMEOUT)


def test_custody_releases_with_informed_column(unlocked_ctx, open_window, qtbot,
                                               qtmodeltester):
    ctx = unlocked_ctx
    [row] = ctx.workspace.cases.search("Haddad")
    start = TODAY - timedelta(days=300)
    view = ctx.workspace.custody.save(row.id, CustodyInputForm(
        facility_partner_id=None, booking_number="B 1", prosecutor_reference="StA 1",
        detention_kind=DetentionKind.STRAFHAFT, start=start, credited_days=0,
        sentences=(Sentence(months=11),)))
    ctx.workspace.custody.record_notice(view.id, TODAY)
    window = open_window(ctx)
    page = window.controlling_page
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        window.show_controlling()
    with qtbot.waitSignal(page.sig_releases_loaded, timeout=TIMEOUT):
        page.tabs.setCurrentIndex(2)
    model = page.releases_model
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    assert model.data(model.index(0, 3)) == "Haddad, Yusuf"
    assert model.data(model.index(0, 7)).startswith("ja (")
    assert page.release_count.text() == "1 Entlassungen, davon 0 ohne Mitteilung an die ABH"
    with qtbot.waitSignal(page.sig_releases_loaded, timeout=TIMEOUT):
        page.months.setCurrentIndex(2)
    detail = window.cases_page.detail
    page.releases.setFocus()
    page.releases.setCurrentIndex(model.index(0, 0))
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(page.releases, Qt.Key.Key_Return)
    assert detail.current_case_id == row.id


def test_shortcuts_show_controlling_and_statistik(unlocked_ctx, open_window, qtbot):
    window = open_window(unlocked_ctx)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.workspace_view,
                    timeout=TIMEOUT)
    assert window.controlling_action.shortcut().toString() == "Ctrl+Shift+O"
    assert window.statistics_action.shortcut().toString() == "Ctrl+Shift+T"
    window.activateWindow()
    with qtbot.waitSignal(window.controlling_page.sig_loaded, timeout=TIMEOUT):
        window.controlling_action.trigger()
    assert window.pages.currentWidget() is window.controlling_page
    assert QApplication.focusWidget() is window.controlling_page.authorities
    with qtbot.waitSignal(window.statistics_page.sig_loaded, timeout=TIMEOUT):
        window.statistics_action.trigger()
    assert window.pages.currentWidget() is window.statistics_page
    qtbot.waitUntil(lambda: unlocked_ctx.runner.pending == 0, timeout=TIMEOUT)
