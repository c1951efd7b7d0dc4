"""How well the chatbot (``fyr.bot``) finds the article that answers a question.

    python bench/bot.py [--quick] [--sets sv,en,offtopic,swefaq] [--fit]
                        [--embeddings URL --embeddings-model NAME]

Every question goes through ``fyr.bot.services.ask`` (a new conversation each) on a fresh
database; the ranking is read from the logged ``BotTurn``. Figures per set: top-1 and top-3
accuracy (the labelled article first / among the first three), the hand-over rate (answers the
bot would not give at ``FYR_BOT_MIN_CONFIDENCE``) and the latency of ``ask``.

Sets:
- ``sv``, ``en``: ``bench/data/bot_questions_{sv,en}.jsonl``, questions written as customers of
  the demo company ask them (paraphrases, never article titles), each labelled with the key of
  the article in ``fyr.knowledge.demo_articles`` that answers it, asked in that language.
- ``offtopic``: questions no article answers; the right outcome is a hand-over (its figure is the
  hand-over rate, which should be high).
- ``swefaq``: ``../shared/data/sv/swefaq/swefaq_dev.jsonl`` (SuperLim 2). Every candidate answer of
  every category becomes a public Swedish article (110 distinct answers, a section per
  category) titled from the answer's own first sentence, never from a question; then the 110
  questions are asked and checked against their labelled answer. The demo articles are removed
  first, so the bot chooses among the SweFAQ answers only.

``--fit`` prints the logistic confidence weights fitted on the sv/en/offtopic features (what
``retrieval.CONFIDENCE_WEIGHTS`` holds). ``--quick`` asks every fourth question.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from common import DUMMY_TASKS, Figure, percentile, prepare_environment, report, setup_django

BENCH_DATABASE = "fyr_bench_bot"
DATA = Path(__file__).resolve().parent / "data"
SWEFAQ = Path(__file__).resolve().parent.parent.parent / "shared/data/sv/swefaq/swefaq_dev.jsonl"
TITLE_LENGTH = 90


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def title_from_answer(answer: str) -> str:
    """The answer's first sentence, cut at a word near ``TITLE_LENGTH`` characters."""
    sentence = re.split(r"(?<=[.!?])\s", answer.strip(), maxsplit=1)[0].rstrip(".!? ")
    if len(sentence) <= TITLE_LENGTH:
        return sentence
    cut = sentence[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def swefaq_categories(rows: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Every distinct candidate answer as an article in a section per category; returns the
    categories in ``demo_articles`` format and ``{answer text: key}``."""
    keys: dict[str, str] = {}
    sections: dict[int, list[dict]] = {}
    for row in rows:
        for answer in row["candidate_answers"]:
            if answer in keys:
                continue
            key = f"swefaq-{len(keys) + 1}"
            keys[answer] = key
            sections.setdefault(row["category_id"], []).append(
                {
                    "key": key,
                    "visibility": "public",
                    "sv": {"title": title_from_answer(answer), "summary": "", "body": answer},
                }
            )
    categories = [
        {
            "slug": "swefaq",
            "name_sv": "SweFAQ",
            "name_en": "SweFAQ",
            "sections": [
                {"slug": f"kategori-{cid}", "name_sv": f"Kategori {cid}", "articles": articles}
                for cid, articles in sorted(sections.items())
            ],
        }
    ]
    return categories, keys


def evaluate(name: str, questions: list[dict], ids: dict[str, dict[str, int]]) -> list[Figure]:
    """Ask each question through the bot's service; figures for the set."""
    from fyr.bot import services

    top1 = top3 = handovers = 0
    times: list[float] = []
    misses: list[str] = []
    for item in questions:
        language = item["language"]
        started = time.perf_counter()
        reply = services.ask(item["question"], language=language)
        times.append((time.perf_counter() - started) * 1000)
        turn = reply.conversation.turns.get()
        ranked = turn.article_ids
        handovers += reply.handover
        expected = ids[item["article"]][language] if item.get("article") else None
        if expected is not None:
            top1 += bool(ranked) and ranked[0] == expected
            top3 += expected in ranked[:3]
            if not ranked or ranked[0] != expected:
                names = {v: k for k, by in ids.items() for v in by.values()}
                got = [names.get(i, i) for i in ranked[:3]]
                misses.append(f"  miss [{name}] {item['question']!r} -> {got} ({item['article']})")
    n = len(questions)
    labelled = sum(1 for q in questions if q.get("article"))
    figures = [Figure(f"bot_{name}_handover_rate", round(100 * handovers / n, 1), "%", n)]
    if labelled:
        figures[:0] = [
            Figure(f"bot_{name}_top1", round(100 * top1 / labelled, 1), "%", labelled),
            Figure(f"bot_{name}_top3", round(100 * top3 / labelled, 1), "%", labelled),
        ]
    figures.append(Figure(f"bot_{name}_ask_p50", round(statistics.median(times), 2), "ms", n))
    figures.append(Figure(f"bot_{name}_ask_p95", round(percentile(times, 95), 2), "ms", n))
    if os.environ.get("BENCH_BOT_VERBOSE"):
        print("\n".join(misses))
    return figures


def fit(questions: list[dict], ids: dict[str, dict[str, int]]) -> None:
    """Fit the confidence's logistic weights on (coverage, char cosine, margin) features:
    positive when the first article is the labelled one, negative otherwise (off-topic too)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from fyr.bot import retrieval

    index = retrieval.current()
    rows, labels = [], []
    for item in questions:
        result = retrieval.search_language(index, item["question"], item["language"])
        expected = ids[item["article"]][item["language"]] if item.get("article") else None
        rows.append(result.features)
        labels.append(int(result.best is not None and result.best.article_id == expected))
    model = LogisticRegression(C=10.0).fit(np.asarray(rows), np.asarray(labels))
    weights = ", ".join(f"{w:.2f}" for w in model.coef_[0])
    print(f"fitted CONFIDENCE_WEIGHTS = ({weights}); CONFIDENCE_BIAS = {model.intercept_[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="every fourth question")
    parser.add_argument("--sets", default="sv,en,offtopic,swefaq")
    parser.add_argument("--fit", action="store_true", help="fit the confidence weights")
    parser.add_argument("--embeddings", default="", help="an OpenAI-compatible embeddings URL")
    parser.add_argument("--embeddings-model", default="")
    parser.add_argument("--embeddings-weight", type=float, default=0.5)
    parser.add_argument(
        "--input-type", action="store_true", help="send input_type (the server adds prefixes)"
    )
    args = parser.parse_args()
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]

    backend = prepare_environment(BENCH_DATABASE)
    extra = {}
    if args.embeddings:
        extra = {
            "FYR_BOT_EMBEDDINGS_URL": args.embeddings,
            "FYR_BOT_EMBEDDINGS_MODEL": args.embeddings_model,
            "FYR_BOT_TIMEOUT": 120,
            "FYR_BOT_EMBEDDINGS_INPUT_TYPE": args.input_type,
            "FYR_BOT_EMBEDDINGS_WEIGHT": args.embeddings_weight,
        }
    setup_django(TASKS=DUMMY_TASKS, **extra)
    from fyr.bot import conf, demo, retrieval
    from fyr.knowledge.demo_articles import CATEGORIES
    from fyr.knowledge.models import Article

    step = 4 if args.quick else 1
    figures: list[Figure] = []
    demo_sets = [s for s in sets if s in ("sv", "en", "offtopic")]
    if demo_sets or args.fit:
        ids = demo.load(CATEGORIES)
        questions: dict[str, list[dict]] = {}
        for language in ("sv", "en"):
            questions[language] = [
                {**q, "language": language}
                for q in read_jsonl(DATA / f"bot_questions_{language}.jsonl")
            ]
        questions["offtopic"] = read_jsonl(DATA / "bot_questions_offtopic.jsonl")
        if args.fit:
            fit([q for s in ("sv", "en", "offtopic") for q in questions[s]], ids)
        for name in demo_sets:
            figures += evaluate(name, questions[name][::step], ids)
    if "swefaq" in sets:
        if not SWEFAQ.exists():
            sys.exit(f"bench/bot.py: {SWEFAQ} is missing")
        Article.objects.all().delete()
        rows = read_jsonl(SWEFAQ)
        categories, keys = swefaq_categories(rows)
        from fyr.knowledge.models import Category, Section

        Section.objects.filter(category__slug="swefaq").delete()
        Category.objects.filter(slug="swefaq").delete()
        loaded = demo.load(categories)
        retrieval.clear()
        ids = {key: loaded[key] for key in keys.values()}
        asked = [
            {
                "question": row["question"],
                "article": keys[row["candidate_answers"][row["label"]]],
                "language": "sv",
            }
            for row in rows
        ]
        figures += evaluate("swefaq", asked[::step], ids)
    print(
        f"\nmin confidence {conf.min_confidence()}, backend: {retrieval.current().embeddings_error or ('embeddings' if args.embeddings else 'lexical')}"
    )
    report(figures, backend)


if __name__ == "__main__":
    main()
