"""The portal assistant in a real browser (htmx enhanced): ask, read the cited article, hand over."""

from __future__ import annotations

import pytest

from fyr.bot import demo, retrieval
from fyr.knowledge.demo_articles import CATEGORIES
from fyr.tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kb(settings):
    settings.FYR_BOT_EMBEDDINGS_URL = ""
    settings.FYR_BOT_LLM_URL = ""
    retrieval.clear()
    yield demo.load(CATEGORIES)
    retrieval.clear()


def test_ask_then_hand_over_as_a_visitor(page, kb):
    page.goto("/portal/bot/")
    page.fill("#bot-question", "I forgot my password")
    page.click("#bot-send")
    page.wait_for_selector("#bot-messages .bot-cited a")
    link = page.locator("#bot-messages .bot-cited a").first
    assert link.inner_text() == "Forgot your password? How to reset it"
    assert "suggested=bot" in (link.get_attribute("href") or "")

    page.click("#bot-handover")
    page.fill("#bot-name", "Vera Visitor")
    page.fill("#bot-email", "vera@example.se")
    page.click("#bot-handover-send")
    page.wait_for_selector("#bot-ticket")

    ticket = Ticket.objects.get()
    assert f"#{ticket.number}" in page.inner_text("#bot-ticket")
    assert "I forgot my password" in ticket.messages.get().body_text
