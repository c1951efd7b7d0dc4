"""Agents' open work (``AgentLoad``), kept in step with the tickets.

A change moves load when it changes who holds an open ticket: the ticket counted for its
assignee before the change if it was new or open, and counts for its assignee after the change if
it is new or open now. The state before is read from the change's events (the first
``status_changed`` / ``reopened`` and ``assignee_changed`` events hold it), so a change that moves
neither costs nothing. ``recount`` repairs what no observer saw.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, F

from fyr.routing.models import AgentLoad
from fyr.tickets.choices import EventKind, Status
from fyr.tickets.models import Ticket

if TYPE_CHECKING:
    from fyr.tickets.hooks import Change

#: The statuses that count as an agent's open work.
OPEN_WORK = (Status.NEW, Status.OPEN)

_STATUS_KINDS = (EventKind.STATUS_CHANGED, EventKind.REOPENED)
_LOAD_KINDS = frozenset({*_STATUS_KINDS, EventKind.ASSIGNEE_CHANGED})


def deltas(change: Change) -> dict[int, int]:
    """How this change moved each agent's open work (no query)."""
    ticket = change.ticket
    status_before: str | None = ticket.status
    assignee_before: int | None = ticket.assignee_id
    seen_status = seen_assignee = False
    for event in change.events:
        data = event.data or {}
        if event.kind in _STATUS_KINDS and not seen_status:
            status_before, seen_status = data.get("before"), True
        elif event.kind == EventKind.ASSIGNEE_CHANGED and not seen_assignee:
            assignee_before, seen_assignee = data.get("before"), True
    moved: Counter[int] = Counter()
    if not change.created and assignee_before and status_before in OPEN_WORK:
        moved[int(assignee_before)] -= 1
    if ticket.assignee_id and ticket.status in OPEN_WORK:
        moved[ticket.assignee_id] += 1
    return {user_id: n for user_id, n in moved.items() if n}


def on_ticket_change(change: Change) -> None:
    """The observer (order 0: it must see the ticket as this change saved it)."""
    if change.kinds & _LOAD_KINDS:
        apply(deltas(change))


def apply(moved: dict[int, int]) -> None:
    """Add ``moved`` to the agents' loads, in user id order (two changes moving load between
    the same agents lock their rows in the same order). A missing row starts from the count."""
    for user_id in sorted(moved):
        updated = AgentLoad.objects.filter(user_id=user_id).update(
            open_work=F("open_work") + moved[user_id]
        )
        if not updated:
            _start(user_id)


def _start(user_id: int) -> None:
    count = Ticket.objects.filter(assignee_id=user_id, status__in=OPEN_WORK).count()
    try:
        with transaction.atomic():
            AgentLoad.objects.create(user_id=user_id, open_work=count)
    except IntegrityError:  # created meanwhile by another change: it counted this one too
        pass


def recount() -> int:
    """Make every load equal the count of the agent's open tickets; returns how many were
    wrong. Each row is corrected only if nobody changed it since it was read."""
    truth = dict(
        Ticket.objects.filter(assignee__isnull=False, status__in=OPEN_WORK)
        .order_by()
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
    )
    stored = dict(AgentLoad.objects.values_list("user_id", "open_work"))
    fixed = 0
    for user_id, value in stored.items():
        right = truth.get(user_id, 0)
        if value != right:
            fixed += AgentLoad.objects.filter(user_id=user_id, open_work=value).update(
                open_work=right
            )
    missing = [user_id for user_id in truth if user_id not in stored]
    AgentLoad.objects.bulk_create(
        (AgentLoad(user_id=user_id, open_work=truth[user_id]) for user_id in missing),
        ignore_conflicts=True,
    )
    return fixed + len(missing)
