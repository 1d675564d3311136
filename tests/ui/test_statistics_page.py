"""The Statistik page on a real encrypted vault with the real statistics service: figures of a
period and district with their definitions as tooltips, the chart/table toggle, a snapshot
frozen, listed, compared and re-printed, PDF export, and the district file read back into the
statewide table."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.enums import District
from desktop.domain.statistics import figure
from desktop.domain.statistics_periods import Period
from tests.ui.conftest import sample_cases

TIMEOUT = 30000
H1 = Period.half_year(2026, 1)


def show(window, qtbot):
    page = window.statistics_page
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        window.show_statistics()
    assert window.pages.currentWidget() is page
    return page


def test_figures_charts_and_table_view(unlocked_ctx, open_window, qtbot, qtmodeltester):
    window = open_window(unlocked_ctx)
    page = show(window, qtbot)
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        page.period.set_period(H1)
    assert page.figures is not None
    assert page.figures.period == H1
    model = page.model
    qtmodeltester.check(model)
    assert model.value_of("cases_taken_in") == "5"
    assert model.value_of("cases_taken_in_by_source", "police_report") == "5"
    assert model.data(model.index(0, 0)) == figure("cases_taken_in").label
    assert figure("cases_taken_in").definition in model.data(model.index(0, 1),
                                                           Qt.ItemDataRole.ToolTipRole)
    assert page.caption.text().startswith("1. Halbjahr 2026 · gesamter Tresor · Stand 30.06.2026")

    # District: one of the five cases is Düsseldorf's, a small count marked with "*".
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        page.district.setCurrentIndex(page.district.findData(District.DUESSELDORF.value))
    assert page.model.value_of("cases_taken_in") == "1*"

    # Charts: bars over the six months; "Als Tabelle" shows the same numbers.
    page.tabs.setCurrentIndex(1)
    bars = page.bars
    assert bars.stack.currentWidget() is bars.chart_view
    bars.as_table.setChecked(True)
    assert bars.stack.currentWidget() is bars.table
    qtmodeltester.check(bars.model)
    assert bars.model.rowCount() == 6
    assert bars.model.data(bars.model.index(2, 0)) == "März 2026"
    assert bars.model.data(bars.model.index(2, 1)) == "1"
    assert len(bars.chart.series()) == 1
    bars.as_table.setChecked(False)
    assert bars.stack.currentWidget() is bars.chart_view
    page.shares.as_table.setChecked(True)
    assert page.shares.model.rowCount() >= 1


def test_snapshot_listed_compared_reprinted_and_consolidated(unlocked_ctx, open_window, qtbot,
                                                           tmp_path):
    ctx = unlocked_ctx
    window = open_window(ctx)
    page = show(window, qtbot)
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        page.period.set_period(H1)
    with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
        page.district.setCurrentIndex(page.district.findData(District.DUESSELDORF.value))
    panel = page.snapshots
    page.tabs.setCurrentWidget(panel)

    # "Stand festschreiben …" asks first, then the snapshot is listed.
    box = panel.ask_freeze()
    assert box is not None
    assert "Stand 30.06.2026" in box.text()
    with qtbot.waitSignal(panel.sig_frozen, timeout=TIMEOUT), \
            qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT):
        box.defaultButton().click()
    assert panel.model.rowCount() == 1
    assert panel.model.data(panel.model.index(0, 2)) == "Düsseldorf"
    with qtbot.waitSignal(panel.sig_compared, timeout=TIMEOUT):
        panel.compare_selected()
    assert "keinen früheren Stand" in panel.message.text()

    # A later edit does not change the frozen figures; a new snapshot differs from it.
    ctx.workspace.cases.create(sample_cases()[0])
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT):
        panel.freeze(H1, District.DUESSELDORF)
    assert panel.model.rowCount() == 2
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.sig_compared, timeout=TIMEOUT) as compared:
        panel.compare_selected()
    labels = [d.label for d in compared.args[0].differences]
    assert any(label.startswith(figure("cases_taken_in").label) for label in labels)
    assert panel.differences.rowCount() == len(labels)

    # Re-print and the district file; the file read back gives the statewide table.
    snapshot = panel.selected()
    assert snapshot is not None
    with qtbot.waitSignal(panel.sig_done, timeout=TIMEOUT):
        panel.reprint_to(snapshot.id, tmp_path / "stand.pdf")
    assert (tmp_path / "stand.pdf").read_bytes().startswith(b"%PDF")
    out = tmp_path / "bezirk"
    out.mkdir()
    with qtbot.waitSignal(panel.sig_done, timeout=TIMEOUT):
        panel.export_district_to(snapshot.id, out)
    [json_file] = out.glob("*.json")
    statewide = page.statewide
    with qtbot.waitSignal(statewide.sig_loaded, timeout=TIMEOUT):
        statewide.import_files([json_file])
    model = statewide.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Kennzahl", "Düsseldorf", "NRW gesamt"]
    assert model.value_of("cases_taken_in", column=1) == "2*"
    assert "es fehlen" in statewide.message.text()

    # The shown figures as PDF (the service writes atomically).
    with qtbot.waitSignal(page.sig_exported, timeout=TIMEOUT):
        page.export_to("pdf", tmp_path / "statistik.pdf")
    assert (tmp_path / "statistik.pdf").read_bytes().startswith(b"%PDF")
