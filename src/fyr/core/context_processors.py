from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def fyr(request: HttpRequest) -> dict[str, Any]:
    return {"FYR_BASE_URL": settings.BASE_URL, "FYR_LANGUAGES": settings.LANGUAGES}
