"""The ticket page's "Suggested articles" panel: suggestions for the ticket, a search, what
"Insert link" and "Insert text" put into the reply, and a draft article from a solved ticket."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from fyr.knowledge import services as knowledge
from fyr.knowledge.choices import ArticleStatus, Visibility
from fyr.knowledge.models import Article, Section
from fyr.tickets import services as tickets
from fyr.tickets.models import Ticket
from fyr.tickets.views_articles import insertions, ticket_question

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = "https://help.example.com"


@pytest.fixture
def section(db) -> Section:
    category = knowledge.create_category(name_sv="Betalning", name_en="Payment")
    return knowledge.create_section(category=category, name_sv="Fakturor", name_en="Invoices")


def make_article(
    section: Section,
    title: str,
    *,
    body: str = "",
    language: str = "sv",
    visibility: str = Visibility.PUBLIC,
    publish: bool = True,
) -> Article:
    article = knowledge.create_article(
        section=section,
        language=language,
        title=title,
        body_markdown=body or f"{title}: så fungerar det.",
        visibility=visibility,
        author=None,
    )
    return knowledge.publish(article, author=None) if publish else article


def panel(client, ticket: Ticket, **params: str):
    return client.get(reverse("desk:ticket_articles", args=[ticket.number]), params, **HTMX)


def offered(content: bytes) -> dict[str, dict[str, str]]:
    """Each article in the panel: its insert buttons' texts by kind."""
    rows: dict[str, dict[str, str]] = {}
    page = content.decode()
    for item in re.findall(r'<li class="article-suggestion".*?</li>', page, re.S):
        title = html.unescape(re.search(r'class="article-title">([^<]*)<', item).group(1))
        rows[title] = {
            kind: html.unescape(text)
            for text, kind in re.findall(
                r'data-insert-article="([^"]*)" data-insert-kind="(\w+)"', item
            )
        }
    return rows


def solve(ticket: Ticket, agent) -> Ticket:
    tickets.reply(ticket, author=agent, body="Vi har skickat fakturan igen.", status="solved")
    ticket.refresh_from_db()
    return ticket


# --- the panel -------------------------------------------------------------------------------------


def test_the_ticket_page_loads_the_panel_after_the_page(client, agent, ticket, section):
    make_article(section, "Faktura och betalning")
    client.force_login(agent)

    response = client.get(reverse("desk:ticket", args=[ticket.number]))

    page = response.content.decode()
    url = reverse("desk:ticket_articles", args=[ticket.number])
    loader = re.search(r'<section id="article-panel"[^>]*>', page).group(0)
    assert f'hx-get="{url}"' in loader and 'hx-trigger="load"' in loader
    assert f'href="{url}"' in page  # without JavaScript, a link to the panel
    assert "Faktura och betalning" not in page  # not looked up while the page renders
    assert "fyr/articles.js" in page


def test_the_panel_suggests_articles_for_the_subject_and_first_message(
    client, agent, ticket, section, django_assert_max_num_queries
):
    invoice = make_article(
        section, "Faktura och betalning", body="Fakturan skickas **varje** månad."
    )
    routine = make_article(section, "Fakturarutiner", visibility=Visibility.INTERNAL)
    make_article(section, "Byta lösenord")
    client.force_login(agent)

    with django_assert_max_num_queries(10):  # not one query per article
        response = panel(client, ticket)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert offered(response.content) == {
        "Faktura och betalning": {
            "link": f"Faktura och betalning: https://help.example.com/portal/help/a/{invoice.pk}/",
            "text": "Fakturan skickas **varje** månad.",
        },
        # An internal article has no public address: its text only.
        "Fakturarutiner": {"text": routine.body_markdown},
    }


def test_the_question_is_the_subject_and_the_customers_first_message(ticket):
    assert ticket_question(ticket) == "Fel på fakturan\nHej! Min faktura stämmer inte."


def test_the_panel_never_offers_unpublished_articles(client, agent, ticket, section):
    make_article(section, "Fakturautkast", publish=False)
    archived = make_article(section, "Gammal faktura")
    knowledge.archive(archived, author=None)
    client.force_login(agent)

    for response in (panel(client, ticket), panel(client, ticket, q="faktura")):
        assert offered(response.content) == {}
        assert b"No" in response.content


def test_the_panel_search_finds_other_articles(client, agent, ticket, section):
    make_article(section, "Faktura och betalning")
    make_article(section, "Returnera en vara", body="Skicka tillbaka varan inom 30 dagar.")
    client.force_login(agent)

    response = panel(client, ticket, q="returnera")

    assert list(offered(response.content)) == ["Returnera en vara"]
    assert b'value="returnera"' in response.content
    assert b"Back to the suggestions" in response.content


def test_the_panel_search_pages_with_a_cursor(client, agent, ticket, section):
    for n in range(12):
        make_article(section, f"Returnera vara {n:02}")
    client.force_login(agent)

    first = panel(client, ticket, q="returnera")
    more = re.search(r'<a href="([^"]*cursor=[^"]*)" hx-get', first.content.decode())
    assert len(offered(first.content)) == 10 and more is not None
    second = client.get(html.unescape(more.group(1)), **HTMX)

    assert sorted([*offered(first.content), *offered(second.content)]) == [
        f"Returnera vara {n:02}" for n in range(12)
    ]
    assert b"More articles" not in second.content


def test_the_panel_without_htmx_is_a_page_with_the_texts_to_copy(client, agent, ticket, section):
    invoice = make_article(section, "Faktura och betalning")
    client.force_login(agent)

    response = client.get(reverse("desk:ticket_articles", args=[ticket.number]))

    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert f"https://help.example.com/portal/help/a/{invoice.pk}/" in page
    assert "data-insert-article" not in page  # no reply box on this page


def test_insertions_of_a_public_and_an_internal_article(section):
    public = make_article(section, "Leveranstider", body="  Två till fem dagar.\n")
    internal = make_article(section, "Leveransrutin", visibility=Visibility.INTERNAL)

    assert insertions(public) == {
        "link": f"Leveranstider: https://help.example.com/portal/help/a/{public.pk}/",
        "text": "Två till fem dagar.",
    }
    assert insertions(internal)["link"] == ""


def test_light_agents_may_read_the_panel(client, light_agent, ticket, section, agent):
    make_article(section, "Faktura och betalning")
    solve(ticket, agent)
    client.force_login(light_agent)

    response = panel(client, ticket)

    assert response.status_code == 200
    assert list(offered(response.content)) == ["Faktura och betalning"]
    assert b"Create article from this ticket" not in response.content  # they cannot write


def test_an_agent_who_cannot_see_the_ticket_gets_no_panel(client, outsider, ticket, section):
    make_article(section, "Faktura och betalning")
    client.force_login(outsider)

    assert panel(client, ticket).status_code == 404
    response = client.post(reverse("desk:ticket_article_draft", args=[ticket.number]))
    assert response.status_code == 404
    assert not Article.objects.filter(from_ticket=ticket).exists()


def test_the_panel_needs_a_signed_in_agent(client, ticket):
    response = panel(client, ticket)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:login"))


# --- a draft article from a solved ticket -------------------------------------------------------------


def test_the_draft_button_shows_on_solved_tickets_only(client, agent, ticket, section):
    client.force_login(agent)
    assert b"Create article from this ticket" not in panel(client, ticket).content

    solve(ticket, agent)

    assert b"Create article from this ticket" in panel(client, ticket).content


def test_a_solved_ticket_becomes_a_draft_article_in_the_editor(client, agent, ticket, section):
    solve(ticket, agent)
    client.force_login(agent)

    response = client.post(reverse("desk:ticket_article_draft", args=[ticket.number]))

    article = Article.objects.get(from_ticket=ticket)
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:kb_article_edit", kwargs={"pk": article.pk})
    assert (article.status, article.visibility, article.author) == (
        ArticleStatus.DRAFT,
        Visibility.INTERNAL,
        agent,
    )
    assert article.title == "Fel på fakturan"
    assert "Vi har skickat fakturan igen." in article.body_markdown


def test_an_open_ticket_does_not_become_an_article(client, agent, ticket, section):
    client.force_login(agent)

    response = client.post(reverse("desk:ticket_article_draft", args=[ticket.number]), follow=True)

    assert response.redirect_chain == [(reverse("desk:ticket", args=[ticket.number]), 302)]
    assert b"Only a solved or closed ticket can become an article" in response.content
    assert not Article.objects.exists()


def test_a_light_agent_cannot_create_an_article(client, light_agent, agent, ticket, section):
    solve(ticket, agent)
    client.force_login(light_agent)

    response = client.post(reverse("desk:ticket_article_draft", args=[ticket.number]))

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_the_draft_needs_a_post(client, agent, ticket, section):
    solve(ticket, agent)
    client.force_login(agent)

    response = client.get(reverse("desk:ticket_article_draft", args=[ticket.number]))

    assert response.status_code == 405
    assert not Article.objects.exists()
