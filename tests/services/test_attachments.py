"""AttachmentService on a real (encrypted) vault: round trip, encryption at rest, checksum,
audited export, rename, delete, and German errors with nothing half-saved."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.domain import attachments as rules
from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.enums import CaseTrack, District, IntakeSource
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError, UserFacingError
from desktop.services.attachments import AttachmentService, DamagedAttachmentError
from desktop.services.export import ExportTargetExistsError
from desktop.services.read_models import CaseDetail
from desktop.services.workspace import Workspace
from desktop.storage import audit, orm
from tests.storage.helpers import audit_events
from tests.support import new_workspace

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
    "da63f8cfc0f01f0005000201a5d6ed1c0000000049454e44ae426082")


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    yield ws
    ws.close()


@pytest.fixture
def service(workspace: Workspace) -> AttachmentService:
    return workspace.attachments


@pytest.fixture
def case(workspace: Workspace) -> CaseDetail:
    return workspace.cases.create(CaseInput(
        person=PersonInput("Kovačević", "Dragan", nationalities=("RS",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.ABH_SUBMISSION, intake_date=date(2026, 1, 5)))


def events(workspace: Workspace, prefix: str = "attachment."):
    return [e for e in audit_events(workspace.open_vault) if e.action.startswith(prefix)]


def count_rows(workspace: Workspace, model) -> int:
    engine = workspace.open_vault.engine
    assert engine is not None
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def journal_subjects(workspace: Workspace, case_id: str) -> list[str]:
    return [e.subject for e in workspace.cases.journal(case_id)]


def test_round_trip_of_bytes_type_and_checksum(service, case):
    data = b"%PDF-1.4\n" + bytes(range(256)) * 10
    view = service.add(case.id, "Bescheid ABH.pdf", data, note="  Kopie  ")
    assert view.filename == "Bescheid ABH.pdf"
    assert view.media_type == rules.PDF
    assert view.size == len(data)
    assert view.sha256 == hashlib.sha256(data).hexdigest()
    assert view.note == "Kopie"
    assert view.added_by == "Anna Beispiel"
    assert service.of_case(case.id) == [view]
    assert service.content(view.id) == data


def test_media_types_are_sniffed_from_the_bytes_not_the_name(service, case):
    png = service.add(case.id, "foto.pdf", PNG_1PX)
    txt = service.add(case.id, "notiz", "Grüße aus Köln\n".encode())
    other = service.add(case.id, "x.txt", b"\x00\x01\x02binary")
    assert (png.media_type, txt.media_type, other.media_type) == (
        rules.PNG, rules.TEXT, rules.OCTET)


def test_bytes_are_stored_encrypted(workspace, service, case):
    marker = b"KLARTEXT-MARKER-7f3a9c-" * 50
    service.add(case.id, "geheim.txt", marker)
    assert service.content(service.of_case(case.id)[0].id) == marker
    vault_path = workspace.path
    raw = b"".join(p.read_bytes() for p in vault_path.parent.iterdir()
                   if p.name.startswith(vault_path.name) and p.is_file())
    assert b"KLARTEXT-MARKER" not in raw
    assert b"geheim.txt" not in raw


def test_add_is_audited_without_name_and_journalled(workspace, service, case):
    view = service.add(case.id, "Pass Kovačević.png", PNG_1PX)
    [event] = events(workspace)
    assert event.action == "attachment.add"
    assert event.entity_id == view.id
    details = json.loads(event.details)
    assert details == {"case_id": case.id, "media_type": rules.PNG, "size": len(PNG_1PX),
                       "sha256": view.sha256}
    assert "Kovačević" not in event.details
    assert "Anlage hinzugefügt: Pass Kovačević.png" in journal_subjects(workspace, case.id)


def test_file_names_are_cleaned(service, case):
    view = service.add(case.id, "../../etc/\x00pa\x1bss\u202ewd.txt", b"abc")
    assert view.filename == "passwd.txt"
    assert service.add(case.id, r"C:\Users\x\Brief.pdf", b"abc").filename == "Brief.pdf"
    long = service.add(case.id, "ä" * 300 + ".pdf", b"abc").filename
    assert long.endswith(".pdf")
    assert len(long.encode()) <= 255


@pytest.mark.parametrize(("name", "data", "field", "words"), [
    ("leer.txt", b"", "file", "leer"),
    ("/", b"abc", "filename", "Dateinamen"),
    ("..", b"abc", "filename", "Dateinamen"),
])
def test_bad_input_gives_a_german_message_and_saves_nothing(workspace, service, case, name,
                                                            data, field, words):
    with pytest.raises(InvalidInputError) as caught:
        service.add(case.id, name, data)
    assert words in caught.value.problems[field]
    assert count_rows(workspace, orm.Attachment) == 0
    assert count_rows(workspace, orm.AttachmentContent) == 0
    assert events(workspace) == []


def test_too_large_is_refused(monkeypatch, workspace, service, case):
    monkeypatch.setattr(rules, "MAX_SIZE", 10)
    with pytest.raises(InvalidInputError) as caught:
        service.add(case.id, "gross.bin", b"x" * 11)
    assert "höchstens" in caught.value.problems["file"]
    assert count_rows(workspace, orm.Attachment) == 0


def test_unknown_case_is_not_found(workspace, service):
    with pytest.raises(NotFoundError):
        service.add("no-such-case", "a.txt", b"abc")
    assert count_rows(workspace, orm.Attachment) == 0


def test_add_file_reads_the_file(tmp_path, service, case):
    source = tmp_path / "Schreiben.txt"
    source.write_bytes(b"Hallo")
    view = service.add_file(case.id, source, note="per Post")
    assert (view.filename, view.note) == ("Schreiben.txt", "per Post")
    assert service.content(view.id) == b"Hallo"


def test_add_file_errors_are_german(tmp_path, monkeypatch, service, case):
    with pytest.raises(UserFacingError, match="gibt es nicht"):
        service.add_file(case.id, tmp_path / "fehlt.pdf")
    with pytest.raises(UserFacingError, match="Ordner"):
        service.add_file(case.id, tmp_path)
    big = tmp_path / "gross.bin"
    big.write_bytes(b"x" * 20)
    monkeypatch.setattr(rules, "MAX_SIZE", 10)
    with pytest.raises(InvalidInputError, match="höchstens"):
        service.add_file(case.id, big)
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "gesperrt.txt"
        locked.write_bytes(b"abc")
        locked.chmod(0)
        with pytest.raises(UserFacingError, match="nicht gelesen"):
            service.add_file(case.id, locked)


def test_a_checksum_mismatch_is_detected(workspace, service, case):
    view = service.add(case.id, "a.txt", b"original")
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.execute(text("UPDATE attachment_contents SET data = :d"),
                            {"d": b"gefaelscht"})
    with pytest.raises(DamagedAttachmentError, match="beschädigt"):
        service.content(view.id)


def test_opening_is_audited(workspace, service, case):
    view = service.add(case.id, "a.txt", b"abc")
    service.content(view.id)
    assert [e.action for e in events(workspace)] == ["attachment.add", "attachment.open"]


def test_export_writes_the_file_atomically_and_is_audited(tmp_path, workspace, service, case):
    data = PNG_1PX
    view = service.add(case.id, "bild.png", data)
    target = tmp_path / "out" / "Bild.png"
    target.parent.mkdir()
    assert service.export(view.id, target) == target
    assert target.read_bytes() == data
    assert [p.name for p in target.parent.iterdir()] == ["Bild.png"]  # no temp file left
    event = events(workspace)[-1]
    assert event.action == "attachment.export"
    assert json.loads(event.details) == {"case_id": case.id, "media_type": rules.PNG,
                                         "size": len(data), "sha256": view.sha256}
    with pytest.raises(ExportTargetExistsError):
        service.export(view.id, target)
    service.export(view.id, target, overwrite=True)
    with pytest.raises(UserFacingError, match="Ordner"):
        service.export(view.id, tmp_path / "fehlt" / "x.png")


def test_export_that_cannot_be_audited_leaves_no_file(tmp_path, monkeypatch, workspace,
                                                      service, case):
    view = service.add(case.id, "a.txt", b"abc")
    target = tmp_path / "a.txt"
    real = workspace.open_vault.unit_of_work
    calls = []

    def failing(*, write: bool = True):
        calls.append(write)
        if write:
            raise RuntimeError("audit failed")
        return real(write=write)

    monkeypatch.setattr(workspace.open_vault, "unit_of_work", failing)
    with pytest.raises(RuntimeError):
        service.export(view.id, target)
    assert not target.exists()


def test_rename_and_note_with_optimistic_version(workspace, service, case):
    view = service.add(case.id, "a.txt", b"abc")
    renamed = service.update(view.id, view.version, filename="Antrag.txt", note="neu")
    assert (renamed.filename, renamed.note, renamed.version) == ("Antrag.txt", "neu", 2)
    with pytest.raises(StaleDataError):
        service.update(view.id, view.version, note="alt")
    assert events(workspace)[-1].action == "attachment.update"
    assert json.loads(events(workspace)[-1].details)["fields"] == ["filename", "note"]
    assert "Anlage umbenannt: a.txt → Antrag.txt" in journal_subjects(workspace, case.id)
    with pytest.raises(InvalidInputError):
        service.update(view.id, renamed.version, filename="/")


def test_delete_is_soft_audited_and_journalled(workspace, service, case):
    view = service.add(case.id, "a.txt", b"abc")
    with pytest.raises(StaleDataError):
        service.delete(view.id, view.version + 1)
    service.delete(view.id, view.version)
    assert service.of_case(case.id) == []
    with pytest.raises(NotFoundError):
        service.content(view.id)
    assert events(workspace)[-1].action == "attachment.delete"
    assert "Anlage gelöscht: a.txt" in journal_subjects(workspace, case.id)
    assert count_rows(workspace, orm.Attachment) == 1  # soft


def test_list_does_not_read_the_bytes(workspace, service, case):
    service.add(case.id, "a.txt", b"abc")
    statements: list[str] = []
    from sqlalchemy import event

    engine = workspace.open_vault.engine

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        service.of_case(case.id)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements
    assert not any("attachment_contents" in s for s in statements)


def test_audit_chain_still_verifies(workspace, service, case):
    view = service.add(case.id, "a.txt", b"abc")
    service.content(view.id)
    service.delete(view.id, view.version)
    with workspace.open_vault.unit_of_work(write=False) as uow:
        assert audit.verify(uow.session).ok
