"""ExportService on a real vault: the list as queried, the chosen columns, atomic files,
cancellation, refusal to overwrite, and one audit event without case data."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseFlag, CaseTrack, District, IntakeSource
from desktop.errors import InvalidInputError, OperationCancelled, UserFacingError
from desktop.services import export as export_module
from desktop.services.export import CASE_COLUMNS, ExportService, ExportTargetExistsError
from desktop.services.progress import Progress
from desktop.services.read_models import CaseQuery, CaseSort
from desktop.services.workspace import VaultService
from desktop.storage import orm
from tests.support import FAST_KDF, PASSPHRASE, MemoryKeyring

INTAKE = date(2026, 3, 2)
PEOPLE = [
    ("Müller", "Hans", District.DUESSELDORF, frozenset()),
    ("Şahin", "Ayşe", District.KOELN, frozenset({CaseFlag.MIT})),
    ("Kovačević", "Dragan", District.ARNSBERG, frozenset()),
    ('=HYPERLINK("x")', "Eve", District.DUESSELDORF, frozenset({CaseFlag.MEDIA_INTEREST})),
]


@pytest.fixture
def workspace(tmp_path):
    service = VaultService(tmp_path / "vault" / "akte.fallakte", kdf=FAST_KDF,
                           keyring=MemoryKeyring().store())
    (tmp_path / "vault").mkdir()
    ws, _code = service.create(user_name="anna", display_name="Anna Beispiel",
                               passphrase=PASSPHRASE)
    for family, given, district, flags in PEOPLE:
        ws.cases.create(CaseInput(
            person=PersonInput(family, given, birth_date=PartialDate(1990, 5),
                               nationalities=("TR",)),
            district=district, track=CaseTrack.CASE_MANAGEMENT,
            intake_source=IntakeSource.POLICE_REPORT, intake_date=INTAKE, flags=flags))
    yield ws
    ws.close()


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def service(workspace) -> ExportService:
    return workspace.export


def read_csv(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def export_events(workspace) -> list[orm.AuditEvent]:
    with workspace.open_vault.unit_of_work(write=False) as uow:
        return list(uow.session.execute(
            select(orm.AuditEvent).where(orm.AuditEvent.action == "case.list_export")
            .order_by(orm.AuditEvent.seq)).scalars())


def test_csv_has_the_chosen_columns_in_the_query_order(service, out):
    target = out / "Faelle.csv"
    result = service.export_cases(CaseQuery(sort=CaseSort.NAME), ["name", "intake_date"],
                                  "csv", target)
    assert result.path == target
    assert result.rows == 4
    rows = read_csv(target)
    assert rows[0] == ["Name", "Eingang"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"x\"), Eve", "Kovačević, Dragan",
                                        "Müller, Hans", "Şahin, Ayşe"]
    assert {r[1] for r in rows[1:]} == {"02.03.2026"}
    assert target.read_bytes().startswith(b"\xef\xbb\xbfName;Eingang\r\n")


def test_filters_and_search_are_respected(service, out):
    service.export_cases(CaseQuery(district=District.KOELN), ["file_number", "name"], "csv",
                         out / "koeln.csv")
    assert [r[1] for r in read_csv(out / "koeln.csv")[1:]] == ["Şahin, Ayşe"]
    service.export_cases(CaseQuery(search="kovacevic"), ["name"], "csv", out / "suche.csv")
    assert read_csv(out / "suche.csv")[1:] == [["Kovačević, Dragan"]]
    service.export_cases(CaseQuery(flag=CaseFlag.MIT), ["name", "flags"], "csv",
                         out / "mit.csv")
    assert read_csv(out / "mit.csv")[1:] == [["Şahin, Ayşe", CaseFlag.MIT.label]]


def test_xlsx_holds_every_column_as_text_or_date_never_a_formula(service, out):
    target = out / "Faelle.xlsx"
    service.export_cases(CaseQuery(), list(CASE_COLUMNS), "xlsx", target)
    sheet = load_workbook(target)["Fälle"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == list(CASE_COLUMNS.values())
    assert len(rows) == 5
    names = [r[1] for r in rows[1:]]
    assert '=HYPERLINK("x"), Eve' in names
    intake = list(CASE_COLUMNS).index("intake_date")
    assert {r[intake].date() for r in rows[1:]} == {INTAKE}
    assert all(isinstance(r[intake], datetime) for r in rows[1:])
    birth = list(CASE_COLUMNS).index("birth_date")
    assert {r[birth] for r in rows[1:]} == {"00.05.1990"}
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_progress_is_reported_in_pages(service, out, monkeypatch):
    monkeypatch.setattr(export_module, "PAGE", 3)
    seen: list[tuple[int, int, str]] = []
    service.export_cases(CaseQuery(), ["name"], "csv", out / "a.csv",
                         progress=Progress(lambda d, t, text: seen.append((d, t, text))))
    exported = [(d, t) for d, t, text in seen if text == "Fälle exportieren"]
    assert exported == [(0, 4), (3, 4), (4, 4)]
    assert seen[-1] == (4, 4, "Datei schreiben")


def test_cancelling_leaves_no_file_and_no_audit_event(service, workspace, out, monkeypatch):
    monkeypatch.setattr(export_module, "PAGE", 2)

    class CancelAfterFirstPage(Progress):
        def report(self, done: int, total: int, text: str = "") -> None:
            if done >= 2:
                self.cancel()  # as the "Abbrechen" button does from the GUI thread
            super().report(done, total, text)

    with pytest.raises(OperationCancelled):
        service.export_cases(CaseQuery(), ["name"], "xlsx", out / "a.xlsx",
                             progress=CancelAfterFirstPage())
    assert list(out.iterdir()) == []
    assert export_events(workspace) == []


def test_one_audit_event_without_case_data(service, workspace, out):
    query = CaseQuery(search="Şahin", district=District.KOELN)
    service.export_cases(query, ["file_number", "name", "status"], "xlsx", out / "a.xlsx")
    events = export_events(workspace)
    assert len(events) == 1
    details = json.loads(events[0].details)
    assert details["count"] == 1
    assert details["format"] == "xlsx"
    assert details["columns"] == ["file_number", "name", "status"]
    assert details["search"] is True
    assert details["filtered"] is True
    assert details["district"] == District.KOELN.value
    text = events[0].details
    for secret in ("Şahin", "Sahin", "Ayşe", "RRK-", str(out)):
        assert secret not in text
    assert events[0].entity_id is None


def test_refuses_to_overwrite_unless_asked(service, out):
    target = out / "da.csv"
    target.write_bytes(b"alt")
    with pytest.raises(ExportTargetExistsError):
        service.export_cases(CaseQuery(), ["name"], "csv", target)
    assert target.read_bytes() == b"alt"
    service.export_cases(CaseQuery(), ["name"], "csv", target, overwrite=True)
    assert read_csv(target)[0] == ["Name"]
    assert sorted(p.name for p in out.iterdir()) == ["da.csv"]


def test_bad_columns_format_and_folder_are_refused(service, out, workspace):
    with pytest.raises(InvalidInputError) as info:
        service.export_cases(CaseQuery(), ["name", "passport"], "csv", out / "a.csv")
    assert "columns" in info.value.problems
    with pytest.raises(InvalidInputError):
        service.export_cases(CaseQuery(), [], "csv", out / "a.csv")
    with pytest.raises(InvalidInputError) as info:
        service.export_cases(CaseQuery(), ["name"], "pdf", out / "a.pdf")  # type: ignore[arg-type]
    assert "format" in info.value.problems
    with pytest.raises(UserFacingError):
        service.export_cases(CaseQuery(), ["name"], "csv", out / "fehlt" / "a.csv")
    with pytest.raises(UserFacingError):
        service.export_cases(CaseQuery(), ["name"], "csv", out)
    assert list(out.iterdir()) == []
    assert export_events(workspace) == []


def test_an_export_that_cannot_be_audited_leaves_no_file(service, workspace, out,
                                                        monkeypatch):
    def fail(*_args, **_kwargs):
        raise RuntimeError("audit broken")

    monkeypatch.setattr(workspace.cases, "record_export", fail)
    with pytest.raises(RuntimeError):
        service.export_cases(CaseQuery(), ["name"], "csv", out / "a.csv")
    assert list(out.iterdir()) == []


def test_a_standalone_service_builds_its_own_case_service(workspace, out):
    service = ExportService(workspace.open_vault)
    assert service.export_cases(CaseQuery(), ["file_number"], "csv", out / "a.csv").rows == 4
