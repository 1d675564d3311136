"""Read models and kinds of the custody service (docs/custody_api.md), and the JSON form in
which a record keeps its sentences, settings and lead times."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from desktop.domain.custody import (
    CreditMethod,
    CustodyDates,
    CustodySettings,
    FractionMethod,
    InterruptAt,
    Sentence,
    SentenceKind,
)

DEFAULT_LEAD_TIMES = (6, 3)


class DetentionKind(StrEnum):
    """Art der Haft."""

    STRAFHAFT = "strafhaft"
    UNTERSUCHUNGSHAFT = "untersuchungshaft"
    ABSCHIEBUNGSHAFT = "abschiebungshaft"
    ERSATZFREIHEITSSTRAFE = "ersatzfreiheitsstrafe"
    JUGENDSTRAFE = "jugendstrafe"
    SICHERUNGSVERWAHRUNG = "sicherungsverwahrung"

    @property
    def label(self) -> str:
        return _DETENTION_LABELS[self.value]


_DETENTION_LABELS = {
    "strafhaft": "Strafhaft", "untersuchungshaft": "Untersuchungshaft",
    "abschiebungshaft": "Abschiebungshaft", "ersatzfreiheitsstrafe": "Ersatzfreiheitsstrafe",
    "jugendstrafe": "Jugendstrafe", "sicherungsverwahrung": "Sicherungsverwahrung",
}


class CustodyDateKind(StrEnum):
    """The dates that can be computed and/or confirmed."""

    END = "end"
    HALF = "half"
    TWO_THIRDS = "two_thirds"
    HALF_456A = "half_456a"
    RELEASE_DAY = "release_day"
    JOINT_DECISION = "joint_decision"
    ONE_THIRD = "one_third"
    SIX_MONTHS = "six_months"
    FIFTEEN_YEARS = "fifteen_years"

    @property
    def label(self) -> str:
        return _DATE_LABELS[self.value]

    @property
    def column(self) -> str:
        """The column of ``custody_records`` holding the computed date."""
        return "release_day" if self is CustodyDateKind.RELEASE_DAY else f"{self.value}_date"


_DATE_LABELS = {
    "end": "Strafende", "half": "Halbstrafe", "two_thirds": "Zweidrittel",
    "half_456a": "Halbstrafe § 456a", "release_day": "Entlassungstag",
    "joint_decision": "Gemeinsame Entscheidung § 454b", "one_third": "Eindrittel (§ 88 JGG)",
    "six_months": "Sechs-Monats-Zeitpunkt (§ 88 JGG)", "fifteen_years": "15 Jahre (§ 57a)",
}

# The dates early warnings (and the calendar's default alarms) are made for.
WARNED_KINDS = (CustodyDateKind.HALF_456A, CustodyDateKind.TWO_THIRDS, CustodyDateKind.END)


class Decision456a(StrEnum):
    """§ 456a StPO."""

    NONE = "none"
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"none": "keine", "requested": "beantragt", "granted": "bewilligt",
                "refused": "abgelehnt"}[self.value]


@dataclass(frozen=True)
class CustodyDateView:
    kind: CustodyDateKind
    computed: date | None
    confirmed: date | None  # by StA/JVA, wins where present
    confirmed_source: str
    confirmed_on: date | None

    @property
    def effective(self) -> date | None:
        """The confirmed date where there is one, else the computed one."""
        return self.confirmed if self.confirmed is not None else self.computed

    @property
    def status(self) -> str:
        if self.confirmed is not None:
            return "bestätigt"
        return "berechnet" if self.computed is not None else ""


@dataclass(frozen=True)
class NoticeView:
    sent_on: date
    letter_id: str | None
    recipient: str
    relevant_date: date | None
    days_ahead: int | None  # relevant_date − sent_on


@dataclass(frozen=True)
class CustodyView:
    """The custody record of a case (at most one open record per case)."""

    id: str
    case_id: str
    facility_partner_id: str | None
    facility_name: str
    booking_number: str
    prosecutor_reference: str
    detention_kind: DetentionKind
    start: date
    credited_days: int
    sentences: tuple[Sentence, ...]
    settings: CustodySettings
    dates: tuple[CustodyDateView, ...]
    error: str
    decision_456a: Decision456a
    decision_456a_on: date | None
    planned_deportation: date | None
    lead_times_months: tuple[int, ...]
    notices: tuple[NoticeView, ...]
    version: int

    def date_of(self, kind: CustodyDateKind) -> CustodyDateView:
        return next(d for d in self.dates if d.kind is kind)


@dataclass(frozen=True)
class CalendarEntry:
    """One release-relevant date in the custody calendar."""

    case_id: str
    file_number: str
    person_name: str
    kind: CustodyDateKind
    day: date
    confirmed: bool
    facility_name: str
    abh_name: str
    caseworker: str


@dataclass(frozen=True)
class CustodyInputForm:
    """What the custody tab sends."""

    facility_partner_id: str | None
    booking_number: str
    prosecutor_reference: str
    detention_kind: DetentionKind
    start: date
    credited_days: int
    sentences: tuple[Sentence, ...]
    settings: CustodySettings = field(default_factory=CustodySettings)


# --- JSON form of the inputs -------------------------------------------------------------

def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode_sentences(sentences: tuple[Sentence, ...]) -> str:
    rows = []
    for s in sentences:
        row: dict[str, Any] = {"kind": s.kind.value}
        for name in ("years", "months", "weeks", "days", "day_fines"):
            if getattr(s, name):
                row[name] = getattr(s, name)
        if s.final is not None:
            row["final"] = s.final.isoformat()
        if s.interrupt_at is not InterruptAt.TWO_THIRDS:
            row["interrupt_at"] = s.interrupt_at.value
        rows.append(row)
    return _canonical(rows)


def decode_sentences(text: str) -> tuple[Sentence, ...]:
    out = []
    for row in json.loads(text):
        final = row.get("final")
        out.append(Sentence(
            years=row.get("years", 0), months=row.get("months", 0), weeks=row.get("weeks", 0),
            days=row.get("days", 0), kind=SentenceKind(row.get("kind", "adult")),
            day_fines=row.get("day_fines", 0),
            final=None if final is None else date.fromisoformat(final),
            interrupt_at=InterruptAt(row.get("interrupt_at", "two_thirds"))))
    return tuple(out)


def encode_settings(settings: CustodySettings) -> str:
    return _canonical({"credit_method": settings.credit_method.value,
                       "fraction_method": settings.fraction_method.value})


def decode_settings(text: str) -> CustodySettings:
    data = json.loads(text or "{}")
    return CustodySettings(
        credit_method=CreditMethod(data.get("credit_method", "subtract")),
        fraction_method=FractionMethod(data.get("fraction_method", "days")))


def encode_lead_times(months: tuple[int, ...]) -> str:
    return _canonical(list(months))


def decode_lead_times(text: str) -> tuple[int, ...]:
    return tuple(int(m) for m in json.loads(text or "[]"))


def computed_columns(dates: CustodyDates | None) -> dict[str, date | None]:
    """The ``custody_records`` date columns for ``dates`` (all None for None)."""
    return {kind.column: None if dates is None else getattr(dates, kind.value)
            for kind in CustodyDateKind}
