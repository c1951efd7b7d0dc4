"""The REST API root: version 1 under /api/v1/, OpenAPI at /api/openapi.json, docs at /api/docs.

This module holds what every endpoint shares: authentication (bearer token or desk session) and
the mapping of domain exceptions to HTTP errors. The routers live in each app's ``api.py``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from fyr.accounts.api import router as accounts_router
from fyr.accounts.models import User
from fyr.accounts.services import authenticate_token
from fyr.bot.api import router as bot_router
from fyr.calendars.api import router as calendars_router
from fyr.core.api import StrictTextParser
from fyr.customers.api import router as customers_router
from fyr.knowledge.api import router as knowledge_router
from fyr.macros.api import router as macros_router
from fyr.mail.api import router as mail_router
from fyr.routing.api import router as routing_router
from fyr.rules.api import router as rules_router
from fyr.search.api import router as search_router
from fyr.sla.api import router as sla_router
from fyr.tickets.api import router as tickets_router
from fyr.tickets.services import StaleVersion


class BearerToken(HttpBearer):
    """``Authorization: Bearer fyr_…``: a token issued with ``fyr token EMAIL``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return authenticate_token(token.strip())


class AgentSession(APIKeyCookie):
    """A logged-in desk agent's session. CSRF is checked for unsafe methods, but only once the
    session is known to be an agent's, so an anonymous caller gets 401 rather than 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_active:
            return None  # anonymous, or a portal customer's session (a contact, not a user)
        if check_csrf(request) is not None:
            raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header"))
        return user


api = NinjaAPI(
    title="Fyr API",
    version="1",
    description="Fyr's REST API. Authenticate with `Authorization: Bearer <token>` "
    "(create one with `fyr token EMAIL`) or a desk session.",
    urls_namespace="api",
    auth=[BearerToken(), AgentSession()],
    parser=StrictTextParser(),
)


def _error(request: HttpRequest, status: int, detail: Any, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def _location(request: HttpRequest, field: str) -> list[str]:
    if field == "If-Match":
        return ["header", field]
    if field in request.GET:
        return ["query", field]
    if field == "__all__":
        return ["body", "payload"]
    return ["body", "payload", field]  # every body parameter is called ``payload``


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Django's (and the services') ValidationError in the shape of ninja's own 422s."""
    if hasattr(exc, "error_dict"):
        items = [
            {"type": "value_error", "loc": _location(request, field), "msg": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        items = [
            {"type": "value_error", "loc": ["body", "payload"], "msg": str(m)} for m in exc.messages
        ]
    return _error(request, 422, items)


@api.exception_handler(StaleVersion)
def _stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    return _error(request, 409, str(exc), current_version=exc.ticket.version)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("You may not do this"))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found"))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, _("Authentication required: send a bearer token or log in to the desk")
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's HTTP errors as they are, except a body the parser refused for its text (ninja
    reports every parser failure as a bare 400): that is a 422 saying where and why."""
    if isinstance(exc.__cause__, NinjaValidationError):
        return _error(request, 422, exc.__cause__.errors)
    return _error(request, exc.status_code, str(exc))


api.add_router("/v1/", tickets_router)
api.add_router("/v1/", customers_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", mail_router)
api.add_router("/v1/", calendars_router)
api.add_router("/v1/", sla_router)
api.add_router("/v1/", routing_router)
api.add_router("/v1/", rules_router)
api.add_router("/v1/", macros_router)
api.add_router("/v1/", knowledge_router)
api.add_router("/v1/", search_router)
api.add_router("/v1/", bot_router)
