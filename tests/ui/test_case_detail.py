"""The case page: loading, Stammdaten with Strg+S, status workflow, Verlauf, Maßnahmen, clear()."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)

from desktop.domain.cases import AliasInput, PersonInput
from desktop.domain.enums import CaseOutcome, CaseStatus, JournalKind, MeasureOwner
from desktop.services.cases import CaseChanges
from desktop.services.read_models import CaseQuery
from desktop.ui.dialogs.status_dialog import StatusDialog
from desktop.ui.models.measures_model import OVERDUE_COLOUR
from desktop.ui.pages.case_detail import LOADING, NO_CASE, CaseDetailPanel
from desktop.ui.widgets.field_errors import is_marked
from tests.ui.keyboard import type_text

TIMEOUT = 10000


def local_today() -> date:
    """Today on this computer, as the services see it."""
    return datetime.now(UTC).astimezone().date()


@pytest.fixture
def panel(unlocked_ctx, qtbot):
    widget = CaseDetailPanel(unlocked_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def case_id_of(ctx, family_name: str) -> str:
    rows = ctx.workspace.cases.search(family_name)
    assert len(rows) == 1
    return rows[0].id


def load(qtbot, panel: CaseDetailPanel, case_id: str) -> None:
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT) as blocker:
        panel.load(case_id)
        assert panel.placeholder.text() == LOADING
    assert blocker.args == [case_id]


def open_status_dialog(qtbot, panel: CaseDetailPanel) -> StatusDialog:
    panel.tabs.setCurrentWidget(panel.status_tab)
    qtbot.mouseClick(panel.status_tab.change_button, Qt.MouseButton.LeftButton)
    dialogs = [d for d in panel.findChildren(StatusDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_load_shows_header_form_journal_and_measures(unlocked_ctx, panel, qtbot):
    case_id = case_id_of(unlocked_ctx, "Şahin")
    load(qtbot, panel, case_id)
    assert panel.current_case_id == case_id
    assert panel.header.file_number.text().startswith("RRK-KLN-2026-")
    assert panel.header.file_number.font().bold()
    assert panel.header.name.text() == "Şahin, Ayşe"
    assert panel.header.status.text() == "Eingang"
    assert "Köln" in panel.header.details.text()
    assert panel.form.family_name.text() == "Şahin"
    assert panel.form.birth_date.text() == "12.04.1985"
    assert panel.form.nationalities.value() == ("TR",)
    assert panel.form.aliases.row_count() == 1
    assert not panel.form.district.isEnabled()  # fixed by the file number
    assert [e.subject for e in panel.journal_tab.model.entries()] == ["Fall angelegt"]
    assert panel.measures_tab.model.rowCount() == 0
    assert not panel.has_unsaved_changes()
    assert panel.tabs.tabText(0) == "Stammdaten"


def test_results_for_a_case_that_is_no_longer_current_are_dropped(unlocked_ctx, panel, qtbot):
    first = case_id_of(unlocked_ctx, "Müller")
    second = case_id_of(unlocked_ctx, "Haddad")
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT) as blocker:
        panel.load(first)
        panel.load(second)
    assert blocker.args == [second]
    qtbot.waitUntil(lambda: unlocked_ctx.runner.pending == 0)
    assert panel.current_case_id == second
    assert panel.form.family_name.text() == "Haddad"
    # load then clear: the late result must not show up
    panel.load(first)
    panel.clear()
    qtbot.waitUntil(lambda: unlocked_ctx.runner.pending == 0)
    assert panel.current_case_id is None
    assert panel.form.family_name.text() == ""
    assert panel.placeholder.text() == NO_CASE


def test_edit_and_save_with_ctrl_s(unlocked_ctx, panel, qtbot):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Müller")
    load(qtbot, panel, case_id)
    edit = panel.form.given_names
    edit.setFocus()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, edit, "Hans-Jürgen")
    assert panel.tabs.tabText(0) == "Stammdaten *"
    assert panel.has_unsaved_changes()
    assert panel.save_button.isEnabled()

    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [case_id]
    assert panel.tabs.tabText(0) == "Stammdaten"
    assert not panel.has_unsaved_changes()
    assert panel.header.name.text() == "Müller, Hans-Jürgen"
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)
    saved = ctx.workspace.cases.get(case_id)
    assert saved.person.given_names == "Hans-Jürgen"
    journal = ctx.workspace.cases.journal(case_id)
    changes = [e for e in journal if e.subject == "Stammdaten geändert"]
    assert len(changes) == 1
    assert "Vornamen" in changes[0].text
    qtbot.waitUntil(lambda: "Stammdaten geändert" in [
        e.subject for e in panel.journal_tab.model.entries()], timeout=TIMEOUT)


def test_languages_and_address_are_saved_with_the_stammdaten(unlocked_ctx, panel, qtbot):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Müller")
    load(qtbot, panel, case_id)
    form = panel.form
    assert form.languages.placeholderText() == "z. B. ar, fr"
    assert form.languages.accessibleName() == "Sprachen"
    assert form.address.accessibleName() == "Anschrift / Unterkunft"
    type_text(qtbot, form.languages, "ar, fr; AR")
    form.address.setFocus()
    type_text(qtbot, form.address, "Landesaufnahmeeinrichtung Bochum")
    assert panel.has_unsaved_changes()
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert not panel.has_unsaved_changes()
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)
    saved = ctx.workspace.cases.get(case_id)
    assert saved.person.languages == "ar, fr"
    assert saved.person.address == "Landesaufnahmeeinrichtung Bochum"
    assert form.languages.text() == "ar, fr"  # shown as stored
    changes = [e for e in ctx.workspace.cases.journal(case_id)
               if e.subject == "Stammdaten geändert"]
    assert changes[-1].text == "Sprachen, Anschrift/Unterkunft"

    load(qtbot, panel, case_id)
    assert form.address.toPlainText() == "Landesaufnahmeeinrichtung Bochum"
    panel.clear()
    assert form.languages.text() == ""
    assert form.address.toPlainText() == ""
    assert not form.address.document().isUndoAvailable()
    assert not panel.has_unsaved_changes()


def test_a_bad_address_is_shown_at_its_field(unlocked_ctx, panel, qtbot):
    load(qtbot, panel, case_id_of(unlocked_ctx, "Müller"))
    panel.form.address.setPlainText("Str. 1\x07")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.form.errors.message_at("address") != "", timeout=TIMEOUT)
    assert panel.form.errors.message_at("address") == "Steuerzeichen sind nicht erlaubt."
    assert is_marked(panel.form.address)


def test_discard_resets_the_form(unlocked_ctx, panel, qtbot):
    load(qtbot, panel, case_id_of(unlocked_ctx, "Müller"))
    panel.form.birth_place.setText("Ankara")
    assert panel.has_unsaved_changes()
    qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
    assert panel.form.birth_place.text() == ""
    assert not panel.has_unsaved_changes()


def test_invalid_input_is_shown_at_the_field(unlocked_ctx, panel, qtbot):
    load(qtbot, panel, case_id_of(unlocked_ctx, "Müller"))
    panel.form.azr_number.setText("12ab")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.form.errors.message_at("azr_number") != "", timeout=TIMEOUT)
    assert panel.form.errors.message_at("azr_number") == (
        "Die AZR-Nummer besteht aus 6 bis 14 Ziffern.")
    assert is_marked(panel.form.azr_number)
    assert panel.has_unsaved_changes()  # the typed value stays


def test_stale_data_offers_a_reload(unlocked_ctx, panel, qtbot):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Haddad")
    load(qtbot, panel, case_id)
    # someone else saves in between
    detail = ctx.workspace.cases.get(case_id)
    ctx.workspace.cases.update(case_id, detail.version, CaseChanges(
        person=_person_input(detail, birth_place="Aleppo"), track=detail.track,
        intake_source=detail.intake_source, intake_date=detail.intake_date,
        flags=detail.active_flags,
        aliases=tuple(AliasInput(a.family_name, a.given_names, a.birth_date)
                      for a in detail.person.aliases),
        caseworker_id=detail.caseworker.id, summary=detail.summary))
    panel.form.given_names.setText("Yussuf")
    assert panel.has_unsaved_changes()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.findChild(QMessageBox, "staleDataBox") is not None,
                    timeout=TIMEOUT)
    box = panel.findChild(QMessageBox, "staleDataBox")
    assert "inzwischen an anderer Stelle geändert" in box.text()
    reload_button = next(b for b in box.buttons() if b.text() == "Neu laden")
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(reload_button, Qt.MouseButton.LeftButton)
    assert panel.form.birth_place.text() == "Aleppo"
    assert panel.form.given_names.text() == "Yusuf"


def _person_input(detail, **changes):
    person = detail.person
    values = {"family_name": person.family_name, "given_names": person.given_names,
              "birth_name": person.birth_name, "birth_date": person.birth_date,
              "birth_place": person.birth_place, "nationalities": person.nationalities,
              "azr_number": person.azr_number, "languages": person.languages,
              "address": person.address}
    values.update(changes)
    return PersonInput(**values)


def test_status_workflow_through_the_dialog(unlocked_ctx, panel, qtbot):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Kovačević")
    load(qtbot, panel, case_id)

    dialog = open_status_dialog(qtbot, panel)
    offered = [dialog.target.member_at(i) for i in range(dialog.target.count())]
    assert offered == [CaseStatus.ACTIVE, CaseStatus.CLOSED]
    dialog.select_target(CaseStatus.ACTIVE)
    assert not dialog.outcome.isEnabled()
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert panel.header.status.text() == "Aktiv"
    assert panel.status_tab.status.text() == "Aktiv"

    dialog = open_status_dialog(qtbot, panel)
    assert [dialog.target.member_at(i) for i in range(dialog.target.count())] == [
        CaseStatus.DORMANT, CaseStatus.CLOSED]
    dialog.select_target(CaseStatus.CLOSED)
    assert dialog.outcome.isEnabled()
    assert dialog.outcome.value() is None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.message_at("outcome") != "", timeout=TIMEOUT)
    assert dialog.errors.message_at("outcome") == "Zum Abschließen ist ein Ergebnis anzugeben."
    assert is_marked(dialog.outcome)
    assert dialog.isVisible()
    assert ctx.workspace.cases.get(case_id).status == CaseStatus.ACTIVE

    dialog.outcome.set_value(CaseOutcome.VOLUNTARY_DEPARTURE)
    assert not is_marked(dialog.outcome)  # choosing takes the mark away
    dialog.outcome_date.setValue(local_today() - timedelta(days=2))
    type_text(qtbot, dialog.note, "Ausreise über Düsseldorf bestätigt.")
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert panel.header.status.text() == "Abgeschlossen"
    assert panel.status_tab.outcome.text().startswith("Freiwillige Ausreise, ")
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)
    saved = ctx.workspace.cases.get(case_id)
    assert saved.status == CaseStatus.CLOSED
    assert saved.outcome == CaseOutcome.VOLUNTARY_DEPARTURE
    qtbot.waitUntil(lambda: sum(e.kind == JournalKind.STATUS_CHANGE
                                for e in panel.journal_tab.model.entries()) == 2,
                    timeout=TIMEOUT)


def test_add_a_journal_note_and_filter(unlocked_ctx, panel, qtbot):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Jørgensen")
    load(qtbot, panel, case_id)
    tab = panel.journal_tab
    panel.tabs.setCurrentWidget(tab)
    assert [tab.kind.member_at(i) for i in range(tab.kind.count())] == [
        JournalKind.NOTE, JournalKind.CALL, JournalKind.EMAIL, JournalKind.LETTER]

    # nothing typed: the message stands at the field
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.errors.message_at("text") != "", timeout=TIMEOUT)
    assert tab.errors.message_at("text") == "Bitte einen Betreff oder Text eingeben."

    tab.kind.set_value(JournalKind.CALL)
    type_text(qtbot, tab.subject, "Rückruf der ABH Münster")
    type_text(qtbot, tab.text, "Passersatz beantragt.\nTermin folgt.")
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=TIMEOUT)
    newest = tab.model.entry(0)
    assert (newest.kind, newest.subject) == (JournalKind.CALL, "Rückruf der ABH Münster")
    assert tab.model.data(tab.model.index(0, 3)) == "Passersatz beantragt. …"
    assert tab.model.data(tab.model.index(0, 4)) == "Anna Beispiel"
    assert tab.subject.text() == ""
    assert tab.text.toPlainText() == ""
    tab.view.selectRow(0)
    assert "Termin folgt." in tab.preview.toPlainText()

    tab.filter.set_value(JournalKind.SYSTEM)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1
                    and tab.model.entry(0).kind == JournalKind.SYSTEM, timeout=TIMEOUT)
    tab.filter.setCurrentIndex(0)  # "alle"
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=TIMEOUT)


def test_add_an_overdue_measure_and_mark_it_done(unlocked_ctx, panel, qtbot):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Haddad")
    load(qtbot, panel, case_id)
    tab = panel.measures_tab
    panel.tabs.setCurrentWidget(tab)
    completions = tab.title.completer().model()
    titles = [completions.index(r, 0).data() for r in range(completions.rowCount())]
    assert "Passersatzbeschaffung" in titles
    assert "Rückkehrberatung" in titles

    type_text(qtbot, tab.title, "Passersatzbeschaffung")
    tab.owner.set_value(MeasureOwner.ABH)
    tab.due.setValue(local_today() - timedelta(days=10))
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT)
    model = tab.model
    assert model.measure(0).overdue
    assert model.data(model.index(0, 0)) == "Passersatzbeschaffung"
    assert model.data(model.index(0, 1)) == "Ausländerbehörde"
    assert model.data(model.index(0, 2)) == (local_today() - timedelta(days=10)).strftime(
        "%d.%m.%Y")
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == (
        "überfällig seit 10 Tagen")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color() == (
        OVERDUE_COLOUR)
    assert tab.title.text() == ""
    assert not tab.done_button.isEnabled()  # nothing selected yet

    tab.view.selectRow(0)
    assert tab.done_button.isEnabled()
    assert tab.cancel_button.isEnabled()
    type_text(qtbot, tab.result, "PEP liegt vor")
    with qtbot.waitSignal(panel.sig_case_changed, timeout=TIMEOUT):
        qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.model.measure(0).overdue, timeout=TIMEOUT)
    done = tab.model.measure(0)
    assert done.status.label == "Erledigt"
    assert done.result == "PEP liegt vor"
    assert model.data(model.index(0, 3)) == f"Erledigt am {local_today():%d.%m.%Y}"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    assert not tab.done_button.isEnabled()
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)
    subjects = [e.text for e in ctx.workspace.cases.journal(case_id) if e.subject == "Maßnahme"]
    assert subjects == ["Passersatzbeschaffung: Offen → Erledigt"]


def test_clear_leaves_no_case_data_in_any_widget(unlocked_ctx, panel, qtbot):
    ctx = unlocked_ctx
    case_id = case_id_of(ctx, "Şahin")
    load(qtbot, panel, case_id)
    # some typed drafts as well
    panel.journal_tab.subject.setText("Şahin angerufen")
    panel.measures_tab.result.setText("Şahin")
    panel.journal_tab.view.selectRow(0)
    secrets = ["Şahin", "Sahin", "Ayşe", "Ayse", "RRK-KLN"]
    assert any(s in panel.form.family_name.text() for s in secrets)

    panel.clear()

    assert panel.current_case_id is None
    assert not panel.has_unsaved_changes()
    texts = []
    for widget in panel.findChildren(QLineEdit):
        texts += [widget.text(), widget.placeholderText(), widget.toolTip()]
    for widget in panel.findChildren(QLabel):
        texts += [widget.text(), widget.toolTip()]
    for widget in panel.findChildren(QPlainTextEdit):
        texts += [widget.toPlainText(), widget.toolTip()]
    for widget in panel.findChildren(QAbstractButton):
        texts += [widget.text(), widget.toolTip()]
    for widget in panel.findChildren(QComboBox):
        texts += [widget.currentText()] + [widget.itemText(i) for i in range(widget.count())]
    texts += [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    leaks = [t for t in texts for s in secrets if s in t]
    assert leaks == []
    assert panel.form.nationalities.value() == ()
    assert not [b.text() for b in panel.findChildren(QAbstractButton) if "Türkei" in b.text()]
    assert panel.journal_tab.model.rowCount() == 0
    assert panel.measures_tab.model.rowCount() == 0
    assert panel.placeholder.text() == NO_CASE


def test_lock_clears_the_panel_and_closes_the_status_dialog(unlocked_ctx, panel, qtbot):
    load(qtbot, panel, case_id_of(unlocked_ctx, "Müller"))
    dialog = open_status_dialog(qtbot, panel)
    unlocked_ctx.session.sig_locked.emit()
    assert not dialog.isVisible()
    assert panel.current_case_id is None
    assert panel.form.family_name.text() == ""


def test_all_sample_cases_load(unlocked_ctx, panel, qtbot):
    for case_id in unlocked_ctx.workspace.cases.query_ids(CaseQuery()):
        load(qtbot, panel, case_id)
        assert panel.detail.id == case_id
        assert not panel.has_unsaved_changes()  # loading alone never makes the form dirty
