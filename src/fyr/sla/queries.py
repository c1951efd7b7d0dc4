"""Reads of a ticket's SLA clocks for the ticket page and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from fyr.sla.choices import ClockState
from fyr.sla.models import SlaClock

if TYPE_CHECKING:
    from fyr.tickets.models import Ticket

PREFETCH_NAME = "shown_sla_clocks"


def _shown() -> QuerySet[SlaClock]:
    """Clocks worth showing: cancelled ones (a policy that stopped applying) are history only."""
    return (
        SlaClock.objects.exclude(state=ClockState.CANCELLED)
        .select_related("policy")
        .order_by("started_at", "id")
    )


def with_clocks(tickets: QuerySet[Any]) -> QuerySet[Any]:
    """``tickets`` with their shown clocks fetched in one more query for the whole page."""
    return tickets.prefetch_related(Prefetch("sla_clocks", _shown(), to_attr=PREFETCH_NAME))


def ticket_clocks(ticket: Ticket) -> list[SlaClock]:
    prefetched = getattr(ticket, PREFETCH_NAME, None)
    if prefetched is not None:
        return list(prefetched)
    return list(_shown().filter(ticket=ticket))
