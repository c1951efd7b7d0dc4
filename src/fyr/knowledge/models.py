"""The knowledge base: categories › sections › articles, each article in one language and linked
to its translations, with every saved edit kept as a version.

Counters on an article (views, helpful, not helpful) are display figures for authors; the
self-service ratio is computed from ``SuggestedArticleView`` rows, never from a counter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.knowledge.choices import ArticleStatus, Language, Visibility


class Named(models.Model):
    """A name and description in both UI languages; ``name_in`` falls back to the other one."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    slug = models.SlugField(max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_sv or self.name_en or self.slug

    def name_in(self, language: str) -> str:
        first, second = (
            (self.name_en, self.name_sv)
            if language == "en"
            else (
                self.name_sv,
                self.name_en,
            )
        )
        return first or second

    def description_in(self, language: str) -> str:
        if language == "en":
            return self.description_en or self.description_sv
        return self.description_sv or self.description_en


class Category(Named):
    class Meta:
        verbose_name = _("knowledge category")
        verbose_name_plural = _("knowledge categories")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="kb_category_slug")]


class Section(Named):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="sections")

    class Meta:
        verbose_name = _("knowledge section")
        verbose_name_plural = _("knowledge sections")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "slug"], name="kb_section_slug")]


class Article(models.Model):
    """One article in one language. Translations point at the original through ``source``
    (the original's own ``source`` is empty); at most one translation per language."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.SWEDISH
    )
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text="The original this article translates; empty on the original itself.",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body_markdown = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(blank=True, help_text="Rendered from the Markdown and sanitised.")
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_faq = models.BooleanField(_("show in the FAQ"), default=False)
    position = models.PositiveIntegerField(default=0)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kb_articles",
    )
    from_ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The solved ticket this article was drafted from.",
    )
    version = models.PositiveIntegerField(default=1)
    view_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    not_helpful_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "language"],
                condition=Q(source__isnull=False),
                name="kb_one_translation_per_language",
            ),
            models.UniqueConstraint(fields=["language", "slug"], name="kb_article_slug"),
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "language"], name="kb_article_public"),
            models.Index(fields=["section", "position", "id"], name="kb_article_section"),
            models.Index(fields=["-updated_at", "-id"], name="kb_article_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED and self.visibility == Visibility.PUBLIC

    @property
    def original_id(self) -> int:
        """The id every translation of this article shares (the original's)."""
        return self.source_id or self.pk


class ArticleVersion(models.Model):
    """The article as it was saved at one edit: what the history, diff and restore read."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="kb_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ArticleAttachment(models.Model):
    """An image or file used by an article; content is kept once in ``tickets.StoredFile``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("tickets.StoredFile", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("article attachment")
        verbose_name_plural = _("article attachments")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ArticleFeedback(models.Model):
    """One "Was this helpful?" answer. One per visitor and article: a second answer replaces it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visitor = models.CharField(max_length=64, help_text="Session key or contact, hashed.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor"], name="kb_feedback_once")
        ]
        indexes = [models.Index(fields=["article", "-created_at"], name="kb_feedback_article")]

    def __str__(self) -> str:
        return f"{'+' if self.helpful else '-'} {self.article_id}"


class SuggestedArticleView(models.Model):
    """A customer opened an article the portal suggested (while searching or typing a request).

    It counts as a deflection — the customer helped themselves — when no request came from the
    same visitor within 24 hours; ``request_ticket`` is set when one did."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggested_views")
    visitor = models.CharField(max_length=64, help_text="Session key or contact, hashed.")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=20, help_text="search, request_form or bot")
    viewed_at = models.DateTimeField(default=timezone.now)
    request_ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("suggested article view")
        verbose_name_plural = _("suggested article views")
        indexes = [
            models.Index(fields=["viewed_at"], name="kb_suggested_viewed"),
            models.Index(fields=["visitor", "-viewed_at"], name="kb_suggested_visitor"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} by {self.visitor[:8]}"
