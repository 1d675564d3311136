#!/usr/bin/env bash
# Sets everything up and starts Fallakte RRK. Without a vault it opens the demo vault of
# synthetic cases. Without a screen (no DISPLAY) it runs on a virtual X screen (Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    FALLAKTE_WITH_XVFB=1 bash scripts/setup.sh
    echo "Kein Bildschirm gefunden – Fallakte RRK läuft auf einem virtuellen Bildschirm (Xvfb)."
    exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/fallakte gui --demo-if-missing "$@"
fi
bash scripts/setup.sh
exec .venv/bin/fallakte gui --demo-if-missing "$@"
