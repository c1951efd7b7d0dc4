"""Single rows written and read without building an ORM query each time, for the hot paths.

Every incoming message runs the same dozen statements. Django builds each of them afresh: on this
project's machine that is 100–200 µs of Python per statement against 10–20 µs for the database
to run it, so the ORM's query building was most of ``receive``'s cost. These helpers make each
statement's SQL once per model (and database vendor), then only convert the values, with the
model fields' own conversions (``get_db_prep_save`` on the way in, the compiler's converters on
the way out), so the rows written and the instances read are the ones the ORM would write and
read. Use them only where a path runs per message; everywhere else the ORM is clearer.

What they do not do: send model signals (Fyr uses none), run ``save()`` overrides (the models
used here have none), or write models with parents or a primary key the caller sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)

#: A statement's SQL and the fields whose values it takes, in order.
_Write = tuple[str, list[Field[Any, Any]]]
#: A load's SQL, the attribute names of its columns, and (column, converters, expression).
_Load = tuple[str, list[str], list[tuple[int, list[Any], Any]]]

_inserts: dict[tuple[str, type[Model], int], _Write] = {}
_updates: dict[tuple[str, type[Model], tuple[str, ...] | None], _Write] = {}
_loads: dict[tuple[str, type[Model], bool], _Load] = {}


def insert(obj: M) -> M:
    """``INSERT`` ``obj`` (a new instance, primary key unset) and set its primary key."""
    insert_many([obj])
    return obj


def insert_many(objs: Sequence[M]) -> Sequence[M]:
    """``INSERT`` new instances of one model in one statement and set their primary keys, in
    order (``RETURNING`` gives them in the order inserted, as Django's ``bulk_create`` relies on
    for SQLite 3.35+ and PostgreSQL)."""
    if not objs:
        return objs
    db = _db()
    model = type(objs[0])
    sql, fields = _insert_sql(db, model, len(objs))
    params: list[Any] = []
    for obj in objs:
        if obj.pk is not None or type(obj) is not model:
            raise ValueError("insert_many takes new instances of one model")
        params.extend(f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields)
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        ids = cursor.fetchall()
    for obj, (pk,) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db.alias
    return objs


def update(obj: Model, fields: Iterable[str] | None = None) -> None:
    """``UPDATE`` ``obj``'s row: the named fields (attribute or field names), or every field
    (not for an instance loaded with ``only()``/``defer()``: ``save()`` would write only what
    was loaded)."""
    db = _db()
    model = type(obj)
    names = tuple(fields) if fields is not None else None
    if names is None and obj.get_deferred_fields():
        raise ValueError(f"{model._meta.label} {obj.pk} has deferred fields: name the fields")
    key = (db.vendor, model, names)
    if key not in _updates:
        meta = model._meta
        chosen = [
            f
            for f in meta.local_concrete_fields
            if not f.primary_key and (names is None or f.name in names or f.attname in names)
        ]
        if names is not None and len(chosen) != len(set(names)):
            raise ValueError(f"unknown fields for {meta.label}: {names}")
        assignments = ", ".join(f"{_column(db, f)} = %s" for f in chosen)
        _updates[key] = (
            f"UPDATE {table(model)} SET {assignments} WHERE {_column(db, meta.pk)} = %s",
            chosen,
        )
    sql, chosen = _updates[key]
    params = [f.get_db_prep_save(f.pre_save(obj, False), db) for f in chosen]
    with db.cursor() as cursor:
        cursor.execute(sql, [*params, obj.pk])
        if cursor.rowcount != 1:
            raise DatabaseError(f"{model._meta.label} {obj.pk} was not updated")


def get(model: type[M], pk: Any, *, for_update: bool = False) -> M | None:
    """The instance with primary key ``pk`` (``select_for_update`` with ``for_update``), or
    ``None``: what ``model.objects.filter(pk=pk).first()`` loads, without building the query."""
    db = _db()
    key = (db.vendor, model, for_update)
    if key not in _loads:
        _loads[key] = _compile_load(db, model, for_update)
    sql, names, converters = _loads[key]
    with db.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, functions, expression in converters:
        value = values[index]
        for convert in functions:
            value = convert(value, expression, db)
        values[index] = value
    return model.from_db(db.alias, names, values)


def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row of ``sql``, or ``None`` without a row."""
    row = one(sql, params)
    return None if row is None else row[0]


def one(sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    """The first row of ``sql``, or ``None``."""
    with _db().cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else tuple(row)


def table(model: type[Model]) -> str:
    """``model``'s quoted table name, for hand-written SQL."""
    return _db().ops.quote_name(model._meta.db_table)


def _db() -> BaseDatabaseWrapper:
    # The wrapper itself: each attribute read through ``django.db.connection`` looks the
    # connection up again, and the field conversions read it many times per row.
    return connections[DEFAULT_DB_ALIAS]


def _column(db: BaseDatabaseWrapper, field: Field[Any, Any] | Any) -> str:
    if not field.column:
        raise ValueError(f"{field} has no column")
    return db.ops.quote_name(field.column)


def _insert_sql(db: BaseDatabaseWrapper, model: type[Model], count: int) -> _Write:
    key = (db.vendor, model, count)
    if key not in _inserts:
        meta = model._meta
        if meta.parents or meta.auto_field is None:
            raise ValueError(f"{meta.label}: only models with an automatic primary key")
        fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
        columns = ", ".join(_column(db, f) for f in fields)
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        _inserts[key] = (
            f"INSERT INTO {table(model)} ({columns}) VALUES {', '.join([row] * count)} "
            f"RETURNING {_column(db, meta.pk)}",
            fields,
        )
    return _inserts[key]


def _compile_load(db: BaseDatabaseWrapper, model: type[Model], for_update: bool) -> _Load:
    """The SQL the ORM makes for ``filter(pk=…)`` and the converters it applies to the row."""
    queryset = model._default_manager.filter(pk=0)
    if for_update:
        queryset = queryset.select_for_update()
    compiler = queryset.query.get_compiler(connection=db)
    sql, params = compiler.as_sql()
    if list(params) != [0]:
        raise ValueError(f"{model._meta.label}: unexpected parameters {params!r}")
    expressions = [column for column, _sql, _alias in compiler.select]
    names = [expression.target.attname for expression in expressions]
    if names != [f.attname for f in model._meta.concrete_fields]:
        raise ValueError(f"{model._meta.label}: unexpected columns {names}")
    converters = [
        (index, functions, expression)
        for index, (functions, expression) in compiler.get_converters(expressions).items()
    ]
    return sql, names, converters
