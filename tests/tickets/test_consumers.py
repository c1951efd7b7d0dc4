"""The desk websocket: agents only, subscriptions checked against what they may see."""

from __future__ import annotations

import pytest
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client

from fyr.tickets import services
from fyr.websockets import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)

app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


def _session_cookie(user) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    return [(b"cookie", f"sessionid={cookie}".encode())]


async def _connect(headers):
    communicator = WebsocketCommunicator(app, "/ws/desk/", headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def test_anonymous_is_refused():
    communicator, connected = await _connect([])
    assert not connected
    await communicator.disconnect()


async def test_agent_hears_changes_to_subscribed_ticket(ticket, agent):
    from asgiref.sync import sync_to_async

    headers = await sync_to_async(_session_cookie)(agent)
    communicator, connected = await _connect(headers)
    assert connected
    await communicator.send_json_to({"action": "subscribe", "ticket": ticket.pk})
    assert await communicator.receive_json_from() == {"subscribed": ticket.pk}
    await sync_to_async(services.add_note)(ticket, author=agent, body="Jag tittar")
    message = await communicator.receive_json_from()
    assert (message["event"], message["ticket"]) == ("ticket.changed", ticket.pk)
    assert await communicator.receive_nothing(timeout=0.3)  # once, not once per group
    await communicator.disconnect()


async def test_outsider_cannot_subscribe_or_hear_other_teams_tickets(ticket, agent, outsider):
    from asgiref.sync import sync_to_async

    headers = await sync_to_async(_session_cookie)(outsider)
    communicator, connected = await _connect(headers)
    assert connected
    await communicator.send_json_to({"action": "subscribe", "ticket": ticket.pk})
    assert await communicator.receive_json_from() == {"error": "not found"}
    await sync_to_async(services.add_note)(ticket, author=agent, body="Hemligt")
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_agent_stops_hearing_about_a_ticket_moved_out_of_their_teams(
    ticket, agent, admin, billing
):
    from asgiref.sync import sync_to_async

    headers = await sync_to_async(_session_cookie)(agent)
    communicator, connected = await _connect(headers)
    assert connected
    await communicator.send_json_to({"action": "subscribe", "ticket": ticket.pk})
    assert await communicator.receive_json_from() == {"subscribed": ticket.pk}
    await sync_to_async(services.change_ticket)(
        ticket, actor=services.Actor.of_agent(admin), changes={"team": billing}
    )
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_a_deactivated_agents_socket_is_closed(ticket, agent, admin):
    from asgiref.sync import sync_to_async

    headers = await sync_to_async(_session_cookie)(agent)
    communicator, connected = await _connect(headers)
    assert connected
    agent.is_active = False
    await sync_to_async(agent.save)()
    await sync_to_async(services.add_note)(ticket, author=admin, body="Efter avstängning")
    output = await communicator.receive_output(timeout=1)
    assert output == {"type": "websocket.close", "code": 4403}
