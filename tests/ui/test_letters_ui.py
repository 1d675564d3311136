"""The Schriftverkehr in the UI, on a real encrypted vault: compose by keyboard with a live
preview, placeholder errors before finalising, the register, four eyes, export, print,
batch with cancel, letterhead settings, the recovery-code sheet."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.domain.enums import PartnerKind, Role
from desktop.domain.letters import LetterKind
from desktop.domain.partners import PartnerInput
from desktop.domain.residence import ReferenceInput, ReferenceKind
from desktop.services.letter_models import LetterStatus
from desktop.ui.dialogs.batch_letters import BatchLettersDialog
from desktop.ui.dialogs.letter_dialog import LetterDialog
from desktop.ui.dialogs.letter_settings import LetterSettingsDialog
from desktop.ui.dialogs.return_note import ReturnNoteDialog
from desktop.ui.pages.letters_tab import LettersTab
from desktop.ui.widgets.pdf_pane import PdfPane, print_document
from tests.support import FAST_KDF, PASSPHRASE
from tests.ui.conftest import sample_cases
from tests.ui.keyboard import type_text

TIMEOUT = 15000
LEAD_PASSPHRASE = "Lindenstraße 12 im Frühling"


def add_abh(ctx) -> str:
    partner = ctx.workspace.partners.create(PartnerInput(
        PartnerKind.ABH, "Stadt Musterstadt – Ausländerbehörde", "ABH Musterstadt",
        street="Rathausplatz 1", postcode="40210", city="Musterstadt"))
    return partner.id


def case_id(ctx, name: str) -> str:
    [row] = ctx.workspace.cases.search(name)
    return row.id


def add_abh_reference(ctx, name: str) -> str:
    """Gives the case its ABH file number (the templates name it); returns the case id."""
    found = case_id(ctx, name)
    ctx.workspace.residence.add_reference(found, ReferenceInput(ReferenceKind.ABH, "32.1-4711"))
    return found


def find_box(name: str) -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == name \
                and widget.isVisible():
            return widget
    return None


def open_tab(ctx, qtbot, name: str) -> LettersTab:
    tab = LettersTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(900, 500)
    tab.show()
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        tab.set_case(case_id(ctx, name))
    return tab


def compose(tab: LettersTab, qtbot, kind: LetterKind) -> LetterDialog:
    [action] = [a for a in tab.new_menu.actions() if a.objectName() == f"newLetter_{kind}"]
    action.trigger()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, LetterDialog), timeout=TIMEOUT)
    dialog = tab.dialog
    assert isinstance(dialog, LetterDialog)
    return dialog


def choose_partner(dialog: LetterDialog, qtbot, partner_id: str) -> None:
    combo = dialog.form.partner
    index = combo.findData(partner_id)
    assert index > 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: dialog.form.street.text() == "Rathausplatz 1", timeout=TIMEOUT)


def confirm(qtbot, name: str) -> None:
    qtbot.waitUntil(lambda: find_box(name) is not None, timeout=TIMEOUT)
    box = find_box(name)
    assert box is not None
    box.defaultButton().click()


def test_compose_by_keyboard_preview_placeholder_error_finalise_register(
        unlocked_ctx, open_window, qtbot):
    ctx = unlocked_ctx
    partner_id = add_abh(ctx)
    window = open_window(ctx)
    detail = window.cases_page.detail
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        window.open_case(add_abh_reference(ctx, "Müller"))
    tab = detail.letters_tab
    detail.tabs.setCurrentWidget(tab)
    assert detail.tabs.tabText(detail.tabs.currentIndex()) == "Schriftverkehr"
    dialog = compose(tab, qtbot, LetterKind.STATUS_REQUEST)

    # The live preview: a PDF of at least one page, rendered on the worker.
    qtbot.waitUntil(lambda: dialog.preview.page_count() >= 1, timeout=TIMEOUT)
    choose_partner(dialog, qtbot, partner_id)
    body = dialog.form.body
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    with qtbot.waitSignal(dialog.sig_preview_shown, timeout=TIMEOUT):
        type_text(qtbot, body, "\n\nEntlassung: {custody.release_date}")
    assert dialog.preview.page_count() >= 1

    # Strg+Eingabe: saved, checked — the placeholder without a value is shown at the text.
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Platzhalter ohne Wert: {custody.release_date}"
                    in dialog.form.errors.message_at("paragraphs"), timeout=TIMEOUT)
    assert find_box("letterFinaliseBox") is None
    assert ctx.workspace.letters.get(dialog.letter.id).status == LetterStatus.DRAFT

    # Remove the paragraph again (keyboard: select the last line, delete it) and finalise.
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    for _ in range(len("Entlassung: {custody.release_date}") + 2):
        qtbot.keyClick(body, Qt.Key.Key_Backspace)
    assert "{custody.release_date}" not in body.toPlainText()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    confirm(qtbot, "letterFinaliseBox")
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1
                    and tab.model.row(0).status == LetterStatus.FINAL, timeout=TIMEOUT)
    letter = tab.model.row(0)
    assert letter.register_number
    assert tab.model.data(tab.model.index(0, 1)) == letter.register_number
    assert tab.model.data(tab.model.index(0, 5)) == "Abgeschlossen"

    # The Postausgang lists it; Enter opens its case (another case is open meanwhile).
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        window.open_case(case_id(ctx, "Haddad"))
    with qtbot.waitSignal(window.register_page.sig_loaded, timeout=TIMEOUT):
        window.show_register()
    page = window.register_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    assert page.model.data(page.model.index(0, 0)) == letter.register_number
    assert page.model.data(page.model.index(0, 3)) == letter.file_number
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.cases_page
    assert detail.current_case_id == letter.case_id


def test_four_eyes_caseworker_submits_lead_approves_then_finalised(
        unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    partner_id = add_abh(ctx)
    ctx.workspace.add_user("leitung", "Lea Leitung", Role.LEAD, LEAD_PASSPHRASE, kdf=FAST_KDF)
    assert ctx.workspace.letters.four_eyes()
    add_abh_reference(ctx, "Müller")
    tab = open_tab(ctx, qtbot, "Müller")
    dialog = compose(tab, qtbot, LetterKind.INSTRUCTION)
    assert dialog.submit_button.isVisible() or not dialog.isVisible()
    assert not dialog.finalise_button.isVisibleTo(dialog)
    choose_partner(dialog, qtbot, partner_id)
    dialog.submit_for_approval()
    qtbot.waitUntil(lambda: dialog.letter.status == LetterStatus.AWAITING_APPROVAL,
                    timeout=TIMEOUT)
    assert not dialog.approve_button.isVisibleTo(dialog)  # the author may not approve
    dialog.reject()
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=TIMEOUT)
    letter_id = dialog.letter.id
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)

    # The Leitung signs in and approves.
    ctx.session.workspace.close()
    ctx.session.set_workspace(ctx.vault_service.unlock_with_passphrase(
        "leitung", LEAD_PASSPHRASE))
    tab.set_case(tab._case_id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT)
    tab.view.selectRow(0)
    tab.open_selected()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, LetterDialog), timeout=TIMEOUT)
    lead_dialog = tab.dialog
    assert lead_dialog.approve_button.isVisibleTo(lead_dialog)
    lead_dialog.approve()
    qtbot.waitUntil(lambda: lead_dialog.letter.status == LetterStatus.APPROVED,
                    timeout=TIMEOUT)
    assert lead_dialog.letter.approved_by == "Lea Leitung"
    assert lead_dialog.finalise_button.isVisibleTo(lead_dialog)
    lead_dialog.ask_finalise()
    confirm(qtbot, "letterFinaliseBox")
    qtbot.waitUntil(lambda: ctx.workspace.letters.get(letter_id).status
                    == LetterStatus.FINAL, timeout=TIMEOUT)
    [row] = ctx.workspace.letters.register()
    assert row.approved_by == "Lea Leitung"


def switch_user(ctx, name: str, passphrase: str) -> None:
    ctx.session.workspace.close()
    ctx.session.set_workspace(ctx.vault_service.unlock_with_passphrase(name, passphrase))


def test_lead_returns_a_weisung_with_a_note_the_author_sees_it(unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    partner_id = add_abh(ctx)
    author = ctx.workspace.user.name
    ctx.workspace.add_user("leitung", "Lea Leitung", Role.LEAD, LEAD_PASSPHRASE, kdf=FAST_KDF)
    letters = ctx.workspace.letters
    draft = letters.create_draft(add_abh_reference(ctx, "Müller"), LetterKind.INSTRUCTION,
                                 recipient_partner_id=partner_id)
    letters.request_approval(draft.id, draft.version)
    switch_user(ctx, "leitung", LEAD_PASSPHRASE)
    tab = open_tab(ctx, qtbot, "Müller")
    tab.view.selectRow(0)
    tab.open_selected()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, LetterDialog), timeout=TIMEOUT)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: "Seite" in dialog.preview_status.text(), timeout=TIMEOUT)
    assert "zur Freigabe vorgelegt" in dialog.preview_status.text()
    assert dialog.return_button.isVisibleTo(dialog)
    assert dialog.return_button.text() == "&Zurückgeben"

    dialog.return_button.click()
    note = dialog.findChild(ReturnNoteDialog, "letterReturnDialog")
    assert note is not None
    assert note.isVisible()
    note.return_button.click()  # an empty note is not taken
    assert note.isVisible()
    assert note.error.text() == "Bitte kurz sagen, was geändert werden soll."
    note.note.setFocus()
    type_text(qtbot, note.note, "Frist auf zwei Wochen setzen.")
    note.return_button.click()
    qtbot.waitUntil(lambda: dialog.letter.status == LetterStatus.DRAFT, timeout=TIMEOUT)
    assert dialog.letter.review_note == "Frist auf zwei Wochen setzen."
    assert not dialog.return_button.isVisibleTo(dialog)
    assert not dialog.approve_button.isVisibleTo(dialog)
    dialog.reject()
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)

    # The author sees the note and may edit the draft again.
    switch_user(ctx, author, PASSPHRASE)
    tab.set_case(tab._case_id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT)
    tab.view.selectRow(0)
    tab.open_selected()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, LetterDialog), timeout=TIMEOUT)
    mine = tab.dialog
    assert mine.status.text() == ("Von der Leitung zurückgegeben: "
                                  "Frist auf zwei Wochen setzen.")
    assert mine.submit_button.isVisibleTo(mine)
    assert not mine.return_button.isVisibleTo(mine)
    qtbot.waitUntil(lambda: "Seite" in mine.preview_status.text(), timeout=TIMEOUT)
    assert mine.preview_status.text().startswith("Vorschau des Entwurfs, 1 Seite")
    mine.reject()
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=TIMEOUT)


def finalised_letter(ctx, qtbot, name: str = "Müller"):
    partner_id = add_abh(ctx)
    letters = ctx.workspace.letters
    draft = letters.create_draft(add_abh_reference(ctx, name), LetterKind.STATUS_REQUEST,
                                 recipient_partner_id=partner_id)
    assert letters.problems(draft.id) == {}
    return letters.finalise(draft.id, draft.version)


def test_final_letter_is_shown_saved_and_printed(unlocked_ctx, qtbot, tmp_path):
    ctx = unlocked_ctx
    letter = finalised_letter(ctx, qtbot)
    tab = open_tab(ctx, qtbot, "Müller")
    tab.view.selectRow(0)
    assert tab.open_button.text().replace("&", "") == "Anzeigen"
    assert tab.save_button.isEnabled()
    assert tab.print_button.isEnabled()
    tab.open_selected()
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=TIMEOUT)
    assert tab.dialog.pane.page_count() >= 1  # the frozen PDF, read only
    tab.dialog.reject()

    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    tab.export_to(letter, target)
    qtbot.waitUntil(lambda: target.exists(), timeout=TIMEOUT)
    assert target.read_bytes() == ctx.workspace.letters.pdf(letter.id)
    qtbot.waitUntil(lambda: "nicht verschlüsselt" in tab.status.text(), timeout=TIMEOUT)

    # "Drucken …": the print dialog opens; on OK the pages go into the chosen printer.
    tab.view.selectRow(0)
    tab.print_selected()
    qtbot.waitUntil(lambda: any(isinstance(w, QPrintDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=TIMEOUT)
    [print_dialog] = [w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QPrintDialog) and w.isVisible()]
    chosen = print_dialog.printer_ref
    chosen.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    chosen.setOutputFileName(str(tmp_path / "druck.pdf"))
    print_dialog.done(QDialog.DialogCode.Accepted)  # OK, without the platform's checks
    assert "an den Drucker gegeben" in tab.status.text()
    assert (tmp_path / "druck.pdf").stat().st_size > 1000

    # Printing renders the pages into the printer's painter (here: a PDF printer).
    pane = PdfPane()
    qtbot.addWidget(pane)
    assert pane.load(ctx.workspace.letters.pdf(letter.id))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "gedruckt.pdf"
    printer.setOutputFileName(str(printed))
    assert print_document(pane.document, printer) == pane.page_count()
    assert printed.stat().st_size > 1000


def test_correct_a_final_letter_opens_a_linked_draft(unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    letter = finalised_letter(ctx, qtbot)
    tab = open_tab(ctx, qtbot, "Müller")
    tab.view.selectRow(0)
    assert tab.correct_button.isEnabled()
    tab.correct_selected()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, LetterDialog), timeout=TIMEOUT)
    assert tab.dialog.letter.previous_id == letter.id
    assert tab.dialog.letter.status == LetterStatus.DRAFT
    tab.dialog.reject()


def test_case_summary_per_profile(unlocked_ctx, qtbot, tmp_path):
    from desktop.domain.summary import SummaryProfile

    ctx = unlocked_ctx
    tab = open_tab(ctx, qtbot, "Müller")
    tab.show_summary(SummaryProfile.POLICE)
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=TIMEOUT)
    assert tab.dialog.pane.page_count() >= 1
    assert "Polizei" in tab.dialog.windowTitle()
    target = tmp_path / "uebersicht.pdf"
    tab._save_summary(tab._case_id, SummaryProfile.POLICE, target)
    qtbot.waitUntil(lambda: target.exists(), timeout=TIMEOUT)
    assert target.read_bytes().startswith(b"%PDF")
    tab.dialog.reject()


def cases_with_abh(ctx, count: int) -> list[str]:
    """``count`` new cases whose responsible ABH (with a postal address) is set."""
    partner_id = add_abh(ctx)
    ids = []
    for index in range(count):
        data = replace(sample_cases()[index % 5], responsible_abh_id=partner_id)
        detail = ctx.workspace.cases.create(data)
        ctx.workspace.residence.add_reference(
            detail.id, ReferenceInput(ReferenceKind.ABH, f"32.1-{index}"))
        ids.append(detail.id)
    return ids


def test_batch_runs_with_progress_and_can_be_cancelled(unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    without_abh = case_id(ctx, "Jørgensen")
    ids = [*cases_with_abh(ctx, 3), without_abh]  # the last has no responsible ABH
    dialog = BatchLettersDialog(ctx, ids)
    qtbot.addWidget(dialog)
    assert dialog.count.text() == "4 Fälle"
    with qtbot.waitSignal(dialog.sig_finished, timeout=60000) as finished:
        dialog.start()
        dialog.cancel()  # at once: the batch stops before the first letter is rendered
        assert dialog.progress_text.text() == "Wird abgebrochen …"
    result = finished.args[0]
    assert result is None or result.cancelled
    assert "abgebrochen" in dialog.summary.toPlainText().lower()
    assert dialog.cancel_button.text() == "Schließen"

    dialog2 = BatchLettersDialog(ctx, ids)
    qtbot.addWidget(dialog2)
    with qtbot.waitSignal(dialog2.sig_finished, timeout=60000) as finished:
        dialog2.start()
    result = finished.args[0]
    assert not result.cancelled
    assert len(result.letters) == 3
    assert [number for number, _reason in result.skipped] == [
        ctx.workspace.cases.get(ids[-1]).file_number]
    text = dialog2.summary.toPlainText()
    assert text.startswith("3 Schreiben registriert.")
    assert "1 übersprungen" in text
    assert dialog2.progress.value() == dialog2.progress.maximum()
    assert len(ctx.workspace.letters.register()) == 3


def test_letterhead_and_text_modules_are_saved(unlocked_ctx, qtbot):
    ctx = unlocked_ctx
    dialog = LetterSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled, timeout=TIMEOUT)
    assert dialog.module_list.count() > 0
    assert dialog.placeholders.count() > 10
    dialog.head_edits["department"].setText("Dezernat 21 – RRK")
    dialog.head_edits["phone"].setText("0211 475-0")
    assert not dialog.four_eyes.isEnabled()  # only the Leitung or an admin switches it
    assert dialog.four_eyes.isChecked()
    with qtbot.waitSignal(dialog.sig_saved, timeout=TIMEOUT):
        dialog.save_letterhead()
    assert dialog.status.text() == "Briefkopf gespeichert."
    head = ctx.workspace.letters.letterhead()
    assert head.department == "Dezernat 21 – RRK"
    assert head.phone == "0211 475-0"
    dialog.head_edits["authority"].clear()
    dialog.save_letterhead()
    qtbot.waitUntil(lambda: "authority" in dialog.head_errors.problems, timeout=TIMEOUT)
    assert dialog.head_errors.message_at("authority")

    dialog.new_module()
    dialog.module_title.setText("Eigener Baustein")
    dialog.module_kinds[LetterKind.FREE].setChecked(True)
    dialog.module_body.setPlainText("Bitte {unbekannt} prüfen.")
    dialog.save_module()
    qtbot.waitUntil(lambda: bool(dialog.module_errors.problems), timeout=TIMEOUT)
    dialog.module_body.setPlainText("Bitte den Fall {case.file_number} prüfen.")
    with qtbot.waitSignal(dialog.sig_saved, timeout=TIMEOUT):
        dialog.save_module()
    assert any(m.title == "Eigener Baustein"
               for m in ctx.workspace.letters.text_modules(LetterKind.FREE))


def test_recovery_sheet_is_rendered_and_saved(qtbot, make_ctx, tmp_path):
    from desktop.ui.widgets.recovery_sheet_button import RecoverySheetButton

    ctx = make_ctx()
    button = RecoverySheetButton(ctx)
    qtbot.addWidget(button)
    assert not button.isEnabled()
    button.set_code("ABCDE-FGHIJ-KLMNO-PQRST", "akte.fallakte")
    assert button.isEnabled()
    target = tmp_path / "code.pdf"
    with qtbot.waitSignal(button.sig_saved, timeout=TIMEOUT):
        button.save_to(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert (target.stat().st_mode & 0o777) == 0o600
    button.clear()
    assert not button.isEnabled()
