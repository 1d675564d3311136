"""Row generation for the demo data: plain dicts for the bulk inserts, from one seeded RNG.

Pure Python (no database): :class:`Generator` plans the district, status and intake date of
every case, numbers the files per district and year, and then makes the rows of one batch at
a time. The word pools are in ``demo_names``.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from desktop.domain.dates import PartialDate, format_date
from desktop.domain.enums import (
    CaseFlag,
    CaseOutcome,
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
    PartnerKind,
)
from desktop.domain.residence import (
    DULDUNG_WARNING_DAYS,
    DocumentKind,
    DuldungType,
    ObstacleKind,
    PassportStatus,
    ReferenceKind,
)
from desktop.services import demo_names as words
from desktop.services.cases import sort_name
from desktop.services.demo_intake import birth_country, intake_details
from desktop.storage.repositories.bulk import new_ids

FIRST_YEAR = 2019

Row = dict[str, Any]


class Weighted:
    """Draws from ``(value, weight)`` pairs with one random number and a bisect."""

    def __init__(self, pairs: Sequence[tuple[Any, int]]) -> None:
        self.values = [value for value, _ in pairs]
        self.bounds = list(accumulate(weight for _, weight in pairs))
        self.total = self.bounds[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect_right(self.bounds, rng.random() * self.total)]


_DISTRICTS = Weighted([(District.DUESSELDORF.value, 28), (District.KOELN.value, 25),
                       (District.ARNSBERG.value, 20), (District.MUENSTER.value, 14),
                       (District.DETMOLD.value, 13)])
_STATUSES = Weighted([(CaseStatus.INTAKE.value, 10), (CaseStatus.ACTIVE.value, 55),
                      (CaseStatus.DORMANT.value, 15), (CaseStatus.CLOSED.value, 20)])
_TRACKS = Weighted([(CaseTrack.CASE_MANAGEMENT.value, 60),
                    (CaseTrack.VOLUNTARY_RETURN.value, 40)])
_SOURCES = Weighted([(IntakeSource.POLICE_REPORT.value, 35),
                     (IntakeSource.ABH_SUBMISSION.value, 30),
                     (IntakeSource.FACILITY_REPORT.value, 15),
                     (IntakeSource.PROACTIVE.value, 15), (IntakeSource.PRESS_REPORT.value, 5)])
_OUTCOMES = Weighted([(CaseOutcome.DEPORTED.value, 25),
                      (CaseOutcome.VOLUNTARY_DEPARTURE.value, 25),
                      (CaseOutcome.WHEREABOUTS_UNKNOWN.value, 12),
                      (CaseOutcome.DUBLIN_TRANSFER.value, 10),
                      (CaseOutcome.DEPORTED_FROM_CUSTODY.value, 8),
                      (CaseOutcome.RESIDENCE_GRANTED.value, 8),
                      (CaseOutcome.TRANSFERRED.value, 7), (CaseOutcome.OTHER.value, 4),
                      (CaseOutcome.DECEASED.value, 1)])
_ORIGINS = Weighted([(origin, origin.weight) for origin in words.ORIGINS])
_NATIONALITIES = {id(o): Weighted(o.nationalities) for o in words.ORIGINS}
_FLAG_COUNT = Weighted([(0, 50), (1, 30), (2, 15), (3, 5)])
_MEASURE_COUNT = Weighted([(0, 15), (1, 25), (2, 25), (3, 20), (4, 15)])
_REMINDER_COUNT = Weighted([(0, 45), (1, 35), (2, 20)])
_JOURNAL_COUNT = Weighted([(1, 25), (2, 25), (3, 20), (4, 17), (5, 13)])
_JOURNAL_KIND = Weighted([("note", 45), ("call", 35), ("email", 20)])
_FLAGS = [flag.value for flag in CaseFlag]
_VARIANTS = {name: group for group in words.GIVEN_VARIANTS for name in group}
_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                        "ß": "ss", "đ": "dj", "Đ": "Dj", "ø": "oe", "Ø": "Oe", "å": "aa",
                        "Å": "Aa", "ı": "i", "İ": "I", "ł": "l", "Ł": "L"})
_DULDUNG_TYPES = Weighted([(DuldungType.S60A_2_1.value, 55), (DuldungType.S60B.value, 15),
                          (DuldungType.S60A_2_3.value, 10), (DuldungType.S60C.value, 6),
                          (DuldungType.S60D.value, 4), (DuldungType.S60A_2B.value, 4),
                          (DuldungType.S60A_2A.value, 3), (DuldungType.S60A_1.value, 3)])
_DULDUNG_DAYS = (90, 91, 180, 182, 365)
_OBSTACLE_KINDS = Weighted([(ObstacleKind.PASSPORT.value, 35), (ObstacleKind.MEDICAL.value, 15),
                            (ObstacleKind.FAMILY.value, 12),
                            (ObstacleKind.ASYLUM_FOLLOW_UP.value, 10),
                            (ObstacleKind.COURT.value, 10), (ObstacleKind.CUSTODY.value, 8),
                            (ObstacleKind.WHEREABOUTS_UNKNOWN.value, 5),
                            (ObstacleKind.OTHER.value, 5)])
# No AZR numbers here: those are plain digits (the person's AZR number has its own field),
# and every demo file number carries a DEMO marker.
_REFERENCE_KINDS = Weighted([(ReferenceKind.STA.value, 25), (ReferenceKind.COURT.value, 15),
                             (ReferenceKind.BAMF.value, 30), (ReferenceKind.POLICE.value, 15),
                             (ReferenceKind.JVA.value, 8), (ReferenceKind.OTHER.value, 7)])
_REFERENCE_COUNT = Weighted([(1, 45), (2, 35), (3, 20)])
_PASSPORT_STATUS = Weighted([(PassportStatus.VALID.value, 25),
                             (PassportStatus.EXPIRED.value, 20), (PassportStatus.NONE.value, 25),
                             (PassportStatus.TRAVEL_DOCUMENT_REQUESTED.value, 20),
                             (PassportStatus.TRAVEL_DOCUMENT_ISSUED.value, 10)])
_TOWNS = tuple(stem + ending for stem in words.TOWN_STEMS for ending in words.TOWN_ENDINGS)
_TIMES = ("09:00", "10:30", "13:00", "14:30")
_DAY_ONE = datetime(1, 1, 1, tzinfo=UTC)


def transliterate(name: str) -> str:
    """The plain-ASCII spelling a foreign authority might use (``Đorđević`` → ``Djordjevic``)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass
class Context:
    """The rows a case refers to: users, and the authorities per district."""

    users: tuple[str, str]
    abh: dict[str, list[tuple[str, str]]]
    zab: dict[str, tuple[str, str]]
    police: dict[str, str]
    sta: dict[str, str]


class Generator:
    """Makes the rows; every random choice comes from one ``random.Random(seed)``."""

    def __init__(self, rng: random.Random, today: date, context: Context) -> None:
        self.rng = rng
        self.random = rng.random
        self.today = today
        self.ctx = context
        self.first = date(FIRST_YEAR, 1, 1).toordinal()
        self.last = today.toordinal()
        self.now = datetime.now(UTC)
        # Replies awaited draw from their own stream, so that the other rows stay as they were.
        self.reply_rng = random.Random(rng.getstate()[1][1])  # noqa: S311 - demo data
        self.highest: dict[tuple[str, int], int] = {}
        self.person_ids: Iterator[str] = iter(())
        self.case_ids: Iterator[str] = iter(())

    def _choice(self, items: Sequence[Any]) -> Any:
        """``rng.choice`` without its rejection sampling (several times faster)."""
        return items[int(self.random() * len(items))]

    def _between(self, low: int, high: int) -> int:
        """A number from ``low`` to ``high`` inclusive."""
        return low + int(self.random() * (high - low + 1))

    # --- the plan: district, status and intake date of every case, then file numbers ---
    def plan(self, count: int) -> list[tuple[int, str, str, int]]:
        rng = self.rng
        span = self.last - self.first
        drafts = []
        for _ in range(count):
            district = _DISTRICTS.pick(rng)
            status = _STATUSES.pick(rng)
            if status == CaseStatus.INTAKE.value:
                ordinal = self.last - int(rng.random() * min(120, span))
            else:
                top = span - (30 if status == CaseStatus.CLOSED.value else 0)
                ordinal = self.first + int(rng.random() ** 0.8 * max(top, 1))
            drafts.append((ordinal, district, status))
        drafts.sort(key=lambda draft: draft[0])
        # Random version-4 ids, handed out in sorted order: the primary-key and foreign-key
        # indexes then grow at their end, which keeps a large build fast.
        self.person_ids = iter(sorted(new_ids(count)))
        self.case_ids = iter(sorted(new_ids(count)))
        planned = []
        for ordinal, district, status in drafts:
            key = (district, date.fromordinal(ordinal).year)
            number = self.highest.get(key, 0) + 1
            self.highest[key] = number
            planned.append((ordinal, district, status, number))
        return planned

    # --- one batch -----------------------------------------------------------------------
    def batch(self, planned: Sequence[tuple[int, str, str, int]]) -> dict[str, list[Row]]:
        rows: dict[str, list[Row]] = {name: [] for name in (
            "persons", "nationalities", "aliases", "cases", "flags", "measures", "reminders",
            "journal", "duldungen", "obstacles", "references", "documents")}
        for ordinal, district, status, number in planned:
            self._case(rows, next(self.person_ids), next(self.case_ids), ordinal, district,
                       status, number)
        return rows

    def _case(self, rows: dict[str, list[Row]], person_id: str, case_id: str, ordinal: int,
              district: str, status: str, number: int) -> None:
        rng = self.rng
        intake = date.fromordinal(ordinal)
        origin = _ORIGINS.pick(rng)
        female = rng.random() < 0.22
        family = self._choice(origin.family)
        given = self._choice(origin.female if female else origin.male)
        if rng.random() < 0.12:
            second = self._choice(origin.female if female else origin.male)
            if second != given:
                given = f"{given} {second}"
        birth = self._birth_date(intake)
        rows["persons"].append({
            "id": person_id, "family_name": family, "given_names": given, "birth_name": "",
            "birth_date": birth,
            "birth_place": self._choice(origin.places) if rng.random() < 0.5 else "",
            "azr_number": str(self._between(10**11, 10**12 - 1)) if rng.random() < 0.7 else "",
            "languages": (self._choice(words.LANGUAGES[origin.nationalities[0][0]])
                          if rng.random() < 0.9 else ""),
            "address": self._address(district) if rng.random() < 0.85 else "",
        })
        nationality = self._nationalities(rows["nationalities"], person_id, origin)
        person_row = rows["persons"][-1]
        person_row["birth_country"] = birth_country(nationality, bool(person_row["birth_place"]))
        if rng.random() < 0.4:
            self._aliases(rows["aliases"], person_id, family, given, birth)

        outcome = outcome_date = None
        end = self.last
        if status == CaseStatus.CLOSED.value:
            outcome = _OUTCOMES.pick(rng)
            earliest = min(ordinal + 30, self.last)
            end = earliest + int(rng.random() * (self.last - earliest))
            outcome_date = date.fromordinal(end)
        abh_id, abh_label = self._abh(district)
        caseworker, other = self.ctx.users if rng.random() < 0.85 else self.ctx.users[::-1]
        source = _SOURCES.pick(rng)
        track = _TRACKS.pick(rng)
        reference = ""
        if rng.random() < (0.4 if source == IntakeSource.PROACTIVE.value else 0.8):
            reference = f"{words.INTAKE_PREFIX[source]}{self._between(10000, 99999)}"
        created = self._moment(ordinal)
        journal_end = self._journal(rows["journal"], case_id, ordinal, end, abh_label,
                                    caseworker, other)
        if outcome is not None and outcome_date is not None:
            when = self._moment(end)
            journal_end = max(journal_end, when)
            rows["journal"].append({
                "case_id": case_id, "kind": "status_change", "occurred_at": when,
                "author_id": caseworker, "subject": "Statuswechsel",
                "text": (f"{CaseStatus.ACTIVE.label} → {CaseStatus.CLOSED.label} (Ergebnis: "
                         f"{CaseOutcome(outcome).label}, {format_date(outcome_date)})"),
                "reply_due": None, "reply_received_on": None,
                "created_at": when, "updated_at": when})
        rows["cases"].append({
            "id": case_id, "file_number": f"RRK-{district}-{intake.year:04d}-{number:05d}",
            "district": district, "person_id": person_id, "track": track, "status": status,
            "outcome": outcome, "outcome_date": outcome_date, "intake_source": source,
            "intake_date": intake, "intake_reference": reference,
            "intake_details": intake_details(source, intake, f"{district}-{intake}-{number}",
                                             person_row),
            "responsible_abh_id": abh_id, "caseworker_id": caseworker,
            "summary": words.SUMMARY.format(track=CaseTrack(track).label,
                                            source=IntakeSource(source).label),
            "sort_name": sort_name(family, given),
            "created_at": created, "updated_at": max(created, journal_end),
        })
        self._flags(rows["flags"], case_id, ordinal, outcome)
        self._measures(rows["measures"], case_id, district, ordinal, end, status, abh_id)
        if status != CaseStatus.CLOSED.value:
            self._reminders(rows["reminders"], case_id)
        self._duldungen(rows["duldungen"], case_id, ordinal, end, status, abh_label)
        if rng.random() < 0.4:
            self._obstacles(rows["obstacles"], case_id, ordinal, end, status)
        if rng.random() < 0.8:
            self._references(rows["references"], case_id, intake, abh_label)
        if rng.random() < 0.8:
            self._documents(rows["documents"], person_id, nationality)

    def _birth_date(self, intake: date) -> PartialDate:
        rng = self.rng
        year = intake.year - 16 - int(rng.random() ** 1.6 * 45)
        shape = rng.random()
        if shape < 0.15:
            return PartialDate(year)
        if shape < 0.20:
            return PartialDate(year, self._between(1, 12))
        if shape < 0.25:
            return PartialDate(year, 1, 1)
        return PartialDate.of(date(year, 1, 1) + timedelta(days=self._between(0, 364)))

    def _nationalities(self, out: list[Row], person_id: str, origin: words.Origin) -> str:
        """Appends the person's nationalities; returns the first code."""
        rng = self.rng
        shape = rng.random()
        if shape < 0.04:
            codes = ["XU"]
        elif shape < 0.055:
            codes = ["XS"]
        else:
            pool = _NATIONALITIES[id(origin)]
            codes = [pool.pick(rng)]
            if rng.random() < 0.1:
                second = pool.pick(rng)
                if second != codes[0]:
                    codes.append(second)
        for position, code in enumerate(codes):
            out.append({"person_id": person_id, "code": code, "position": position})
        return codes[0]

    def _aliases(self, out: list[Row], person_id: str, family: str, given: str,
                 birth: PartialDate) -> None:
        rng = self.rng
        seen = {(family, given)}
        for _ in range(1 if rng.random() < 0.7 else 2):
            shape = rng.random()
            alias_family, alias_given = family, given
            if shape < 0.4:
                alias_family = transliterate(family)
                alias_given = transliterate(given)
            elif shape < 0.75:
                first = given.split(" ")[0]
                group = _VARIANTS.get(first)
                alias_given = self._choice(group) if group else transliterate(given)
            else:
                alias_family, alias_given = given.split(" ")[0], family
            if (alias_family, alias_given) in seen:
                alias_family = alias_family.upper()
            seen.add((alias_family, alias_given))
            pick = rng.random()
            alias_birth: PartialDate | None = birth
            if pick < 0.25:
                alias_birth = None
            elif pick < 0.5:
                alias_birth = PartialDate(birth.year + self._choice((-1, 0, 1)), 1, 1)
            out.append({"person_id": person_id, "family_name": alias_family,
                        "given_names": alias_given, "birth_date": alias_birth})

    def _abh(self, district: str) -> tuple[str | None, str]:
        shape = self.rng.random()
        if shape < 0.9:
            chosen: tuple[str, str] = self._choice(self.ctx.abh[district])
            return chosen
        if shape < 0.96 and district in self.ctx.zab:
            return self.ctx.zab[district]
        return None, "Ausländerbehörde"

    def _moment(self, ordinal: int) -> datetime:
        """A moment in office hours (UTC) on the day ``ordinal``, never in the future."""
        moment = _DAY_ONE + timedelta(days=ordinal - 1, minutes=420 + int(self.random() * 540))
        return moment if moment < self.now else self.now

    def _journal(self, out: list[Row], case_id: str, start: int, end: int, abh: str,
                 caseworker: str, other: str) -> datetime:
        rng = self.rng
        latest = self._moment(start)
        for _ in range(_JOURNAL_COUNT.pick(rng)):
            kind = _JOURNAL_KIND.pick(rng)
            subject, text = self._choice(words.JOURNAL[kind])
            when = self._moment(start + int(rng.random() * (end - start + 1)))
            latest = max(latest, when)
            reply_due, received = self._reply(kind, subject, when)
            out.append({"case_id": case_id, "kind": kind, "occurred_at": when,
                        "author_id": caseworker if rng.random() < 0.85 else other,
                        "subject": subject.format(abh=abh), "text": text.format(abh=abh),
                        "reply_due": reply_due, "reply_received_on": received,
                        "created_at": when, "updated_at": when})
        return latest

    def _reply(self, kind: str, subject: str, when: datetime) -> tuple[date | None, date | None]:
        """Half of the requests to an authority await an answer within one to four weeks:
        received, still awaited, or (of the last weeks' requests) overdue."""
        asking = (kind == "email" and subject.startswith("E-Mail an")) or (
            kind == "call" and subject == "Telefonat mit der {abh}")
        rng = self.reply_rng
        if not asking or rng.random() >= 0.5:
            return None, None
        sent = when.date()
        due = sent + timedelta(days=7 + int(rng.random() * 22))
        today = self.today
        if due < today - timedelta(days=30) or rng.random() < 0.45:
            latest = min(due + timedelta(days=10), today)
            if latest < sent:
                return due, None
            return due, sent + timedelta(days=int(rng.random() * ((latest - sent).days + 1)))
        return due, None

    def _flags(self, out: list[Row], case_id: str, start: int, outcome: str | None) -> None:
        rng = self.rng
        chosen = rng.sample(_FLAGS, _FLAG_COUNT.pick(rng))
        if outcome == CaseOutcome.DEPORTED_FROM_CUSTODY.value and "custody" not in chosen:
            chosen.append("custody")
        for flag in chosen:
            since = min(start + int(rng.random() * 60), self.last)
            until = None
            if rng.random() < 0.1 and since + 30 <= self.last:
                until = date.fromordinal(since + 30 + int(rng.random() * (self.last - since - 30)))
            out.append({"case_id": case_id, "flag": flag, "since": date.fromordinal(since),
                        "until": until})

    def _measures(self, out: list[Row], case_id: str, district: str, start: int, end: int,
                  status: str, abh_id: str | None) -> None:
        rng = self.rng
        count = _MEASURE_COUNT.pick(rng)
        if status == CaseStatus.INTAKE.value:
            count = min(count, 1)
        for _ in range(count):
            title, owners = self._choice(words.MEASURES)
            owner = self._choice(owners)
            partner = {"abh": abh_id, "zab": self.ctx.zab.get(district, (None, ""))[0],
                       "police": self.ctx.police.get(district),
                       "justice": self.ctx.sta.get(district)}.get(owner)
            shape = rng.random()
            if status == CaseStatus.CLOSED.value:
                state = "done" if shape < 0.75 else "cancelled"
            else:
                state = "open" if shape < 0.6 else ("done" if shape < 0.95 else "cancelled")
            done_on = None
            result = ""
            if state == "open":
                due = max(self.last + self._between(-45, 90), start)
            else:
                finished = start + int(rng.random() * (end - start + 1))
                due = max(finished + self._between(-14, 14), start)
                if state == "done":
                    done_on = date.fromordinal(finished)
                    result = self._choice(words.MEASURE_RESULTS)
            out.append({"case_id": case_id, "title": title, "owner": owner,
                        "owner_partner_id": partner, "due_date": date.fromordinal(due),
                        "status": state, "result": result, "done_on": done_on})

    def _address(self, district: str) -> str:
        """An invented address: an accommodation or a flat in an invented town."""
        town = self._choice(_TOWNS)
        street = f"{self._choice(words.STREETS)} {self._between(1, 120)}"
        postcode = (self._choice(words.POSTCODE_PREFIXES[district])
                    + f"{self._between(0, 999):03d}")
        if self.random() < 0.35:
            return (f"{self._choice(words.ACCOMMODATIONS)} {town}\n{street}\n"
                    f"{postcode} {town}")
        return f"{street}\n{postcode} {town}"

    def _duldungen(self, out: list[Row], case_id: str, start: int, end: int, status: str,
                   abh: str) -> None:
        """About 60 % of active and dormant cases have a Duldung (most current, some
        expiring within the warning period, some expired), a quarter of the closed ones an
        expired one; some with the previous Duldung before it."""
        rng = self.rng
        if status in (CaseStatus.ACTIVE.value, CaseStatus.DORMANT.value):
            if rng.random() >= 0.6:
                return
            shape = rng.random()
            if shape < 0.12:
                until = self.last - self._between(1, 120)
            elif shape < 0.24:
                until = self.last + self._between(0, DULDUNG_WARNING_DAYS)
            else:
                until = self.last + self._between(DULDUNG_WARNING_DAYS + 1, 180)
        elif status == CaseStatus.CLOSED.value:
            if rng.random() >= 0.25:
                return
            until = max(end - self._between(0, 60), start)
        else:
            return
        for link in range(2 if rng.random() < 0.3 else 1):
            begin = min(until - self._choice(_DULDUNG_DAYS) + 1, self.last)
            kind = _DULDUNG_TYPES.pick(rng)
            out.append({"case_id": case_id, "type": kind,
                        "reason": self._choice(words.DULDUNG_REASONS[kind]),
                        "valid_from": date.fromordinal(begin),
                        "valid_until": date.fromordinal(until), "issued_by": abh})
            if link == 0:
                until = begin - 1

    def _obstacles(self, out: list[Row], case_id: str, start: int, end: int,
                   status: str) -> None:
        rng = self.rng
        closed = status == CaseStatus.CLOSED.value
        for _ in range(1 if rng.random() < 0.65 else 2):
            kind = _OBSTACLE_KINDS.pick(rng)
            since = min(start + int(rng.random() * min(90, end - start + 1)), self.last)
            resolved = rng.random() < (0.8 if closed else 0.25)
            until = (date.fromordinal(since + int(rng.random() * (max(end, since) - since + 1)))
                     if resolved else None)
            out.append({"case_id": case_id, "kind": kind,
                        "description": self._choice(words.OBSTACLE_TEXTS[kind]),
                        "since": date.fromordinal(since), "until": until,
                        "resolved": resolved})

    def _references(self, out: list[Row], case_id: str, intake: date, abh: str) -> None:
        """One to three file numbers of other authorities, all with a ``DEMO`` marker."""
        rng = self.rng
        kinds = [ReferenceKind.ABH.value] if rng.random() < 0.7 else []
        for _ in range(_REFERENCE_COUNT.pick(rng) - len(kinds)):
            kind = _REFERENCE_KINDS.pick(rng)
            if kind not in kinds:
                kinds.append(kind)
        for kind in kinds:
            year = (intake.year - (1 if rng.random() < 0.3 else 0)) % 100
            value, authority = self._reference(kind, year, abh)
            out.append({"case_id": case_id, "kind": kind, "value": value,
                        "authority": authority})

    def _reference(self, kind: str, year: int, abh: str) -> tuple[str, str]:
        """An invented file number of ``kind`` and the authority it belongs to."""
        number = self._between
        if kind == ReferenceKind.ABH.value:
            return f"DEMO-ABH-{number(10000, 99999)}/{year:02d}", abh
        if kind == ReferenceKind.STA.value:
            return (f"DEMO-StA {number(100, 999)} Js {number(100, 9999)}/{year:02d}",
                    "Staatsanwaltschaft (erfunden)")
        if kind == ReferenceKind.COURT.value:
            return (f"DEMO-VG {number(1, 27)} L {number(100, 9999)}/{year:02d}",
                    "Verwaltungsgericht (erfunden)")
        if kind == ReferenceKind.BAMF.value:
            return f"DEMO-BAMF {number(1000000, 9999999)}-{number(100, 499)}", "BAMF"
        if kind == ReferenceKind.POLICE.value:
            return (f"DEMO-PP-KK11-{number(10000, 99999)}/{year:02d}",
                    "Polizeipräsidium (erfunden)")
        if kind == ReferenceKind.JVA.value:
            return (f"DEMO-JVA-B {number(1000, 9999)}/{year:02d}",
                    "Justizvollzugsanstalt (erfunden)")
        return f"DEMO-SOZ-{number(10000, 99999)}", "Sozialamt (erfunden)"

    def _documents(self, out: list[Row], person_id: str, nationality: str) -> None:
        """An identity document with the passport status; now and then an expired
        passport besides."""
        rng = self.rng
        country = "" if nationality in ("XU", "XS") else nationality
        status = _PASSPORT_STATUS.pick(rng)
        kind, number, until = DocumentKind.PASSPORT.value, "", None
        if status == PassportStatus.VALID.value:
            if rng.random() < 0.15:
                kind = DocumentKind.ID_CARD.value
            number = f"DEMO-P{self._between(1000000, 9999999)}"
            until = self.last + self._between(0, 8 * 365)
        elif status == PassportStatus.EXPIRED.value:
            number = f"DEMO-P{self._between(1000000, 9999999)}"
            until = self.last - self._between(1, 6 * 365)
        elif status == PassportStatus.TRAVEL_DOCUMENT_REQUESTED.value:
            kind = DocumentKind.TRAVEL_DOCUMENT.value
        elif status == PassportStatus.TRAVEL_DOCUMENT_ISSUED.value:
            kind = DocumentKind.TRAVEL_DOCUMENT.value
            number = f"DEMO-PEP-{self._between(100000, 999999)}"
            until = self.last + self._between(14, 180)
        out.append({"person_id": person_id, "kind": kind, "number": number,
                    "issuing_country": country, "status": status,
                    "valid_until": None if until is None else date.fromordinal(until)})
        if status != PassportStatus.EXPIRED.value and rng.random() < 0.15:
            out.append({"person_id": person_id, "kind": DocumentKind.PASSPORT.value,
                        "number": f"DEMO-P{self._between(1000000, 9999999)}",
                        "issuing_country": country, "status": PassportStatus.EXPIRED.value,
                        "valid_until": date.fromordinal(self.last - self._between(400, 3000))})

    def _reminders(self, out: list[Row], case_id: str) -> None:
        rng = self.rng
        for _ in range(_REMINDER_COUNT.pick(rng)):
            kind, title = self._choice(words.REMINDERS)
            due = date.fromordinal(self.last + self._between(-20, 60))
            done_at = None
            if due.toordinal() < self.last and rng.random() < 0.6:
                done_at = _DAY_ONE + timedelta(days=due.toordinal() - 1, hours=10)
            out.append({
                "case_id": case_id, "measure_id": None, "kind": kind, "title": title,
                "due_date": due,
                "due_time": self._choice(_TIMES) if kind == "appointment" else None,
                "early_warning": due - timedelta(days=7) if kind == "deadline" else None,
                "done_at": done_at})


def partner_rows(rng: random.Random) -> list[Row]:
    """About 40 invented Ausländerbehörden and a JVA, StA and police per district."""
    towns = sorted(stem + ending for stem in words.TOWN_STEMS for ending in words.TOWN_ENDINGS)
    rng.shuffle(towns)
    rows: list[Row] = []
    districts = [district.value for district in District]
    for index in range(40):
        district = districts[index % 5]
        town = towns[index]
        if index % 8 < 5:
            town += rng.choice(words.TOWN_PARTS)
            kind_name = f"Stadt {town}"
        else:
            kind_name = f"Kreis {town}"
        rows.append(_partner(PartnerKind.ABH, f"Ausländerbehörde {kind_name}", f"ABH {town}",
                             district, town, rng))
    for offset, district in enumerate(districts):
        base = 40 + 3 * offset
        for step, (kind, name) in enumerate(((PartnerKind.JVA, "Justizvollzugsanstalt"),
                                             (PartnerKind.STA, "Staatsanwaltschaft"),
                                             (PartnerKind.POLICE, "Polizeipräsidium"))):
            town = towns[base + step]
            short = {PartnerKind.JVA: "JVA", PartnerKind.STA: "StA",
                     PartnerKind.POLICE: "PP"}[kind]
            rows.append(_partner(kind, f"{name} {town}", f"{short} {town}", district, town,
                                 rng))
    return rows


def _partner(kind: PartnerKind, name: str, short: str, district: str, town: str,
             rng: random.Random) -> Row:
    number = rng.randint(1, 99)
    # The details come from a generator of their own, seeded with the name, so that the
    # cases drawn after the partners stay the same.
    own = random.Random(f"partner:{name}")  # noqa: S311 - synthetic data
    domain = transliterate(town).lower().replace("-", "").replace(" ", "")
    street = f"{own.choice(words.STREETS)} {number}"
    postcode = own.choice(words.POSTCODE_PREFIXES[district]) + f"{own.randint(0, 999):03d}"
    return {"id": new_ids(1)[0], "kind": kind.value,
            "name": name, "short_name": short, "district": district, "street": street,
            "postcode": postcode, "city": town,
            "phone": f"{words.FICTION_PHONE}{own.randint(0, 99) * 10:03d}",
            "email": f"poststelle@{kind.value}-{domain}.example"}


def contact_rows(partners: Sequence[Row]) -> list[Row]:
    """One to three invented contact persons for each of ``partners`` (rows of
    :func:`partner_rows`, which carry their ids); deterministic per partner name."""
    rows: list[Row] = []
    for partner in partners:
        own = random.Random(f"contacts:{partner['name']}")  # noqa: S311 - synthetic data
        functions = words.CONTACT_FUNCTIONS.get(partner["kind"], ("Sachbearbeitung",))
        domain = partner["email"].split("@", 1)[1]
        seen: set[str] = set()
        for _ in range(own.randint(1, 3)):
            given = own.choice(words.CONTACT_GIVEN)
            family = own.choice(words.CONTACT_FAMILY)
            name = f"{given} {family}"
            if name in seen:
                continue
            seen.add(name)
            local = transliterate(f"{given}.{family}").lower().replace(" ", "")
            rows.append({"partner_id": partner["id"], "name": name,
                         "function": own.choice(functions),
                         "phone": f"{partner['phone'][:-3]}{own.randint(1, 999):03d}",
                         "email": f"{local}@{domain}"})
    return rows
