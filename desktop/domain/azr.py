"""AZR data quality of a case: the points the seed decree names (Duldung, obligation to leave,
departure recorded correctly) plus the identity match, each checked by the caseworker."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from desktop.domain.enums import LabelledEnum

MAX_NOTE = 2000


class AzrItem(LabelledEnum):
    """One point of the AZR checklist; ``label`` is the German text."""

    DULDUNG_RECORDED = "duldung_recorded"
    OBLIGATION_RECORDED = "obligation_recorded"
    DEPARTURE_RECORDED = "departure_recorded"
    IDENTITY_RECORDED = "identity_recorded"

    @property
    def label(self) -> str:
        return _ITEM_LABELS[self]


class AzrStatus(LabelledEnum):
    """The result of checking one point."""

    UNCHECKED = "unchecked"
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_ITEM_LABELS = {
    AzrItem.DULDUNG_RECORDED: "Aussetzung der Abschiebung (Duldung) im AZR korrekt erfasst",
    AzrItem.OBLIGATION_RECORDED: "Ausreisepflicht im AZR korrekt erfasst",
    AzrItem.DEPARTURE_RECORDED: "Ausreise/Abschiebung im AZR korrekt erfasst",
    AzrItem.IDENTITY_RECORDED: "Personalien/Aliaspersonalien im AZR abgeglichen",
}
_STATUS_LABELS = {
    AzrStatus.UNCHECKED: "nicht geprüft",
    AzrStatus.CORRECT: "korrekt",
    AzrStatus.INCORRECT: "fehlerhaft – Korrektur veranlasst",
    AzrStatus.NOT_APPLICABLE: "entfällt",
}


def open_items(statuses: Mapping[AzrItem, AzrStatus]) -> list[AzrItem]:
    """The items still needing work: unchecked (or missing) and incorrect, in list order."""
    return [item for item in AzrItem
            if statuses.get(item, AzrStatus.UNCHECKED) in (AzrStatus.UNCHECKED,
                                                            AzrStatus.INCORRECT)]


def validate_check(note: str, checked_on: date, today: date) -> dict[str, str]:
    """German messages per field: the note (length, control characters), the date."""
    problems: dict[str, str] = {}
    if len(note) > MAX_NOTE:
        problems["note"] = f"Höchstens {MAX_NOTE} Zeichen."
    elif any((ord(ch) < 32 or ord(ch) == 127) and ch not in "\n\t" for ch in note):
        problems["note"] = "Steuerzeichen sind nicht erlaubt."
    if checked_on > today:
        problems["checked_on"] = "Das Prüfdatum darf nicht in der Zukunft liegen."
    elif checked_on.year < 1990:
        problems["checked_on"] = "Das Datum muss zwischen 1990 und 2100 liegen."
    return problems
