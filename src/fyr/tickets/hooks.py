"""What runs after a ticket changes: SLA clocks, routing, triggers.

The core imports none of the apps that do this work. Each registers an observer from its
``AppConfig.ready()`` (as channel apps register adapters in ``fyr.tickets.channels``), and
``fyr.tickets.services`` calls every observer after it has saved a change, inside the change's
transaction, with the events that change recorded. An observer that changes the ticket again
(a trigger's actions) goes through the services like everyone else, so its change is observed
too, one level deeper; ``depth()`` tells how deep, and observers stop chains at a fixed depth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fyr.tickets.choices import EventKind

if TYPE_CHECKING:
    from fyr.tickets.events import Actor
    from fyr.tickets.models import Ticket, TicketEvent

#: How deep changes made by observers may nest before observers stop reacting to them.
MAX_DEPTH = 5


@dataclass(frozen=True)
class Change:
    """One saved change: the ticket as saved (locked until commit), who made it, what happened."""

    ticket: Ticket
    actor: Actor
    events: tuple[TicketEvent, ...]

    @property
    def kinds(self) -> set[str]:
        return {event.kind for event in self.events}

    @property
    def created(self) -> bool:
        return EventKind.CREATED in self.kinds


Observer = Callable[[Change], None]

_observers: list[tuple[int, str, Observer]] = []
_depth: ContextVar[int] = ContextVar("fyr_ticket_change_depth", default=0)


def observe(name: str, observer: Observer, *, order: int) -> None:
    """Register ``observer`` (once per ``name``); lower ``order`` runs first."""
    _observers[:] = [entry for entry in _observers if entry[1] != name]
    _observers.append((order, name, observer))
    _observers.sort(key=lambda entry: entry[0])


def depth() -> int:
    """0 for a change made by a person, a channel or a task; 1 for a change an observer made
    while reacting to it; and so on."""
    return _depth.get()


def notify(change: Change) -> None:
    """Run every observer on ``change`` (called by the services, nobody else)."""
    if not _observers or depth() > MAX_DEPTH:
        return
    with _nested():
        for _order, _name, observer in _observers:
            observer(change)


@contextmanager
def _nested() -> Iterator[None]:
    token = _depth.set(_depth.get() + 1)
    try:
        yield
    finally:
        _depth.reset(token)
