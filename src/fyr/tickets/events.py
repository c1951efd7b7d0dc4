"""The only writer of ``TicketEvent`` rows, and the ``Actor`` that every change names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fyr.core import clock
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
    hand the change's events to the observers in ``fyr.tickets.hooks``.
    """
    payload = dict(data)
    if before is not None or after is not None:
        payload["before"] = before
        payload["after"] = after
    if actor.rule is not None:
        payload["rule"] = actor.rule.as_data()
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor_kind=actor.kind,
        actor_agent=actor.agent,
        actor_contact=actor.contact,
        message=message,
        data=payload,
        created_at=clock.now(),
    )
    ticket.__dict__.setdefault("_unsaved_events", []).append(event)
    return event


def take_unsaved(ticket: Ticket) -> tuple[TicketEvent, ...]:
    """The events recorded on ``ticket`` since this was last called (the change being saved)."""
    return tuple(ticket.__dict__.pop("_unsaved_events", ()))


def record_many(
    tickets: Iterable[Ticket], kind: EventKind, actor: Actor, **data: Any
) -> list[TicketEvent]:
    """The same event on many tickets in one INSERT (bulk actions, contact merges)."""
    now = clock.now()
    return TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket=ticket,
            kind=kind,
            actor_kind=actor.kind,
            actor_agent=actor.agent,
            actor_contact=actor.contact,
            data={**data, "rule": actor.rule.as_data()} if actor.rule else data,
            created_at=now,
        )
        for ticket in tickets
    )
