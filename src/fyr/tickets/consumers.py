"""The desk's websocket: agents hear about changes to the tickets and inbox they look at."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from fyr.accounts.models import User
from fyr.tickets import realtime
from fyr.tickets.queries import visible_tickets

MAX_SUBSCRIPTIONS = 20


class DeskConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=4401)
            return
        self.user = user
        self.tickets: set[int] = set()
        self._last_forwarded: tuple[int, int | None] | None = None
        await self.channel_layer.group_add(realtime.DESK_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if not hasattr(self, "user"):
            return
        await self.channel_layer.group_discard(realtime.DESK_GROUP, self.channel_name)
        for ticket_id in self.tickets:
            await self.channel_layer.group_discard(
                realtime.ticket_group(ticket_id), self.channel_name
            )

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("action") != "subscribe":
            await self.send_json({"error": "unknown action"})
            return
        ticket_id = content.get("ticket")
        if not isinstance(ticket_id, int) or len(self.tickets) >= MAX_SUBSCRIPTIONS:
            await self.send_json({"error": "cannot subscribe"})
            return
        if not await self._may_see(ticket_id):
            await self.send_json({"error": "not found"})
            return
        self.tickets.add(ticket_id)
        await self.channel_layer.group_add(realtime.ticket_group(ticket_id), self.channel_name)
        await self.send_json({"subscribed": ticket_id})

    @database_sync_to_async
    def _may_see(self, ticket_id: int) -> bool | None:
        """Whether the agent may see the ticket now; ``None`` once the agent is deactivated.

        Asked afresh for every change: an agent loses access when a ticket moves to another
        team or their account is switched off, even with the socket open.
        """
        user = User.objects.filter(pk=self.user.pk, is_active=True).first()
        if user is None:
            return None
        return visible_tickets(user).filter(pk=ticket_id).exists()

    async def ticket_changed(self, event: dict[str, Any]) -> None:
        """Forward a change to this agent if they may see the ticket, once.

        A subscribed ticket's change arrives twice (its own group and the desk group).
        """
        ticket_id = event["ticket"]
        seen = (ticket_id, event.get("version"))
        if seen == self._last_forwarded:
            return
        self._last_forwarded = seen
        visible = await self._may_see(ticket_id)
        if visible is None:
            await self.close(code=4403)
            return
        if not visible:
            if ticket_id in self.tickets:
                self.tickets.discard(ticket_id)
                await self.channel_layer.group_discard(
                    realtime.ticket_group(ticket_id), self.channel_name
                )
            return
        payload = {k: v for k, v in event.items() if k != "type"}
        await self.send_json({**payload, "event": "ticket.changed"})
