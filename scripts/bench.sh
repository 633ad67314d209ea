#!/usr/bin/env bash
# The benchmarks (`make bench`): on a throw-away PostgreSQL and Redis started here, like the
# tests', each bench filling a database of its own. Arguments pick a bench and its options:
#   make bench                                  every bench, full size
#   make bench ARGS="catalogue_search --items 20000"
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_packages "${TEST_PACKAGES[@]}" wrk
ensure_venv test

B="$VAR/bench/run.$$"
mkdir -p "$B"
PG_PORT="$(free_port 0)"
REDIS_PORT="$(free_port 0)"
finish() {
    redis_stop "$B/redis" "$REDIS_PORT" nosave
    pg_stop "$B/postgres"
    rm -rf "$(readlink -f "$B/postgres")" "$B"
}
trap finish EXIT
pg_start "$B/postgres" "$PG_PORT" fsync=off synchronous_commit=off full_page_writes=off max_connections=200 \
    shared_buffers=256MB work_mem=16MB
redis_start "$B/redis" "$REDIS_PORT" no

export DATABASE_URL="postgres://jbgs@127.0.0.1:$PG_PORT/jbgs"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export JBGS_ENV=development DEBUG=false
"$PY" manage.py migrate --noinput -v 0

BENCHES=(catalogue_search import_form import_demands match_demands digest bidding_storm bid_fastpath session_compliance
         session_dashboard stock_inventory)
if [ $# -gt 0 ] && [[ " ${BENCHES[*]} " == *" $1 "* ]]; then
    name="$1"; shift
    "$PY" -m "bench.$name" "$@"
else
    rc=0
    for name in "${BENCHES[@]}"; do "$PY" -m "bench.$name" "$@" || rc=1; done
    exit $rc
fi
