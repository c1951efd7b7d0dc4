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
class Actor:
    """Who makes a change: an agent, a customer, or Fyr itself (automations, channels)."""

    kind: ActorKind
    agent: User | None = None
    contact: Contact | None = None

    @classmethod
    def of_agent(cls, user: User) -> Actor:
        return cls(ActorKind.AGENT, agent=user)

    @classmethod
    def of_contact(cls, contact: Contact) -> Actor:
        return cls(ActorKind.CONTACT, contact=contact)

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM)

    @property
    def label(self) -> str:
        if self.agent is not None:
            return str(self.agent)
        if self.contact is not None:
            return str(self.contact)
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
    """Append one event; ``before``/``after`` hold plain JSON values (ids, names, codes)."""
    payload = dict(data)
    if before is not None or after is not None:
        payload["before"] = before
        payload["after"] = after
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor_kind=actor.kind,
        actor_agent=actor.agent,
        actor_contact=actor.contact,
        message=message,
        data=payload,
        created_at=clock.now(),
    )


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
            data=data,
            created_at=now,
        )
        for ticket in tickets
    )
