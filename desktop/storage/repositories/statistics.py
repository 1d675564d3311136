"""Queries of the Fallmanagement-Statistik (definitions: ``desktop.domain.statistics``).

Every query counts live rows of live cases, optionally of one district, over a closed period
``start``–``end`` (dates compare as ISO text, as SQLite stores them). Each reads a covering
partial index of schema 0011; none loads an ORM object. Snapshots are written once and never
changed (triggers of schema 0011).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.storage import orm


@dataclass
class RawFigures:
    """What the queries count; ``desktop.services.statistics`` turns it into figures."""

    taken_in_by_source: Counter[str] = field(default_factory=Counter)
    open_at_cut_off: int = 0
    in_period_by_track: Counter[str] = field(default_factory=Counter)
    in_period_by_nationality: Counter[str] = field(default_factory=Counter)
    in_period_by_flag: Counter[str] = field(default_factory=Counter)
    closed_by_outcome: Counter[str] = field(default_factory=Counter)
    closed_days: list[int] = field(default_factory=list)
    custody_releases: int = 0
    decisions_456a: Counter[str] = field(default_factory=Counter)
    notices_sent: int = 0
    notices_in_time: int = 0
    measures_done: int = 0
    measures_overdue: int = 0


def _district(alias: str, district: str | None) -> str:
    return "" if district is None else f" AND {alias}.district = :district"


def raw_figures(session: Session, start: date, end: date, district: str | None, *,
                no_nationality: str, notice_days: int) -> RawFigures:
    params: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat(),
                              "district": district, "notice_days": notice_days,
                              "none": no_nationality}
    raw = RawFigures()

    def rows(sql: str) -> list[Any]:
        return list(session.execute(text(sql), params))

    # Cases taken in: intake date in the period.
    for source, n in rows(
            "SELECT c.intake_source, count(*) FROM cases AS c "
            "INDEXED BY ix_cases_live_statistics "
            "WHERE c.deleted_at IS NULL AND c.intake_date BETWEEN :start AND :end"
            f"{_district('c', district)} GROUP BY c.intake_source"):
        raw.taken_in_by_source[source] = n
    # Cases in the period (open on some day of it), by track and first nationality, and how
    # many of them were still open at the cut-off.
    for track, code, still_open, n in rows(
            "SELECT c.track, coalesce((SELECT pn.code FROM person_nationalities AS pn "
            "  INDEXED BY ix_person_nationalities_live_first "
            "  WHERE pn.person_id = c.person_id AND pn.deleted_at IS NULL "
            "  ORDER BY pn.position LIMIT 1), :none), "
            " (c.outcome_date IS NULL OR c.outcome_date > :end), count(*) "
            "FROM cases AS c INDEXED BY ix_cases_live_statistics "
            "WHERE c.deleted_at IS NULL AND c.intake_date <= :end "
            "AND (c.outcome_date IS NULL OR c.outcome_date >= :start)"
            f"{_district('c', district)} GROUP BY 1, 2, 3"):
        raw.in_period_by_track[track] += n
        raw.in_period_by_nationality[code] += n
        if still_open:
            raw.open_at_cut_off += n
    # Flags set on some day of the period, of cases in the period; once per case and flag.
    for flag, n in rows(
            "SELECT f.flag, count(DISTINCT f.case_id) FROM case_flags AS f "
            "INDEXED BY ix_case_flags_live_statistics "
            "JOIN cases AS c ON c.id = f.case_id "
            "WHERE f.deleted_at IS NULL AND (f.since IS NULL OR f.since <= :end) "
            "AND (f.until IS NULL OR f.until >= :start) "
            "AND c.deleted_at IS NULL AND c.intake_date <= :end "
            "AND (c.outcome_date IS NULL OR c.outcome_date >= :start)"
            f"{_district('c', district)} GROUP BY f.flag"):
        raw.in_period_by_flag[flag] = n
    # Cases closed in the period: outcome and days from intake to outcome.
    for outcome, days in rows(
            "SELECT c.outcome, CAST(julianday(c.outcome_date) - julianday(c.intake_date) "
            "AS INTEGER) FROM cases AS c INDEXED BY ix_cases_live_outcome "
            "WHERE c.deleted_at IS NULL AND c.outcome_date IS NOT NULL "
            f"AND c.outcome_date BETWEEN :start AND :end{_district('c', district)}"):
        raw.closed_by_outcome[outcome or ""] += 1
        raw.closed_days.append(int(days))
    raw.custody_releases = session.execute(text(
        "SELECT count(*) FROM custody_records AS r "
        "INDEXED BY ix_custody_records_live_released "
        "JOIN cases AS c ON c.id = r.case_id "
        "WHERE r.deleted_at IS NULL AND r.released_on IS NOT NULL "
        "AND r.released_on BETWEEN :start AND :end AND c.deleted_at IS NULL"
        f"{_district('c', district)}"), params).scalar_one()
    for decision, n in rows(
            "SELECT r.decision_456a, count(*) FROM custody_records AS r "
            "INDEXED BY ix_custody_records_live_456a "
            "JOIN cases AS c ON c.id = r.case_id "
            "WHERE r.deleted_at IS NULL AND r.decision_456a_on IS NOT NULL "
            "AND r.decision_456a_on BETWEEN :start AND :end AND c.deleted_at IS NULL"
            f"{_district('c', district)} GROUP BY r.decision_456a"):
        raw.decisions_456a[decision] = n
    sent, in_time = session.execute(text(
        "SELECT count(*), coalesce(sum(n.relevant_date IS NOT NULL AND "
        "julianday(n.relevant_date) - julianday(n.sent_on) >= :notice_days), 0) "
        "FROM custody_notices AS n INDEXED BY ix_custody_notices_live_sent "
        "JOIN custody_records AS r ON r.id = n.record_id "
        "JOIN cases AS c ON c.id = r.case_id "
        "WHERE n.deleted_at IS NULL AND n.sent_on BETWEEN :start AND :end "
        "AND r.deleted_at IS NULL AND c.deleted_at IS NULL"
        f"{_district('c', district)}"), params).one()
    raw.notices_sent, raw.notices_in_time = int(sent), int(in_time)
    raw.measures_done = session.execute(text(
        "SELECT count(*) FROM measures AS m INDEXED BY ix_measures_live_done "
        "JOIN cases AS c ON c.id = m.case_id "
        "WHERE m.deleted_at IS NULL AND m.status = 'done' "
        "AND m.done_on BETWEEN :start AND :end AND c.deleted_at IS NULL"
        f"{_district('c', district)}"), params).scalar_one()
    raw.measures_overdue = session.execute(text(
        "SELECT count(*) FROM measures AS m INDEXED BY ix_measures_live_due "
        "JOIN cases AS c ON c.id = m.case_id "
        "WHERE m.deleted_at IS NULL AND m.due_date IS NOT NULL AND m.status <> 'cancelled' "
        "AND m.due_date < :end "
        "AND (m.status = 'open' OR (m.status = 'done' AND m.done_on > :end)) "
        f"AND c.deleted_at IS NULL{_district('c', district)}"), params).scalar_one()
    return raw


# --- snapshots -----------------------------------------------------------------------------

def add_snapshot(session: Session, snapshot: orm.StatisticsSnapshot) -> None:
    session.add(snapshot)
    session.flush()


def snapshot(session: Session, snapshot_id: str) -> orm.StatisticsSnapshot | None:
    return session.get(orm.StatisticsSnapshot, snapshot_id)


def snapshots(session: Session) -> list[orm.StatisticsSnapshot]:
    """Newest first (never deleted, so no liveness filter)."""
    return list(session.scalars(select(orm.StatisticsSnapshot).order_by(
        orm.StatisticsSnapshot.created_at.desc(), orm.StatisticsSnapshot.id)))


def previous_snapshot(session: Session, current: orm.StatisticsSnapshot
                      ) -> orm.StatisticsSnapshot | None:
    """The newest snapshot of the same district made before ``current``."""
    table = orm.StatisticsSnapshot
    query = select(table).where(table.created_at < current.created_at, table.id != current.id)
    query = query.where(table.district.is_(None) if current.district is None
                        else table.district == current.district)
    return session.scalars(query.order_by(table.created_at.desc()).limit(1)).first()
