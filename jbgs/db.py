"""Database helpers the ORM has no fast form of."""

import functools
import hashlib
import io
import json
import re
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import TypeVar

from django.contrib.postgres.fields import ArrayField
from django.db import DatabaseError, InterfaceError, OperationalError, connection, models
from psycopg2.extras import execute_values

T = TypeVar("T")


@functools.cache
def columns(model: type[models.Model], alias: str) -> str:
    """A model's columns for the select list of a hand-written query, as the ORM selects them;
    load() reads them back. For the few queries every bid makes: compiling a query costs the
    ORM three times what running it costs on loopback (0.4 of 0.6 ms for a lot by its key)."""
    return ", ".join(f"{alias}.{connection.ops.quote_name(column)}" for column, _a, _c in _fields(model))


def load(model: type[models.Model], row: Sequence, start: int = 0):
    """The instance whose columns (in the order of columns()) begin at row[start], converted
    as the ORM would; None when its primary key is NULL (an outer join found no row)."""
    fields = _fields(model)
    values = list(row[start:start + len(fields)])
    if values[_pk_index(model)] is None:
        return None
    for index, (_column, _attname, converters) in enumerate(fields):
        for converter in converters:
            values[index] = converter(values[index], None, connection)
    return model.from_db(connection.alias, [attname for _c, attname, _v in fields], values)


def width(model: type[models.Model]) -> int:
    """How many columns columns() selects: where the next model's begin in a row."""
    return len(_fields(model))


@functools.cache
def _fields(model: type[models.Model]) -> list[tuple[str, str, list]]:
    """(column, attname, converters) of the concrete fields, in their order: Model.from_db
    takes a whole row's values by position."""
    return [(f.column, f.attname, f.get_db_converters(connection)) for f in model._meta.concrete_fields]


@functools.cache
def _pk_index(model: type[models.Model]) -> int:
    return [f.attname for f in model._meta.concrete_fields].index(model._meta.pk.attname)


def beyond_bigint(value: int) -> bool:
    """A key no row can have: a prepared statement's bigint parameter would overflow on it
    (the ORM answers such a lookup as empty)."""
    return not -(2**63) <= value < 2**63


def checked_by(read: Callable[[], T]) -> T:
    """Run a request's first query, a read, as the check of the kept connection it runs on.

    With CONN_HEALTH_CHECKS, Django checks a kept connection before a request's first query:
    one more round trip (`SELECT 1`) for every request. Here the read is the check: were the
    connection found broken, it is closed and the read run once more on a new one, which is
    what the health check would have done. For the few paths that run on every bid."""
    if connection.connection is None or connection.health_check_done or not connection.health_check_enabled:
        return read()
    connection.health_check_done = True
    try:
        return read()
    except (InterfaceError, OperationalError):
        if connection.in_atomic_block or connection.is_usable():
            raise  # the connection works: the error is the read's own
        connection.close()
        return read()


def execute_prepared(cursor, sql: str, params: Sequence, *, chain: "Chain | None" = None) -> None:
    """cursor.execute(sql, params) as a statement PostgreSQL plans once per connection
    (PREPARE, then EXECUTE): a hand-written query of many joins costs more to plan than to
    run (0.6 of 0.8 ms for the bid's read). The first use on a connection sends the PREPARE
    with the EXECUTE, in one round trip. `sql` has %s placeholders only. For the few
    statements every bid runs. `chain`: the statement begins or ends that transaction,
    sent with it (see Chain)."""
    name, statement = _prepared_statement(sql)
    prepared = _prepared_on(connection)
    call = f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
    before, after = chain.words() if chain else ("", "")
    if name in prepared:
        try:
            cursor.execute(f"{before}{call}{after}", params)
        except DatabaseError as error:  # the session lost its statements (DISCARD ALL): prepared again
            # Inside a transaction, the error failed it: prepared again only when this
            # statement began it (the chain's), which is begun again.
            retried = bool(before) if chain else not connection.in_atomic_block
            if getattr(error.__cause__, "pgcode", None) != INVALID_STATEMENT_NAME or not retried:
                raise
            if before:  # the transaction (or savepoint) it began failed with it: begun again below
                chain.abort()
                chain.open = True
            prepared.clear()
        else:
            if chain:
                chain.sent()
            return
    # Marked first: a PREPARE stays even when the EXECUTE sent with it fails (it is not undone
    # with the transaction); one that failed itself is found missing next time, and sent again.
    prepared.add(name)
    cursor.execute(f"{before}PREPARE {name} AS {statement}; {call}{after}", params)
    if chain:
        chain.sent()


@functools.cache
def _prepared_statement(sql: str) -> tuple[str, str]:
    """The statement's name (from its text: one text, one name) and its text with $n."""
    placeholders = iter(range(1, sql.count("%s") + 1))
    return (f"jbgs_{hashlib.blake2s(sql.encode(), digest_size=8).hexdigest()}",
            re.sub("%s", lambda _match: f"${next(placeholders)}", sql))


INVALID_STATEMENT_NAME = "26000"


class Chain:
    """A short transaction whose BEGIN is sent with its first statement and its COMMIT with
    its last: two round trips for a row's lock and its write, where Django's atomic() takes
    four (BEGIN, the lock, the write, COMMIT), and a lock held for one round trip rather than
    two. Inside a transaction already (a caller's atomic block, a test's), a savepoint and its
    release stand for BEGIN and COMMIT. Use it through chained(); the statements go through
    execute_prepared(chain=…): the first of the block begins the transaction, one marked
    `last()` ends it.

    For a transaction with nothing to run after its commit: Django does not know of it, so
    its on_commit() callbacks would run at once, before the COMMIT. The last statement's
    answer is not read (only the COMMIT's would be)."""

    SAVEPOINT = "jbgs_chain"

    def __init__(self):
        self.nested = connection.in_atomic_block or not connection.get_autocommit()
        self.open = self.ending = False

    def words(self) -> tuple[str, str]:
        """What the next statement is sent with: (before, after) it. The transaction counts
        as open from then on (were the statement to fail, its BEGIN is undone with it)."""
        before = "" if self.open else (f"SAVEPOINT {self.SAVEPOINT}; " if self.nested else "BEGIN; ")
        after = "" if not self.ending else (f"; RELEASE SAVEPOINT {self.SAVEPOINT}" if self.nested else "; COMMIT")
        self.open = True
        return before, after

    def sent(self) -> None:
        """The statement ran: after the last one, the transaction is committed."""
        self.open = not self.ending

    def last(self) -> "Chain":
        """Mark the next statement as the transaction's last: it commits."""
        self.ending = True
        return self

    def end(self) -> None:
        """COMMIT (or release the savepoint), when no statement did."""
        if self.open:
            with connection.cursor() as cursor:
                cursor.execute(f"RELEASE SAVEPOINT {self.SAVEPOINT}" if self.nested else "COMMIT")
            self.open = False

    def abort(self) -> None:
        """Undo what the transaction did. When that fails, the connection is closed (outside
        a transaction: Django opens another) rather than left inside an unknown transaction."""
        if not self.open:
            return
        self.open = False
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"ROLLBACK TO SAVEPOINT {self.SAVEPOINT}; RELEASE SAVEPOINT {self.SAVEPOINT}"
                               if self.nested else "ROLLBACK")
        except DatabaseError:
            if not self.nested:
                connection.close()
            raise


@contextmanager
def chained():
    """A Chain for the block: committed at its end if its last statement did not, rolled
    back if the block raises (the block's error is raised, not the rollback's)."""
    chain = Chain()
    try:
        yield chain
    except BaseException:
        try:
            chain.abort()
        except DatabaseError:
            pass  # the block's error says more (the connection is closed)
        raise
    chain.end()


def _prepared_on(wrapper) -> set[str]:
    """The names prepared on the wrapper's current database connection (a new connection has
    none)."""
    if getattr(wrapper, "_prepared_for", None) is not wrapper.connection:
        wrapper._prepared_for, wrapper._prepared = wrapper.connection, set()
    return wrapper._prepared


def bulk_update(objects: Sequence, fields: Sequence[str], *, page_size: int = 500) -> int:
    """UPDATE many rows of one model with their objects' values of `fields`, in one
    statement: the values go into a temporary table, joined on the primary key.

    Django's bulk_update writes a CASE WHEN per field and row, which costs seconds of Python
    for a few thousand rows; this costs the copying. Values are prepared by each field
    (arrays, decimals, dates) as `save()` would. Call it inside a transaction."""
    if not objects:
        return 0
    model = type(objects[0])
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    pk = meta.pk
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    temp = quote(f"bulk_{meta.db_table}")
    names = ", ".join(quote(f.column) for f in [pk, *columns])
    preps = [_preparer(f) for f in [pk, *columns]]
    rows = [[prep(getattr(obj, f.attname)) for f, prep in zip([pk, *columns], preps, strict=True)]
            for obj in objects]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")
        # The real columns' types, and none of the table's constraints, defaults or generated columns.
        cursor.execute(f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT {names} FROM {table} LIMIT 0")
        execute_values(cursor.cursor, f"INSERT INTO {temp} ({names}) VALUES %s", rows, page_size=page_size)
        assignments = ", ".join(f"{quote(f.column)} = t.{quote(f.column)}" for f in columns)
        cursor.execute(f"UPDATE {table} AS m SET {assignments} FROM {temp} AS t "
                       f"WHERE m.{quote(pk.column)} = t.{quote(pk.column)}")
        return cursor.rowcount


def bulk_insert(objects: Sequence, *, page_size: int = 500) -> None:
    """INSERT new objects of one model in pages of `page_size` rows, setting their primary
    keys (or with those they have: see reserve_ids()); like bulk_create without its
    per-value SQL compilation, which dominates importing thousands of rows. Fields' own
    save-time values (auto_now_add, defaults) apply; generated columns are left to the
    database. Call it inside a transaction when there may be more than one page."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    given = objects[0].pk is not None  # ids reserved beforehand
    fields = [f for f in meta.concrete_fields
              if not getattr(f, "generated", False) and (given or f is not meta.auto_field)]
    if given:  # nothing to return: COPY
        insert_values(model, [f.name for f in fields], [[f.pre_save(obj, True) for f in fields] for obj in objects])
        for obj in objects:
            obj._state.adding, obj._state.db = False, connection.alias
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    rows = [_insert_values(obj, fields) for obj in objects]
    insert = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES %s RETURNING {quote(meta.pk.column)}"
    with connection.cursor() as cursor:
        if len(rows) == 1:  # one row (a bid's, a refusal's): prepared, and counted and logged like any query
            execute_prepared(cursor, insert % f"({', '.join(['%s'] * len(fields))})", rows[0])
            ids = cursor.fetchall()
        else:
            ids = execute_values(cursor.cursor, insert, rows, page_size=page_size, fetch=True)
    for obj, (pk,) in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


def _insert_values(obj: models.Model, fields: Sequence) -> list:
    """A new object's values of `fields` as an INSERT sends them: each field's save-time value
    (auto_now_add, defaults), prepared as save() would."""
    return [prep(field.pre_save(obj, True)) for field, prep in zip(fields, _preparers(tuple(fields)), strict=True)]


@functools.cache
def _preparers(fields: tuple) -> list:
    return [_preparer(field) for field in fields]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new ids from the model's sequence, for rows whose other values depend on their
    id (a demand's number): given to the objects before bulk_insert(), rather than updated
    after it."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, count])
        return [row[0] for row in cursor.fetchall()]


def insert_values(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """INSERT rows given as the values of the named fields (the primary key left to the
    database, unless named), with COPY: for many rows that need no instance of their own,
    such as an import's audit entries, which cost more to build and to send as INSERT
    statements than to write."""
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    texts = [_copy_text(field) for field in fields]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join([text(value) for text, value in zip(texts, row, strict=True)]))
        buffer.write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN", buffer)


_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Fields whose values COPY reads from their text as they are (str()); the others are spelled below.
_AS_TEXT = (models.CharField, models.TextField, models.IntegerField, models.DecimalField, models.DateField,
            models.ForeignKey, models.GenericIPAddressField, models.AutoField, models.BigAutoField)


def _copy_text(field) -> Callable[[object], str]:
    """How COPY's text format spells a field's value: NULL as \\N, backslashes, tabs and line
    breaks escaped; JSON as JSON, an array as an array literal, a moment as ISO 8601."""
    if isinstance(field, models.JSONField):
        return lambda value: _text(value, lambda v: json.dumps(v, cls=field.encoder))
    if isinstance(field, ArrayField):
        return lambda value: _text(value, lambda v: "{" + ",".join(_array_item(item) for item in v) + "}")
    if isinstance(field, models.BooleanField):
        return lambda value: _text(value, lambda v: "t" if v else "f")
    if isinstance(field, models.DateTimeField):
        return lambda value: _text(value, lambda v: field.get_db_prep_save(v, connection).isoformat())
    if isinstance(field, _AS_TEXT):
        return lambda value: _text(value, str)
    raise TypeError(f"insert_values() does not write a {type(field).__name__} ({field})")


def _text(value, spell) -> str:
    return _NULL if value is None else spell(value).translate(_COPY_ESCAPES)


def _array_item(item) -> str:
    if item is None:
        return "NULL"
    return '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_fields(obj: models.Model, fields: Sequence[str]) -> None:
    """`obj.save(update_fields=fields)` without compiling the UPDATE: the statement is built
    once per model and list of fields. Values are prepared by each field as save() would,
    auto_now fields refreshed; like save(), it raises when no row was updated. No signals are
    sent."""
    sql, prepared = _update_statement(type(obj), tuple(fields))
    values = [prep(field.pre_save(obj, False)) for field, prep in prepared]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, obj.pk])
        if cursor.rowcount != 1:
            raise DatabaseError(f"{type(obj).__name__} {obj.pk}: no row was updated.")


@functools.cache
def _update_statement(model: type[models.Model], names: tuple[str, ...]):
    meta, quote = model._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    if any(not f.concrete or f.primary_key for f in fields):
        raise ValueError(f"save_fields() writes concrete fields other than the primary key, not {names}")
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    return sql, [(f, _preparer(f)) for f in fields]


def row_version(alias: str) -> str:
    """The select-list expression of a row's version as PostgreSQL keeps it (its xmin, the
    transaction that wrote it, as text): given to save_and_insert(), a row read without a
    lock is written only if nothing wrote it since. Any change by another transaction moves
    it, whatever the code that made it; a lock without a change (SELECT … FOR UPDATE) does
    not. Within one transaction it does not move: it guards against others only."""
    return f"{alias}.xmin::text"


def save_and_insert(obj: models.Model, fields: Sequence[str], *, insert: models.Model, version: str | None = None,
                    chain: Chain | None = None) -> bool:
    """Save `fields` of `obj` and INSERT `insert` (a new object) in one statement, where
    save_fields() and bulk_insert() take one each; `insert`'s primary key is set (or the one
    it has is written). With `version` (row_version(), read with the values the change was
    computed from), only if obj's row is still at it: optimistic locking, one round trip where
    locking, writing and committing take four. False, and nothing written, when the row is
    gone or changed in between; a row being changed is waited for (at most the lock timeout),
    then judged. Values are prepared as save_fields() and bulk_insert() prepare them; like
    them, no signals are sent.

    `chain`: the statement is sent in that transaction (see Chain). As its last statement, it
    commits and its answer is not read: only for a row the chain locked, without `version`
    (the UPDATE finds its row), and an `insert` whose key is given."""
    update, prepared = _update_statement(type(obj), tuple(fields))
    values = [prep(field.pre_save(obj, False)) for field, prep in prepared]
    keyed = insert.pk is not None
    committing = chain is not None and chain.ending
    if committing and (version is not None or not keyed):
        raise ValueError("a write that commits its chain is not read back: no version, and the new row's key given")
    sql, inserted = _insert_after_update(type(insert), update, version is not None, keyed)
    guard = [] if version is None else [version]
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, [*values, obj.pk, *guard, *_insert_values(insert, inserted)], chain=chain)
        row = (insert.pk,) if committing else cursor.fetchone()
    if row is None:
        return False
    insert.pk, insert._state.adding, insert._state.db = row[0], False, connection.alias
    return True


@functools.cache
def _insert_after_update(model: type[models.Model], update: str, guarded: bool, keyed: bool = False
                         ) -> tuple[str, tuple]:
    """`WITH saved AS (<update> [AND xmin = …]) INSERT … SELECT … FROM saved`: the INSERT has
    a row to copy only when the UPDATE found its row. The values are cast to their columns'
    types (in a SELECT list PostgreSQL would read them as text). `keyed`: the new row's key
    is given."""
    meta, quote = model._meta, connection.ops.quote_name
    fields = tuple(f for f in meta.concrete_fields
                   if not getattr(f, "generated", False) and (keyed or f is not meta.auto_field))
    names = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(f"%s::{f.cast_db_type(connection)}" for f in fields)
    return (f"WITH saved AS ({update}{' AND xmin = %s::xid' if guarded else ''} RETURNING 1) "
            f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT {values} FROM saved "
            f"RETURNING {quote(meta.pk.column)}"), fields


# Fields whose Python values psycopg2 sends as they are: preparing them value by value through
# get_db_prep_save costs more than the INSERT itself for a few thousand rows.
_AS_IS = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.DateField,
          models.ForeignKey)


def _preparer(field):
    if isinstance(field, _AS_IS) and not isinstance(field, models.DateTimeField):
        return _as_is
    if isinstance(field, models.JSONField):  # None may mean JSON's null there
        return lambda value: field.get_db_prep_save(value, connection)
    # Elsewhere None is NULL, prepared or not: the dates a new row has not reached yet cost nothing.
    return lambda value: None if value is None else field.get_db_prep_save(value, connection)


def _as_is(value):
    return value
