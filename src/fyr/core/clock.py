"""The time services stamp on what they write.

``now()`` is ``timezone.now()`` unless a caller runs inside ``at(instant)``: demo data and
importers replay history with its real times, so events (the metrics' only source) stay true.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_frozen: ContextVar[datetime | None] = ContextVar("fyr_clock", default=None)


def now() -> datetime:
    return _frozen.get() or timezone.now()


@contextmanager
def at(instant: datetime) -> Iterator[None]:
    if timezone.is_naive(instant):
        raise ValueError("clock.at needs an aware datetime")
    token = _frozen.set(instant)
    try:
        yield
    finally:
        _frozen.reset(token)
