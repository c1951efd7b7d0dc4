from __future__ import annotations

from django.urls import reverse

from fyr.tickets.choices import Status
from fyr.tickets.models import Ticket
from tests.desk.conftest import make_ticket


def test_bulk_assign_to_me(client, agent, support, customer):
    tickets = [make_ticket(support, subject=f"s{n}", n=n) for n in range(3)]
    client.force_login(agent)
    response = client.post(
        reverse("desk:bulk"),
        {"tickets": [t.number for t in tickets[:2]], "action": "assign", "assignee": "me"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Updated 2 tickets" in response.content.decode()
    assigned = dict(Ticket.objects.values_list("number", "assignee_id"))
    assert assigned == {
        tickets[0].number: agent.pk,
        tickets[1].number: agent.pk,
        tickets[2].number: None,
    }


def test_bulk_assign_to_colleague_without_htmx_redirects(
    client, agent, colleague, support, customer
):
    ticket = make_ticket(support, subject="s")
    client.force_login(agent)
    response = client.post(
        reverse("desk:bulk"),
        {
            "tickets": [ticket.number],
            "action": "assign",
            "assignee": str(colleague.pk),
            "f_view": "all",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:inbox") + "?view=all"
    ticket.refresh_from_db()
    assert ticket.assignee_id == colleague.pk


def test_bulk_status_reports_each_failure_and_applies_the_rest(client, agent, support, customer):
    good = make_ticket(support, subject="good")
    closed = make_ticket(support, subject="closed", n=1)
    client.force_login(agent)
    client.post(
        reverse("desk:bulk"), {"tickets": [closed.number], "action": "status", "status": "solved"}
    )
    client.post(
        reverse("desk:bulk"), {"tickets": [closed.number], "action": "status", "status": "closed"}
    )
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED
    version = closed.version
    response = client.post(
        reverse("desk:bulk"),
        {"tickets": [good.number, closed.number], "action": "status", "status": "pending"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Updated 1 ticket" in html
    assert f"#{closed.number}: A ticket cannot go from Closed to Pending" in html
    good.refresh_from_db()
    closed.refresh_from_db()
    assert good.status == Status.PENDING
    assert (closed.status, closed.version) == (Status.CLOSED, version)


def test_bulk_add_tag(client, agent, support, customer):
    ticket = make_ticket(support, subject="s")
    client.force_login(agent)
    client.post(
        reverse("desk:bulk"), {"tickets": [ticket.number], "action": "tag", "tag": "Faktura Fel"}
    )
    assert list(ticket.tags.values_list("name", flat=True)) == ["faktura-fel"]


def test_bulk_cannot_touch_a_ticket_the_agent_cannot_see(client, outsider, support, customer):
    ticket = make_ticket(support, subject="s")
    version = ticket.version
    client.force_login(outsider)
    response = client.post(
        reverse("desk:bulk"),
        {"tickets": [ticket.number], "action": "assign", "assignee": "me"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.assignee_id is None and ticket.version == version


def test_bulk_without_selection_says_so(client, agent, db):
    client.force_login(agent)
    response = client.post(
        reverse("desk:bulk"), {"action": "assign", "assignee": "me"}, HTTP_HX_REQUEST="true"
    )
    assert "Select at least one ticket" in response.content.decode()
