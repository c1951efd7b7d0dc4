"""Self-service in the portal: the home page is a search of the public articles, the contact
form suggests articles while the subject is typed, and a sent request marks the suggested
articles the same visitor opened as not having deflected it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from fyr.knowledge import services as knowledge
from fyr.knowledge.choices import Visibility
from fyr.knowledge.links import article_path
from fyr.knowledge.models import Article, Section, SuggestedArticleView
from fyr.tickets.models import Ticket

HTMX = {"HTTP_HX_REQUEST": "true"}

FORM = {
    "name": "Nils Nilsson",
    "email": "nils@example.se",
    "subject": "Where is my invoice?",
    "message": "I have not received the invoice for my order.",
    "website": "",
}


@pytest.fixture
def section(db) -> Section:
    category = knowledge.create_category(name_sv="Betalning", name_en="Payment")
    return knowledge.create_section(category=category, name_sv="Fakturor", name_en="Invoices")


def make_article(
    section: Section,
    title: str,
    *,
    language: str = "en",
    body: str = "",
    visibility: str = Visibility.PUBLIC,
    status: str = "published",
) -> Article:
    article = knowledge.create_article(
        section=section,
        language=language,
        title=title,
        body_markdown=body or f"{title}. Read how it works.",
        visibility=visibility,
        author=None,
    )
    if status in ("published", "archived"):
        article = knowledge.publish(article, author=None)
    if status == "archived":
        article = knowledge.archive(article, author=None)
    return article


def titles(content: bytes) -> list[str]:
    return re.findall(r'class="result-title" href="[^"]*">([^<]*)</a>', content.decode())


# --- the search page -------------------------------------------------------------------------------


def test_home_is_a_search_with_the_ways_to_more_help(client, db):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and 'name="q"' in html
    for name in ("portal:kb:home", "portal:kb:faq", "portal:bot:home", "portal:new_request"):
        assert f'href="{reverse(name)}"' in html, name
    assert "Results for" not in html


def test_the_contact_form_stays_at_portal_new(client, db):
    response = client.get("/portal/new/")

    assert response.status_code == 200
    assert b'name="subject"' in response.content


def test_search_shows_public_articles_with_snippets_and_suggested_links(client, section):
    invoice = make_article(section, "Missing invoice", body="Your invoice is sent by email.")
    make_article(section, "Returns and refunds")

    response = client.get(reverse("portal:home"), {"q": "invoice"})

    assert response.status_code == 200
    assert titles(response.content) == ["Missing invoice"]
    link = article_path(invoice.pk, suggested="search", query="invoice")
    assert link == f"/portal/help/a/{invoice.pk}/?suggested=search&q=invoice"
    assert f'href="{link.replace("&", "&amp;")}"' in response.content.decode()
    assert b"<mark>" in response.content  # the matched words highlighted


def test_search_never_shows_internal_draft_or_archived_articles(client, section):
    make_article(section, "Invoice questions")
    make_article(section, "Invoice routine for agents", visibility=Visibility.INTERNAL)
    make_article(section, "Invoice draft", status="draft")
    make_article(section, "Invoice archived", status="archived")

    response = client.get(reverse("portal:home"), {"q": "invoice"})

    assert titles(response.content) == ["Invoice questions"]
    for hidden in (b"agents", b"draft", b"archived"):
        assert hidden not in response.content.lower()


def test_search_pages_through_the_results_with_a_cursor(client, section):
    for n in range(13):
        make_article(section, f"Invoice question {n:02}")

    first = client.get(reverse("portal:home"), {"q": "invoice"})
    found = titles(first.content)
    more = re.search(r'href="(\?[^"]*cursor=[^"]*)" rel="next"', first.content.decode())
    assert len(found) == 10 and more is not None
    second = client.get(reverse("portal:home") + more.group(1).replace("&amp;", "&"))

    rest = titles(second.content)
    assert len(rest) == 3
    assert sorted(found + rest) == [f"Invoice question {n:02}" for n in range(13)]
    assert b'rel="next"' not in second.content
    assert b"First page" in second.content


def test_a_bad_cursor_is_reported_and_the_first_page_shown(client, section):
    make_article(section, "Missing invoice")

    response = client.get(reverse("portal:home"), {"q": "invoice", "cursor": "not-a-cursor"})

    assert response.status_code == 200
    assert b"notice-error" in response.content
    assert titles(response.content) == ["Missing invoice"]


def test_no_results_offers_the_assistant_and_the_request_form(client, section):
    make_article(section, "Missing invoice")

    response = client.get(reverse("portal:home"), {"q": "zebra"})

    html = response.content.decode()
    assert titles(response.content) == []
    assert "We found no article about that" in html
    no_results = html[html.index("no-results") :]
    assert f'href="{reverse("portal:bot:home")}"' in no_results
    assert f'href="{reverse("portal:new_request")}"' in no_results


def test_the_query_is_escaped(client, section):
    response = client.get(reverse("portal:home"), {"q": '<script>alert("x")</script>'})

    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert" in response.content


# --- suggestions on the contact form ----------------------------------------------------------------


def test_the_subject_field_asks_for_suggestions_while_typing(client, db):
    response = client.get(reverse("portal:new_request"))

    html = response.content.decode()
    subject = re.search(r"<input[^>]*name=\"subject\"[^>]*>", html)
    assert subject is not None
    assert f'hx-get="{reverse("portal:suggest_articles")}"' in subject.group(0)
    assert "keyup changed delay:300ms" in subject.group(0)
    assert 'hx-target="#article-suggestions"' in subject.group(0)
    assert 'id="article-suggestions"' in html
    assert "vendor/htmx.min.js" in html


def test_suggestions_list_at_most_five_public_articles_marked_as_from_the_form(client, section):
    made = [make_article(section, f"Invoice help {n}") for n in range(7)]
    make_article(section, "Invoice internal", visibility=Visibility.INTERNAL)
    make_article(section, "Invoice unfinished", status="draft")

    response = client.get(reverse("portal:suggest_articles"), {"subject": "invoice"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    links = re.findall(r'<a href="([^"]*)" target="_blank" rel="noopener">([^<]*)</a>', html)
    assert len(links) == 5
    ids = {a.pk: a.title for a in made}
    for href, title in links:
        pk = int(re.search(r"/a/(\d+)/", href).group(1))
        assert ids[pk] == title
        assert href == article_path(pk, suggested="request_form", query="invoice").replace(
            "&", "&amp;"
        )
    assert "internal" not in html.lower() and "unfinished" not in html.lower()
    assert "<html" not in html  # a partial for htmx, not a page


def test_no_suggestions_for_a_subject_of_a_character_or_two(client, section):
    make_article(section, "In")

    response = client.get(reverse("portal:suggest_articles"), {"subject": "in"}, **HTMX)

    assert response.status_code == 200
    assert response.content.strip() == b""


def test_the_suggestions_address_without_htmx_goes_to_the_search(client, db):
    response = client.get(reverse("portal:suggest_articles"), {"subject": "my invoice"})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home") + "?q=my+invoice"


def test_a_form_sent_back_with_errors_shows_the_suggestions_for_its_subject(client, section):
    make_article(section, "Missing invoice")

    response = client.post(reverse("portal:new_request"), {**FORM, "email": "not an address"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Where is my invoice?"' in html  # what was typed stays
    suggestions = html[html.index('id="article-suggestions"') :]
    assert "Missing invoice" in suggestions


# --- deflection --------------------------------------------------------------------------------------


def open_suggested(client: Client, article: Article, source: str, query: str) -> None:
    response = client.get(article_path(article.pk, suggested=source, query=query), follow=True)
    assert response.status_code == 200


def test_a_request_marks_the_visitors_suggested_views_as_not_deflected(client, section):
    invoice = make_article(section, "Missing invoice")
    returns = make_article(section, "Returns and refunds")
    other_visitor = Client()
    open_suggested(client, invoice, "request_form", "invoice")
    open_suggested(client, returns, "search", "return")
    open_suggested(other_visitor, invoice, "search", "invoice")
    assert SuggestedArticleView.objects.count() == 3

    response = client.post(reverse("portal:new_request"), FORM)

    assert response.status_code == 302
    ticket = Ticket.objects.get(subject=FORM["subject"])
    marked = SuggestedArticleView.objects.filter(request_ticket=ticket)
    assert sorted(marked.values_list("article__title", "source")) == [
        ("Missing invoice", "request_form"),
        ("Returns and refunds", "search"),
    ]
    assert all(view.request_sent_at is not None for view in marked)
    untouched = SuggestedArticleView.objects.exclude(request_ticket=ticket).get()
    assert (untouched.source, untouched.request_ticket, untouched.request_sent_at) == (
        "search",
        None,
        None,
    )


def test_a_request_from_a_visitor_who_opened_nothing_marks_nothing(client, section):
    invoice = make_article(section, "Missing invoice")
    open_suggested(Client(), invoice, "search", "invoice")

    client.post(reverse("portal:new_request"), FORM)

    assert SuggestedArticleView.objects.get().request_ticket is None


def test_a_dropped_bot_request_marks_nothing(client, section):
    invoice = make_article(section, "Missing invoice")
    open_suggested(client, invoice, "search", "invoice")

    client.post(reverse("portal:new_request"), {**FORM, "website": "http://spam.example"})

    assert not Ticket.objects.exists()
    assert SuggestedArticleView.objects.get().request_ticket is None


@pytest.mark.parametrize(
    "query", ['"', "-", "-invoice", '"unclosed phrase', "status:open", "*", "x" * 1000, "a\x00b"]
)
def test_odd_queries_are_answered_not_failed(client, section, query):
    make_article(section, "Missing invoice")

    search = client.get(reverse("portal:home"), {"q": query})
    suggest = client.get(reverse("portal:suggest_articles"), {"subject": query}, **HTMX)

    assert (search.status_code, suggest.status_code) == (200, 200)
