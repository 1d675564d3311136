"""``fallakte statistics``: the figures of a period as JSON with stable keys; German usage
errors with exit code 2."""

from __future__ import annotations

import io
import json
import sys

import pytest

from desktop import cli
from desktop.domain.statistics import FIGURES
from tests.services.test_statistics import WHOLE, build_known_vault
from tests.support import PASSPHRASE, new_workspace


@pytest.fixture(autouse=True)
def cli_env(monkeypatch, tmp_path):
    monkeypatch.setenv("FALLAKTE_TEST_FAST_KDF", "1")
    monkeypatch.setenv("FALLAKTE_KEYRING", "none")
    monkeypatch.setenv("FALLAKTE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def db(tmp_path):
    workspace = new_workspace(tmp_path)
    build_known_vault(workspace)
    path = workspace.path
    workspace.close()
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_whole_vault_as_json(capsys, db):
    code, out, _ = run(capsys, "statistics", "--db", db, "--from", "2026-01-01",
                       "--to", "2026-06-30", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["definitions_version", "district", "cut_off", "period", "figures"]
    assert data["district"] is None
    assert data["cut_off"] == "2026-06-30"
    assert data["period"]["kind"] == "range"
    assert list(data["figures"]) == [f.id for f in FIGURES]
    assert data["figures"] == WHOLE


@pytest.mark.parametrize("name", ["Düsseldorf", "DUS", "duesseldorf"])
def test_district_by_name_or_code(capsys, db, name):
    code, out, _ = run(capsys, "statistics", "--db", db, "--from", "2026-01-01",
                       "--to", "2026-06-30", "--district", name, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["district"] == "DUS"
    assert data["figures"]["cases_taken_in"] == 3


def test_text_output(capsys, db):
    code, out, _ = run(capsys, "statistics", "--db", db, "--from", "2026-01-01",
                       "--to", "2026-06-30")
    assert code == 0
    assert "Falleingänge: 4*" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--from", "2026-13-01", "--to", "2026-06-30"], "kein Datum"),
    (["--from", "2026-07-01", "--to", "2026-06-30"], "--to liegt vor --from"),
    (["--from", "2026-01-01", "--to", "2026-06-30", "--district", "Bonn"],
     "Unbekannte Bezirksregierung"),
    (["--to", "2026-06-30"], "Bitte angeben"),
])
def test_usage_errors(capsys, db, argv, message):
    code, _, err = run(capsys, "statistics", "--db", db, *argv, "--json")
    assert code == 2
    assert message in err
