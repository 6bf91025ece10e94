#!/usr/bin/env bash
# Load the CSV output of `vnplan convert` into PostgreSQL.
#
#   scripts/load-postgres.sh [--no-schema] [--sql FILE]... OUT_DIR [DBNAME]
#   scripts/load-postgres.sh --temp-server [--sql FILE]... OUT_DIR
#
# Default mode: connect to an existing server with psql (connection from the usual PGHOST,
# PGPORT, PGUSER, ... environment; DBNAME, when given, overrides PGDATABASE), create the tables
# of schemas/postgres.sql (unless --no-schema: the tables exist already), load the seven CSV
# files in one transaction, and print the row count of each table.
#
# --temp-server: start a throwaway PostgreSQL cluster (initdb) in a new temporary directory,
# listening only on a unix socket inside that directory (no TCP), load into database `vnplan`,
# print the counts, stop the server and delete the directory. Run as root, the server runs as
# the `postgres` user (PostgreSQL refuses to run as root). Exit status 77 means "skipped": this
# machine has no PostgreSQL (psql, or the server programs initdb, pg_ctl, postgres).
#
# --sql FILE: after loading, run FILE (e.g. queries) with psql and print its results as CSV.
#
# Output on stdout: one line per table, `<table><TAB><rows>`, in load order; then the results
# of the --sql files. Any error (bad CSV, violated key or constraint) aborts the load: the
# transaction is rolled back and the exit status is 1. Foreign keys are checked at COMMIT.
set -euo pipefail

TABLES=(documents sections tables agencies tasks task_agencies legal_refs)
SKIP=77

usage() {
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
die() {
    echo "load-postgres: $*" >&2
    exit 1
}

temp_server=false
no_schema=false
sql_files=()
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --temp-server) temp_server=true ;;
        --no-schema) no_schema=true ;;
        --sql)
            [ $# -ge 2 ] || usage
            [ -r "$2" ] || die "$2: not readable"
            case "$2" in
                /*) sql_files+=("$2") ;;
                *) sql_files+=("$PWD/$2") ;;
            esac
            shift
            ;;
        -h | --help) usage ;;
        --) shift; args+=("$@"); break ;;
        -*) usage ;;
        *) args+=("$1") ;;
    esac
    shift
done
[ ${#args[@]} -ge 1 ] && [ ${#args[@]} -le 2 ] || usage
$temp_server && [ ${#args[@]} -eq 2 ] && die "--temp-server always uses database vnplan; give only OUT_DIR"
$temp_server && $no_schema && die "--temp-server starts from an empty database; --no-schema makes no sense there"

out_dir="$(cd "${args[0]}" 2>/dev/null && pwd)" || die "${args[0]}: not a directory"
schema="$(cd "$(dirname "$0")/.." && pwd)/schemas/postgres.sql"
[ -r "$schema" ] || die "$schema: not readable"
for t in "${TABLES[@]}"; do
    [ -r "$out_dir/$t.csv" ] || die "$out_dir/$t.csv: missing (run vnplan convert with --format csv)"
done
if [ "$(head -c 3 "$out_dir/documents.csv" | od -An -tx1 | tr -d ' \n')" = efbbbf ]; then
    die "$out_dir: this is --excel-safe output (BOM, cells prefixed with '); convert again without --excel-safe"
fi
if ! command -v psql >/dev/null; then
    if $temp_server; then
        echo "load-postgres: skipped: psql not found; install PostgreSQL (Debian: apt-get install postgresql)" >&2
        exit $SKIP
    fi
    die "psql not found (install the PostgreSQL client)"
fi

# The psql options every call uses: no ~/.psqlrc, stop at the first error, quiet.
psql_opts=(-X -q -v ON_ERROR_STOP=1)

# find_pg_bin NAME: the server program NAME from PATH, else from the newest
# /usr/lib/postgresql/<version>/bin (Debian and Ubuntu do not put it on PATH).
find_pg_bin() {
    local p
    if p="$(command -v "$1")"; then
        echo "$p"
        return 0
    fi
    for p in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$p/$1" ]; then
            echo "$p/$1"
            return 0
        fi
    done
    return 1
}

tmp=""
pg_ctl=""
as_server_user=()
load_sql=""
cleanup() {
    [ -z "$load_sql" ] || rm -f "$load_sql"
    if [ -n "$tmp" ]; then
        if [ -n "$pg_ctl" ] && [ -f "$tmp/data/postmaster.pid" ]; then
            "${as_server_user[@]}" "$pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

if $temp_server; then
    initdb="$(find_pg_bin initdb)" && pg_ctl="$(find_pg_bin pg_ctl)" && find_pg_bin postgres >/dev/null || {
        echo "load-postgres: skipped: no PostgreSQL server programs (initdb, pg_ctl, postgres) found on PATH or in /usr/lib/postgresql/*/bin; install them (Debian: apt-get install postgresql)" >&2
        exit $SKIP
    }
    server_user="$(id -un)"
    if [ "$(id -u)" -eq 0 ]; then
        # PostgreSQL refuses to run as root: run the server as `postgres`; psql stays root.
        id postgres >/dev/null 2>&1 || die "running as root and there is no postgres user to run the server as"
        server_user=postgres
        command -v runuser >/dev/null || die "running as root and runuser (util-linux) is missing"
        as_server_user=(runuser -u postgres --)
    fi
    # The socket path ($tmp/.s.PGSQL.5432) must stay under the 107-byte limit of unix sockets,
    # and the server user must be able to reach the directory.
    base="${TMPDIR:-/tmp}"
    [ ${#base} -le 60 ] && [ "$server_user" = "$(id -un)" ] || base=/tmp
    tmp="$(mktemp -d "$base/vnplan-pg.XXXXXX")"
    [ "$server_user" = "$(id -un)" ] || chown "$server_user" "$tmp"
    "${as_server_user[@]}" "$initdb" -D "$tmp/data" -U "$server_user" --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$tmp/initdb.log" 2>&1 || {
        cat "$tmp/initdb.log" >&2
        die "initdb failed"
    }
    "${as_server_user[@]}" "$pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$tmp' -c fsync=off" start >/dev/null || {
        cat "$tmp/server.log" >&2
        die "the temporary server did not start"
    }
    export PGHOST="$tmp" PGUSER="$server_user" PGDATABASE=postgres
    unset PGPORT PGSERVICE PGPASSWORD PGHOSTADDR
    psql "${psql_opts[@]}" -c "CREATE DATABASE vnplan ENCODING 'UTF8' TEMPLATE template0"
    export PGDATABASE=vnplan
elif [ ${#args[@]} -eq 2 ]; then
    export PGDATABASE="${args[1]}"
fi

# PostgreSQL 15 can check that each CSV header names the table's columns, in order.
version="$(psql "${psql_opts[@]}" -A -t -c 'SHOW server_version_num')" || die "cannot connect to the server (see the psql error above)"
header=true
[ "$version" -lt 150000 ] || header=match

# Load from inside OUT_DIR, so \copy takes bare file names and any OUT_DIR path works.
load_sql="$(mktemp "${TMPDIR:-/tmp}/vnplan-load.XXXXXX")"
{
    $no_schema || echo "\\i '$(printf '%s' "$schema" | sed "s/'/''/g")'"
    for t in "${TABLES[@]}"; do
        echo "\\copy $t FROM '$t.csv' WITH (FORMAT csv, HEADER $header, ENCODING 'UTF8')"
    done
    echo "ANALYZE;"
} >"$load_sql"
status=0
(cd "$out_dir" && psql "${psql_opts[@]}" --single-transaction -f "$load_sql") || status=$?
[ $status -eq 0 ] || die "loading $out_dir failed (nothing was committed)"

counts=""
i=0
for t in "${TABLES[@]}"; do
    i=$((i + 1))
    counts+="${counts:+ UNION ALL }SELECT '$t', count(*), $i FROM $t"
done
psql "${psql_opts[@]}" -A -t -F $'\t' -c "SELECT name, n FROM ($counts) AS c (name, n, ord) ORDER BY ord"
for f in ${sql_files[@]+"${sql_files[@]}"}; do
    psql "${psql_opts[@]}" --csv -f "$f"
done
