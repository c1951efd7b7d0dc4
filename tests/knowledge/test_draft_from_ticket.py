"""An agent turns a solved ticket into a draft article."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fyr.customers import services as customers
from fyr.knowledge import services as kb
from fyr.knowledge.models import Article
from fyr.tickets import services as tickets


def test_draft_quotes_the_question_and_takes_the_last_public_answer(ticket, agent, section):
    tickets.add_note(ticket, author=agent, body="Internt: kolla kundnumret")
    tickets.reply(ticket, author=agent, body="Första försöket")
    tickets.reply(ticket, author=agent, body="Logga in och välj Fakturor.", status="solved")
    ticket.refresh_from_db()
    article = kb.draft_from_ticket(ticket, author=agent)
    assert (article.status, article.visibility, article.language) == ("draft", "internal", "sv")
    assert article.title == "Fel på fakturan"
    assert article.from_ticket == ticket
    assert article.section == section
    assert article.body_markdown == (
        "## Fråga\n\n> Hej! Min faktura stämmer inte.\n\n## Svar\n\nLogga in och välj Fakturor.\n"
    )
    assert "Internt" not in article.body_markdown


def test_draft_is_in_the_requesters_language(ticket, agent, section, customer):
    customers.update_contact(customer, language="en")
    tickets.reply(ticket, author=agent, body="Log in.", status="solved")
    ticket.refresh_from_db()
    article = kb.draft_from_ticket(ticket, author=agent)
    assert article.language == "en"
    assert article.body_markdown.startswith("## Question\n\n> Hej!")


def test_an_open_ticket_cannot_become_an_article(ticket, agent, section):
    with pytest.raises(ValidationError):
        kb.draft_from_ticket(ticket, author=agent)
    assert not Article.objects.exists()


def test_light_agent_cannot_draft_from_a_ticket(ticket, agent, light_agent, section):
    tickets.reply(ticket, author=agent, body="Klart.", status="solved")
    ticket.refresh_from_db()
    with pytest.raises(PermissionDenied):
        kb.draft_from_ticket(ticket, author=light_agent)
    assert not Article.objects.exists()
