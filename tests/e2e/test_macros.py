"""An agent finds a macro from the keyboard, applies it, edits the filled-in text and sends it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fyr.tickets.models import Message, Ticket
from tests.conftest import PASSWORD, inbound_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_applies_macro_from_the_keyboard_and_sends(page, agent, admin, customer, support):
    from fyr.macros import services as macros
    from fyr.macros.choices import Visibility
    from fyr.tickets import services

    ticket = services.receive(
        inbound_email(team_id=support.pk, external_id="<macro@acme.se>", subject="Kreditering")
    ).ticket
    macros.create_macro(
        by=admin,
        name="Tack för ditt tålamod",
        visibility=Visibility.SHARED,
        text="Tack för ditt tålamod!",
    )
    macros.create_macro(
        by=admin,
        name="Faktura: kreditering",
        visibility=Visibility.SHARED,
        text="Hej {{ contact.first_name }}, vi krediterar fakturan.",
        changes={"priority": "high", "add_tags": ["kreditering"]},
    )

    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/desk/tickets/{ticket.number}/")
    page.locator("#composer-body").fill("Jag har kollat.")

    page.locator("#timeline").click()  # away from the text box, so "m" is a shortcut
    page.keyboard.press("m")
    expect(page.locator("#macro-q")).to_be_focused()
    page.keyboard.type("kredit")
    expect(page.locator("#macro-results")).to_contain_text("Faktura: kreditering")
    expect(page.locator("#macro-results")).not_to_contain_text("Tack för ditt tålamod")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    body = page.locator("#composer-body")
    expect(body).to_have_value("Jag har kollat.\n\nHej Karin, vi krediterar fakturan.")
    expect(page.locator("#ticket-props").get_by_label("Tags")).to_have_value("kreditering")
    expect(page.locator("#macro-picker")).to_contain_text("Applied")
    saved = Ticket.objects.get(pk=ticket.pk)
    assert saved.priority == "high"

    body.press("Control+End")  # the end of the text, whichever line the caret is on
    body.press_sequentially(" Välkommen åter!")
    page.get_by_role("button", name="Open", exact=True).click()

    expect(page.locator("#timeline")).to_contain_text("vi krediterar fakturan. Välkommen åter!")
    reply = Message.objects.get(ticket=ticket, direction="outbound")
    assert re.search(
        r"Jag har kollat\.\s+Hej Karin, vi krediterar fakturan\. Välkommen", reply.body_text
    )
