"""The sentence-date engine (issue 5): worked examples, rules, bad input and properties."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.custody import (
    CreditMethod,
    CustodyDates,
    CustodyInput,
    CustodyInputError,
    CustodySettings,
    FractionMethod,
    InterruptAt,
    Sentence,
    SentenceKind,
    compute,
    months_end,
)
from desktop.domain.custody_release import easter_sunday, is_release_blocked, release_day

ADULT, YOUTH = SentenceKind.ADULT, SentenceKind.YOUTH
LIFE, FINE = SentenceKind.LIFE, SentenceKind.FINE_DEFAULT
DATE_FIELDS = ("end", "half", "two_thirds", "half_456a", "release_day", "joint_decision",
               "one_third", "six_months", "fifteen_years")


def d(text: str) -> date:
    day, month, year = text.split(".")
    return date(int(year), int(month), int(day))


def run(start: str, *sentences: Sentence, credit: int = 0,
        method: CustodySettings | None = None) -> CustodyDates:
    return compute(CustodyInput(d(start), tuple(sentences), credit,
                                method or CustodySettings()))


# --- the worked examples of issue 5 -----------------------------------------------------

WORKED = [
    # inputs, end, half, two-thirds, release day
    pytest.param("24.09.1984", Sentence(months=4), "23.01.1985", None, "13.12.1984",
                 "23.01.1985", id="OLG Hamm 3 Ws 502-86: 4 months"),
    pytest.param("23.10.2004", Sentence(months=3), "22.01.2005", None, "22.12.2004",
                 "21.01.2005", id="3 months, ends on a Saturday"),
    pytest.param("01.10.2025", Sentence(years=1), "30.09.2026", "31.03.2026", "31.05.2026",
                 "30.09.2026", id="1 year"),
    pytest.param("01.12.2025", Sentence(years=2), "30.11.2027", "30.11.2026", "31.03.2027",
                 "30.11.2027", id="2 years"),
    pytest.param("07.07.2025", Sentence(months=2), "06.09.2025", None, None, "05.09.2025",
                 id="2 months: two-thirds minimum reaches the end"),
]


@pytest.mark.parametrize(("start", "sentence", "end", "half", "two_thirds", "release"), WORKED)
def test_worked_examples(start, sentence, end, half, two_thirds, release):
    dates = run(start, sentence)
    assert dates.end == d(end)
    assert dates.half == (half and d(half))
    assert dates.two_thirds == (two_thirds and d(two_thirds))
    assert dates.release_day == d(release)
    assert dates.joint_decision is None


def test_worked_example_two_sentences_454b():
    dates = run("01.10.2025", Sentence(years=1), Sentence(months=6))
    first, second = dates.sentences
    assert first.interrupted_after == d("31.05.2026")
    assert second.start == d("01.06.2026")
    assert second.end == d("30.11.2026")
    assert second.interrupted_after is None
    assert dates.joint_decision == d("30.09.2026")
    assert dates.end == d("01.04.2027")


def test_worked_example_youth_sentence():
    dates = run("01.12.2025", Sentence(years=2, kind=YOUTH))
    assert dates.end == d("30.11.2027")
    assert dates.one_third == d("31.07.2026")
    assert dates.six_months == d("31.05.2026")
    assert dates.half is None
    assert dates.two_thirds is None


@pytest.mark.parametrize(("end", "release"), [
    ("24.12.2025", "19.12.2025"),  # 22 Dec – 6 Jan, then the weekend
    ("07.04.2026", "02.04.2026"),  # Tuesday after Easter, Easter Monday, weekend, Good Friday
    ("04.06.2026", "03.06.2026"),  # Fronleichnam
    ("07.01.2026", "07.01.2026"),  # no shift
    ("26.05.2026", "22.05.2026"),  # Tuesday after Whitsun
    ("20.11.1985", "19.11.1985"),  # Buß- und Bettag (before the holidays package's years)
    ("17.06.1986", "16.06.1986"),  # Tag der deutschen Einheit (West Germany)
])
def test_release_day_shifts(end, release):
    assert release_day(d(end)) == d(release)


# --- rules where the table is silent ---------------------------------------------

@pytest.mark.parametrize(("start", "months", "end"), [
    ("31.01.2026", 1, "28.02.2026"),  # 31.02. does not exist: last day of February
    ("30.01.2026", 1, "28.02.2026"),
    ("29.01.2026", 1, "28.02.2026"),
    ("28.01.2026", 1, "27.02.2026"),
    ("31.01.2028", 1, "29.02.2028"),  # leap year
    ("29.01.2028", 1, "28.02.2028"),
    ("01.03.2026", 1, "31.03.2026"),
    ("31.03.2026", 1, "30.04.2026"),
    ("31.05.2026", 1, "30.06.2026"),  # 31.06. does not exist
    ("29.02.2024", 12, "28.02.2025"),
    ("15.08.2026", 0, "14.08.2026"),
])
def test_month_end_overflow(start, months, end):
    assert months_end(d(start), months) == d(end)
    if months:
        assert run(start, Sentence(months=months)).end == d(end)


def test_months_first_then_weeks_and_days():
    # 1 month from 31.01.2026 ends 28.02.; then 1 week and 2 days more.
    assert run("31.01.2026", Sentence(months=1, weeks=1, days=2)).end == d("09.03.2026")
    assert run("01.03.2026", Sentence(weeks=2)).end == d("14.03.2026")
    assert run("01.03.2026", Sentence(days=1)).end == d("01.03.2026")


def test_credit_subtracts_from_every_date():
    plain = run("01.10.2025", Sentence(years=1))
    credited = run("01.10.2025", Sentence(years=1), credit=10)
    assert credited.end == plain.end - timedelta(days=10)
    assert credited.half == plain.half - timedelta(days=10)
    assert credited.two_thirds == plain.two_thirds - timedelta(days=10)
    assert credited.sentences[0].start == d("01.10.2025")


def test_credit_method_move_start():
    subtract = run("01.03.2026", Sentence(months=1), credit=1)
    moved = run("01.03.2026", Sentence(months=1), credit=1,
                method=CustodySettings(credit_method=CreditMethod.MOVE_START))
    assert subtract.end == d("30.03.2026")
    assert moved.end == d("27.03.2026")  # one month from 28.02.2026
    assert moved.sentences[0].start == d("01.03.2026")


def test_fraction_method_months():
    days = run("01.03.2026", Sentence(years=1))
    months = run("01.03.2026", Sentence(years=1),
                 method=CustodySettings(fraction_method=FractionMethod.MONTHS))
    assert days.two_thirds == d("29.10.2026")  # day 243
    assert months.two_thirds == d("31.10.2026")  # 8 months
    assert days.half_456a == d("29.08.2026")  # day 182
    assert months.half_456a == d("31.08.2026")  # 6 months
    # The § 57 minimum of six months already gives the half date in both methods.
    assert days.half == months.half == d("31.08.2026")
    # Weeks or days in the sentence: the day method applies.
    mixed = run("01.03.2026", Sentence(years=1, days=1),
                method=CustodySettings(fraction_method=FractionMethod.MONTHS))
    assert mixed.two_thirds == run("01.03.2026", Sentence(years=1, days=1)).two_thirds


def test_half_after_two_thirds_does_not_exist():
    dates = run("01.03.2025", Sentence(months=8))
    assert dates.two_thirds == d("10.08.2025")
    assert dates.half is None  # six months (31.08.) would come after two-thirds
    assert dates.half_456a == d("30.06.2025")  # no minimum for § 456a
    assert run("01.03.2025", Sentence(months=10)).half == d("31.08.2025")


def test_stack_interrupted_at_half_and_remainders():
    dates = run("01.12.2025", Sentence(years=2, interrupt_at=InterruptAt.HALF),
                Sentence(years=1, interrupt_at=InterruptAt.HALF))
    first, second = dates.sentences
    assert first.interrupted_after == d("30.11.2026")
    assert second.start == d("01.12.2026")
    assert dates.joint_decision == dates.half == d("31.05.2027")
    assert dates.end == d("30.11.2027") + timedelta(days=365)
    assert dates.half_456a == d("01.12.2025") + timedelta(days=(730 + 365) // 2 - 1)


def test_stack_half_falls_back_to_two_thirds_and_short_sentences_run_in_full():
    dates = run("01.01.2026", Sentence(months=8, interrupt_at=InterruptAt.HALF),
                Sentence(months=1), Sentence(months=3))
    eight, one, _three = dates.sentences
    assert eight.interrupted_after == run("01.01.2026", Sentence(months=8)).two_thirds
    assert one.interrupted_after is None  # no two-thirds date for one month
    assert dates.end == dates.sentences[-1].end + timedelta(
        days=(eight.end - eight.interrupted_after).days)


def test_stack_youth_and_fine_default_served_in_full():
    dates = run("01.01.2026", Sentence(years=1, kind=YOUTH),
                Sentence(kind=FINE, day_fines=30, final=d("01.06.2025")), Sentence(years=1))
    youth, fine, adult = dates.sentences
    assert youth.interrupted_after is None
    assert fine.interrupted_after is None
    assert fine.start == d("01.01.2027")
    assert fine.end == d("15.01.2027")
    assert adult.start == d("16.01.2027")
    assert dates.end == adult.end
    assert dates.joint_decision == dates.two_thirds


def test_life_sentence():
    dates = run("01.12.2025", Sentence(kind=LIFE), credit=30)
    assert dates.fifteen_years == d("30.11.2040") - timedelta(days=30)
    assert dates.end is None
    assert dates.release_day is None
    assert dates.half_456a is None


def test_youth_up_to_one_year_has_no_one_third_point():
    dates = run("01.12.2025", Sentence(years=1, kind=YOUTH))
    assert dates.one_third is None
    assert dates.six_months == d("31.05.2026")
    assert run("01.12.2025", Sentence(months=6, kind=YOUTH)).six_months is None
    assert run("01.12.2025", Sentence(years=1, days=1, kind=YOUTH)).one_third is not None


@pytest.mark.parametrize(("day_fines", "final", "days"), [
    (61, "01.02.2024", 30),  # new § 43: two day-fines a day; the odd one is dropped
    (61, "31.01.2024", 61),  # old law: one a day
    (2, "15.03.2025", 1),
])
def test_fine_default(day_fines, final, days):
    dates = run("01.03.2025", Sentence(kind=FINE, day_fines=day_fines, final=d(final)))
    assert dates.end == d("01.03.2025") + timedelta(days=days - 1)
    assert dates.half is None
    assert dates.two_thirds is None
    assert dates.half_456a == d("01.03.2025") + timedelta(days=max(1, days // 2) - 1)


def test_easter_agrees_with_the_holidays_package():
    for year in range(1991, 2101):
        table = holidays.country_holidays("DE", subdiv="NW", years=year)
        assert easter_sunday(year) + timedelta(days=1) in table


def test_release_day_of_a_very_short_sentence_is_the_end():
    dates = run("24.12.2025", Sentence(days=2))
    assert dates.release_day == d("25.12.2025")


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentences", "credit", "start", "field"), [
    ((Sentence(months=-1),), 0, "01.01.2026", "sentences[0].months"),
    ((Sentence(years=1), Sentence(days=-3)), 0, "01.01.2026", "sentences[1].days"),
    ((), 0, "01.01.2026", "sentences"),
    ((Sentence(),), 0, "01.01.2026", "sentences[0]"),
    ((Sentence(months=1),), 31, "01.01.2026", "credited_days"),
    ((Sentence(months=1),), -1, "01.01.2026", "credited_days"),
    ((Sentence(years=16),), 0, "01.01.2026", "sentences[0].years"),
    ((Sentence(years=15, days=1),), 0, "01.01.2026", "sentences[0]"),
    ((Sentence(kind=LIFE), Sentence(years=1)), 0, "01.01.2026", "sentences[0].kind"),
    ((Sentence(kind=LIFE, years=1),), 0, "01.01.2026", "sentences[0].kind"),
    ((Sentence(kind=FINE, day_fines=10),), 0, "01.01.2026", "sentences[0].final"),
    ((Sentence(kind=FINE, day_fines=1, final=date(2025, 1, 1)),), 0, "01.01.2026",
     "sentences[0].day_fines"),
    ((Sentence(kind=FINE, days=10, final=date(2025, 1, 1)),), 0, "01.01.2026",
     "sentences[0].kind"),
    ((Sentence(months=1, day_fines=3),), 0, "01.01.2026", "sentences[0].day_fines"),
    ((Sentence(months=1),), 0, "01.01.1900", "start"),
])
def test_bad_input_names_the_field(sentences, credit, start, field):
    with pytest.raises(CustodyInputError) as caught:
        run(start, *sentences, credit=credit)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert isinstance(caught.value, ValueError)


# --- properties -----------------------------------------------------------------------------

starts = st.dates(min_value=date(1995, 1, 1), max_value=date(2150, 12, 31))
adult_or_youth = st.builds(
    Sentence, years=st.integers(0, 4), months=st.integers(0, 11), weeks=st.integers(0, 8),
    days=st.integers(0, 40), kind=st.sampled_from([ADULT, ADULT, YOUTH]),
    interrupt_at=st.sampled_from(list(InterruptAt))).filter(
        lambda s: s.years or s.months or s.weeks or s.days)
fines = st.builds(Sentence, kind=st.just(FINE), day_fines=st.integers(2, 720),
                  final=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 1, 1)))
stacks = st.lists(st.one_of(adult_or_youth, adult_or_youth, fines), min_size=1, max_size=4)
methods = st.builds(CustodySettings, fraction_method=st.sampled_from(list(FractionMethod)),
                    credit_method=st.sampled_from(list(CreditMethod)))


def all_dates(dates: CustodyDates) -> list[date]:
    values = [getattr(dates, name) for name in DATE_FIELDS]
    for row in dates.sentences:
        values += [row.start, row.end, row.interrupted_after]
    return [value for value in values if value is not None]


@settings(max_examples=300, deadline=None)
@given(start=starts, sentences=stacks, method=methods, data=st.data())
def test_end_is_the_last_date_and_two_thirds_not_before_half(start, sentences, method, data):
    plain = compute(CustodyInput(start, tuple(sentences), 0, method))
    first_term = (plain.sentences[0].end - start).days + 1
    credit = data.draw(st.integers(0, first_term - 1), label="credit")
    dates = compute(CustodyInput(start, tuple(sentences), credit, method))
    assert dates.end is not None
    assert all(value <= dates.end for value in all_dates(dates))
    if dates.half is not None:
        assert dates.two_thirds is not None
        assert dates.two_thirds >= dates.half
    assert dates.end >= start


def in_days(sentence: Sentence) -> bool:
    return sentence.kind is FINE or not (sentence.years or sentence.months)


@settings(max_examples=300, deadline=None)
@given(start=starts, sentences=stacks, fraction=st.sampled_from(list(FractionMethod)),
       data=st.data())
def test_credit_shifts_every_date_by_the_credited_days(start, sentences, fraction, data):
    """With "Methode 1" every computed date, the § 57 minima included, moves back by exactly
    C days; only the start of enforcement (the input) and the release day (a calendar rule)
    do not shift. A date that does not exist without credit does not exist with it either.

    This holds for one sentence. In a stack whose later sentences are counted in weeks and
    days, the sentence rows, the end and the § 456a half shift exactly too, but the § 57
    dates of the last sentence need not: credit is taken off the first sentence, so the last
    one starts C days earlier, and its § 57 minima are calendar months from that earlier start
    (two months from 29.02. and from 01.03. differ by two days). A later sentence in months is
    counted from the earlier start as well (see the next test).
    """
    sentences = sentences[:1] + [s for s in sentences[1:] if in_days(s)]
    method = CustodySettings(fraction_method=fraction)
    plain = compute(CustodyInput(start, tuple(sentences), 0, method))
    first_term = (plain.sentences[0].end - start).days + 1
    credit = data.draw(st.integers(0, first_term - 1), label="credit")
    credited = compute(CustodyInput(start, tuple(sentences), credit, method))
    shift = timedelta(days=credit)

    def moved(value: date | None) -> date | None:
        return None if value is None else value - shift

    exact = DATE_FIELDS if len(sentences) == 1 else ("end", "half_456a")
    for name in exact:
        if name != "release_day":
            assert getattr(credited, name) == moved(getattr(plain, name)), name
    for index, (before, after) in enumerate(zip(plain.sentences, credited.sentences,
                                                strict=True)):
        assert after.start == (start if index == 0 else before.start - shift)
        assert after.end == moved(before.end)
        assert after.interrupted_after == moved(before.interrupted_after)


@settings(max_examples=300, deadline=None)
@given(start=starts, sentences=stacks, data=st.data())
def test_credit_in_a_stack_moves_the_end_by_about_the_credited_days(start, sentences, data):
    """The final end is start − C + (sum of the terms) − 1; only the terms of later sentences
    in months can change with their start, by at most three days each."""
    plain = compute(CustodyInput(start, tuple(sentences)))
    first_term = (plain.sentences[0].end - start).days + 1
    credit = data.draw(st.integers(0, first_term - 1), label="credit")
    credited = compute(CustodyInput(start, tuple(sentences), credit))
    assert credited.sentences[0] == replace(
        plain.sentences[0], end=plain.sentences[0].end - timedelta(days=credit),
        interrupted_after=plain.sentences[0].interrupted_after
        and plain.sentences[0].interrupted_after - timedelta(days=credit))
    slack = 3 * sum(not in_days(s) for s in sentences[1:])
    drift = (credited.end - (plain.end - timedelta(days=credit))).days
    assert abs(drift) <= slack


@settings(max_examples=300, deadline=None)
@given(start=starts, sentences=stacks)
def test_release_day_is_a_free_working_day_not_after_the_end(start, sentences):
    dates = compute(CustodyInput(start, tuple(sentences)))
    assert dates.release_day is not None
    assert dates.end is not None
    assert dates.release_day <= dates.end
    if dates.release_day != dates.end:
        assert not is_release_blocked(dates.release_day)
        day = dates.release_day + timedelta(days=1)
        while day <= dates.end:  # every day skipped was protected
            assert is_release_blocked(day)
            day += timedelta(days=1)
    elif is_release_blocked(dates.end):  # no free day between start and end
        day = dates.end
        while day >= start:
            assert is_release_blocked(day)
            day -= timedelta(days=1)


@given(day=st.dates(min_value=date(1960, 1, 1), max_value=date(2200, 12, 31)))
def test_release_day_of_any_day(day):
    result = release_day(day)
    assert result <= day
    assert not is_release_blocked(result)
    assert (day - result).days <= 20


def test_output_has_every_documented_field():
    assert [f.name for f in fields(CustodyDates)] == [*DATE_FIELDS, "sentences"]
