"""The desk's review page of bot answers."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fyr.bot import services
from fyr.bot.models import BotTurn
from fyr.core import clock

URL = reverse("desk:bot_turns")


def test_agents_see_every_answer_newest_first(client, agent, kb):
    services.ask("Jag har glömt mitt lösenord", language="sv")
    services.ask("Vem vann fotbollsmatchen i går?", language="sv")
    client.force_login(agent)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("fotbollsmatchen") < html.index("glömt mitt lösenord")
    assert "Glömt lösenordet? Så återställer du det" in html


def test_filters_low_confidence_and_handed_over(client, agent, kb):
    services.ask("Jag har glömt mitt lösenord", language="sv")
    services.ask("Vem vann fotbollsmatchen i går?", language="sv")
    client.force_login(agent)

    for show in ("low", "handover"):
        html = client.get(URL, {"show": show}).content.decode()
        assert "fotbollsmatchen" in html
        assert "glömt mitt lösenord" not in html


def test_filters_by_date(client, agent, kb):
    with clock.at(clock.now() - timedelta(days=10)):
        services.ask("Jag har glömt mitt lösenord", language="sv")
    services.ask("Var är mitt paket?", language="sv")
    client.force_login(agent)
    today = clock.now().date().isoformat()

    html = client.get(URL, {"from": today}).content.decode()

    assert "Var är mitt paket?" in html
    assert "glömt mitt lösenord" not in html


def test_a_bad_filter_is_reported(client, agent, db):
    client.force_login(agent)

    response = client.get(URL, {"from": "yesterday", "show": "weird"})

    assert response.status_code == 422


def test_pages_are_paginated(client, agent, kb, monkeypatch):
    from fyr.bot import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    services.ask("Jag har glömt mitt lösenord", language="sv")
    services.ask("Var är mitt paket?", language="sv")
    client.force_login(agent)

    first = client.get(URL)
    assert first.context["page"].next_cursor
    second = client.get(URL, {"cursor": first.context["page"].next_cursor})

    assert [r["turn"].question for r in second.context["rows"]] == ["Jag har glömt mitt lösenord"]


def test_an_agent_marks_an_answer_bad_with_a_note(client, agent, kb):
    services.ask("Jag har glömt mitt lösenord", language="sv")
    turn = BotTurn.objects.get()
    client.force_login(agent)

    response = client.post(
        reverse("desk:bot_turn_review", args=[turn.pk]),
        {"verdict": "bad", "note": "Borde citera BankID", "next": URL + "?show=low"},
    )

    assert response.status_code == 302
    assert response["Location"] == URL + "?show=low"
    turn.refresh_from_db()
    assert (turn.verdict, turn.review_note, turn.reviewed_by) == (
        "bad",
        "Borde citera BankID",
        agent,
    )


def test_customers_and_visitors_cannot_see_the_review(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert BotTurn.objects.count() == 0
