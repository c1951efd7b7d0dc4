"""The only writer of ``TicketEvent`` rows, and the ``Actor`` that every change names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fyr.core import clock, rows
from fyr.tickets.choices import ActorKind, EventKind
from fyr.tickets.models import Message, Ticket, TicketEvent

if TYPE_CHECKING:
    from fyr.accounts.models import User
    from fyr.customers.models import Contact


@dataclass(frozen=True)
class RuleRef:
    """The rule behind a change Fyr makes by itself: a trigger, an automation, an SLA policy,
    a macro or the router. Every event it records names it."""

    kind: str
    id: int | None
    name: str

    def as_data(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name}


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an agent, a customer, or Fyr itself (automations, channels)."""

    kind: ActorKind
    agent: User | None = None
    contact: Contact | None = None
    rule: RuleRef | None = None

    @classmethod
    def of_agent(cls, user: User) -> Actor:
        return cls(ActorKind.AGENT, agent=user)

    @classmethod
    def of_contact(cls, contact: Contact) -> Actor:
        return cls(ActorKind.CONTACT, contact=contact)

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM)

    @classmethod
    def of_rule(cls, kind: str, id: int | None, name: str, *, agent: User | None = None) -> Actor:
        """Fyr acting by a rule; ``agent`` when an agent set it off (a macro they applied)."""
        return cls(
            ActorKind.AGENT if agent is not None else ActorKind.SYSTEM,
            agent=agent,
            rule=RuleRef(kind, id, name),
        )

    @property
    def label(self) -> str:
        if self.agent is not None:
            return str(self.agent)
        if self.contact is not None:
            return str(self.contact)
        if self.rule is not None:
            return self.rule.name
        return "Fyr"


def record(
    ticket: Ticket,
    kind: EventKind,
    actor: Actor,
    *,
    message: Message | None = None,
    before: Any = None,
    after: Any = None,
    **data: Any,
) -> TicketEvent:
    """Append one event; ``before``/``after`` hold plain JSON values (ids, names, codes).

    The event is also remembered on ``ticket`` until the change is saved, when the services
    hand the change's events to the observers in ``fyr.tickets.hooks``. On a ticket under
    ``defer`` it is written only then, with the change's other events.
    """
    payload = dict(data)
    if before is not None or after is not None:
        payload["before"] = before
        payload["after"] = after
    if actor.rule is not None:
        payload["rule"] = actor.rule.as_data()
    event = TicketEvent(
        ticket=ticket,
        kind=kind,
        actor_kind=actor.kind,
        actor_agent=actor.agent,
        actor_contact=actor.contact,
        message=message,
        data=payload,
        created_at=clock.now(),
    )
    if not ticket.__dict__.get("_defer_events"):
        rows.insert(event)
    ticket.__dict__.setdefault("_unsaved_events", []).append(event)
    return event


def defer(ticket: Ticket) -> None:
    """Write the events recorded on ``ticket`` in one INSERT when its change is saved
    (``take_unsaved``) instead of one each: a received message records two or three. Only for a
    change that certainly ends in a save; until then the events have no id."""
    ticket.__dict__["_defer_events"] = True


def take_unsaved(ticket: Ticket) -> tuple[TicketEvent, ...]:
    """The events recorded on ``ticket`` since this was last called (the change being saved),
    written by now: deferred ones are inserted here, before anyone sees them."""
    ticket.__dict__.pop("_defer_events", None)
    taken = tuple(ticket.__dict__.pop("_unsaved_events", ()))
    rows.insert_many([event for event in taken if event.pk is None])
    return taken


def record_many(
    tickets: Iterable[Ticket], kind: EventKind, actor: Actor, **data: Any
) -> list[TicketEvent]:
    """The same event on many tickets in one INSERT (bulk actions, contact merges)."""
    return record_each(kind, actor, ((ticket.pk, data) for ticket in tickets))


def record_each(
    kind: EventKind, actor: Actor, items: Iterable[tuple[int, dict[str, Any]]]
) -> list[TicketEvent]:
    """One event per ``(ticket id, data)`` in one INSERT, for changes found in bulk (the SLA
    sweep's warnings and breaches); the tickets are not loaded."""
    now = clock.now()
    rule = {"rule": actor.rule.as_data()} if actor.rule else {}
    return TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=ticket_id,
            kind=kind,
            actor_kind=actor.kind,
            actor_agent=actor.agent,
            actor_contact=actor.contact,
            data={**data, **rule},
            created_at=now,
        )
        for ticket_id, data in items
    )
