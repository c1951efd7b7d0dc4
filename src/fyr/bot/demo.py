"""Load knowledge-base content given as plain data (``fyr.knowledge.demo_articles`` format) through
``fyr.knowledge.services``, published: what the bot's benchmark and tests answer from.

The demo seeder of the knowledge app (``fyr.knowledge.demo``) loads the same data for the demo
site; this loader only returns the ids by key and language, which the benchmark needs to check
answers against labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from fyr.knowledge import services as knowledge
from fyr.knowledge.models import Article


def load(categories: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Create and publish every category, section and article; ``{key: {language: id}}``."""
    ids: dict[str, dict[str, int]] = {}
    related: list[tuple[Article, list[str]]] = []
    with transaction.atomic():
        for category_data in categories:
            category = knowledge.create_category(
                by=None,
                slug=category_data["slug"],
                name_sv=category_data.get("name_sv", ""),
                name_en=category_data.get("name_en", ""),
                description_sv=category_data.get("description_sv", ""),
                description_en=category_data.get("description_en", ""),
            )
            for section_data in category_data["sections"]:
                section = knowledge.create_section(
                    category=category,
                    by=None,
                    slug=section_data["slug"],
                    name_sv=section_data.get("name_sv", ""),
                    name_en=section_data.get("name_en", ""),
                )
                for data in section_data["articles"]:
                    original = _article(section, data)
                    ids[data["key"]] = {
                        a.language: a.pk for a in knowledge.translations_of(original)
                    }
                    if data.get("related"):
                        related.append((original, data["related"]))
        for article, keys in related:
            wanted = [ids[k][article.language] for k in keys if article.language in ids.get(k, {})]
            knowledge.set_related(article, wanted, author=None)
    return ids


def _article(section: Any, data: dict[str, Any]) -> Article:
    languages = [lang for lang in ("sv", "en") if lang in data]
    first, *others = languages
    visibility = data.get("visibility", "public")
    original = knowledge.create_article(
        section=section,
        language=first,
        title=data[first]["title"],
        summary=data[first].get("summary", ""),
        body_markdown=data[first]["body"],
        visibility=visibility,
        is_faq=bool(data.get("faq")),
        author=None,
    )
    knowledge.publish(original, author=None)
    for language in others:
        translation = knowledge.add_translation(
            original,
            language=language,
            title=data[language]["title"],
            summary=data[language].get("summary", ""),
            body_markdown=data[language]["body"],
            author=None,
        )
        knowledge.publish(translation, author=None)
    return original
