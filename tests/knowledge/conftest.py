"""Knowledge-base fixtures: one category with one section, a draft and a published article."""

from __future__ import annotations

import pytest

from fyr.knowledge import services as kb
from fyr.knowledge.models import Article, Category, Section


@pytest.fixture
def category(db) -> Category:
    return kb.create_category(name_sv="Fakturor", name_en="Invoices", slug="fakturor")


@pytest.fixture
def section(category) -> Section:
    return kb.create_section(category=category, name_sv="Betala", name_en="Paying", slug="betala")


@pytest.fixture
def draft(section, agent) -> Article:
    return kb.create_article(
        section=section,
        language="sv",
        title="Så läser du fakturan",
        summary="Fakturans delar",
        body_markdown="Fakturan har **tre** delar.",
        author=agent,
    )


@pytest.fixture
def published(section, agent) -> Article:
    article = kb.create_article(
        section=section,
        language="sv",
        title="Betala med autogiro",
        body_markdown="Anmäl autogiro i **internetbanken**.",
        is_faq=True,
        author=agent,
    )
    return kb.publish(article, author=agent)


@pytest.fixture
def published_en(published, agent) -> Article:
    article = kb.add_translation(
        published,
        language="en",
        title="Paying by direct debit",
        body_markdown="Sign up for direct debit in your **online bank**.",
        author=agent,
    )
    return kb.publish(article, author=agent)
