#!/usr/bin/env bash
# The test command (`make test`): the whole suite, on a throw-away PostgreSQL and Redis
# started here on free loopback ports, with the browser tests in Debian's headless Chromium.
# Extra arguments go to pytest (`make test ARGS="-k audit"`).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_packages "${TEST_PACKAGES[@]}"
ensure_venv test

# The ladder of apps (pyproject.toml, [tool.importlinter]): a broken contract fails the run.
say "checking the import contracts"
contracts="$("$VENV/bin/lint-imports" --no-cache 2>&1)" \
    || { printf '%s\n' "$contracts" >&2; die "an import breaks the ladder of apps (see above)"; }

# Each run has its own servers under var/test/run.PID, so that two runs in one checkout
# (a developer's and an editor's, say) do not stop each other's database.
for old in "$VAR"/test/run.*; do  # left over from a run that was killed
    [ -d "$old" ] || continue
    kill -0 "${old##*.}" 2>/dev/null && continue
    redis_stop "$old/redis" "$(cat "$old/redis.port" 2>/dev/null || echo 0)" nosave
    pg_stop "$old/postgres"
    rm -rf "$(readlink -f "$old/postgres")" "$old"
done
T="$VAR/test/run.$$"
mkdir -p "$T"
PG_PORT="$(free_port 0)"
REDIS_PORT="$(free_port 0)"
echo "$REDIS_PORT" > "$T/redis.port"
finish() {
    redis_stop "$T/redis" "$REDIS_PORT" nosave
    pg_stop "$T/postgres"
    rm -rf "$(readlink -f "$T/postgres")" "$T"
}
trap finish EXIT
pg_start "$T/postgres" "$PG_PORT" fsync=off synchronous_commit=off full_page_writes=off max_connections=200
redis_start "$T/redis" "$REDIS_PORT" no

export DATABASE_URL="postgres://jbgs@127.0.0.1:$PG_PORT/jbgs"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export JBGS_ENV=test DJANGO_ALLOW_ASYNC_UNSAFE=true
"$PY" -m pytest -n "${JBGS_TEST_WORKERS:-2}" "$@"
