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
    _send(ticket_group(ticket_id), payload)
    _send(DESK_GROUP, payload)


def _send(group: str, payload: dict[str, object]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, payload)
    except Exception:  # a push is best effort: the page still shows the truth on reload
        log.warning("realtime push to %s failed", group, exc_info=True)
