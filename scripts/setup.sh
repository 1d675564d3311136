#!/usr/bin/env bash
# Sets up everything Fallakte RRK needs on a fresh Debian machine with Python 3.11:
# the system libraries Qt needs (also offscreen), then a virtual environment in .venv with the
# program and its test tools. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv"

need_pkgs=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libEGL.so.1'            || need_pkgs+=(libegl1)
have_lib 'libGL.so.1'             || need_pkgs+=(libgl1)
have_lib 'libxkbcommon.so.0'      || need_pkgs+=(libxkbcommon0)
have_lib 'libfontconfig.so.1'     || need_pkgs+=(libfontconfig1)
have_lib 'libdbus-1.so.3'         || need_pkgs+=(libdbus-1-3)
have_lib 'libglib-2.0.so.0'       || need_pkgs+=(libglib2.0-0)
[ -d /usr/share/fonts/truetype/dejavu ] || need_pkgs+=(fonts-dejavu-core)
if [ "${FALLAKTE_WITH_XVFB:-0}" = "1" ]; then
    command -v xvfb-run >/dev/null 2>&1 || need_pkgs+=(xvfb xauth)
    have_lib 'libxkbcommon-x11.so.0' || need_pkgs+=(libxkbcommon-x11-0)
    have_lib 'libxcb-cursor.so.0'    || need_pkgs+=(libxcb-cursor0)
    have_lib 'libxcb-icccm.so.4'     || need_pkgs+=(libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
        libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1)
fi
if [ "${#need_pkgs[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installiere Systempakete: ${need_pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
    else
        echo "setup: bitte installieren (als root): apt-get install ${need_pkgs[*]}" >&2
    fi
fi

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.fallakte-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[dev]"
    echo "$want" > "$stamp"
fi
