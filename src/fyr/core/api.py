"""Helpers shared by every API router: who is calling, what they may do, fetching, paging.

Endpoints stay thin by calling these: ``agent(request)`` / ``actor(request)`` name the caller,
``require_full_agent`` / ``require_admin`` refuse what a role may not do (403), ``get_or_404``
fetches one object from a permission-scoped queryset, ``page_of`` runs keyset pagination.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from fyr.accounts.models import User
from fyr.core.pagination import InvalidCursor, paginate
from fyr.core.typing import ApiRequest
from fyr.tickets.events import Actor

M = TypeVar("M", bound=Model)


def agent(request: ApiRequest) -> User:
    """The authenticated agent (set by the API's auth classes)."""
    return request.auth


def actor(request: ApiRequest) -> Actor:
    return Actor.of_agent(agent(request))


def require_full_agent(request: ApiRequest) -> User:
    """Light agents read and write internal notes only; every other write needs a full agent."""
    user = agent(request)
    if not user.can_reply:
        raise PermissionDenied(_("Light agents can only read and add internal notes"))
    return user


def require_admin(request: ApiRequest) -> User:
    user = agent(request)
    if not user.is_admin:
        raise PermissionDenied(_("Only administrators may do this"))
    return user


def get_or_404(queryset: QuerySet[M], pk: int) -> M:
    """One object of a permission-scoped queryset; hidden and missing objects look the same."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(_("Not found"))
    return found


def get_for_field(queryset: QuerySet[M], pk: int, field: str) -> M:
    """An object named by an id in the request body: an unknown id is a 422 on ``field``."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("There is nothing with id %(id)s") % {"id": pk}})
    return found


@contextmanager
def errors_on(field: str) -> Iterator[None]:
    """Attach a service's field-less ``ValidationError`` to the request field it came from."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({field: exc.messages}) from exc


def page_of(
    queryset: QuerySet[M], *, ordering: Sequence[str], cursor: str | None, limit: int
) -> dict[str, Any]:
    """One page in the API's list shape: ``{"items": [...], "next_cursor": ...}``."""
    try:
        page = paginate(queryset, ordering=ordering, cursor=cursor, limit=limit)
    except InvalidCursor as exc:
        raise ValidationError({"cursor": exc.messages}) from exc
    return {"items": page.items, "next_cursor": page.next_cursor}


_VERSION = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def expected_version(request: HttpRequest, body_version: int | None) -> int | None:
    """The version the client last saw: the body's ``version``, else an ``If-Match`` header."""
    if body_version is not None:
        return body_version
    header = request.headers.get("If-Match")
    if not header:
        return None
    match = _VERSION.match(header)
    if match is None:
        raise ValidationError({"If-Match": _("If-Match must be a ticket version number")})
    return int(match.group(1))


class StrictTextParser(Parser):
    """Ninja's JSON and query parsing, refusing text no database column can hold.

    A NUL character or a lone UTF-16 surrogate is valid JSON but makes PostgreSQL fail; it is
    refused here, once for every endpoint, with a 422 naming where it was found.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        _refuse_unstorable(data, ["body"])
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_unstorable(result, ["query"])
        return result


def _refuse_unstorable(value: Any, loc: list[str | int]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key, loc)
            _refuse_unstorable(item, [*loc, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_unstorable(item, [*loc, index])
    elif isinstance(value, str) and not _storable(value):
        raise NinjaValidationError(
            [
                {
                    "loc": loc,
                    "msg": _("Text may not contain NUL characters or invalid Unicode"),
                    "type": "value_error",
                }
            ]
        )


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
