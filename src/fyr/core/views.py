"""The desk's settings area: an index of what administrators configure here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fyr.core.decorators import admin_required


@admin_required
@require_GET
def settings_index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/settings_index.html")
