#!/usr/bin/env bash
# Sets everything up and runs all checks: ruff, the import-linter layer contracts, mypy on the
# Qt-free core, and the whole pytest suite (Qt offscreen; no screen needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
V=.venv/bin
echo "== ruff"; "$V/ruff" check desktop tests benchmarks
echo "== import-linter"; "$V/lint-imports" --no-cache
echo "== mypy"; "$V/mypy"
echo "== pytest"; "$V/python" -m pytest "$@"
