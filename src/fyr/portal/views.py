"""The customer portal at /portal/: thin views over ``fyr.portal.services`` and ``queries``.

The portal is its own permission boundary: it never looks at ``request.user`` (the desk's auth);
a customer is the contact whose id ``services.start_session`` put in the session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fyr.core.pagination import InvalidCursor, paginate
from fyr.customers.models import Contact
from fyr.knowledge import links
from fyr.knowledge.visitors import visitor_key
from fyr.portal import forms, queries, services
from fyr.search import services as search_services
from fyr.search.services import SearchPage, search
from fyr.tickets import storage
from fyr.tickets.choices import Direction, Status

log = logging.getLogger(__name__)

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 10
#: Suggestions on the contact form: at most this many, once the subject has this many characters.
MAX_SUGGESTIONS = 5
MIN_SUGGEST_CHARS = 3
LAST_REQUEST_KEY = "portal_last_request"
NEXT_KEY = "portal_next"


# --- helpers -----------------------------------------------------------------------------------


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    contact = _contact(request)
    _speak_customers_language(request)
    base = {"company_name": settings.COMPANY_NAME, "portal_contact": contact}
    return render(request, template, {**base, **context}, status=status)


def _speak_customers_language(request: HttpRequest) -> str:
    """The language the page is in: the signed-in customer's own when this browser has made no
    choice; returned so searches look in the language the customer reads."""
    contact = _contact(request)
    if contact is not None and contact.language in dict(settings.LANGUAGES):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # No choice made in this browser: speak the customer's language.
            translation.activate(contact.language)
            request.LANGUAGE_CODE = contact.language  # type: ignore[attr-defined]
    return translation.get_language() or settings.LANGUAGE_CODE


def _contact(request: HttpRequest) -> Contact | None:
    """The signed-in customer, read once per request."""
    if not hasattr(request, "portal_contact"):
        request.portal_contact = services.session_contact(request)  # type: ignore[attr-defined]
    return request.portal_contact  # type: ignore[attr-defined]


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def contact_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Only for a signed-in customer; others go to sign-in and come back afterwards."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        contact = _contact(request)
        if contact is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:sign_in')}?{query}")
        return view(request, contact, *args, **kwargs)

    return wrapper


# --- the help centre's search (the portal's home) -----------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A search of the public articles; links to the help centre, the FAQ, the assistant and the
    contact form below. Each result link tells the article page it was a suggestion."""
    language = _speak_customers_language(request)
    query = (request.GET.get("q") or "").strip()[: links.MAX_QUERY]
    cursor = request.GET.get("cursor") or None
    page: SearchPage | None = None
    problem = ""
    if query:
        try:
            page = search(
                query,
                scope="articles",
                user=None,
                language=language,
                cursor=cursor,
                limit=SEARCH_PAGE_SIZE,
            )
        except ValidationError as exc:  # a bad cursor or query: say so, show the first page
            problem = " ".join(exc.messages)
            page = _first_page(query, language) if cursor else None
    results = [
        {
            "hit": hit,
            "url": links.article_path(hit.id, suggested=links.SUGGESTED_FROM_SEARCH, query=query),
        }
        for hit in (page.items if page else [])
    ]
    next_url = (
        "?" + urlencode({"q": query, "cursor": page.next_cursor})
        if page and page.next_cursor
        else ""
    )
    context = {
        "query": query,
        "results": results,
        "problem": problem,
        "next_url": next_url,
        "first_url": "?" + urlencode({"q": query}) if cursor else "",
    }
    return _render(request, "portal/home.html", context)


def _first_page(query: str, language: str) -> SearchPage | None:
    try:
        return search(query, scope="articles", user=None, language=language, limit=SEARCH_PAGE_SIZE)
    except ValidationError:
        return None


@require_GET
def suggest_articles(request: HttpRequest) -> HttpResponse:
    """Up to five public articles for the subject being typed on the contact form (an htmx
    partial). Without JavaScript nobody calls this; a plain visit goes to the search page."""
    subject = (request.GET.get("subject") or "").strip()[: links.MAX_QUERY]
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(
            reverse("portal:home") + ("?" + urlencode({"q": subject}) if subject else "")
        )
    language = _speak_customers_language(request)
    return _render(
        request,
        "portal/partials/_suggestions.html",
        {"suggestions": _suggestions(subject, language)},
    )


def _suggestions(subject: str, language: str) -> list[dict[str, Any]]:
    """Links to the articles that may answer ``subject``, marked as suggested on the form."""
    if len(subject) < MIN_SUGGEST_CHARS:
        return []
    hits = search_services.suggest_articles(
        subject, language=language, public_only=True, limit=MAX_SUGGESTIONS
    )
    return [
        {
            "hit": hit,
            "url": links.article_path(
                hit.id, suggested=links.SUGGESTED_FROM_REQUEST_FORM, query=subject
            ),
        }
        for hit in hits
    ]


# --- the contact form --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest) -> HttpResponse:
    contact = _contact(request)
    if request.method == "POST":
        form = forms.ContactForm(request.POST, request.FILES)
        if form.is_bot:
            log.warning(
                "portal: honeypot filled in from %s; request dropped",
                request.META.get("REMOTE_ADDR", "?"),
            )
            request.session[LAST_REQUEST_KEY] = None
            return redirect("portal:thanks")
        if form.is_valid():
            data = form.cleaned_data
            try:
                received = services.submit_request(
                    name=data["name"],
                    email=data["email"],
                    subject=data["subject"],
                    text=data["message"],
                    attachments=forms.to_inbound(data["attachments"]),
                    language=translation.get_language() or "",
                    visitor=visitor_key(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session[LAST_REQUEST_KEY] = received.ticket.number
                return redirect("portal:thanks")
        status = 400
    else:
        initial = {"name": contact.name, "email": contact.email} if contact else {}
        form = forms.ContactForm(initial=initial)
        status = 200
    # Sent back with an error: the articles for the subject already typed are shown again.
    subject = str(form.data.get("subject") or "").strip()[: links.MAX_QUERY]
    context = {
        "form": form,
        "suggestions": _suggestions(subject, _speak_customers_language(request)),
    }
    return _render(request, "portal/new_request.html", context, status=status)


def thanks(request: HttpRequest) -> HttpResponse:
    if LAST_REQUEST_KEY not in request.session:
        return redirect("portal:home")
    number = request.session.get(LAST_REQUEST_KEY)
    return _render(request, "portal/thanks.html", {"number": number})


# --- sign-in -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = forms.SignInForm(request.POST)
        if form.is_valid():
            services.request_sign_in_link(email=form.cleaned_data["email"])
            next_url = _safe_next(request, form.cleaned_data.get("next"))
            if next_url:
                request.session[NEXT_KEY] = next_url
            return _render(
                request, "portal/sign_in_sent.html", {"email": form.cleaned_data["email"]}
            )
        return _render(request, "portal/sign_in.html", {"form": form}, status=400)
    form = forms.SignInForm(initial={"next": _safe_next(request, request.GET.get("next")) or ""})
    return _render(request, "portal/sign_in.html", {"form": form})


def _token_problem(request: HttpRequest, problem: services.TokenProblem) -> HttpResponse:
    texts = {
        services.TokenProblem.UNKNOWN: _(
            "This sign-in link is not valid. Check that you copied the whole link, or ask for "
            "a new one."
        ),
        services.TokenProblem.EXPIRED: _(
            "This sign-in link has expired. Please ask for a new one."
        ),
        services.TokenProblem.USED: _(
            "This sign-in link has already been used. Each link works once; please ask for a "
            "new one."
        ),
    }
    return _render(
        request,
        "portal/sign_in_confirm.html",
        {"problem": texts[problem], "form": forms.SignInForm()},
        status=410 if problem != services.TokenProblem.UNKNOWN else 404,
    )


@require_http_methods(["GET", "POST"])
def sign_in_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button (mail scanners follow links); the POST uses the link up."""
    try:
        if request.method == "POST":
            contact = services.redeem_login_token(token)
        else:
            services.check_login_token(token)
            return _render(request, "portal/sign_in_confirm.html", {"token": token})
    except services.InvalidToken as exc:
        return _token_problem(request, exc.problem)
    next_url = _safe_next(request, request.session.get(NEXT_KEY))
    services.start_session(request, contact)
    request.session.pop(NEXT_KEY, None)
    messages.success(request, _("You are signed in."))
    return redirect(next_url or reverse("portal:tickets"))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.end_session(request)
    messages.success(request, _("You are signed out."))
    return redirect("portal:home")


# --- my tickets ----------------------------------------------------------------------------------


@contact_required
def ticket_list(request: HttpRequest, contact: Contact) -> HttpResponse:
    queryset = queries.tickets_for(contact).select_related("requester")
    ordering = ("-updated_at", "-id")
    try:
        page = paginate(
            queryset, ordering=ordering, cursor=request.GET.get("cursor"), limit=PAGE_SIZE
        )
    except InvalidCursor as exc:
        messages.error(request, exc.messages[0])
        page = paginate(queryset, ordering=ordering, cursor=None, limit=PAGE_SIZE)
    rows = [
        {
            "ticket": ticket,
            "status": queries.customer_status(ticket.status),
            "is_mine": ticket.requester_id == contact.pk,
        }
        for ticket in page.items
    ]
    return _render(
        request,
        "portal/tickets.html",
        {
            "rows": rows,
            "next_cursor": page.next_cursor,
            "first_page": not request.GET.get("cursor"),
        },
    )


@contact_required
@require_http_methods(["GET", "POST"])
def ticket_detail(request: HttpRequest, contact: Contact, number: int) -> HttpResponse:
    ticket = queries.get_ticket_for_contact(contact, number)
    if request.method == "POST":
        form = forms.ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                received = services.reply_as_customer(
                    contact=contact,
                    ticket=ticket,
                    text=form.cleaned_data["message"],
                    attachments=forms.to_inbound(form.cleaned_data["attachments"]),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if received.created_ticket:
                    messages.success(
                        request,
                        _(
                            "Ticket #%(old)s was closed, so we opened a new ticket #%(new)s "
                            "with your message."
                        )
                        % {"old": ticket.number, "new": received.ticket.number},
                    )
                elif received.ticket.pk != ticket.pk:
                    messages.success(
                        request,
                        _("Ticket #%(old)s is now part of ticket #%(new)s; your reply is there.")
                        % {"old": ticket.number, "new": received.ticket.number},
                    )
                else:
                    messages.success(request, _("Thank you, your reply has been sent."))
                return redirect("portal:ticket", number=received.ticket.number)
        status = 400
    else:
        form = forms.ReplyForm()
        status = 200
    conversation = [
        {
            "message": message,
            "from_us": message.direction == Direction.OUTBOUND,
            "author": (
                queries.agent_display_name(message)
                if message.direction == Direction.OUTBOUND
                else (message.author_contact.name if message.author_contact else "") or _("You")
            ),
            "attachments": list(message.attachments.all()),
        }
        for message in queries.public_messages(ticket)
    ]
    context = {
        "ticket": ticket,
        "status": queries.customer_status(ticket.status),
        "conversation": conversation,
        "form": form,
        "is_closed": ticket.status == Status.CLOSED,
        "merged_into": ticket.merged_into
        if ticket.merged_into_id
        and queries.tickets_for(contact).filter(pk=ticket.merged_into_id).exists()
        else None,
    }
    return _render(request, "portal/ticket.html", context, status=status)


@contact_required
def attachment_download(request: HttpRequest, contact: Contact, pk: int) -> FileResponse:
    return storage.file_response(queries.get_attachment_for_contact(contact, pk))
