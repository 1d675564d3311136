"""The intake wizard from the first key to the closed case: a police report with a MiStra
Nr. 42 notice, typed with the keyboard only; then intake → active → closed in the case page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from desktop.domain.dates import PartialDate, format_date
from desktop.domain.enums import CaseOutcome, CaseStatus, IntakeSource
from desktop.ui.dialogs.create_case import (
    CASE,
    DETAILS,
    PERSON,
    REVIEW,
    SOURCE,
    CreateCaseDialog,
)
from desktop.ui.dialogs.status_dialog import StatusDialog
from desktop.ui.pages.case_detail import CaseDetailPanel
from desktop.ui.widgets.field_errors import is_marked
from tests.ui.keyboard import type_text

TIMEOUT = 10000


def local_today() -> date:
    return datetime.now(UTC).astimezone().date()


@pytest.fixture
def dialog(unlocked_ctx, qtbot):
    dialog = CreateCaseDialog(unlocked_ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.form.responsible_abh.count() > 1, timeout=TIMEOUT)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab_to(qtbot, dialog: CreateCaseDialog, widget: QWidget, limit: int = 60) -> None:
    """Presses Tab until ``widget`` has the focus (keyboard only)."""
    for _ in range(limit):
        if focused() is widget:
            return
        qtbot.keyClick(focused() or dialog, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName() or widget!r}")


def alt(qtbot, dialog: CreateCaseDialog, key: Qt.Key) -> None:
    """A mnemonic; a button's mnemonic clicks it "animated", about 100 ms later."""
    qtbot.keyClick(focused() or dialog, key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(250)


def type_into(qtbot, dialog, widget: QWidget, text: str) -> None:
    tab_to(qtbot, dialog, widget)
    type_text(qtbot, widget, text)


def test_every_input_has_an_accessible_name(dialog):
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QRadioButton, QDateEdit)
    for step in range(SOURCE, REVIEW + 1):
        dialog.steps.setCurrentIndex(step)
        page = dialog.steps.currentWidget()
        inputs = [w for w in page.findChildren(QWidget)
                  if isinstance(w, kinds) and w.isVisibleTo(page)
                  and not isinstance(w.parentWidget(), QComboBox | QDateEdit)]
        assert inputs
        unnamed = [w.objectName() or w.metaObject().className() for w in inputs
                   if not (w.accessibleName()  # a button's text is its accessible name
                           or (isinstance(w, QCheckBox | QRadioButton) and w.text()))]
        assert unnamed == [], (step, unnamed)


def test_police_report_with_mistra42_from_wizard_to_closure(unlocked_ctx, dialog, qtbot):
    ctx = unlocked_ctx
    before = ctx.workspace.cases.count()
    # Step 1: the source by arrow keys, the MiStra flag by its mnemonic.
    assert dialog.step == SOURCE
    assert dialog.step_label.text() == "Schritt 1 von 5: Quelle"
    assert focused() is dialog.source.buttons[IntakeSource.POLICE_REPORT]
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert dialog.source.source() == IntakeSource.PRESS_REPORT
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    assert dialog.source.source() == IntakeSource.POLICE_REPORT
    alt(qtbot, dialog, Qt.Key.Key_J)
    assert dialog.source.mistra.isChecked()
    assert dialog.form._labels["birth_country"][0].text().endswith(" *")
    type_into(qtbot, dialog, dialog.form.intake_reference, "KPB-2026-0815")
    alt(qtbot, dialog, Qt.Key.Key_W)

    # Step 2: the police fields and the justice fields; nothing typed → messages.
    assert dialog.step == DETAILS
    assert dialog.details.justice_box.isVisible()
    alt(qtbot, dialog, Qt.Key.Key_W)
    assert dialog.step == DETAILS
    authority = dialog.details.edits["police_authority"]
    assert dialog.details.errors.message_at("police_authority") == (
        "Polizeibehörde: bitte angeben.")
    assert is_marked(authority)
    assert focused() is authority
    type_text(qtbot, authority, "KPB Musterstadt")
    future = format_date(local_today() + timedelta(days=3))
    type_into(qtbot, dialog, dialog.details.edits["offence_date"], future)
    type_into(qtbot, dialog, dialog.details.edits["justice_authority"], "StA Musterstadt")
    type_into(qtbot, dialog, dialog.details.edits["justice_reference"], "12 Js 345/26")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.step == DETAILS
    assert "Zukunft" in dialog.details.errors.message_at("offence_date")
    offence_date = dialog.details.edits["offence_date"]
    offence_date.selectAll()
    type_text(qtbot, offence_date, "01.03.2026")
    alt(qtbot, dialog, Qt.Key.Key_W)

    # Step 3: the person; MiStra Nr. 42 needs more than a family name.
    assert dialog.step == PERSON
    form = dialog.form
    assert focused() is form.family_name
    type_text(qtbot, form.family_name, "Beispielmann")
    alt(qtbot, dialog, Qt.Key.Key_W)
    assert dialog.step == PERSON
    assert "MiStra Nr. 42" in form.errors.message_at("birth_country")
    assert "MiStra Nr. 42" in form.errors.message_at("address")
    type_into(qtbot, dialog, form.given_names, "Testo")
    type_into(qtbot, dialog, form.birth_name, "Mustermann")
    type_into(qtbot, dialog, form.birth_date, "02.04.1991")
    type_into(qtbot, dialog, form.birth_place, "Beispielstadt")
    tab_to(qtbot, dialog, form.birth_country)
    type_text(qtbot, form.birth_country, "Kosovo")
    qtbot.keyClick(form.birth_country, Qt.Key.Key_Tab)
    assert form.birth_country.value() == "XK"
    type_into(qtbot, dialog, form.nationalities.search, "Kosovo")
    qtbot.keyClick(form.nationalities.search.lineEdit(), Qt.Key.Key_Return)
    type_into(qtbot, dialog, form.address, "Musterweg 5\n40210 Düsseldorf")
    alt(qtbot, dialog, Qt.Key.Key_W)

    # Step 4: the case; Zurück and Weiter keep everything.
    assert dialog.step == CASE
    alt(qtbot, dialog, Qt.Key.Key_Z)
    assert dialog.step == PERSON
    assert form.birth_place.text() == "Beispielstadt"
    alt(qtbot, dialog, Qt.Key.Key_W)
    type_into(qtbot, dialog, form.summary, "Mitteilung nach MiStra Nr. 42.")
    alt(qtbot, dialog, Qt.Key.Key_W)

    # Step 5: check and create with Strg+Enter.
    assert dialog.step == REVIEW
    review = dialog.review.toPlainText()
    for text in ("Quelle: Polizeimeldung", "Polizeibehörde: KPB Musterstadt",
                 "Mitteilung der Justiz (MiStra Nr. 42): ja", "Geburtsstaat: Kosovo",
                 "Anschrift: Musterweg 5 / 40210 Düsseldorf"):
        assert text in review
    assert dialog.create_button.isVisible()
    assert not dialog.next_button.isVisible()
    with qtbot.waitSignal(dialog.sig_created, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    created = blocker.args[0]
    assert not dialog.isVisible()
    assert ctx.workspace.cases.count() == before + 1
    assert created.status == CaseStatus.INTAKE
    assert created.person.birth_country == "XK"
    assert created.person.birth_date == PartialDate(1991, 4, 2)
    assert created.intake_reference == "KPB-2026-0815"
    assert dict(created.intake_details) == {
        "police_authority": "KPB Musterstadt", "offence_date": "01.03.2026",
        "mistra42": "ja", "justice_authority": "StA Musterstadt",
        "justice_reference": "12 Js 345/26"}

    # The case page shows the source's details and the state of birth; then the workflow.
    panel = CaseDetailPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT):
        panel.load(created.id)
    assert panel.form.birth_country.value() == "XK"
    shown = panel.form.details_label.text()
    assert "Polizeibehörde: KPB Musterstadt" in shown
    assert "Aktenzeichen der Justiz: 12 Js 345/26" in shown

    for target in (CaseStatus.ACTIVE, CaseStatus.CLOSED):
        panel.tabs.setCurrentWidget(panel.status_tab)
        qtbot.mouseClick(panel.status_tab.change_button, Qt.MouseButton.LeftButton)
        [status] = [d for d in panel.findChildren(StatusDialog) if d.isVisible()]
        status.select_target(target)
        if target == CaseStatus.CLOSED:
            status.outcome.set_value(CaseOutcome.DEPORTED)
            status.outcome_date.setValue(local_today() - timedelta(days=1))
        status.activateWindow()
        qtbot.waitUntil(status.isActiveWindow)
        with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
            qtbot.keyClick(status.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)
    closed = ctx.workspace.cases.get(created.id)
    assert closed.status == CaseStatus.CLOSED
    assert closed.outcome == CaseOutcome.DEPORTED
    assert closed.outcome_date == local_today() - timedelta(days=1)
    assert panel.header.status.text() == "Abgeschlossen"


def test_unchecking_mistra_drops_the_justice_fields_and_the_marks(dialog, qtbot):
    dialog.source.mistra.setChecked(True)
    dialog.details.edits["justice_reference"].setText("1 Js 2/26")
    dialog.source.mistra.setChecked(False)
    assert not dialog.form._labels["birth_country"][0].text().endswith(" *")
    assert dialog.form._labels["family_name"][0].text().endswith(" *")
    assert "justice_reference" not in dict(dialog.details.details())
    assert "mistra42" not in dict(dialog.details.details())


def test_each_source_brings_its_own_fields(dialog, qtbot):
    for source in IntakeSource:
        dialog.source.buttons[source].click()
        assert dialog.form.intake_source.value() == source
        page = dialog.details.current_box()
        assert page.title() == source.label
        assert page.isVisibleTo(dialog.details)
        keys = [k for k, _v in dialog.details.details()]
        assert keys
        assert all(dialog.details.edits[k].isVisibleTo(dialog.details) for k in keys)
