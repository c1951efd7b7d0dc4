"""The desk's customer pages: contacts, organizations and the contact merge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fyr.core.htmx import render_page
from fyr.core.pagination import InvalidCursor, Page, paginate
from fyr.core.typing import AgentRequest
from fyr.customers import services as customers
from fyr.customers.choices import IdentityKind
from fyr.customers.forms import ContactSearchForm, MergeContactForm, OrganizationSearchForm
from fyr.tickets import services as ticket_services
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket
from fyr.tickets.queries import visible_contacts, visible_organizations, visible_tickets

PAGE_SIZE = 50


def _page(
    request: AgentRequest, rows: QuerySet[Any], ordering: tuple[str, ...], param: str = "cursor"
) -> tuple[Page[Any], str]:
    """A keyset page from ``request.GET[param]``; a bad cursor restarts at the first page."""
    try:
        return paginate(
            rows, ordering=ordering, cursor=request.GET.get(param) or None, limit=PAGE_SIZE
        ), ""
    except InvalidCursor as exc:
        return paginate(rows, ordering=ordering, cursor=None, limit=PAGE_SIZE), exc.messages[0]


def _tickets_of(request: AgentRequest, **filters: Any) -> QuerySet[Ticket]:
    return (
        visible_tickets(request.user)
        .filter(**filters)
        .select_related("assignee", "team", "requester")
    )


@login_required
@require_GET
def contact_list(request: AgentRequest) -> HttpResponse:
    form = ContactSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    contacts = (
        visible_contacts(request.user).select_related("organization").prefetch_related("identities")
    )
    if "@" in query:
        try:
            email = customers.normalize(IdentityKind.EMAIL, query)
        except ValidationError:
            email = query.lower()
        contacts = contacts.filter(identities__kind=IdentityKind.EMAIL, identities__value=email)
    elif query:
        contacts = contacts.filter(name__istartswith=query)
    page, cursor_error = _page(request, contacts, ("name", "id"))
    context = {"form": form, "page": page, "query": query, "cursor_error": cursor_error}
    return render_page(
        request, "customers/contact_list.html", context, partial="customers/partials/_contacts.html"
    )


@login_required
@require_GET
def contact_detail(request: AgentRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        visible_contacts(request.user).select_related("organization"), pk=pk
    )
    tickets, cursor_error = _page(
        request, _tickets_of(request, requester=contact), ("-created_at", "-id")
    )
    context = {
        "contact": contact,
        "identities": list(contact.identities.all()),
        "tickets": tickets,
        "cursor_error": cursor_error,
        "merge_form": MergeContactForm(source=contact),
        "can_merge": request.user.can_reply,
    }
    return render_page(request, "customers/contact_detail.html", context)


@login_required
@require_POST
def contact_merge(request: AgentRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(visible_contacts(request.user), pk=pk)
    if not request.user.can_reply:
        raise PermissionDenied(_("Light agents cannot merge contacts"))
    form = MergeContactForm(request.POST, source=contact)
    if form.is_valid():
        target = form.cleaned_data["email"]
        try:
            ticket_services.merge_contacts(contact, target, actor=Actor.of_agent(request.user))
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                _("%(source)s was merged into %(target)s") % {"source": contact, "target": target},
            )
            return redirect("desk:contact", pk=target.pk)
    tickets, _error = _page(
        request, _tickets_of(request, requester=contact), ("-created_at", "-id")
    )
    context = {
        "contact": contact,
        "identities": list(contact.identities.all()),
        "tickets": tickets,
        "merge_form": form,
        "can_merge": True,
    }
    return render_page(request, "customers/contact_detail.html", context, status=400)


@login_required
@require_GET
def organization_list(request: AgentRequest) -> HttpResponse:
    form = OrganizationSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    organizations = visible_organizations(request.user)
    if query:
        organizations = organizations.filter(name__istartswith=query)
    page, cursor_error = _page(request, organizations, ("name", "id"))
    context = {"form": form, "page": page, "query": query, "cursor_error": cursor_error}
    return render_page(
        request,
        "customers/organization_list.html",
        context,
        partial="customers/partials/_organizations.html",
    )


@login_required
@require_GET
def organization_detail(request: AgentRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(visible_organizations(request.user), pk=pk)
    contacts, contacts_error = _page(
        request,
        visible_contacts(request.user)
        .filter(organization=organization)
        .prefetch_related("identities"),
        ("name", "id"),
        param="contacts",
    )
    tickets, tickets_error = _page(
        request,
        _tickets_of(request, organization=organization),
        ("-created_at", "-id"),
        param="tickets",
    )
    context = {
        "organization": organization,
        "domains": list(organization.domain_set.order_by("domain")),
        "contacts": contacts,
        "tickets": tickets,
        "cursor_error": contacts_error or tickets_error,
    }
    return render_page(request, "customers/organization_detail.html", context)
