"""``fallakte letter``: a draft letter of a case to its responsible ABH, written atomically,
not registered, audited as an export; German errors with a non-zero exit code."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop import cli
from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.enums import CaseTrack, District, IntakeSource, PartnerKind
from desktop.domain.partners import PartnerInput
from desktop.domain.residence import ReferenceInput, ReferenceKind
from desktop.services.workspace import VaultService
from tests.reports.pdftext import page_texts
from tests.storage.helpers import audit_events
from tests.support import FAST_KDF, PASSPHRASE, USER, MemoryKeyring, new_workspace


@pytest.fixture(autouse=True)
def cli_env(monkeypatch, tmp_path):
    monkeypatch.setenv("FALLAKTE_TEST_FAST_KDF", "1")
    monkeypatch.setenv("FALLAKTE_KEYRING", "none")
    monkeypatch.setenv("FALLAKTE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def vault(tmp_path) -> tuple[Path, str, str]:
    """A vault with a case that has an ABH (with address) and one without; returns the path
    and the two file numbers."""
    workspace = new_workspace(tmp_path, District.KOELN)
    abh = workspace.partners.create(PartnerInput(
        PartnerKind.ABH, "Stadt Köln – Ausländerbehörde", district=District.KOELN,
        street="Willy-Brandt-Platz 3", postcode="50679", city="Köln"))
    numbers = []
    for family, abh_id in (("Nowak", abh.id), ("Ohneamt", None)):
        case = workspace.cases.create(CaseInput(
            person=PersonInput(family, "Zofia", nationalities=("PL",)),
            district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
            intake_source=IntakeSource.ABH_SUBMISSION, intake_date=date(2026, 1, 5),
            responsible_abh_id=abh_id))
        workspace.residence.add_reference(case.id, ReferenceInput(ReferenceKind.ABH, "K-7/26"))
        numbers.append(case.file_number)
    path = workspace.path
    workspace.close()
    return path, numbers[0], numbers[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_letter_writes_a_draft_pdf(capsys, vault, tmp_path) -> None:
    db, number, _other = vault
    out_file = tmp_path / "weisung.pdf"
    code, out, err = run(capsys, "letter", "--db", str(db), "--case", number,
                         "--kind", "instruction", "--out", str(out_file))
    assert code == 0, err
    assert out.strip() == str(out_file)
    pdf = out_file.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page_texts(pdf))
    assert "ENTWURF" in text.upper()
    assert number in text
    assert "Stadt Köln – Ausländerbehörde" in text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    workspace = VaultService(db, kdf=FAST_KDF, keyring=MemoryKeyring().store()
                             ).unlock_with_passphrase(USER, PASSPHRASE)
    try:
        assert workspace.letters.register() == []
        [event] = [e for e in audit_events(workspace.open_vault)
                   if e.action == "letter.draft_export"]
        assert json.loads(event.details) == {"kind": "instruction", "via": "cli"}
    finally:
        workspace.close()


@pytest.mark.parametrize(("case", "kind", "message", "exit_code"), [
    ("RRK-KLN-2026-09999", "free", "keinen Fall", 1),
    (None, "brief", "Unbekannte Art", 2),
    ("other", "free", "keine zuständige Ausländerbehörde", 1),
])
def test_letter_errors_are_german(capsys, vault, tmp_path, case, kind, message,
                                  exit_code) -> None:
    db, number, other = vault
    case = {None: number, "other": other}.get(case, case)
    out_file = tmp_path / "x.pdf"
    code, _out, err = run(capsys, "letter", "--db", str(db), "--case", case, "--kind", kind,
                         "--out", str(out_file))
    assert code == exit_code
    assert message in err
    assert not out_file.exists()


@pytest.mark.parametrize(("argv", "message"), [
    (("--case", "RRK-KLN-2026-00001", "--out", "x.pdf"), "Bitte angeben: --kind."),
    (("--case", "RRK-KLN-2026-00001", "--kind", "free", "--out", "x.pdf", "--seite", "2"),
     "Unbekannte Angabe: --seite 2."),
    (("--case", "RRK-KLN-2026-00001", "--kind"), "Bei --kind fehlt der Wert."),
    (("--case", "kein-az", "--kind", "free", "--out", "x.pdf"), "kein RRK-Aktenzeichen"),
])
def test_letter_usage_errors_are_german(capsys, vault, tmp_path, monkeypatch, argv,
                                        message) -> None:
    db, _number, _other = vault
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "letter", "--db", str(db), *argv)
    assert code == (1 if "RRK-Aktenzeichen" in message else 2)
    assert message in err
    assert "the following" not in err
    assert "unrecognized" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_each_kind_renders_a_draft_to_the_responsible_abh(capsys, vault, tmp_path) -> None:
    db, number, _other = vault
    for kind in ("proposal", "instruction", "status_request", "custody_notice", "free"):
        out_file = tmp_path / f"{kind}.pdf"
        code, _out, err = run(capsys, "letter", "--db", str(db), "--case", number,
                              "--kind", kind, "--out", str(out_file))
        assert code == 0, err
        [page] = page_texts(out_file.read_bytes())
        assert "ENTWURF" in page
        assert "Stadt Köln – Ausländerbehörde" in page
        assert "Seite" not in page  # one page, no page number
