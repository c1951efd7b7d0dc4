"""The portal's assistant page without JavaScript: plain form posts, transcript re-rendered."""

from __future__ import annotations

from urllib.parse import unquote_plus

from django.urls import reverse

from fyr.bot.models import BotTurn, Conversation
from fyr.tickets.models import Ticket
from tests.portal.conftest import signed_in

URL = "/portal/bot/"


def test_the_page_has_the_chat_elements(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for element in ('id="bot-question"', 'id="bot-send"', 'id="bot-messages"', 'id="bot-handover"'):
        assert element in html
    assert reverse("portal:bot:home") == URL


def test_asking_re_renders_the_transcript_with_a_link_to_the_article(client, kb):
    response = client.post(URL, {"action": "ask", "question": "Jag har glömt mitt lösenord"})

    assert response.status_code == 200
    html = response.content.decode()
    article = kb["reset-password"]["sv"]
    assert "Jag har glömt mitt lösenord" in html
    assert "Klicka på Glömt lösenord" in html
    assert f"/portal/help/a/{article}/?suggested=bot&amp;q=" in html
    assert "Glömt lösenordet? Så återställer du det" in html
    turn = BotTurn.objects.get()
    assert client.session["bot_conversation"] == turn.conversation.token


def test_the_conversation_continues_in_the_session(client, kb):
    client.post(URL, {"action": "ask", "question": "Jag har glömt mitt lösenord"})
    response = client.post(URL, {"action": "ask", "question": "Var är mitt paket?"})

    html = response.content.decode()
    assert "Jag har glömt mitt lösenord" in html and "Var är mitt paket?" in html
    assert Conversation.objects.count() == 1
    assert BotTurn.objects.count() == 2


def test_an_empty_question_shows_a_form_error(client, db):
    response = client.post(URL, {"action": "ask", "question": "  "})

    assert response.status_code == 422
    assert (
        "Write a question" in response.content.decode()
        or "Skriv en fråga" in response.content.decode()
    )
    assert BotTurn.objects.count() == 0


def test_an_anonymous_visitor_gives_name_and_email_then_sees_the_ticket_number(client, kb):
    client.post(URL, {"action": "ask", "question": "Var är mitt paket?"})
    asked = client.post(URL, {"action": "handover"})
    html = asked.content.decode()
    assert 'id="bot-name"' in html and 'id="bot-email"' in html and 'id="bot-handover-send"' in html
    assert Ticket.objects.count() == 0

    refused = client.post(URL, {"action": "details", "name": "Vera", "email": "nope"})
    assert refused.status_code == 422
    assert Ticket.objects.count() == 0

    done = client.post(URL, {"action": "details", "name": "Vera", "email": "vera@example.se"})

    ticket = Ticket.objects.get()
    html = done.content.decode()
    assert 'id="bot-ticket"' in html
    assert f"#{ticket.number}" in html
    assert 'id="bot-handover"' not in html
    body = ticket.messages.get().body_text
    assert "Var är mitt paket?" in body


def test_a_signed_in_customer_is_handed_over_at_once(client, kb, customer):
    signed_in(client, customer)

    response = client.post(URL, {"action": "handover"})

    ticket = Ticket.objects.get()
    assert ticket.requester == customer
    html = response.content.decode()
    assert f"#{ticket.number}" in html
    assert reverse("portal:ticket", args=[ticket.number]) in html


def test_a_low_confidence_question_asks_the_visitor_for_details(client, kb):
    response = client.post(URL, {"action": "ask", "question": "Vem vann fotbollsmatchen i går?"})

    html = response.content.decode()
    assert 'id="bot-email"' in html
    assert BotTurn.objects.get().reason == "low_confidence"


def test_htmx_gets_the_chat_partial(client, kb):
    response = client.post(
        URL, {"action": "ask", "question": "Var är mitt paket?"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.startswith('<div id="bot-chat"')
    assert "<html" not in html
    assert "Var är mitt paket?" in unquote_plus(html)


def test_start_over_forgets_the_conversation(client, kb):
    client.post(URL, {"action": "ask", "question": "Var är mitt paket?"})

    response = client.post(URL, {"action": "restart"})

    assert "bot_conversation" not in client.session
    assert "Var är mitt paket?" not in response.content.decode()
