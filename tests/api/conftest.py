"""API fixtures: a client per persona, JSON helpers and a snapshot of everything writable."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fyr.accounts import services as accounts
from fyr.accounts.models import Team, User
from fyr.customers.models import Contact, ContactIdentity, Organization
from fyr.tickets.models import Message, Ticket, TicketEvent

PERSONAS = ["anonymous", "portal_customer", "light_agent", "outsider", "agent", "admin"]


class ApiClient:
    """A test client that speaks JSON to /api/v1 as one persona."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, headers=headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self._send("post", path, body, headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self._send("patch", path, body, headers)

    def put(self, path: str, body: Any = None, **headers: str) -> Any:
        return self._send("put", path, body, headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.client.delete(f"/api/v1{path}", headers=headers)

    def _send(self, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
        send = getattr(self.client, method)
        return send(
            f"/api/v1{path}",
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=headers,
        )


def bearer_client(user: User) -> ApiClient:
    token = accounts.issue_token(user, name="tests")
    return ApiClient(Client(headers={"Authorization": f"Bearer {token}"}))


@pytest.fixture
def as_persona(request, customer) -> Callable[[str], ApiClient]:
    """``as_persona("agent")``: a client authenticated as that persona (bearer token).

    ``anonymous`` sends nothing; ``portal_customer`` has a customer-portal session (a contact id
    in the session, no Django user), which the API must not accept.
    """

    def make(persona: str) -> ApiClient:
        if persona == "anonymous":
            return ApiClient(Client())
        if persona == "portal_customer":
            client = Client()
            session = client.session
            session["portal_contact_id"] = customer.pk
            session.save()
            return ApiClient(client)
        return bearer_client(request.getfixturevalue(persona))

    return make


@pytest.fixture
def agent_api(agent) -> ApiClient:
    return bearer_client(agent)


@pytest.fixture
def admin_api(admin) -> ApiClient:
    return bearer_client(admin)


@pytest.fixture
def light_api(light_agent) -> ApiClient:
    return bearer_client(light_agent)


def snapshot() -> dict[str, Any]:
    """Everything an API write could change, to assert that a denied request changed nothing."""
    return {
        "tickets": list(
            Ticket.objects.order_by("pk").values_list(
                "pk", "version", "subject", "status", "priority", "requester_id", "team_id"
            )
        ),
        "messages": Message.objects.count(),
        "events": TicketEvent.objects.count(),
        "contacts": list(
            Contact.objects.order_by("pk").values_list(
                "pk", "name", "merged_into_id", "organization_id"
            )
        ),
        "identities": list(
            ContactIdentity.objects.order_by("pk").values_list("pk", "contact_id", "value")
        ),
        "organizations": list(
            Organization.objects.order_by("pk").values_list("pk", "name", "notes")
        ),
        "teams": list(Team.objects.order_by("pk").values_list("pk", "name")),
    }


def field_errors(response: Any) -> dict[str, str]:
    """A 422 body as {dotted field path: message}; "" for errors about the whole body.

    ``loc`` is [source, parameter name, field…, list index…]: ``["body", "payload", "subject"]``,
    ``["query", "filters", "status", 0]``, or ``["query", "cursor"]`` for a plain parameter.
    """
    errors = {}
    for item in response.json()["detail"]:
        path = [str(p) for p in item["loc"][1:] if not isinstance(p, int)]
        if path and path[0] in {"payload", "filters", "page"}:
            path = path[1:]
        errors[".".join(path)] = item["msg"]
    return errors
