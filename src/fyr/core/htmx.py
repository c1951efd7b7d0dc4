"""One place that decides between an htmx partial and a full page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render ``partial`` for an htmx request that does not swap the whole page, else ``template``."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)  # set by HtmxMiddleware
    is_htmx = bool(htmx)
    boosted = bool(htmx and htmx.boosted)
    chosen = partial if (partial and is_htmx and not boosted) else template
    return render(request, chosen, context, status=status)
