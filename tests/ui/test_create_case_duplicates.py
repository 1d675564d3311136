"""The create dialog's duplicate check: the panel "Mögliche Dubletten", its two choices, and
re-arming the check when the person changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.domain.enums import CaseStatus
from desktop.services.read_models import CaseQuery, DuplicateView
from desktop.ui.dialogs.create_case import PERSON, REVIEW, CreateCaseDialog
from desktop.ui.models.duplicate_model import COLUMNS, DuplicatesModel
from desktop.ui.widgets.duplicates_panel import EXPLANATION
from tests.ui.keyboard import type_text
from tests.ui.wizard_steps import create_by_click, fill_police_authority, to_step


@pytest.fixture
def dialog(unlocked_ctx, qtbot):
    dialog = CreateCaseDialog(unlocked_ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.form.responsible_abh.count() > 1, timeout=10000)
    return dialog


def haddad_case_id(ctx) -> str:
    [case_id] = ctx.workspace.cases.query_ids(CaseQuery(search="Haddad"))
    return case_id


def type_near_duplicate(qtbot, dialog: CreateCaseDialog) -> None:
    """Yusuf Haddad, born 30.01.2001, is among the sample cases (alias Youssef)."""
    fill_police_authority(qtbot, dialog)
    to_step(qtbot, dialog, PERSON)
    type_text(qtbot, dialog.form.family_name, "Haddad")
    type_text(qtbot, dialog.form.given_names, "Jusuf")
    qtbot.keyClicks(dialog.form.birth_date, "00.01.2001")
    dialog.form.birth_date.editingFinished.emit()


def show_panel(qtbot, dialog: CreateCaseDialog) -> None:
    create_by_click(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.duplicates.isVisible(), timeout=10000)


def test_a_near_duplicate_shows_the_panel_with_reasons(unlocked_ctx, dialog, qtbot):
    ctx = unlocked_ctx
    before = ctx.workspace.cases.count()
    created = []
    dialog.sig_created.connect(created.append)
    type_near_duplicate(qtbot, dialog)

    show_panel(qtbot, dialog)

    panel = dialog.duplicates
    assert panel.model.rowCount() == 1
    view = panel.model.row(0)
    assert view.case_id == haddad_case_id(ctx)
    assert panel.model.data(panel.model.index(0, 1)) == "Haddad, Yusuf"
    assert panel.model.data(panel.model.index(0, 2)) == "30.01.2001"
    assert panel.model.data(panel.model.index(0, 4)) == f"hoch ({view.score})"
    reasons = panel.model.data(panel.model.index(0, 5))
    assert "Familienname gleich" in reasons
    assert "Vorname als Transliteration gleich (Jusuf/Yusuf)" in reasons
    assert "Geburtsdatum passt (00.01.2001 / 30.01.2001)" in reasons
    assert panel.explanation.text() == EXPLANATION
    assert "Die Entscheidung liegt bei Ihnen; es wird nichts zusammengeführt." in EXPLANATION
    assert panel.table.accessibleName() == "Mögliche Dubletten"
    assert panel.table.hasFocus()  # keyboard users land on the candidates
    assert panel.selected_case_id() == view.case_id
    assert not dialog.create_button.isEnabled()  # the choice is made in the panel
    assert dialog.isVisible()
    assert created == []
    assert ctx.workspace.cases.count() == before


def test_create_anyway_creates_the_case(unlocked_ctx, dialog, qtbot):
    ctx = unlocked_ctx
    before = ctx.workspace.cases.count()
    type_near_duplicate(qtbot, dialog)
    show_panel(qtbot, dialog)

    with qtbot.waitSignal(dialog.sig_created, timeout=10000) as blocker:
        qtbot.mouseClick(dialog.duplicates.create_anyway_button, Qt.MouseButton.LeftButton)

    assert blocker.args[0].person.given_names == "Jusuf"
    assert ctx.workspace.cases.count() == before + 1
    assert not dialog.isVisible()
    assert dialog.duplicates.model.rowCount() == 0  # no case data stays behind


def test_open_existing_emits_the_case_and_creates_nothing(unlocked_ctx, dialog, qtbot):
    ctx = unlocked_ctx
    before = ctx.workspace.cases.count()
    created = []
    dialog.sig_created.connect(created.append)
    type_near_duplicate(qtbot, dialog)
    show_panel(qtbot, dialog)

    with qtbot.waitSignal(dialog.sig_open_case, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.duplicates.open_button, Qt.MouseButton.LeftButton)

    assert blocker.args == [haddad_case_id(ctx)]
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=10000)
    assert created == []
    assert ctx.workspace.cases.count() == before
    assert dialog.form.family_name.text() == ""


def test_keyboard_enter_on_a_candidate_opens_it(unlocked_ctx, dialog, qtbot):
    type_near_duplicate(qtbot, dialog)
    to_step(qtbot, dialog, REVIEW)
    qtbot.keyClick(dialog.review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.duplicates.isVisible(), timeout=10000)
    assert dialog.duplicates.table.hasFocus()

    with qtbot.waitSignal(dialog.sig_open_case, timeout=5000) as blocker:
        qtbot.keyClick(dialog.duplicates.table, Qt.Key.Key_Return)
    assert blocker.args == [haddad_case_id(unlocked_ctx)]


def test_changing_the_person_re_arms_the_check(unlocked_ctx, dialog, qtbot):
    ctx = unlocked_ctx
    type_near_duplicate(qtbot, dialog)
    show_panel(qtbot, dialog)

    # a field the check does not read keeps the warning
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.step == PERSON
    type_text(qtbot, dialog.form.birth_place, "Aleppo")
    assert dialog.duplicates.isVisible()

    dialog.form.family_name.selectAll()
    type_text(qtbot, dialog.form.family_name, "Öztürk-Brandt")
    assert not dialog.duplicates.isVisible()
    assert dialog.duplicates.model.rowCount() == 0
    assert dialog.create_button.isEnabled()
    assert "prüft erneut" in dialog.status_label.text()

    before = ctx.workspace.cases.count()
    with qtbot.waitSignal(dialog.sig_created, timeout=10000):  # no candidates: created
        create_by_click(qtbot, dialog)
    assert ctx.workspace.cases.count() == before + 1


def test_the_model_passes_the_model_tester(qtmodeltester):
    model = DuplicatesModel()
    model.set_rows([
        DuplicateView("c1", "RRK-KLN-2026-00001", "Haddad, Yusuf", "30.01.2001",
                      CaseStatus.ACTIVE, 92, ("Familienname gleich", "Vorname gleich")),
        DuplicateView("c2", "RRK-KLN-2026-00002", "Haddad, Fatima", "", CaseStatus.INTAKE,
                      45, ("Familienname gleich",)),
    ])
    qtmodeltester.check(model)
    assert model.columnCount() == len(COLUMNS)
    assert model.data(model.index(1, 4)) == "mittel (45)"
    assert model.data(model.index(1, 3)) == CaseStatus.INTAKE.label
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == "c1"
    assert model.data(model.index(0, 5), Qt.ItemDataRole.ToolTipRole) == (
        "Familienname gleich\nVorname gleich")
