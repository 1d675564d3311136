"""The Fallmanagement-Statistik on a hand-built vault whose every figure is known, snapshots
(immutable by trigger and by service), comparison, reports and the consolidation round trip."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop.domain.enums import CaseOutcome, District
from desktop.domain.statistics import FIGURES, Period, PeriodKind, figures_sha256
from desktop.errors import InvalidInputError, NotFoundError, UserFacingError
from desktop.services.statistics import StatisticsService
from desktop.storage import orm
from tests.support import new_workspace

H1 = Period.half_year(2026, 1)
TODAY = date(2026, 11, 24)
_numbers = itertools.count(1)


def d(text: str) -> date:
    return date.fromisoformat(text)


def add_case(session, district: District, source: str, intake: str, track: str,
             nationalities: tuple[str, ...] = (), outcome: str | None = None,
             outcome_on: str | None = None, deleted: bool = False) -> orm.Case:
    person = orm.Person(family_name=f"Person{next(_numbers)}")
    session.add(person)
    session.flush()
    for position, code in enumerate(nationalities):
        session.add(orm.PersonNationality(person_id=person.id, code=code, position=position))
    case = orm.Case(
        file_number=f"RRK-{district.value}-2026-{next(_numbers):05d}", district=district.value,
        person_id=person.id, track=track, status="closed" if outcome else "active",
        outcome=outcome, outcome_date=d(outcome_on) if outcome_on else None,
        intake_source=source, intake_date=d(intake),
        deleted_at=datetime.now(UTC) if deleted else None)
    session.add(case)
    session.flush()
    return case


def add_flag(session, case: orm.Case, flag: str, since: str | None, until: str | None = None,
             deleted: bool = False) -> None:
    session.add(orm.CaseFlagRow(case_id=case.id, flag=flag,
                                since=d(since) if since else None,
                                until=d(until) if until else None,
                                deleted_at=datetime.now(UTC) if deleted else None))


def add_custody(session, case: orm.Case, released: str | None, decision: str = "none",
                decided: str | None = None, deleted: bool = False) -> orm.CustodyRecord:
    record = orm.CustodyRecord(
        case_id=case.id, detention_kind="strafhaft", start=d("2025-01-01"), sentences="[]",
        released_on=d(released) if released else None, decision_456a=decision,
        decision_456a_on=d(decided) if decided else None,
        deleted_at=datetime.now(UTC) if deleted else None)
    session.add(record)
    session.flush()
    return record


def add_notice(session, record: orm.CustodyRecord, sent: str, relevant: str | None) -> None:
    session.add(orm.CustodyNotice(record_id=record.id, sent_on=d(sent), relevant_kind="end",
                                  relevant_date=d(relevant) if relevant else None))


def add_measure(session, case: orm.Case, status: str, due: str | None,
                done: str | None = None, deleted: bool = False) -> None:
    session.add(orm.Measure(case_id=case.id, title="Passersatz", owner="rrk", status=status,
                            due_date=d(due) if due else None, done_on=d(done) if done else None,
                            deleted_at=datetime.now(UTC) if deleted else None))


def build_known_vault(workspace) -> None:
    """Eight cases in Düsseldorf and Köln around the first half of 2026 (see the test for
    what each contributes)."""
    dus, kln = District.DUESSELDORF, District.KOELN
    with workspace.open_vault.unit_of_work() as uow:
        s = uow.session
        a = add_case(s, dus, "police_report", "2026-02-01", "case_management", ("SY",),
                     "deported", "2026-05-01")
        b = add_case(s, dus, "abh_submission", "2025-11-01", "voluntary_return", ("IQ", "SY"))
        c = add_case(s, dus, "abh_submission", "2026-03-15", "case_management", (),
                     "deported_from_custody", "2026-06-30")
        dd = add_case(s, dus, "press_report", "2025-01-10", "case_management", ("TR",),
                      "voluntary_departure", "2025-12-31")
        e = add_case(s, kln, "facility_report", "2026-06-30", "voluntary_return", ("AF",))
        add_case(s, kln, "police_report", "2026-07-01", "case_management", ("AF",))
        g = add_case(s, dus, "police_report", "2026-01-05", "case_management", ("SY",),
                     "other", "2026-08-01")
        h = add_case(s, dus, "police_report", "2026-02-02", "case_management", ("SY",),
                     deleted=True)
        add_flag(s, a, "mit", "2026-01-01")
        add_flag(s, b, "custody", "2025-01-01", "2025-12-31")
        add_flag(s, c, "custody", "2026-03-20")
        add_flag(s, e, "media_interest", "2026-07-02")
        add_flag(s, g, "danger_potential", "2026-01-01", deleted=True)
        add_flag(s, dd, "mit", "2025-01-10")
        add_flag(s, h, "mit", "2026-02-02")
        rec1 = add_custody(s, c, "2026-06-30", "granted", "2026-04-01")
        rec2 = add_custody(s, b, None, "requested", "2025-12-01")
        rec3 = add_custody(s, e, "2026-02-01", "refused", "2026-02-01")
        add_custody(s, a, "2026-03-01", deleted=True)
        add_notice(s, rec1, "2026-01-10", "2026-06-01")  # 142 days: in time
        add_notice(s, rec1, "2026-05-01", "2026-06-01")  # 31 days: late
        add_notice(s, rec3, "2026-01-15", None)          # no relevant date: not in time
        add_notice(s, rec2, "2025-12-20", "2026-06-01")  # before the period
        add_notice(s, rec3, "2026-03-03", "2026-06-01")  # exactly 90 days: in time
        add_measure(s, a, "done", "2026-02-01", "2026-03-01")
        add_measure(s, b, "open", "2026-06-01")
        add_measure(s, b, "open", "2026-06-30")
        add_measure(s, g, "done", "2026-05-01", "2026-07-15")
        add_measure(s, e, "cancelled", "2026-01-01")
        add_measure(s, e, "open", None)
        add_measure(s, c, "done", None, "2026-06-30")
        add_measure(s, h, "open", "2026-01-01")
        add_measure(s, b, "open", "2026-01-01", deleted=True)


WHOLE = {
    "cases_taken_in": 4,
    "cases_taken_in_by_source": {"police_report": 2, "press_report": 0, "abh_submission": 1,
                                 "facility_report": 1, "proactive": 0},
    "cases_open_at_cut_off": 3,
    "cases_closed": 2,
    "cases_closed_by_outcome": {o.value: 0 for o in CaseOutcome} | {
        "deported": 1, "deported_from_custody": 1},
    "cases_in_period": 5,
    "cases_by_nationality": {"AF": 1, "IQ": 1, "SY": 2, "XX": 1},
    "cases_by_flag": {"mit": 1, "negative_social_behaviour": 0, "danger_potential": 0,
                      "media_interest": 0, "custody": 1},
    "cases_by_track": {"voluntary_return": 2, "case_management": 3},
    "custody_releases": 2,
    "custody_deportations": 1,
    "custody_456a_decisions": {"requested": 0, "granted": 1, "refused": 1},
    "custody_notices_sent": 4,
    "custody_notices_in_time": 2,
    "measures_done": 2,
    "measures_overdue": 2,
    "median_days_to_outcome": 98.0,
    "days_to_outcome": {"0-90": 1, "91-180": 1, "181-365": 0, "366-730": 0, "731+": 0},
}


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path)
    build_known_vault(ws)
    yield ws
    ws.close()


@pytest.fixture
def service(workspace) -> StatisticsService:
    return StatisticsService(workspace.open_vault, today=lambda: TODAY)


def test_every_figure_of_the_whole_vault(service):
    figures = service.figures(H1)
    assert list(figures.values) == [f.id for f in FIGURES]
    for figure_id, expected in WHOLE.items():
        assert figures.values[figure_id] == expected, figure_id


def test_every_figure_of_one_district(service):
    dus = service.figures(H1, District.DUESSELDORF).values
    kln = service.figures(H1, District.KOELN).values
    assert dus["cases_taken_in"] == 3
    assert kln["cases_taken_in"] == 1
    assert dus["cases_open_at_cut_off"] == 2
    assert kln["cases_open_at_cut_off"] == 1
    assert dus["cases_in_period"] == 4
    assert kln["cases_in_period"] == 1
    assert dus["cases_by_nationality"] == {"IQ": 1, "SY": 2, "XX": 1}
    assert kln["cases_by_nationality"] == {"AF": 1}
    assert dus["custody_releases"] == 1
    assert kln["custody_releases"] == 1
    assert dus["custody_456a_decisions"] == {"requested": 0, "granted": 1, "refused": 0}
    assert (dus["custody_notices_sent"], dus["custody_notices_in_time"]) == (2, 1)
    assert (kln["custody_notices_sent"], kln["custody_notices_in_time"]) == (2, 1)
    assert (dus["measures_done"], dus["measures_overdue"]) == (2, 2)
    assert (kln["measures_done"], kln["measures_overdue"]) == (0, 0)
    assert kln["median_days_to_outcome"] is None
    assert kln["cases_closed"] == 0
    assert service.figures(H1, District.MUENSTER).values["cases_in_period"] == 0


def test_a_month_and_the_json_form(service):
    may = service.figures(Period.month(2026, 5)).to_json()
    assert may["period"] == {"kind": "month", "start": "2026-05-01", "end": "2026-05-31",
                             "label": "Mai 2026"}
    assert may["district"] is None
    assert may["cut_off"] == "2026-05-31"
    figures = may["figures"]
    assert isinstance(figures, dict)
    assert figures["cases_closed"] == 1
    assert figures["median_days_to_outcome"] == 89.0
    assert figures["cases_taken_in"] == 0
    json.dumps(may)


def test_series_over_the_months(service):
    months = service.series([Period.month(2026, m) for m in range(1, 7)])
    assert [f.count("cases_taken_in") for f in months] == [1, 1, 1, 0, 0, 1]


def test_snapshot_freezes_the_figures(service, workspace):
    view = service.create_snapshot(H1, District.DUESSELDORF)
    assert view.summary.label == "1. Halbjahr 2026 · Düsseldorf · Stand 30.06.2026"
    assert view.summary.created_by == "Anna Beispiel"
    assert view.figures.values["cases_taken_in"] == 3
    assert view.summary.sha256 == figures_sha256(view.figures.values)
    # A later edit changes the live figures, never the snapshot.
    with workspace.open_vault.unit_of_work() as uow:
        add_case(uow.session, District.DUESSELDORF, "proactive", "2026-04-01", "case_management")
    assert service.figures(H1, District.DUESSELDORF).values["cases_taken_in"] == 4
    again = service.snapshot(view.summary.id)
    assert again.figures.values["cases_taken_in"] == 3
    assert again.definitions_current
    assert [s.id for s in service.snapshots()] == [view.summary.id]


def test_snapshot_is_immutable_in_the_database(service, workspace):
    view = service.create_snapshot(H1)
    with pytest.raises(IntegrityError, match="frozen"), \
            workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(text("UPDATE statistics_snapshots SET figures = '{}'"))
    with pytest.raises(IntegrityError, match="never deleted"), \
            workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(text("DELETE FROM statistics_snapshots"))
    assert service.snapshot(view.summary.id).figures.values == view.figures.values


def test_snapshot_refuses_a_future_cut_off_and_unknown_ids(service):
    with pytest.raises(InvalidInputError):
        service.create_snapshot(Period.year(2026))
    with pytest.raises(NotFoundError):
        service.snapshot("nope")


def test_compare_with_the_last_snapshot(service, workspace):
    first = service.create_snapshot(H1, District.DUESSELDORF)
    assert service.compare(first.summary.id).previous is None
    with workspace.open_vault.unit_of_work() as uow:
        add_case(uow.session, District.DUESSELDORF, "proactive", "2026-04-01", "case_management",
                 ("SY",))
    second = service.create_snapshot(H1, District.DUESSELDORF)
    service.create_snapshot(H1, District.KOELN)  # another district is not "the last one"
    comparison = service.compare(second.summary.id)
    assert comparison.previous is not None
    assert comparison.previous.id == first.summary.id
    changed = {(x.figure_id, x.key): (x.before, x.after, x.delta)
               for x in comparison.differences}
    assert changed[("cases_taken_in", None)] == (3, 4, 1)
    assert changed[("cases_taken_in_by_source", "proactive")] == (0, 1, 1)
    assert changed[("cases_by_nationality", "SY")] == (2, 3, 1)
    assert ("cases_closed", None) not in changed


def test_reports_are_written(service, tmp_path):
    view = service.create_snapshot(H1, District.DUESSELDORF)
    pdf = service.export_pdf(tmp_path / "s.pdf", snapshot_id=view.summary.id)
    assert pdf.read_bytes().startswith(b"%PDF")
    live = service.export_pdf(tmp_path / "l.pdf", figures=service.figures(Period.year(2025)),
                              series_kind=PeriodKind.QUARTER)
    assert live.stat().st_size > 1000
    xlsx = service.export_xlsx(tmp_path / "s.xlsx", snapshot_id=view.summary.id)
    assert xlsx.read_bytes()[:2] == b"PK"


def _five_files(service, tmp_path: Path, workspace) -> list[Path]:
    files = []
    for district in District:
        view = service.create_snapshot(H1, district)
        file, manifest = service.export_consolidation(view.summary.id, tmp_path)
        assert manifest.read_text().endswith(f"  {file.name}\n")
        files.append(file)
    return files


def test_consolidation_round_trip(service, tmp_path, workspace):
    files = _five_files(service, tmp_path, workspace)
    payload = json.loads(files[2].read_text())  # Düsseldorf
    assert "Person" not in files[2].read_text()
    assert "RRK-" not in files[2].read_text()
    assert "cases_taken_in" in payload["small_counts"]  # small counts are kept and marked
    statewide = service.import_consolidation(files)
    assert statewide.missing == ()
    whole = service.figures(H1).values
    for definition in FIGURES:
        if definition.additive:
            assert statewide.totals[definition.id] == whole[definition.id], definition.id
        else:
            assert statewide.totals[definition.id] is None
    assert service.export_statewide_xlsx(statewide, tmp_path / "nrw.xlsx").exists()
    partial = service.import_consolidation(files[:2])
    assert partial.missing == (District.DUESSELDORF, District.KOELN, District.MUENSTER)


def test_consolidation_detects_tampering_and_mismatches(service, tmp_path, workspace):
    files = _five_files(service, tmp_path, workspace)
    data = files[2].read_bytes().replace(b'"cases_taken_in":3', b'"cases_taken_in":9')
    assert data != files[2].read_bytes()
    files[2].write_bytes(data)
    with pytest.raises(UserFacingError, match="verändert"):
        service.import_consolidation(files)
    other = tmp_path / "other"
    other.mkdir()
    q1 = service.create_snapshot(Period.quarter(2026, 1), District.KOELN)
    odd, _ = service.export_consolidation(q1.summary.id, other)
    with pytest.raises(UserFacingError, match="Zeiträume"):
        service.import_consolidation([files[0], odd])
    with pytest.raises(UserFacingError, match="zwei Dateien"):
        service.import_consolidation([files[0], files[0]])
    whole = service.create_snapshot(H1)
    with pytest.raises(UserFacingError, match="Bezirksregierung"):
        service.export_consolidation(whole.summary.id, other)
