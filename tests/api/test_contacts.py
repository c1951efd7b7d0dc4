"""/api/v1/contacts: find, create, change and merge customers."""

from __future__ import annotations

import pytest

from fyr.customers.models import Contact
from fyr.tickets.models import Ticket
from tests.api.conftest import field_errors, snapshot


def test_find_contact_by_exact_email(agent_api, customer, stranger):
    response = agent_api.get("/contacts", {"email": "KARIN@acme.se"})

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == customer.pk
    assert item["email"] == "karin@acme.se"
    assert item["identities"] == [{"kind": "email", "value": "karin@acme.se"}]


def test_partial_email_finds_nothing(agent_api, customer):
    response = agent_api.get("/contacts", {"email": "arin@acme.se"})

    assert response.json() == {"items": [], "next_cursor": None}


def test_filter_by_organization(agent_api, customer, stranger, acme):
    response = agent_api.get("/contacts", {"organization": acme.pk})

    assert [item["id"] for item in response.json()["items"]] == [customer.pk]


def test_bad_email_filter_is_422(agent_api, customer):
    response = agent_api.get("/contacts", {"email": "not an email"})

    assert response.status_code == 422
    assert field_errors(response) == {"email": "not an email is not an email address"}


def test_contacts_paginate_without_duplicates(agent_api, customer, stranger):
    for index in range(5):
        Contact.objects.create(name=f"Kund {index}")
    ids, cursor = [], None
    while True:
        body = agent_api.get(
            "/contacts", {"limit": 2, **({"cursor": cursor} if cursor else {})}
        ).json()
        ids += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert sorted(ids) == sorted(Contact.objects.values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) == 7


def test_create_contact_joins_organization_by_domain(agent_api, acme):
    response = agent_api.post(
        "/contacts", {"name": "Nina", "email": "Nina@Acme.se", "phone": "070-123 45 67"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["organization_id"] == acme.pk
    assert body["identities"] == [
        {"kind": "email", "value": "nina@acme.se"},
        {"kind": "phone", "value": "+46701234567"},
    ]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "X", "email": "nope"}, "email"),
        ({"name": "X", "phone": "12"}, "phone"),
        ({"name": "X", "email": "karin@acme.se"}, "email"),  # belongs to another contact
        ({"name": "X", "organization_id": 999999}, "organization_id"),
    ],
)
def test_create_contact_rejects_bad_input(agent_api, customer, payload, field):
    before = snapshot()

    response = agent_api.post("/contacts", payload)

    assert response.status_code == 422
    assert field in field_errors(response)
    assert snapshot() == before


def test_patch_contact_changes_only_fields_sent(agent_api, customer, acme):
    response = agent_api.patch(
        f"/contacts/{customer.pk}", {"notes": "Ring före 10", "organization_id": None}
    )

    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.name, customer.notes, customer.organization_id) == (
        "Karin Kund",
        "Ring före 10",
        None,
    )


def test_unknown_contact_is_404(agent_api, db):
    assert agent_api.get("/contacts/424242").status_code == 404


def test_merge_moves_tickets_and_hides_the_source(agent_api, ticket, customer, stranger):
    response = agent_api.post(f"/contacts/{customer.pk}/merge", {"into": stranger.pk})

    assert response.status_code == 200
    assert response.json()["id"] == stranger.pk
    assert {i["value"] for i in response.json()["identities"]} == {"sven@other.se", "karin@acme.se"}
    assert Ticket.objects.get(pk=ticket.pk).requester_id == stranger.pk
    assert agent_api.get(f"/contacts/{customer.pk}").status_code == 404


def test_merge_into_itself_is_422(agent_api, customer):
    before = snapshot()

    response = agent_api.post(f"/contacts/{customer.pk}/merge", {"into": customer.pk})

    assert response.status_code == 422
    assert field_errors(response) == {"into": "A contact cannot be merged into itself"}
    assert snapshot() == before


def test_merge_into_unknown_contact_is_422(agent_api, customer):
    response = agent_api.post(f"/contacts/{customer.pk}/merge", {"into": 999999})

    assert response.status_code == 422
    assert "into" in field_errors(response)
