"""The search API and the desk's search page."""

from __future__ import annotations

from fyr.tickets import services as tickets
from tests.api.conftest import bearer_client
from tests.conftest import PASSWORD, inbound_email


def test_api_search_tickets(admin, customer, support):
    found = tickets.receive(inbound_email(team_id=support.pk, external_id="<a@acme.se>")).ticket
    client = bearer_client(admin)

    response = client.get("/search", {"q": "fakturan", "scope": "tickets"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert [item["id"] for item in body["items"]] == [found.pk]
    assert body["items"][0]["kind"] == "ticket"
    assert "<mark>" in body["items"][0]["snippet"]
    assert body["next_cursor"] is None


def test_api_bad_query_is_422(admin):
    client = bearer_client(admin)

    response = client.get("/search", {"q": "colour:red"})

    assert response.status_code == 422
    assert "Unknown filter" in response.content.decode()


def test_desk_search_page(client, agent, customer, support):
    found = tickets.receive(inbound_email(team_id=support.pk, external_id="<b@acme.se>")).ticket
    client.login(email=agent.email, password=PASSWORD)

    page = client.get("/desk/search/", {"q": "faktura", "scope": "tickets"})
    error = client.get("/desk/search/", {"q": "status:maybe"})

    assert page.status_code == 200
    assert f"#{found.number}" in page.content.decode()
    assert "<mark>" in page.content.decode()
    assert "not a status" in error.content.decode()


def test_desk_search_contacts_and_articles_tabs(client, agent, customer):
    from fyr.knowledge.models import Article, Category, Section
    from fyr.search import indexing

    category = Category.objects.create(slug="k", name_sv="K")
    section = Section.objects.create(category=category, slug="s", name_sv="S")
    article = Article.objects.create(
        section=section, title="Fakturafrågor", slug="fakturafragor", body_markdown="faktura"
    )
    indexing.article_changed(article.pk)
    client.login(email=agent.email, password=PASSWORD)

    contacts = client.get("/desk/search/", {"q": "karin", "scope": "contacts"}).content.decode()
    articles = client.get("/desk/search/", {"q": "faktura", "scope": "articles"}).content.decode()
    partial = client.get(
        "/desk/search/", {"q": "karin", "scope": "contacts"}, headers={"HX-Request": "true"}
    ).content.decode()

    assert f"/desk/contacts/{customer.pk}/" in contacts
    assert "Fakturafr" in articles and f"/desk/kb/{article.pk}/" in articles
    assert "<html" not in partial and "<mark>Karin</mark>" in partial
