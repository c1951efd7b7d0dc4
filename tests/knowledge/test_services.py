"""Articles, categories and sections through the services: drafts, versions, translations."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fyr.knowledge import services as kb
from fyr.knowledge.models import Article, ArticleVersion, Category, Section


def test_create_article_is_a_draft_with_version_one(draft, agent):
    assert draft.status == "draft"
    assert draft.version == 1
    assert draft.slug == "sa-laser-du-fakturan"
    assert draft.body_html == "<p>Fakturan har <strong>tre</strong> delar.</p>\n"
    [version] = draft.versions.all()
    assert (version.number, version.title, version.author) == (1, draft.title, agent)


def test_slug_clash_in_the_same_language_gets_a_suffix(section, draft, agent):
    second = kb.create_article(
        section=section, language="sv", title=draft.title, body_markdown="x", author=agent
    )
    third = kb.create_article(
        section=section, language="sv", title=draft.title, body_markdown="x", author=agent
    )
    english = kb.create_article(
        section=section, language="en", title=draft.title, body_markdown="x", author=agent
    )
    assert (second.slug, third.slug) == ("sa-laser-du-fakturan-2", "sa-laser-du-fakturan-3")
    assert english.slug == "sa-laser-du-fakturan"


def test_blank_title_is_refused(section, agent):
    with pytest.raises(ValidationError) as caught:
        kb.create_article(
            section=section, language="sv", title="  ", body_markdown="", author=agent
        )
    assert "title" in caught.value.message_dict
    assert not Article.objects.exists()


def test_light_agent_cannot_write(section, light_agent, draft):
    with pytest.raises(PermissionDenied):
        kb.create_article(
            section=section, language="sv", title="x", body_markdown="y", author=light_agent
        )
    with pytest.raises(PermissionDenied):
        kb.update_article(draft, author=light_agent, title="Nytt")
    draft.refresh_from_db()
    assert draft.title == "Så läser du fakturan"


def test_each_content_edit_is_a_new_version(draft, colleague):
    kb.update_article(draft, author=colleague, note="Kortare", body_markdown="Tre *delar*.")
    kb.update_article(draft, author=colleague, is_faq=True)  # not content: no new version
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.is_faq is True
    assert draft.body_html == "<p>Tre <em>delar</em>.</p>\n"
    assert list(draft.versions.values_list("number", "note", "body_markdown")) == [
        (2, "Kortare", "Tre *delar*."),
        (1, "Created", "Fakturan har **tre** delar."),
    ]


def test_a_stale_version_changes_nothing(draft, agent, colleague):
    kb.update_article(draft, expected_version=1, author=agent, title="Fakturan, del för del")
    with pytest.raises(kb.StaleArticle) as caught:
        kb.update_article(draft, expected_version=1, author=colleague, title="Annat")
    assert caught.value.article.version == 2
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Fakturan, del för del", 2)
    assert draft.slug == "fakturan-del-for-del"


def test_restore_makes_a_new_version_with_the_old_content(draft, agent):
    kb.update_article(draft, author=agent, title="Ny titel", body_markdown="Ny text")
    kb.restore_version(draft, 1, author=agent)
    draft.refresh_from_db()
    assert (draft.version, draft.title, draft.body_markdown) == (
        3,
        "Så läser du fakturan",
        "Fakturan har **tre** delar.",
    )
    assert ArticleVersion.objects.get(article=draft, number=3).note == "Restored version 1"
    with pytest.raises(ValidationError):
        kb.restore_version(draft, 9, author=agent)


def test_diff_marks_removed_and_added_lines_escaped(draft, agent):
    kb.update_article(draft, author=agent, body_markdown="Fakturan har <b>två</b> delar.")
    html = kb.diff_versions(draft, 1, 2)
    assert '<div class="kb-diff-del"><del>Fakturan har **tre** delar.</del></div>' in html
    assert (
        '<div class="kb-diff-ins"><ins>Fakturan har &lt;b&gt;två&lt;/b&gt; delar.</ins></div>'
        in html
    )
    assert '<div class="kb-diff-same"># Så läser du fakturan</div>' in html
    with pytest.raises(ValidationError):
        kb.diff_versions(draft, 1, 5)


def test_publish_unpublish_archive(draft, agent):
    kb.publish(draft, author=agent)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    kb.unpublish(draft, author=agent)
    draft.refresh_from_db()
    assert draft.status == "draft"
    kb.archive(draft, author=agent)
    draft.refresh_from_db()
    assert draft.status == "archived"


def test_an_empty_article_cannot_be_published(section, agent):
    empty = kb.create_article(
        section=section, language="sv", title="Tom", body_markdown="  ", author=agent
    )
    with pytest.raises(ValidationError):
        kb.publish(empty, author=agent)
    empty.refresh_from_db()
    assert empty.status == "draft"


def test_translation_points_at_the_original_even_from_a_translation(published, published_en, agent):
    assert published_en.source_id == published.pk
    assert published_en.section_id == published.section_id
    assert published_en.is_faq is True
    assert published_en.status == "published"
    assert [a.pk for a in kb.translations_of(published_en)] == [published.pk, published_en.pk]
    with pytest.raises(ValidationError) as caught:
        kb.add_translation(
            published_en, language="en", title="Again", body_markdown="x", author=agent
        )
    assert "language" in caught.value.message_dict
    with pytest.raises(ValidationError):
        kb.add_translation(published, language="sv", title="Igen", body_markdown="x", author=agent)
    assert Article.objects.count() == 2


def test_set_related_is_symmetrical_and_checks_ids(draft, published, agent):
    assert kb.set_related(draft, [published.pk, draft.pk], author=agent) == [published.pk]
    assert list(published.related.values_list("pk", flat=True)) == [draft.pk]
    with pytest.raises(ValidationError):
        kb.set_related(draft, [published.pk, 999_999], author=agent)
    assert list(draft.related.values_list("pk", flat=True)) == [published.pk]


def test_attachments_stored_and_usable_as_images(draft, agent, settings):
    png = b"\x89PNG\r\n\x1a\nfake"
    image = kb.add_attachment(
        draft, filename="skärm.png", content_type="image/png", data=png, author=agent
    )
    url = kb.attachment_url(image)
    assert kb.markdown_snippet(image) == f"![skärm.png]({url})"
    kb.update_article(draft, author=agent, body_markdown=f"Se här: ![bild]({url})")
    draft.refresh_from_db()
    assert f'<img src="{url}" alt="bild">' in draft.body_html
    kb.remove_attachment(image, author=agent)
    draft.refresh_from_db()
    assert draft.body_html == '<p>Se här: <img alt="bild"></p>\n'  # no source any more


def test_attachments_refuse_executables_and_big_files(draft, agent, settings):
    with pytest.raises(ValidationError):
        kb.add_attachment(
            draft,
            filename="setup.exe",
            content_type="application/x-msdownload",
            data=b"MZ",
            author=agent,
        )
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        kb.add_attachment(
            draft, filename="a.pdf", content_type="application/pdf", data=b"x" * 11, author=agent
        )
    assert not draft.attachments.exists()


def test_categories_and_sections_refuse_deletion_while_not_empty(category, section, draft, agent):
    with pytest.raises(ValidationError):
        kb.delete_category(category, by=agent)
    with pytest.raises(ValidationError):
        kb.delete_section(section, by=agent)
    kb.delete_article(draft, author=agent)
    kb.delete_section(section, by=agent)
    kb.delete_category(category, by=agent)
    assert not Category.objects.exists() and not Section.objects.exists()


def test_category_slug_is_unique_and_made_from_the_name(category, agent):
    made = kb.create_category(name_sv="Leverans & retur", by=agent)
    assert made.slug == "leverans-retur"
    assert made.position == category.position + 1
    with pytest.raises(ValidationError) as caught:
        kb.create_category(name_sv="Annat", slug="fakturor", by=agent)
    assert "slug" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        kb.create_category(name_sv=" ", name_en="", by=agent)
    assert "name_sv" in caught.value.message_dict


def test_reorder_sets_positions(category, agent):
    second = kb.create_category(name_sv="Andra", by=agent)
    kb.reorder(Category, [second.pk, category.pk], by=agent)
    assert list(Category.objects.values_list("pk", flat=True)) == [second.pk, category.pk]


def test_search_index_is_told_of_changes(monkeypatch, section, agent):
    changed: list[int] = []
    removed: list[int] = []
    monkeypatch.setattr(kb.indexing, "article_changed", changed.append)
    monkeypatch.setattr(kb.indexing, "article_removed", removed.append)
    article = kb.create_article(
        section=section, language="sv", title="T", body_markdown="b", author=agent
    )
    kb.publish(article, author=agent)
    kb.update_article(article, author=agent, title="U")
    pk = article.pk
    kb.delete_article(article, author=agent)
    assert changed == [pk, pk, pk]
    assert removed == [pk]
