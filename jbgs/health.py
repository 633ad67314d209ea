"""GET /healthz: is each part the portal needs working? 200 when all are, 503 otherwise."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jbgs.tasks import heartbeat_key

log = logging.getLogger(__name__)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_redis() -> str:
    client = cache._cache.get_client(write=True)
    client.ping()
    return "ok"


def _check_queue(queue: str) -> str:
    """A queue is served when a worker of it ran beat's heartbeat recently (or just started)."""
    beat = cache.get(heartbeat_key(queue))
    if beat is None:
        raise RuntimeError(f"no heartbeat from a worker of the {queue} queue yet")
    age = time.time() - float(beat)
    if age > settings.CELERY_HEARTBEAT_MAX_AGE:
        raise RuntimeError(f"last heartbeat of the {queue} queue {age:.0f} s ago")
    return "ok"


def check_celery() -> str:
    """The background jobs: imports, PDFs, e-mail."""
    return _check_queue("default")


def check_clock() -> str:
    """The bidding's clock (lots opening and closing), on a worker of its own."""
    return _check_queue("clock")


CHECKS = {"database": check_database, "redis": check_redis, "celery": check_celery, "clock": check_clock}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports every failure, whatever it is
            results[name] = f"error: {exc.__class__.__name__}: {exc}"[:200]
    return results


@never_cache
@require_GET
def healthz(request):
    """Public: each part is "ok" or "error". What went wrong (hosts, ports, messages) goes to
    the log and to `manage.py health`, not to whoever asks."""
    checks = run_checks()
    for name, value in checks.items():
        if value != "ok":
            log.warning("health check %s failed: %s", name, value)
    ok = all(value == "ok" for value in checks.values())
    public = {name: "ok" if value == "ok" else "error" for name, value in checks.items()}
    return JsonResponse({"status": "ok" if ok else "error", "checks": public}, status=200 if ok else 503)
