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
