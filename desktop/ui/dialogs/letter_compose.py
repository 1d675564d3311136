"""What the compose dialog loads on the worker (``ComposeData``) and the texts it shows for a
letter's status."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.letters import LetterKind, TextModule
from desktop.services.letter_models import LetterView
from desktop.services.read_models import PartnerRef
from desktop.services.workspace import Workspace


def status_of(letter: LetterView) -> str:
    return str(getattr(letter.status, "value", letter.status))


@dataclass(frozen=True)
class ComposeData:
    """What the dialog needs besides the letter, loaded on the worker in one go."""

    letter: LetterView
    modules: list[TextModule]
    partners: list[PartnerRef]
    four_eyes: bool


def load_compose(workspace: Workspace, letter: LetterView) -> ComposeData:
    """Runs on the worker: text modules of the kind, the partner directory, four eyes."""
    letters = workspace.letters
    return ComposeData(letter, letters.text_modules(letter.kind), workspace.partners.all(),
                       letters.four_eyes())


def new_draft(workspace: Workspace, case_id: str, kind: LetterKind) -> ComposeData:
    """Runs on the worker: creates the draft of ``kind`` and loads what the dialog needs."""
    return load_compose(workspace, workspace.letters.create_draft(case_id, kind))


_PREVIEW_STATES = {
    "draft": "Vorschau des Entwurfs",
    "awaiting_approval": "Vorschau – zur Freigabe vorgelegt, noch als Entwurf gekennzeichnet",
    "approved": "Vorschau – freigegeben; der Entwurfsvermerk entfällt beim Abschließen",
}


def preview_caption(status: str, pages: int) -> str:
    """The line under the preview: what the shown PDF is, and its length."""
    state = _PREVIEW_STATES.get(status, "Vorschau")
    return f"{state}, {pages} Seite{'' if pages == 1 else 'n'}."
