#!/usr/bin/env bash
# knead serve under load (docs/performance.md, "knead serve under load").
#
#   scripts/load.sh                 both backends, 20 s per endpoint
#   BACKENDS=sqlite scripts/load.sh
#   DURATION=5 scripts/load.sh      a quick look
#   ENDPOINTS="feed feed304" PERF=1 scripts/load.sh
#                                   only the feed, with a perf profile of the
#                                   server during each run (bench/out/perf-*.data)
#
# For each backend (a temporary SQLite file; a fresh schema of the PostgreSQL
# database KNEAD_TEST_POSTGRES_URL names, or of scripts/postgres.sh's, started
# and stopped again if it was not running) this builds the release binary,
# starts `knead serve --demo` on 127.0.0.1, signs in as the demo runner, makes
# an API token, starts a 52-week season from a generated plan file
# (bench/make_year_plan.py) through the API, issues its feed, and measures
# with wrk (-t THREADS -c CONNECTIONS -d DURATION --latency):
#
#   page   GET /seasons/{id}              (session cookie)
#   json   GET /api/v1/seasons/{id}       (Authorization: Bearer)
#   feed   GET /feeds/{token}.ics         (a calendar's first fetch)
#   feed304 the same with If-None-Match   (a calendar's poll: 304)
#
# It prints a Markdown table on stdout and writes it with the machine's details
# to bench/out/load-DATE.md: requests/s, p50 and p99 latency, errors (non-2xx
# or 3xx answers and socket errors), the CPU time the server used per request
# and, for a local PostgreSQL, the CPU time of the backends serving its
# connections per request (from /proc: a measure that other work on a shared
# machine disturbs less than requests/s), and the server's peak RSS (VmHWM)
# after the run. Everything it starts it stops, on any exit; each
# server is bounded by `timeout`, each wait by a count.
#
# Needs: cargo, curl, python3, wrk; psql and ss for PostgreSQL; perf for PERF=1.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
BACKENDS=${BACKENDS:-sqlite postgres}
ENDPOINTS=${ENDPOINTS:-page json feed feed304}
PERF=${PERF:-0}
TARGET=${CARGO_TARGET_DIR:-target}
KNEAD=${KNEAD:-$TARGET/release/knead}

say() { echo "load.sh: $*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { say "needs $1"; exit 1; }; }
need curl; need python3; need wrk
export PGOPTIONS=${PGOPTIONS:---client-min-messages=warning}

work=$(mktemp -d /tmp/knead-load.XXXXXX)
server_pid=""
wrapper_pid=""
schema=""
pg_admin_url=""
started_postgres=0

cleanup() {
    if [[ -n $wrapper_pid ]]; then
        kill "$wrapper_pid" 2>/dev/null || true
        wait "$wrapper_pid" 2>/dev/null || true
    fi
    if [[ -n $schema ]]; then
        psql -q "$pg_admin_url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
    fi
    if [[ $started_postgres == 1 ]]; then
        bash scripts/postgres.sh stop || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -z ${KNEAD_BIN:-} ]]; then
    say "building the release binary"
    cargo build --release --locked -p knead-cli >&2
else
    KNEAD=$KNEAD_BIN
fi
[[ -x $KNEAD ]] || { say "no binary at $KNEAD"; exit 1; }

python3 bench/make_year_plan.py >"$work/year.toml"
python3 - "$work/year.toml" >"$work/season.json" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
print(json.dumps({"name": "A year (load test)", "time_zone": "Europe/Berlin",
                  "start": {"from": "plan_file", "text": text}}))
PY

# Starts knead serve --demo on DATABASE; sets base, server_pid, wrapper_pid.
start_server() {
    local database=$1
    : >"$work/server.out"
    timeout --signal=TERM 900 "$KNEAD" serve --demo --listen 127.0.0.1:0 \
        --database "$database" >"$work/server.out" 2>"$work/server.err" &
    wrapper_pid=$!
    base=""
    for _ in $(seq 1 120); do
        base=$(sed -n 's/^knead serve: listening on \([^ ]*\) .*/\1/p' "$work/server.out")
        [[ -n $base ]] && grep -q '^demo feed:' "$work/server.out" && break
        sleep 0.5
    done
    [[ -n $base ]] || { say "the server did not start:"; cat "$work/server.err" >&2; exit 1; }
    server_pid=$(pgrep -P "$wrapper_pid" | head -n 1)
    [[ -n $server_pid ]] || { say "no server process under $wrapper_pid"; exit 1; }
}

stop_server() {
    kill "$wrapper_pid" 2>/dev/null || true
    wait "$wrapper_pid" 2>/dev/null || true
    wrapper_pid=""
    server_pid=""
}

peak_rss() { awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$server_pid/status"; }

# CPU clock ticks (user + system) a process has used.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The PostgreSQL backends serving this server's connections (a local
# cluster): their client ports are the server's ports to PostgreSQL.
pg_backends() {
    [[ $backend == postgres ]] || return 0
    local ports
    ports=$(ss -tnpH 2>/dev/null | awk -v pid="pid=$server_pid," '
        index($0, pid) { n = split($4, a, ":"); printf "%s%s", sep, a[n]; sep = "," }')
    [[ -n $ports ]] || return 0
    psql -At "$pg_admin_url" -c "SELECT pid FROM pg_stat_activity WHERE client_port IN ($ports)" 2>/dev/null || true
}
# "pid ticks" lines for these pids.
pg_ticks() { # pid...
    local p
    for p in "$@"; do echo "$p $(ticks "$p")"; done
}

# Runs wrk on URL with extra wrk headers; prints a table row.
measure() {
    local backend=$1 name=$2 url=$3; shift 3
    local args=() h perf_pid=""
    for h in "$@"; do args+=(-H "$h"); done
    say "$backend $name: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
    if [[ $PERF == 1 ]]; then
        mkdir -p bench/out
        perf record -q -F 499 -g -p "$server_pid" -o "bench/out/perf-$backend-${name//[^A-Za-z0-9]/_}.data" \
            -- sleep "$DURATION" >/dev/null 2>&1 &
        perf_pid=$!
    fi
    local k0 k1 pcpu
    k0=$(ticks "$server_pid")
    # shellcheck disable=SC2046 # one pid a word
    pg_ticks $(pg_backends) >"$work/pg-before.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s "${args[@]}" "$url" \
        >"$work/wrk.txt" 2>&1 || { cat "$work/wrk.txt" >&2; exit 1; }
    k1=$(ticks "$server_pid")
    # shellcheck disable=SC2046
    pg_ticks $(pg_backends) >"$work/pg-after.txt"
    # Backends opened during the run count from zero.
    pcpu=$(awk 'FILENAME == ARGV[1] { before[$1] = $2; next } { t += $2 - before[$1] } END { print t + 0 }' \
        "$work/pg-before.txt" "$work/pg-after.txt")
    [[ -z $perf_pid ]] || wait "$perf_pid" || true
    cat "$work/wrk.txt" >>"$work/wrk-all.txt"
    awk -v backend="$backend" -v name="$name" -v rss="$(peak_rss)" -v hz="$(getconf CLK_TCK)" \
        -v kcpu=$((k1 - k0)) -v pcpu="$pcpu" '
        /^Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = $2 }
        /^ +99%/ { p99 = $2 }
        /Non-2xx or 3xx responses:/ { bad += $NF }
        /Socket errors:/ { for (i = 3; i <= NF; i += 2) { gsub(",", "", $(i+1)); bad += $(i+1) } }
        / requests in / { n = $1 }
        END {
            us = n > 0 ? 1e6 / hz / n : 0
            pg = backend == "postgres" ? sprintf("%.0f µs", pcpu * us) : "-"
            printf "| %s | %s | %\047.0f | %s | %s | %d / %d | %.0f µs | %s | %s |\n",
                backend, name, rps, p50, p99, bad, n, kcpu * us, pg, rss
        }
    ' "$work/wrk.txt"
}

# The same checks as a client: one request each, status and size.
probe() {
    curl -s -o /dev/null -w "%{http_code} %{size_download}" "$@"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for backend in $BACKENDS; do
    case $backend in
        sqlite)
            database="$work/knead.db"
            ;;
        postgres)
            if [[ ${KNEAD_TEST_POSTGRES_URL:-} == skip ]]; then
                say "postgres skipped (KNEAD_TEST_POSTGRES_URL=skip)"
                continue
            fi
            need psql; need ss
            if [[ -n ${KNEAD_TEST_POSTGRES_URL:-} ]]; then
                pg_admin_url=$KNEAD_TEST_POSTGRES_URL
            else
                if ! pg_lsclusters --no-header 2>/dev/null | grep -q online; then
                    started_postgres=1
                fi
                pg_admin_url=$(bash scripts/postgres.sh start)
            fi
            schema="knead_load_$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
            psql -q "$pg_admin_url" -c "CREATE SCHEMA $schema" >/dev/null
            sep='?'; [[ $pg_admin_url == *\?* ]] && sep='&'
            database="${pg_admin_url}${sep}options[search_path]=$schema"
            ;;
        *) say "unknown backend $backend (sqlite or postgres)"; exit 2 ;;
    esac
    start_server "$database"
    say "$backend: server $server_pid on $base"
    cookie=$(curl -s -D - -o /dev/null -X POST "$base/signin" \
        -d email=demo@knead.invalid -d password=knead-demo-runner |
        sed -n 's/^set-cookie: \(knead_session=[0-9a-f]*\).*/\1/ip')
    [[ -n $cookie ]] || { say "demo sign-in failed"; exit 1; }
    csrf=$(curl -s -H "Cookie: $cookie" "$base/account" |
        sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
    token=$(curl -s -H "Cookie: $cookie" -X POST "$base/account/tokens" -d "csrf=$csrf" -d name=load |
        grep -o 'id="newtoken"[^>]*' | sed -n 's/.*value="\(knead_[0-9a-f]*\)".*/\1/p')
    [[ -n $token ]] || { say "no API token"; exit 1; }
    auth="Authorization: Bearer $token"
    season=$(curl -s -H "$auth" -H 'Content-Type: application/json' \
        --data-binary @"$work/season.json" "$base/api/v1/seasons" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    feed=$(curl -s -H "$auth" -H 'Content-Type: application/json' -d '{"kind": "full"}' \
        "$base/api/v1/seasons/$season/feeds" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["https"])')
    etag=$(curl -s -D - -o /dev/null "$feed" | sed -n 's/^etag: \(.*\)\r$/\1/ip')
    say "$backend: season $season, page $(probe -H "Cookie: $cookie" "$base/seasons/$season"), json $(probe -H "$auth" "$base/api/v1/seasons/$season"), feed $(probe "$feed"), feed304 $(probe -H "If-None-Match: $etag" "$feed")"
    for endpoint in $ENDPOINTS; do
        case $endpoint in
            page) rows+=("$(measure "$backend" "season page" "$base/seasons/$season" "Cookie: $cookie")") ;;
            json) rows+=("$(measure "$backend" "season JSON" "$base/api/v1/seasons/$season" "$auth")") ;;
            feed) rows+=("$(measure "$backend" "feed (200)" "$feed")") ;;
            feed304) rows+=("$(measure "$backend" "feed poll (304)" "$feed" "If-None-Match: $etag")") ;;
            *) say "unknown endpoint $endpoint (page, json, feed, feed304)"; exit 2 ;;
        esac
    done
    stop_server
    if [[ -n $schema ]]; then
        psql -q "$pg_admin_url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null
        schema=""
    fi
done

cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
    echo "- Machine: $(nproc) cores ($cpu), $mem, Linux $(uname -r); load average $load_start at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work on the machine counts too). wrk runs on the same cores as the server."
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); knead at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates || echo ' (with uncommitted changes)'), $("$KNEAD" --version), $(rustc --version)."
    echo "- wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'): \`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\`; $(psql --version 2>/dev/null || echo 'no psql')."
    echo "- Season: 52 weeks from bench/make_year_plan.py, $(grep -c 'kind = ' "$work/year.toml") workouts."
    echo
    echo "| backend | endpoint | requests/s | p50 | p99 | errors / requests | server CPU / request | PostgreSQL CPU / request | server peak RSS |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
} >"$work/table.md"
mkdir -p bench/out
out="bench/out/load-$(date -u +%Y%m%d-%H%M%S).md"
cp "$work/table.md" "$out"
cp "$work/wrk-all.txt" "${out%.md}.wrk.txt"
cat "$work/table.md"
say "written to $out (wrk's own output: ${out%.md}.wrk.txt)"
