from __future__ import annotations

from django.urls import reverse

from fyr.customers import services as customers
from fyr.customers.models import Contact
from fyr.tickets.models import Ticket
from tests.desk.conftest import make_ticket


def names(response) -> list[str]:
    return [c.name for c in response.context["page"].items]


def test_contact_lookup_by_exact_email_or_name_prefix(client, agent, customer, stranger):
    client.force_login(agent)
    assert names(client.get(reverse("desk:contacts"), {"q": "KARIN@acme.se"})) == ["Karin Kund"]
    assert names(client.get(reverse("desk:contacts"), {"q": "karin@acme"})) == []
    assert names(client.get(reverse("desk:contacts"), {"q": "sv"})) == ["Sven Stranger"]
    assert names(client.get(reverse("desk:contacts"), {"q": "tranger"})) == []
    assert names(client.get(reverse("desk:contacts"))) == ["Karin Kund", "Sven Stranger"]


def test_contact_page_shows_identities_and_visible_tickets(
    client, agent, customer, support, billing
):
    seen = make_ticket(support, subject="Synlig")
    make_ticket(billing, subject="Dold", n=1)
    client.force_login(agent)
    response = client.get(reverse("desk:contact", args=[customer.pk]))
    html = response.content.decode()
    assert "karin@acme.se" in html and "Acme AB" in html
    assert [t.pk for t in response.context["tickets"].items] == [seen.pk]


def test_organization_list_and_page(client, agent, customer, acme, support):
    make_ticket(support, subject="Org-ärende")
    client.force_login(agent)
    listing = client.get(reverse("desk:organizations"), {"q": "ac"})
    assert [o.name for o in listing.context["page"].items] == ["Acme AB"]
    html = client.get(reverse("desk:organization", args=[acme.pk])).content.decode()
    assert "Karin Kund" in html and "Org-ärende" in html and "acme.se" in html


def test_merge_contact_moves_tickets_to_target(client, agent, customer, support):
    duplicate = customers.create_contact(name="Karin K", email="karin.privat@example.se")
    ticket = make_ticket(support, sender="karin.privat@example.se", subject="Dubblett")
    client.force_login(agent)
    response = client.post(
        reverse("desk:contact_merge", args=[duplicate.pk]), {"email": "karin@acme.se"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:contact", args=[customer.pk])
    ticket.refresh_from_db()
    duplicate.refresh_from_db()
    assert ticket.requester_id == customer.pk and duplicate.merged_into_id == customer.pk


def test_merge_into_unknown_email_is_a_form_error(client, agent, customer):
    client.force_login(agent)
    response = client.post(
        reverse("desk:contact_merge", args=[customer.pk]), {"email": "nobody@x.se"}
    )
    assert response.status_code == 400
    assert "No contact has the email nobody@x.se" in response.content.decode()
    assert Contact.objects.get(pk=customer.pk).merged_into_id is None


def test_light_agent_cannot_merge_contacts(client, light_agent, customer, stranger):
    client.force_login(light_agent)
    assert (
        "Merge contact"
        not in client.get(reverse("desk:contact", args=[customer.pk])).content.decode()
    )
    response = client.post(
        reverse("desk:contact_merge", args=[customer.pk]), {"email": "sven@other.se"}
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.merged_into_id is None
    assert not Ticket.objects.filter(requester=stranger).exists()


def test_go_to_ticket_by_number(client, agent, ticket):
    client.force_login(agent)
    response = client.get(reverse("desk:go_to_ticket"), {"number": f"#{ticket.number}"})
    assert response["Location"] == reverse("desk:ticket", args=[ticket.number])
    missing = client.get(reverse("desk:go_to_ticket"), {"number": "999999"})
    assert missing["Location"] == reverse("desk:inbox")
