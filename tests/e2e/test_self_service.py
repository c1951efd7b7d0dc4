"""Self-service end to end: a customer searches the portal, opens a suggested article, asks the
assistant, is handed over to a person, and the agent reads the whole conversation on the new
ticket; an agent puts an article's link into a reply from the ticket page's panel."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fyr.knowledge import services as knowledge
from fyr.knowledge.models import Article, SuggestedArticleView
from fyr.tickets.models import Message, Ticket
from tests.conftest import PASSWORD, inbound_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def publish_article(title: str, body: str, summary: str = "") -> Article:
    category = knowledge.create_category(name_sv="Betalning", name_en="Payment")
    section = knowledge.create_section(category=category, name_sv="Fakturor", name_en="Invoices")
    article = knowledge.create_article(
        section=section,
        language="en",
        title=title,
        summary=summary,
        body_markdown=body,
        author=None,
    )
    return knowledge.publish(article, author=None)


def log_in(page, agent) -> None:
    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/desk/"))


def test_customer_helps_themselves_then_reaches_a_person_who_sees_the_transcript(
    page, agent, support
):
    article = publish_article(
        "Where is my invoice?",
        "We send the invoice by email on the first weekday of each month.",
        summary="When and how invoices are sent.",
    )

    # The portal's home is a search; the customer opens the article it suggests.
    page.goto("/portal/")
    page.get_by_label("Search our help articles").fill("invoice")
    page.get_by_role("button", name="Search").click()
    result = page.locator(".result-list").get_by_role("link", name="Where is my invoice?")
    expect(result).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", name="Where is my invoice?")).to_be_visible()
    expect(page.get_by_text("first weekday of each month")).to_be_visible()
    seen = SuggestedArticleView.objects.get()
    assert (seen.article_id, seen.source, seen.query) == (article.pk, "search", "invoice")

    # Not quite the answer: the customer asks the assistant, then for a person.
    page.goto(reverse("portal:bot:home"))
    page.locator("#bot-question").fill("My invoice for March never came, where is it?")
    page.locator("#bot-send").click()
    expect(page.locator("#bot-messages")).to_contain_text("My invoice for March never came")
    page.locator("#bot-question").fill("I want to talk to a human")
    page.locator("#bot-send").click()
    expect(page.locator("#bot-handover")).to_be_visible()
    page.locator("#bot-name").fill("Maja Månsson")
    page.locator("#bot-email").fill("maja@example.se")
    page.locator("#bot-handover-send").click()

    expect(page.get_by_text(re.compile(r"#\d+"))).to_be_visible()
    ticket = Ticket.objects.get(requester__identities__value="maja@example.se")
    expect(page.get_by_text(f"#{ticket.number}")).to_be_visible()
    first = Message.objects.filter(ticket=ticket).order_by("created_at", "id").first()
    assert "My invoice for March never came" in first.body_text
    assert "I want to talk to a human" in first.body_text
    seen.refresh_from_db()
    assert seen.request_ticket == ticket  # the article did not deflect this request

    # The agent sees the whole conversation on the new ticket.
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    log_in(page, agent)
    page.goto(f"/desk/tickets/{ticket.number}/")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("My invoice for March never came, where is it?")
    expect(timeline).to_contain_text("I want to talk to a human")
    expect(page.get_by_text("maja@example.se").first).to_be_visible()


def test_agent_inserts_an_article_link_and_text_into_the_reply(
    page, agent, customer, support, settings
):
    from fyr.tickets import services

    article = publish_article(
        "Changing the delivery address", "Write to us before the parcel is sent."
    )
    ticket = services.receive(
        inbound_email(team_id=support.pk, external_id="<kb@acme.se>", subject="Fel adress")
    ).ticket

    log_in(page, agent)
    page.goto(f"/desk/tickets/{ticket.number}/")
    panel = page.locator("#article-panel")
    expect(panel.get_by_role("heading", name="Suggested articles")).to_be_visible()
    panel.get_by_label("Find an article").fill("delivery address")
    panel.get_by_role("button", name="Find").click()
    expect(panel).to_contain_text("Changing the delivery address")

    body = page.locator("#composer-body")
    body.fill("Hej Karin!")
    panel.get_by_role("button", name="Insert link").click()
    url = settings.BASE_URL + reverse("portal:kb:article_by_id", kwargs={"pk": article.pk})
    expect(body).to_have_value(f"Hej Karin! Changing the delivery address: {url}")
    expect(body).to_be_focused()
    panel.get_by_role("button", name="Insert text").click()
    expect(body).to_have_value(
        f"Hej Karin! Changing the delivery address: {url}\n\nWrite to us before the parcel is sent."
    )


def test_typing_a_subject_suggests_articles_and_a_sent_request_is_no_deflection(page):
    article = publish_article(
        "Returning a parcel", "Print the return label and leave the parcel at a service point."
    )

    page.goto("/portal/new/")
    page.get_by_label("Your name").fill("Maja Månsson")
    page.get_by_label("Your email address").fill("maja@example.se")
    page.get_by_label("Subject").press_sequentially("How do I return my parcel")
    suggestion = page.locator("#article-suggestions").get_by_role("link", name="Returning a parcel")
    expect(suggestion).to_be_visible()

    with page.context.expect_page() as opened:
        suggestion.click()
    tab = opened.value
    expect(tab.get_by_text("Print the return label")).to_be_visible()
    tab.close()
    seen = SuggestedArticleView.objects.get()
    assert (seen.article_id, seen.source) == (article.pk, "request_form")

    # The form still holds what was typed; the customer sends it anyway.
    expect(page.get_by_label("Subject")).to_have_value("How do I return my parcel")
    page.get_by_label("How can we help?").fill("The label does not print.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".ticket-number")).to_contain_text("#")
    ticket = Ticket.objects.get(subject="How do I return my parcel")
    seen.refresh_from_db()
    assert seen.request_ticket == ticket
