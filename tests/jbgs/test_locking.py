"""Locks wait a bounded time (jbgs.locking): every connection has a lock timeout, the web
server's a statement timeout too, and a lock not granted in time is the domain error
`busy`, said in words by pages and the API, with nothing half-written."""

import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from jbgs.exceptions import InvalidTransition
from jbgs.locking import Busy
from jbgs.models import AuditEntry, Organization
from jbgs.services.organizations import update_organization
from jbgs.transitions import move, sources

ROOT = Path(__file__).resolve().parents[2]
WAIT = "300ms"  # this test connection's lock timeout while a test holds a lock elsewhere


def show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@contextmanager
def held(sql: str, params=(), seconds: float = 3.0):
    """Run `sql` in another connection's transaction and keep it open for `seconds` (or
    until the block ends), with this connection's lock timeout short, so waits end soon."""
    ready, done, errors = threading.Event(), threading.Event(), []

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
                ready.set()
                done.wait(seconds)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
            ready.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    ready.wait()
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{WAIT}'")
    try:
        yield
    finally:
        done.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")  # back to the connection's configured value
    assert not errors, errors


def test_every_connection_waits_for_a_lock_at_most_the_configured_time(db):
    assert show("lock_timeout") == f"{settings.DB_LOCK_TIMEOUT_MS // 1000}s"
    assert show("statement_timeout") == "0"  # tests, workers and commands: no statement limit


def test_the_web_server_cuts_off_a_statement_that_runs_too_long():
    probe = ("import config.wsgi; from django.db import connection; c = connection.cursor(); "
             "c.execute('SHOW statement_timeout'); print(c.fetchone()[0]); "
             "c.execute('SHOW lock_timeout'); print(c.fetchone()[0])")
    env = {k: v for k, v in os.environ.items() if k != "DB_STATEMENT_TIMEOUT_MS"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["30s", "5s"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_waiting_on_a_held_lock_is_busy_and_writes_nothing(admin_user, university):
    with held("SELECT 1 FROM jbgs_organization WHERE id = %s FOR UPDATE", [university.pk]):
        began = time.monotonic()
        with pytest.raises(Busy) as caught:
            update_organization(organization=university, actor=admin_user, changes={"contact_name": "王五"})
        waited = time.monotonic() - began
    assert caught.value.code == "busy" and 0.25 < waited < 2
    assert Organization.objects.get(pk=university.pk).contact_name != "王五"
    assert not AuditEntry.objects.filter(action="organization.updated").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_says_busy_in_words_and_a_later_try_succeeds(api_as, admin_user, university):
    client = api_as(admin_user)
    with held("SELECT 1 FROM jbgs_organization WHERE id = %s FOR UPDATE", [university.pk]):
        busy = client.patch(f"/api/v1/organizations/{university.pk}/", {"contact_name": "王五"}, format="json")
    assert busy.status_code == 409 and busy["Retry-After"] == "1"
    assert busy.json()["code"] == "busy" and "稍后" in busy.json()["detail"]
    again = client.patch(f"/api/v1/organizations/{university.pk}/", {"contact_name": "王五"}, format="json")
    assert again.status_code == 200 and again.json()["contact_name"] == "王五"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_waiting_on_a_held_lock_says_busy_in_words(client_as, admin_user, university):
    client = client_as(admin_user)
    with held("SELECT 1 FROM jbgs_organization WHERE id = %s FOR UPDATE", [university.pk]):
        page = client.post(f"/organizations/{university.pk}/suspend/", {"suspend": "1", "reason": "测试"},
                           follow=True)
    assert page.status_code == 200 and "稍后" in page.content.decode()
    assert Organization.objects.get(pk=university.pk).status == "active"


def test_a_status_moves_only_where_its_table_allows():
    table = {"a": {"b"}, "b": {"c"}, "c": set()}

    class Row:
        status = "a"

    row = Row()
    assert move(row, "b", table) == "a" and row.status == "b"
    with pytest.raises(InvalidTransition):
        move(row, "a", table)
    assert row.status == "b" and sources(table, "c") == ["b"]
