from __future__ import annotations

import pytest

from fyr.bot.models import BotTurn, Conversation
from fyr.tickets.models import Ticket
from tests.api.conftest import ApiClient, bearer_client, field_errors


@pytest.fixture
def api(agent) -> ApiClient:
    return bearer_client(agent)


def test_ask_answers_with_the_cited_article(api, kb):
    response = api.post("/bot/ask", {"question": "Jag har glömt mitt lösenord", "language": "sv"})

    assert response.status_code == 200
    body = response.json()
    article = kb["reset-password"]["sv"]
    assert body["articles"][0] == article
    assert body["links"][0]["id"] == article
    assert body["links"][0]["title"] == "Glömt lösenordet? Så återställer du det"
    assert body["links"][0]["url"].startswith(f"https://help.example.com/portal/help/a/{article}/?")
    assert "suggested=bot" in body["links"][0]["url"]
    assert body["handover"] is False
    assert body["reason"] == ""
    assert body["language"] == "sv"
    assert body["ticket"] is None
    assert 0.5 <= body["confidence"] <= 1
    assert Conversation.objects.get().token == body["conversation"]


def test_ask_continues_a_conversation(api, kb):
    first = api.post("/bot/ask", {"question": "Where is my parcel?"}).json()

    second = api.post(
        "/bot/ask", {"question": "How do I return an item?", "conversation": first["conversation"]}
    ).json()

    assert second["conversation"] == first["conversation"]
    assert BotTurn.objects.filter(conversation__token=first["conversation"]).count() == 2


def test_ask_hands_over_and_opens_a_ticket_with_an_email(api, kb):
    response = api.post(
        "/bot/ask",
        {"question": "talk to a human", "name": "Vera Visitor", "email": "vera@example.se"},
    )

    body = response.json()
    assert response.status_code == 200
    assert body["handover"] is True
    assert body["reason"] == "asked_for_person"
    ticket = Ticket.objects.get()
    assert body["ticket"] == ticket.number
    assert ticket.requester.email == "vera@example.se"


def test_ask_hands_over_without_a_ticket_when_no_email(api, kb):
    body = api.post("/bot/ask", {"question": "How do I grow tomatoes on my balcony?"}).json()

    assert body["handover"] is True
    assert body["reason"] == "low_confidence"
    assert body["articles"] == []
    assert body["ticket"] is None
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": "x" * 1200}, "question"),
        ({"question": "hej", "language": "de"}, "language"),
        ({"question": "hej", "conversation": "no-such-token"}, "conversation"),
        ({}, "question"),
    ],
)
def test_bad_input_is_a_422_with_a_message(api, db, payload, field):
    response = api.post("/bot/ask", payload)

    assert response.status_code == 422
    assert field in field_errors(response)
    assert BotTurn.objects.count() == 0


def test_a_bad_email_on_hand_over_is_refused_and_nothing_is_logged(api, kb):
    response = api.post("/bot/ask", {"question": "talk to a human", "email": "nope"})

    assert response.status_code == 422
    assert "email" in field_errors(response)
    assert BotTurn.objects.count() == 0
    assert Ticket.objects.count() == 0


def test_ask_needs_authentication(client, db):
    response = client.post("/api/v1/bot/ask", {"question": "hej"}, content_type="application/json")

    assert response.status_code == 401
