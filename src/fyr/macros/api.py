"""The macros API: list, create, read, replace, change, delete, and apply to a ticket."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from ninja import Query, Router

from fyr.accounts.models import Team
from fyr.core.api import agent, expected_version, get_for_field, get_or_404, page_of
from fyr.core.schemas import Id
from fyr.core.typing import ApiRequest
from fyr.macros import services as macros
from fyr.macros.models import Macro
from fyr.macros.schemas import (
    AppliedOut,
    ApplyIn,
    MacroFilters,
    MacroIn,
    MacroOut,
    MacroPage,
    MacroPatch,
)
from fyr.tickets.queries import get_ticket_for

router = Router(tags=["Macros"])

BY_NAME = ("name", "id")


@router.get("/macros", response=MacroPage)
def list_macros(request: ApiRequest, filters: Query[MacroFilters]) -> dict[str, Any]:
    """The caller's macros (own personal, their teams', shared; inactive ones too), by name."""
    rows = _macros(request)
    if filters.q:
        rows = rows.filter(search_name__contains=macros.search_key(filters.q))
    if filters.visibility is not None:
        rows = rows.filter(visibility=filters.visibility)
    if filters.active is not None:
        rows = rows.filter(active=filters.active)
    return page_of(rows, ordering=BY_NAME, cursor=filters.cursor, limit=filters.limit)


@router.post("/macros", response={201: MacroOut})
def create_macro(request: ApiRequest, payload: MacroIn) -> tuple[int, Macro]:
    """A personal macro for anyone; team and shared macros for administrators (else 403)."""
    values = _values(payload.model_dump(exclude={"changes"}), payload)
    with _api_fields():
        return 201, macros.create_macro(by=agent(request), **values)


@router.get("/macros/{macro_id}", response=MacroOut)
def get_macro(request: ApiRequest, macro_id: Id) -> Macro:
    return get_or_404(_macros(request), macro_id)


@router.put("/macros/{macro_id}", response=MacroOut)
def replace_macro(request: ApiRequest, macro_id: Id, payload: MacroIn) -> Macro:
    macro = get_or_404(_macros(request), macro_id)
    values = _values(payload.model_dump(exclude={"changes"}), payload)
    with _api_fields():
        return macros.update_macro(macro, by=agent(request), **values)


@router.patch("/macros/{macro_id}", response=MacroOut)
def update_macro(request: ApiRequest, macro_id: Id, payload: MacroPatch) -> Macro:
    """Change only the fields sent."""
    macro = get_or_404(_macros(request), macro_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"changes"})
    values = _values(sent, payload if "changes" in payload.model_fields_set else None)
    with _api_fields():
        return macros.update_macro(macro, by=agent(request), **values)


@router.delete("/macros/{macro_id}", response={204: None})
def delete_macro(request: ApiRequest, macro_id: Id) -> tuple[int, None]:
    macro = get_or_404(_macros(request), macro_id)
    macros.delete_macro(macro, by=agent(request))
    return 204, None


@router.post("/tickets/{ticket_id}/macros/{macro_id}/apply", response=AppliedOut)
def apply_macro(
    request: ApiRequest, ticket_id: Id, macro_id: Id, payload: ApplyIn | None = None
) -> dict[str, Any]:
    """Apply an active macro: its field changes are saved (one new version; a stale `version`
    answers 409) and its text comes back rendered, for you to edit and send as a message."""
    user = agent(request)
    ticket = get_ticket_for(user, ticket_id)
    macro = get_or_404(macros.visible_macros(user), macro_id)
    version = expected_version(request, payload.version if payload else None)
    applied = macros.apply(macro, ticket, agent=user, expected_version=version)
    return {
        "text": applied.text,
        "internal": applied.internal,
        "ticket_id": ticket.pk,
        "version": applied.ticket.version,
        "changed": applied.changed,
    }


def _macros(request: ApiRequest) -> QuerySet[Macro]:
    return macros.visible_macros(agent(request), include_inactive=True)


def _values(sent: dict[str, Any], payload: MacroIn | MacroPatch | None) -> dict[str, Any]:
    """The request's fields as the services take them: a team for ``team_id``, the changes
    as sent (without the keys left out)."""
    values = dict(sent)
    if "team_id" in values:
        team_id = values.pop("team_id")
        values["team"] = (
            None if team_id is None else get_for_field(Team.objects.all(), team_id, "team_id")
        )
    if payload is not None and payload.changes is not None:
        values["changes"] = payload.changes.model_dump(exclude_unset=True, mode="json")
    elif payload is not None:
        values["changes"] = {}
    return values


@contextmanager
def _api_fields() -> Iterator[None]:
    """The services name the team ``team``; the API calls it ``team_id``."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        renamed = {("team_id" if k == "team" else k): v for k, v in exc.message_dict.items()}
        raise ValidationError(renamed) from exc
