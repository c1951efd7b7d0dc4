from __future__ import annotations

import pytest

from fyr.bot import demo, retrieval
from fyr.knowledge.demo_articles import CATEGORIES


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    """Each test builds the index from its own articles; no optional backend unless asked."""
    settings.BASE_URL = "https://help.example.com"
    settings.FYR_BOT_EMBEDDINGS_URL = ""
    settings.FYR_BOT_LLM_URL = ""
    settings.FYR_BOT_MIN_CONFIDENCE = 0.5
    retrieval.clear()
    yield
    retrieval.clear()


@pytest.fixture
def kb(db) -> dict[str, dict[str, int]]:
    """The demo company's knowledge base, published: ``{key: {language: article id}}``."""
    return demo.load(CATEGORIES)
