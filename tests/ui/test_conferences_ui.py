"""Fallkonferenzen in the UI, on a real encrypted vault: planning from a case by keyboard,
a decision that becomes a measure in the case, its status back in the minutes ("erledigt
am …"), finalising to a frozen PDF (read-only afterwards); errors at the fields with nothing
saved; the duplicate warning; the conference page (filters, Enter opens case/conference)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.conferences import (
    AgendaItemInput,
    Attendance,
    ConferenceInput,
    ConferenceKind,
    ConferenceStatus,
    DecisionInput,
    ParticipantInput,
)
from desktop.domain.dates import format_date
from desktop.domain.enums import MeasureStatus, PartnerKind
from desktop.domain.partners import ContactInput, PartnerInput
from desktop.ui.dialogs.conference_dialog import ConferenceDialog
from desktop.ui.models.conference_models import DecisionsModel
from tests.ui.keyboard import type_text

TIMEOUT = 15000


def local_today() -> date:
    return date.today()  # noqa: DTZ011 - the program's days are local days


def case_id(ctx, name: str) -> str:
    [row] = ctx.workspace.cases.search(name)
    return row.id


def add_police(ctx) -> tuple[str, str]:
    """A police partner with one contact; returns (partner id, contact id)."""
    partner = ctx.workspace.partners.create(PartnerInput(
        PartnerKind.POLICE, "Polizeipräsidium Düsseldorf", "PP Düsseldorf",
        email="kk21@polizei.example"))
    partner = ctx.workspace.partners.add_contact(
        partner.id, ContactInput("Jana Beispiel", "KK 21", email="jana@polizei.example"))
    return partner.id, partner.contacts[0].id


def find_box(name: str) -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == name \
                and widget.isVisible():
            return widget
    return None


def answer(qtbot, name: str, text: str) -> None:
    qtbot.waitUntil(lambda: find_box(name) is not None, timeout=TIMEOUT)
    box = find_box(name)
    assert box is not None
    [button] = [b for b in box.buttons() if b.text() == text]
    button.click()


def press(qtbot, button) -> None:
    """Activates a button by keyboard: focus, then the space bar."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def open_case_tab(window, ctx, qtbot, name: str):
    detail = window.cases_page.detail
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        window.open_case(case_id(ctx, name))
    tab = detail.conferences_tab
    detail.tabs.setCurrentWidget(tab)
    assert detail.tabs.tabText(detail.tabs.currentIndex()) == "Konferenzen"
    return detail, tab


def plan_from_case(tab, qtbot) -> ConferenceDialog:
    press(qtbot, tab.plan_button)
    qtbot.waitUntil(lambda: tab.opener.dialog is not None, timeout=TIMEOUT)
    dialog = tab.opener.dialog
    assert isinstance(dialog, ConferenceDialog)
    return dialog


def pick(qtbot, dialog: ConferenceDialog, text: str) -> None:
    """Chooses ``text`` in the directory combo by keyboard and adds it."""
    editor = dialog.participants
    index = editor.pick.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, [editor.pick.itemText(i) for i in range(editor.pick.count())]
    editor.pick.setFocus()
    while editor.pick.currentIndex() != index:
        key = Qt.Key.Key_Down if editor.pick.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(editor.pick, key)
    press(qtbot, editor.add_button)


def choose(qtbot, combo, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setFocus()
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def decision_status(dialog: ConferenceDialog) -> str:
    model = dialog.minutes.decisions_box.model
    return model.data(model.index(0, 3))


def test_plan_from_case_decision_becomes_measure_done_shows_then_frozen_pdf(
        unlocked_ctx, open_window, qtbot, tmp_path):
    ctx = unlocked_ctx
    add_police(ctx)
    window = open_window(ctx)
    detail, tab = open_case_tab(window, ctx, qtbot, "Müller")
    dialog = plan_from_case(tab, qtbot)

    # The case is filled in, the acting user takes part; add the police contact.
    form = dialog.form
    assert [form.cases.item(i).text().split(" – ")[1] for i in range(form.cases.count())] \
        == ["Müller, Hans"]
    assert [p.name for p in dialog.participants.participants()] == ["Anna Beispiel"]
    pick(qtbot, dialog, "Jana Beispiel")
    assert [(p.name, p.organisation, p.role) for p in dialog.participants.participants()] == [
        ("Anna Beispiel", "RRK", ""), ("Jana Beispiel", "Polizeipräsidium Düsseldorf", "KK 21")]
    yesterday = local_today() - timedelta(days=1)
    form.day.setValue(yesterday)
    form.place.setFocus()
    type_text(qtbot, form.place, "Polizeipräsidium, Raum 3")

    # Agenda item and a decision with owner and due date, all typed.
    dialog.tabs.setCurrentIndex(2)
    minutes = dialog.minutes
    minutes.new_item_title.setFocus()
    type_text(qtbot, minutes.new_item_title, "Passbeschaffung\n")
    assert minutes.agenda.count() == 1
    minutes.situation.setFocus()
    type_text(qtbot, minutes.situation, "Kein Pass vorhanden.")
    decisions = minutes.decisions_box
    decisions.text.setFocus()
    type_text(qtbot, decisions.text, "Botschaftsvorführung beantragen")
    choose(qtbot, decisions.owner, "PP Düsseldorf")
    due = local_today() + timedelta(days=14)
    decisions.due.setValue(due)
    decisions.text.setFocus()
    qtbot.keyClick(decisions.text, Qt.Key.Key_Return)
    assert decisions.model.rowCount() == 1
    assert decisions.model.data(decisions.model.index(0, 0)) == "PP Düsseldorf"

    # Strg+S: stored (no duplicate on that day).
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.conference is not None
                    and dialog.status.text() == "Gespeichert.", timeout=TIMEOUT)
    assert decision_status(dialog) == "offen"
    conference_id = dialog.conference.id

    # Closing: the measure is in the case's Maßnahmen tab, the conference in the list.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.opener.dialog is None, timeout=TIMEOUT)
    measures = detail.measures_tab
    qtbot.waitUntil(lambda: any(measures.model.measure(r).title
                                == "Botschaftsvorführung beantragen"
                                for r in range(measures.model.rowCount())), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT)

    # Mark it done there.
    detail.tabs.setCurrentWidget(measures)
    row = next(r for r in range(measures.model.rowCount())
               if measures.model.measure(r).title == "Botschaftsvorführung beantragen")
    measures.view.selectRow(row)
    press(qtbot, measures.done_button)
    qtbot.waitUntil(lambda: ctx.workspace.cases.measures(case_id(ctx, "Müller"))[row].status
                    == MeasureStatus.DONE, timeout=TIMEOUT)

    # Reopen the conference (Enter in the case's list): the minutes show "erledigt am …".
    detail.tabs.setCurrentWidget(tab)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.opener.dialog is not None, timeout=TIMEOUT)
    dialog = tab.opener.dialog
    assert dialog.conference.id == conference_id
    dialog.tabs.setCurrentIndex(2)
    dialog.minutes.agenda.setCurrentRow(0)
    assert decision_status(dialog) == f"erledigt am {format_date(local_today())}"
    assert DecisionsModel.COLUMNS[3] == "Umsetzung"
    assert detail.has_unsaved_changes() is False

    # Minutes edited again: stored decisions keep their measure (no second one).
    dialog.minutes.discussion.setFocus()
    type_text(qtbot, dialog.minutes.discussion, "Termin bei der Botschaft steht.")
    assert detail.has_unsaved_changes()
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.is_dirty(), timeout=TIMEOUT)
    assert decision_status(dialog) == f"erledigt am {format_date(local_today())}"
    assert [m.title for m in ctx.workspace.cases.measures(case_id(ctx, "Müller"))].count(
        "Botschaftsvorführung beantragen") == 1

    # The minutes for the police (a recipient profile) in the preview.
    dialog.tabs.setCurrentWidget(dialog.preview)
    choose(qtbot, dialog.preview.profile, "für Polizei")
    qtbot.waitUntil(lambda: dialog.preview.status.text().startswith("Fassung für Polizei –"),
                    timeout=TIMEOUT)
    assert dialog.preview.pane.page_count() >= 1

    # The invitation: a warning that the file leaves the vault, then the .ics.
    box = dialog.ask_export_ics()
    assert box is not None
    assert "verlässt damit den verschlüsselten Tresor" in box.text()
    answer(qtbot, "conferenceIcsWarningBox", "Abbrechen")
    dialog.export_ics_to(tmp_path / "einladung.ics")
    qtbot.waitUntil(lambda: "Gespeichert unter" in dialog.status.text(), timeout=TIMEOUT)
    assert b"BEGIN:VCALENDAR" in (tmp_path / "einladung.ics").read_bytes()

    # Attendance by keyboard, then finalise: asked first, frozen PDF, read-only.
    dialog.tabs.setCurrentIndex(1)
    editor = dialog.participants
    for row_index, value in ((0, "anwesend"), (1, "entschuldigt")):
        editor.view.selectRow(row_index)
        choose(qtbot, editor.attendance, value)
    assert [p.attendance for p in editor.participants()] == [Attendance.PRESENT,
                                                             Attendance.EXCUSED]
    press(qtbot, dialog.finalise_button)
    answer(qtbot, "conferenceFinaliseBox", "Protokoll abschließen")
    qtbot.waitUntil(lambda: dialog.is_frozen(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: dialog.preview.status.text().startswith(
        "Abgeschlossenes Protokoll –"), timeout=TIMEOUT)
    stored = ctx.workspace.conferences.get(conference_id)
    assert stored.status == ConferenceStatus.FINAL
    assert stored.sha256
    assert ctx.workspace.conferences.minutes_pdf(conference_id).startswith(b"%PDF")
    assert dialog.preview.pane.data == ctx.workspace.conferences.minutes_pdf(conference_id)
    assert not dialog.save_button.isVisible()
    assert not dialog.finalise_button.isVisible()
    assert dialog.form.place.isReadOnly()
    assert not dialog.form.kind.isEnabled()
    assert dialog.minutes.decisions_box.text.isReadOnly()
    assert not dialog.participants.add_button.isEnabled()
    assert "nur noch lesbar" in dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.opener.dialog is None, timeout=TIMEOUT)


def test_errors_at_the_fields_and_nothing_saved(unlocked_ctx, open_window, qtbot):
    ctx = unlocked_ctx
    window = open_window(ctx)
    _detail, tab = open_case_tab(window, ctx, qtbot, "Haddad")
    dialog = plan_from_case(tab, qtbot)
    form = dialog.form

    # No participants, end before start, no place.
    dialog.tabs.setCurrentIndex(1)
    dialog.participants.view.selectRow(0)
    press(qtbot, dialog.participants.remove_button)
    assert dialog.participants.participants() == ()
    form.end.setTime(form.start.time().addSecs(-3600))
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.errors.message_at("ends_at") == "Das Ende liegt vor dem Beginn."
    assert form.errors.message_at("place") == ("Bitte einen Ort angeben oder „Telefon/Video“ "
                                               "wählen.")
    assert form.errors.message_at("participants") == ("Bitte mindestens eine teilnehmende "
                                                      "Person angeben.")
    assert "Nichts wurde gespeichert" in dialog.status.text()
    assert dialog.tabs.currentIndex() == 0

    # A decision without owner or date is refused at its fields.
    dialog.tabs.setCurrentIndex(2)
    minutes = dialog.minutes
    minutes.new_item_title.setFocus()
    type_text(qtbot, minutes.new_item_title, "Sachstand\n")
    minutes.decisions_box.text.setFocus()
    type_text(qtbot, minutes.decisions_box.text, "Ausweisung prüfen\n")
    assert minutes.decisions_box.model.rowCount() == 0
    assert minutes.decisions_box.errors.message_at("owner") == (
        "Bitte angeben, wer den Beschluss umsetzt.")
    assert minutes.decisions_box.errors.message_at("due_date") == "Bitte angeben, bis wann."

    # Remote needs no place.
    press(qtbot, form.remote)
    assert form.remote.isChecked()
    assert not form.place.isEnabled()

    # A due date before the conference day (the day moved later): marked at the decision.
    form.end.setTime(form.start.time().addSecs(3600))
    pick(qtbot, dialog, "Anna Beispiel")
    decisions = minutes.decisions_box
    choose(qtbot, decisions.owner, "RRK – Anna Beispiel")
    decisions.due.setValue(form.day_value())
    decisions.text.setFocus()
    qtbot.keyClick(decisions.text, Qt.Key.Key_Return)
    assert decisions.model.rowCount() == 1
    form.day.setValue(form.day_value() + timedelta(days=1))
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentIndex() == 2
    assert decisions.errors.message_at("due_date") == "Die Frist liegt vor der Konferenz."
    assert decisions.selected() == 0

    # Nothing was stored by any of this.
    assert ctx.workspace.conferences.of_case(case_id(ctx, "Haddad")) == []
    dialog.reject()
    answer(qtbot, "conferenceDiscardBox", "Verwerfen")
    qtbot.waitUntil(lambda: tab.opener.dialog is None, timeout=TIMEOUT)


def schedule(ctx, case: str, day: date, *, decision: bool = False) -> str:
    service = ctx.workspace.conferences
    user = ctx.workspace.user
    result = service.schedule(ConferenceInput(
        ConferenceKind.BILATERAL, datetime.combine(day, time(9)),
        datetime.combine(day, time(10)), "Rathaus", case_ids=(case,),
        participants=(ParticipantInput(user_id=user.id),)))
    view = result.conference
    if decision:
        service.save_minutes(view.id, view.version, (AgendaItemInput(
            "Rückführung", decisions=(DecisionInput(
                "Flug buchen", day + timedelta(days=30), owner_user_id=user.id),)),))
    return view.id


def test_duplicate_warning_before_saving_caseworker_decides(unlocked_ctx, open_window, qtbot):
    ctx = unlocked_ctx
    day = local_today() + timedelta(days=3)
    schedule(ctx, case_id(ctx, "Şahin"), day)
    window = open_window(ctx)
    _detail, tab = open_case_tab(window, ctx, qtbot, "Şahin")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT)
    dialog = plan_from_case(tab, qtbot)
    dialog.form.day.setValue(day)
    press(qtbot, dialog.form.remote)

    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: find_box("conferenceDuplicateBox") is not None, timeout=TIMEOUT)
    assert "Bilaterales Gespräch" in find_box("conferenceDuplicateBox").text()
    answer(qtbot, "conferenceDuplicateBox", "Abbrechen")
    assert dialog.conference is None
    assert len(ctx.workspace.conferences.of_case(case_id(ctx, "Şahin"))) == 1
    assert dialog.status.text() == "Nicht gespeichert: mögliche Doppelung."

    dialog.activateWindow()  # the closed box hands the focus back (offscreen: by hand)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=TIMEOUT)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    answer(qtbot, "conferenceDuplicateBox", "Trotzdem speichern")
    qtbot.waitUntil(lambda: dialog.conference is not None, timeout=TIMEOUT)
    assert len(ctx.workspace.conferences.of_case(case_id(ctx, "Şahin"))) == 2
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.opener.dialog is None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=TIMEOUT)


def test_the_page_lists_filters_and_opens(unlocked_ctx, open_window, qtbot):
    ctx = unlocked_ctx
    kovacevic, haddad = case_id(ctx, "Kovačević"), case_id(ctx, "Haddad")
    schedule(ctx, kovacevic, local_today() + timedelta(days=5))
    past = schedule(ctx, haddad, local_today() - timedelta(days=2), decision=True)
    window = open_window(ctx)
    assert "Konferenzen" in [window.nav.item(i).text() for i in range(window.nav.count())]
    page = window.conferences_page
    assert window.conferences_action.shortcut().toString() == "Ctrl+Shift+K"
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        window.conferences_action.trigger()
    assert window.pages.currentWidget() is page
    assert page.upcoming.hasFocus()
    assert page.upcoming_model.rowCount() == 1
    assert page.past_model.rowCount() == 1
    assert page.decisions_model.rowCount() == 1
    assert page.decisions_model.data(page.decisions_model.index(0, 1)) == "Flug buchen"

    # Filter by case (file number): only the past one.
    number = ctx.workspace.cases.get(haddad).file_number
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        page.case_filter.setFocus()
        type_text(qtbot, page.case_filter, number)
    qtbot.waitUntil(lambda: page.upcoming_model.rowCount() == 0, timeout=TIMEOUT)
    assert page.past_model.rowCount() == 1

    # Enter on the past conference opens it; Enter on the decision opens its case.
    page.past.setFocus()
    page.past.setCurrentIndex(page.past_model.index(0, 0))
    qtbot.keyClick(page.past, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.opener.dialog is not None, timeout=TIMEOUT)
    assert page.opener.dialog.conference.id == past
    qtbot.keyClick(page.opener.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.opener.dialog is None, timeout=TIMEOUT)
    detail = window.cases_page.detail
    page.decisions.setFocus()
    page.decisions.setCurrentIndex(page.decisions_model.index(0, 0))
    with qtbot.waitSignal(detail.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(page.decisions, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.cases_page
    assert detail.current_case_id == haddad


def test_editor_stores_appointment_and_minutes_in_one_service_call():
    """Issue 6, nothing half-saved: "Speichern" is one call of ``conferences.save`` (one unit
    of work), never schedule/update followed by save_minutes."""
    from types import SimpleNamespace

    from desktop.ui.dialogs.conference_data import store

    calls = []

    class Service:
        def save(self, *args):
            calls.append(args)
            return SimpleNamespace(conference="stored")

        def __getattr__(self, name):
            raise AssertionError(f"unexpected call {name}")

    workspace = SimpleNamespace(conferences=Service())
    data, items = object(), (AgendaItemInput("TOP"),)
    assert store(workspace, None, data, items) == "stored"
    view = SimpleNamespace(id="c1", version=4)
    assert store(workspace, view, None, items) == "stored"
    assert store(workspace, view, data, None) == "stored"
    assert calls == [(None, None, data, items), ("c1", 4, None, items), ("c1", 4, data, None)]
