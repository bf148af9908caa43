#!/usr/bin/env bash
# The whole test suite, with the services it needs: starts PostgreSQL (installed
# from Debian's packages if missing; scripts/postgres.sh) for the store tests,
# runs `cargo test --workspace`, then the browser tests of `knead serve` in a
# headless Chromium on SQLite and PostgreSQL (scripts/browser.sh, which installs
# Chromium, chromedriver and python3-venv if missing), and stops PostgreSQL
# again, whatever happens.
#
# Already have a database? Set KNEAD_TEST_POSTGRES_URL and run
# `cargo test --workspace` yourself (or KNEAD_TEST_POSTGRES_URL=skip to leave
# the PostgreSQL suite out on purpose).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z ${KNEAD_TEST_POSTGRES_URL:-} ]]; then
    KNEAD_TEST_POSTGRES_URL="$(bash scripts/postgres.sh start)"
    export KNEAD_TEST_POSTGRES_URL
    trap 'bash scripts/postgres.sh stop || true' EXIT
fi

cargo test --workspace --locked "$@"

bash scripts/browser.sh
