"""Pushes to agents' browsers over Channels. Called after commit by the services."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

log = logging.getLogger(__name__)

DESK_GROUP = "desk"


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{ticket_id}"


def ticket_changed(ticket_id: int) -> None:
    """Tell agents viewing this ticket, and every open inbox, that it changed."""
    from fyr.tickets.models import Ticket

    groups = (ticket_group(ticket_id), DESK_GROUP)
    if not _anyone_listening(groups):
        return
    row = Ticket.objects.filter(pk=ticket_id).values("version", "status", "team_id").first()
    if row is None:
        return
    payload = {"type": "ticket.changed", "ticket": ticket_id, **row}
    _send(groups, payload)


def _anyone_listening(groups: tuple[str, ...]) -> bool:
    """With the in-memory layer (no Redis) only browsers connected to this very process can
    hear a push; a worker, an import or a mail fetch has none, so it skips the query and the
    hop into the event loop that a push costs. Other layers always send."""
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        return any(layer.groups.get(group) for group in groups)
    return layer is not None


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
