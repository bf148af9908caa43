#!/usr/bin/env bash
# Measure knead's readers against Python's reference readers, a big-history
# import, and whole-command timings; write the tables into docs/performance.md.
#
#   bash bench/compare_python.sh [compare_python.py options]
#
# Makes bench/.venv with the Python readers (pinned below), builds knead in
# release, then runs bench/compare_python.py. Inputs and results go to
# bench/out/ (about 1 GB, gitignored). Takes about 5 minutes on 2 cores.
# Options: --criterion also runs the criterion bench of the readers;
# --skip readers|history|commands; --no-write-doc; see --help.
# hyperfine is used for the whole-command timings when it is installed
# (`apt-get install hyperfine`); otherwise a Python loop is.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
VENV=bench/.venv

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV with $("$PYTHON" --version)"
    "$PYTHON" -m venv "$VENV"
fi
echo "== pip install (pinned; tested on Python 3.11)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    fitdecode==0.11.0 gpxpy==1.6.2 tcxreader==0.4.11 icalendar==7.3.0

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
echo "== cargo build --release -p knead-cli (target: $CARGO_TARGET_DIR)"
cargo build --release -p knead-cli

command -v hyperfine >/dev/null || echo "note: hyperfine not found; whole-command timings use a Python loop"

echo "== bench/compare_python.py $*"
exec "$VENV/bin/python" bench/compare_python.py \
    --knead "$CARGO_TARGET_DIR/release/knead" \
    --command "bash bench/compare_python.sh${*:+ $*}" "$@"
