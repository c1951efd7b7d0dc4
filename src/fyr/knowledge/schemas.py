"""API schemas for the knowledge base."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from fyr.core.schemas import Id, NonBlank, Omittable, Paged, PageParams
from fyr.knowledge.choices import ArticleStatus, Language, Visibility
from fyr.knowledge.services import MAX_BODY


class ArticleIn(Schema):
    """A new article: always a draft; publish it with `POST /articles/{id}/publish`."""

    model_config = ConfigDict(extra="forbid")

    section_id: Id
    language: Language = Language.SWEDISH
    title: NonBlank = Field(..., max_length=200)
    summary: str = Field("", max_length=300)
    body_markdown: str = Field("", max_length=MAX_BODY)
    visibility: Visibility = Visibility.PUBLIC
    is_faq: bool = False


class ArticlePatch(Schema):
    """Only the fields sent change; a changed title, summary or text makes a new version."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        None, description="The version you last read (or send `If-Match`); a stale one is 409."
    )
    section_id: Omittable[Id] = None
    title: Omittable[NonBlank] = Field(None, max_length=200)
    summary: Omittable[str] = Field(None, max_length=300)
    body_markdown: Omittable[str] = Field(None, max_length=MAX_BODY)
    visibility: Omittable[Visibility] = None
    is_faq: Omittable[bool] = None
    position: Omittable[int] = Field(None, ge=0, le=1_000_000)
    note: str = Field("", max_length=200, description="What changed, for the history.")
    related_ids: Omittable[list[Id]] = Field(
        None, max_length=20, description="Replaces the related articles."
    )


class ArticleOut(Schema):
    id: int
    section_id: int
    language: Language
    source_id: int | None = Field(..., description="The original this translates; null on it.")
    title: str
    slug: str
    summary: str
    body_markdown: str
    body_html: str = Field(..., description="Rendered and sanitised.")
    status: ArticleStatus
    visibility: Visibility
    is_faq: bool
    position: int
    version: int
    author_id: int | None
    from_ticket_id: int | None
    view_count: int
    helpful_count: int
    not_helpful_count: int
    related_ids: list[int]
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class ArticlePage(Paged):
    items: list[ArticleOut]


class ArticleFilters(PageParams):
    status: ArticleStatus | None = None
    language: Language | None = None
    visibility: Visibility | None = None
    section: Id | None = Field(None, description="A section's id.")
    q: str | None = Field(None, max_length=200, description="Part of the title, any case.")


class VersionOut(Schema):
    number: int
    title: str
    summary: str
    body_markdown: str
    author_id: int | None
    note: str
    created_at: datetime


class VersionPage(Paged):
    items: list[VersionOut]


class TranslationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    language: Language
    title: NonBlank = Field(..., max_length=200)
    summary: str = Field("", max_length=300)
    body_markdown: str = Field("", max_length=MAX_BODY)


class CategoryIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name_sv: str = Field("", max_length=120)
    name_en: str = Field("", max_length=120)
    description_sv: str = Field("", max_length=5000)
    description_en: str = Field("", max_length=5000)
    slug: str | None = Field(None, max_length=120, description="Made from the name when empty.")
    position: int | None = Field(None, ge=0, le=1_000_000)


class CategoryPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name_sv: Omittable[str] = Field(None, max_length=120)
    name_en: Omittable[str] = Field(None, max_length=120)
    description_sv: Omittable[str] = Field(None, max_length=5000)
    description_en: Omittable[str] = Field(None, max_length=5000)
    slug: Omittable[str] = Field(None, max_length=120)
    position: Omittable[int] = Field(None, ge=0, le=1_000_000)


class CategoryOut(Schema):
    id: int
    slug: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    position: int


class CategoryPage(Paged):
    items: list[CategoryOut]


class SectionIn(CategoryIn):
    category_id: Id


class SectionPatch(CategoryPatch):
    category_id: Omittable[Id] = None


class SectionOut(CategoryOut):
    category_id: int


class SectionPage(Paged):
    items: list[SectionOut]


class SectionFilters(PageParams):
    category: Id | None = Field(None, description="A category's id.")


class ConflictOut(Schema):
    detail: str
    current_version: int
