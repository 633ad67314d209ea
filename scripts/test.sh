#!/usr/bin/env bash
# The test command (`make test`): the whole suite, on a throw-away PostgreSQL and Redis
# started here on free loopback ports, with the browser tests in Debian's headless Chromium.
# Extra arguments go to pytest (`make test ARGS="-k audit"`).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_packages "${TEST_PACKAGES[@]}"
ensure_venv test

T="$VAR/test"
mkdir -p "$T"
pg_stop "$T/postgres"  # a cluster left over from an interrupted run
PG_PORT="$(free_port 0)"
REDIS_PORT="$(free_port 0)"
finish() {
    redis_stop "$T/redis" "$REDIS_PORT" nosave
    pg_stop "$T/postgres"
}
trap finish EXIT
pg_start "$T/postgres" "$PG_PORT" fsync=off synchronous_commit=off full_page_writes=off max_connections=200
redis_start "$T/redis" "$REDIS_PORT" no

export DATABASE_URL="postgres://jbgs@127.0.0.1:$PG_PORT/jbgs"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export JBGS_ENV=test DJANGO_ALLOW_ASYNC_UNSAFE=true
"$PY" -m pytest -n "${JBGS_TEST_WORKERS:-2}" "$@"
