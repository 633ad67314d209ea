"""GET /healthz checks the three parts for real: PostgreSQL, Redis, and a Celery worker fed
by beat's heartbeat through Redis."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from config.celery import app
from jbgs.health import run_checks
from jbgs.tasks import heartbeat, heartbeat_key


@pytest.fixture
def real_worker():
    """A real Celery worker thread consuming from the test Redis, with eager mode off."""
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=5,
            queues=["default", "clock"],
        ):
            yield
    finally:
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_all_parts_ok_when_a_worker_of_each_queue_has_run_the_heartbeat(client, real_worker):
    for queue in ("default", "clock"):
        cache.delete(heartbeat_key(queue))
        heartbeat.apply_async(kwargs={"queue": queue}, queue=queue)  # through Redis to the worker thread
    deadline = time.monotonic() + 15
    while (cache.get(heartbeat_key("default")) is None or cache.get(heartbeat_key("clock")) is None) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "ok", "celery": "ok", "clock": "ok"},
    }


def test_no_worker_means_503_and_says_so(client, db, caplog):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "error",
                    "checks": {"database": "ok", "redis": "ok", "celery": "error", "clock": "error"}}
    assert "heartbeat" in caplog.text  # the reason is in the log, not in the public answer


def test_a_stale_heartbeat_is_a_dead_worker(client, db, settings):
    import time as clock

    cache.set(heartbeat_key("default"), clock.time())
    cache.set(heartbeat_key("clock"), clock.time() - settings.CELERY_HEARTBEAT_MAX_AGE - 5)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "celery": "ok", "clock": "error"}
    assert "clock queue" in run_checks()["clock"] and "ago" in run_checks()["clock"]  # as `manage.py health` says


def test_the_bidding_clock_has_a_queue_of_its_own_that_beat_keeps_alive(settings):
    """Imports, PDFs and e-mail never delay a lot's close: the clock's task goes to its own
    queue, and beat sends a heartbeat to every queue that /healthz checks."""
    from auction.tasks import open_and_close_lots
    from jbgs.tasks import run_import

    router = app.amqp.router
    assert router.route({}, open_and_close_lots.name)["queue"].name == "clock"
    assert router.route({}, run_import.name)["queue"].name == "default"
    beats = {entry["kwargs"]["queue"]: entry["options"]["queue"]
             for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == heartbeat.name}
    assert beats == {"default": "default", "clock": "clock"}


def test_redis_down_is_reported(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks == {"database": "ok", "redis": "error", "celery": "error", "clock": "error"}
    assert "127.0.0.1" not in response.content.decode()  # no internal address to the public


def test_the_cache_keeps_one_redis_client_per_server():
    from django.core.cache import cache

    cache.set("jbgs-test-client", {"n": 1}, 5)
    assert cache.get("jbgs-test-client") == {"n": 1} and cache.add("jbgs-test-client", 2, 5) is False
    assert cache._cache.get_client() is cache._cache.get_client(write=True)  # one server: one pool, one client
