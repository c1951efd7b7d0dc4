"""The desk's knowledge-base pages: agents write, light agents read (403 on every write)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fyr.knowledge import services as kb
from fyr.knowledge.models import Article, ArticleAttachment, Category, Section

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_list_filters_and_pages(client, agent, draft, published, published_en, section):
    client.force_login(agent)
    url = reverse("desk:kb_articles")
    page = client.get(url).content.decode()
    assert all(a.title in page for a in (draft, published, published_en))
    only = client.get(url, {"status": "draft", "language": "sv"}).content.decode()
    assert draft.title in only and published.title not in only
    assert published_en.title in client.get(url, {"q": "debit"}).content.decode()
    assert published.title not in client.get(url, {"visibility": "internal"}).content.decode()
    assert client.get(url, {"section": section.pk}).status_code == 200
    assert client.get(url, {"cursor": "broken"}).status_code == 200


def test_list_is_paginated(client, agent, section, monkeypatch):
    from fyr.knowledge import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(3):
        kb.create_article(
            section=section, language="sv", title=f"Artikel {n}", body_markdown="x", author=agent
        )
    client.force_login(agent)
    first = client.get(reverse("desk:kb_articles"))
    assert first.context["page"].next_cursor
    second = client.get(reverse("desk:kb_articles"), {"cursor": first.context["page"].next_cursor})
    assert [a.title for a in second.context["page"].items] == ["Artikel 0"]


def test_agent_creates_edits_and_publishes(client, agent, section):
    client.force_login(agent)
    response = client.post(
        reverse("desk:kb_article_new"),
        {
            "section": section.pk,
            "language": "sv",
            "title": "Ny artikel",
            "summary": "",
            "body_markdown": "Text",
            "visibility": "public",
        },
    )
    article = Article.objects.get()
    assert response["Location"] == reverse("desk:kb_article", args=[article.pk])
    response = client.post(
        reverse("desk:kb_article_edit", args=[article.pk]),
        {
            "section": section.pk,
            "title": "Ny artikel",
            "body_markdown": "Bättre text",
            "visibility": "public",
            "version": 1,
            "note": "Bättre",
        },
    )
    assert response.status_code == 302
    client.post(reverse("desk:kb_article_publish", args=[article.pk]))
    article.refresh_from_db()
    assert (article.version, article.status, article.body_markdown) == (
        2,
        "published",
        "Bättre text",
    )


def test_edit_with_a_stale_version_keeps_the_form_and_says_why(
    client, agent, colleague, draft, section
):
    kb.update_article(draft, author=colleague, title="Kollegans titel")
    client.force_login(agent)
    response = client.post(
        reverse("desk:kb_article_edit", args=[draft.pk]),
        {
            "section": section.pk,
            "title": "Min titel",
            "body_markdown": "x",
            "visibility": "public",
            "version": 1,
        },
    )
    assert response.status_code == 422
    assert "changed by someone else" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Kollegans titel"


def test_new_article_form_errors_are_shown(client, agent, section):
    client.force_login(agent)
    response = client.post(
        reverse("desk:kb_article_new"),
        {"section": section.pk, "language": "xx", "title": "", "visibility": "public"},
    )
    assert response.status_code == 422
    assert not Article.objects.exists()


def test_preview_renders_and_sanitises(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("desk:kb_preview"), {"body_markdown": "**fet** <script>x()</script>"}, **HTMX
    )
    html = response.content.decode()
    assert "<strong>fet</strong>" in html and "<script>" not in html


@pytest.mark.parametrize(
    "name",
    ["kb_article_publish", "kb_article_unpublish", "kb_article_archive", "kb_article_delete"],
)
def test_light_agent_cannot_change_status(client, light_agent, draft, name):
    client.force_login(light_agent)
    assert client.post(reverse(f"desk:{name}", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_light_agent_reads_but_gets_403_on_writes(client, light_agent, draft, category, section):
    client.force_login(light_agent)
    for name in (
        "kb_article",
        "kb_article_versions",
        "kb_article_related",
        "kb_article_attachments",
        "kb_article_feedback",
    ):
        assert client.get(reverse(f"desk:{name}", args=[draft.pk])).status_code == 200, name
    assert client.get(reverse("desk:kb_articles")).status_code == 200
    assert client.get(reverse("desk:kb_categories")).status_code == 200
    assert client.get(reverse("desk:kb_article_new")).status_code == 403
    assert client.get(reverse("desk:kb_article_edit", args=[draft.pk])).status_code == 403
    assert client.get(reverse("desk:kb_article_translate", args=[draft.pk])).status_code == 403
    assert (
        client.post(reverse("desk:kb_article_related", args=[draft.pk]), {"add": "1"}).status_code
        == 403
    )
    upload = SimpleUploadedFile("a.txt", b"x", content_type="text/plain")
    assert (
        client.post(
            reverse("desk:kb_article_attachments", args=[draft.pk]), {"file": upload}
        ).status_code
        == 403
    )
    assert client.post(reverse("desk:kb_article_restore", args=[draft.pk, 1])).status_code == 403
    assert client.post(reverse("desk:kb_category_new"), {"name_sv": "X"}).status_code == 403
    assert client.post(reverse("desk:kb_section_delete", args=[section.pk])).status_code == 403
    assert Category.objects.count() == 1 and not ArticleAttachment.objects.exists()


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(reverse("desk:kb_article", args=[draft.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_history_diff_and_restore(client, agent, draft):
    kb.update_article(draft, author=agent, body_markdown="Ny <text>")
    client.force_login(agent)
    versions = client.get(reverse("desk:kb_article_versions", args=[draft.pk]))
    assert [v.number for v in versions.context["page"].items] == [2, 1]
    diff = client.get(reverse("desk:kb_article_diff", args=[draft.pk]), {"a": 1, "b": 2})
    assert "<ins>Ny &lt;text&gt;</ins>" in diff.content.decode()
    assert (
        client.get(reverse("desk:kb_article_diff", args=[draft.pk]), {"a": 1, "b": 7}).status_code
        == 404
    )
    client.post(reverse("desk:kb_article_restore", args=[draft.pk, 1]))
    draft.refresh_from_db()
    assert (draft.version, draft.body_markdown) == (3, "Fakturan har **tre** delar.")


def test_translate_creates_the_linked_draft(client, agent, published):
    client.force_login(agent)
    form = client.get(reverse("desk:kb_article_translate", args=[published.pk]))
    assert form.context["form"].initial["language"] == "en"
    response = client.post(
        reverse("desk:kb_article_translate", args=[published.pk]),
        {"language": "en", "title": "Direct debit", "body_markdown": "Text"},
    )
    translation = Article.objects.get(language="en")
    assert response["Location"] == reverse("desk:kb_article", args=[translation.pk])
    assert translation.source == published
    again = client.post(
        reverse("desk:kb_article_translate", args=[published.pk]),
        {"language": "en", "title": "Again", "body_markdown": "Text"},
    )
    assert again.status_code == 422 and Article.objects.filter(language="en").count() == 1
    page = client.get(reverse("desk:kb_article", args=[published.pk])).content.decode()
    assert reverse("desk:kb_article", args=[translation.pk]) in page


def test_related_picker_adds_and_removes(client, agent, draft, published):
    client.force_login(agent)
    found = client.get(reverse("desk:kb_article_related", args=[draft.pk]), {"q": "autogiro"})
    assert list(found.context["candidates"]) == [published]
    client.post(reverse("desk:kb_article_related", args=[draft.pk]), {"add": published.pk})
    assert list(draft.related.all()) == [published]
    client.post(reverse("desk:kb_article_related", args=[draft.pk]), {"remove": published.pk})
    assert not draft.related.exists()


def test_attachments_upload_list_and_delete(client, agent, draft, settings):
    client.force_login(agent)
    url = reverse("desk:kb_article_attachments", args=[draft.pk])
    upload = SimpleUploadedFile("bild.png", b"\x89PNGx", content_type="image/png")
    assert client.post(url, {"file": upload}).status_code == 302
    attachment = ArticleAttachment.objects.get()
    page = client.get(url).content.decode()
    assert f"![bild.png](/portal/help/attachments/{attachment.pk}/)" in page
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"file": bad})
    assert response.status_code == 422 and "cannot be attached" in response.content.decode()
    client.post(reverse("desk:kb_attachment_delete", args=[attachment.pk]))
    assert not ArticleAttachment.objects.exists()


def test_feedback_summary(client, agent, published):
    kb.record_feedback(published, visitor="a", helpful=True)
    kb.record_feedback(published, visitor="b", helpful=True)
    kb.record_feedback(published, visitor="c", helpful=False, comment="Saknar bilder")
    client.force_login(agent)
    detail = client.get(reverse("desk:kb_article", args=[published.pk]))
    assert detail.context["helpful_percent"] == 67
    assert "Saknar bilder" in detail.content.decode()
    summary = client.get(
        reverse("desk:kb_article_feedback", args=[published.pk]), {"comments": "1"}
    )
    assert [f.comment for f in summary.context["page"].items] == ["Saknar bilder"]


def test_categories_and_sections_management(client, agent, category, section, draft):
    client.force_login(agent)
    page = client.get(reverse("desk:kb_categories")).content.decode()
    assert "Fakturor" in page and "Betala" in page
    response = client.post(
        reverse("desk:kb_category_new"), {"name_sv": "Leverans", "name_en": "Delivery"}
    )
    assert response.status_code == 302
    made = Category.objects.get(slug="leverans")
    response = client.post(
        reverse("desk:kb_section_new"), {"category": made.pk, "name_sv": "Spåra"}
    )
    assert (
        response.status_code == 302 and Section.objects.filter(category=made, slug="spara").exists()
    )
    taken = client.post(
        reverse("desk:kb_category", args=[made.pk]), {"name_sv": "X", "slug": "fakturor"}
    )
    assert taken.status_code == 422 and "is taken" in taken.content.decode()
    client.post(reverse("desk:kb_section_delete", args=[section.pk]))
    assert Section.objects.filter(pk=section.pk).exists()  # holds an article: refused
    client.post(reverse("desk:kb_category_delete", args=[category.pk]))
    assert Category.objects.filter(pk=category.pk).exists()


def test_list_queries_do_not_grow_with_articles(
    client, agent, section, django_assert_max_num_queries
):
    for n in range(12):
        kb.create_article(
            section=section, language="sv", title=f"Artikel {n}", body_markdown="x", author=agent
        )
    client.force_login(agent)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("desk:kb_articles")).status_code == 200
