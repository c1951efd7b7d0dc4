"""The SLA settings pages, the ticket page's SLA panel and the inbox's deadline sort."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from fyr.sla.models import SlaPolicy, SlaTarget
from fyr.tickets import inbox
from fyr.tickets.inbox import InboxFilters
from fyr.tickets.models import Ticket
from tests.conftest import inbound_email
from tests.sla.conftest import T0, policy

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Företag",
    "is_active": "on",
    "priority": ["high", "urgent"],
    "first_response_amount": "2",
    "first_response_unit": "hours",
    "first_response_business": "on",
    "next_reply_unit": "hours",
    "resolution_amount": "3",
    "resolution_unit": "days",
    "warn_before_minutes": "30",
    "breach_actions": ["notify_team_leads"],
    "breach_tier": "2",
}


def test_an_admin_writes_a_policy_in_the_desk(client, admin):
    client.force_login(admin)
    assert client.get(reverse("desk:sla_policy_new")).status_code == 200
    response = client.post(reverse("desk:sla_policy_new"), FORM)
    assert response.status_code == 302
    saved = SlaPolicy.objects.get()
    assert saved.conditions == {"priority": ["high", "urgent"]}
    targets = {t.metric: (t.minutes, t.business_hours) for t in saved.targets.all()}
    assert targets == {"first_response": (120, True), "resolution": (3 * 24 * 60, False)}
    assert saved.on_breach == [{"action": "notify_team_leads"}, {"action": "set_tier", "tier": 2}]
    page = client.get(reverse("desk:sla_policy", args=[saved.pk]))
    assert 'value="Företag"' in page.content.decode()
    listing = client.get(reverse("desk:sla_policies")).content.decode()
    assert "Företag" in listing and "2 h" in listing and "3 d" in listing


def test_a_policy_without_targets_or_with_an_unknown_organization_is_refused(client, admin):
    client.force_login(admin)
    no_targets = {k: v for k, v in FORM.items() if not k.endswith("_amount")}
    response = client.post(reverse("desk:sla_policy_new"), no_targets)
    assert response.status_code == 422
    assert "A policy needs at least one target" in response.content.decode()
    response = client.post(reverse("desk:sla_policy_new"), {**FORM, "organizations": "Nobody AB"})
    assert response.status_code == 422
    assert "No organization is called Nobody AB" in response.content.decode()
    assert not SlaPolicy.objects.exists()


def test_only_admins_reach_the_sla_settings(client, agent):
    client.force_login(agent)
    assert client.get(reverse("desk:sla_policies")).status_code == 403
    assert client.post(reverse("desk:sla_policy_new"), FORM).status_code == 403


def test_policies_move_up_and_down(client, admin):
    client.force_login(admin)
    first, second = policy("A", first_response=60), policy("B", first_response=60)
    client.post(reverse("desk:sla_policy_move", args=[second.pk]), {"direction": "up"})
    assert list(SlaPolicy.objects.values_list("name", flat=True)) == ["B", "A"]
    client.post(reverse("desk:sla_policy_delete", args=[first.pk]))
    assert list(SlaPolicy.objects.values_list("name", flat=True)) == ["B"]
    assert not SlaTarget.objects.filter(policy_id=first.pk).exists()


def test_the_ticket_page_shows_each_target_and_how_it_stands(client, agent, ticket):
    from fyr.sla.clocks import Clocks
    from fyr.sla.policies import policy_for

    policy(first_response=60, resolution=480)
    Clocks(ticket, [], policy_for(ticket)).follow(()).save()
    client.force_login(agent)
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert "First response" in page and "Resolution" in page
    assert 'class="sla sla-soon"' in page  # due within the hour
    client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {"body": "Hej!", "kind": "reply", "version": Ticket.objects.get(pk=ticket.pk).version},
    )
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert "✓" in page


def test_the_inbox_sorts_by_the_nearest_deadline_with_the_rest_last(agent, support, customer):
    from fyr.core import clock

    policy("Brådskande", conditions={"priority": ["urgent"]}, first_response=30)
    policy("Normal", conditions={"priority": ["normal"]}, first_response=240)
    made = []
    for n in range(5):
        with clock.at(T0 + timedelta(minutes=n)):
            made.append(inbound_email(external_id=f"<s{n}@x>", team_id=support.pk, subject=f"s{n}"))
    from fyr.tickets import services
    from fyr.tickets.events import Actor

    tickets = [services.receive(m).ticket for m in made]
    services.change_ticket(tickets[3], actor=Actor.of_agent(agent), changes={"priority": "urgent"})
    services.change_ticket(tickets[1], actor=Actor.of_agent(agent), changes={"priority": "low"})
    seen, cursor = [], None
    while True:
        page = inbox.inbox_page(
            agent, view="open", filters=InboxFilters(), sort="sla", cursor=cursor, limit=2
        )
        seen += [row.number for row in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    numbers = [t.number for t in tickets]
    # urgent first, then normal by deadline, then the low one without a policy
    assert seen == [numbers[3], numbers[0], numbers[2], numbers[4], numbers[1]]
