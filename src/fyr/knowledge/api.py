"""The knowledge-base API: articles (list, create, read, change, publish, archive, versions,
translations) and the categories and sections they live in.

Every agent reads; light agents get 403 on every write. A stale ``version`` (or ``If-Match``)
on a PATCH is a 409 carrying the current version.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Router

from fyr.accounts.models import User
from fyr.core.api import agent, expected_version, get_for_field, get_or_404, page_of
from fyr.core.schemas import Id, PageParams
from fyr.core.typing import ApiRequest
from fyr.knowledge import queries, services
from fyr.knowledge.models import Article, Category, Section
from fyr.knowledge.schemas import (
    ArticleFilters,
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticlePatch,
    CategoryIn,
    CategoryOut,
    CategoryPage,
    CategoryPatch,
    ConflictOut,
    SectionFilters,
    SectionIn,
    SectionOut,
    SectionPage,
    SectionPatch,
    TranslationIn,
    VersionPage,
)

router = Router(tags=["Knowledge"])

BY_UPDATED = ("-updated_at", "-id")
BY_POSITION = ("position", "id")


def _writer(request: ApiRequest) -> User:
    user = agent(request)
    if not services.may_write(user):
        raise PermissionDenied(_("Light agents can read the knowledge base but not change it"))
    return user


def _articles(request: ApiRequest) -> QuerySet[Article]:
    return queries.visible_articles(agent(request)).prefetch_related("related")


def _out(article: Article) -> dict[str, Any]:
    """An article as the API shows it (re-read, so counters and related ids are current)."""
    fresh = Article.objects.prefetch_related("related").get(pk=article.pk)
    return _row(fresh)


def _row(article: Article) -> dict[str, Any]:
    data = {f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields}
    data["id"] = article.pk
    data["related_ids"] = sorted(a.pk for a in article.related.all())
    return data


# --- articles ----------------------------------------------------------------------------------


@router.get("/articles", response=ArticlePage)
def list_articles(request: ApiRequest, filters: Query[ArticleFilters]) -> dict[str, Any]:
    """Every article the caller may read (agents: all, drafts and internal ones too), newest
    change first."""
    rows = _articles(request)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.language is not None:
        rows = rows.filter(language=filters.language)
    if filters.visibility is not None:
        rows = rows.filter(visibility=filters.visibility)
    if filters.section is not None:
        rows = rows.filter(section_id=filters.section)
    if filters.q:
        rows = rows.filter(title__icontains=filters.q)
    page = page_of(rows, ordering=BY_UPDATED, cursor=filters.cursor, limit=filters.limit)
    return {**page, "items": [_row(a) for a in page["items"]]}


@router.post("/articles", response={201: ArticleOut})
def create_article(request: ApiRequest, payload: ArticleIn) -> tuple[int, dict[str, Any]]:
    user = _writer(request)
    section = get_for_field(Section.objects.all(), payload.section_id, "section_id")
    article = services.create_article(
        section=section,
        language=payload.language,
        title=payload.title,
        summary=payload.summary,
        body_markdown=payload.body_markdown,
        visibility=payload.visibility,
        is_faq=payload.is_faq,
        author=user,
    )
    return 201, _out(article)


@router.get("/articles/{article_id}", response=ArticleOut)
def get_article(request: ApiRequest, article_id: Id) -> dict[str, Any]:
    return _row(get_or_404(_articles(request), article_id))


@router.patch("/articles/{article_id}", response={200: ArticleOut, 409: ConflictOut})
def update_article(
    request: ApiRequest, article_id: Id, payload: ArticlePatch
) -> tuple[int, dict[str, Any]]:
    """Change the fields sent. Send the `version` you read: if someone saved since, nothing
    changes and the answer is 409 with the current version."""
    user = _writer(request)
    article = get_or_404(_articles(request), article_id)
    version = expected_version(request, payload.version)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "note", "related_ids"})
    if "section_id" in changes:
        changes["section"] = get_for_field(
            Section.objects.all(), changes.pop("section_id"), "section_id"
        )
    try:
        services.update_article(
            article, expected_version=version, author=user, note=payload.note, **changes
        )
    except services.StaleArticle as exc:
        return 409, {"detail": str(exc), "current_version": exc.article.version}
    if payload.related_ids is not None:
        services.set_related(article, payload.related_ids, author=user)
    return 200, _out(article)


@router.post("/articles/{article_id}/publish", response=ArticleOut)
def publish_article(request: ApiRequest, article_id: Id) -> dict[str, Any]:
    """Publish: public articles then show in the portal, internal ones to agents."""
    user = _writer(request)
    article = get_or_404(_articles(request), article_id)
    return _out(services.publish(article, author=user))


@router.post("/articles/{article_id}/archive", response=ArticleOut)
def archive_article(request: ApiRequest, article_id: Id) -> dict[str, Any]:
    user = _writer(request)
    article = get_or_404(_articles(request), article_id)
    return _out(services.archive(article, author=user))


@router.get("/articles/{article_id}/versions", response=VersionPage)
def list_versions(request: ApiRequest, article_id: Id, params: Query[PageParams]) -> dict[str, Any]:
    """The article's saved versions, newest first."""
    article = get_or_404(_articles(request), article_id)
    return page_of(
        article.versions.all(), ordering=("-number",), cursor=params.cursor, limit=params.limit
    )


@router.get("/articles/{article_id}/translations", response=list[ArticleOut])
def list_translations(request: ApiRequest, article_id: Id) -> list[dict[str, Any]]:
    """Every language version of the article, the original first (the article itself too)."""
    article = get_or_404(_articles(request), article_id)
    return [_out(a) for a in services.translations_of(article)]


@router.post("/articles/{article_id}/translations", response={201: ArticleOut})
def create_translation(
    request: ApiRequest, article_id: Id, payload: TranslationIn
) -> tuple[int, dict[str, Any]]:
    """A draft translation of the article's original; one per language (else 422)."""
    user = _writer(request)
    article = get_or_404(_articles(request), article_id)
    created = services.add_translation(
        article,
        language=payload.language,
        title=payload.title,
        summary=payload.summary,
        body_markdown=payload.body_markdown,
        author=user,
    )
    return 201, _out(created)


# --- categories and sections --------------------------------------------------------------------


@router.get("/kb/categories", response=CategoryPage)
def list_categories(request: ApiRequest, params: Query[PageParams]) -> dict[str, Any]:
    agent(request)
    return page_of(
        Category.objects.all(), ordering=BY_POSITION, cursor=params.cursor, limit=params.limit
    )


@router.post("/kb/categories", response={201: CategoryOut})
def create_category(request: ApiRequest, payload: CategoryIn) -> tuple[int, Category]:
    return 201, services.create_category(by=_writer(request), **payload.model_dump())


@router.get("/kb/categories/{category_id}", response=CategoryOut)
def get_category(request: ApiRequest, category_id: Id) -> Category:
    agent(request)
    return get_or_404(Category.objects.all(), category_id)


@router.patch("/kb/categories/{category_id}", response=CategoryOut)
def update_category(request: ApiRequest, category_id: Id, payload: CategoryPatch) -> Category:
    user = _writer(request)
    category = get_or_404(Category.objects.all(), category_id)
    return services.update_category(category, by=user, **payload.model_dump(exclude_unset=True))


@router.delete("/kb/categories/{category_id}", response={204: None})
def delete_category(request: ApiRequest, category_id: Id) -> tuple[int, None]:
    """Only an empty category can go (else 422)."""
    user = _writer(request)
    services.delete_category(get_or_404(Category.objects.all(), category_id), by=user)
    return 204, None


@router.get("/kb/sections", response=SectionPage)
def list_sections(request: ApiRequest, filters: Query[SectionFilters]) -> dict[str, Any]:
    agent(request)
    rows = Section.objects.all()
    if filters.category is not None:
        rows = rows.filter(category_id=filters.category)
    return page_of(rows, ordering=BY_POSITION, cursor=filters.cursor, limit=filters.limit)


@router.post("/kb/sections", response={201: SectionOut})
def create_section(request: ApiRequest, payload: SectionIn) -> tuple[int, Section]:
    user = _writer(request)
    values = payload.model_dump(exclude={"category_id"})
    category = get_for_field(Category.objects.all(), payload.category_id, "category_id")
    return 201, services.create_section(category=category, by=user, **values)


@router.get("/kb/sections/{section_id}", response=SectionOut)
def get_section(request: ApiRequest, section_id: Id) -> Section:
    agent(request)
    return get_or_404(Section.objects.all(), section_id)


@router.patch("/kb/sections/{section_id}", response=SectionOut)
def update_section(request: ApiRequest, section_id: Id, payload: SectionPatch) -> Section:
    user = _writer(request)
    section = get_or_404(Section.objects.all(), section_id)
    values = payload.model_dump(exclude_unset=True)
    if "category_id" in values:
        values["category"] = get_for_field(
            Category.objects.all(), values.pop("category_id"), "category_id"
        )
    return services.update_section(section, by=user, **values)


@router.delete("/kb/sections/{section_id}", response={204: None})
def delete_section(request: ApiRequest, section_id: Id) -> tuple[int, None]:
    """Only an empty section can go (else 422)."""
    user = _writer(request)
    services.delete_section(get_or_404(Section.objects.all(), section_id), by=user)
    return 204, None
