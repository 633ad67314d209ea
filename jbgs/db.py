"""Database helpers the ORM has no fast form of."""

import functools
from collections.abc import Sequence

from django.db import DatabaseError, connection, models
from psycopg2.extras import execute_values


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
    keys; like bulk_create without its per-value SQL compilation, which dominates importing
    thousands of rows. Fields' own save-time values (auto_now_add, defaults) apply; generated
    columns are left to the database. Call it inside a transaction when there may be more
    than one page."""
    if not objects:
        return
    meta = type(objects[0])._meta
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False) and f is not meta.auto_field]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    preps = [_preparer(f) for f in fields]
    rows = [[prep(f.pre_save(obj, True)) for f, prep in zip(fields, preps, strict=True)] for obj in objects]
    insert = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES %s RETURNING {quote(meta.pk.column)}"
    with connection.cursor() as cursor:
        if len(rows) == 1:  # through Django's cursor, so that it is counted and logged like any query
            cursor.execute(insert % f"({', '.join(['%s'] * len(fields))})", rows[0])
            ids = cursor.fetchall()
        else:
            ids = execute_values(cursor.cursor, insert, rows, page_size=page_size, fetch=True)
    for obj, (pk,) in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


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


# Fields whose Python values psycopg2 sends as they are: preparing them value by value through
# get_db_prep_save costs more than the INSERT itself for a few thousand rows.
_AS_IS = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.DateField,
          models.ForeignKey)


def _preparer(field):
    if isinstance(field, _AS_IS) and not isinstance(field, models.DateTimeField):
        return _as_is
    return lambda value: field.get_db_prep_save(value, connection)


def _as_is(value):
    return value
