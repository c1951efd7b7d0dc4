"""Endpoints about the people who work the desk: the caller, and teams."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router

from fyr.accounts import services as accounts
from fyr.accounts.models import Team, User
from fyr.accounts.schemas import MeOut, MePatch, TeamIn, TeamOut, TeamPage
from fyr.core.api import agent, page_of, require_admin
from fyr.core.schemas import PageParams
from fyr.core.typing import ApiRequest
from fyr.routing import services as routing

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut)
def me(request: ApiRequest) -> User:
    """The agent the request is authenticated as."""
    return agent(request)


@router.patch("/me", response=MeOut)
def update_me(request: ApiRequest, payload: MePatch) -> User:
    """Set your availability: only online agents are routed new work."""
    return routing.set_availability(agent(request), payload.availability)


@router.get("/teams", response=TeamPage)
def list_teams(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Teams by name, with their members' ids."""
    teams = Team.objects.prefetch_related("memberships")
    return page_of(teams, ordering=("name", "id"), cursor=page.cursor, limit=page.limit)


@router.post("/teams", response={201: TeamOut})
def create_team(request: ApiRequest, payload: TeamIn) -> tuple[int, Team]:
    """Administrators only."""
    require_admin(request)
    return 201, accounts.create_team(**payload.model_dump())
