"""Pick the interface language: the visitor's choice, the agent's setting, or Fyr's default.

Django's ``LocaleMiddleware`` would follow the browser's Accept-Language; Fyr is configured for a
company, so its default (``FYR_LANGUAGE``, Swedish) wins until someone chooses otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        own = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        language = (
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or own or settings.LANGUAGE_CODE
        )
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
