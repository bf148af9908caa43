#!/usr/bin/env bash
# PostgreSQL for knead's store tests, on Debian, as root, without systemd.
#
#   scripts/postgres.sh start   install PostgreSQL if it is missing (one
#                               apt-get update), create and start the cluster,
#                               create role knead (password knead) and database
#                               knead_test, then print the URL on stdout
#   scripts/postgres.sh stop    stop the cluster
#   scripts/postgres.sh url     print the URL
#
# CI:  export KNEAD_TEST_POSTGRES_URL="$(scripts/postgres.sh start)"
#      cargo test ...; scripts/postgres.sh stop
# Messages go to stderr, so stdout is the URL alone.
set -euo pipefail

ROLE=knead
PASSWORD=knead
DATABASE=knead_test
CLUSTER=main

say() { echo "postgres.sh: $*" >&2; }

# Run SQL as the postgres superuser (from /tmp: postgres cannot read root's cwd).
as_postgres() { (cd /tmp && su postgres -c "$*"); }

installed() {
    command -v pg_ctlcluster >/dev/null 2>&1 &&
        compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

newest_version() {
    local version
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
    [[ -n $version ]] || { say "no PostgreSQL server under /usr/lib/postgresql"; exit 1; }
    echo "$version"
}

# The status (online, down) and port of the cluster, from pg_lsclusters.
cluster_field() { # version column
    pg_lsclusters --no-header | awk -v v="$1" -v c="$CLUSTER" -v f="$2" '$1 == v && $2 == c { print $f }'
}

url() {
    local port
    port=$(cluster_field "$(newest_version)" 3)
    echo "postgres://$ROLE:$PASSWORD@127.0.0.1:${port:-5432}/$DATABASE"
}

start() {
    [[ $(id -u) -eq 0 ]] || { say "run as root (it installs and starts PostgreSQL)"; exit 1; }
    if ! installed; then
        say "installing PostgreSQL"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    local version port status
    version=$(newest_version)
    if [[ -z $(cluster_field "$version" 2) ]]; then
        say "creating cluster $version/$CLUSTER"
        pg_createcluster "$version" "$CLUSTER" >&2
    fi
    status=$(cluster_field "$version" 4)
    if [[ $status != online ]]; then
        say "starting cluster $version/$CLUSTER"
        pg_ctlcluster "$version" "$CLUSTER" start >&2
    fi
    port=$(cluster_field "$version" 3)
    for _ in $(seq 1 60); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 0.5
    done
    pg_isready -q -h 127.0.0.1 -p "$port" || { say "PostgreSQL did not become ready on port $port"; exit 1; }
    as_postgres "psql -q -v ON_ERROR_STOP=1 -p $port" >&2 <<SQL
DO \$\$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        ALTER ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD';
    ELSE
        CREATE ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD';
    END IF;
END
\$\$;
SQL
    if [[ $(as_postgres "psql -tAq -p $port -c \"SELECT 1 FROM pg_database WHERE datname = '$DATABASE'\"") != 1 ]]; then
        as_postgres "createdb -p $port -O $ROLE $DATABASE" >&2
    fi
    url
}

stop() {
    local version
    installed || { say "PostgreSQL is not installed"; return 0; }
    version=$(newest_version)
    if [[ $(cluster_field "$version" 4) == online ]]; then
        pg_ctlcluster "$version" "$CLUSTER" stop >&2
        say "stopped cluster $version/$CLUSTER"
    else
        say "cluster $version/$CLUSTER is not running"
    fi
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
