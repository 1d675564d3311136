"""The "Aufenthalt" tab: its models, adding a Duldung through the form, field errors,
obstacles shown in the Maßnahmen tab, external file numbers searchable, removal that asks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.domain.residence import (
    DocumentKind,
    DuldungType,
    ObstacleKind,
    PassportStatus,
    ReferenceInput,
    ReferenceKind,
)
from desktop.services.read_models import (
    DuldungView,
    ExternalReferenceView,
    IdentityDocumentView,
    ObstacleView,
)
from desktop.ui.models.residence_models import (
    EXPIRED_COLOUR,
    DocumentsModel,
    DuldungenModel,
    ObstaclesModel,
    ReferencesModel,
    duldung_state,
)
from desktop.ui.pages.case_detail import CaseDetailPanel
from desktop.ui.widgets.field_errors import is_marked
from tests.ui.keyboard import type_text

TIMEOUT = 10000
DAY = date(2026, 3, 10)


def local_today() -> date:
    return datetime.now(UTC).astimezone().date()


def duldung_view(until: date | None, *, current: bool = True, expired: bool = False,
                 left: int | None = None, expiring: bool = False) -> DuldungView:
    return DuldungView(f"d-{until}", 1, "c1", DuldungType.S60A_2_1, "Passlosigkeit\nZeile 2",
                       DAY - timedelta(days=30), until, "ABH Köln", current, expired, left,
                       expiring)


# --- models -----------------------------------------------------------------------------------

def test_models_pass_the_model_tester(qtmodeltester):
    duldungen = DuldungenModel()
    duldungen.set_rows([duldung_view(DAY + timedelta(days=5), left=5, expiring=True),
                        duldung_view(DAY - timedelta(days=1), current=False, expired=True,
                                     left=-1),
                        duldung_view(None)])
    qtmodeltester.check(duldungen)
    obstacles = ObstaclesModel()
    obstacles.set_rows([ObstacleView("o1", 1, "c1", ObstacleKind.MEDICAL, "attestiert", DAY,
                                     None, False, True),
                        ObstacleView("o2", 1, "c1", ObstacleKind.COURT, "", None, None, True,
                                     False)])
    qtmodeltester.check(obstacles)
    references = ReferencesModel()
    references.set_rows([ExternalReferenceView("r1", 1, "c1", ReferenceKind.ABH, "ABH-1/2",
                                               "Stadt Köln")])
    qtmodeltester.check(references)
    documents = DocumentsModel()
    documents.set_rows([IdentityDocumentView("x1", 1, "p1", DocumentKind.PASSPORT, "P1", "TR",
                                             DAY - timedelta(days=3), PassportStatus.EXPIRED,
                                             True)])
    qtmodeltester.check(documents)
    assert documents.data(documents.index(0, 2)) == "Türkei"
    assert documents.data(documents.index(0, 3)).endswith("(abgelaufen)")
    assert references.row_of("r1") == 0
    assert references.row_of("nope") == -1


def test_duldung_model_says_expiry_in_words_and_colour():
    model = DuldungenModel()
    model.set_rows([duldung_view(DAY + timedelta(days=12), left=12, expiring=True),
                    duldung_view(DAY - timedelta(days=1), current=False, expired=True,
                                 left=-1)])
    assert model.data(model.index(0, 0)) == "§ 60a Abs. 2 S. 1 AufenthG"
    assert model.data(model.index(0, 3)) == "läuft ab in 12 Tagen"
    assert model.data(model.index(1, 3)) == "abgelaufen"
    assert model.data(model.index(1, 3), Qt.ItemDataRole.ForegroundRole).color() == \
        EXPIRED_COLOUR
    assert model.data(model.index(0, 4)) == "Passlosigkeit Zeile 2"
    assert "Abschiebung tatsächlich" in model.data(model.index(0, 0),
                                                   Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize(("view", "text"), [
    (duldung_view(DAY, left=0, expiring=True), "läuft heute ab"),
    (duldung_view(DAY, left=1, expiring=True), "läuft ab in 1 Tag"),
    (duldung_view(None), "gültig"),
    (duldung_view(None, current=False), "noch nicht gültig"),
])
def test_duldung_state(view, text):
    assert duldung_state(view) == text


# --- the tab in the case panel ----------------------------------------------------------------

@pytest.fixture
def panel(unlocked_ctx, qtbot):
    widget = CaseDetailPanel(unlocked_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_case(ctx, qtbot, panel: CaseDetailPanel, family: str = "Haddad") -> str:
    [row] = ctx.workspace.cases.search(family)
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT):
        panel.load(row.id)
    panel.tabs.setCurrentWidget(panel.residence_tab)
    return row.id


def test_add_a_duldung_through_the_form(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    assert panel.tabs.tabText(panel.tabs.indexOf(tab)) == "Aufenthalt"
    today = local_today()
    tab.duldungen.type.set_value(DuldungType.S60B)
    tab.duldungen.valid_from.setValue(today - timedelta(days=10))
    tab.duldungen.valid_until.setValue(today + timedelta(days=5))
    type_text(qtbot, tab.duldungen.reason, "Identität ungeklärt")
    assert panel.has_unsaved_changes()
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(tab.duldungen.add_button, Qt.MouseButton.LeftButton)
    model = tab.duldungen.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "§ 60b AufenthG"
    assert model.data(model.index(0, 3)) == "läuft ab in 5 Tagen"
    assert tab.duldungen.reason.text() == ""
    assert not panel.has_unsaved_changes()
    [saved] = unlocked_ctx.workspace.residence.duldungen(case_id)
    assert saved.reason == "Identität ungeklärt"
    qtbot.waitUntil(lambda: panel.journal_tab.model.rowCount() > 0
                    and "Duldung erfasst" in {e.subject for e in
                                              panel.journal_tab.model.rows()},
                    timeout=TIMEOUT)


def test_a_duldung_ending_before_it_starts_is_marked_at_the_field(unlocked_ctx, panel,
                                                                   qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    tab.duldungen.valid_from.setValue(date(2026, 3, 1))
    tab.duldungen.valid_until.setValue(date(2026, 2, 1))
    qtbot.mouseClick(tab.duldungen.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: is_marked(tab.duldungen.valid_until), timeout=TIMEOUT)
    assert tab.duldungen.errors.message_at("valid_until") == \
        "Die Duldung endet vor ihrem Beginn."
    assert unlocked_ctx.workspace.residence.duldungen(case_id) == []


def test_obstacles_appear_in_the_measures_tab(unlocked_ctx, panel, qtbot):
    open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    assert panel.measures_tab.obstacles_line.text() == "Vollzugshindernisse: keine erfasst"
    tab.obstacles.kind.set_value(ObstacleKind.MEDICAL)
    type_text(qtbot, tab.obstacles.description, "Reiseunfähig")
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(tab.obstacles.add_button, Qt.MouseButton.LeftButton)
    assert panel.measures_tab.obstacles_line.text() == \
        "Vollzugshindernisse: Medizinische Gründe (Reiseunfähig)"
    tab.obstacles.view.selectRow(0)
    assert tab.resolve_button.isEnabled()
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(tab.resolve_button, Qt.MouseButton.LeftButton)
    assert tab.obstacles.model.data(tab.obstacles.model.index(0, 3)) == "ausgeräumt"
    assert panel.measures_tab.obstacles_line.text() == "Vollzugshindernisse: keine erfasst"


def test_external_file_number_is_searchable_and_removal_asks(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    tab.references.kind.set_value(ReferenceKind.STA)
    type_text(qtbot, tab.references.value, "115 Js 42/26")
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.keyClick(tab.references.value, Qt.Key.Key_Return)
    assert [r.id for r in unlocked_ctx.workspace.cases.search("115 Js 42")] == [case_id]

    tab.references.view.selectRow(0)
    qtbot.mouseClick(tab.references.remove_button, Qt.MouseButton.LeftButton)
    box = tab.findChild(QMessageBox, "removeResidenceBox")
    assert box is not None
    assert box.isVisible()
    no = next(b for b in box.buttons() if b.text() == "Abbrechen")
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    assert tab.references.model.rowCount() == 1

    qtbot.mouseClick(tab.references.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab._confirm is not None, timeout=TIMEOUT)
    box = tab._confirm
    yes = next(b for b in box.buttons() if b.text() == "Entfernen")
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert tab.references.model.rowCount() == 0
    assert unlocked_ctx.workspace.cases.search("115 Js 42") == []


def test_clear_empties_the_tab(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    unlocked_ctx.workspace.residence.add_reference(case_id,
                                                   ReferenceInput(ReferenceKind.ABH, "ABH-9"))
    with qtbot.waitSignal(panel.residence_tab.sig_shown, timeout=TIMEOUT):
        panel.residence_tab.reload()
    assert panel.residence_tab.references.model.rowCount() == 1
    panel.clear()
    assert panel.residence_tab.references.model.rowCount() == 0


def test_record_an_azr_check_through_the_tab(unlocked_ctx, panel, qtbot):
    from desktop.domain.azr import AzrItem, AzrStatus

    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    assert tab.azr.title() == "AZR-Datenqualität"
    row = tab.azr.rows[AzrItem.OBLIGATION_RECORDED]
    qtbot.waitUntil(lambda: row.save_button.isEnabled(), timeout=TIMEOUT)
    assert row.state.text() == "nicht geprüft"
    assert row.status.accessibleName() == \
        "Status: Ausreisepflicht im AZR korrekt erfasst"
    assert row.note.accessibleName() == "Notiz: Ausreisepflicht im AZR korrekt erfasst"
    assert row.checked_on.accessibleName().startswith("Geprüft am")
    row.status.setFocus()
    row.status.set_value(AzrStatus.INCORRECT)
    type_text(qtbot, row.note, "ABH um Korrektur gebeten")
    with qtbot.waitSignal(tab.sig_azr_shown, timeout=TIMEOUT):
        qtbot.keyClick(row.note, Qt.Key.Key_Return)
    assert row.state.text() == "⚠ fehlerhaft – Korrektur veranlasst"
    assert "bold" in row.state.styleSheet()
    saved = {c.item: c for c in unlocked_ctx.workspace.azr.checklist(case_id)}
    check = saved[AzrItem.OBLIGATION_RECORDED]
    assert check.status is AzrStatus.INCORRECT
    assert check.note == "ABH um Korrektur gebeten"
    assert check.checked_on == local_today()
    assert saved[AzrItem.DULDUNG_RECORDED].status is AzrStatus.UNCHECKED
    qtbot.waitUntil(lambda: any(e.subject.startswith("AZR-Abgleich: Ausreisepflicht")
                                for e in panel.journal_tab.model.rows()), timeout=TIMEOUT)


def test_a_future_azr_date_is_refused_with_a_message(unlocked_ctx, panel, qtbot):
    from desktop.domain.azr import AzrItem, AzrStatus

    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    row = tab.azr.rows[AzrItem.DULDUNG_RECORDED]
    qtbot.waitUntil(lambda: row.save_button.isEnabled(), timeout=TIMEOUT)
    row.status.set_value(AzrStatus.CORRECT)
    row.checked_on.setValue(local_today() + timedelta(days=3))
    qtbot.mouseClick(row.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Zukunft" in tab.azr.message.text(), timeout=TIMEOUT)
    assert unlocked_ctx.workspace.azr.checklist(case_id)[0].id is None


# --- editing --------------------------------------------------------------------------------

def reload_tab(qtbot, tab) -> None:
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        tab.reload()


def test_edit_a_duldungs_end_date_by_keyboard(unlocked_ctx, panel, qtbot):
    from PySide6.QtWidgets import QApplication

    from desktop.domain.residence import DuldungInput

    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    section = tab.duldungen
    today = local_today()
    unlocked_ctx.workspace.residence.add_duldung(case_id, DuldungInput(
        DuldungType.S60A_2_1, today - timedelta(days=10), today + timedelta(days=5),
        "Passlosigkeit", "ABH Detmold"))
    reload_tab(qtbot, tab)
    assert not section.edit_button.isEnabled()
    panel.activateWindow()
    section.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is section.view)
    assert section.selected() is not None  # the table selects the row the focus lands on
    assert section.edit_button.isEnabled()
    qtbot.keyClick(section.view, Qt.Key.Key_Return)
    assert section.editing is not None
    assert section.add_button.text() == "Änderung speichern"
    assert section.cancel_button.isVisible()
    assert section.mode_label.text().startswith("Bearbeiten: § 60a Abs. 2 S. 1 AufenthG")
    assert section.reason.text() == "Passlosigkeit"
    assert section.valid_until.value() == today + timedelta(days=5)
    assert QApplication.focusWidget() is section.type
    assert not panel.has_unsaved_changes()  # nothing changed yet

    new_end = today + timedelta(days=90)
    # the label's mnemonic "Gültig b&is" (Tab would step through the sections of "Gültig ab")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is section.valid_until
    qtbot.keyClick(section.valid_until, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert section.valid_until.value() is None  # Strg+Entf empties it; typing starts anew
    qtbot.keyClicks(section.valid_until, new_end.strftime("%d%m%Y"))  # sections advance
    assert section.valid_until.value() == new_end
    assert panel.has_unsaved_changes()
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.keyClick(section.valid_until, Qt.Key.Key_Return)
    [saved] = unlocked_ctx.workspace.residence.duldungen(case_id)
    assert saved.valid_until == new_end
    assert saved.reason == "Passlosigkeit"
    assert section.model.data(section.model.index(0, 2)) == new_end.strftime("%d.%m.%Y")
    assert section.model.data(section.model.index(0, 3)) == "gültig"
    assert section.editing is None
    assert section.add_button.text() == "Duldung hinzufügen"
    assert not section.cancel_button.isVisible()
    assert section.reason.text() == ""
    assert not panel.has_unsaved_changes()
    qtbot.waitUntil(lambda: "Duldung geändert" in {e.subject for e in
                                                   panel.journal_tab.model.rows()},
                    timeout=TIMEOUT)


def test_an_edited_duldung_ending_before_it_starts_is_marked_and_esc_cancels(
        unlocked_ctx, panel, qtbot):
    from desktop.domain.residence import DuldungInput

    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    section = tab.duldungen
    unlocked_ctx.workspace.residence.add_duldung(case_id, DuldungInput(
        DuldungType.S60C, date(2026, 3, 1), date(2026, 9, 1)))
    reload_tab(qtbot, tab)
    section.view.selectRow(0)
    qtbot.mouseClick(section.edit_button, Qt.MouseButton.LeftButton)
    assert section.editing is not None
    assert not section.remove_button.isEnabled()
    section.valid_until.setValue(date(2026, 2, 1))
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: is_marked(section.valid_until), timeout=TIMEOUT)
    assert section.errors.message_at("valid_until") == "Die Duldung endet vor ihrem Beginn."
    assert section.editing is not None  # still in edit mode, to correct it
    qtbot.keyClick(section.valid_until, Qt.Key.Key_Escape)
    assert section.editing is None
    assert not is_marked(section.valid_until)
    assert section.valid_until.value() is None
    [unchanged] = unlocked_ctx.workspace.residence.duldungen(case_id)
    assert unchanged.valid_until == date(2026, 9, 1)


def test_edit_an_obstacle_to_resolved_and_reopen_it(unlocked_ctx, panel, qtbot):
    from desktop.domain.residence import ObstacleInput

    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    section = tab.obstacles
    unlocked_ctx.workspace.residence.add_obstacle(case_id, ObstacleInput(
        ObstacleKind.MEDICAL, "Reiseunfähig", since=date(2026, 1, 15)))
    reload_tab(qtbot, tab)
    assert panel.measures_tab.obstacles_line.text() == \
        "Vollzugshindernisse: Medizinische Gründe (Reiseunfähig)"
    view = section.view
    center = view.visualRect(section.model.index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert section.editing is not None
    assert section.description.text() == "Reiseunfähig"
    assert section.since.value() == date(2026, 1, 15)
    assert not section.resolved.isChecked()
    assert not tab.resolve_button.isEnabled()  # not while editing
    section.resolved.setFocus()
    qtbot.keyClick(section.resolved, Qt.Key.Key_Space)
    assert section.resolved.isChecked()
    section.until.setValue(date(2026, 3, 1))
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    model = section.model
    assert model.data(model.index(0, 3)) == "ausgeräumt"
    assert model.data(model.index(0, 2)) == "01.03.2026"
    assert panel.measures_tab.obstacles_line.text() == "Vollzugshindernisse: keine erfasst"
    assert section.editing is None

    section.view.selectRow(0)
    assert tab.resolve_button.text() == "Wieder offen"
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(tab.resolve_button, Qt.MouseButton.LeftButton)
    [obstacle] = unlocked_ctx.workspace.residence.obstacles(case_id)
    assert not obstacle.resolved
    assert tab.resolve_button.text() == "Ausgeräumt"
    subjects = {e.subject for e in unlocked_ctx.workspace.cases.journal(case_id)}
    assert {"Vollzugshindernis ausgeräumt", "Vollzugshindernis wieder offen"} <= subjects


def test_saving_an_edit_of_a_row_changed_meanwhile_says_so(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    section = tab.references
    residence = unlocked_ctx.workspace.residence
    ref = residence.add_reference(case_id, ReferenceInput(ReferenceKind.ABH, "ABH-1"))
    reload_tab(qtbot, tab)
    section.view.selectRow(0)
    assert section.begin_edit()
    residence.update_reference(ref.id, ref.version, ReferenceInput(ReferenceKind.ABH, "ABH-2"))
    section.value.setText("ABH-3")
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.keyClick(section.value, Qt.Key.Key_Return)
    assert "an anderer Stelle geändert" in section.message.text()
    assert section.editing is None
    assert section.model.data(section.model.index(0, 1)) == "ABH-2"


def test_edit_an_identity_document(unlocked_ctx, panel, qtbot):
    from desktop.domain.residence import IdentityDocumentInput

    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    section = tab.documents
    unlocked_ctx.workspace.residence.add_document(case_id, IdentityDocumentInput(
        DocumentKind.TRAVEL_DOCUMENT, PassportStatus.TRAVEL_DOCUMENT_REQUESTED))
    reload_tab(qtbot, tab)
    section.view.selectRow(0)
    assert section.begin_edit()
    section.status.set_value(PassportStatus.TRAVEL_DOCUMENT_ISSUED)
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    [document] = unlocked_ctx.workspace.residence.documents(case_id)
    assert document.status is PassportStatus.TRAVEL_DOCUMENT_ISSUED


def test_enter_on_the_cancel_button_cancels_and_does_not_save(unlocked_ctx, panel, qtbot):
    case_id = open_case(unlocked_ctx, qtbot, panel)
    tab = panel.residence_tab
    section = tab.references
    unlocked_ctx.workspace.residence.add_reference(case_id,
                                                   ReferenceInput(ReferenceKind.ABH, "ABH-1"))
    reload_tab(qtbot, tab)
    section.view.selectRow(0)
    assert section.begin_edit()
    section.value.setText("ABH-2")
    assert panel.has_unsaved_changes()
    panel.activateWindow()
    section.cancel_button.setFocus()
    qtbot.waitUntil(lambda: section.cancel_button.hasFocus())
    qtbot.keyClick(section.cancel_button, Qt.Key.Key_Return)
    assert section.editing is None
    assert section.value.text() == ""
    assert section.view.hasFocus()
    assert [r.value for r in unlocked_ctx.workspace.residence.references(case_id)] == ["ABH-1"]
