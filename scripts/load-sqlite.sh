#!/usr/bin/env bash
# Load the CSV output of `vnplan convert` into an SQLite database with the sqlite3 shell.
#
#   scripts/load-sqlite.sh [--no-schema] OUT_DIR DB_FILE
#
# Creates the tables of schemas/sqlite.sql in DB_FILE (unless --no-schema: they exist already),
# imports the seven CSV files in one transaction with foreign keys enforced, checks that
# `PRAGMA foreign_key_check` finds nothing, and prints the row count of each table as
# `<table><TAB><rows>` lines. Any error rolls the whole load back (exit status 1).
# Needs sqlite3 3.32 or later (for `.import --csv --skip`).
set -euo pipefail

TABLES=(documents sections tables agencies tasks task_agencies legal_refs)

usage() {
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
die() {
    echo "load-sqlite: $*" >&2
    exit 1
}

no_schema=false
args=()
for a in "$@"; do
    case "$a" in
        --no-schema) no_schema=true ;;
        -h | --help) usage ;;
        -*) usage ;;
        *) args+=("$a") ;;
    esac
done
[ ${#args[@]} -eq 2 ] || usage
out_dir="$(cd "${args[0]}" 2>/dev/null && pwd)" || die "${args[0]}: not a directory"
db="${args[1]}"
case "$db" in /*) ;; *) db="$PWD/$db" ;; esac
schema="$(cd "$(dirname "$0")/.." && pwd)/schemas/sqlite.sql"
command -v sqlite3 >/dev/null || die "sqlite3 not found (Debian: apt-get install sqlite3)"
for t in "${TABLES[@]}"; do
    [ -r "$out_dir/$t.csv" ] || die "$out_dir/$t.csv: missing (run vnplan convert with --format csv)"
done
if [ "$(head -c 3 "$out_dir/documents.csv" | od -An -tx1 | tr -d ' \n')" = efbbbf ]; then
    die "$out_dir: this is --excel-safe output (BOM, cells prefixed with '); convert again without --excel-safe"
fi

# sqlite3 dot-commands take double-quoted arguments with backslash escapes.
quote() {
    local s="${1//\\/\\\\}"
    printf '"%s"' "${s//\"/\\\"}"
}

# Import from inside OUT_DIR, so .import takes bare file names.
status=0
{
    echo ".bail on"
    $no_schema || echo ".read $(quote "$schema")"
    echo "PRAGMA foreign_keys = ON;"
    echo "BEGIN;"
    for t in "${TABLES[@]}"; do
        echo ".import --csv --skip 1 $t.csv $t"
    done
    echo "COMMIT;"
} | (cd "$out_dir" && sqlite3 -batch "$db") || status=$?
[ $status -eq 0 ] || die "loading $out_dir into $db failed (nothing was committed)"

dangling="$(sqlite3 -batch "$db" "PRAGMA foreign_key_check;")"
[ -z "$dangling" ] || die "rows whose foreign keys do not resolve (table|rowid|parent|fk):"$'\n'"$dangling"
counts=""
i=0
for t in "${TABLES[@]}"; do
    i=$((i + 1))
    counts+="${counts:+ UNION ALL }SELECT '$t' AS name, count(*) AS n, $i AS ord FROM $t"
done
sqlite3 -batch -separator $'\t' "$db" "SELECT name, n FROM ($counts) ORDER BY ord;"
