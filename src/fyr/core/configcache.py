"""Configuration read on every ticket change (SLA policies, triggers, calendars), kept in memory.

Such rows change a few times a month and are read thousands of times a minute; reading them on
every message would cost more than the message. Each process keeps what it loaded for
``TTL_SECONDS``; the service that saves a rule calls ``forget`` so its own process sees the change
at once, and other processes (the worker, another web process) see it within the TTL.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")

TTL_SECONDS = 10.0

_store: dict[str, tuple[float, Any]] = {}


def get(key: str, load: Callable[[], T]) -> T:
    """The value cached under ``key``, loaded with ``load()`` when missing or expired."""
    now = time.monotonic()
    hit = _store.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[no-any-return]
    value = load()
    _store[key] = (now + TTL_SECONDS, value)
    return value


def forget(*keys: str) -> None:
    """Drop ``keys`` now and again after the surrounding transaction commits (a reader in
    between may have loaded the old rows)."""

    def drop() -> None:
        for key in keys:
            _store.pop(key, None)

    drop()
    transaction.on_commit(drop)


def clear() -> None:
    _store.clear()
