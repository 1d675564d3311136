"""The sentence-date engine: end, half, two-thirds and release dates of prison sentences.

Sources: § 37 Abs. 4, §§ 38, 39 StVollstrO; §§ 43, 57, 57a StGB; § 454b StPO; § 88 JGG;
§ 459e Abs. 3 StPO; § 60 Abs. 2 StVollzG NRW; RV d. JM NRW 20.08.1985 on § 456a StPO.

Rules (the start day counts as day 1; all dates are calendar days):

- **Length.** ``n`` months or years end on the day before the day with the start's day number
  ``n`` months later (1 year from 01.10.2025 → 30.09.2026). Where that day does not exist in
  the last month (§ 188 Abs. 3 BGB applied to § 37 Abs. 4 StVollstrO), the period ends on the
  last day of that month: 1 month from 30.01. or 31.01.2026 ends 28.02.2026, not 27.02., so a
  month is never shorter than the month it covers. Weeks and days follow the months:
  ``+ 7w + d − 1``.
- **Credit** of ``C`` days (U-Haft, § 51 StGB): by default ("Methode 1", ``subtract``) every
  date is the uncredited date minus ``C``; ``move_start`` instead computes everything from the
  start moved back by ``C`` days. Credit is taken off the first sentence of a stack and must be
  shorter than it (at least one day is left to serve).
- **Fractions** (``days`` method): ``T`` = days from start to uncredited end; the half is day
  ``floor(T/2)``, two-thirds day ``floor(2T/3)`` (at least day 1), at ``start + k − 1 − C``.
  The ``months`` method uses whole calendar months instead where the sentence is given in
  months/years only and the fraction is a whole number of months (else days).
- **§ 57 minima**: two-thirds not before 2 months, half not before 6 months (calendar months
  from the start, ``− C``); where the minimum reaches the end, that date is None. A half
  date after the two-thirds date would be no earlier release; it is None too (sentences up to
  about nine months). ``half_456a`` is the plain half, without minima (of the whole term for
  several sentences).
- **Several sentences** (§ 454b StPO): each is computed on its own; an adult sentence other
  than the last is interrupted at the end of its two-thirds date (or half date, per sentence;
  where the half does not exist, at two-thirds; where neither exists it is served in full) and
  the next starts the day after. Youth sentences and Ersatzfreiheitsstrafen are served in full.
  The joint § 57 decision is the last sentence's two-thirds (or half) date; the final end, if
  nobody is released, is the last sentence's end plus the remainders of the interrupted ones.
  A sentence's ``end`` is its own end as computed alone (as on the StA's calculation sheet).
- **Life**: the 15-year point ``start + 15 years − 1 − C`` (§ 57a); there is no end.
- **Youth** (§ 88 JGG): § 57 StGB does not apply (half, two-thirds None). The six-month point
  (``start + 6 months − 1 − C``, None where it reaches the end) is given for every youth
  sentence, the one-third point only for youth sentences over one year.
- **Ersatzfreiheitsstrafe** (§ 43 StGB): one day per day-fine, or per two day-fines when the
  judgment became final on or after 01.02.2024. An odd day-fine left over is no full day and
  is not enforced (§ 459e Abs. 3 StPO): the days are rounded down. § 57 does not apply.
- **Release day**: see :mod:`desktop.domain.custody_release`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from desktop.domain.custody_release import release_day

FIRST_YEAR = 1950
LAST_YEAR = 2200
MAX_YEARS = 15  # § 38 Abs. 2, § 54 Abs. 2 StGB: at most 15 years (youth: § 18 JGG, less)
MAX_DAY_FINES = 720  # § 54 Abs. 2 StGB: a Gesamtgeldstrafe has at most 720 day-fines
MAX_SENTENCES = 50
HALVED_FROM = date(2024, 2, 1)  # § 43 StGB new version: two day-fines per day


class CustodyInputError(ValueError):
    """An input that cannot be computed; ``field`` names it, the message is German."""

    def __init__(self, field_name: str, text: str) -> None:
        super().__init__(f"{field_name}: {text}")
        self.field = field_name
        self.text = text


class SentenceKind(StrEnum):
    ADULT = "adult"
    YOUTH = "youth"
    LIFE = "life"
    FINE_DEFAULT = "fine_default"


class InterruptAt(StrEnum):
    TWO_THIRDS = "two_thirds"
    HALF = "half"


class CreditMethod(StrEnum):
    SUBTRACT = "subtract"
    MOVE_START = "move_start"


class FractionMethod(StrEnum):
    DAYS = "days"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; ``day_fines`` and ``final`` are for an Ersatzfreiheitsstrafe."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    kind: SentenceKind = SentenceKind.ADULT
    day_fines: int = 0
    final: date | None = None
    interrupt_at: InterruptAt = InterruptAt.TWO_THIRDS


@dataclass(frozen=True, slots=True)
class CustodySettings:
    credit_method: CreditMethod = CreditMethod.SUBTRACT
    fraction_method: FractionMethod = FractionMethod.DAYS


@dataclass(frozen=True, slots=True)
class CustodyInput:
    start: date
    sentences: tuple[Sentence, ...]
    credited_days: int = 0
    settings: CustodySettings = field(default_factory=CustodySettings)


@dataclass(frozen=True, slots=True)
class SentenceDates:
    start: date
    end: date | None
    interrupted_after: date | None


@dataclass(frozen=True, slots=True)
class CustodyDates:
    end: date | None
    half: date | None
    two_thirds: date | None
    half_456a: date | None
    release_day: date | None
    joint_decision: date | None
    one_third: date | None
    six_months: date | None
    fifteen_years: date | None
    sentences: tuple[SentenceDates, ...]


@dataclass(frozen=True, slots=True)
class _Computed:
    """One sentence computed alone (internal)."""

    start: date
    end: date | None
    term: int  # T, days from start to uncredited end
    half: date | None
    two_thirds: date | None
    raw_half: date | None
    one_third: date | None
    six_months: date | None
    fifteen_years: date | None


def months_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning on ``start``.

    The day before the day with ``start``'s number ``months`` months later; where that number
    does not exist in the month, the month's last day (31.01. + 1 month → 28./29.02.).
    ``months == 0`` gives the day before ``start``.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    if start.day > last:
        return date(year, month0 + 1, last)
    return date(year, month0 + 1, start.day) - timedelta(days=1)


def compute(data: CustodyInput) -> CustodyDates:
    """All release-relevant dates of ``data`` (see the module docstring for the rules).

    Raises:
        CustodyInputError: a negative or missing length, credit not shorter than the first
            sentence, a date out of range, or a combination that cannot be computed.
    """
    _validate(data)
    credit = data.credited_days
    subtract = data.settings.credit_method is CreditMethod.SUBTRACT
    by_months = data.settings.fraction_method is FractionMethod.MONTHS
    computed: list[_Computed] = []
    rows: list[SentenceDates] = []
    begin = data.start if subtract else data.start - timedelta(days=credit)
    remainder = 0
    last_index = len(data.sentences) - 1
    for index, sentence in enumerate(data.sentences):
        own_credit = credit if index == 0 and subtract else 0
        one = _compute_one(sentence, begin, own_credit, by_months, f"sentences[{index}]")
        computed.append(one)
        stop = None if index == last_index else _interruption(sentence, one)
        rows.append(SentenceDates(data.start if index == 0 else begin, one.end, stop))
        if one.end is None:
            break
        if stop is not None:
            remainder += (one.end - stop).days
        begin = (stop or one.end) + timedelta(days=1)
    last = computed[-1]
    end = None if last.end is None else last.end + timedelta(days=remainder)
    if end is not None and end.year > LAST_YEAR:
        raise CustodyInputError("sentences", f"Das Strafende liegt nach {LAST_YEAR}.")
    if len(computed) == 1:
        half_456a, joint = last.raw_half, None
    else:
        total = sum(one.term for one in computed)
        half_456a = data.start + timedelta(days=max(1, total // 2) - 1 - credit)
        joint = _decision_point(data.sentences[-1], last)
    return CustodyDates(
        end=end, half=last.half, two_thirds=last.two_thirds, half_456a=half_456a,
        release_day=None if end is None else release_day(end, not_before=data.start),
        joint_decision=joint, one_third=last.one_third, six_months=last.six_months,
        fifteen_years=last.fifteen_years, sentences=tuple(rows))


def sentence_term_days(sentence: Sentence) -> int:
    """The days of an Ersatzfreiheitsstrafe (§ 43 StGB, rounded down); 0 for other kinds."""
    if sentence.kind is not SentenceKind.FINE_DEFAULT:
        return 0
    halved = sentence.final is not None and sentence.final >= HALVED_FROM
    return sentence.day_fines // 2 if halved else sentence.day_fines


def _compute_one(sentence: Sentence, start: date, credit: int, by_months: bool,
                 name: str) -> _Computed:
    shift = timedelta(days=credit)
    if sentence.kind is SentenceKind.LIFE:
        fifteen = months_end(start, 12 * MAX_YEARS)
        term = (fifteen - start).days + 1
        _check_credit(credit, term, name)
        return _Computed(start, None, term, None, None, None, None, None, fifteen - shift)
    if sentence.kind is SentenceKind.FINE_DEFAULT:
        month_count, extra = 0, sentence_term_days(sentence)
    else:
        month_count = 12 * sentence.years + sentence.months
        extra = 7 * sentence.weeks + sentence.days
    whole_months = by_months and extra == 0 and month_count > 0
    uncredited = months_end(start, month_count) + timedelta(days=extra)
    term = (uncredited - start).days + 1
    if term < 1:
        raise CustodyInputError(name, "Die Strafe hat keine Dauer.")
    if uncredited > months_end(start, 12 * MAX_YEARS):
        raise CustodyInputError(name, f"Eine zeitige Strafe beträgt höchstens {MAX_YEARS} Jahre "
                                      "(§ 38 Abs. 2 StGB).")
    _check_credit(credit, term, name)
    end = uncredited - shift

    def point(numerator: int, denominator: int) -> date:
        if whole_months and (month_count * numerator) % denominator == 0:
            return months_end(start, month_count * numerator // denominator) - shift
        return start + timedelta(days=max(1, term * numerator // denominator) - 1) - shift

    def minimum(months: int) -> date | None:
        earliest = months_end(start, months) - shift
        return None if earliest >= end else earliest

    raw_half = point(1, 2)
    half = two_thirds = one_third = six_months = None
    if sentence.kind is SentenceKind.ADULT:
        two_min, half_min = minimum(2), minimum(6)
        two_thirds = None if two_min is None else max(point(2, 3), two_min)
        half = None if half_min is None else max(raw_half, half_min)
        if half is not None and (two_thirds is None or half > two_thirds):
            half = None
    elif sentence.kind is SentenceKind.YOUTH:
        six_months = minimum(6)
        if uncredited > months_end(start, 12):
            one_third = point(1, 3)
    return _Computed(start, end, term, half, two_thirds, raw_half, one_third, six_months, None)


def _interruption(sentence: Sentence, one: _Computed) -> date | None:
    """Where § 454b Abs. 2 StPO interrupts a sentence that is not the last one."""
    if sentence.kind is not SentenceKind.ADULT:
        return None
    if sentence.interrupt_at is InterruptAt.HALF and one.half is not None:
        return one.half
    return one.two_thirds


def _decision_point(sentence: Sentence, one: _Computed) -> date | None:
    if sentence.interrupt_at is InterruptAt.HALF:
        return one.half
    return one.two_thirds


def _check_credit(credit: int, term: int, name: str) -> None:
    if credit >= term:
        raise CustodyInputError("credited_days", f"Die Anrechnung ({credit} Tage) muss kürzer "
                                                 f"sein als die Strafe {name} ({term} Tage).")


def _validate(data: CustodyInput) -> None:
    if not FIRST_YEAR <= data.start.year <= LAST_YEAR - MAX_YEARS:
        raise CustodyInputError("start", f"Der Strafbeginn muss zwischen {FIRST_YEAR} und "
                                         f"{LAST_YEAR - MAX_YEARS} liegen.")
    _non_negative("credited_days", data.credited_days, 10 ** 5)
    if not data.sentences:
        raise CustodyInputError("sentences", "Es fehlt die Strafe (mindestens eine).")
    if len(data.sentences) > MAX_SENTENCES:
        raise CustodyInputError("sentences", f"Höchstens {MAX_SENTENCES} Strafen.")
    for index, sentence in enumerate(data.sentences):
        _validate_sentence(sentence, f"sentences[{index}]", len(data.sentences))


def _validate_sentence(sentence: Sentence, name: str, count: int) -> None:
    limits = {"years": MAX_YEARS, "months": 12 * MAX_YEARS, "weeks": 53 * MAX_YEARS,
              "days": 366 * MAX_YEARS}
    for key, limit in limits.items():
        _non_negative(f"{name}.{key}", getattr(sentence, key), limit)
    _non_negative(f"{name}.day_fines", sentence.day_fines, MAX_DAY_FINES)
    lengths = [sentence.years, sentence.months, sentence.weeks, sentence.days]
    if sentence.kind is SentenceKind.LIFE:
        if count > 1:
            raise CustodyInputError(f"{name}.kind", "Eine lebenslange Freiheitsstrafe kann hier "
                                                    "nur allein berechnet werden.")
        if any(lengths):
            raise CustodyInputError(f"{name}.kind", "Eine lebenslange Freiheitsstrafe hat "
                                                    "keine Dauer in Jahren, Monaten, Wochen oder "
                                                    "Tagen.")
    if sentence.kind is SentenceKind.FINE_DEFAULT:
        if any(lengths):
            raise CustodyInputError(f"{name}.kind", "Die Dauer einer Ersatzfreiheitsstrafe "
                                                    "ergibt sich aus day_fines, nicht aus "
                                                    "Jahren, Monaten, Wochen oder Tagen.")
        if sentence.final is None:
            raise CustodyInputError(f"{name}.final", "Bei einer Ersatzfreiheitsstrafe fehlt das "
                                                     "Datum der Rechtskraft (§ 43 StGB).")
        if sentence_term_days(sentence) < 1:
            raise CustodyInputError(f"{name}.day_fines", "Die Tagessätze ergeben keinen vollen "
                                                         "Tag Ersatzfreiheitsstrafe "
                                                         "(§ 459e Abs. 3 StPO).")
    elif sentence.day_fines:
        raise CustodyInputError(f"{name}.day_fines", "Tagessätze gibt es nur bei einer "
                                                     "Ersatzfreiheitsstrafe (fine_default).")


def _non_negative(name: str, value: int, limit: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CustodyInputError(name, "Erwartet wird eine ganze Zahl.")
    if value < 0:
        raise CustodyInputError(name, f"Die Zahl darf nicht negativ sein ({value}).")
    if value > limit:
        raise CustodyInputError(name, f"Die Zahl ist zu groß (höchstens {limit}).")
