"""The desk's knowledge base: articles (list, write, preview, publish, history, translations,
related articles, attachments, feedback) and the categories and sections they live in.

Every agent reads; agents and administrators write; light agents get 403 on every write.
The views parse, check, call ``fyr.knowledge.services`` and render.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fyr.core.pagination import InvalidCursor, Page, paginate
from fyr.core.typing import AgentRequest
from fyr.knowledge import queries, rendering, services
from fyr.knowledge.choices import ArticleStatus, Language, Visibility
from fyr.knowledge.forms import (
    ArticleForm,
    CategoryForm,
    PreviewForm,
    SectionForm,
    TranslationForm,
)
from fyr.knowledge.models import Article, ArticleAttachment, Category, Section

PAGE_SIZE = 50
BY_UPDATED = ("-updated_at", "-id")


def writer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Agents and administrators only: light agents read the knowledge base but do not write."""

    @login_required
    @wraps(view)
    def wrapper(request: AgentRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.may_write(request.user):
            raise PermissionDenied(_("Light agents can read the knowledge base but not change it"))
        return view(request, *args, **kwargs)

    return wrapper


def _page(request: HttpRequest, rows: QuerySet[Any], ordering: tuple[str, ...]) -> Page[Any]:
    try:
        cursor = request.GET.get("cursor") or None
        return paginate(rows, ordering=ordering, cursor=cursor, limit=PAGE_SIZE)
    except InvalidCursor as exc:
        messages.error(request, exc.messages[0])
        return paginate(rows, ordering=ordering, cursor=None, limit=PAGE_SIZE)


def _article(request: AgentRequest, pk: int) -> Article:
    return queries.get_article_for(request.user, pk)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- articles -----------------------------------------------------------------------------------


@login_required
@require_GET
def article_list(request: AgentRequest) -> HttpResponse:
    articles = queries.visible_articles(request.user).select_related("section__category")
    filters = {
        "section": request.GET.get("section") or "",
        "status": request.GET.get("status") or "",
        "language": request.GET.get("language") or "",
        "visibility": request.GET.get("visibility") or "",
        "q": (request.GET.get("q") or "").strip(),
    }
    if filters["section"].isdigit():
        articles = articles.filter(section_id=int(filters["section"]))
    if filters["status"] in ArticleStatus.values:
        articles = articles.filter(status=filters["status"])
    if filters["language"] in Language.values:
        articles = articles.filter(language=filters["language"])
    if filters["visibility"] in Visibility.values:
        articles = articles.filter(visibility=filters["visibility"])
    if filters["q"]:
        articles = articles.filter(title__icontains=filters["q"][:200])
    page = _page(request, articles, BY_UPDATED)
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    context = {
        "page": page,
        "filters": filters,
        "filter_query": query,
        "sections": Section.objects.select_related("category").order_by(
            "category__position", "position", "id"
        ),
        "statuses": ArticleStatus.choices,
        "languages": Language.choices,
        "visibilities": Visibility.choices,
        "may_write": services.may_write(request.user),
    }
    return render(request, "knowledge/article_list.html", context)


@writer_required
@require_http_methods(["GET", "POST"])
def article_new(request: AgentRequest) -> HttpResponse:
    initial = {"language": "sv", "visibility": Visibility.PUBLIC}
    if request.GET.get("section", "").isdigit():
        initial["section"] = request.GET["section"]
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.create_article(
                section=data["section"],
                language=data["language"],
                title=data["title"],
                summary=data["summary"],
                body_markdown=data["body_markdown"],
                visibility=data["visibility"],
                is_faq=data["is_faq"],
                author=request.user,
                note=data["note"],
            )
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The draft is saved"))
            return redirect("desk:kb_article", article.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "knowledge/article_form.html", {"form": form, "article": None}, status=status
    )


@login_required
@require_GET
def article_detail(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    feedback = article.feedback.order_by("-created_at", "-id")
    answers = article.helpful_count + article.not_helpful_count
    context = {
        "article": article,
        "translations": services.translations_of(article),
        "related": article.related.order_by("title")[: services.MAX_RELATED],
        "attachments": article.attachments.order_by("id"),
        "helpful_percent": round(100 * article.helpful_count / answers) if answers else None,
        "comments": feedback.exclude(comment="")[:10],
        "may_write": services.may_write(request.user),
        "missing_languages": _missing_languages(article),
    }
    return render(request, "knowledge/article_detail.html", context)


def _missing_languages(article: Article) -> list[tuple[str, str]]:
    present = {a.language for a in services.translations_of(article)}
    return [(value, str(label)) for value, label in Language.choices if value not in present]


@writer_required
@require_http_methods(["GET", "POST"])
def article_edit(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    initial = {
        "section": article.section_id,
        "title": article.title,
        "summary": article.summary,
        "body_markdown": article.body_markdown,
        "visibility": article.visibility,
        "is_faq": article.is_faq,
        "version": article.version,
    }
    form = ArticleForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_article(
                article,
                expected_version=data["version"],
                author=request.user,
                note=data["note"],
                section=data["section"],
                title=data["title"],
                summary=data["summary"],
                body_markdown=data["body_markdown"],
                visibility=data["visibility"],
                is_faq=data["is_faq"],
            )
        except services.StaleArticle as exc:
            form.add_error(
                None,
                _("%(error)s. Copy your text, reload the page and apply your changes again.")
                % {"error": exc},
            )
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The article is saved"))
            return redirect("desk:kb_article", article.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "knowledge/article_form.html", {"form": form, "article": article}, status=status
    )


@login_required
@require_POST
def preview(request: AgentRequest) -> HttpResponse:
    """The editor's live preview: the Markdown rendered and sanitised as readers will see it."""
    form = PreviewForm(request.POST)
    html = ""
    error = ""
    if form.is_valid():
        images: list[str] = []
        article_id = request.POST.get("article")
        if article_id and article_id.isdigit():
            attachments = ArticleAttachment.objects.filter(article_id=int(article_id))
            images = [services.attachment_url(a) for a in attachments]
        html = rendering.render(form.cleaned_data["body_markdown"], image_urls=images)
    else:
        error = _errors(ValidationError(list(form.errors.get("body_markdown", []))))
    context = {"preview": mark_safe(html), "preview_error": error}
    return render(request, "knowledge/partials/_preview.html", context)


def _status_change(
    request: AgentRequest, pk: int, change: Callable[..., Article], done: str
) -> HttpResponse:
    article = _article(request, pk)
    try:
        change(article, author=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect("desk:kb_article", article.pk)


@writer_required
@require_POST
def article_publish(request: AgentRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, services.publish, _("The article is published"))


@writer_required
@require_POST
def article_unpublish(request: AgentRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, services.unpublish, _("The article is a draft again"))


@writer_required
@require_POST
def article_archive(request: AgentRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, services.archive, _("The article is archived"))


@writer_required
@require_POST
def article_delete(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    services.delete_article(article, author=request.user)
    messages.success(request, _("The article %(title)s is deleted") % {"title": article.title})
    return redirect("desk:kb_articles")


# --- history -------------------------------------------------------------------------------------


@login_required
@require_GET
def article_versions(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    versions = article.versions.select_related("author")
    page = _page(request, versions, ("-number", "id"))
    context = {"article": article, "page": page, "may_write": services.may_write(request.user)}
    return render(request, "knowledge/article_versions.html", context)


@login_required
@require_GET
def article_diff(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if not (a.isdigit() and b.isdigit()):
        a, b = str(max(article.version - 1, 1)), str(article.version)
    error, diff = "", ""
    try:
        diff = services.diff_versions(article, int(a), int(b))
    except ValidationError as exc:
        error = _errors(exc)
    context = {"article": article, "a": a, "b": b, "diff": mark_safe(diff), "error": error}
    return render(request, "knowledge/article_diff.html", context, status=404 if error else 200)


@writer_required
@require_POST
def article_restore(request: AgentRequest, pk: int, number: int) -> HttpResponse:
    article = _article(request, pk)
    try:
        services.restore_version(article, number, author=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("desk:kb_article_versions", article.pk)
    messages.success(
        request, _("Version %(number)s is restored as a new version") % {"number": number}
    )
    return redirect("desk:kb_article", article.pk)


# --- translations, related articles, attachments, feedback ------------------------------------------


@writer_required
@require_http_methods(["GET", "POST"])
def article_translate(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    original = services.original_of(article)
    missing = _missing_languages(article)
    form = TranslationForm(
        request.POST or None,
        initial={
            "language": missing[0][0] if missing else "",
            "title": original.title,
            "summary": original.summary,
            "body_markdown": original.body_markdown,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.add_translation(
                article,
                language=data["language"],
                title=data["title"],
                summary=data["summary"],
                body_markdown=data["body_markdown"],
                author=request.user,
            )
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The translation is saved as a draft"))
            return redirect("desk:kb_article", created.pk)
    context = {"article": article, "original": original, "form": form}
    status = 422 if request.method == "POST" else 200
    return render(request, "knowledge/article_translate.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def article_related(request: AgentRequest, pk: int) -> HttpResponse:
    """The related-articles picker: the current ones (remove), a title search (add)."""
    article = _article(request, pk)
    current = list(article.related.values_list("pk", flat=True))
    if request.method == "POST":
        if not services.may_write(request.user):
            raise PermissionDenied(_("Light agents can read the knowledge base but not change it"))
        wanted = set(current)
        add, remove = request.POST.get("add", ""), request.POST.get("remove", "")
        if add.isdigit():
            wanted.add(int(add))
        if remove.isdigit():
            wanted.discard(int(remove))
        try:
            services.set_related(article, wanted, author=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("desk:kb_article_related", article.pk)
    query = (request.GET.get("q") or "").strip()[:200]
    candidates: Any = []
    if query:
        candidates = (
            queries.visible_articles(request.user)
            .filter(title__icontains=query)
            .exclude(pk__in=[article.pk, *current])
            .order_by("title", "id")[:20]
        )
    context = {
        "article": article,
        "related": article.related.order_by("title"),
        "query": query,
        "candidates": candidates,
        "may_write": services.may_write(request.user),
    }
    return render(request, "knowledge/article_related.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def article_attachments(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    error = ""
    if request.method == "POST":
        if not services.may_write(request.user):
            raise PermissionDenied(_("Light agents can read the knowledge base but not change it"))
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to upload")
        else:
            try:
                services.add_attachment(
                    article,
                    filename=upload.name or "",
                    content_type=upload.content_type or "",
                    data=upload.read(),
                    author=request.user,
                )
            except ValidationError as exc:
                error = _errors(exc)
            else:
                messages.success(request, _("The file is uploaded"))
                return redirect("desk:kb_article_attachments", article.pk)
    attachments = [
        (a, services.attachment_url(a), services.markdown_snippet(a))
        for a in article.attachments.order_by("id")
    ]
    context = {
        "article": article,
        "attachments": attachments,
        "error": error,
        "may_write": services.may_write(request.user),
    }
    return render(
        request, "knowledge/article_attachments.html", context, status=422 if error else 200
    )


@writer_required
@require_POST
def attachment_delete(request: AgentRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(ArticleAttachment.objects.select_related("article"), pk=pk)
    services.remove_attachment(attachment, author=request.user)
    messages.success(request, _("The file %(name)s is removed") % {"name": attachment.filename})
    return redirect("desk:kb_article_attachments", attachment.article_id)


@login_required
@require_GET
def article_feedback(request: AgentRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    rows = article.feedback.select_related("contact")
    if request.GET.get("comments") == "1":
        rows = rows.exclude(comment="")
    page = _page(request, rows, ("-created_at", "-id"))
    answers = article.helpful_count + article.not_helpful_count
    context = {
        "article": article,
        "page": page,
        "helpful_percent": round(100 * article.helpful_count / answers) if answers else None,
    }
    return render(request, "knowledge/article_feedback.html", context)


# --- categories and sections -------------------------------------------------------------------------


@login_required
@require_GET
def category_list(request: AgentRequest) -> HttpResponse:
    categories = Category.objects.annotate(section_count=Count("sections"))
    page = _page(request, categories, ("position", "id"))
    sections = (
        Section.objects.filter(category__in=[c.pk for c in page.items])
        .annotate(article_count=Count("articles"))
        .order_by("position", "id")
    )
    by_category: dict[int, list[Section]] = {}
    for section in sections:
        by_category.setdefault(section.category_id, []).append(section)
    context = {
        "page": page,
        "rows": [(c, by_category.get(c.pk, [])) for c in page.items],
        "may_write": services.may_write(request.user),
    }
    return render(request, "knowledge/categories.html", context)


def _named_form(
    request: AgentRequest,
    form: CategoryForm,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    obj: Category | Section | None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items()}
        try:
            save(values)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("Saved"))
            return redirect("desk:kb_categories")
    context = {"form": form, "title": title, "object": obj}
    status = 422 if request.method == "POST" else 200
    return render(request, "knowledge/named_form.html", context, status=status)


def _initial(obj: Category | Section) -> dict[str, Any]:
    fields = ("name_sv", "name_en", "description_sv", "description_en", "slug", "position")
    return {f: getattr(obj, f) for f in fields}


@writer_required
@require_http_methods(["GET", "POST"])
def category_new(request: AgentRequest) -> HttpResponse:
    form = CategoryForm(request.POST or None)
    return _named_form(
        request,
        form,
        lambda v: services.create_category(by=request.user, **v),
        _("New category"),
        None,
    )


@writer_required
@require_http_methods(["GET", "POST"])
def category_edit(request: AgentRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk)
    form = CategoryForm(request.POST or None, initial=_initial(category))
    return _named_form(
        request,
        form,
        lambda v: services.update_category(category, by=request.user, **v),
        _("Category %(name)s") % {"name": category},
        category,
    )


@writer_required
@require_POST
def category_delete(request: AgentRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk)
    try:
        services.delete_category(category, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The category is deleted"))
    return redirect("desk:kb_categories")


@writer_required
@require_http_methods(["GET", "POST"])
def section_new(request: AgentRequest) -> HttpResponse:
    initial = {"category": request.GET.get("category")} if request.GET.get("category") else None
    form = SectionForm(request.POST or None, initial=initial)
    return _named_form(
        request,
        form,
        lambda v: services.create_section(by=request.user, **v),
        _("New section"),
        None,
    )


@writer_required
@require_http_methods(["GET", "POST"])
def section_edit(request: AgentRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=pk)
    form = SectionForm(
        request.POST or None, initial={**_initial(section), "category": section.category_id}
    )
    return _named_form(
        request,
        form,
        lambda v: services.update_section(section, by=request.user, **v),
        _("Section %(name)s") % {"name": section},
        section,
    )


@writer_required
@require_POST
def section_delete(request: AgentRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=pk)
    try:
        services.delete_section(section, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The section is deleted"))
    return redirect("desk:kb_categories")
