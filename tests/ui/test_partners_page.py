"""The "Netzwerk" page: its models, search, creating and editing a partner through the form,
contacts, delete with confirmation, the CSV import with its report, and locking."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.domain.enums import District, PartnerKind
from desktop.domain.partners import ContactInput, PartnerInput
from desktop.services.read_models import (
    ContactView,
    ImportDuplicate,
    ImportProblem,
    ImportReport,
    PartnerView,
)
from desktop.ui.dialogs.contact_dialog import ContactDialog
from desktop.ui.dialogs.partner_import_dialog import PartnerImportDialog
from desktop.ui.models.partner_model import (
    ContactTableModel,
    ImportIssueModel,
    PartnerTableModel,
    issues_of,
)
from desktop.ui.pages.partner_detail import NO_PARTNER
from desktop.ui.pages.partners_page import PartnersPage
from tests.support import PASSPHRASE
from tests.ui.conftest import sample_cases
from tests.ui.keyboard import type_text

DATA = Path(__file__).parents[1] / "services" / "data"


def contact(name: str) -> ContactView:
    return ContactView(f"c-{name}", 1, "p1", name, "Sachbearbeitung", "0221 4710-1",
                       "x@y.example")


def partner_view(name: str, kind: PartnerKind = PartnerKind.ABH) -> PartnerView:
    return PartnerView(f"p-{name}", 1, kind, name, "", District.KOELN, "Weg 1", "50667",
                       "Beispielheim", "0221 4710-000", "a@b.example",
                       (contact("Erika Beispiel"),))


def test_models_pass_the_model_tester(qtmodeltester):
    partners = PartnerTableModel()
    partners.set_rows([partner_view("ABH Eins"), partner_view("JVA Zwei", PartnerKind.JVA)])
    qtmodeltester.check(partners)
    assert [partners.data(partners.index(1, c)) for c in range(5)] == [
        "Justizvollzugsanstalt", "JVA Zwei", "Beispielheim", "0221 4710-000", "a@b.example"]
    assert partners.row_of("p-JVA Zwei") == 1
    contacts = ContactTableModel()
    contacts.set_rows([contact("Erika Beispiel"), contact("Max Probe")])
    qtmodeltester.check(contacts)
    report = ImportReport(3, 1, (ImportProblem(2, "PLZ", "Die Postleitzahl besteht aus 5 "
                                                       "Ziffern."),),
                          0, (ImportDuplicate(4, "ABH Eins"),), "UTF-8", ";")
    issues = ImportIssueModel()
    issues.set_rows(issues_of(report))
    qtmodeltester.check(issues)
    assert [issues.data(issues.index(0, c)) for c in range(3)] == [
        "2", "PLZ", "Die Postleitzahl besteht aus 5 Ziffern."]
    assert "schon im Verzeichnis" in issues.data(issues.index(1, 2))
    for model in (partners, contacts, issues):
        model.clear()
        qtmodeltester.check(model)


@pytest.fixture
def page(qtbot, unlocked_ctx):
    ctx = unlocked_ctx
    partners = ctx.workspace.partners
    partners.create(PartnerInput(PartnerKind.ABH, "Ausländerbehörde Stadt Börnhausen",
                                 "ABH Börnhausen", District.KOELN, "Musterstraße 1", "50667",
                                 "Börnhausen", "0221 4710-100", "abh@boernhausen.example"),
                    [ContactInput("Jörg Übel", "Sachgebietsleitung")])
    partners.create(PartnerInput(PartnerKind.JVA, "Justizvollzugsanstalt Probefeld",
                                 city="Probefeld"))
    widget = PartnersPage(ctx)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0, timeout=10000)
    yield widget
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=10000)
    widget.clear()
    widget.close()
    widget.deleteLater()


def names(page: PartnersPage) -> list[str]:
    return [p.name for p in page.model.rows()]


def select(page: PartnersPage, name: str) -> PartnerView:
    row = names(page).index(name)
    page.table.setFocus()
    page.table.selectRow(row)
    assert page.current_partner() is not None
    return page.model.row(row)


def wait_idle(qtbot, page: PartnersPage) -> None:
    qtbot.waitUntil(lambda: page._ctx.runner.pending == 0, timeout=10000)


def test_the_list_shows_seed_and_own_partners_and_nothing_is_chosen(page):
    assert "Ausländerbehörde Stadt Börnhausen" in names(page)
    assert "Bezirksregierung Köln" in names(page)  # the seed data
    assert page.count_label.text() == f"{page.model.rowCount()} Partner"
    assert page.detail.currentWidget() is page.detail.placeholder
    assert page.detail.placeholder.text() == NO_PARTNER
    assert page.search.accessibleName() == "Partner suchen"
    assert page.table.accessibleName() == "Partnerliste"


def test_search_narrows_diacritics_insensitively_and_by_kind(page, qtbot):
    type_text(qtbot, page.search, "borNhausen")
    qtbot.waitUntil(lambda: names(page) == ["Ausländerbehörde Stadt Börnhausen"],
                    timeout=5000)
    assert page.count_label.text() == "1 Partner"
    page.search.clear()
    type_text(qtbot, page.search, "übel")  # a contact person
    qtbot.waitUntil(lambda: names(page) == ["Ausländerbehörde Stadt Börnhausen"],
                    timeout=5000)
    page.search.clear()
    page.kind_filter.set_value(PartnerKind.JVA)
    qtbot.waitUntil(lambda: names(page) == ["Justizvollzugsanstalt Probefeld"], timeout=5000)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.table.hasFocus() or page.table.currentIndex().row() == 0


def test_selecting_shows_the_partner_with_its_contacts(page):
    select(page, "Ausländerbehörde Stadt Börnhausen")
    assert page.detail.currentIndex() == 1
    assert page.detail.title.text() == "Ausländerbehörde Stadt Börnhausen"
    assert page.detail.form.name.text() == "Ausländerbehörde Stadt Börnhausen"
    assert page.detail.form.kind.value() == PartnerKind.ABH
    assert page.detail.form.district.value() == District.KOELN
    assert page.detail.form.postcode.text() == "50667"
    assert [c.name for c in page.detail.contacts_model.rows()] == ["Jörg Übel"]
    assert not page.detail.save_button.isEnabled()  # nothing changed yet
    assert page.detail.delete_button.isEnabled()


def test_create_a_partner_through_the_form(page, qtbot):
    page.new_button.click()
    assert page.detail.title.text() == "Neuer Partner"
    assert page.detail.form.kind.hasFocus() or page.detail.form.kind.currentIndex() == 0
    assert not page.detail.contacts.isVisible()
    assert page.detail.contacts_hint.isVisible()
    page.detail.save_button.click()  # empty: German messages at the fields, nothing saved
    qtbot.waitUntil(lambda: page.detail.form.errors.message_at("name") != "", timeout=5000)
    assert page.detail.form.errors.message_at("name") == "Der Name fehlt."
    assert page.detail.form.errors.message_at("kind") == "Bitte die Art des Partners wählen."

    page.detail.form.kind.set_value(PartnerKind.ADVICE)
    type_text(qtbot, page.detail.form.name, "Rückkehrberatung Demobach e. V.")
    type_text(qtbot, page.detail.form.postcode, "3275")
    type_text(qtbot, page.detail.form.city, "Demobach")
    type_text(qtbot, page.detail.form.email, "beratung@demobach")
    page.detail.save_button.click()
    qtbot.waitUntil(lambda: page.detail.form.errors.message_at("postcode") != "", timeout=5000)
    assert page.detail.form.errors.message_at("postcode") == \
        "Die Postleitzahl besteht aus 5 Ziffern."
    assert "E-Mail-Adresse ist ungültig" in page.detail.form.errors.message_at("email")
    assert page.detail.form.errors.message_at("name") == ""

    type_text(qtbot, page.detail.form.postcode, "6")
    page.detail.form.email.clear()
    type_text(qtbot, page.detail.form.email, "beratung@demobach.example")
    qtbot.keyClick(page.detail.form.email, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Rückkehrberatung Demobach e. V." in names(page), timeout=5000)
    wait_idle(qtbot, page)
    assert page.detail.status.text() == "Der Partner wurde angelegt."
    created = page.current_partner()
    assert created is not None
    assert created.postcode == "32756"
    assert page.model.row(page.table.currentIndex().row()).id == created.id
    assert page.detail.contacts.isVisible()
    assert page._ctx.workspace.partners.get(created.id).email == "beratung@demobach.example"


def test_edit_save_and_duplicate_name(page, qtbot):
    select(page, "Justizvollzugsanstalt Probefeld")
    type_text(qtbot, page.detail.form.phone, "0221 4710-200")
    assert page.detail.save_button.isEnabled()
    assert page.has_unsaved_changes()
    page.detail.save_button.click()
    qtbot.waitUntil(lambda: page.detail.status.text() == "Gespeichert.", timeout=5000)
    assert page.current_partner().phone == "0221 4710-200"
    assert page.current_partner().version == 2
    page.detail.form.name.clear()
    type_text(qtbot, page.detail.form.name, "Ausländerbehörde Stadt Börnhausen")
    page.detail.form.city.clear()
    type_text(qtbot, page.detail.form.city, "Börnhausen")
    page.detail.save_button.click()
    qtbot.waitUntil(lambda: page.detail.form.errors.message_at("name") != "", timeout=5000)
    assert "gibt es in Börnhausen bereits" in page.detail.form.errors.message_at("name")


def test_switching_with_unsaved_edits_asks_first(page, qtbot):
    select(page, "Justizvollzugsanstalt Probefeld")
    type_text(qtbot, page.detail.form.street, "Am Probeplatz 3")
    select_row = names(page).index("Ausländerbehörde Stadt Börnhausen")
    page.table.selectRow(select_row)
    box = page.findChild(QMessageBox, "partnerDiscardBox")
    assert box is not None
    assert box.isVisible()
    assert page.current_partner().name == "Justizvollzugsanstalt Probefeld"
    discard = next(b for b in box.buttons() if b.text() == "Verwerfen")
    discard.click()
    qtbot.waitUntil(lambda: page.current_partner().name == "Ausländerbehörde Stadt "
                    "Börnhausen", timeout=5000)
    assert page.detail.form.street.text() == "Musterstraße 1"


def test_contacts_are_added_edited_and_removed(page, qtbot):
    select(page, "Ausländerbehörde Stadt Börnhausen")
    page.detail.add_contact_button.click()
    dialog = page.findChild(ContactDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.errors.message_at("name") != "", timeout=5000)
    assert dialog.errors.message_at("name") == "Der Name der Ansprechperson fehlt."
    type_text(qtbot, dialog.name, "Erika Beispiel")
    type_text(qtbot, dialog.email, "erika@boernhausen.example")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: len(page.detail.contacts_model.rows()) == 2, timeout=5000)
    qtbot.waitUntil(lambda: page.findChild(ContactDialog) is None, timeout=5000)
    assert [c.name for c in page.detail.contacts_model.rows()] == ["Erika Beispiel", "Jörg Übel"]

    page.detail.contacts.selectRow(1)
    page.detail.edit_contact_button.click()
    dialog = page.findChild(ContactDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    assert dialog.name.text() == "Jörg Übel"
    dialog.function.clear()
    type_text(qtbot, dialog.function, "Amtsleitung")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.detail.contacts_model.row(1).function == "Amtsleitung",
                    timeout=5000)

    page.detail.contacts.setFocus()
    page.detail.contacts.selectRow(0)
    page.detail.remove_contact_button.click()
    box = page.findChild(QMessageBox, "removeContactBox")
    next(b for b in box.buttons() if b.text() == "Entfernen").click()
    qtbot.waitUntil(lambda: [c.name for c in page.detail.contacts_model.rows()] == ["Jörg Übel"],
                    timeout=5000)


def test_delete_asks_and_is_refused_while_a_case_refers_to_it(page, qtbot):
    ctx = page._ctx
    target = select(page, "Justizvollzugsanstalt Probefeld")
    page.detail.delete_button.click()
    box = page.findChild(QMessageBox, "deletePartnerBox")
    assert box is not None
    assert box.isVisible()
    next(b for b in box.buttons() if b.text() == "Abbrechen").click()
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "deletePartnerBox") is None,
                    timeout=5000)
    assert "Justizvollzugsanstalt Probefeld" in names(page)

    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "deletePartnerBox") is not None,
                    timeout=5000)
    box = page.findChild(QMessageBox, "deletePartnerBox")
    next(b for b in box.buttons() if b.text() == "Löschen").click()
    qtbot.waitUntil(lambda: "Justizvollzugsanstalt Probefeld" not in names(page),
                    timeout=5000)
    assert page.notice.text() == "Der Partner wurde gelöscht."
    assert page.detail.currentWidget() is page.detail.placeholder
    assert target.id not in [p.id for p in ctx.workspace.partners.search("")]

    # A partner that a case names as responsible ABH stays.
    abh = ctx.workspace.partners.search("Börnhausen")[0]
    ctx.workspace.cases.create(replace(sample_cases()[0], responsible_abh_id=abh.id))
    select(page, "Ausländerbehörde Stadt Börnhausen")
    page.detail.delete_button.click()
    box = page.findChild(QMessageBox, "deletePartnerBox")
    next(b for b in box.buttons() if b.text() == "Löschen").click()
    qtbot.waitUntil(lambda: "kann nicht gelöscht werden" in page.detail.status.text(), timeout=5000)
    assert "Ausländerbehörde Stadt Börnhausen" in names(page)


def test_import_a_csv_through_the_page(page, qtbot):
    before = page.model.rowCount()
    page.import_file(str(DATA / "partners_utf8_bom.csv"))
    qtbot.waitUntil(lambda: page.findChild(PartnerImportDialog) is not None, timeout=10000)
    dialog = page.findChild(PartnerImportDialog)
    assert dialog.isVisible()
    assert "6 Zeilen gelesen: 6 in Ordnung" in dialog.summary.text()
    assert "5 Partner mit 4 Ansprechpersonen würden neu angelegt." in dialog.summary.text()
    assert dialog.format_label.text() == ("Zeichenkodierung: UTF-8 mit BOM · Trennzeichen: "
                                          "Semikolon (;)")
    assert not dialog.skip_invalid.isVisible()
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 5, timeout=10000)
    assert page.notice.text() == "5 Partner mit 4 Ansprechpersonen importiert."
    qtbot.waitUntil(lambda: page.findChild(PartnerImportDialog) is None, timeout=5000)


def test_import_with_errors_needs_the_skip_checkbox(page, qtbot, tmp_path):
    csv_file = tmp_path / "liste.csv"
    csv_file.write_bytes("Art;Name;PLZ;Ort\r\nABH;ABH Gut;40210;Gutstadt\r\n"
                         "ABH;ABH Schlecht;4021;Schlechtstadt\r\n".encode("cp1252"))
    page.import_file(str(csv_file))
    qtbot.waitUntil(lambda: page.findChild(PartnerImportDialog) is not None, timeout=10000)
    dialog = page.findChild(PartnerImportDialog)
    assert dialog.format_label.text().startswith("Zeichenkodierung: UTF-8")
    assert [dialog.model.data(dialog.model.index(0, c)) for c in range(3)] == [
        "3", "PLZ", "Die Postleitzahl besteht aus 5 Ziffern."]
    assert dialog.skip_invalid.isVisible()
    assert not dialog.import_button.isEnabled()
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "ABH Gut" in names(page), timeout=10000)
    assert page.notice.text() == "1 Partner mit 0 Ansprechpersonen importiert. 1 Zeile " \
        "übersprungen."


def test_a_bad_file_gives_a_german_notice(page, qtbot, tmp_path):
    garbage = tmp_path / "bild.csv"
    garbage.write_bytes(bytes(range(256)) * 8)
    page.import_file(str(garbage))
    qtbot.waitUntil(lambda: "keine Textdatei" in page.notice.text(), timeout=10000)
    assert page.findChild(PartnerImportDialog) is None
    page.import_file(str(tmp_path / "fehlt.csv"))
    qtbot.waitUntil(lambda: page._ctx.errors.last_message is not None, timeout=10000)
    assert "konnte nicht gelesen werden" in page._ctx.errors.last_message
    page._ctx.errors.close_all()


def test_cancel_the_import_writes_nothing(page, qtbot):
    before = page.model.rowCount()
    page.import_file(str(DATA / "partners_utf8_bom.csv"))
    qtbot.waitUntil(lambda: page.findChild(PartnerImportDialog) is not None, timeout=10000)
    dialog = page.findChild(PartnerImportDialog)
    dialog.cancel_button.click()
    wait_idle(qtbot, page)
    assert len(page._ctx.workspace.partners.search("")) == before


def test_lock_clears_the_page_and_closes_its_dialogs(page, qtbot):
    select(page, "Ausländerbehörde Stadt Börnhausen")
    page.detail.add_contact_button.click()
    dialog = page.findChild(ContactDialog)
    assert dialog.isVisible()
    type_text(qtbot, page.search, "x")
    page.clear()  # what the session's sig_locked triggers
    qtbot.waitUntil(lambda: page.findChild(ContactDialog) is None, timeout=5000)
    assert page.model.rowCount() == 0
    assert page.detail.contacts_model.rowCount() == 0
    assert page.search.text() == ""
    assert page.detail.currentWidget() is page.detail.placeholder


def test_the_page_in_the_window_loads_when_shown_and_forgets_on_lock(unlocked_ctx, open_window,
                                                                     qtbot):
    window = open_window(unlocked_ctx)
    page = window.findChild(PartnersPage)
    row = next(i for i in range(window.nav.count()) if window.nav.item(i).text() == "Netzwerk")
    qtbot.waitUntil(lambda: unlocked_ctx.runner.pending == 0, timeout=10000)
    assert page.model.rowCount() == 0  # nothing is read before the page is opened
    window.nav.setCurrentRow(row)
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    select(page, "Bezirksregierung Köln")
    window.lock_action.trigger()
    assert page.model.rowCount() == 0
    assert page.detail.currentWidget() is page.detail.placeholder
    unlock = window.unlock_page
    qtbot.waitUntil(lambda: unlock.passphrase.isEnabled(), timeout=10000)
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: unlocked_ctx.session.workspace is not None, timeout=10000)
    window.nav.setCurrentRow(row)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)


def test_keyboard_only_tab_walks_search_list_form_and_contacts(page, qtbot):
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    page.table.selectRow(names(page).index("Ausländerbehörde Stadt Börnhausen"))
    page.search.setFocus()
    order = []
    for _ in range(17):
        widget = QApplication.focusWidget()
        order.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert order == [
        "partnerSearch", "partnerKindFilter", "newPartnerButton", "importPartnersButton",
        "partnerTable", "partnerKind", "partnerName", "partnerShortName", "partnerDistrict",
        "partnerStreet", "partnerPostcode", "partnerCity", "partnerPhone", "partnerEmail",
        "deletePartnerButton", "contactTable", "addContactButton"]
    for name in order[5:14]:
        assert page.findChild(QWidget, name).accessibleName()


def test_a_change_saved_elsewhere_is_reported_and_revert_loads_it(page, qtbot):
    shown = select(page, "Justizvollzugsanstalt Probefeld")
    partners = page._ctx.workspace.partners
    partners.update(shown.id, shown.version, PartnerInput(
        PartnerKind.JVA, "Justizvollzugsanstalt Probefeld", city="Probefeld",
        phone="0221 4710-300"))
    type_text(qtbot, page.detail.form.street, "Am Probeplatz 3")
    page.detail.save_button.click()
    qtbot.waitUntil(lambda: "inzwischen an anderer Stelle geändert" in
                    page.detail.status.text(), timeout=5000)
    assert page.detail.form.street.text() == "Am Probeplatz 3"  # the input is kept
    page.detail.revert_button.click()
    qtbot.waitUntil(lambda: page.detail.form.phone.text() == "0221 4710-300", timeout=5000)
    assert page.detail.form.street.text() == ""
    assert page.current_partner().version == 2
