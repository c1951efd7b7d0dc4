"""Finding the article that answers a question, offline.

Each published public article is cut into passages (title + summary, title + each paragraph, and
the whole text). Two lexical signals score every passage:

- **BM25 over Snowball stems** (stop words dropped; Swedish definite endings folded), which is
  exact about words;
- **TF-IDF cosine over character 3–5-grams** (scikit-learn), which forgives typos, inflections
  Snowball leaves alone and Swedish compounds ("fakturaadress" shares most grams with "adress").

An article's signal is its best passage's. The two are normalised by the best article's and
fused with fixed weights; an optional embeddings endpoint adds a third (``backends.embed``).

**Confidence** comes from absolute evidence, not the normalised scores (the best article always
has 1.0 after normalisation): how much of the question's IDF mass the cited passage covers, the
cited article's character cosine, and the fused margin to the runner-up, through a logistic
function whose four weights were fitted on the demo questions (``bench/bot.py --fit``).

The index lives in memory per process and per language; it is rebuilt when the articles change,
checked (count, newest ``updated_at``, highest id) at most every ``CHECK_SECONDS``.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Max
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from fyr.bot import backends, text
from fyr.knowledge.choices import ArticleStatus, Visibility
from fyr.knowledge.models import Article

log = logging.getLogger(__name__)

CHECK_SECONDS = 5.0
#: After an embeddings failure while building, try the endpoint again this much later.
EMBEDDINGS_RETRY_SECONDS = 60.0
BM25_K1 = 1.2
BM25_B = 0.75
#: Fusion weights of the normalised lexical signals.
W_BM25 = 0.5
W_CHAR = 0.5
#: Logistic confidence: weights of (coverage, char cosine, margin) and the bias.
CONFIDENCE_WEIGHTS = (5.0, 6.5, 3.3)
CONFIDENCE_BIAS = -3.8
TOP = 3
#: An article in the other language must be at least this sure: a Swedish question matched
#: against English text shares few words by chance, and a chance match is a wrong answer.
FALLBACK_CONFIDENCE = 0.7
#: How much an article's head (title + summary) adds to its best passage (the head says what
#: the article is about). Measured: +0–3 points top-1 on the demo questions, −4 to −5 on SweFAQ
#: (whose titles are the answers' first sentences), so off.
HEAD_BOOST = 0.0


@dataclass(frozen=True)
class Doc:
    article_id: int
    language: str
    title: str
    summary: str
    lead: str  # the first paragraph, plain text
    text: str  # the whole article, plain text


@dataclass
class LanguageIndex:
    language: str
    docs: list[Doc]
    passage_doc: np.ndarray  # passage -> index in docs
    passages: list[str]
    known: frozenset[str]
    vocabulary: dict[str, int]
    idf: np.ndarray
    bm25: sparse.csr_matrix  # passages x vocabulary, saturated tf * idf
    presence: sparse.csr_matrix  # passages x vocabulary, 1 where the stem occurs
    char: TfidfVectorizer | None
    char_matrix: sparse.csr_matrix | None
    embeddings: np.ndarray | None = None


@dataclass
class Index:
    languages: dict[str, LanguageIndex]
    version: tuple[Any, ...]
    embeddings_error: str = ""
    built_at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Hit:
    article_id: int
    title: str
    summary: str
    lead: str
    text: str
    score: float


@dataclass(frozen=True)
class Result:
    """The ranked articles for one question in one language, with the confidence that the first
    one answers it and which backend produced the ranking."""

    language: str
    hits: list[Hit]
    confidence: float
    backend: str
    features: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


# --- building -------------------------------------------------------------------------------------


def _public() -> Any:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, visibility=Visibility.PUBLIC)


def _version() -> tuple[Any, ...]:
    row = _public().aggregate(n=Count("id"), latest=Max("updated_at"), top=Max("id"))
    return (row["n"], row["latest"], row["top"])


def _passages(doc: Doc, body_markdown: str) -> list[str]:
    head = f"{doc.title}. {doc.summary}".strip()
    out = [head]
    out.extend(f"{doc.title}. {block}" for block in text.blocks(body_markdown))
    out.append(f"{head} {doc.text}")
    return out


def _build_language(language: str, rows: Sequence[Any]) -> LanguageIndex:
    docs: list[Doc] = []
    passages: list[str] = []
    owner: list[int] = []
    for row in rows:
        doc = Doc(
            article_id=row.pk,
            language=language,
            title=row.title,
            summary=row.summary,
            lead=text.first_paragraph(row.body_markdown),
            text=text.plain(row.body_markdown),
        )
        for passage in _passages(doc, row.body_markdown):
            passages.append(passage)
            owner.append(len(docs))
        docs.append(doc)
    known = text.known_stems(passages, language)
    vocabulary: dict[str, int] = {}
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for passage in passages:
        counts: dict[int, int] = {}
        for stem in text.stems(passage, language, known):
            col = vocabulary.setdefault(stem, len(vocabulary))
            counts[col] = counts.get(col, 0) + 1
        indices.extend(counts)
        data.extend(counts.values())
        indptr.append(len(indices))
    shape = (len(passages), max(len(vocabulary), 1))
    tf = sparse.csr_matrix((np.asarray(data, dtype=np.float64), indices, indptr), shape=shape)
    presence = tf.copy()
    presence.data[:] = 1.0
    n = max(len(passages), 1)
    df = np.asarray(presence.sum(axis=0)).ravel()
    idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
    lengths = np.asarray(tf.sum(axis=1)).ravel()
    average = lengths.mean() if len(lengths) else 1.0
    bm25 = tf.tocoo()
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[bm25.row] / max(average, 1e-9))
    weights = bm25.data * (BM25_K1 + 1) / (bm25.data + norm) * idf[bm25.col]
    bm25_matrix = sparse.csr_matrix((weights, (bm25.row, bm25.col)), shape=shape)
    char: TfidfVectorizer | None = None
    char_matrix = None
    if passages:
        char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True, min_df=1
        )
        char_matrix = char.fit_transform(passages).tocsr()
    return LanguageIndex(
        language=language,
        docs=docs,
        passage_doc=np.asarray(owner, dtype=np.int64),
        passages=passages,
        known=known,
        vocabulary=vocabulary,
        idf=idf,
        bm25=bm25_matrix,
        presence=presence.tocsr(),
        char=char,
        char_matrix=char_matrix,
    )


def build() -> Index:
    """A fresh index of every published public article, per language."""
    version = _version()
    rows = list(
        _public()
        .only("id", "language", "title", "summary", "body_markdown")
        .order_by("language", "id")
    )
    languages = {
        language: _build_language(language, [r for r in rows if r.language == language])
        for language in text.LANGUAGES
    }
    index = Index(languages=languages, version=version)
    if backends.embeddings_enabled():
        try:
            for part in languages.values():
                if part.passages:
                    part.embeddings = backends.embed(part.passages, kind="passage")
        except backends.BackendError as exc:
            log.warning("bot: embeddings unavailable while indexing, lexical only: %s", exc)
            for part in languages.values():
                part.embeddings = None
            index.embeddings_error = str(exc)
    return index


# --- the per-process cache ----------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, Any] = {}


def clear() -> None:
    """Forget the index (tests; a process that knows the articles just changed)."""
    with _lock:
        _cache.clear()


def current() -> Index:
    """The index, rebuilt when the articles or the embeddings setting changed."""
    now = time.monotonic()
    key = f"{backends.embeddings_enabled()}"
    with _lock:
        index: Index | None = _cache.get("index")
        if index is not None and _cache.get("key") == key:
            if now - _cache.get("checked", 0.0) < CHECK_SECONDS:
                return index
            _cache["checked"] = now
            retry = index.embeddings_error and now - index.built_at > EMBEDDINGS_RETRY_SECONDS
            if _version() == index.version and not retry:
                return index
        index = build()
        _cache.update(index=index, key=key, checked=now)
        return index


# --- searching ------------------------------------------------------------------------------------


def _per_article(values: np.ndarray, owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The best passage's value per article plus ``HEAD_BOOST`` times its head's (the first
    passage of each article), and which passage was best."""
    best = np.full(n, -np.inf)
    head = np.zeros(n)
    where = np.zeros(n, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    for passage, doc in enumerate(owner):
        if not seen[doc]:
            seen[doc] = True
            head[doc] = values[passage]
        if values[passage] > best[doc]:
            best[doc] = values[passage]
            where[doc] = passage
    best[np.isinf(best)] = 0.0
    return best + HEAD_BOOST * head, where


def _normalised(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def confidence_of(coverage: float, char: float, margin: float) -> float:
    a, b, c = CONFIDENCE_WEIGHTS
    z = a * coverage + b * char + c * margin + CONFIDENCE_BIAS
    return 1.0 / (1.0 + math.exp(-z))


def _query_stems(part: LanguageIndex, question: str) -> tuple[dict[int, int], float]:
    """The question's known stems (column -> count) and its whole IDF mass (unknown stems
    count as the rarest known word: a question about something no article mentions is not
    covered by any)."""
    counts: dict[int, int] = {}
    total = 0.0
    rare = float(part.idf.max()) if len(part.idf) else 1.0
    for stem in dict.fromkeys(text.stems(question, part.language, part.known)):
        col = part.vocabulary.get(stem)
        if col is None:
            total += rare
            continue
        counts[col] = counts.get(col, 0) + 1
        total += float(part.idf[col])
    return counts, total


def search_language(index: Index, question: str, language: str, *, limit: int = TOP) -> Result:
    """Ranked articles in ``language`` for ``question`` with the confidence in the first."""
    part = index.languages.get(language)
    backend = "lexical"
    if part is None or not part.docs or part.char is None or part.char_matrix is None:
        return Result(language, [], 0.0, backend)
    n = len(part.docs)
    counts, idf_mass = _query_stems(part, question)
    if counts:
        cols = np.fromiter(counts, dtype=np.int64)
        weights = np.fromiter(counts.values(), dtype=np.float64)
        bm25_passages = part.bm25[:, cols] @ weights
        covered_passages = part.presence[:, cols] @ part.idf[cols]
    else:
        bm25_passages = np.zeros(len(part.passages))
        covered_passages = np.zeros(len(part.passages))
    query_chars = part.char.transform([question])
    char_passages = np.asarray((part.char_matrix @ query_chars.T).todense()).ravel()
    bm25, bm25_at = _per_article(np.asarray(bm25_passages).ravel(), part.passage_doc, n)
    char, _ = _per_article(char_passages, part.passage_doc, n)
    fused = W_BM25 * _normalised(bm25) + W_CHAR * _normalised(char)
    if part.embeddings is not None:
        try:
            query = backends.embed([question], kind="query")[0]
            similarity = part.embeddings @ query
            semantic, _ = _per_article(similarity, part.passage_doc, n)
            low = float(semantic.min())
            spread = float(semantic.max()) - low
            semantic_n = (semantic - low) / spread if spread > 0 else np.zeros(n)
            from fyr.bot import conf

            weight = min(max(conf.embeddings_weight(), 0.0), 1.0)
            fused = (1 - weight) * fused + weight * semantic_n
            backend = "lexical+embeddings"
        except backends.BackendError as exc:
            log.warning("bot: embeddings failed, lexical only: %s", exc)
            backend = f"lexical (embeddings failed: {exc})"
    elif index.embeddings_error:
        backend = f"lexical (embeddings failed: {index.embeddings_error})"
    order = np.argsort(-fused, kind="stable")[:limit]
    top = int(order[0])
    second = float(fused[order[1]]) if len(order) > 1 else 0.0
    margin = (float(fused[top]) - second) / float(fused[top]) if fused[top] > 0 else 0.0
    coverage = float(covered_passages[bm25_at[top]]) / idf_mass if idf_mass > 0 else 0.0
    features = (min(coverage, 1.0), float(char[top]), margin)
    confidence = confidence_of(*features) if fused[top] > 0 else 0.0
    hits = [
        Hit(
            article_id=part.docs[i].article_id,
            title=part.docs[i].title,
            summary=part.docs[i].summary,
            lead=part.docs[i].lead,
            text=part.docs[i].text,
            score=float(fused[i]),
        )
        for i in order
        if fused[i] > 0
    ]
    return Result(language, hits, confidence if hits else 0.0, backend, features)


def search(question: str, language: str, *, min_confidence: float, limit: int = TOP) -> Result:
    """The customer's language first; the other language only when nothing there is confident
    enough and the other is (an English article beats no answer for a Swedish question)."""
    index = current()
    result = search_language(index, question, language, limit=limit)
    if result.confidence >= min_confidence:
        return result
    for other in text.LANGUAGES:
        if other == language:
            continue
        alternative = search_language(index, question, other, limit=limit)
        sure = max(min_confidence, FALLBACK_CONFIDENCE)
        if alternative.confidence >= sure and alternative.confidence > result.confidence:
            return alternative
    return result
