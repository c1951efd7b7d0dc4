"""A customer sends the portal's contact form; the ticket appears in an agent's desk."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fyr.tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portal_request_appears_in_the_desk(page, agent, mailoutbox):
    page.goto("/portal/new/")
    page.get_by_label("Your name").fill("Maja Månsson")
    page.get_by_label("Your email address").fill("maja@example.se")
    page.get_by_label("Subject").fill("Leveransen har inte kommit")
    page.get_by_label("How can we help?").fill("Jag beställde för två veckor sedan, order 4711.")
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".ticket-number")).to_contain_text("#")
    ticket = Ticket.objects.get(subject="Leveransen har inte kommit")
    expect(page.locator(".ticket-number")).to_contain_text(f"#{ticket.number}")
    assert [m.to for m in mailoutbox] == [["maja@example.se"]]

    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.goto("/desk/?view=unassigned")
    row = page.get_by_role("link", name="Leveransen har inte kommit")
    expect(row).to_be_visible()
    row.click()
    expect(page).to_have_url(re.compile(rf"/desk/tickets/{ticket.number}/"))
    expect(page.locator("#timeline")).to_contain_text("order 4711")
    expect(page.get_by_text("maja@example.se").first).to_be_visible()
