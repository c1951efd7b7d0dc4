"""The desk's macro pages and the composer's macro picker.

The macros page (``desk:macros``) is open to every agent, not only administrators: agents keep
their personal macros there ("My macros"), and see the team and shared ones they can use.
Administrators see it inside the settings area and manage team and shared macros too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fyr.core.htmx import render_page
from fyr.core.pagination import InvalidCursor, Page, paginate
from fyr.core.typing import AgentRequest
from fyr.macros import services
from fyr.macros.choices import Visibility
from fyr.macros.forms import MacroForm, PreviewForm
from fyr.macros.models import Macro
from fyr.macros.placeholders import PLACEHOLDERS
from fyr.tickets.forms import ComposerForm, ComposerKind
from fyr.tickets.models import Ticket
from fyr.tickets.queries import visible_tickets
from fyr.tickets.services import StaleVersion
from fyr.tickets.views import ticket_context, ticket_for

PAGE_SIZE = 50
BY_NAME = ("name", "id")


def _base(request: AgentRequest) -> str:
    """Administrators see the page in the settings area; agents on a page of its own."""
    return "core/settings_base.html" if request.user.is_admin else "macros/agent_base.html"


# --- the macros page ---------------------------------------------------------------------------


@login_required
@require_GET
def macro_list(request: AgentRequest) -> HttpResponse:
    macros = services.visible_macros(request.user, include_inactive=True).select_related(
        "team", "owner"
    )
    visibility = request.GET.get("visibility") or ""
    if visibility in Visibility.values:
        macros = macros.filter(visibility=visibility)
    query = request.GET.get("q") or ""
    key = services.search_key(query)
    if key:
        macros = macros.filter(search_name__contains=key)
    page, cursor_error = _page(request, macros)
    context = {
        "base_template": _base(request),
        "page": page,
        "cursor_error": cursor_error,
        "visibility": visibility,
        "query": query,
        "visibilities": Visibility.choices,
        "manageable": {m.pk for m in page.items if services.may_manage(request.user, m)},
    }
    return render(request, "macros/macro_list.html", context)


def _page(request: AgentRequest, rows: Any) -> tuple[Page[Macro], str]:
    try:
        cursor = request.GET.get("cursor") or None
        return paginate(rows, ordering=BY_NAME, cursor=cursor, limit=PAGE_SIZE), ""
    except InvalidCursor as exc:
        return paginate(rows, ordering=BY_NAME, cursor=None, limit=PAGE_SIZE), exc.messages[0]


@login_required
@require_http_methods(["GET", "POST"])
def macro_new(request: AgentRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def macro_edit(request: AgentRequest, pk: int) -> HttpResponse:
    macro = get_object_or_404(services.visible_macros(request.user, include_inactive=True), pk=pk)
    if not services.may_manage(request.user, macro):
        raise PermissionDenied(_("You may not change this macro"))
    return _edit(request, macro)


def _edit(request: AgentRequest, macro: Macro | None) -> HttpResponse:
    form = MacroForm(request.POST or None, user=request.user, macro=macro)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved is not None:
            messages.success(request, _("The macro %(name)s is saved") % {"name": saved.name})
            return redirect("desk:macros")
    context = {
        "base_template": _base(request),
        "form": form,
        "macro": macro,
        "placeholders": PLACEHOLDERS,
        "sample": _sample_ticket(request, None),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "macros/macro_form.html", context, status=status)


@login_required
@require_POST
def macro_delete(request: AgentRequest, pk: int) -> HttpResponse:
    macro = get_object_or_404(services.visible_macros(request.user, include_inactive=True), pk=pk)
    services.delete_macro(macro, by=request.user)
    messages.success(request, _("The macro %(name)s is deleted") % {"name": macro.name})
    return redirect("desk:macros")


@login_required
@require_POST
def macro_preview(request: AgentRequest) -> HttpResponse:
    """The editor's live preview: the text filled in from a ticket the agent may see."""
    form = PreviewForm(request.POST)
    context: dict[str, Any] = {"preview": "", "preview_error": ""}
    if not form.is_valid():
        context["preview_error"] = " ".join(
            str(e) for errors in form.errors.values() for e in errors
        )
    else:
        ticket = _sample_ticket(request, form.cleaned_data.get("preview_ticket"))
        context["sample"] = ticket
        if ticket is None:
            context["preview_error"] = _("There is no ticket to preview with")
        else:
            try:
                context["preview"] = services.preview(
                    form.cleaned_data["text"], ticket, agent=request.user
                )
            except ValidationError as exc:
                context["preview_error"] = " ".join(exc.messages)
    return render(request, "macros/partials/_preview.html", context)


def _sample_ticket(request: AgentRequest, number: int | None) -> Ticket | None:
    """The ticket a preview uses: the one asked for, else the latest the agent may see."""
    tickets = visible_tickets(request.user).select_related("requester", "organization", "team")
    if number is not None:
        return tickets.filter(number=number).first()
    return tickets.order_by("-updated_at", "-id").first()


# --- the composer's picker ---------------------------------------------------------------------


@login_required
@require_GET
def macro_search(request: AgentRequest, number: int) -> HttpResponse:
    """The macros matching ``q`` for this ticket's composer (the most used without ``q``)."""
    ticket = ticket_for(request, number)
    query = request.GET.get("q") or ""
    context = {
        "ticket": ticket,
        "macro_query": query,
        "macro_results": services.search(request.user, query, usable=True),
    }
    return render_page(
        request, "macros/picker_page.html", context, partial="macros/partials/_results.html"
    )


@login_required
@require_POST
def macro_apply(request: AgentRequest, number: int, pk: int) -> HttpResponse:
    """Apply a macro and give back the composer with its text added to what was written.

    htmx posts the composer's fields along (``hx-include``), so the agent's words, message type
    and the version they read are kept; without JavaScript the picker page posts its own version.
    """
    ticket = ticket_for(request, number)
    macro = get_object_or_404(services.visible_macros(request.user), pk=pk)
    # The composer's version (sent along by htmx) is the newest the agent has seen.
    version = _int(request.POST.get("version")) or _int(request.POST.get("picker_version"))
    written = request.POST.get("body") or ""
    error = ""
    applied = None
    try:
        applied = services.apply(macro, ticket, agent=request.user, expected_version=version)
    except StaleVersion:
        error = _(
            "Someone else changed this ticket while you were writing. Read the changes above "
            "and choose the macro again."
        )
    except (ValidationError, PermissionDenied) as exc:
        error = " ".join(getattr(exc, "messages", None) or [str(exc)])
    ticket = ticket_for(request, number)  # as saved, with its new version
    kind = request.POST.get("kind") or ComposerKind.REPLY
    body = written
    if applied is not None:
        kind = ComposerKind.NOTE if applied.internal else ComposerKind.REPLY
        body = f"{written.rstrip()}\n\n{applied.text}" if written.strip() else applied.text
    if not request.user.can_reply:
        kind = ComposerKind.NOTE
    composer = ComposerForm(
        user=request.user, initial={"version": ticket.version, "kind": kind, "body": body}
    )
    context = ticket_context(request, ticket)
    context.update(
        composer=composer,
        composer_error=error,
        refresh=True,
        applied_macro=macro if applied is not None else None,
    )
    return render_page(
        request,
        "tickets/ticket.html",
        context,
        partial="macros/partials/_applied.html",
        status=400 if error and not request.htmx else 200,
    )


def _int(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value > 0 else None
