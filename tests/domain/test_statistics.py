"""Definitions, periods, the small-count rule and the consolidation file (pure domain)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.enums import District
from desktop.domain.statistics import (
    FIGURES,
    Period,
    PeriodKind,
    category_label,
    definitions_digest,
    duration_bucket,
    figure,
    is_small,
    marked,
    months_of,
    periods_of_year,
    small_counts,
)
from desktop.domain.statistics_consolidation import (
    ConsolidationError,
    DistrictAggregate,
    consolidate,
    decode_aggregate,
    encode_aggregate,
)


def test_every_figure_is_defined_once_in_german():
    ids = [f.id for f in FIGURES]
    assert len(ids) == len(set(ids))
    for definition in FIGURES:
        assert definition.id.isidentifier()
        assert definition.id == definition.id.lower()
        assert len(definition.definition) > 40
        assert definition.label in definition.tooltip
    assert "Stichtag" in figure("cases_open_at_cut_off").definition
    assert "90 Tage" in figure("custody_notices_in_time").definition
    assert category_label("cases_by_nationality", "SY") == "Syrien"
    assert category_label("cases_by_flag", "mit") == "Mehrfach-/Intensivtäter"
    assert len(definitions_digest()) == 64


@pytest.mark.parametrize(("period", "label", "key", "start", "end"), [
    (Period.month(2026, 2), "Februar 2026", "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    (Period.quarter(2026, 3), "3. Quartal 2026", "2026-Q3", date(2026, 7, 1),
     date(2026, 9, 30)),
    (Period.half_year(2026, 1), "1. Halbjahr 2026", "2026-H1", date(2026, 1, 1),
     date(2026, 6, 30)),
    (Period.year(2026), "Jahr 2026", "2026", date(2026, 1, 1), date(2026, 12, 31)),
    (Period.range(date(2026, 1, 1), date(2026, 3, 15)), "01.01.2026 – 15.03.2026",
     "2026-01-01..2026-03-15", date(2026, 1, 1), date(2026, 3, 15)),
])
def test_periods(period, label, key, start, end):
    assert (period.label, period.key, period.start, period.end) == (label, key, start, end)
    assert Period.parse(key) == period
    assert Period.of(period.kind, start, end) == period
    assert period.cut_off == end


def test_period_helpers():
    assert Period.half_year(2026, 1).cut_off_label == "Stand 30.06.2026"
    assert Period.half_year(2026, 1).previous() == Period.half_year(2025, 2)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert len(periods_of_year(2026, PeriodKind.MONTH)) == 12
    assert [p.days for p in months_of(Period.range(date(2026, 1, 20), date(2026, 3, 5)))] == \
        [12, 28, 5]
    with pytest.raises(ValueError, match="vor seinem Beginn"):
        Period.range(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValueError, match="kein Quartal"):
        Period.of(PeriodKind.QUARTER, date(2026, 1, 1), date(2026, 2, 28))


@given(st.integers(min_value=-5, max_value=5000))
def test_duration_bucket_is_total(days):
    assert duration_bucket(days) in {k for k, _ in figure("days_to_outcome").categories}


def test_small_counts_are_kept_and_marked():
    assert [is_small(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert marked(3) == "3*"
    assert marked(0) == "0"
    assert marked(12) == "12"
    assert small_counts({"cases_taken_in": 2, "cases_by_flag": {"mit": 1, "custody": 7},
                         "median_days_to_outcome": 3.0}) == ("cases_taken_in",
                                                             "cases_by_flag.mit")


def _aggregate(district: District, period: Period, taken_in: int = 3) -> DistrictAggregate:
    values: dict = {}
    for definition in FIGURES:
        if definition.kind.value == "breakdown":
            values[definition.id] = {k: 1 for k, _ in definition.categories}
        elif definition.kind.value == "days":
            values[definition.id] = 12.5
        else:
            values[definition.id] = taken_in
    return DistrictAggregate(district, period, period.end, "1", definitions_digest(), "s-id",
                             "0" * 64, "2026-07-01T00:00:00+00:00", values, ())


def test_file_round_trip_and_tamper_detection():
    period = Period.half_year(2026, 1)
    data, manifest = encode_aggregate(_aggregate(District.DETMOLD, period))
    name = manifest.split("  ")[1].strip()
    assert name == "statistik-DET-2026-H1.json"
    back = decode_aggregate(data, manifest, name)
    assert back.district is District.DETMOLD
    assert back.period == period
    assert "cases_taken_in" in back.small_counts
    with pytest.raises(ConsolidationError, match="verändert"):
        decode_aggregate(data.replace(b'"cases_taken_in":3', b'"cases_taken_in":4'), manifest,
                         name)
    with pytest.raises(ConsolidationError, match="anderen Datei"):
        decode_aggregate(data, manifest, "statistik-KLN-2026-H1.json")
    # Personal data smuggled in with a fitting manifest is refused all the same.
    payload = json.loads(data)
    payload["figures"]["cases_by_nationality"] = {"Mustermann, Max": 1}
    forged = json.dumps(payload).encode()
    import hashlib

    forged_manifest = f"{hashlib.sha256(forged).hexdigest()}  {name}\n"
    with pytest.raises(ConsolidationError, match="Anzahlen"):
        decode_aggregate(forged, forged_manifest, name)


def test_consolidate_checks_periods_and_definitions():
    h1 = Period.half_year(2026, 1)
    rows = [_aggregate(d, h1) for d in District]
    statewide = consolidate(rows, definitions_version="1", definitions_sha256=definitions_digest())
    assert statewide.totals["cases_taken_in"] == 15
    assert statewide.totals["median_days_to_outcome"] is None
    with pytest.raises(ConsolidationError, match="Zeiträume"):
        consolidate([rows[0], _aggregate(District.KOELN, Period.half_year(2026, 2))],
                    definitions_version="1", definitions_sha256=definitions_digest())
    with pytest.raises(ConsolidationError, match="anderen Definitionen"):
        consolidate(rows, definitions_version="2", definitions_sha256=definitions_digest())
