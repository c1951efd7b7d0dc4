"""An agent logs in, opens a ticket from the inbox, replies, and sees the reply in the timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fyr.tickets.models import Message
from tests.conftest import PASSWORD, inbound_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_logs_in_opens_ticket_replies_and_sees_reply(page, agent, customer, support):
    from fyr.tickets import services

    ticket = services.receive(
        inbound_email(team_id=support.pk, external_id="<e2e@acme.se>", subject="Fakturan saknas")
    ).ticket

    page.goto("/desk/")
    expect(page).to_have_url(re.compile(r"/desk/login/"))
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/desk/?view=open")
    page.get_by_role("link", name="Fakturan saknas").click()
    expect(page).to_have_url(re.compile(rf"/desk/tickets/{ticket.number}/"))
    expect(page.locator("#timeline")).to_contain_text("Min faktura stämmer inte")

    page.locator("#composer-body").press_sequentially("Hej Karin, vi skickar en ny faktura i dag.")
    page.get_by_role("button", name="Open", exact=True).click()

    expect(page.locator("#timeline")).to_contain_text("vi skickar en ny faktura i dag")
    reply = Message.objects.get(ticket=ticket, direction="outbound")
    assert (reply.kind, reply.author_agent_id) == ("reply", agent.pk)
