"""The desk's ticket views: inbox, bulk actions, ticket page, in-place edits, composer, files.

Each view parses a form, checks permission through ``fyr.tickets.queries``, calls a service and
renders with ``render_page`` (a full page, or the htmx partial that changed).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from fyr.core.htmx import render_page
from fyr.core.pagination import InvalidCursor
from fyr.core.typing import AgentRequest
from fyr.tickets import inbox, services, storage
from fyr.tickets.choices import Channel, Status
from fyr.tickets.events import Actor
from fyr.tickets.forms import (
    BulkAction,
    BulkForm,
    ComposerForm,
    ComposerKind,
    InboxFilterForm,
    TicketEditForm,
    assignable_agents,
)
from fyr.tickets.models import Attachment, Ticket
from fyr.tickets.queries import visible_tickets

# --- inbox -------------------------------------------------------------------------------------


def _inbox_context(request: AgentRequest, params: QueryDict) -> dict[str, Any]:
    # One read of the agents for both the filter and the bulk-action form.
    agents = list(assignable_agents().only("id", "name", "email"))
    form = InboxFilterForm(params, agents=agents)
    view = form.view_key
    cursor = (form.cleaned_data.get("cursor") if form.is_valid() else "") or None
    try:
        page = inbox.inbox_page(
            request.user, view=view, filters=form.filters(), sort=form.sort_key, cursor=cursor
        )
        cursor_error = ""
    except InvalidCursor as exc:
        page = inbox.inbox_page(request.user, view=view, filters=form.filters(), sort=form.sort_key)
        cursor_error = exc.messages[0]
    counts = inbox.view_counts(request.user)
    params = params.copy()
    params.pop("cursor", None)
    return {
        "form": form,
        "view": view,
        "views": [(v, counts[v.key]) for v in inbox.VIEWS],
        "page": page,
        "cursor": cursor,
        "cursor_error": cursor_error,
        "base_query": params.urlencode(),
        "bulk_form": BulkForm(user=request.user, agents=agents),
        "bulk_actions": BulkAction,
        "status_choices": Status.choices,
        # Rows link to ``{ticket_base}{number}/``: reversing a URL per row is measurably slow.
        "ticket_base": reverse("desk:ticket", args=[1]).removesuffix("1/"),
    }


@login_required
@require_GET
def inbox_view(request: AgentRequest) -> HttpResponse:
    context = _inbox_context(request, request.GET)
    return render_page(
        request, "tickets/inbox.html", context, partial="tickets/partials/_ticket_list.html"
    )


@login_required
@require_GET
def inbox_counts(request: AgentRequest) -> HttpResponse:
    counts = inbox.view_counts(request.user)
    view = request.GET.get("view") or inbox.DEFAULT_VIEW
    context = {"views": [(v, counts[v.key]) for v in inbox.VIEWS], "view": view}
    return render_page(request, "tickets/partials/_views_nav.html", context)


@login_required
@require_POST
def bulk(request: AgentRequest) -> HttpResponse:
    """Apply one change to the selected tickets, each on its own; report each failure."""
    form = BulkForm(request.POST, user=request.user)
    results: dict[str, Any] = {"done": [], "failed": []}
    if form.is_valid():
        actor = Actor.of_agent(request.user)
        data = form.cleaned_data
        for ticket in data["tickets"]:
            try:
                if data["action"] == BulkAction.TAG:
                    services.add_tags(ticket, [data["tag"]], actor=actor)
                elif data["action"] == BulkAction.STATUS:
                    services.bulk_update([ticket], actor=actor, changes={"status": data["status"]})
                else:
                    services.bulk_update([ticket], actor=actor, changes={"assignee": data["agent"]})
                results["done"].append(ticket)
            except (ValidationError, PermissionDenied) as exc:
                results["failed"].append((ticket, _error_text(exc)))
    context = _inbox_context(request, _filters_from(request))
    context.update(bulk_result=results, bulk_errors=form.errors if not form.is_valid() else None)
    if not request.htmx:
        _flash_bulk(request, results, form)
        return redirect(reverse("desk:inbox") + "?" + context["base_query"])
    return render_page(
        request, "tickets/inbox.html", context, partial="tickets/partials/_ticket_list.html"
    )


def _filters_from(request: AgentRequest) -> QueryDict:
    """The inbox filters carried along with a bulk POST (prefixed ``f_``)."""
    params = QueryDict(mutable=True)
    for key in request.POST:
        value = request.POST.get(key)
        if key.startswith("f_") and value:
            params[key[2:]] = value
    return params


def _flash_bulk(request: AgentRequest, results: dict[str, Any], form: BulkForm) -> None:
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return
    if results["done"]:
        count = len(results["done"])
        messages.success(
            request,
            ngettext("Updated %(count)s ticket", "Updated %(count)s tickets", count)
            % {"count": count},
        )
    for ticket, error in results["failed"]:
        messages.error(request, f"#{ticket.number}: {error}")


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


@login_required
@require_GET
def go_to_ticket(request: AgentRequest) -> HttpResponse:
    """The top bar's "go to ticket number" box."""
    raw = (request.GET.get("number") or "").strip().lstrip("#")
    if raw.isdigit() and visible_tickets(request.user).filter(number=int(raw)).exists():
        return redirect("desk:ticket", number=int(raw))
    messages.error(request, _("No ticket with number %(number)s") % {"number": raw or "—"})
    return redirect("desk:inbox")


# --- ticket page -------------------------------------------------------------------------------


def ticket_for(request: AgentRequest, number: int) -> Ticket:
    """The ticket numbered ``number`` if the agent may see it, else 404: for the ticket page's
    views here and in the apps that add to the page (macros)."""
    ticket = (
        visible_tickets(request.user)
        .select_related("requester__organization", "organization", "assignee", "team")
        .filter(number=number)
        .first()
    )
    if ticket is None:
        raise Http404(_("No such ticket"))
    return ticket


def _tag_names(ticket: Ticket) -> list[str]:
    return list(ticket.tags.order_by("name").values_list("name", flat=True))


def _edit_form(ticket: Ticket, tags: list[str]) -> TicketEditForm:
    return TicketEditForm(initial=TicketEditForm.initial_for(ticket, tags))


def _kept_input(
    ticket: Ticket, tags: list[str], posted: QueryDict, form: TicketEditForm
) -> TicketEditForm:
    """The edit form against the stored version, holding what the agent chose."""
    data = {
        key: "" if value is None else str(value)
        for key, value in TicketEditForm.initial_for(ticket, tags).items()
    }
    data["seen"] = ticket.updated_at.isoformat()
    for name in form.posted_fields():
        data[name] = posted.get(name, "")
    kept = TicketEditForm(data)
    kept.is_valid()
    for field, errors in form.errors.items():
        for error in errors:
            kept.add_error(field if field in kept.fields else None, error)
    return kept


def _composer(request: AgentRequest, ticket: Ticket) -> ComposerForm:
    return ComposerForm(user=request.user, initial={"version": ticket.version})


def ticket_context(
    request: AgentRequest, ticket: Ticket, *, whole: bool = False, **extra: Any
) -> dict[str, Any]:
    """What the ticket page shows: the latest messages (``whole``: every message) and the rest."""
    tags = _tag_names(ticket)
    requester = ticket.requester
    context: dict[str, Any] = {
        "ticket": ticket,
        "tags": tags,
        "timeline": inbox.timeline(ticket, limit=None if whole else inbox.TIMELINE_PAGE),
        "identities": list(requester.identities.all()),
        "other_tickets": inbox.requester_tickets(request.user, ticket),
        "edit_form": _edit_form(ticket, tags),
        "composer": _composer(request, ticket),
        "can_reply": request.user.can_reply,
        "can_edit": request.user.can_reply,
        **_timeline_extras(),
    }
    context.update(extra)
    return context


def _timeline_extras() -> dict[str, Any]:
    """What ``_message.html`` needs besides its message, on the page and in an earlier window."""
    return {"channel_labels": {value: str(label) for value, label in Channel.choices}}


@login_required
@require_GET
def ticket_view(request: AgentRequest, number: int) -> HttpResponse:
    """The ticket page; ``?messages=all`` shows the whole conversation (the "Load earlier
    messages" link without JavaScript)."""
    ticket = ticket_for(request, number)
    whole = request.GET.get("messages") == "all"
    return render_page(request, "tickets/ticket.html", ticket_context(request, ticket, whole=whole))


@login_required
@require_GET
def ticket_earlier(request: AgentRequest, number: int) -> HttpResponse:
    """The messages (and events) before the cursor ``before``: the "Load earlier messages"
    control swaps itself for them, and for a new control if there are more."""
    ticket = ticket_for(request, number)
    if not request.htmx:
        return redirect(reverse("desk:ticket", args=[ticket.number]) + "?messages=all")
    try:
        timeline = inbox.timeline(ticket, before=request.GET.get("before") or None)
    except InvalidCursor as exc:
        return HttpResponse(exc.messages[0], status=400, content_type="text/plain; charset=utf-8")
    context = {"ticket": ticket, "timeline": timeline, **_timeline_extras()}
    return render_page(request, "tickets/partials/_timeline_entries.html", context)


@login_required
@require_GET
def ticket_timeline(request: AgentRequest, number: int) -> HttpResponse:
    """The timeline partial (after a realtime "show changes"), with fresh properties + version."""
    ticket = ticket_for(request, number)
    context = ticket_context(request, ticket, refresh=True)
    return render_page(
        request, "tickets/ticket.html", context, partial="tickets/partials/_ticket_refresh.html"
    )


@login_required
@require_POST
def ticket_edit(request: AgentRequest, number: int) -> HttpResponse:
    ticket = ticket_for(request, number)
    form = TicketEditForm(request.POST)
    context_extra: dict[str, Any] = {}
    status = 200
    if form.is_valid():
        try:
            services.change_ticket(
                ticket,
                actor=Actor.of_agent(request.user),
                changes=form.changes(),
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleVersion as exc:
            context_extra["conflict"] = inbox.changes_since(
                exc.ticket, form.cleaned_data.get("seen"), exclude_agent=request.user
            )
            status = 409
        except (ValidationError, PermissionDenied) as exc:
            context_extra["edit_error"] = _error_text(exc)
            status = 400
        else:
            if not request.htmx:
                return redirect("desk:ticket", number=ticket.number)
            ticket = ticket_for(request, number)
            context = ticket_context(request, ticket, refresh=True)
            return render_page(
                request,
                "tickets/ticket.html",
                context,
                partial="tickets/partials/_ticket_refresh.html",
            )
    else:
        status = 400
    # Show the ticket as it is now, with the agent's posted values kept in their fields.
    ticket = ticket_for(request, number)
    context = ticket_context(request, ticket, **context_extra)
    context["edit_form"] = _kept_input(ticket, context["tags"], request.POST, form)
    return render_page(
        request,
        "tickets/ticket.html",
        context,
        partial="tickets/partials/_properties.html",
        status=200 if request.htmx else status,
    )


@login_required
@require_POST
def ticket_compose(request: AgentRequest, number: int) -> HttpResponse:
    ticket = ticket_for(request, number)
    form = ComposerForm(request.POST, request.FILES, user=request.user)
    error = ""
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == ComposerKind.NOTE:
                services.add_note(
                    ticket,
                    author=request.user,
                    body=data["body"],
                    attachments=data["attachments"],
                    status=data["send_as"] or None,
                    expected_version=data["version"],
                )
            else:
                services.reply(
                    ticket,
                    author=request.user,
                    body=data["body"],
                    attachments=data["attachments"],
                    status=data["send_as"] or None,
                    expected_version=data["version"],
                )
        except services.StaleVersion:
            error = _(
                "Someone else changed this ticket while you were writing. Your text is kept: "
                "read the changes above and send again."
            )
            status = 409
        except (ValidationError, PermissionDenied) as exc:
            error = _error_text(exc)
            status = 403 if isinstance(exc, PermissionDenied) else 400
        else:
            if not request.htmx:
                return redirect("desk:ticket", number=ticket.number)
            ticket = ticket_for(request, number)
            context = ticket_context(request, ticket, refresh=True, sent=True)
            return render_page(
                request,
                "tickets/ticket.html",
                context,
                partial="tickets/partials/_compose_done.html",
            )
    ticket = ticket_for(request, number)
    context = ticket_context(request, ticket, composer_error=error)
    if status == 409:
        # Show the new state, keep the agent's words; the next send uses the new version.
        data = request.POST.copy()
        data["version"] = str(ticket.version)
        form = ComposerForm(data, user=request.user)
        form.is_valid()
        context["refresh"] = True
    context["composer"] = form
    return render_page(
        request,
        "tickets/ticket.html",
        context,
        partial="tickets/partials/_compose_done.html",
        status=200 if request.htmx else status,
    )


# --- attachments -------------------------------------------------------------------------------


@login_required
@require_GET
def attachment_download(request: AgentRequest, pk: int) -> FileResponse:
    """Stream a stored file to an agent who may see its ticket; never rendered by the browser
    except whitelisted images requested inline."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("file", "message"),
        pk=pk,
        message__ticket__in=visible_tickets(request.user),
    )
    return storage.file_response(attachment, inline=request.GET.get("inline") == "1")
