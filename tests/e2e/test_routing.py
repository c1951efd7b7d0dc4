"""An agent goes online from the top bar and is given the waiting ticket, then escalates it
from the ticket's side panel with a reason that shows in the timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fyr.accounts.choices import AssignmentMode
from fyr.tickets.models import Ticket
from tests.conftest import PASSWORD, inbound_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_goes_online_gets_the_ticket_and_escalates_it(page, agent, customer, support):
    from fyr.routing import services as routing
    from fyr.tickets import services

    routing.set_assignment_mode(support, AssignmentMode.ROUND_ROBIN)
    ticket = services.receive(
        inbound_email(team_id=support.pk, external_id="<route@x>", subject="Väntar på agent")
    ).ticket
    assert ticket.assignee_id is None  # everyone is offline

    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#availability-select").select_option("online")
    expect(page.locator(".availability-dot.availability-online")).to_be_visible()
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == agent.pk

    page.goto(f"/desk/tickets/{ticket.number}/")
    panel = page.locator("#ticket-tier")
    panel.get_by_label("Tier").select_option("2")
    panel.get_by_label("Reason").fill("Behöver andra linjen")
    panel.get_by_role("button", name="Change tier").click()

    expect(page).to_have_url(re.compile(rf"/desk/tickets/{ticket.number}/"))
    expect(page.locator("#timeline")).to_contain_text(
        "escalated the ticket from tier 1 to 2: Behöver andra linjen"
    )
    assert Ticket.objects.get(pk=ticket.pk).tier == 2
