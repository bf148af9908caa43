#!/usr/bin/env bash
# The JSON API against its own OpenAPI document, with Schemathesis: no
# request, valid or not, may get a 5xx.
#
#   scripts/schemathesis.sh               about 2 minutes
#   MAX_TIME=600 scripts/schemathesis.sh  longer
#   SEED=1234 scripts/schemathesis.sh     replay a run
#
# Makes a virtualenv with a pinned Schemathesis (bench/.venv-schemathesis),
# builds knead (dev profile: overflow checks on), starts `knead serve --demo`
# on a temporary SQLite file on 127.0.0.1, signs in as the demo runner, makes
# an API token on the account page, and runs
#
#   schemathesis run http://127.0.0.1:PORT/api/v1/openapi.json \
#       -H "Authorization: Bearer TOKEN" --checks not_a_server_error ...
#
# twice, each bounded by half of MAX_TIME (and by `timeout`): first every
# operation but DELETE with the path's season id fixed to the demo season (a
# schemathesis.toml `[parameters]`), so edits, days, history, feeds and
# restores reach the planner; then every operation with the ids Schemathesis
# makes up (most are someone else's or no season: 404). Exits non-zero when a
# request got a 5xx, Schemathesis failed, or the server logged an internal
# error or a panic (its stderr is shown then). The last line counts the test
# cases that passed and failed.
#
# Needs: cargo, curl, python3 (3.9+) with venv, network access to PyPI once.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
MAX_TIME=${MAX_TIME:-120}
MAX_EXAMPLES=${MAX_EXAMPLES:-100}
TARGET=${CARGO_TARGET_DIR:-target}
VENV=$(realpath -m "${SCHEMATHESIS_VENV:-bench/.venv-schemathesis}")

say() { echo "schemathesis.sh: $*" >&2; }

work=$(mktemp -d /tmp/knead-schemathesis.XXXXXX)
wrapper_pid=""
cleanup() {
    if [[ -n $wrapper_pid ]]; then
        kill "$wrapper_pid" 2>/dev/null || true
        wait "$wrapper_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -x $VENV/bin/schemathesis ]] ||
    [[ $("$VENV/bin/schemathesis" --version 2>/dev/null) != *"$SCHEMATHESIS_VERSION"* ]]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" >&2
fi

if [[ -z ${KNEAD_BIN:-} ]]; then
    say "building knead"
    cargo build --locked -p knead-cli >&2
    KNEAD_BIN=$TARGET/debug/knead
fi

timeout --signal=TERM $((MAX_TIME + 300)) "$KNEAD_BIN" serve --demo --listen 127.0.0.1:0 \
    --database "$work/knead.db" >"$work/server.out" 2>"$work/server.err" &
wrapper_pid=$!
base=""
for _ in $(seq 1 120); do
    base=$(sed -n 's/^knead serve: listening on \([^ ]*\) .*/\1/p' "$work/server.out")
    [[ -n $base ]] && grep -q '^demo feed:' "$work/server.out" && break
    sleep 0.5
done
[[ -n $base ]] || { say "the server did not start:"; cat "$work/server.err" >&2; exit 1; }

cookie=$(curl -s -D - -o /dev/null -X POST "$base/signin" \
    -d email=demo@knead.invalid -d password=knead-demo-runner |
    sed -n 's/^set-cookie: \(knead_session=[0-9a-f]*\).*/\1/ip')
[[ -n $cookie ]] || { say "demo sign-in failed"; exit 1; }
csrf=$(curl -s -H "Cookie: $cookie" "$base/account" |
    sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
token=$(curl -s -H "Cookie: $cookie" -X POST "$base/account/tokens" -d "csrf=$csrf" -d name=st |
    grep -o 'id="newtoken"[^>]*' | sed -n 's/.*value="\(knead_[0-9a-f]*\)".*/\1/p')
[[ -n $token ]] || { say "no API token"; exit 1; }
say "server on $base, token made"

season=$(sed -n 's|^demo season: *[^ ]*/seasons/\([0-9]*\)$|\1|p' "$work/server.out")
printf '[parameters]\n"path.id" = %s\n' "$season" >"$work/fixed-id.toml"

seed=()
[[ -n ${SEED:-} ]] && seed=(--seed "$SEED")
half=$(( (MAX_TIME + 1) / 2 ))
status=0
run() { # config-file-args... -- extra run args...
    local config=()
    while [[ $1 != -- ]]; do config+=("$1"); shift; done
    shift
    # From the work folder: Schemathesis keeps a cache in .schemathesis/.
    (cd "$work" && timeout --signal=INT $((half + 120)) "$VENV/bin/schemathesis" "${config[@]}" run \
        "$base/api/v1/openapi.json" \
        -H "Authorization: Bearer $token" \
        --checks not_a_server_error \
        --max-time "$half" --max-examples "$MAX_EXAMPLES" --workers 2 \
        --request-timeout 30 --no-color --generation-database none \
        "${seed[@]}" "$@")
}
say "run 1 of 2: the demo season's id ($season), DELETE left out"
run --config-file "$work/fixed-id.toml" -- --exclude-method DELETE | tee "$work/st.txt" || status=$?
say "run 2 of 2: every operation, made-up ids"
run -- | tee -a "$work/st.txt" || status=$?

server_errors=$(grep -c -E 'internal error|panicked' "$work/server.err" || true)
if [[ $status -ne 0 ]]; then
    say "schemathesis exited with $status; the server's stderr (last 40 lines):"
    tail -n 40 "$work/server.err" >&2
fi
# Operations and test cases, from Schemathesis's own summary.
python3 - "$work/st.txt" "$status" "$server_errors" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
status, server_errors = int(sys.argv[2]), int(sys.argv[3])
tested = [int(n) for n in re.findall(r"Tested:\s+(\d+)", text)]
generated = passed = failed = 0
for m in re.finditer(r"(\d+) generated, (\d+) passed(?:, (\d+) failed)?", text):
    generated += int(m.group(1))
    passed += int(m.group(2))
    failed += int(m.group(3) or 0)
if status != 0 and failed == 0:
    failed = generated - passed
print(f"schemathesis: {passed} passed, {failed} failed "
      f"({'+'.join(map(str, tested)) or '?'} operations in {len(tested)} runs, "
      f"{generated} test cases; internal errors or panics in the server log: "
      f"{server_errors}; exit {status})")
PY
[[ $server_errors -eq 0 ]] || status=1
exit "$status"
