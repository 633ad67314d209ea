# Shared shell helpers for the run and test commands. Sourced, never executed.
# Everything local lives under var/ (git-ignored): the virtualenv stamp, the
# PostgreSQL cluster, Redis' dump, uploaded files, logs.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="$ROOT/var"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1;34m[jbgs]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[jbgs]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root to run: $* (install it, or run as root)"; fi
}

# ensure_packages PKG...: apt-get install the Debian packages that are missing.
ensure_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

RUN_PACKAGES=(postgresql postgresql-contrib redis-server libpq-dev gettext fonts-noto-cjk
              libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
TEST_PACKAGES=("${RUN_PACKAGES[@]}" chromium poppler-utils nginx)

# ensure_venv EXTRAS: create .venv and install the project; skipped when
# pyproject.toml and constraints.txt have not changed since the last install.
ensure_venv() {
    local extras="${1:-}"
    local python="${PYTHON:-python3}"
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "Python 3.11 or newer is needed (found $("$python" --version 2>&1))"
    "$python" -c 'import ensurepip' 2>/dev/null || ensure_packages python3-venv
    [ -x "$PY" ] || { say "creating the virtual environment in .venv"; "$python" -m venv "$VENV"; }
    mkdir -p "$VAR"
    local stamp="$VAR/.install-${extras:-base}" spec="$ROOT"
    [ -n "$extras" ] && spec="$ROOT[$extras]"
    local want
    want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python packages ($extras)"
        "$PY" -m pip install -q --disable-pip-version-check -c "$ROOT/constraints.txt" \
            -e "$spec" 2>&1 | grep -v "is ignored" || true
        "$PY" -c 'import django, rest_framework, celery' || die "pip install failed"
        echo "$want" > "$stamp"
    fi
    "$PY" "$ROOT/manage.py" compile_catalogues --quiet
}

free_port() {  # free_port PREFERRED: PREFERRED if it is free on loopback, else any free port
    "$PY" - "$1" <<'PYEOF'
import socket, sys
def free(port):
    with socket.socket() as s:
        # Like the servers themselves, ignore connections in TIME_WAIT from a previous run.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port)); return s.getsockname()[1]
        except OSError:
            return None
print(free(int(sys.argv[1])) or free(0))
PYEOF
}

# --- PostgreSQL, project-local -------------------------------------------------------------
# initdb refuses root, so as root the cluster runs as the `postgres` user that Debian's
# package creates. When that user cannot reach var/ (a checkout under a private folder),
# the cluster lives under /var/tmp and var/ holds a symlink to it.

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
pg_user() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_prepare_dir() {  # pg_prepare_dir LINK: echo a data directory the cluster user can own
    local link="$1" user dir
    user="$(pg_user)"
    if [ -L "$link" ]; then readlink "$link"; return; fi
    install -d -o "$user" -m 700 "$link"
    if as_pg test -w "$link"; then echo "$link"; return; fi
    rmdir "$link"
    dir="/var/tmp/jbgs-$(echo "$link" | sha256sum | cut -c1-12)"
    install -d -o "$user" -m 700 "$dir"
    ln -s "$dir" "$link"
    echo "$dir"
}

# pg_start DATADIR_LINK PORT [extra postgres -c options...]
pg_start() {
    local link="$1" port="$2"; shift 2
    local bin data opts
    bin="$(pg_bin)"; [ -n "$bin" ] || die "PostgreSQL is not installed"
    data="$(pg_prepare_dir "$link")"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "initialising PostgreSQL in $link"
        as_pg "$bin/initdb" -D "$data" -U jbgs -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
    fi
    opts="-c listen_addresses=127.0.0.1 -p $port -k $data"
    for o in "$@"; do opts="$opts -c $o"; done
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "$opts" start >/dev/null \
        || { tail -n 20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
    "$bin/psql" -h 127.0.0.1 -p "$port" -U jbgs -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'jbgs'" | grep -q 1 \
        || "$bin/createdb" -h 127.0.0.1 -p "$port" -U jbgs jbgs
}

pg_stop() {
    local link="$1" data
    [ -e "$link/postmaster.pid" ] || return 0
    data="$(readlink -f "$link")"
    as_pg "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- Redis ------------------------------------------------------------------------------
redis_start() {  # redis_start DIR PORT PERSIST(yes|no)
    local dir="$1" port="$2" persist="$3"
    mkdir -p "$dir"
    local save=(--save "")
    [ "$persist" = yes ] && save=(--save "300 1")
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" "${save[@]}" --appendonly no \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
        || die "Redis did not start (see $dir/redis.log)"
    for _ in $(seq 50); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "Redis did not answer on port $port"
}

redis_stop() {
    local dir="$1" port="$2"
    redis-cli -p "$port" shutdown "$( [ "${3:-}" = nosave ] && echo nosave || echo save )" >/dev/null 2>&1 || true
    rm -f "$dir/redis.pid"
}
