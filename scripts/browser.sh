#!/usr/bin/env bash
# knead serve's pages in a real headless Chromium (tests/browser/test_browser.py).
#
#   bash scripts/browser.sh                          the browser tests
#   bash scripts/browser.sh --screenshots docs/screenshots
#                                                    the tests, then the docs' screenshots
#
# Installs what is missing: Chromium, its chromedriver and python3-venv from
# Debian's packages (as root), and the pinned Python packages of
# tests/browser/requirements.txt into .venv-browser. Fails when any of that
# cannot be had: nothing is skipped. Builds the knead binary (cargo build -p
# knead-cli; KNEAD_BIN=path uses that binary instead).
#
# The tests start `knead serve` themselves on a temporary SQLite database, and
# on a fresh schema of PostgreSQL as well when KNEAD_TEST_POSTGRES_URL is a
# postgres:// URL (scripts/test.sh sets it). The last line is
# `browser: N passed, M failed`; the exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "browser.sh: $*" >&2; }

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
VENV=.venv-browser
export CHROMIUM CHROMEDRIVER

apt_install() {
    [[ $(id -u) -eq 0 ]] || { say "missing $*: run as root, or: apt-get install $*"; exit 1; }
    say "installing $*"
    if pgrep -x apt-get >/dev/null || pgrep -x dpkg >/dev/null; then
        say "waiting for another apt-get/dpkg to finish"
        while pgrep -x apt-get >/dev/null || pgrep -x dpkg >/dev/null; do sleep 2; done
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

missing=()
[[ -x $CHROMIUM ]] || missing+=(chromium)
[[ -x $CHROMEDRIVER ]] || missing+=(chromium-driver)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [[ ${KNEAD_TEST_POSTGRES_URL:-skip} != skip ]] && ! command -v psql >/dev/null; then
    missing+=(postgresql-client)
fi
if ((${#missing[@]})); then
    apt_install "${missing[@]}"
fi
[[ -x $CHROMIUM && -x $CHROMEDRIVER ]] || { say "no Chromium at $CHROMIUM or chromedriver at $CHROMEDRIVER"; exit 1; }

# The virtual environment, rebuilt when requirements.txt changes.
stamp=$VENV/.requirements
if ! cmp -s tests/browser/requirements.txt "$stamp" 2>/dev/null; then
    say "installing the Python packages into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r tests/browser/requirements.txt
    cp tests/browser/requirements.txt "$stamp"
fi

if [[ -n ${KNEAD_BIN:-} ]]; then
    knead=$KNEAD_BIN
else
    cargo build -q -p knead-cli --locked
    knead=${CARGO_TARGET_DIR:-target}/debug/knead
fi
[[ -x $knead ]] || { say "no knead binary at $knead"; exit 1; }

exec "$VENV/bin/python" tests/browser/test_browser.py --knead "$knead" "$@"
