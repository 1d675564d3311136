"""``fallakte custody compute``: JSON in, JSON out, German errors with exit status 2."""

from __future__ import annotations

import io
import json
import sys

import pytest

from desktop import cli

KEYS = ["end", "half", "two_thirds", "half_456a", "release_day", "joint_decision", "one_third",
        "six_months", "fifteen_years", "sentences"]


def run(capsys, monkeypatch, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def compute(capsys, monkeypatch, data: object) -> dict:
    code, out, err = run(capsys, monkeypatch, "custody", "compute", stdin=json.dumps(data))
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def test_two_sentences_from_stdin(capsys, monkeypatch):
    result = compute(capsys, monkeypatch, {
        "start": "2025-10-01", "sentences": [{"years": 1}, {"months": 6}]})
    assert list(result) == KEYS
    assert result["end"] == "2027-04-01"
    assert result["joint_decision"] == "2026-09-30"
    assert result["sentences"] == [
        {"start": "2025-10-01", "end": "2026-09-30", "interrupted_after": "2026-05-31"},
        {"start": "2026-06-01", "end": "2026-11-30", "interrupted_after": None}]


def test_file_argument(capsys, monkeypatch, tmp_path):
    path = tmp_path / "strafe.json"
    path.write_text(json.dumps({"start": "2004-10-23", "credited_days": 0,
                                "sentences": [{"months": 3}]}), "utf-8")
    code, out, err = run(capsys, monkeypatch, "custody", "compute", str(path))
    assert code == 0, err
    result = json.loads(out)
    assert result["end"] == "2005-01-22"
    assert result["two_thirds"] == "2004-12-22"
    assert result["half"] is None
    assert result["release_day"] == "2005-01-21"


def test_dash_reads_stdin(capsys, monkeypatch):
    code, out, _err = run(capsys, monkeypatch, "custody", "compute", "-",
                          stdin='{"start": "2025-10-01", "sentences": [{"years": 1}]}')
    assert code == 0
    assert json.loads(out)["half"] == "2026-03-31"


def test_every_field_of_the_contract(capsys, monkeypatch):
    youth = compute(capsys, monkeypatch, {"start": "2025-12-01", "sentences": [
        {"years": 2, "kind": "youth", "interrupt_at": "half"}]})
    assert youth["one_third"] == "2026-07-31"
    assert youth["six_months"] == "2026-05-31"
    life = compute(capsys, monkeypatch, {"start": "2025-12-01", "credited_days": 30,
                                         "sentences": [{"kind": "life"}]})
    assert life["fifteen_years"] == "2040-10-31"
    assert life["end"] is None
    fine = compute(capsys, monkeypatch, {"start": "2025-03-01", "sentences": [
        {"kind": "fine_default", "day_fines": 61, "final": "2024-02-01"}]})
    assert fine["end"] == "2025-03-30"
    moved = compute(capsys, monkeypatch, {
        "start": "2026-03-01", "credited_days": 1, "sentences": [{"months": 1}],
        "settings": {"credit_method": "move_start", "fraction_method": "months"}})
    assert moved["end"] == "2026-03-27"


@pytest.mark.parametrize(("stdin", "field"), [
    ("{not json", "JSON"),
    ("[]", "Eingabe"),
    ('{"sentences": [{"years": 1}]}', "start"),
    ('{"start": "2025-10-01"}', "sentences"),
    ('{"start": "2025-10-01", "sentences": []}', "sentences"),
    ('{"start": "2025-10-01", "sentences": [{"years": 1, "kind": "adulte"}]}',
     "sentences[0].kind"),
    ('{"start": "2025-10-01", "sentences": [{"months": -2}]}', "sentences[0].months"),
    ('{"start": "2025-10-01", "sentences": [{"months": 2.5}]}', "sentences[0].months"),
    ('{"start": "2025-10-01", "sentences": [{"months": true}]}', "sentences[0].months"),
    ('{"start": "2025-10-01", "sentences": [{"months": "2"}]}', "sentences[0].months"),
    ('{"start": "2025-02-30", "sentences": [{"years": 1}]}', "start"),
    ('{"start": "01.10.2025", "sentences": [{"years": 1}]}', "start"),
    ('{"start": "2025-10-01", "credited_days": -1, "sentences": [{"years": 1}]}',
     "credited_days"),
    ('{"start": "2025-10-01", "credited_days": 400, "sentences": [{"years": 1}]}',
     "credited_days"),
    ('{"start": "2025-10-01", "sentences": [{"month": 1}]}', "sentences[0]"),
    ('{"start": "2025-10-01", "sentences": [{"kind": "fine_default", "day_fines": 4, '
     '"final": "2024-13-01"}]}', "sentences[0].final"),
    ('{"start": "2025-10-01", "sentences": [{"years": 1, "interrupt_at": "third"}]}',
     "sentences[0].interrupt_at"),
    ('{"start": "2025-10-01", "sentences": [{"years": 1}], "settings": {"credit_method": 1}}',
     "settings.credit_method"),
])
def test_bad_input_exits_2_with_a_german_message(capsys, monkeypatch, stdin, field):
    code, out, err = run(capsys, monkeypatch, "custody", "compute", stdin=stdin)
    assert code == 2
    assert out == ""
    assert err.startswith(f"Fehler: {field}: ")
    assert "Traceback" not in err


def test_missing_file(capsys, monkeypatch, tmp_path):
    code, _out, err = run(capsys, monkeypatch, "custody", "compute", str(tmp_path / "nix.json"))
    assert code == 2
    assert "kann nicht gelesen werden" in err


def test_custody_without_subcommand(capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "custody")
    assert code == 2
    assert "compute" in err


def test_help_lists_compute(capsys, monkeypatch):
    code, out, _err = run(capsys, monkeypatch, "custody", "--help")
    assert code == 0
    assert "compute" in out


# --- custody ics ---------------------------------------------------------------------------

def _vault_with_custody(tmp_path):
    from desktop.domain.cases import CaseInput, PersonInput
    from desktop.domain.custody import Sentence
    from desktop.domain.enums import CaseTrack, District, IntakeSource
    from desktop.services.custody_models import CustodyInputForm, DetentionKind
    from tests.support import PASSPHRASE, new_workspace

    workspace = new_workspace(tmp_path)
    case = workspace.cases.create(CaseInput(
        person=PersonInput("Geheimname", "Vorname"), district=District.DUESSELDORF,
        track=CaseTrack.CASE_MANAGEMENT, intake_source=IntakeSource.POLICE_REPORT,
        intake_date=__import__("datetime").date(2026, 1, 5)))
    workspace.custody.save(case.id, CustodyInputForm(
        None, "B 1", "StA 1", DetentionKind.STRAFHAFT,
        __import__("datetime").date(2026, 10, 1), 0, (Sentence(years=1),)))
    path = workspace.path
    workspace.close()
    return path, case.file_number, PASSPHRASE


def test_ics_writes_the_calendar(capsys, monkeypatch, tmp_path):
    from icalendar import Calendar

    from desktop.storage.vault import Vault
    from tests.storage.helpers import audit_events
    from tests.support import USER, MemoryKeyring

    db, file_number, passphrase = _vault_with_custody(tmp_path)
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", passphrase)
    monkeypatch.setenv("FALLAKTE_KEYRING", "none")
    out = tmp_path / "haft.ics"
    code, stdout, err = run(capsys, monkeypatch, "custody", "ics", "--db", str(db), "--out",
                            str(out), "--from", "2027-01-01", "--to", "2027-12-31")
    assert code == 0, err
    assert stdout.strip() == str(out)
    data = out.read_bytes()
    assert b"\r\n" in data
    cal = Calendar.from_ical(data)
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert f"{file_number}: Strafende" in summaries
    assert f"{file_number}: Halbstrafe § 456a" in summaries
    assert b"Geheimname" not in data
    ov = Vault(db, keyring=MemoryKeyring().store()).unlock_with_passphrase(USER, passphrase)
    try:
        events = [e for e in audit_events(ov) if e.action == "custody.export_ics"]
    finally:
        ov.close()
    assert len(events) == 1
    assert '"via":"cli"' in events[0].details.replace(" ", "")


def test_ics_with_a_bad_date_is_a_usage_error(capsys, monkeypatch, tmp_path):
    code, _out, err = run(capsys, monkeypatch, "custody", "ics", "--out",
                          str(tmp_path / "x.ics"), "--from", "2027-13-01")
    assert code == 2
    assert "kein Datum" in err
