"""What the browser flows share: signing in and out as a person would, a real Celery worker
when a page waits for one, and the migrations' data under Playwright's event loop."""

import re
from contextlib import ExitStack, contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS
from playwright.sync_api import Page, expect


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label(re.compile("^密码")).fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="登录")).to_have_count(0)


def sign_out(page: Page, name: str) -> None:
    """Through the user menu in the top bar, which shows the person's name."""
    page.get_by_role("button", name=name, exact=True).click()
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="登录")).to_be_visible()


def watch_csp(context) -> list[str]:
    """What Chromium refuses under the Content-Security-Policy in this browser context: it
    says so in the console only, while the script, style or handler it refused silently does
    nothing. Tests assert that the list stays empty."""
    refused = []
    context.on("console", lambda message: refused.append(message.text)
               if "Content Security Policy" in message.text else None)
    return refused


@pytest.fixture(autouse=True)
def _no_csp_violation(request):
    """Every test with a `page` fails on a Content-Security-Policy violation."""
    if "page" not in request.fixturenames:
        yield
        return
    refused = watch_csp(request.getfixturevalue("context"))
    yield
    assert not refused, f"refused by the Content-Security-Policy: {refused}"


def accept_next_dialog(page: Page) -> None:
    """Say yes to the confirm() that a data-confirm button asks."""
    page.once("dialog", lambda dialog: dialog.accept())


@contextmanager
def celery_tasks_queued():
    """Inside the block, tasks go through the test's Redis broker as in production (the test
    settings otherwise run them eagerly) and wait there until the yielded function starts a
    real Celery worker, in a thread of the test process. Pages that poll see them wait, then run."""
    from celery import signals
    from celery.contrib.testing.worker import start_worker
    from django.db import connections

    from config.celery import app

    def close_connections(**kwargs):  # the worker thread's own connections, after each task
        connections.close_all()

    saved = app.conf.task_always_eager, app.conf.worker_hijack_root_logger
    app.conf.task_always_eager, app.conf.worker_hijack_root_logger = False, False
    signals.task_postrun.connect(close_connections, weak=False)
    try:
        with ExitStack() as worker:  # stops the worker, if one was started, at the end
            yield lambda: worker.enter_context(
                start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30))
    finally:
        signals.task_postrun.disconnect(close_connections)
        app.conf.task_always_eager, app.conf.worker_hijack_root_logger = saved


# --- the migrations' reference data under Playwright's event loop -------------------------
#
# Playwright's sync API keeps an asyncio loop running in the test thread, and while a loop
# runs, Django keeps its database connections in a per-context store: a browser test gets a
# different connection object than the one the test database was set up with. That object
# lacks the serialized copy of the migrations' data (regions, campaigns, fields), so after an
# earlier transactional test has flushed the database, `serialized_rollback` restores
# nothing. Keep the copy from before the loop starts and restore it as Django would have.


@pytest.fixture(scope="session", autouse=True)
def _migrations_data(django_db_setup, django_db_blocker):
    """Autouse and session-wide, so it runs before the session's Playwright starts its loop."""
    from django.db import connections

    return getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _restore_migrations_data(request, _migrations_data, django_db_blocker):
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback") and _migrations_data):
        return
    from django.db import connections

    connection = connections[DEFAULT_DB_ALIAS]
    if hasattr(connection, "_test_serialized_contents"):
        return  # Django restored it itself
    connection._test_serialized_contents = _migrations_data
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(_migrations_data)
