"""/api/v1/organizations: every agent reads, administrators create and change."""

from __future__ import annotations

import pytest

from fyr.customers.models import Organization
from tests.api.conftest import field_errors, snapshot


def test_list_organizations_with_domains(agent_api, acme):
    response = agent_api.get("/organizations")

    [item] = response.json()["items"]
    assert item == {
        "id": acme.pk,
        "name": "Acme AB",
        "domains": ["acme.se"],
        "shares_tickets": False,
        "notes": "",
        "created_at": item["created_at"],
    }


def test_admin_creates_organization(admin_api):
    response = admin_api.post(
        "/organizations",
        {"name": " Nyföretaget AB ", "domains": ["@ny.se"], "shares_tickets": True},
    )

    assert response.status_code == 201
    organization = Organization.objects.get(pk=response.json()["id"])
    assert (organization.name, organization.shares_tickets) == ("Nyföretaget AB", True)
    assert response.json()["domains"] == ["ny.se"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "acme ab"}, "name"),
        ({"name": "Ny AB", "domains": ["acme.se"]}, "domains"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_create_organization_rejects_bad_input(admin_api, acme, payload, field):
    before = snapshot()

    response = admin_api.post("/organizations", payload)

    assert response.status_code == 422
    assert field in field_errors(response)
    assert snapshot() == before


def test_admin_patches_only_fields_sent(admin_api, acme):
    response = admin_api.patch(
        f"/organizations/{acme.pk}", {"notes": "Viktig", "domains": ["acme.se", "acme.com"]}
    )

    assert response.status_code == 200
    acme.refresh_from_db()
    assert (acme.name, acme.notes) == ("Acme AB", "Viktig")
    assert response.json()["domains"] == ["acme.com", "acme.se"]


def test_rename_to_taken_name_is_422(admin_api, acme, stranger):
    before = snapshot()

    response = admin_api.patch(f"/organizations/{acme.pk}", {"name": "Other AB"})

    assert response.status_code == 422
    assert field_errors(response) == {"name": "An organization called Other AB already exists"}
    assert snapshot() == before


def test_unknown_organization_is_404(admin_api, db):
    assert admin_api.get("/organizations/31337").status_code == 404


def test_text_that_no_database_can_store_is_refused_with_422(admin_api):
    response = admin_api.post("/organizations", {"name": "Nul\x00 AB", "domains": ["nul.se"]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
    assert not Organization.objects.filter(name__startswith="Nul").exists()


def test_invalid_domain_is_a_field_error(admin_api):
    response = admin_api.post("/organizations", {"name": "Beta AB", "domains": ["not a domain"]})
    assert response.status_code == 422
    assert "domains" in field_errors(response)
    assert not Organization.objects.filter(name="Beta AB").exists()
