"""The enumerations of GLOSSARY.md: codes in the code, German labels on screen."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a German label for the screen."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def from_label(cls, label: str) -> LabelledEnum:
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(label)


class District(LabelledEnum):
    """The five Bezirksregierungen; the value is the file-number code."""

    ARNSBERG = "ARN"
    DETMOLD = "DET"
    DUESSELDORF = "DUS"
    KOELN = "KLN"
    MUENSTER = "MST"

    @classmethod
    def parse(cls, text: str) -> District:
        """Accepts the code (``DUS``) or the name (``Düsseldorf``, ``Duesseldorf``)."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.label.casefold(),
                          member.name.casefold()):
                return member
        raise ValueError(f"Unbekannte Bezirksregierung: {text!r}")


class CaseTrack(LabelledEnum):
    VOLUNTARY_RETURN = "voluntary_return"
    CASE_MANAGEMENT = "case_management"


class CaseFlag(LabelledEnum):
    MIT = "mit"
    NEGATIVE_SOCIAL_BEHAVIOUR = "negative_social_behaviour"
    DANGER_POTENTIAL = "danger_potential"
    MEDIA_INTEREST = "media_interest"
    CUSTODY = "custody"


class CaseStatus(LabelledEnum):
    INTAKE = "intake"
    ACTIVE = "active"
    DORMANT = "dormant"
    CLOSED = "closed"


class CaseOutcome(LabelledEnum):
    DEPORTED = "deported"
    DEPORTED_FROM_CUSTODY = "deported_from_custody"
    DUBLIN_TRANSFER = "dublin_transfer"
    VOLUNTARY_DEPARTURE = "voluntary_departure"
    RESIDENCE_GRANTED = "residence_granted"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"
    TRANSFERRED = "transferred"
    DECEASED = "deceased"
    OTHER = "other"


class IntakeSource(LabelledEnum):
    POLICE_REPORT = "police_report"
    PRESS_REPORT = "press_report"
    ABH_SUBMISSION = "abh_submission"
    FACILITY_REPORT = "facility_report"
    PROACTIVE = "proactive"


class MeasureStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ReminderKind(LabelledEnum):
    FOLLOW_UP = "follow_up"
    DEADLINE = "deadline"
    APPOINTMENT = "appointment"


class JournalKind(LabelledEnum):
    NOTE = "note"
    CALL = "call"
    EMAIL = "email"
    LETTER = "letter"
    STATUS_CHANGE = "status_change"
    SYSTEM = "system"


class PartnerKind(LabelledEnum):
    BEZREG = "bezreg"
    ABH = "abh"
    ZAB = "zab"
    JVA = "jva"
    STA = "sta"
    POLICE = "police"
    FACILITY = "facility"
    ADVICE = "advice"
    OTHER = "other"


class MeasureOwner(LabelledEnum):
    """Who carries out a measure, when it is not a named partner organisation."""

    RRK = "rrk"
    ABH = "abh"
    ZAB = "zab"
    POLICE = "police"
    JUSTICE = "justice"
    OTHER = "other"


class Role(LabelledEnum):
    """The role of a vault user; the audit names who acted in which role."""

    CASEWORKER = "caseworker"
    LEAD = "lead"
    ADMIN = "admin"


_LABELS: dict[str, dict[str, str]] = {
    "District": {
        "ARN": "Arnsberg", "DET": "Detmold", "DUS": "Düsseldorf", "KLN": "Köln",
        "MST": "Münster",
    },
    "CaseTrack": {
        "voluntary_return": "Freiwillige Rückkehr",
        "case_management": "Fallmanagement NRW",
    },
    "CaseFlag": {
        "mit": "Mehrfach-/Intensivtäter",
        "negative_social_behaviour": "Negatives Sozialverhalten",
        "danger_potential": "Besonderes Gefahrenpotenzial",
        "media_interest": "Mediales Interesse",
        "custody": "In Haft",
    },
    "CaseStatus": {
        "intake": "Eingang", "active": "Aktiv", "dormant": "Ruhend", "closed": "Abgeschlossen",
    },
    "CaseOutcome": {
        "deported": "Rückführung/Abschiebung",
        "deported_from_custody": "Abschiebung aus der Haft",
        "dublin_transfer": "Dublin-Überstellung",
        "voluntary_departure": "Freiwillige Ausreise",
        "residence_granted": "Aufenthaltsrecht",
        "whereabouts_unknown": "Untergetaucht",
        "transferred": "Zuständigkeitswechsel",
        "deceased": "Verstorben",
        "other": "Sonstiges",
    },
    "IntakeSource": {
        "police_report": "Polizeimeldung",
        "press_report": "Pressebericht",
        "abh_submission": "Vorlage einer Ausländerbehörde",
        "facility_report": "Meldung einer Unterkunft",
        "proactive": "Proaktive Akquise",
    },
    "MeasureStatus": {"open": "Offen", "done": "Erledigt", "cancelled": "Entfallen"},
    "ReminderKind": {"follow_up": "Wiedervorlage", "deadline": "Frist", "appointment": "Termin"},
    "JournalKind": {
        "note": "Vermerk", "call": "Telefonat", "email": "E-Mail", "letter": "Schreiben",
        "status_change": "Statuswechsel", "system": "System",
    },
    "PartnerKind": {
        "bezreg": "Bezirksregierung", "abh": "Ausländerbehörde",
        "zab": "Zentrale Ausländerbehörde", "jva": "Justizvollzugsanstalt",
        "sta": "Staatsanwaltschaft", "police": "Polizei", "facility": "Unterkunft",
        "advice": "Beratungsstelle", "other": "Sonstige",
    },
    "MeasureOwner": {
        "rrk": "RRK", "abh": "Ausländerbehörde", "zab": "ZAB", "police": "Polizei",
        "justice": "Justiz", "other": "Sonstige",
    },
    "Role": {"caseworker": "Sachbearbeitung", "lead": "Leitung", "admin": "Administration"},
}
