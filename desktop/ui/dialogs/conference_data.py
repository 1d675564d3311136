"""What the conference editor loads and stores on the worker, and the invitation export's
warning and save dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.conferences import AgendaItemInput
from desktop.domain.dates import format_date
from desktop.services.conferences import (
    ConferenceCaseView,
    ConferenceInput,
    ConferenceView,
    DuplicateHint,
    ParticipantInput,
)
from desktop.services.read_models import PartnerRef, UserRef
from desktop.services.workspace import Workspace
from desktop.ui.dialogs.pdf_dialog import NOT_ENCRYPTED
from desktop.ui.widgets.export_flow import leaving_box, save_dialog


@dataclass(frozen=True)
class EditorData:
    """What the editor needs, loaded on the worker (``load_editor``)."""

    conference: ConferenceView | None
    directory: list[ParticipantInput]
    users: list[UserRef]
    partners: list[PartnerRef]
    user_id: str
    cases: tuple[ConferenceCaseView, ...] = field(default=())


def load_editor(workspace: Workspace, conference_id: str | None = None,
                case_id: str | None = None) -> EditorData:
    """The conference (or none, with ``case_id`` prefilled) and the directory."""
    service = workspace.conferences
    conference = service.get(conference_id) if conference_id else None
    cases: tuple[ConferenceCaseView, ...] = ()
    if case_id is not None:
        cases = tuple(ConferenceCaseView(r.id, r.file_number, r.name)
                      for r in workspace.cases.rows([case_id]))
    return EditorData(conference, list(service.directory()), workspace.partners.users(),
                      workspace.partners.all(), workspace.user.id, cases)


def store(workspace: Workspace, conference: ConferenceView | None, data: ConferenceInput | None,
          items: tuple[AgendaItemInput, ...] | None) -> ConferenceView:
    """Schedules or updates (``data``) and saves the minutes (``items``) in one service call,
    so nothing is half-saved; on the worker."""
    return workspace.conferences.save(conference.id if conference else None,
                                      conference.version if conference else None,
                                      data, items).conference


def duplicate_text(hints: tuple[DuplicateHint, ...]) -> str:
    lines = [f"• {h.file_number}: {h.kind.label} am {format_date(h.starts_at.date())} um "
             f"{h.starts_at:%H:%M}" for h in hints]
    return ("Für denselben Fall gibt es am selben Tag schon eine Konferenz – vielleicht eine "
            "Doppelung:\n\n" + "\n".join(lines) + "\n\nTrotzdem speichern?")


def ask_ics_target(parent: QWidget, file_name: str, on_path: Callable[[Path], None],
                   on_closed: Callable[[QMessageBox], None]) -> QMessageBox:
    """Warns that the invitation leaves the vault, then asks where to save it; calls
    ``on_path`` with the chosen path and ``on_closed(box)`` when the warning closes."""

    def answered(box: QMessageBox, yes: bool) -> None:
        on_closed(box)
        if yes:
            save_dialog(parent, "Einladung speichern", file_name, "iCalendar-Dateien (*.ics)",
                        "ics", "conferenceIcsDialog", on_path)

    box = leaving_box(
        parent, "Einladung als iCalendar",
        "Die Einladung (Termin, Ort, Aktenzeichen, Teilnehmende mit E-Mail) wird als "
        "iCalendar-Datei gespeichert, z. B. für Outlook. Die Datei verlässt damit den "
        f"verschlüsselten Tresor.\n\n{NOT_ENCRYPTED}\n\nDer Export wird protokolliert.",
        "conferenceIcsWarningBox", answered)
    box.open()
    return box
