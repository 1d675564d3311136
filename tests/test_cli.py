"""The command line, run in-process (plus one run of the installed console script)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from desktop import cli
from desktop.config import DEMO_PASSPHRASE
from desktop.domain.text import fold
from desktop.services.demo import create_demo
from tests.support import FAST_KDF, MemoryKeyring

PASSPHRASE = "Lindenstraße 12 im Winter"
NEW_PASSPHRASE = "Birkenweg 3 bei Nebel und Wind"
WEAK_SLOTS = "Schlüsselfächer"


@pytest.fixture(autouse=True)
def cli_env(monkeypatch, tmp_path):
    """Fast KDF, no keyring, no passphrase unless a test sets one, a private data dir, and
    a stdin that is not a terminal."""
    monkeypatch.setenv("FALLAKTE_TEST_FAST_KDF", "1")
    monkeypatch.setenv("FALLAKTE_KEYRING", "none")
    monkeypatch.setenv("FALLAKTE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FALLAKTE_PASSPHRASE", raising=False)
    monkeypatch.delenv("FALLAKTE_NEW_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """A demo vault of 50 cases (built once; the tests only read it)."""
    path = tmp_path_factory.mktemp("cli-demo") / "demo.fallakte"
    workspace, _summary = create_demo(path, 50, kdf=FAST_KDF, keyring=MemoryKeyring().store())
    workspace.close()
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def list_cases(capsys, db: Path, *extra: str) -> list[dict]:
    code, out, err = run(capsys, "cases", "--db", str(db), "--json", *extra)
    assert code == 0, err
    return json.loads(out)


# --- init ---------------------------------------------------------------------------------

def test_init_creates_a_vault_and_shows_the_recovery_code_once(capsys, monkeypatch,
                                                               tmp_path) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    db = tmp_path / "akte.fallakte"
    code, out, err = run(capsys, "init", "--db", str(db), "--user", "anna",
                         "--display-name", "Anna Beispiel", "--district", "Köln")
    assert code == 0, err
    assert db.exists()
    assert db.with_name("akte.fallakte.keys").exists()
    assert "WIEDERHERSTELLUNGSCODE" in out
    assert "nur dieses eine Mal" in out
    recovery = [line.strip() for line in out.splitlines() if line.count("-") == 7]
    assert len(recovery) == 1
    assert PASSPHRASE not in out + err
    code, out, err = run(capsys, "cases", "--db", str(db), "--user", "anna")
    assert code == 0, err
    assert "0 Fälle" in out


def test_init_refuses_an_existing_vault(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    db = tmp_path / "akte.fallakte"
    assert run(capsys, "init", "--db", str(db))[0] == 0
    before = db.read_bytes()
    code, _out, err = run(capsys, "init", "--db", str(db))
    assert code == 1
    assert err.startswith("Fehler: ")
    assert "bereits" in err
    assert db.read_bytes() == before


def test_without_a_passphrase_and_without_a_terminal_it_is_a_usage_error(capsys,
                                                                         tmp_path) -> None:
    code, _out, err = run(capsys, "init", "--db", str(tmp_path / "x.fallakte"))
    assert code == 2
    assert "Keine Passphrase angegeben" in err
    assert "FALLAKTE_PASSPHRASE" in err
    assert not (tmp_path / "x.fallakte").exists()


def test_the_passphrase_file_gives_its_first_line(capsys, monkeypatch, tmp_path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(f"{PASSPHRASE}\r\nzweite Zeile\n", "utf-8")
    secret.chmod(0o600)
    db = tmp_path / "akte.fallakte"
    code, _out, err = run(capsys, "init", "--db", str(db), "--passphrase-file", str(secret))
    assert code == 0, err
    assert "Warnung" not in err
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "cases", "--db", str(db))[0] == 0
    code, _out, err = run(capsys, "cases", "--db", str(db), "--passphrase-file",
                          str(tmp_path / "fehlt.txt"))
    assert code == 2
    assert "kann nicht gelesen werden" in err


def test_global_options_work_before_the_command_and_data_dir_sets_the_default(
        capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    data = tmp_path / "daten"
    assert run(capsys, "--data-dir", str(data), "init")[0] == 0
    assert (data / "fallakte.fallakte").exists()
    assert run(capsys, "--data-dir", str(data), "cases", "--json")[0] == 0


# --- demo and cases -----------------------------------------------------------------------

def test_demo_builds_a_vault_with_the_public_passphrase(capsys, monkeypatch,
                                                        tmp_path) -> None:
    db = tmp_path / "demo.fallakte"
    code, out, err = run(capsys, "demo", "--db", str(db), "--cases", "50")
    assert code == 0, err
    assert DEMO_PASSPHRASE in out
    assert "öffentlich" in out
    assert "Fälle: 50" in out
    assert "Dauer:" in out
    assert "50 von 50 Fällen" in err  # the progress line
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    assert len(list_cases(capsys, db)) == 50


def test_demo_takes_a_given_passphrase(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    db = tmp_path / "demo.fallakte"
    code, out, err = run(capsys, "demo", "--db", str(db), "--cases", "3", "--seed", "5")
    assert code == 0, err
    assert DEMO_PASSPHRASE not in out
    assert PASSPHRASE not in out + err
    assert len(list_cases(capsys, db)) == 3
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    assert run(capsys, "cases", "--db", str(db))[0] == 1


def test_test_kdf_and_keyring_switches(monkeypatch) -> None:
    assert cli._kdf() == FAST_KDF
    monkeypatch.delenv("FALLAKTE_TEST_FAST_KDF")
    assert cli._kdf() is None  # the product's parameters
    assert not cli._keyring().available
    assert not cli._keyring(for_report=True).available  # FALLAKTE_KEYRING=none
    monkeypatch.delenv("FALLAKTE_KEYRING")
    assert not cli._keyring().available  # only check's report looks at the system keyring


def test_demo_refuses_an_existing_db(capsys, demo_db) -> None:
    before = demo_db.read_bytes()
    code, _out, err = run(capsys, "demo", "--db", str(demo_db), "--cases", "5")
    assert code == 1
    assert "Fehler:" in err
    assert demo_db.read_bytes() == before


def test_cases_json(capsys, monkeypatch, demo_db) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    cases = list_cases(capsys, demo_db)
    assert len(cases) == 50
    for case in cases:
        assert {"file_number", "name", "status", "status_label", "district",
                "birth_date"} <= set(case)
        assert case["status"] in {"intake", "active", "dormant", "closed"}
        assert case["file_number"].startswith(f"RRK-{case['district']}-")
    assert [c["file_number"] for c in cases] == sorted(c["file_number"] for c in cases)
    assert len(list_cases(capsys, demo_db, "--limit", "7")) == 7
    active = list_cases(capsys, demo_db, "--status", "Aktiv")
    assert active
    assert {c["status"] for c in active} == {"active"}
    koeln = list_cases(capsys, demo_db, "--district", "KLN", "--sort", "name")
    assert {c["district"] for c in koeln} == {"KLN"}


def test_cases_search_folds_diacritics(capsys, monkeypatch, demo_db) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    cases = list_cases(capsys, demo_db)
    accented = next(c for c in cases if any(ord(ch) > 127 for ch in c["name"].split(",")[0]))
    family = accented["name"].split(",")[0]
    found = list_cases(capsys, demo_db, "--search", fold(family))
    assert accented["file_number"] in {c["file_number"] for c in found}
    by_number = list_cases(capsys, demo_db, "--search", accented["file_number"])
    assert [c["file_number"] for c in by_number] == [accented["file_number"]]
    assert list_cases(capsys, demo_db, "--search", 'NEAR("') == []


def test_cases_as_a_text_table(capsys, monkeypatch, demo_db) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    code, out, err = run(capsys, "cases", "--db", str(demo_db), "--limit", "3")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Aktenzeichen", "Name", "Geburtsdatum", "Status"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == "3 Fälle"
    assert lines[2].startswith("RRK-")


def test_cases_with_a_bad_filter_is_a_usage_error(capsys, monkeypatch, demo_db) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    code, _out, err = run(capsys, "cases", "--db", str(demo_db), "--status", "erledigt")
    assert code == 2
    assert "Unbekannter Status" in err
    assert run(capsys, "cases", "--db", str(demo_db), "--limit", "-1")[0] == 2


def test_wrong_passphrase_fails_with_a_german_message(capsys, monkeypatch, demo_db) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", "falsche Passphrase 123")
    code, out, err = run(capsys, "cases", "--db", str(demo_db), "--json")
    assert code == 1
    assert out == ""
    assert err.strip() == "Fehler: Die Passphrase ist falsch."
    code, _out, err = run(capsys, "check", "--db", str(demo_db), "--user", "niemand")
    assert code == 1
    assert "Fehler:" in err


def test_a_missing_vault_is_reported(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    code, _out, err = run(capsys, "check", "--db", str(tmp_path / "nichts.fallakte"))
    assert code == 1
    assert "keinen Tresor" in err


# --- check --------------------------------------------------------------------------------

def test_check_reports_weak_test_kdf_as_the_only_failure(capsys, monkeypatch,
                                                         demo_db) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 1, err
    failed = [line for line in out.splitlines() if line.startswith("FEHLER")]
    assert len(failed) == 1
    assert WEAK_SLOTS in failed[0]
    assert sum(1 for line in out.splitlines() if line.startswith("OK")) >= 8

    code, out, _err = run(capsys, "check", "--db", str(demo_db), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert {c["name"] for c in report["checks"] if not c["ok"]} == {WEAK_SLOTS}
    assert all(set(c) == {"name", "ok", "detail"} for c in report["checks"])


# --- passwd, backup, restore --------------------------------------------------------------

def _init(capsys, monkeypatch, db: Path) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "init", "--db", str(db), "--user", "anna")[0] == 0


def test_passwd_rewraps_the_key_and_leaves_the_database_alone(capsys, monkeypatch,
                                                              tmp_path) -> None:
    db = tmp_path / "akte.fallakte"
    _init(capsys, monkeypatch, db)
    before = db.read_bytes()
    keys_before = db.with_name("akte.fallakte.keys").read_bytes()
    code, _out, err = run(capsys, "passwd", "--db", str(db))
    assert code == 2  # no new passphrase given, no terminal
    assert "neue Passphrase" in err
    monkeypatch.setenv("FALLAKTE_NEW_PASSPHRASE", NEW_PASSPHRASE)
    code, out, err = run(capsys, "passwd", "--db", str(db))
    assert code == 0, err
    assert "„anna“" in out
    assert NEW_PASSPHRASE not in out + err
    assert db.read_bytes() == before
    assert db.with_name("akte.fallakte.keys").read_bytes() != keys_before
    code, _out, err = run(capsys, "cases", "--db", str(db))
    assert code == 1
    assert "Passphrase ist falsch" in err
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", NEW_PASSPHRASE)
    assert run(capsys, "cases", "--db", str(db))[0] == 0


def test_passwd_refuses_a_too_short_passphrase(capsys, monkeypatch, tmp_path) -> None:
    db = tmp_path / "akte.fallakte"
    _init(capsys, monkeypatch, db)
    monkeypatch.setenv("FALLAKTE_NEW_PASSPHRASE", "kurz")
    code, _out, err = run(capsys, "passwd", "--db", str(db))
    assert code == 1
    assert "mindestens" in err


def test_passwd_needs_user_when_the_vault_has_several(capsys, monkeypatch, demo_db) -> None:
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", DEMO_PASSPHRASE)
    monkeypatch.setenv("FALLAKTE_NEW_PASSPHRASE", NEW_PASSPHRASE)
    before = demo_db.with_name(demo_db.name + ".keys").read_bytes()
    code, _out, err = run(capsys, "passwd", "--db", str(demo_db))
    assert code == 2
    assert "--user" in err
    assert demo_db.with_name(demo_db.name + ".keys").read_bytes() == before


def test_backup_and_restore(capsys, monkeypatch, tmp_path) -> None:
    db = tmp_path / "akte.fallakte"
    _init(capsys, monkeypatch, db)
    backup = tmp_path / "sicherung" / "akte-1.fallakte"
    code, out, err = run(capsys, "backup", "--db", str(db), "--to", str(backup))
    assert code == 0, err
    assert str(backup) in out
    assert backup.exists()
    assert backup.with_name(backup.name + ".keys").exists()
    code, _out, err = run(capsys, "backup", "--db", str(db), "--to", str(backup))
    assert code == 1
    assert "überschreibt nichts" in err

    # Change the passphrase after the backup; restoring brings the old key slots back.
    monkeypatch.setenv("FALLAKTE_NEW_PASSPHRASE", NEW_PASSPHRASE)
    assert run(capsys, "passwd", "--db", str(db))[0] == 0
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", PASSPHRASE)  # the backup's passphrase
    code, out, err = run(capsys, "restore", "--db", str(db), "--from", str(backup))
    assert code == 0, err
    assert "beiseitegelegt" in out
    kept = sorted(p.name for p in tmp_path.iterdir() if ".before-restore-" in p.name)
    assert any(name.startswith("akte.fallakte.before-restore-") for name in kept)
    assert any(name.startswith("akte.fallakte.keys.before-restore-") for name in kept)
    assert all(name in out for name in kept)
    assert run(capsys, "cases", "--db", str(db))[0] == 0
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", NEW_PASSPHRASE)
    assert run(capsys, "cases", "--db", str(db))[0] == 1


def test_restore_with_the_wrong_passphrase_changes_nothing(capsys, monkeypatch,
                                                           tmp_path) -> None:
    db = tmp_path / "akte.fallakte"
    _init(capsys, monkeypatch, db)
    backup = tmp_path / "b.fallakte"
    assert run(capsys, "backup", "--db", str(db), "--to", str(backup))[0] == 0
    before = db.read_bytes()
    monkeypatch.setenv("FALLAKTE_PASSPHRASE", "ganz falsche Passphrase")
    code, _out, err = run(capsys, "restore", "--db", str(db), "--from", str(backup))
    assert code == 1
    assert "falsch" in err
    assert db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    code, _out, err = run(capsys, "restore", "--db", str(db), "--from",
                          str(tmp_path / "fehlt.fallakte"))
    assert code == 1
    assert "gibt es nicht" in err


# --- gui and help -------------------------------------------------------------------------

def test_gui_is_started_through_desktop_app(capsys, monkeypatch, tmp_path) -> None:
    calls: list[dict] = []
    fake = types.SimpleNamespace(run_gui=lambda **kwargs: calls.append(kwargs) or 0)
    monkeypatch.setattr(cli.importlib, "import_module",
                        lambda name: fake if name == "desktop.app" else None)
    assert run(capsys, "gui", "--db", str(tmp_path / "a.fallakte"), "--demo-if-missing",
               "--idle-minutes", "5")[0] == 0
    assert run(capsys)[0] == 0  # no command: the program
    assert calls[0] == {"db": tmp_path / "a.fallakte", "data_dir": None,
                        "demo_if_missing": True, "idle_minutes": 5}
    assert calls[1] == {"db": None, "data_dir": None, "demo_if_missing": False,
                        "idle_minutes": None}


def test_help_is_german(capsys) -> None:
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert out.startswith("Aufruf: fallakte")
    assert "Einen Demo-Tresor" in out
    code, _out, err = run(capsys, "unbekannt")
    assert code == 2
    assert "Fehler:" in err


def test_the_cli_does_not_load_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import sys, desktop.cli; "
                               "print(any(m.startswith('PySide6') for m in sys.modules))"],
        capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "False"


# --- the installed console script ---------------------------------------------------------

def test_the_console_script_lists_cases(demo_db) -> None:
    script = Path(sys.executable).with_name("fallakte")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "desktop"]
    env = {**os.environ, "FALLAKTE_PASSPHRASE": DEMO_PASSPHRASE, "FALLAKTE_KEYRING": "none"}
    result = subprocess.run([*command, "cases", "--db", str(demo_db), "--json"],
                            capture_output=True, text=True, env=env, timeout=120,
                            check=False, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    cases = json.loads(result.stdout)
    assert len(cases) == 50
    assert {"file_number", "name", "status"} <= set(cases[0])
