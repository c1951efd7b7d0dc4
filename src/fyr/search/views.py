"""The desk's search page (``desk:search``, ``/desk/search/?q=…&scope=…``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fyr.core.typing import AgentRequest
from fyr.search import services
from fyr.search.query import QueryError

PAGE_SIZE = 25


@login_required
@require_GET
def search_page(request: AgentRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:500]
    scope = request.GET.get("scope") or "tickets"
    if scope not in services.SCOPES:
        scope = "tickets"
    page = None
    error = ""
    if query:
        try:
            page = services.search(
                query,
                scope=scope,
                user=request.user,
                cursor=request.GET.get("cursor") or None,
                limit=PAGE_SIZE,
            )
        except QueryError as exc:
            error = " ".join(exc.messages)
    template = "search/partials/_results.html" if request.htmx else "search/search.html"
    return render(
        request,
        template,
        {"query": query, "scope": scope, "page": page, "error": error, "scopes": _scopes()},
    )


def _scopes() -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    return [("tickets", _("Tickets")), ("contacts", _("Contacts")), ("articles", _("Articles"))]
