"""Permission-scoped reads of the knowledge base.

Agents (light agents too) read every article in the desk; customers only ever see published,
public articles (``public_articles``). The portal shows each article in the visitor's language
when it exists and falls back to the other language otherwise.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from fyr.accounts.models import User
from fyr.knowledge.choices import ArticleStatus, Visibility
from fyr.knowledge.models import Article, ArticleAttachment


def visible_articles(user: User) -> QuerySet[Article]:
    """Every article for an active agent (drafts, internal and archived included)."""
    if not user.is_active:
        return Article.objects.none()
    return Article.objects.all()


def get_article_for(user: User, pk: int) -> Article:
    found = visible_articles(user).select_related("section__category", "source").filter(pk=pk)
    article = found.first()
    if article is None:
        raise Http404(_("Not found"))
    return article


def public_articles() -> QuerySet[Article]:
    """What customers may see: published and public."""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, visibility=Visibility.PUBLIC)


def in_language(articles: QuerySet[Article], language: str) -> QuerySet[Article]:
    """Public ``articles`` in ``language``, and those in the other language that have no public
    translation in ``language`` (each article once, in the best language available)."""
    group = Coalesce("source_id", "id")
    sibling = (
        public_articles()
        .annotate(group=Coalesce("source_id", "id"))
        .filter(language=language, group=OuterRef("group"))
    )
    return (
        articles.filter(status=ArticleStatus.PUBLISHED, visibility=Visibility.PUBLIC)
        .annotate(group=group)
        .filter(Q(language=language) | ~Exists(sibling.values("pk")))
    )


def public_translation(article: Article, language: str) -> Article | None:
    """The published public version of ``article`` in ``language`` (maybe itself), if any."""
    if article.language == language:
        return article
    original = article.source_id or article.pk
    return (
        public_articles()
        .filter(Q(pk=original) | Q(source_id=original), language=language)
        .order_by("id")
        .first()
    )


def public_attachment(pk: int) -> ArticleAttachment | None:
    """An attachment of a published public article (what the portal may serve to anyone)."""
    return (
        ArticleAttachment.objects.select_related("file", "article")
        .filter(
            pk=pk,
            article__status=ArticleStatus.PUBLISHED,
            article__visibility=Visibility.PUBLIC,
        )
        .first()
    )
