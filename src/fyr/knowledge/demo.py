"""The demo knowledge base (``fyr demo``): ``fyr.knowledge.demo_articles`` loaded through the
services, so the demo's articles are rendered, versioned and indexed like any other."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from fyr.knowledge import services
from fyr.knowledge.models import Article, Category


def seed(categories: Sequence[dict[str, Any]] | None = None) -> int:
    """Load the demo categories, sections and published articles (Swedish originals with their
    English translations, related articles linked). Does nothing when articles exist; returns
    how many articles it made."""
    if categories is None:
        from fyr.knowledge.demo_articles import CATEGORIES

        categories = CATEGORIES
    if Article.objects.exists():
        return 0
    made = 0
    by_key: dict[str, Article] = {}
    related: dict[str, list[str]] = {}
    with transaction.atomic():
        for c_index, data in enumerate(categories, start=1):
            category = Category.objects.filter(slug=data["slug"]).first() or (
                services.create_category(**_names(data), slug=data["slug"], position=c_index)
            )
            for s_index, section_data in enumerate(data.get("sections", []), start=1):
                section = category.sections.filter(slug=section_data["slug"]).first()
                if section is None:
                    section = services.create_section(
                        category=category,
                        **_names(section_data),
                        slug=section_data["slug"],
                        position=s_index,
                    )
                for a_index, item in enumerate(section_data.get("articles", []), start=1):
                    original = _article(section, item, "sv", position=a_index)
                    made += 1
                    by_key[item["key"]] = original
                    related[item["key"]] = list(item.get("related", []))
                    if "en" in item:
                        _article(section, item, "en", position=a_index, source=original)
                        made += 1
        for key, others in related.items():
            ids = [by_key[o].pk for o in others if o in by_key]
            if ids:
                services.set_related(by_key[key], ids, author=None)
    return made


def _names(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("name_sv", "name_en", "description_sv", "description_en")
    return {k: data.get(k, "") for k in keys}


def _article(
    section: Any,
    item: dict[str, Any],
    language: str,
    *,
    position: int,
    source: Article | None = None,
) -> Article:
    text = item[language]
    if source is None:
        article = services.create_article(
            section=section,
            language=language,
            title=text["title"],
            summary=text.get("summary", ""),
            body_markdown=text["body"],
            visibility=item.get("visibility", "public"),
            is_faq=bool(item.get("faq", False)),
            author=None,
        )
    else:
        article = services.add_translation(
            source,
            language=language,
            title=text["title"],
            summary=text.get("summary", ""),
            body_markdown=text["body"],
            author=None,
        )
    Article.objects.filter(pk=article.pk).update(position=position)
    return services.publish(article, author=None)
