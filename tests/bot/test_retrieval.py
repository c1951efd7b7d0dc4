from __future__ import annotations

from fyr.bot import retrieval, text
from fyr.knowledge import services as knowledge
from fyr.knowledge.models import Article, Category, Section


def best(question: str, language: str) -> retrieval.Result:
    return retrieval.search(question, language, min_confidence=0.5)


def test_swedish_question_finds_the_article_through_inflections(kb):
    result = best("Jag har glömt lösenordet till portalen", "sv")

    assert result.language == "sv"
    assert result.best.article_id == kb["reset-password"]["sv"]
    assert result.confidence >= 0.5


def test_english_question_finds_the_english_article(kb):
    result = best("How do I send back office chairs that don't fit?", "en")

    assert result.best.article_id == kb["return-label"]["en"]


def test_typos_are_forgiven(kb):
    result = best("kontot är låst efter för många inloggningsförsk", "sv")

    assert result.best.article_id == kb["account-locked"]["sv"]


def test_top_three_are_distinct_ranked_articles(kb):
    result = best("Fakturan har fel belopp", "sv")

    ids = [hit.article_id for hit in result.hits]
    assert ids[0] == kb["invoice-wrong-amount"]["sv"]
    assert len(ids) == 3 == len(set(ids))
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


def test_an_off_topic_question_gets_a_low_confidence(kb):
    result = best("Vem vann fotbollsmatchen i går kväll?", "sv")

    assert result.confidence < 0.5


def test_internal_and_draft_articles_are_never_found(kb):
    internal = kb["credit-routine-internal"]["sv"]
    result = best("Vem får kreditera belopp över 20 000 kr enligt attestgränserna i Fortnox?", "sv")
    assert internal not in [hit.article_id for hit in result.hits]

    section = Section.objects.first()
    draft = knowledge.create_article(
        section=section,
        language="sv",
        title="Zebrapennor i regnbågens färger",
        body_markdown="Zebrapennor finns i regnbågens alla färger.",
        author=None,
    )
    retrieval.clear()
    result = best("zebrapennor regnbågens färger", "sv")
    assert draft.pk not in [hit.article_id for hit in result.hits]


def test_falls_back_to_the_other_language_when_nothing_fits(db):
    category = Category.objects.create(slug="c", name_en="C")
    section = Section.objects.create(category=category, slug="s", name_en="S")
    article = knowledge.create_article(
        section=section,
        language="en",
        title="Printer toner cartridges recycling",
        summary="Send used toner cartridges back to us for recycling, free of charge.",
        body_markdown="Used toner cartridges can be recycled: send them back to us for free.",
        author=None,
    )
    knowledge.publish(article, author=None)

    result = best("toner cartridges recycling", "sv")

    assert result.language == "en"
    assert result.best.article_id == article.pk


def test_the_index_is_rebuilt_when_articles_change(kb, monkeypatch):
    monkeypatch.setattr(retrieval, "CHECK_SECONDS", 0.0)
    question = "Hur stänger jag av skrivarens viloläge?"
    assert best(question, "sv").confidence < 0.5
    built = retrieval.current()

    article = knowledge.create_article(
        section=Section.objects.first(),
        language="sv",
        title="Stänga av skrivarens viloläge",
        summary="Skrivarens viloläge stänger du av under Inställningar › Energi på skrivaren.",
        body_markdown="Viloläget stängs av under **Inställningar › Energi** på skrivaren.",
        author=None,
    )
    knowledge.publish(article, author=None)

    result = best(question, "sv")
    assert retrieval.current() is not built
    assert result.best.article_id == article.pk
    assert result.confidence >= 0.5

    knowledge.archive(Article.objects.get(pk=article.pk), author=None)
    assert article.pk not in [hit.article_id for hit in best(question, "sv").hits]


def test_the_index_is_not_rebuilt_within_the_check_interval(kb, monkeypatch):
    monkeypatch.setattr(retrieval, "CHECK_SECONDS", 3600.0)
    built = retrieval.current()

    Article.objects.filter(pk=kb["reset-password"]["sv"]).update(title="Ändrad")

    assert retrieval.current() is built


def test_no_articles_gives_no_answer(db):
    result = best("Var är mitt paket?", "sv")

    assert result.hits == []
    assert result.confidence == 0.0


def test_language_detection():
    assert text.detect_language("Var är mitt paket?") == "sv"
    assert text.detect_language("Where is my parcel?") == "en"
    assert text.detect_language("faktura 123", default=None) is None
    assert text.detect_language("faktura 123", default="en") == "en"


def test_swedish_definite_endings_fold_to_the_stem():
    assert set(text.stems("fakturan", "sv")) >= set(text.stems("faktura", "sv"))
    assert "lösenord" in text.stems("lösenordet", "sv")
    assert text.stems("och det är inte", "sv") == []
