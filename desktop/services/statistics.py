"""The Fallmanagement-Statistik (docs/statistics_api.md): figures of a period and district,
frozen snapshots and their comparison, PDF/XLSX reports and the statewide consolidation."""

from __future__ import annotations

import json
import statistics as stats
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain import statistics_consolidation as consolidation
from desktop.domain.enums import CaseOutcome, District
from desktop.domain.statistics import (
    DEFINITIONS_VERSION,
    FIGURES,
    NO_NATIONALITY,
    NOTICE_IN_TIME_DAYS,
    FigureValue,
    Period,
    PeriodKind,
    canonical_figures,
    definitions_digest,
    duration_bucket,
    empty_breakdown,
    figures_sha256,
    months_of,
    periods_of_year,
)
from desktop.domain.statistics_consolidation import DistrictAggregate, Statewide
from desktop.errors import InvalidInputError, NotFoundError, UserFacingError
from desktop.exchange import statistics_xlsx
from desktop.reports import statistics as statistics_pdf
from desktop.services.statistics_models import (
    SnapshotComparison,
    SnapshotSummary,
    SnapshotView,
    StatisticsFigures,
    differences,
)
from desktop.storage import orm
from desktop.storage.fileio import write_atomic
from desktop.storage.repositories import statistics as repo
from desktop.storage.repositories.statistics import RawFigures
from desktop.storage.vault import OpenVault

Clock = Callable[[], date]


def assemble(raw: RawFigures) -> dict[str, FigureValue]:
    """The figures, keyed by id in FIGURES order, from what the queries counted."""

    def fixed(figure_id: str, counts: dict[str, int]) -> dict[str, int]:
        out = empty_breakdown(figure_id)
        for key, n in counts.items():
            out[key] = out.get(key, 0) + n
        return out

    buckets = empty_breakdown("days_to_outcome")
    for days in raw.closed_days:
        buckets[duration_bucket(days)] += 1
    decisions = {k: n for k, n in raw.decisions_456a.items() if k != "none"}
    values: dict[str, FigureValue] = {
        "cases_taken_in": sum(raw.taken_in_by_source.values()),
        "cases_taken_in_by_source": fixed("cases_taken_in_by_source",
                                          dict(raw.taken_in_by_source)),
        "cases_open_at_cut_off": raw.open_at_cut_off,
        "cases_closed": len(raw.closed_days),
        "cases_closed_by_outcome": fixed("cases_closed_by_outcome",
                                         dict(raw.closed_by_outcome)),
        "cases_in_period": sum(raw.in_period_by_track.values()),
        "cases_by_nationality": dict(sorted(raw.in_period_by_nationality.items())),
        "cases_by_flag": fixed("cases_by_flag", dict(raw.in_period_by_flag)),
        "cases_by_track": fixed("cases_by_track", dict(raw.in_period_by_track)),
        "custody_releases": raw.custody_releases,
        "custody_deportations": raw.closed_by_outcome.get(
            CaseOutcome.DEPORTED_FROM_CUSTODY.value, 0),
        "custody_456a_decisions": fixed("custody_456a_decisions", decisions),
        "custody_notices_sent": raw.notices_sent,
        "custody_notices_in_time": raw.notices_in_time,
        "measures_done": raw.measures_done,
        "measures_overdue": raw.measures_overdue,
        "median_days_to_outcome": (float(stats.median(raw.closed_days))
                                   if raw.closed_days else None),
        "days_to_outcome": buckets,
    }
    return {f.id: values[f.id] for f in FIGURES}


class StatisticsService:
    def __init__(self, vault: OpenVault, *, today: Clock = date.today) -> None:
        self._vault = vault
        self._today = today

    # --- figures ---------------------------------------------------------------------------

    def figures(self, period: Period, district: District | None = None) -> StatisticsFigures:
        """The figures of ``period`` for ``district`` (``None``: the whole vault). A read."""
        return self.series([period], district)[0]

    def series(self, periods: Sequence[Period], district: District | None = None
               ) -> tuple[StatisticsFigures, ...]:
        out = []
        with self._vault.unit_of_work(write=False) as uow:
            for period in periods:
                raw = repo.raw_figures(uow.session, period.start, period.end,
                                       None if district is None else district.value,
                                       no_nationality=NO_NATIONALITY,
                                       notice_days=NOTICE_IN_TIME_DAYS)
                out.append(StatisticsFigures(period, district, period.cut_off, assemble(raw)))
        return tuple(out)

    # --- snapshots -------------------------------------------------------------------------

    def snapshots(self) -> tuple[SnapshotSummary, ...]:
        with self._vault.unit_of_work(write=False) as uow:
            return tuple(_summary(row) for row in repo.snapshots(uow.session))

    def create_snapshot(self, period: Period, district: District | None = None
                        ) -> SnapshotView:
        """Freezes the figures "Stand <cut-off>"; audited (period, district, SHA-256)."""
        if period.end > self._today():
            raise InvalidInputError({"period": "Der Stichtag liegt in der Zukunft."})
        actor = self._vault.actor
        user = next((u for u in self._vault.keys.users if u.user_id == actor.user_id), None)
        with self._vault.unit_of_work() as uow:
            raw = repo.raw_figures(uow.session, period.start, period.end,
                                   None if district is None else district.value,
                                   no_nationality=NO_NATIONALITY,
                                   notice_days=NOTICE_IN_TIME_DAYS)
            values = assemble(raw)
            row = orm.StatisticsSnapshot(
                period_kind=period.kind.value, period_start=period.start,
                period_end=period.end, district=None if district is None else district.value,
                cut_off=period.cut_off, created_by=actor.user_id,
                created_by_name=user.display_name if user else actor.name,
                figures=canonical_figures(values), sha256=figures_sha256(values),
                definitions_version=DEFINITIONS_VERSION)
            repo.add_snapshot(uow.session, row)
            uow.audit("statistics.snapshot", "statistics_snapshot", row.id,
                      {"period": period.key,
                       "district": None if district is None else district.value,
                       "sha256": row.sha256, "definitions_version": DEFINITIONS_VERSION})
            return _view(row)

    def snapshot(self, snapshot_id: str) -> SnapshotView:
        with self._vault.unit_of_work(write=False) as uow:
            return _view(_load(uow.session, snapshot_id))

    def compare(self, snapshot_id: str, previous_id: str | None = None) -> SnapshotComparison:
        with self._vault.unit_of_work(write=False) as uow:
            current = _load(uow.session, snapshot_id)
            previous = (_load(uow.session, previous_id) if previous_id is not None
                        else repo.previous_snapshot(uow.session, current))
            now = _view(current)
            if previous is None:
                return SnapshotComparison(now.summary, None, ())
            before = _view(previous)
            return SnapshotComparison(now.summary, before.summary,
                                      differences(before.figures.values, now.figures.values))

    # --- reports ---------------------------------------------------------------------------

    def _source(self, snapshot_id: str | None, figures: StatisticsFigures | None
                ) -> tuple[StatisticsFigures, SnapshotSummary | None]:
        if (snapshot_id is None) == (figures is None):
            raise ValueError("exactly one of snapshot_id and figures")
        if snapshot_id is not None:
            view = self.snapshot(snapshot_id)
            return view.figures, view.summary
        assert figures is not None
        return figures, None

    def export_pdf(self, target: Path, *, snapshot_id: str | None = None,
                   figures: StatisticsFigures | None = None,
                   series_kind: PeriodKind | None = None) -> Path:
        """The report: bars over time, shares by outcome, tables, definitions appendix."""
        shown, summary = self._source(snapshot_id, figures)
        periods = (months_of(shown.period) if series_kind in (None, PeriodKind.MONTH)
                   else _periods_within(shown.period, series_kind))
        series = self.series(periods, shown.district)
        data = statistics_pdf.render_statistics_report(statistics_pdf.StatisticsReport(
            title="Fallmanagement-Statistik",
            period_label=shown.period.label,
            district_label=("gesamter Tresor" if shown.district is None
                            else f"Bezirksregierung {shown.district.label}"),
            cut_off=shown.cut_off,
            values=shown.values,
            series=tuple((f.period.short_label, f.values) for f in series),
            snapshot_note=(None if summary is None else
                           f"Eingefrorener Stand vom {summary.created_at:%d.%m.%Y %H:%M} UTC, "
                           f"erstellt von {summary.created_by}; SHA-256 {summary.sha256}")))
        write_atomic(target, data)
        return target

    def export_xlsx(self, target: Path, *, snapshot_id: str | None = None,
                    figures: StatisticsFigures | None = None) -> Path:
        shown, _ = self._source(snapshot_id, figures)
        columns = [("Wert", shown.values)]
        data = statistics_xlsx.figures_workbook(
            title=f"{shown.period.label} · Stand {shown.cut_off:%d.%m.%Y}", columns=columns)
        write_atomic(target, data)
        return target

    # --- consolidation ---------------------------------------------------------------------

    def export_consolidation(self, snapshot_id: str, target_dir: Path) -> tuple[Path, Path]:
        """The snapshot as an aggregate-only file and its SHA-256 manifest."""
        view = self.snapshot(snapshot_id)
        summary = view.summary
        if summary.district is None:
            raise UserFacingError("Für die Zusammenführung wird ein Stand einer "
                                  "Bezirksregierung gebraucht; dieser Stand gilt für den "
                                  "gesamten Tresor.")
        if not view.definitions_current:
            raise UserFacingError("Dieser Stand beruht auf älteren Definitionen der Kennzahlen "
                                  "und lässt sich nicht mehr zusammenführen.")
        aggregate = DistrictAggregate(
            summary.district, summary.period, summary.cut_off, DEFINITIONS_VERSION,
            definitions_digest(), summary.id, summary.sha256,
            summary.created_at.isoformat(timespec="seconds"), view.figures.values, ())
        data, manifest = consolidation.encode_aggregate(aggregate)
        name = consolidation.consolidation_file_name(summary.district, summary.period)
        file = target_dir / name
        manifest_file = target_dir / f"{name}{consolidation.MANIFEST_SUFFIX}"
        write_atomic(file, data)
        write_atomic(manifest_file, manifest.encode("utf-8"))
        return file, manifest_file

    def import_consolidation(self, files: Sequence[Path]) -> Statewide:
        """The five files (and their ``.sha256`` manifests) as one statewide table."""
        aggregates = []
        for file in files:
            manifest = file.with_name(file.name + consolidation.MANIFEST_SUFFIX)
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise UserFacingError(f"{file.name}: Die Datei lässt sich nicht lesen.") from exc
            try:
                manifest_text = manifest.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UserFacingError(f"{file.name}: Die Prüfsummendatei {manifest.name} fehlt "
                                      "oder ist unlesbar.") from exc
            try:
                aggregates.append(consolidation.decode_aggregate(data, manifest_text,
                                                                 file.name))
            except consolidation.ConsolidationError as exc:
                raise UserFacingError(str(exc)) from exc
        try:
            return consolidation.consolidate(aggregates,
                                             definitions_version=DEFINITIONS_VERSION,
                                             definitions_sha256=definitions_digest())
        except consolidation.ConsolidationError as exc:
            raise UserFacingError(str(exc)) from exc

    def export_statewide_xlsx(self, statewide: Statewide, target: Path) -> Path:
        columns = [(row.district.label, row.figures) for row in statewide.rows]
        columns.append(("NRW gesamt", statewide.totals))
        data = statistics_xlsx.figures_workbook(
            title=f"{statewide.period.label} · Stand {statewide.cut_off:%d.%m.%Y} · landesweit",
            columns=columns)
        write_atomic(target, data)
        return target


def _periods_within(period: Period, kind: PeriodKind | None) -> tuple[Period, ...]:
    if kind is None or kind is PeriodKind.RANGE:
        return (period,)
    out: list[Period] = []
    for year in range(period.start.year, period.end.year + 1):
        out.extend(p for p in periods_of_year(year, kind)
                   if p.start >= period.start and p.end <= period.end)
    return tuple(out) or (period,)


def _load(session: Any, snapshot_id: str) -> orm.StatisticsSnapshot:
    row = repo.snapshot(session, snapshot_id)
    if row is None:
        raise NotFoundError("Der Stand der Statistik wurde nicht gefunden.")
    return row


def _summary(row: orm.StatisticsSnapshot) -> SnapshotSummary:
    return SnapshotSummary(
        row.id, Period.of(PeriodKind(row.period_kind), row.period_start, row.period_end),
        None if row.district is None else District(row.district), row.cut_off, row.created_at,
        row.created_by_name, row.sha256, row.definitions_version)


def _view(row: orm.StatisticsSnapshot) -> SnapshotView:
    summary = _summary(row)
    values = json.loads(row.figures)
    if figures_sha256(values) != row.sha256:
        raise UserFacingError(f"Der Stand „{summary.label}“ ist beschädigt: die SHA-256-"
                              "Prüfsumme der Zahlen stimmt nicht.")
    return SnapshotView(summary, StatisticsFigures(summary.period, summary.district,
                                                   summary.cut_off, values),
                        row.definitions_version == DEFINITIONS_VERSION)
