"""The help centre in the portal: only published public articles, in the visitor's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from fyr.knowledge import services as kb
from fyr.knowledge.models import SuggestedArticleView
from fyr.portal import services as portal


def _url(article):
    return reverse("portal:kb:article", args=[article.language, article.slug])


@pytest.fixture
def internal(section, agent):
    article = kb.create_article(
        section=section,
        language="sv",
        title="Intern rutin",
        body_markdown="Hemligt",
        visibility="internal",
        author=agent,
    )
    return kb.publish(article, author=agent)


@pytest.fixture
def archived(section, agent):
    article = kb.create_article(
        section=section, language="sv", title="Gammal", body_markdown="Förr", author=agent
    )
    kb.publish(article, author=agent)
    return kb.archive(article, author=agent)


def test_published_public_article_is_shown_and_counted(client, published):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.get(_url(published))
    assert response.status_code == 200
    assert "<strong>internetbanken</strong>" in response.content.decode()
    published.refresh_from_db()
    assert published.view_count == 1
    assert not SuggestedArticleView.objects.exists()


def test_drafts_internal_and_archived_articles_are_404(client, draft, internal, archived):
    for article in (draft, internal, archived):
        assert client.get(_url(article)).status_code == 404
        by_id = reverse("portal:kb:article_by_id", args=[article.pk])
        assert client.get(by_id).status_code == 404
        feedback = reverse("portal:kb:feedback", args=[article.pk])
        assert client.post(feedback, {"helpful": "yes"}).status_code == 404
    home = client.get(reverse("portal:kb:home")).content.decode()
    assert "Intern rutin" not in home and "Fakturor" not in home


def test_home_category_section_and_faq_list_public_articles(client, published, draft, category):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    home = client.get(reverse("portal:kb:home")).content.decode()
    assert "Fakturor" in home and "Betala" in home
    section_page = client.get(
        reverse("portal:kb:section", args=[category.slug, "betala"])
    ).content.decode()
    assert "Betala med autogiro" in section_page
    assert "Så läser du fakturan" not in section_page
    cat = client.get(reverse("portal:kb:category", args=[category.slug]))
    assert cat.status_code == 200
    faq = client.get(reverse("portal:kb:faq")).content.decode()
    assert "<details" in faq and "Betala med autogiro" in faq


def test_language_picks_the_translation_and_falls_back_with_a_note(
    client, published, published_en, section, agent, category
):
    only_sv = kb.publish(
        kb.create_article(
            section=section, language="sv", title="Bara svenska", body_markdown="x", author=agent
        ),
        author=agent,
    )
    url = reverse("portal:kb:section", args=[category.slug, section.slug])
    english = client.get(
        url,
    ).content.decode()
    assert "Paying by direct debit" in english
    assert "Betala med autogiro" not in english
    assert "Bara svenska" in english and "in Swedish" in english
    page = client.get(
        _url(only_sv),
    ).content.decode()
    assert "not available in English" in page
    article_en = client.get(
        _url(published_en),
    ).content.decode()
    assert _url(published) in article_en  # links to its translation
    redirect = client.get(
        reverse("portal:kb:article_by_id", args=[published.pk]),
    )
    assert redirect["Location"] == _url(published_en)


def test_a_suggested_view_is_recorded_with_the_visitor(client, published, customer):
    session = client.session
    session[portal.SESSION_KEY] = customer.pk
    session.save()
    client.get(_url(published) + "?suggested=request_form&q=autogiro")
    client.get(_url(published) + "?suggested=nonsense")
    view = SuggestedArticleView.objects.get()
    assert (view.source, view.query, view.contact) == ("request_form", "autogiro", customer)
    assert view.visitor.startswith("c:")


def test_anonymous_suggested_views_share_one_visitor(client, published):
    client.get(_url(published) + "?suggested=search&q=a")
    client.get(_url(published) + "?suggested=bot")
    keys = set(SuggestedArticleView.objects.values_list("visitor", flat=True))
    assert len(keys) == 1 and next(iter(keys)).startswith("s:")


def test_feedback_without_javascript_and_with_htmx(client, published):
    url = reverse("portal:kb:feedback", args=[published.pk])
    response = client.post(url, {"helpful": "yes"})
    assert response.status_code == 302 and response["Location"] == _url(published)
    response = client.post(url, {"helpful": "no", "comment": "Oklart"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'role="status"' in response.content.decode()
    published.refresh_from_db()
    assert (published.helpful_count, published.not_helpful_count) == (0, 1)
    assert client.post(url, {"helpful": "maybe"}).status_code == 302
    published.refresh_from_db()
    assert published.not_helpful_count == 1


def test_feedback_needs_csrf(published):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:kb:feedback", args=[published.pk]), {"helpful": "yes"})
    assert response.status_code == 403


def test_attachments_of_public_articles_only(client, published, draft, agent):
    png = b"\x89PNG\r\n\x1a\nfake"
    public = kb.add_attachment(
        published, filename="a.png", content_type="image/png", data=png, author=agent
    )
    hidden = kb.add_attachment(
        draft, filename="b.png", content_type="image/png", data=png, author=agent
    )
    response = client.get(reverse("portal:kb:attachment", args=[public.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png
    assert client.get(reverse("portal:kb:attachment", args=[hidden.pk])).status_code == 404
    client.force_login(agent)  # agents' previews of drafts
    assert client.get(reverse("portal:kb:attachment", args=[hidden.pk])).status_code == 200
