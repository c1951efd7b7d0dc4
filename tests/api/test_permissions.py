"""Who may call what: every endpoint × every persona, with exact status codes.

Personas: ``anonymous``; ``portal_customer`` (a customer-portal session, not an agent);
``light_agent`` (Support, read + internal notes); ``outsider`` (an agent of Billing only, who
cannot see Support's ticket); ``agent`` (Support); ``admin``.
"""

from __future__ import annotations

import pytest
from django.test import Client

from fyr.accounts import services as accounts
from tests.api.conftest import PERSONAS, snapshot

# endpoint case -> (method, path template, body, expected status per persona in PERSONAS order)
MATRIX = {
    "list_tickets": ("get", "/tickets", None, [401, 401, 200, 200, 200, 200]),
    "create_ticket": (
        "post",
        "/tickets",
        {"requester": {"email": "ny@acme.se", "name": "Ny"}, "subject": "Hej", "body": "Hjälp"},
        [401, 401, 403, 201, 201, 201],
    ),
    "get_ticket": ("get", "/tickets/{ticket}", None, [401, 401, 200, 404, 200, 200]),
    "patch_ticket": (
        "patch",
        "/tickets/{ticket}",
        {"priority": "high"},
        [401, 401, 403, 404, 200, 200],
    ),
    "list_messages": ("get", "/tickets/{ticket}/messages", None, [401, 401, 200, 404, 200, 200]),
    "reply": (
        "post",
        "/tickets/{ticket}/messages",
        {"body": "Vi tittar på det."},
        [401, 401, 403, 404, 201, 201],
    ),
    "note": (
        "post",
        "/tickets/{ticket}/messages",
        {"body": "Kolla fakturan.", "internal": True},
        [401, 401, 201, 404, 201, 201],
    ),
    "list_events": ("get", "/tickets/{ticket}/events", None, [401, 401, 200, 404, 200, 200]),
    "list_contacts": ("get", "/contacts", None, [401, 401, 200, 200, 200, 200]),
    "create_contact": (
        "post",
        "/contacts",
        {"name": "Nina", "email": "nina@acme.se"},
        [401, 401, 403, 201, 201, 201],
    ),
    "get_contact": ("get", "/contacts/{customer}", None, [401, 401, 200, 200, 200, 200]),
    "patch_contact": (
        "patch",
        "/contacts/{customer}",
        {"name": "Karin Kundsson"},
        [401, 401, 403, 200, 200, 200],
    ),
    "merge_contact": (
        "post",
        "/contacts/{customer}/merge",
        {"into": "{stranger}"},
        [401, 401, 403, 200, 200, 200],
    ),
    "list_organizations": ("get", "/organizations", None, [401, 401, 200, 200, 200, 200]),
    "create_organization": (
        "post",
        "/organizations",
        {"name": "Nyföretaget AB"},
        [401, 401, 403, 403, 403, 201],
    ),
    "get_organization": ("get", "/organizations/{acme}", None, [401, 401, 200, 200, 200, 200]),
    "patch_organization": (
        "patch",
        "/organizations/{acme}",
        {"notes": "Viktig kund"},
        [401, 401, 403, 403, 403, 200],
    ),
    "list_teams": ("get", "/teams", None, [401, 401, 200, 200, 200, 200]),
    "create_team": ("post", "/teams", {"name": "Sälj"}, [401, 401, 403, 403, 403, 201]),
    "me": ("get", "/me", None, [401, 401, 200, 200, 200, 200]),
}

CASES = [
    pytest.param(case, persona, expected[index], id=f"{case}-{persona}")
    for case, (_method, _path, _body, expected) in MATRIX.items()
    for index, persona in enumerate(PERSONAS)
]


def _fill(value, ids):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


@pytest.mark.parametrize(("case", "persona", "expected"), CASES)
def test_permission_matrix(as_persona, ticket, customer, stranger, acme, case, persona, expected):
    method, path, body, _ = MATRIX[case]
    ids = {"ticket": ticket.pk, "customer": customer.pk, "stranger": stranger.pk, "acme": acme.pk}
    client = as_persona(persona)
    before = snapshot()

    url = path.format(**ids)
    response = (
        client.get(url) if method == "get" else getattr(client, method)(url, _fill(body, ids))
    )

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"detail"}
    if expected >= 400 or method == "get":
        assert snapshot() == before


def test_outsider_lists_no_tickets_of_another_team(as_persona, ticket):
    response = as_persona("outsider").get("/tickets")

    assert response.json() == {"items": [], "next_cursor": None}


def test_anonymous_gets_a_json_message(as_persona):
    response = as_persona("anonymous").get("/me")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication required: send a bearer token or log in to the desk"
    }


def test_portal_customer_session_is_not_an_agent(as_persona, ticket):
    before = snapshot()

    response = as_persona("portal_customer").post(
        f"/tickets/{ticket.pk}/messages", {"body": "Hej igen"}
    )

    assert response.status_code == 401
    assert snapshot() == before


def test_desk_session_authenticates(agent):
    client = Client()
    client.force_login(agent)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["email"] == "agent@fyr.test"


def test_session_write_without_csrf_token_is_refused(agent, ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    before = snapshot()

    response = client.patch(
        f"/api/v1/tickets/{ticket.pk}", '{"priority": "high"}', content_type="application/json"
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_session_write_with_csrf_token_is_accepted(agent, ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    token = "a" * 32
    client.cookies["csrftoken"] = token

    response = client.patch(
        f"/api/v1/tickets/{ticket.pk}",
        '{"priority": "high"}',
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert response.json()["priority"] == "high"


def test_session_read_needs_no_csrf_token(agent, ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    assert client.get(f"/api/v1/tickets/{ticket.pk}").status_code == 200


def test_bearer_write_needs_no_csrf_token(agent, ticket):
    token = accounts.issue_token(agent)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}"})

    response = client.patch(
        f"/api/v1/tickets/{ticket.pk}", '{"priority": "low"}', content_type="application/json"
    )

    assert response.status_code == 200


def test_revoked_token_is_refused(agent):
    raw = accounts.issue_token(agent)
    accounts.revoke_token(agent.api_tokens.get())
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    assert client.get("/api/v1/me").status_code == 401


def test_unknown_token_is_refused(db):
    client = Client(headers={"Authorization": "Bearer fyr_not-a-real-token"})

    assert client.get("/api/v1/me").status_code == 401


def test_deactivated_agent_is_refused_with_token_and_session(agent):
    raw = accounts.issue_token(agent)
    session = Client()
    session.force_login(agent)
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 401
    assert session.get("/api/v1/me").status_code == 401
