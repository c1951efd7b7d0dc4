"""The knowledge base's behaviour: every change to categories, sections, articles, versions,
translations, attachments, feedback and deflection records goes through these functions.

The desk, the portal, the API and the demo loader all call them, so the rules live here once:
who may write (agents and admins; light agents read only), how a body is rendered and sanitised,
how versions are numbered, and how the search index is told (inside the same transaction, so
the index never describes an article that was rolled back).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fyr.accounts.models import User
from fyr.core import clock
from fyr.customers.models import Contact
from fyr.knowledge import rendering
from fyr.knowledge.choices import ArticleStatus, Language, Visibility
from fyr.knowledge.models import (
    Article,
    ArticleAttachment,
    ArticleFeedback,
    ArticleVersion,
    Category,
    Section,
    SuggestedArticleView,
)
from fyr.search import indexing
from fyr.tickets import storage
from fyr.tickets.choices import Direction, MessageKind, Status
from fyr.tickets.models import Ticket

#: Fields ``update_article`` accepts; title, summary and body make a new version.
EDITABLE = {"section", "title", "summary", "body_markdown", "visibility", "is_faq", "position"}
VERSIONED = {"title", "summary", "body_markdown"}
MAX_BODY = 200_000
MAX_RELATED = 20
SUGGESTION_SOURCES = ("search", "request_form", "bot")
#: A request sent within this long after a suggested view means the article did not help.
DEFLECTION_WINDOW = timedelta(hours=24)


class StaleArticle(Exception):
    """The article changed since the caller read it (the API answers 409)."""

    def __init__(self, article: Article) -> None:
        super().__init__(
            _("The article was changed by someone else (now version %(version)s)")
            % {"version": article.version}
        )
        self.article = article


# --- who may write -------------------------------------------------------------------------------


def may_write(user: User | None) -> bool:
    """Agents and administrators write the knowledge base; light agents only read it."""
    return user is not None and user.is_active and not user.is_light


def _ensure_writer(user: User | None) -> None:
    """``None`` is the system (the demo loader); a person must be allowed to write."""
    if user is not None and not may_write(user):
        raise PermissionDenied(_("Light agents can read the knowledge base but not change it"))


# --- categories and sections -----------------------------------------------------------------------


def _named_values(
    obj: Category | Section, values: dict[str, Any], siblings: Any, label: str
) -> None:
    """Check and set the shared name/slug/position fields, every problem at once."""
    errors: dict[str, list[str]] = {}
    for field in ("name_sv", "name_en", "description_sv", "description_en"):
        if field in values:
            setattr(
                obj,
                field,
                " ".join(str(values[field] or "").split())
                if "name" in field
                else str(values[field] or "").strip(),
            )
    if not (obj.name_sv or obj.name_en):
        errors["name_sv"] = [_("Give the %(what)s a name in Swedish or English") % {"what": label}]
    if "position" in values and values["position"] is not None:
        obj.position = int(values["position"])
    slug = values.get("slug")
    if slug is not None or not obj.slug:
        obj.slug = slugify(slug or obj.name_sv or obj.name_en)[:120]
        if not obj.slug and "name_sv" not in errors:
            errors["slug"] = [_("The address name needs letters or digits")]
    if obj.slug and siblings.filter(slug=obj.slug).exclude(pk=obj.pk).exists():
        errors["slug"] = [_("The address name %(slug)s is taken") % {"slug": obj.slug}]
    if errors:
        raise ValidationError(errors)


def create_category(*, by: User | None = None, **values: Any) -> Category:
    """A category (name_sv, name_en, description_sv, description_en, slug, position)."""
    _ensure_writer(by)
    category = Category()
    if values.get("position") is None:
        values["position"] = (Category.objects.aggregate(m=Max("position"))["m"] or 0) + 1
    _named_values(category, values, Category.objects.all(), _("category"))
    category.save()
    return category


def update_category(category: Category, *, by: User | None = None, **values: Any) -> Category:
    _ensure_writer(by)
    _named_values(category, values, Category.objects.all(), _("category"))
    category.save()
    return category


def delete_category(category: Category, *, by: User | None = None) -> None:
    """Only an empty category goes: its sections would otherwise lose their place."""
    _ensure_writer(by)
    if category.sections.exists():
        raise ValidationError(_("Move or delete the category's sections before deleting it"))
    category.delete()


def create_section(*, category: Category, by: User | None = None, **values: Any) -> Section:
    _ensure_writer(by)
    section = Section(category=category)
    if values.get("position") is None:
        values["position"] = (category.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    _named_values(section, values, Section.objects.filter(category=category), _("section"))
    section.save()
    return section


def update_section(section: Section, *, by: User | None = None, **values: Any) -> Section:
    _ensure_writer(by)
    if values.get("category") is not None:
        section.category = values.pop("category")
    siblings = Section.objects.filter(category=section.category)
    _named_values(section, values, siblings, _("section"))
    section.save()
    return section


def delete_section(section: Section, *, by: User | None = None) -> None:
    """Only an empty section goes: articles are never deleted as a side effect."""
    _ensure_writer(by)
    if section.articles.exists():
        raise ValidationError(_("Move or delete the section's articles before deleting it"))
    section.delete()


def reorder(model: type[Category] | type[Section], ids: Sequence[int], *, by: User | None) -> None:
    """Put the categories (or one category's sections) in the order of ``ids``."""
    _ensure_writer(by)
    with transaction.atomic():
        for position, pk in enumerate(ids, start=1):
            model.objects.filter(pk=pk).update(position=position)


# --- articles ---------------------------------------------------------------------------------------


def attachment_url(attachment: ArticleAttachment) -> str:
    """Where readers fetch an attachment (the portal serves it; agents may fetch any)."""
    return reverse("portal:kb:attachment", args=[attachment.pk])


def markdown_snippet(attachment: ArticleAttachment) -> str:
    """What an author pastes into the text to show (image) or link (file) an attachment."""
    label = attachment.filename.replace("[", "").replace("]", "")
    prefix = "!" if attachment.content_type in storage.INLINE_IMAGE_TYPES else ""
    return f"{prefix}[{label}]({attachment_url(attachment)})"


def render_body(article: Article) -> str:
    """The article's Markdown as safe HTML; only its own attachments pass as relative images."""
    urls = [attachment_url(a) for a in article.attachments.all()] if article.pk is not None else []
    return rendering.render(article.body_markdown, image_urls=urls)


def _unique_slug(title: str, language: str, exclude: int | None = None) -> str:
    base = slugify(title)[:180] or "article"
    rows = Article.objects.filter(language=language, slug__startswith=base)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    taken = set(rows.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_content(title: str, summary: str, body: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("An article needs a title")]
    elif len(title) > 200:
        errors["title"] = [_("The title can be at most 200 characters")]
    if len(summary) > 300:
        errors["summary"] = [_("The summary can be at most 300 characters")]
    if len(body) > MAX_BODY:
        errors["body_markdown"] = [_("The text is too long")]
    return errors


def _check_choice(value: str, choices: Any, field: str) -> None:
    if value not in choices.values:
        raise ValidationError({field: _("%(value)s is not a valid choice") % {"value": value}})


def _record_version(article: Article, author: User | None, note: str) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        summary=article.summary,
        body_markdown=article.body_markdown,
        author=author,
        note=note[:200],
        created_at=article.updated_at,
    )


def create_article(
    *,
    section: Section,
    language: str,
    title: str,
    body_markdown: str,
    summary: str = "",
    visibility: str = Visibility.PUBLIC,
    is_faq: bool = False,
    author: User | None,
    source: Article | None = None,
    from_ticket: Ticket | None = None,
    note: str = "",
) -> Article:
    """A draft article with its version 1; the slug is unique in its language (suffixed)."""
    _ensure_writer(author)
    _check_choice(language, Language, "language")
    _check_choice(visibility, Visibility, "visibility")
    title = " ".join(title.split())
    summary = summary.strip()
    errors = _check_content(title, summary, body_markdown)
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        article = Article(
            section=section,
            language=language,
            source=source,
            title=title,
            slug=_unique_slug(title, language),
            summary=summary,
            body_markdown=body_markdown,
            visibility=visibility,
            is_faq=is_faq,
            author=author,
            from_ticket=from_ticket,
            created_at=now,
            updated_at=now,
        )
        article.body_html = rendering.render(body_markdown)
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError as exc:
            if source is not None:  # two translations into one language at once
                raise ValidationError(
                    {"language": _("This article already has a translation in that language")}
                ) from exc
            raise ValidationError(  # another article took the same slug at the same moment
                {"title": _("Another article was saved with this title just now; try again")}
            ) from exc
        _record_version(article, author, note or _("Created"))
        indexing.article_changed(article.pk)
    return article


def _locked(article: Article, expected_version: int | None) -> Article:
    current = Article.objects.select_for_update().get(pk=article.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleArticle(current)
    return current


def _copy(target: Article, source: Article) -> Article:
    for field in Article._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def update_article(
    article: Article,
    *,
    expected_version: int | None = None,
    author: User | None,
    note: str = "",
    **changes: Any,
) -> Article:
    """Change the fields given (of :data:`EDITABLE`). An edit of the title, summary or text is
    a new version; a stale ``expected_version`` raises :class:`StaleArticle` and changes nothing.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"unknown article fields: {sorted(unknown)}")
    _ensure_writer(author)
    if "visibility" in changes:
        _check_choice(changes["visibility"], Visibility, "visibility")
    if "title" in changes:
        changes["title"] = " ".join(str(changes["title"]).split())
    if "summary" in changes:
        changes["summary"] = str(changes["summary"]).strip()
    with transaction.atomic():
        current = _locked(article, expected_version)
        errors = _check_content(
            changes.get("title", current.title),
            changes.get("summary", current.summary),
            changes.get("body_markdown", current.body_markdown),
        )
        if errors:
            raise ValidationError(errors)
        content_changed = any(
            field in changes and changes[field] != getattr(current, field) for field in VERSIONED
        )
        for field, value in changes.items():
            setattr(current, field, value)
        if "title" in changes and content_changed:
            current.slug = _unique_slug(current.title, current.language, exclude=current.pk)
        current.updated_at = clock.now()
        if content_changed:
            current.version += 1
            current.body_html = render_body(current)
        current.save()
        if content_changed:
            _record_version(current, author, note)
        indexing.article_changed(current.pk)
    return _copy(article, current)


def _set_status(article: Article, status: str, *, author: User | None) -> Article:
    _ensure_writer(author)
    with transaction.atomic():
        current = _locked(article, None)
        if status == ArticleStatus.PUBLISHED and not current.body_markdown.strip():
            raise ValidationError(_("Write the article's text before publishing it"))
        current.status = status
        current.updated_at = clock.now()
        if status == ArticleStatus.PUBLISHED:
            current.published_at = current.updated_at
        current.save(update_fields=["status", "updated_at", "published_at"])
        indexing.article_changed(current.pk)
    return _copy(article, current)


def publish(article: Article, *, author: User | None) -> Article:
    return _set_status(article, ArticleStatus.PUBLISHED, author=author)


def unpublish(article: Article, *, author: User | None) -> Article:
    """Back to a draft: customers no longer see it, authors keep working on it."""
    return _set_status(article, ArticleStatus.DRAFT, author=author)


def archive(article: Article, *, author: User | None) -> Article:
    return _set_status(article, ArticleStatus.ARCHIVED, author=author)


def delete_article(article: Article, *, author: User | None) -> None:
    """Delete an article, its versions, feedback and attachment records (the files stay)."""
    _ensure_writer(author)
    with transaction.atomic():
        pk = article.pk
        Article.objects.filter(source=article).update(source=None)
        article.delete()
        indexing.article_removed(pk)


def restore_version(article: Article, number: int, *, author: User | None) -> Article:
    """Make the content of version ``number`` the newest version (history is never rewritten)."""
    old = ArticleVersion.objects.filter(article=article, number=number).first()
    if old is None:
        raise ValidationError(_("The article has no version %(number)s") % {"number": number})
    return update_article(
        article,
        author=author,
        note=_("Restored version %(number)s") % {"number": number},
        title=old.title,
        summary=old.summary,
        body_markdown=old.body_markdown,
    )


def _version_text(version: ArticleVersion) -> list[str]:
    return [
        f"# {version.title}",
        "",
        *version.summary.splitlines(),
        "",
        *version.body_markdown.splitlines(),
    ]


def diff_versions(article: Article, a: int, b: int) -> str:
    """Safe HTML showing what changed from version ``a`` to ``b``: one ``div`` a line, removed
    lines as ``del``, added as ``ins``, every line's text escaped."""
    versions = {v.number: v for v in article.versions.filter(number__in=[a, b])}
    missing = [n for n in (a, b) if n not in versions]
    if missing:
        raise ValidationError(_("The article has no version %(number)s") % {"number": missing[0]})
    old, new = _version_text(versions[a]), _version_text(versions[b])
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [
                f'<div class="kb-diff-same">{escape(line) or "&nbsp;"}</div>' for line in old[i1:i2]
            ]
            continue
        out += [f'<div class="kb-diff-del"><del>{escape(line)}</del></div>' for line in old[i1:i2]]
        out += [f'<div class="kb-diff-ins"><ins>{escape(line)}</ins></div>' for line in new[j1:j2]]
    return "\n".join(out)


# --- translations and related articles ----------------------------------------------------------


def original_of(article: Article) -> Article:
    return article.source if article.source_id else article  # type: ignore[return-value]


def translations_of(article: Article) -> list[Article]:
    """Every language version of ``article`` (the original first), the article itself included."""
    original = original_of(article)
    return [original, *Article.objects.filter(source=original).order_by("language", "id")]


def add_translation(
    article: Article,
    *,
    language: str,
    title: str,
    body_markdown: str,
    summary: str = "",
    author: User | None,
    visibility: str | None = None,
) -> Article:
    """A draft translation of ``article``'s original into ``language`` (one per language)."""
    original = original_of(article)
    _check_choice(language, Language, "language")
    if (
        language == original.language
        or Article.objects.filter(source=original, language=language).exists()
    ):
        raise ValidationError(
            {
                "language": _("The article already exists in %(language)s")
                % {"language": Language(language).label}
            }
        )
    return create_article(
        section=original.section,
        language=language,
        title=title,
        body_markdown=body_markdown,
        summary=summary,
        visibility=visibility or original.visibility,
        is_faq=original.is_faq,
        author=author,
        source=original,
        note=_("Translated from %(language)s") % {"language": Language(original.language).label},
    )


def set_related(article: Article, ids: Iterable[int], *, author: User | None) -> list[int]:
    """Make ``ids`` the article's related articles (both ways); unknown ids are refused."""
    _ensure_writer(author)
    wanted = {int(i) for i in ids} - {article.pk}
    if len(wanted) > MAX_RELATED:
        raise ValidationError(
            _("An article can have at most %(n)s related articles") % {"n": MAX_RELATED}
        )
    found = set(Article.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if found != wanted:
        raise ValidationError(_("There is no article with id %(id)s") % {"id": min(wanted - found)})
    with transaction.atomic():
        article.related.set(sorted(found))
        indexing.article_changed(article.pk)
    return sorted(found)


# --- attachments ------------------------------------------------------------------------------------


def add_attachment(
    article: Article, *, filename: str, content_type: str, data: bytes, author: User | None
) -> ArticleAttachment:
    """Keep a file for the article (size limit, no executables); images may then be shown in
    the text with the snippet from :func:`markdown_snippet`."""
    _ensure_writer(author)
    filename = (filename or "").strip().replace("/", "_").replace("\\", "_")[:255]
    if not filename:
        raise ValidationError(_("The file needs a name"))
    storage.check_upload(filename, len(data))
    content_type = (content_type or "application/octet-stream")[:255]
    with transaction.atomic():
        stored = storage.store(data)
        attachment = ArticleAttachment.objects.create(
            article=article,
            file=stored,
            filename=filename,
            content_type=content_type,
            created_at=clock.now(),
        )
        _rerender(article)
    return attachment


def remove_attachment(attachment: ArticleAttachment, *, author: User | None) -> None:
    """Forget the attachment; an image of it in the text stops showing (re-rendered)."""
    _ensure_writer(author)
    article = attachment.article
    with transaction.atomic():
        attachment.delete()
        _rerender(article)


def _rerender(article: Article) -> None:
    html = render_body(article)
    Article.objects.filter(pk=article.pk).update(body_html=html)
    article.body_html = html
    indexing.article_changed(article.pk)


# --- views and feedback -----------------------------------------------------------------------------


def record_view(article: Article) -> None:
    """One customer view (the portal's article page; agents' previews do not count)."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


def record_feedback(
    article: Article,
    *,
    visitor: str,
    helpful: bool,
    comment: str = "",
    contact: Contact | None = None,
) -> ArticleFeedback:
    """A visitor's "Was this helpful?" answer. A second answer replaces the first; the
    article's counters move with it in the same transaction (the article row is locked, so
    two answers at once cannot both count as first)."""
    if not visitor:
        raise ValueError("a visitor key is needed")
    comment = comment.strip()[:2000]
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).first()
        previous = ArticleFeedback.objects.filter(article=article, visitor=visitor).first()
        if previous is not None:
            if previous.helpful != helpful:
                _count(article, previous.helpful, -1)
                _count(article, helpful, +1)
            previous.helpful = helpful
            previous.comment = comment
            previous.contact = contact or previous.contact
            previous.created_at = clock.now()
            previous.save()
            return previous
        feedback = ArticleFeedback.objects.create(
            article=article,
            visitor=visitor,
            helpful=helpful,
            comment=comment,
            contact=contact,
            created_at=clock.now(),
        )
        _count(article, helpful, +1)
        return feedback


def _count(article: Article, helpful: bool, step: int) -> None:
    field = "helpful_count" if helpful else "not_helpful_count"
    Article.objects.filter(pk=article.pk).update(**{field: F(field) + step})


# --- drafting from a ticket ---------------------------------------------------------------------


def _quote(text: str) -> str:
    lines = text.strip().splitlines() or [""]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def draft_from_ticket(ticket: Ticket, *, author: User, section: Section | None = None) -> Article:
    """An internal draft from a solved ticket: the customer's question quoted, the last public
    answer as the text to edit. Agents turn what they just solved into an article."""
    if ticket.status not in (Status.SOLVED, Status.CLOSED):
        raise ValidationError(_("Only a solved or closed ticket can become an article"))
    section = section or Section.objects.order_by("category__position", "position", "id").first()
    if section is None:
        raise ValidationError(_("Create a knowledge base section first"))
    requester_language = getattr(ticket.requester, "language", "") or ""
    language = requester_language if requester_language in Language.values else Language.SWEDISH
    messages = ticket.messages.filter(kind=MessageKind.REPLY)
    question = messages.filter(direction=Direction.INBOUND).order_by("created_at", "id").first()
    answer = (
        messages.filter(direction=Direction.OUTBOUND, author_agent__isnull=False)
        .order_by("-created_at", "-id")
        .first()
    )
    with translation.override(language):
        parts = []
        if question is not None and question.body_text.strip():
            parts += [f"## {_('Question')}", "", _quote(question.body_text), ""]
        parts += [f"## {_('Answer')}", "", answer.body_text.strip() if answer else ""]
    return create_article(
        section=section,
        language=language,
        title=ticket.subject or _("Untitled"),
        body_markdown="\n".join(parts).strip() + "\n",
        visibility=Visibility.INTERNAL,
        author=author,
        from_ticket=ticket,
        note=_("Drafted from ticket #%(number)s") % {"number": ticket.number},
    )


# --- deflection ---------------------------------------------------------------------------------------


def record_suggested_view(
    article: Article,
    *,
    visitor: str,
    contact: Contact | None = None,
    query: str = "",
    source: str,
) -> SuggestedArticleView:
    """A customer opened ``article`` from a suggestion (search, the request form, the bot)."""
    if source not in SUGGESTION_SOURCES:
        raise ValueError(f"unknown suggestion source {source!r}")
    return SuggestedArticleView.objects.create(
        article=article,
        visitor=visitor[:64],
        contact=contact,
        query=" ".join(query.split())[:300],
        source=source,
        viewed_at=clock.now(),
    )


def mark_request_sent(*, visitor: str, contact: Contact | None, ticket: Ticket) -> int:
    """The visitor (or the signed-in contact) sent a request: their suggested views of the last
    24 hours did not deflect it. Returns how many views were marked."""
    now = clock.now()
    who = Q(visitor=visitor)
    if contact is not None:
        who |= Q(contact=contact)
    return SuggestedArticleView.objects.filter(
        who, viewed_at__gte=now - DEFLECTION_WINDOW, viewed_at__lte=now, request_ticket__isnull=True
    ).update(request_ticket=ticket, request_sent_at=now)


def self_service_counts(start: datetime, end: datetime) -> tuple[int, int]:
    """(deflected, requests) in ``[start, end)``: visitors who viewed a suggested article and
    sent no request within 24 hours of it, and customers who sent a request (distinct
    requesters of tickets created). Their ratio is the glossary's self-service ratio."""
    deflected = SuggestedArticleView.objects.filter(
        viewed_at__gte=start, viewed_at__lt=end, request_sent_at__isnull=True
    ).aggregate(n=Count("visitor", distinct=True))["n"]
    requests = Ticket.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        n=Count("requester", distinct=True)
    )["n"]
    return int(deflected), int(requests)
