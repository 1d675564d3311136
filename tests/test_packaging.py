"""`pip install .` ships every package, the migrations and the resources."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "desktop").rglob("__init__.py")}
    assert found | {"desktop.resources"} == listed


@pytest.mark.slow
def test_wheel_contains_resources_and_migrations(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
         "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("fallakte_rrk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("desktop/resources/seed/partners.json",
                     "desktop/storage/migrations/env.py",
                     "desktop/storage/migrations/versions/0001_initial_schema.py",
                     "desktop/resources/fonts/DejaVuSans.ttf",
                     "desktop/resources/fonts/DejaVuSans-Bold.ttf",
                     "desktop/resources/fonts/LICENSE-DejaVu.txt",
                     "desktop/cli.py", "desktop/ui/main_window.py"):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "fallakte = desktop.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
