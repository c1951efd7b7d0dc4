"""An agent logs in, opens a ticket from the inbox, replies, and sees the reply in the timeline."""

from __future__ import annotations

import re
from datetime import timedelta

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


def test_keyboard_moves_through_the_inbox_and_opens_a_ticket(page, agent, customer, support):
    from fyr.core import clock
    from fyr.tickets import services

    base = clock.now()
    numbers = []
    for minutes, subject in [(2, "Äldst"), (1, "Mitten"), (0, "Nyast")]:
        with clock.at(base - timedelta(minutes=minutes)):
            numbers.append(
                services.receive(
                    inbound_email(team_id=support.pk, external_id=f"<{subject}@x>", subject=subject)
                ).ticket.number
            )

    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/desk/?view=open")
    rows = page.locator("tr.ticket-row")
    expect(rows).to_have_count(3)

    page.locator("body").press("j")
    page.locator("body").press("j")
    expect(rows.nth(1)).to_have_class(re.compile(r"\bis-current\b"))
    page.locator("body").press("x")
    expect(rows.nth(1).locator("input[type=checkbox]")).to_be_checked()
    page.locator("body").press("k")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bis-current\b"))
    page.locator("body").press("Enter")
    expect(page).to_have_url(re.compile(rf"/desk/tickets/{numbers[2]}/"))

    page.locator("body").press("r")
    expect(page.locator("#composer-body")).to_be_focused()


def test_load_earlier_messages_adds_them_above_in_order(page, agent, colleague, customer, support):
    from fyr.tickets import services
    from fyr.tickets.inbox import TIMELINE_PAGE

    ticket = services.receive(
        inbound_email(team_id=support.pk, external_id="<long@acme.se>", subject="Lång tråd")
    ).ticket
    for n in range(TIMELINE_PAGE + 5):
        services.add_note(ticket, author=colleague, body=f"note-{n:03d}")

    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/desk/tickets/{ticket.number}/")
    messages = page.locator("#timeline li.msg")
    expect(messages).to_have_count(TIMELINE_PAGE)

    page.get_by_role("link", name="Load earlier messages").click()
    expect(messages).to_have_count(TIMELINE_PAGE + 6)
    expect(page.get_by_role("link", name="Load earlier messages")).to_have_count(0)
    expect(messages.first).to_contain_text("Min faktura stämmer inte")
    bodies = messages.locator(".msg-body").all_inner_texts()
    assert bodies[1:] == [f"note-{n:03d}" for n in range(TIMELINE_PAGE + 5)]
