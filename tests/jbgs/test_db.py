"""The hand-written fast forms of ORM operations (jbgs.db) give what the ORM gives."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, DataError, OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jbgs.choices import AuditAction
from jbgs.db import (
    bulk_insert,
    chained,
    checked_by,
    columns,
    execute_prepared,
    load,
    reserve_ids,
    row_version,
    save_and_insert,
    save_fields,
    width,
)
from jbgs.models import AuditEntry, Organization, User
from jbgs.services.audit import audit, audit_each

pytestmark = pytest.mark.django_db


def fields_of(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_rows_read_by_hand_load_as_the_orm_loads_them(liaison):
    entry = audit(liaison.organization, AuditAction.ORGANIZATION_UPDATED, actor=liaison, data={"price": "1.00", "n": [1, 2]})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns(AuditEntry, 'a')}, {columns(User, 'u')} FROM jbgs_auditentry a "
                       "JOIN jbgs_user u ON u.id = a.actor_id WHERE a.id = %s", [entry.pk])
        row = cursor.fetchone()
    loaded, user = load(AuditEntry, row), load(User, row, width(AuditEntry))
    assert fields_of(loaded) == fields_of(AuditEntry.objects.get(pk=entry.pk))  # JSON decoded, times aware
    assert fields_of(user) == fields_of(User.objects.get(pk=liaison.pk))  # roles, an array
    assert loaded.data == {"price": "1.00", "n": [1, 2]} and not loaded._state.adding


def test_a_null_primary_key_from_an_outer_join_loads_as_none(liaison):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns(User, 'u')}, {columns(Organization, 'o')} FROM jbgs_user u "
                       "LEFT JOIN jbgs_organization o ON false WHERE u.id = %s", [liaison.pk])
        row = cursor.fetchone()
    assert load(User, row).pk == liaison.pk and load(Organization, row, width(User)) is None


def test_save_fields_writes_those_fields_only_and_refreshes_auto_now(liaison):
    unit = liaison.organization
    before = Organization.objects.get(pk=unit.pk).updated_at
    unit.name, unit.contact_phone = "改名后的大学", "025-12345678"
    save_fields(unit, ["name", "updated_at"])
    stored = Organization.objects.get(pk=unit.pk)
    assert stored.name == "改名后的大学" and stored.contact_phone != "025-12345678"
    assert stored.updated_at > before and abs(stored.updated_at - timezone.now()) < timedelta(minutes=1)


def test_save_fields_refuses_what_save_refuses(liaison):
    unit = liaison.organization
    with pytest.raises(ValueError):
        save_fields(unit, ["id"])
    Organization.objects.filter(pk=unit.pk).update(name="x")
    gone = Organization(pk=10**9, name="不存在的单位")
    with pytest.raises(DatabaseError):
        save_fields(gone, ["name"])


AWKWARD = 'tab\there, a line\nbreak, a back\\slash \\N, "quotes", {braces}, 逗号，'


def test_rows_copied_in_with_their_reserved_ids_read_back_as_save_would_have_written_them(liaison):
    made = [User(username=f"copied-{n}", name=f"{AWKWARD}{n}", roles=["liaison", '{"a,b"}\t\n\\N', 'a"b\\c,d', "NULL"],
                 organization=liaison.organization, last_login=None, email="") for n in range(3)]
    for user, pk in zip(made, reserve_ids(User, 3), strict=True):
        user.pk = pk
    bulk_insert(made)
    for user in made:
        stored = User.objects.get(pk=user.pk)
        assert fields_of(stored) == fields_of(user) and not user._state.adding
    assert User.objects.create(username="after", name="之后").pk > max(user.pk for user in made)


def test_one_new_row_is_inserted_by_a_prepared_statement_and_read_back_as_save_would_write_it(liaison):
    from django.test.utils import CaptureQueriesContext

    made = [User(username=f"one-{n}", name=f"{AWKWARD}{n}", roles=["liaison"], organization=liaison.organization)
            for n in range(2)]
    with CaptureQueriesContext(connection) as queries:
        for user in made:
            bulk_insert([user])
    first, second = (q["sql"].split()[0] for q in queries.captured_queries)  # prepared once per connection
    assert first in ("PREPARE", "EXECUTE") and second == "EXECUTE"
    for user in made:
        assert user.pk and fields_of(User.objects.get(pk=user.pk)) == fields_of(user) and not user._state.adding


def test_audit_entries_written_together_read_as_those_written_one_by_one(liaison):
    data = {"text": AWKWARD, "amount": "1.00", "nested": [None, True, {"k": "\\u4e2d"}]}
    one = audit(liaison.organization, AuditAction.ORGANIZATION_UPDATED, actor=liaison, data=data, to_state="x")
    audit_each([liaison.organization], AuditAction.ORGANIZATION_UPDATED, actor=liaison, data=lambda org: data,
               to_state="x", now=one.created_at)
    first, second = AuditEntry.objects.filter(action="organization.updated").order_by("pk")
    assert {k: v for k, v in fields_of(second).items() if k != "id"} == {
        k: v for k, v in fields_of(first).items() if k != "id"}
    assert second.data == data and second.actor_name == liaison.name


def _version(organization) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {row_version('o')} FROM jbgs_organization o WHERE o.id = %s", [organization.pk])
        return cursor.fetchone()[0]


def _entry(organization, action: str) -> AuditEntry:
    return AuditEntry(created_at=timezone.now(), action=action, object_id=str(organization.pk), data={})


def _elsewhere(sql: str, params: list) -> None:
    """Run a statement on another connection (in another transaction)."""
    import psycopg2

    other = psycopg2.connect(**connection.get_connection_params())
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_save_and_insert_writes_both_or_nothing_when_the_row_changed_since_it_was_read(liaison):
    unit = liaison.organization
    version = _version(unit)
    unit.name = "改名一"
    first = _entry(unit, "test.first")
    assert save_and_insert(unit, ["name"], insert=first, version=version) and first.pk and not first._state.adding
    assert Organization.objects.get(pk=unit.pk).name == "改名一" and AuditEntry.objects.filter(pk=first.pk).exists()
    # Its own write moved the version; so does anyone else's, even one that changes no value.
    stale = version
    unit.name = "改名二"
    assert not save_and_insert(unit, ["name"], insert=_entry(unit, "test.second"), version=stale)
    version = _version(unit)
    _elsewhere("UPDATE jbgs_organization SET name = name WHERE id = %s", [unit.pk])
    assert not save_and_insert(unit, ["name"], insert=_entry(unit, "test.second"), version=version)
    assert Organization.objects.get(pk=unit.pk).name == "改名一"
    assert not AuditEntry.objects.filter(action="test.second").exists()
    # Without a version (the caller holds the row's lock), the row is written whatever it is.
    assert save_and_insert(unit, ["name"], insert=_entry(unit, "test.third"))
    assert Organization.objects.get(pk=unit.pk).name == "改名二"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_first_read_stands_for_the_health_check_and_replaces_a_broken_connection(liaison):
    def backend():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    before = backend()
    _elsewhere("SELECT pg_terminate_backend(%s, 5000)", [before])  # the server ends the kept connection
    connection.health_check_done = False  # as at the start of a request
    after = checked_by(backend)
    assert after != before  # read again on a new connection, no error
    # A working connection: the read's own errors are the caller's, and nothing is read twice.
    calls = []

    def failing():
        calls.append(1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")

    connection.health_check_done = False
    with pytest.raises(DataError):
        checked_by(failing)
    connection.health_check_done = False

    def timed_out():
        calls.append(1)
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 1; SELECT pg_sleep(1)")

    try:
        with pytest.raises(OperationalError):
            checked_by(timed_out)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert len(calls) == 2 and backend() == after


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_prepared_statement_answers_as_the_statement_and_survives_its_errors_and_lost_sessions(liaison):
    sql = "SELECT o.name, %s::int + 1 FROM jbgs_organization o WHERE o.id = %s"

    def run(n: int, pk=liaison.organization_id):
        with connection.cursor() as cursor:
            execute_prepared(cursor, sql, [n, pk])
            return cursor.fetchall()

    expected = [(liaison.organization.name, 2)]
    assert run(1) == expected  # prepared and run in one round trip
    assert run(1) == expected and run(2) == [(liaison.organization.name, 3)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%::int + 1 FROM%"])
        assert cursor.fetchone() == (1,)
        cursor.execute("DISCARD ALL")  # the session forgets it: prepared again
    assert run(1) == expected
    with pytest.raises(DataError):  # the statement's own error, on its first use on a new connection
        connection.close()
        run(2**31)
    assert run(1) == expected


# --- chained transactions ------------------------------------------------------------------


def _lock(chain, organization) -> None:
    """A chain's first statement: the unit's row locked."""
    with connection.cursor() as cursor:
        execute_prepared(cursor, "SELECT o.name FROM jbgs_organization o WHERE o.id = %s FOR UPDATE",
                         [organization.pk], chain=chain)
        assert cursor.fetchone()


def _rename(chain, organization, name: str, key: int) -> None:
    """A chain's last statement: the unit renamed, with an entry of the given key."""
    organization.name = name
    entry = _entry(organization, "test.renamed")
    entry.pk = key
    assert save_and_insert(organization, ["name"], insert=entry, chain=chain.last()) and entry.pk == key


def _elsewhere_read(sql: str, params: list):
    import psycopg2

    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        other.close()


def _idle() -> bool:
    from psycopg2.extensions import TRANSACTION_STATUS_IDLE

    return connection.connection.info.transaction_status == TRANSACTION_STATUS_IDLE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_chained_transaction_begins_with_its_first_statement_and_commits_with_its_last(liaison):
    unit = liaison.organization
    keys = reserve_ids(AuditEntry, 3)
    with CaptureQueriesContext(connection) as queries, chained() as chain:
        _lock(chain, unit)
        _rename(chain, unit, "链一", keys[0])
    assert len(queries) == 2 and queries[0]["sql"].startswith("BEGIN; ") and queries[1]["sql"].endswith("; COMMIT")
    assert _idle()
    assert _elsewhere_read("SELECT name FROM jbgs_organization WHERE id = %s", [unit.pk]) == [("链一",)]
    assert _elsewhere_read("SELECT action FROM jbgs_auditentry WHERE id = %s", [keys[0]]) == [("test.renamed",)]
    # A block without a last statement is committed at its end.
    with CaptureQueriesContext(connection) as queries, chained() as chain:
        _lock(chain, unit)
    assert [q["sql"] for q in queries][-1] == "COMMIT" and _idle()
    # The block's error undoes the chain and lets go of the row.
    with pytest.raises(ZeroDivisionError), chained() as chain:
        _lock(chain, unit)
        unit.name = "链二"
        save_fields(unit, ["name"])
        1 / 0  # noqa: B018
    assert _idle() and Organization.objects.get(pk=unit.pk).name == "链一"
    assert _elsewhere_read("SELECT id FROM jbgs_organization WHERE id = %s FOR UPDATE NOWAIT", [unit.pk])
    # The last statement's own error (its new row's key taken) undoes the chain too.
    with pytest.raises(DatabaseError), chained() as chain:
        _lock(chain, unit)
        _rename(chain, unit, "链三", keys[0])
    assert _idle() and Organization.objects.get(pk=unit.pk).name == "链一"
    # A session that lost its statements (DISCARD ALL): the first statement prepares them again
    # and begins the transaction again.
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")
    with chained() as chain:
        _lock(chain, unit)
        _rename(chain, unit, "链四", keys[1])
    assert _idle() and Organization.objects.get(pk=unit.pk).name == "链四"
    # A write that commits the chain is not read back: it needs its new row's key, and no version.
    with pytest.raises(ValueError), chained() as chain:
        _lock(chain, unit)
        save_and_insert(unit, ["name"], insert=_entry(unit, "test.renamed"), chain=chain.last())
    assert _idle()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_chained_lock_not_granted_in_time_leaves_no_transaction_open(liaison):
    import psycopg2

    unit = liaison.organization
    holder = psycopg2.connect(**connection.get_connection_params())
    try:
        with holder.cursor() as cursor:  # another transaction holds the row
            cursor.execute("SELECT 1 FROM jbgs_organization WHERE id = %s FOR UPDATE", [unit.pk])
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 50")
        with pytest.raises(OperationalError), chained() as chain:
            _lock(chain, unit)
        assert _idle()
    finally:
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    with chained() as chain:  # the connection goes on
        _lock(chain, unit)
    assert _idle()


def test_inside_a_transaction_a_chain_is_a_savepoint_and_its_release(liaison):
    unit = liaison.organization
    [key] = reserve_ids(AuditEntry, 1)
    with pytest.raises(ZeroDivisionError), chained() as chain:
        _lock(chain, unit)
        unit.name = "链内"
        save_fields(unit, ["name"])
        1 / 0  # noqa: B018
    assert Organization.objects.get(pk=unit.pk).name != "链内"  # undone; the test's transaction goes on
    with CaptureQueriesContext(connection) as queries, chained() as chain:
        _lock(chain, unit)
        _rename(chain, unit, "链外", key)
    assert len(queries) == 2 and queries[0]["sql"].startswith("SAVEPOINT jbgs_chain; ")
    assert queries[1]["sql"].endswith("; RELEASE SAVEPOINT jbgs_chain")
    assert Organization.objects.get(pk=unit.pk).name == "链外" and AuditEntry.objects.filter(pk=key).exists()
