"""The create-case wizard: typing a case, errors at the fields, Esc, and the plaintext canary.

(tests/ui/test_intake_wizard.py drives the steps by keyboard from source to closure.)"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseFlag, District, IntakeSource
from desktop.domain.text import fold
from desktop.errors import InvalidInputError
from desktop.ui.dialogs.create_case import (
    CASE,
    DETAILS,
    PERSON,
    REVIEW,
    SOURCE,
    CreateCaseDialog,
)
from desktop.ui.widgets.field_errors import is_marked
from tests.ui.keyboard import type_text
from tests.ui.wizard_steps import create_by_click, fill_police_authority, to_step

FAMILY = "Özdemir-Łukasiewicz"


def local_today() -> date:
    return datetime.now(UTC).astimezone().date()


@pytest.fixture
def open_dialog(qtbot):
    """Opens a create dialog the way callers do (``open()``); closes it without asking."""

    def factory(ctx) -> CreateCaseDialog:
        dialog = CreateCaseDialog(ctx)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
        dialog.open()
        qtbot.waitExposed(dialog)
        # the ABH list arrives from the task runner
        qtbot.waitUntil(lambda: dialog.form.responsible_abh.count() > 1, timeout=10000)
        return dialog

    return factory


def visible_box(dialog: CreateCaseDialog) -> QMessageBox | None:
    boxes = [b for b in dialog.findChildren(QMessageBox, "discardInputBox") if b.isVisible()]
    assert len(boxes) <= 1
    return boxes[0] if boxes else None


def type_person(qtbot, dialog: CreateCaseDialog, family: str = FAMILY) -> None:
    dialog.go_to(PERSON)
    form = dialog.form
    type_text(qtbot, form.family_name, family)
    type_text(qtbot, form.given_names, "Ayşe Gül")
    qtbot.keyClicks(form.birth_date, "00.05.1990")
    form.birth_date.editingFinished.emit()
    type_text(qtbot, form.birth_place, "İzmir")
    qtbot.keyClicks(form.nationalities.search.lineEdit(), "TR")
    qtbot.keyClick(form.nationalities.search.lineEdit(), Qt.Key.Key_Return)
    qtbot.keyClicks(form.azr_number, "123456789")


def test_a_typed_case_is_created_with_its_file_number(unlocked_ctx, open_dialog, qtbot):
    ctx = unlocked_ctx
    dialog = open_dialog(ctx)
    assert dialog.objectName() == "createCaseDialog"
    assert dialog.form.district.currentData() == District.DUESSELDORF
    assert dialog.form.intake_date.value() == local_today()
    fill_police_authority(qtbot, dialog, "KPB Köln")
    type_person(qtbot, dialog)
    qtbot.mouseClick(dialog.form.aliases.add_button, Qt.MouseButton.LeftButton)
    family, _given, birth = dialog.form.aliases.row_widgets(0)
    qtbot.keyClicks(family, "Oezdemir")
    qtbot.keyClicks(birth, "1990")
    to_step(qtbot, dialog, CASE)
    for flag in (CaseFlag.CUSTODY, CaseFlag.MEDIA_INTEREST):
        box = dialog.form.flags.boxes[flag]
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    type_text(qtbot, dialog.form.summary, "Gemeldet durch KPB Köln.")
    before = ctx.workspace.cases.count()

    with qtbot.waitSignal(dialog.sig_created, timeout=10000) as blocker:
        create_by_click(qtbot, dialog)
        assert not dialog.create_button.isEnabled()  # no double submit while saving

    detail = blocker.args[0]
    year = local_today().year
    assert re.fullmatch(rf"RRK-DUS-{year}-\d{{5}}", detail.file_number)
    assert detail.person.family_name == FAMILY
    assert detail.person.given_names == "Ayşe Gül"
    assert detail.person.birth_date == PartialDate(1990, 5)
    assert detail.person.birth_place == "İzmir"
    assert detail.person.nationalities == ("TR",)
    assert detail.person.azr_number == "123456789"
    assert detail.active_flags == {CaseFlag.CUSTODY, CaseFlag.MEDIA_INTEREST}
    assert [(a.family_name, a.birth_date) for a in detail.person.aliases] == [
        ("Oezdemir", PartialDate(1990))]
    assert detail.summary == "Gemeldet durch KPB Köln."
    assert dict(detail.intake_details) == {"police_authority": "KPB Köln"}
    assert not dialog.isVisible()
    assert ctx.workspace.cases.count() == before + 1
    assert dialog.form.family_name.text() == ""  # nothing stays in the hidden dialog


def test_empty_family_name_is_shown_at_the_field_and_nothing_is_created(
        unlocked_ctx, open_dialog, qtbot):
    ctx = unlocked_ctx
    dialog = open_dialog(ctx)
    fill_police_authority(qtbot, dialog)
    to_step(qtbot, dialog, PERSON)
    type_text(qtbot, dialog.form.given_names, "Jürgen")
    before = ctx.workspace.cases.count()
    created = []
    dialog.sig_created.connect(created.append)

    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)

    assert dialog.step == PERSON  # the step's check keeps the wizard here
    assert dialog.form.errors.message_at("family_name") == "Der Familienname fehlt."
    assert is_marked(dialog.form.family_name)
    assert dialog.form.family_name.toolTip() == "Der Familienname fehlt."
    assert "Familienname" in dialog.form.error_summary.text()
    assert dialog.isVisible()
    assert dialog.next_button.isEnabled()
    assert dialog.form.given_names.text() == "Jürgen"  # everything typed is kept
    assert created == []
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)
    assert ctx.workspace.cases.count() == before
    # Typing into the field takes the mark away.
    type_text(qtbot, dialog.form.family_name, "Ünal")
    assert not is_marked(dialog.form.family_name)
    assert dialog.form.errors.message_at("family_name") == ""


def test_a_bad_birth_date_is_caught_before_saving(unlocked_ctx, open_dialog, qtbot):
    dialog = open_dialog(unlocked_ctx)
    fill_police_authority(qtbot, dialog)
    dialog.go_to(PERSON)
    qtbot.keyClicks(dialog.form.family_name, "Haddad")
    qtbot.keyClicks(dialog.form.birth_date, "31.02.1990")
    dialog.go_to(REVIEW)  # even from the last step, "Fall anlegen" checks every step
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.step == PERSON
    assert "gibt es nicht" in dialog.form.errors.message_at("birth_date")
    assert unlocked_ctx.runner.pending == 0  # the service was not even asked
    assert dialog.isVisible()


def test_problems_from_the_service_are_shown_on_their_step(unlocked_ctx, open_dialog, qtbot):
    dialog = open_dialog(unlocked_ctx)
    dialog.go_to(REVIEW)
    dialog._on_create_failed(InvalidInputError(
        {"intake.police_authority": "Polizeibehörde: bitte angeben."}))
    assert dialog.step == DETAILS
    assert dialog.details.errors.message_at("police_authority") == (
        "Polizeibehörde: bitte angeben.")
    dialog._on_create_failed(InvalidInputError({"responsible_abh_id": "Die Behörde gibt es "
                                                                      "nicht mehr."}))
    assert dialog.step == CASE
    assert is_marked(dialog.form.responsible_abh)


def test_the_source_changes_the_reference_label(unlocked_ctx, open_dialog, qtbot):
    dialog = open_dialog(unlocked_ctx)
    form = dialog.form
    labels = {}
    for source in IntakeSource:
        dialog.source.buttons[source].click()
        labels[source] = (form._reference_label.text(), form._abh_label.text())
    assert labels[IntakeSource.POLICE_REPORT][0] == "Zeichen der Polizei"
    assert labels[IntakeSource.ABH_SUBMISSION] == ("Zeichen der ABH", "Vorlegende ABH")
    assert len({label for label, _abh in labels.values()}) == len(IntakeSource)


def test_keyboard_only_with_ctrl_enter(unlocked_ctx, open_dialog, qtbot):
    ctx = unlocked_ctx
    dialog = open_dialog(ctx)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    form = dialog.form

    def chain_from(start) -> list:
        chain, widget = [], start
        while widget not in chain:
            chain.append(widget)
            widget = widget.nextInFocusChain()
        return chain

    # Strg+Enter goes on from step to step (each step checked first) ...
    assert QApplication.focusWidget() is dialog.source.buttons[IntakeSource.POLICE_REPORT]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert dialog.step == DETAILS
    authority = dialog.details.edits["police_authority"]
    assert QApplication.focusWidget() is authority
    type_text(qtbot, authority, "KPB Köln")
    qtbot.keyClick(authority, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.step == PERSON

    # The focus chain of the person step follows the reading order of the form.
    chain = chain_from(form.family_name)
    wanted = [form.family_name, form.given_names, form.birth_name, form.birth_date,
              form.birth_place, form.birth_country, form.nationalities.search,
              form.azr_number, form.aliases.add_button, dialog.back_button,
              dialog.next_button, dialog.cancel_button]
    positions = [chain.index(w) if w in chain else -1 for w in wanted]
    assert -1 not in positions
    assert positions == sorted(positions)

    assert QApplication.focusWidget() is form.family_name
    type_text(qtbot, form.family_name, "Wiśniewska")
    qtbot.keyClick(form.family_name, Qt.Key.Key_Return)  # Enter alone does nothing
    assert dialog.step == PERSON
    assert ctx.runner.pending == 0
    for step in (CASE, REVIEW):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        assert dialog.step == step
    # ... and on the last step it creates the case.
    with qtbot.waitSignal(dialog.sig_created, timeout=10000) as blocker:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].person.family_name == "Wiśniewska"
    assert dialog.step == SOURCE  # a next case starts at the beginning


def test_escape_asks_before_throwing_input_away(unlocked_ctx, open_dialog, qtbot):
    dialog = open_dialog(unlocked_ctx)
    dialog.go_to(PERSON)
    qtbot.keyClicks(dialog.form.family_name, "Haddad")
    qtbot.keyClick(dialog.form.family_name, Qt.Key.Key_Escape)
    box = visible_box(dialog)
    assert box is not None
    assert box.windowTitle() == "Eingaben verwerfen?"
    assert dialog.isVisible()
    keep = next(b for b in box.buttons() if b.text() == "Weiter bearbeiten")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.family_name.text() == "Haddad"

    assert visible_box(dialog) is None
    qtbot.keyClick(dialog.form.family_name, Qt.Key.Key_Escape)
    box = visible_box(dialog)
    discard = next(b for b in box.buttons() if b.text() == "Verwerfen")
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.form.family_name.text() == ""


def test_escape_on_an_untouched_dialog_closes_at_once(unlocked_ctx, open_dialog, qtbot):
    dialog = open_dialog(unlocked_ctx)
    dialog.go_to(PERSON)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.form.family_name, Qt.Key.Key_Escape)
    assert visible_box(dialog) is None


def test_lock_closes_the_dialog_and_forgets_the_input(unlocked_ctx, open_dialog, qtbot):
    dialog = open_dialog(unlocked_ctx)
    fill_police_authority(qtbot, dialog, "KPB Haddad")
    dialog.go_to(PERSON)
    qtbot.keyClicks(dialog.form.family_name, "Haddad")
    unlocked_ctx.session.sig_locked.emit()
    assert not dialog.isVisible()
    assert dialog.form.family_name.text() == ""
    assert dialog.details.edits["police_authority"].text() == ""


def _needles(canary: str) -> dict[str, bytes]:
    forms = {canary, canary.lower(), canary.upper(), canary.casefold(), fold(canary)}
    needles = {}
    for form in forms:
        needles[f"utf-8 {form}"] = form.encode("utf-8")
        needles[f"utf-16-le {form}"] = form.encode("utf-16-le")
        needles[f"utf-16-be {form}"] = form.encode("utf-16-be")
    return needles


def test_canary_never_reaches_the_disk_in_plaintext(unlocked_ctx, open_dialog, qtbot,
                                                     tmp_path):
    """ARCHITECTURE: nothing in plaintext on disk. A unique name typed through the dialog
    must not be found in any file of the vault directory (db, -wal, -shm, .keys, .head,
    ui.ini, …) after saving and closing."""
    ctx = unlocked_ctx
    canary = "Zqxcanary" + uuid.uuid4().hex
    dialog = open_dialog(ctx)
    fill_police_authority(qtbot, dialog, f"KPB {canary}Polizei")
    dialog.go_to(PERSON)
    qtbot.keyClicks(dialog.form.family_name, canary)
    qtbot.keyClicks(dialog.form.given_names, canary + "Given")
    qtbot.mouseClick(dialog.form.aliases.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.form.aliases.row_widgets(0)[0], canary.upper())
    dialog.go_to(CASE)
    qtbot.keyClicks(dialog.form.summary, f"Sachverhalt {canary}")
    with qtbot.waitSignal(dialog.sig_created, timeout=10000) as blocker:
        create_by_click(qtbot, dialog)
    assert blocker.args[0].person.family_name == canary
    qtbot.waitUntil(lambda: ctx.runner.pending == 0)
    # The case is really there (and found by the encrypted full-text index) ...
    found = ctx.workspace.cases.search(canary)
    assert [row.file_number for row in found] == [blocker.args[0].file_number]
    ctx.settings.sync()
    assert (tmp_path / "ui.ini").exists()  # the dialog remembered its district there
    needles = _needles(canary)
    _assert_not_on_disk(tmp_path, needles)  # while open (-wal, -shm present) ...
    # ... and after closing the vault, no file holds it readable.
    workspace = ctx.session.workspace
    workspace.close()
    ctx.session.workspace = None  # the fixture must not close it a second time
    QApplication.processEvents()
    _assert_not_on_disk(tmp_path, needles)


def _assert_not_on_disk(root, needles: dict[str, bytes]) -> None:
    files = [p for p in root.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert any(name.endswith(".fallakte") for name in names)
    assert any(name.endswith(".keys") for name in names)
    for path in files:
        data = path.read_bytes()
        for name, needle in needles.items():
            assert needle not in data, f"{name} found in plaintext in {path.name}"
