"""Plan a Fallkonferenz and write its minutes: appointment and cases, participants with
attendance and Verteiler, agenda with minutes and decisions, and the minutes PDF.

"Speichern" (Strg+S) checks everything at the fields first (``validate_conference``,
``validate_minutes``: no participants, a decision without owner or date, end before start …);
only then, for a new day or new cases, it asks the service for likely duplicates (the same
case on the same day) and lets the caseworker decide; then it stores the appointment and the
minutes. A decision becomes a measure in every case of the conference; its later status shows
in the decisions table ("erledigt am …"). "Protokoll abschließen …" asks first, freezes the
minutes (PDF and SHA-256 in the vault) and leaves the editor read-only. "Einladung als
iCalendar …" warns that the file leaves the vault. All service calls go through the runner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.conferences import AgendaItemInput, validate_conference, validate_minutes
from desktop.domain.dates import format_date
from desktop.services.conferences import (
    ConferenceInput,
    ConferenceStatus,
    ConferenceView,
    DuplicateHint,
)
from desktop.ui.context import AppContext
from desktop.ui.dialogs.conference_data import (
    EditorData,
    ask_ics_target,
    duplicate_text,
    store,
)
from desktop.ui.dialogs.editor_dialog import EditorDialog
from desktop.ui.widgets.conference_form import ConferenceForm
from desktop.ui.widgets.minutes_editor import MinutesEditor
from desktop.ui.widgets.minutes_preview import MinutesPreview
from desktop.ui.widgets.participants_editor import ParticipantsEditor, as_input

TAB_OF_FIELD = {"participants": 1, "items": 2}


class ConferenceDialog(EditorDialog):
    """See module docstring. ``sig_changed(view)`` after every stored change."""

    sig_changed = Signal(object)

    def __init__(self, ctx: AppContext, data: EditorData,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conferenceDialog")
        self._ctx = ctx
        self._view: ConferenceView | None = data.conference
        self._busy = False
        self._box: QMessageBox | None = None
        self._dirty_appointment = data.conference is None
        self._dirty_minutes = False
        self._loading = True
        self.resize(1200, 860)

        self.form = ConferenceForm(ctx, self)
        self.form.set_users(data.users, data.user_id)
        self.participants = ParticipantsEditor(self)
        self.participants.set_directory(data.directory)
        self.minutes = MinutesEditor(self.form.day_value, self)
        self.minutes.set_owners(data.users, data.partners)
        self.preview = MinutesPreview(ctx, self)
        self.errors = self.form.errors
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("conferenceTabs")
        self.tabs.addTab(scroll, "Termin und Fälle")
        self.tabs.addTab(self.errors.bind("participants", self.participants, "Teilnehmende"),
                         "Teilnehmende")
        self.tabs.addTab(self.errors.bind("items", self.minutes, "Tagesordnung"),
                         "Tagesordnung und Protokoll")
        self.tabs.addTab(self.preview, "Protokoll-PDF")

        self.status = QLabel(self)
        self.status.setObjectName("conferenceStatus")
        self.status.setWordWrap(True)
        self.save_button = self._button("&Speichern", "conferenceSave",
                                        "Termin, Teilnehmende und Protokoll speichern (Strg+S)",
                                        self.save)
        self.ics_button = self._button("Einladung als i&Calendar …", "conferenceIcs",
                                       "Die Einladung als .ics-Datei speichern (verlässt den "
                                       "Tresor)", self.ask_export_ics)
        self.finalise_button = self._button("Protokoll a&bschließen …", "conferenceFinalise",
                                            "Das Protokoll festschreiben (PDF im Tresor); "
                                            "danach nur noch lesbar", self.ask_finalise)
        self.close_button = self._button("Schließen", "conferenceClose",
                                         "Den Dialog schließen (Esc)", self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.save_button, self.ics_button, self.finalise_button,
                       self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.form.error_summary)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

        self.form.sig_changed.connect(self._on_appointment_edited)
        self.participants.sig_changed.connect(self._on_appointment_edited)
        self.minutes.sig_changed.connect(self._on_minutes_edited)
        ctx.session.sig_locked.connect(self._on_locked)
        if data.conference is not None:
            self._show(data.conference)
        else:
            self.form.set_cases(data.cases)
            self.participants.add_user(data.user_id)
            self.minutes.set_cases(self.form.file_numbers())
            self._update()
        self._loading = False

    # --- state -----------------------------------------------------------------------------
    @property
    def conference(self) -> ConferenceView | None:
        return self._view

    def is_frozen(self) -> bool:
        return self._view is not None and self._view.status == ConferenceStatus.FINAL

    def is_dirty(self) -> bool:
        return not self.is_frozen() and (self._dirty_appointment or self._dirty_minutes)

    def _show(self, view: ConferenceView) -> None:
        self._loading = True
        self._view = view
        self.form.set_conference(view)
        self.participants.set_participants([as_input(p) for p in view.participants])
        self.minutes.set_cases(self.form.file_numbers())
        self.minutes.set_items(view.items)
        self._dirty_appointment = self._dirty_minutes = False
        frozen = self.is_frozen()
        for part in (self.form, self.participants, self.minutes):
            part.set_read_only(frozen)
        self._loading = False
        self._update()

    def _update(self) -> None:
        view, frozen = self._view, self.is_frozen()
        title = "Neue Konferenz" if view is None else (
            f"{view.kind.label} am {format_date(view.starts_at.date())}")
        self.setWindowTitle(f"{title}[*]")
        self.setWindowModified(self.is_dirty())
        self.save_button.setVisible(not frozen)
        self.finalise_button.setVisible(not frozen)
        for button in (self.save_button, self.finalise_button):
            button.setEnabled(not self._busy)
        self.ics_button.setEnabled(not self._busy and view is not None)
        self.preview.set_conference(view)
        if frozen and view is not None and view.finalised_at is not None:
            day = format_date(view.finalised_at.date())
            self.status.setText(f"Protokoll abgeschlossen am {day} – nur noch lesbar.")

    def _on_appointment_edited(self) -> None:
        if not self._loading:
            self._dirty_appointment = True
            self.minutes.set_cases(self.form.file_numbers())
            self._update()

    def _on_minutes_edited(self) -> None:
        if not self._loading:
            self._dirty_minutes = True
            self._update()

    def _input(self) -> ConferenceInput:
        form = self.form
        return ConferenceInput(
            kind=form.kind.value(), starts_at=form.starts_at(), ends_at=form.ends_at(),
            place="" if form.remote.isChecked() else form.place.text().strip(),
            remote=form.remote.isChecked(), case_ids=form.case_ids(),
            participants=self.participants.participants(),
            agenda_summary=form.summary.toPlainText().strip(),
            organiser_user_id=form.organiser.currentData(),
            organiser_email=form.organiser_email.text().strip())

    # --- saving ----------------------------------------------------------------------------
    def save(self, then: Callable[[ConferenceView], None] | None = None) -> None:
        """Checks at the fields, asks about likely duplicates, stores (Strg+S)."""
        if self._busy or self._box is not None or self.is_frozen():
            return
        data, items = self._input(), self.minutes.items()
        problems = validate_conference(data) | validate_minutes(items, data.starts_at.date())
        if problems:
            self._show_problems(problems)
            return
        self.errors.clear()
        if not self.is_dirty() and self._view is not None:
            if then is not None:
                then(self._view)
            return
        view = self._view
        changed_day_or_cases = view is None or (
            view.starts_at.date() != data.starts_at.date()
            or set(data.case_ids) != {c.case_id for c in view.cases})
        go = lambda: self._store(data if self._dirty_appointment else None,  # noqa: E731
                                 items if self._dirty_minutes or (view is None and items)
                                 else None, then)
        if not changed_day_or_cases:
            go()
            return
        self._run(self._ctx.workspace.conferences.check_duplicates, data.case_ids,
                  data.starts_at.date(), exclude_id=view.id if view else None,
                  label="Doppelungen prüfen",
                  done=lambda hints: self._ask_duplicates(hints, go) if hints else go())

    def _ask_duplicates(self, hints: tuple[DuplicateHint, ...], go: Callable[[], None]) -> None:
        def answered(yes: bool) -> None:
            if yes:
                go()
            else:
                self.status.setText("Nicht gespeichert: mögliche Doppelung.")

        self._confirm(QMessageBox.Icon.Warning, "Mögliche Doppelung", duplicate_text(hints),
                      name="conferenceDuplicateBox", yes="Trotzdem speichern",
                      yes_role=QMessageBox.ButtonRole.AcceptRole, no="Abbrechen",
                      default_yes=False, then=answered)

    def _store(self, data: ConferenceInput | None, items: tuple[AgendaItemInput, ...] | None,
               then: Callable[[ConferenceView], None] | None) -> None:
        def stored(view: ConferenceView) -> None:
            self._show(view)
            self.sig_changed.emit(view)
            self.status.setText("Gespeichert.")
            if then is not None:
                then(view)

        self._run(store, self._ctx.workspace, self._view, data, items,
                  label="Konferenz speichern", done=stored)

    def _show_problems(self, problems: dict[str, str]) -> None:
        self.errors.show(problems)
        first = next(iter(problems)).split(".", 1)[0]
        self.tabs.setCurrentIndex(TAB_OF_FIELD.get(first, 0))
        if first in TAB_OF_FIELD:
            self.errors.show(problems)  # again, so the focus lands on the shown tab
        self.status.setText("Bitte die markierten Eingaben prüfen. Nichts wurde gespeichert.")

    # --- finalising ------------------------------------------------------------------------
    def ask_finalise(self) -> None:
        if self._busy or self._box is not None or self.is_frozen():
            return
        self.save(then=self._confirm_finalise)

    def _confirm_finalise(self, view: ConferenceView) -> None:
        def answered(yes: bool) -> None:
            if yes:
                self._run(self._ctx.workspace.conferences.finalise, view.id, view.version,
                          label="Protokoll abschließen", done=self._on_finalised)

        self._confirm(QMessageBox.Icon.Question, "Protokoll abschließen",
                      "Das Protokoll wird als PDF im Tresor festgeschrieben und in jedem "
                      "Fall im Verlauf vermerkt. Danach lässt sich die Konferenz nicht "
                      "mehr ändern.\n\nJetzt abschließen?", name="conferenceFinaliseBox",
                      yes="Protokoll abschließen", yes_role=QMessageBox.ButtonRole.AcceptRole,
                      no="Abbrechen", default_yes=True, then=answered)

    def _on_finalised(self, view: ConferenceView) -> None:
        self._show(view)
        self.sig_changed.emit(view)
        self.tabs.setCurrentWidget(self.preview)
        self.preview.show_frozen()

    # --- PDF and invitation ----------------------------------------------------------------
    def ask_export_ics(self) -> QMessageBox | None:
        """Warns that the invitation leaves the vault, then asks where to save it."""
        view = self._view
        if view is None or self._busy or self._box is not None:
            return None

        def forget(box: QMessageBox) -> None:
            if self._box is box:
                self._box = None

        self._box = ask_ics_target(self, f"Einladung_{view.starts_at:%Y-%m-%d}.ics",
                                   self.export_ics_to, forget)
        return self._box

    def export_ics_to(self, target: Path) -> None:
        if self._view is not None:
            self._run(self._ctx.workspace.conferences.export_ics, self._view.id, target,
                      overwrite=True, label="Einladung speichern", done=self._on_exported)

    def _on_exported(self, path: Path) -> None:
        self.status.setText(f"Gespeichert unter {path}. Die Datei ist nicht verschlüsselt.")

    # --- running ---------------------------------------------------------------------------
    def _update_busy(self) -> None:
        self._update()

    def _on_invalid(self, problems: dict[str, str]) -> None:
        self._show_problems(problems)

    def _on_stale(self) -> None:
        self.status.setText("Die Konferenz wurde inzwischen an anderer Stelle geändert; "
                            "sie wird neu geladen.")
        if self._view is not None:
            self._ctx.runner.run(self._ctx.workspace.conferences.get, self._view.id,
                                 owner=self, label="Konferenz laden", on_success=self._show)

    # --- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc / Schließen: asks before unsaved changes are discarded."""
        if not self.is_dirty():
            self._close()
            return
        self._ask_discard("Die Konferenz hat ungespeicherte Änderungen. Verwerfen?",
                          "conferenceDiscardBox", self._close)

    def _close(self) -> None:
        self.preview.clear()
        self.done(QDialog.DialogCode.Rejected)

    def _on_locked(self) -> None:
        if self._box is not None:
            self._box.close()
        self._dirty_appointment = self._dirty_minutes = False
        self._close()
