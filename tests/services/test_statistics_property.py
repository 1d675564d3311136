"""Property: for every additive figure, the sum over the five districts equals the figure of
the whole vault (breakdowns category by category), on random cases, flags, custody records,
notices and measures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.enums import CaseFlag, CaseOutcome, CaseTrack, District, IntakeSource
from desktop.domain.statistics import FIGURES, FigureKind, Period
from tests.services.test_statistics import (
    add_case,
    add_custody,
    add_flag,
    add_measure,
    add_notice,
)
from tests.support import new_workspace

DAY0 = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=730)


def iso(offset: int) -> str:
    return (DAY0 + timedelta(days=offset)).isoformat()


cases = st.lists(st.tuples(
    st.sampled_from(list(District)), st.sampled_from(list(IntakeSource)), days,
    st.sampled_from(list(CaseTrack)), st.lists(st.sampled_from(["SY", "IQ", "AF"]),
                                               max_size=2, unique=True),
    st.one_of(st.none(), st.tuples(st.sampled_from(list(CaseOutcome)), days)),
    st.booleans(), st.sampled_from([None, *CaseFlag]), days,
    st.sampled_from(["open", "done", "cancelled"]), days), min_size=1, max_size=8)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    ws = new_workspace(tmp_path_factory.mktemp("prop"))
    yield ws
    ws.close()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=cases, start=days, length=st.integers(min_value=0, max_value=400))
def test_districts_sum_to_the_whole_vault(workspace, cases, start, length):
    with workspace.open_vault.unit_of_work() as uow:
        s = uow.session
        for (district, source, intake, track, nats, outcome, deleted, flag, released,
             measure_status, due) in cases:
            closed = None if outcome is None else (outcome[0].value, iso(intake + outcome[1]))
            case = add_case(s, district, source.value, iso(intake), track.value, tuple(nats),
                            closed[0] if closed else None, closed[1] if closed else None,
                            deleted=deleted)
            if flag is not None:
                add_flag(s, case, flag.value, iso(intake), None)
            record = add_custody(s, case, iso(released), "granted", iso(released))
            add_notice(s, record, iso(released), iso(released + due % 200))
            add_measure(s, case, measure_status, iso(due),
                        iso(due + 3) if measure_status == "done" else None)
    period = Period.range(DAY0 + timedelta(days=start),
                          DAY0 + timedelta(days=start + length))
    statistics = workspace.statistics
    whole = statistics.figures(period).values
    parts = [statistics.figures(period, district).values for district in District]
    for definition in FIGURES:
        if not definition.additive:
            continue
        if definition.kind is FigureKind.BREAKDOWN:
            keys = set(whole[definition.id]) | {k for p in parts for k in p[definition.id]}
            for key in keys:
                assert sum(p[definition.id].get(key, 0) for p in parts) == \
                    whole[definition.id].get(key, 0), (definition.id, key)
        else:
            assert sum(p[definition.id] for p in parts) == whole[definition.id], definition.id
