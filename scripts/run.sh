#!/usr/bin/env bash
# The run command (`make run`): installs what is missing, starts a project-local PostgreSQL
# and Redis unless DATABASE_URL / REDIS_URL point elsewhere, migrates, loads the demo data
# once, then runs the web server, a Celery worker and Celery beat until Ctrl-C.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_packages "${RUN_PACKAGES[@]}"
ensure_venv ""
mkdir -p "$VAR/log"

STARTED_PG="" STARTED_REDIS="" PIDS=()
stop_all() {
    # Stop everything even when the terminal is gone or the output was piped into a `tee`
    # that Ctrl-C has already ended: a failed write must not end this before the services.
    trap - EXIT INT TERM HUP
    trap '' PIPE
    set +e
    say "stopping"
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -n "$STARTED_REDIS" ] && redis_stop "$VAR/redis" "$STARTED_REDIS"
    [ -n "$STARTED_PG" ] && pg_stop "$VAR/postgres"
    say "stopped; data kept in var/"
}
trap stop_all EXIT
trap 'exit 130' INT TERM
trap 'exit 129' HUP

# Ports chosen on the first run are kept, so var/services.env stays valid.
[ -f "$VAR/ports" ] && source "$VAR/ports"
if [ -z "${DATABASE_URL:-}" ]; then
    PG_PORT="$(free_port "${PG_PORT:-54329}")"
    pg_start "$VAR/postgres" "$PG_PORT"
    STARTED_PG="$PG_PORT"
    export DATABASE_URL="postgres://jbgs@127.0.0.1:$PG_PORT/jbgs"
fi
if [ -z "${REDIS_URL:-}" ]; then
    REDIS_PORT="$(free_port "${REDIS_PORT:-63790}")"
    redis_start "$VAR/redis" "$REDIS_PORT" yes
    STARTED_REDIS="$REDIS_PORT"
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi
printf 'PG_PORT=%s\nREDIS_PORT=%s\n' "${PG_PORT:-}" "${REDIS_PORT:-}" > "$VAR/ports"
# Lets `.venv/bin/python manage.py …` in another terminal find the same services.
printf 'DATABASE_URL=%s\nREDIS_URL=%s\n' "$DATABASE_URL" "$REDIS_URL" > "$VAR/services.env"

"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo --if-empty

WEB_PORT="$(free_port "${PORT:-8000}")"
"$PY" manage.py runserver "127.0.0.1:$WEB_PORT" &
PIDS+=($!)
# Two workers: the bidding's clock on its own, so that no import or PDF delays a close.
"$VENV/bin/celery" -A config worker -Q default -n default@%h -l info --concurrency 2 >"$VAR/log/worker.log" 2>&1 &
PIDS+=($!)
"$VENV/bin/celery" -A config worker -Q clock -n clock@%h -l info --concurrency 1 >"$VAR/log/clock.log" 2>&1 &
PIDS+=($!)
"$VENV/bin/celery" -A config beat -l info >"$VAR/log/beat.log" 2>&1 &
PIDS+=($!)

"$PY" manage.py seed_demo --print-accounts
say "portal: http://127.0.0.1:$WEB_PORT/   (health: /healthz, API docs: /api/docs/)"
say "Celery logs: var/log/worker.log, var/log/clock.log, var/log/beat.log. Ctrl-C stops everything."
wait -n "${PIDS[@]}" || true
say "a process exited; shutting the rest down"
