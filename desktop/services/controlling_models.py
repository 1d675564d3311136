"""Read models of the Controlling (``workspace.controlling``): the lines per Ausländerbehörde
and per caseworker, the figures a line holds, the rows behind a figure and the custody
releases ahead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.services.custody_models import CustodyDateKind


class Figure(StrEnum):
    """One number of a Controlling line; each has the list of rows behind it."""

    OPEN_MEASURES = "open_measures"
    OVERDUE_MEASURES = "overdue_measures"
    INSTRUCTIONS = "instructions"            # Weisungen ohne Antwort nach Fristablauf
    STATUS_REQUESTS = "status_requests"      # Sachstandsanfragen unbeantwortet
    OPEN_REMINDERS = "open_reminders"
    OVERDUE_REMINDERS = "overdue_reminders"
    AWAITED_REPLIES = "awaited_replies"
    OVERDUE_REPLIES = "overdue_replies"
    OVERDUE_ALL = "overdue_all"              # every overdue item of a caseworker

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def definition(self) -> str:
        return _DEFINITIONS[self]


_LABELS = {
    Figure.OPEN_MEASURES: "Maßnahmen offen",
    Figure.OVERDUE_MEASURES: "Maßnahmen überfällig",
    Figure.INSTRUCTIONS: "Weisungen ohne Antwort",
    Figure.STATUS_REQUESTS: "Sachstandsanfragen unbeantwortet",
    Figure.OPEN_REMINDERS: "Fristen/Wiedervorlagen offen",
    Figure.OVERDUE_REMINDERS: "Fristen/Wiedervorlagen überfällig",
    Figure.AWAITED_REPLIES: "Antworten ausstehend",
    Figure.OVERDUE_REPLIES: "Antworten überfällig",
    Figure.OVERDUE_ALL: "Alles Überfällige",
}

_OPEN_CASES = "Gezählt werden nur nicht gelöschte, nicht abgeschlossene Fälle."
_DEFINITIONS = {
    Figure.OPEN_MEASURES: "Maßnahmen mit Status „offen“. Bei einer ABH: Maßnahmen, deren "
                          "Träger die ABH ist (oder „Ausländerbehörde“ ohne Partner: die "
                          "zuständige ABH des Falls). " + _OPEN_CASES,
    Figure.OVERDUE_MEASURES: "Offene Maßnahmen, deren Fälligkeit vor heute liegt; Tage "
                             "überfällig = heute − Fälligkeit. " + _OPEN_CASES,
    Figure.INSTRUCTIONS: "Abgeschlossene Weisungen an die ABH, deren Antwortfrist vor heute "
                         "abgelaufen ist, ohne dass im Verlauf eine Antwort vermerkt ist. "
                         + _OPEN_CASES,
    Figure.STATUS_REQUESTS: "Abgeschlossene Sachstandsanfragen an die ABH, deren Antwortfrist "
                            "vor heute abgelaufen ist, ohne vermerkte Antwort. " + _OPEN_CASES,
    Figure.OPEN_REMINDERS: "Nicht erledigte Fristen, Wiedervorlagen und Termine der Fälle "
                           "(ohne die Antwortfristen von Schreiben – die zählen als "
                           "Antworten). " + _OPEN_CASES,
    Figure.OVERDUE_REMINDERS: "Nicht erledigte Fristen/Wiedervorlagen mit Datum vor heute. "
                              + _OPEN_CASES,
    Figure.AWAITED_REPLIES: "Ausgehende Einträge im Verlauf mit „Antwort erwartet bis“, "
                            "bei denen noch keine Antwort vermerkt ist. " + _OPEN_CASES,
    Figure.OVERDUE_REPLIES: "Ausstehende Antworten, deren Datum vor heute liegt. " + _OPEN_CASES,
    Figure.OVERDUE_ALL: "Überfällige Maßnahmen, Fristen/Wiedervorlagen und Antworten der "
                        "Fälle der Bearbeitung, die ältesten zuerst.",
}

AUTHORITY_FIGURES = (Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, Figure.INSTRUCTIONS,
                     Figure.STATUS_REQUESTS)
CASEWORKER_FIGURES = (Figure.OPEN_MEASURES, Figure.OVERDUE_MEASURES, Figure.OPEN_REMINDERS,
                      Figure.OVERDUE_REMINDERS, Figure.AWAITED_REPLIES, Figure.OVERDUE_REPLIES)
NO_CASEWORKER = ""  # the id of the line "ohne Bearbeitung"


class ItemKind(StrEnum):
    MEASURE = "measure"
    REMINDER = "reminder"
    REPLY = "reply"
    INSTRUCTION = "instruction"
    STATUS_REQUEST = "status_request"

    @property
    def label(self) -> str:
        return {ItemKind.MEASURE: "Maßnahme", ItemKind.REMINDER: "Frist/Wiedervorlage",
                ItemKind.REPLY: "Antwort", ItemKind.INSTRUCTION: "Weisung",
                ItemKind.STATUS_REQUEST: "Sachstandsanfrage"}[self]


@dataclass(frozen=True)
class AuthorityLine:
    """One Ausländerbehörde: its figures (``max_days_overdue`` 0 if nothing is overdue)."""

    partner_id: str
    name: str
    open_measures: int
    overdue_measures: int
    max_days_overdue: int
    instructions: int
    status_requests: int

    def figure(self, which: Figure) -> int:
        return int(getattr(self, which.value))


@dataclass(frozen=True)
class CaseworkerLine:
    """The cases of one caseworker (``user_id`` ``NO_CASEWORKER``: cases without one)."""

    user_id: str
    name: str
    open_measures: int
    overdue_measures: int
    open_reminders: int
    overdue_reminders: int
    awaited_replies: int
    overdue_replies: int
    max_days_overdue: int

    def figure(self, which: Figure) -> int:
        if which == Figure.OVERDUE_ALL:
            return self.overdue_measures + self.overdue_reminders + self.overdue_replies
        return int(getattr(self, which.value))


@dataclass(frozen=True)
class ControllingOverview:
    today: date
    authorities: tuple[AuthorityLine, ...]
    caseworkers: tuple[CaseworkerLine, ...]


@dataclass(frozen=True)
class ControllingItem:
    """One row behind a figure: which case, what, due when, how many days overdue (0 if
    not)."""

    item_id: str
    case_id: str
    file_number: str
    person_name: str
    kind: ItemKind
    what: str
    due: date | None
    days_overdue: int


@dataclass(frozen=True)
class ReleaseLine:
    """A custody release ahead: the relevant date and whether the ABH was informed."""

    case_id: str
    file_number: str
    person_name: str
    abh_name: str
    facility_name: str
    kind: CustodyDateKind   # which date: § 456a half (when granted), Entlassungstag or Strafende
    day: date
    confirmed: bool
    notice_sent_on: date | None   # the first Mitteilung Haftentlassung
    days_before: int | None       # day − notice_sent_on

    @property
    def informed(self) -> bool:
        return self.notice_sent_on is not None

    @property
    def informed_text(self) -> str:
        if self.days_before is None:
            return "nein"
        return f"ja ({self.days_before} {'Tag' if self.days_before == 1 else 'Tage'} vorher)"
