"""Pushes to agents' browsers over Channels. Called after commit by the services."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

DESK_GROUP = "desk"


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{ticket_id}"


def ticket_changed(ticket_id: int) -> None:
    """Tell agents viewing this ticket, and every open inbox, that it changed."""
    from fyr.tickets.models import Ticket

    row = Ticket.objects.filter(pk=ticket_id).values("version", "status", "team_id").first()
    if row is None:
        return
    payload = {"type": "ticket.changed", "ticket": ticket_id, **row}
    _send((ticket_group(ticket_id), DESK_GROUP), payload)


def _send(groups: tuple[str, ...], payload: dict[str, object]) -> None:
    """One trip into the event loop for all groups: each ``async_to_sync`` call costs a thread
    hand-off, which was most of the price of a push."""
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all() -> None:
        for group in groups:
            await layer.group_send(group, payload)

    try:
        async_to_sync(send_all)()
    except Exception:  # a push is best effort: the page still shows the truth on reload
        log.warning("realtime push to %s failed", ", ".join(groups), exc_info=True)
