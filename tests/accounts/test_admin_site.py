"""Fyr's administrators use Django's admin pages for configuration; nobody else gets in."""

from __future__ import annotations


def test_admin_role_reaches_the_admin_site_and_its_models(client, admin):
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/team/").status_code == 200
    assert client.get("/admin/customers/organization/add/").status_code == 200


def test_tickets_are_read_only_in_the_admin_site(client, admin, ticket):
    client.force_login(admin)
    assert client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").status_code == 200
    assert client.get("/admin/tickets/ticket/add/").status_code == 403
    response = client.post(f"/admin/tickets/ticket/{ticket.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    ticket.refresh_from_db()


def test_agents_do_not_reach_the_admin_site(client, agent):
    client.force_login(agent)
    assert client.get("/admin/").status_code == 302
