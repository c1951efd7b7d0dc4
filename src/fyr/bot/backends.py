"""Optional model backends, switched on by setting: OpenAI-compatible embeddings and chat.

Both are plain HTTP calls with a timeout (``FYR_BOT_TIMEOUT``). Any failure — connection refused,
timeout, an HTTP error, a body without the expected fields — raises ``BackendError`` with a short
reason; the caller falls back to the offline retrieval and records the reason on the ``BotTurn``.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any

import numpy as np

from fyr.bot import conf

log = logging.getLogger(__name__)

#: Passages sent per embeddings request while the index is built.
BATCH = 32
#: At most this much of an article is sent to the LLM (characters).
MAX_ARTICLE_CHARS = 6000


class BackendError(Exception):
    """An optional backend did not answer usefully; ``str(exc)`` is a short reason."""


def _post(url: str, payload: dict[str, Any], api_key: str) -> Any:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=conf.timeout()) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise BackendError(f"HTTP {exc.code}") from exc
    except TimeoutError as exc:
        raise BackendError("timeout") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise BackendError("timeout") from exc
        raise BackendError(f"unreachable ({reason})") from exc
    except OSError as exc:
        raise BackendError(f"unreachable ({exc})") from exc
    try:
        return json.loads(body)
    except ValueError as exc:
        raise BackendError("not JSON") from exc


def _endpoint(base: str, path: str) -> str:
    """``base`` may be the server (``http://host:8080``) or already end in ``/v1``."""
    return base + (path[3:] if base.endswith("/v1") else path)


# --- embeddings -------------------------------------------------------------------------------


def embeddings_enabled() -> bool:
    return bool(conf.embeddings_url())


def _prefix(kind: str) -> str:
    """E5-family models expect ``query: `` / ``passage: `` prefixes; others get none (nor do
    servers told the ``input_type``, which add it themselves)."""
    if conf.embeddings_input_type():
        return ""
    return f"{kind}: " if "e5" in conf.embeddings_model().lower() else ""


def embed(texts: list[str], *, kind: str) -> np.ndarray:
    """Unit-length embeddings of ``texts`` (``kind`` is ``query`` or ``passage``)."""
    url = _endpoint(conf.embeddings_url(), "/v1/embeddings")
    prefix = _prefix(kind)
    rows: list[list[float]] = []
    for start in range(0, len(texts), BATCH):
        chunk = [prefix + t for t in texts[start : start + BATCH]]
        payload: dict[str, Any] = {"input": chunk}
        if conf.embeddings_model():
            payload["model"] = conf.embeddings_model()
        if conf.embeddings_input_type():
            payload["input_type"] = kind
        body = _post(url, payload, conf.embeddings_api_key())
        try:
            data = sorted(body["data"], key=lambda item: item.get("index", 0))
            vectors = [[float(x) for x in item["embedding"]] for item in data]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BackendError("unexpected embeddings response") from exc
        if len(vectors) != len(chunk):
            raise BackendError("wrong number of embeddings")
        rows.extend(vectors)
    if not rows:
        return np.zeros((0, 0))
    try:
        matrix = np.asarray(rows, dtype=np.float32)
    except ValueError as exc:  # ragged vectors
        raise BackendError("unexpected embeddings response") from exc
    if matrix.ndim != 2 or not np.all(np.isfinite(matrix)):
        raise BackendError("unexpected embeddings response")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


# --- chat (phrasing the answer) --------------------------------------------------------------------

_SYSTEM = {
    "sv": (
        "Du är kundtjänstens assistent. Svara kort (högst fyra meningar) på svenska, enbart "
        "utifrån artikeln nedan. Står svaret inte i artikeln, skriv exakt: VET_EJ"
    ),
    "en": (
        "You are the customer service assistant. Answer briefly (at most four sentences) in "
        "English, using only the article below. If the article does not contain the answer, "
        "write exactly: UNKNOWN"
    ),
}
_DONT_KNOW = ("VET_EJ", "UNKNOWN")


def llm_enabled() -> bool:
    return bool(conf.llm_url())


def phrase(question: str, *, title: str, article_text: str, language: str) -> str:
    """The LLM's answer to ``question`` grounded only in the cited article."""
    url = _endpoint(conf.llm_url(), "/v1/chat/completions")
    article = f"# {title}\n\n{article_text[:MAX_ARTICLE_CHARS]}"
    payload: dict[str, Any] = {
        "messages": [
            {"role": "system", "content": _SYSTEM.get(language, _SYSTEM["en"])},
            {"role": "user", "content": f"{article}\n\n---\n{question}"},
        ],
        "temperature": 0,
        "max_tokens": 300,
    }
    if conf.llm_model():
        payload["model"] = conf.llm_model()
    body = _post(url, payload, conf.llm_api_key())
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise BackendError("unexpected chat response") from exc
    if not isinstance(content, str) or not content.strip():
        raise BackendError("empty chat response")
    if any(mark in content for mark in _DONT_KNOW):
        raise BackendError("the model found no answer in the article")
    return content.strip()
