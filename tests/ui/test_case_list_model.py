"""The case list model: ids from SQL, lines fetched lazily per page, sorting and filters in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.domain.enums import CaseFlag, CaseStatus, District
from desktop.services.read_models import CaseQuery, CaseSort
from desktop.ui.models import case_list_model
from desktop.ui.models.case_list_model import COL_FLAGS, COL_NAME, PENDING, CaseListModel


def load(qtbot, model: CaseListModel, query: CaseQuery | None = None) -> None:
    """Runs a query and waits until the ids and every line have arrived."""
    with qtbot.waitSignal(model.sig_loaded, timeout=10000):
        if query is None:
            model.refresh()
        else:
            model.set_query(query)
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: all(model.is_loaded(r) for r in range(model.rowCount())),
                    timeout=10000)


def names(model: CaseListModel) -> list[str]:
    return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]


@pytest.fixture
def model(unlocked_ctx, qtbot):
    return CaseListModel(unlocked_ctx)


def test_model_passes_the_model_tester(model, qtbot, qtmodeltester):
    load(qtbot, model, CaseQuery())
    assert model.rowCount() == 5
    qtmodeltester.check(model)


def test_lists_all_cases_with_labels(model, qtbot):
    load(qtbot, model, CaseQuery())
    assert sorted(names(model)) == ["Haddad, Yusuf", "Jørgensen, Nils", "Kovačević, Dragan",
                                    "Müller, Hans", "Şahin, Ayşe"]
    row = names(model).index("Müller, Hans")
    values = [model.data(model.index(row, c)) for c in range(model.columnCount())]
    assert values[0].startswith("RRK-DUS-2026-")
    assert values[2] == "00.00.1990"
    assert values[4] == "Eingang"
    assert values[5] == "Düsseldorf"
    assert values[6] == "MIT"
    assert values[8] == "02.03.2026"
    assert model.data(model.index(row, COL_FLAGS), Qt.ItemDataRole.ToolTipRole) == \
        CaseFlag.MIT.label
    case_id = model.data(model.index(row, 0), Qt.ItemDataRole.UserRole)
    assert case_id == model.case_id(row)
    assert model.row_of(case_id) == row


def test_search_ignores_diacritics(model, qtbot):
    load(qtbot, model, CaseQuery(search="muller"))
    assert names(model) == ["Müller, Hans"]
    load(qtbot, model, CaseQuery(search="sahin"))
    assert names(model) == ["Şahin, Ayşe"]
    load(qtbot, model, CaseQuery(search="youssef"))  # an alias
    assert names(model) == ["Haddad, Yusuf"]


def test_filters_by_status_district_and_flag(model, qtbot):
    load(qtbot, model, CaseQuery(district=District.KOELN))
    assert names(model) == ["Şahin, Ayşe"]
    load(qtbot, model, CaseQuery(status=CaseStatus.ACTIVE))
    assert model.rowCount() == 0
    load(qtbot, model, CaseQuery(status=CaseStatus.INTAKE, flag=CaseFlag.MIT))
    assert sorted(names(model)) == ["Haddad, Yusuf", "Kovačević, Dragan", "Müller, Hans"]


def test_sort_by_name_is_done_in_sql(model, qtbot):
    load(qtbot, model, CaseQuery())
    with qtbot.waitSignal(model.sig_loaded):
        model.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == CaseSort.NAME
    load(qtbot, model)
    expected = ["Haddad, Yusuf", "Jørgensen, Nils", "Kovačević, Dragan", "Müller, Hans",
                "Şahin, Ayşe"]
    assert names(model) == expected
    with qtbot.waitSignal(model.sig_loaded):
        model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    load(qtbot, model)
    assert names(model) == expected[::-1]
    # a column without an SQL order keeps the current one
    model.sort(COL_FLAGS)
    assert model.query.sort == CaseSort.NAME
    assert model.query.descending


def test_lines_are_fetched_lazily_one_request_per_page(model, qtbot, monkeypatch,
                                                        unlocked_ctx):
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 2)
    calls = []
    cases = unlocked_ctx.workspace.cases
    original = cases.rows

    def counting_rows(ids):
        calls.append(list(ids))
        return original(ids)

    monkeypatch.setattr(cases, "rows", counting_rows)
    with qtbot.waitSignal(model.sig_loaded):
        model.set_query(CaseQuery(sort=CaseSort.NAME))
    qtbot.waitUntil(lambda: model.is_loaded(0))  # the first page is fetched right away
    assert model.data(model.index(4, 0)) == PENDING
    assert model.data(model.index(4, 1)) == PENDING  # same page: no second request
    qtbot.waitUntil(lambda: model.is_loaded(4))
    assert model.data(model.index(4, COL_NAME)) == "Şahin, Ayşe"
    assert not model.is_loaded(2)
    assert [len(c) for c in calls] == [2, 1]


def test_clear_forgets_everything_and_ignores_late_answers(model, qtbot, unlocked_ctx):
    load(qtbot, model, CaseQuery())
    model.refresh()
    model.clear()
    assert model.rowCount() == 0
    qtbot.waitUntil(lambda: unlocked_ctx.runner.pending == 0)
    assert model.rowCount() == 0
    assert model.row_data(0) is None
