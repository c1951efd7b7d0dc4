"""Keyset (cursor) pagination: page N costs the same as page 1 at any table size.

An ordering is a tuple of field names, each optionally prefixed with ``-``; it must end in a unique
field (``id``). A nullable field may be sorted ascending only, with its nulls last (a deadline
sort: tickets without one come after all that have one); ``order_keys`` gives the ORDER BY for
it. The cursor is an opaque, URL-safe token holding the last row's sort values.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F, Field, Model, Q, QuerySet
from django.utils.translation import gettext as _

T = TypeVar("T")


class InvalidCursor(ValidationError):
    pass


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _sort_field(model: type[Model], name: str) -> Field[Any, Any]:
    """The model field an ordering entry sorts on; a reverse relation is a programming error."""
    field = model._meta.get_field(name.lstrip("-"))
    if not isinstance(field, Field):
        raise ValueError(f"cannot paginate {model.__name__} by the relation {name!r}")
    return field


def decode_cursor(cursor: str, model: type[Model], ordering: Sequence[str]) -> list[Any]:
    fields = [_sort_field(model, name) for name in ordering]
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(raw, list) or len(raw) != len(ordering):
            raise ValueError
        return [field.to_python(value) for field, value in zip(fields, raw, strict=True)]
    except (ValueError, TypeError, UnicodeDecodeError, ValidationError) as exc:
        raise InvalidCursor(_("The cursor is not valid; start again from the first page")) from exc


def _after(ordering: Sequence[str], values: Sequence[Any], nullable: Collection[str] = ()) -> Q:
    """Rows strictly after ``values`` in ``ordering``: (a > x) | (a = x & b > y) | …

    A null value sorts after every other (ascending, nulls last): after x come the greater
    values and the nulls; after a null come only nulls (ordered by the next field)."""
    condition = Q()
    for index, name in enumerate(ordering):
        field = name.lstrip("-")
        op = "lt" if name.startswith("-") else "gt"
        value = values[index]
        if value is None:
            continue  # nothing sorts after a null in this field; equal nulls go on below
        step = Q(**{f"{field}__{op}": value})
        if field in nullable:
            step |= Q(**{f"{field}__isnull": True})
        for earlier, seen in zip(ordering[:index], values[:index], strict=True):
            name_ = earlier.lstrip("-")
            step &= Q(**{f"{name_}__isnull": True}) if seen is None else Q(**{name_: seen})
        condition |= step
    return condition


def order_keys(model: type[Model], ordering: Sequence[str]) -> list[Any]:
    """``ordering`` for ``order_by``: nullable fields ascending with their nulls last."""
    keys: list[Any] = []
    for name in ordering:
        field = _sort_field(model, name)
        if field.null and not name.startswith("-"):
            keys.append(F(name).asc(nulls_last=True))
        else:
            keys.append(name)
    return keys


def _sort_value(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def after_cursor(
    queryset: QuerySet[Any, T], *, ordering: Sequence[str], cursor: str | None
) -> QuerySet[Any, T]:
    """The rows of ``queryset`` after ``cursor`` in ``ordering`` (all of them without one)."""
    if not cursor:
        return queryset
    model = queryset.model
    nullable = {n.lstrip("-") for n in ordering if _sort_field(model, n).null}
    return queryset.filter(_after(ordering, decode_cursor(cursor, model, ordering), nullable))


def next_cursor(rows: Sequence[Any], *, ordering: Sequence[str], limit: int) -> str | None:
    """The cursor after the ``limit``-th of ``rows`` when a ``limit + 1``-th shows there is more."""
    if len(rows) <= limit:
        return None
    return encode_cursor([_sort_value(rows[limit - 1], n.lstrip("-")) for n in ordering])


def paginate(
    queryset: QuerySet[Any, T], *, ordering: Sequence[str], cursor: str | None, limit: int
) -> Page[T]:
    """One page of ``queryset`` in ``ordering`` after ``cursor``; fetches ``limit + 1`` rows.

    Rows are model instances, or dicts from ``values()`` that include the ordering's fields."""
    queryset = after_cursor(queryset, ordering=ordering, cursor=cursor)
    rows = list(queryset.order_by(*order_keys(queryset.model, ordering))[: limit + 1])
    return Page(items=rows[:limit], next_cursor=next_cursor(rows, ordering=ordering, limit=limit))
