"""The help centre in the portal: categories › sections › articles, the FAQ, feedback.

Customers only ever reach published, public articles (``queries.public_articles``); anything
else is a 404, whatever its id or slug. Articles show in the portal's language when they exist
in it, else in the other language with a note. An article opened from a suggestion
(``?suggested=search|request_form|bot&q=…``) is recorded for the self-service ratio.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fyr.accounts.models import User
from fyr.core.pagination import InvalidCursor, Page, paginate
from fyr.knowledge import queries, services
from fyr.knowledge.models import Article, ArticleAttachment, Category, Section
from fyr.knowledge.visitors import visitor_key
from fyr.portal.services import session_contact
from fyr.tickets import storage

PAGE_SIZE = 30


def _language(request: HttpRequest) -> str:
    """The portal's language: the visitor's choice, else a signed-in customer's own language
    (as the rest of the portal does), else the company's default."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        contact = session_contact(request)
        if contact is not None and contact.language in dict(settings.LANGUAGES):
            translation.activate(contact.language)
    return "en" if (translation.get_language() or "").startswith("en") else "sv"


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    base = {
        "company_name": settings.COMPANY_NAME,
        "portal_contact": session_contact(request),
        "kb_language": _language(request),
    }
    return render(request, template, {**base, **context})


def _page(request: HttpRequest, rows: Any, ordering: tuple[str, ...]) -> Page[Any]:
    try:
        return paginate(rows, ordering=ordering, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    except InvalidCursor as exc:
        messages.error(request, exc.messages[0])
        return paginate(rows, ordering=ordering, cursor=None, limit=PAGE_SIZE)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Categories with their sections (only those holding something a customer can read)."""
    public_sections = Section.objects.filter(
        articles__in=queries.public_articles().values("pk")
    ).distinct()
    categories = Category.objects.filter(sections__in=public_sections).distinct()
    page = _page(request, categories, ("position", "id"))
    sections: dict[int, list[Section]] = {}
    for section in public_sections.filter(category__in=[c.pk for c in page.items]).order_by(
        "position", "id"
    ):
        sections.setdefault(section.category_id, []).append(section)
    rows = [(c, sections.get(c.pk, [])) for c in page.items]
    return _render(request, "knowledge/portal/home.html", {"rows": rows, "page": page})


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Category, slug=slug)
    sections = Section.objects.filter(
        category=found, articles__in=queries.public_articles().values("pk")
    ).distinct()
    page = _page(request, sections, ("position", "id"))
    return _render(request, "knowledge/portal/category.html", {"category": found, "page": page})


@require_GET
def section(request: HttpRequest, category_slug: str, slug: str) -> HttpResponse:
    found = get_object_or_404(
        Section.objects.select_related("category"), category__slug=category_slug, slug=slug
    )
    articles = queries.in_language(Article.objects.filter(section=found), _language(request))
    page = _page(request, articles, ("position", "id"))
    return _render(request, "knowledge/portal/section.html", {"section": found, "page": page})


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    """The FAQ: questions marked for it, grouped by section, answers folded in ``<details>``."""
    articles = queries.in_language(Article.objects.filter(is_faq=True), _language(request))
    page = _page(request, articles.select_related("section"), ("section", "position", "id"))
    groups: list[tuple[Section, list[Article]]] = []
    for article in page.items:
        if not groups or groups[-1][0].pk != article.section_id:
            groups.append((article.section, []))
        groups[-1][1].append(article)
    return _render(request, "knowledge/portal/faq.html", {"groups": groups, "page": page})


@require_GET
def article_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """A stable address by id (search and the bot link here): on to the article's own page,
    in the visitor's language when a translation exists, keeping the query string."""
    found = get_object_or_404(queries.public_articles(), pk=pk)
    best = queries.public_translation(found, _language(request)) or found
    url = reverse("portal:kb:article", args=[best.language, best.slug])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


@require_GET
def article(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    found = get_object_or_404(
        queries.public_articles().select_related("section__category"),
        language=language,
        slug=slug,
    )
    services.record_view(found)
    source = request.GET.get("suggested") or ""
    if source in services.SUGGESTION_SOURCES:
        services.record_suggested_view(
            found,
            visitor=visitor_key(request),
            contact=session_contact(request),
            query=request.GET.get("q") or "",
            source=source,
        )
    current = _language(request)
    translation_here = queries.public_translation(found, "sv" if language == "en" else "en")
    related = queries.in_language(found.related.all(), current).order_by("position", "id")[:10]
    files = [a for a in found.attachments.all() if a.content_type not in storage.INLINE_IMAGE_TYPES]
    context = {
        "article": found,
        "other_language": translation_here,
        "fallback": found.language != current,
        "related": related,
        "files": files,
    }
    return _render(request, "knowledge/portal/article.html", context)


@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Was this helpful?": one answer per visitor (a new one replaces it). Without JavaScript
    the form posts and comes back to the article; htmx swaps in the thanks."""
    found = get_object_or_404(queries.public_articles(), pk=pk)
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        messages.error(request, _("Choose yes or no"))
        return redirect("portal:kb:article", found.language, found.slug)
    services.record_feedback(
        found,
        visitor=visitor_key(request),
        helpful=answer == "yes",
        comment=(request.POST.get("comment") or "")[:2000],
        contact=session_contact(request),
    )
    if getattr(request, "htmx", False):
        return render(
            request, "knowledge/portal/partials/_feedback_thanks.html", {"article": found}
        )
    messages.success(request, _("Thank you for your answer."))
    return redirect("portal:kb:article", found.language, found.slug)


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A published public article's file; signed-in agents may fetch any (desk previews)."""
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_active:
        found: ArticleAttachment | None = (
            ArticleAttachment.objects.select_related("file").filter(pk=pk).first()
        )
    else:
        found = queries.public_attachment(pk)
    if found is None:
        raise Http404(_("Not found"))
    return storage.file_response(found, inline=True)  # type: ignore[arg-type]
