"""The routing API: skill rules, teams' assignment modes, agents' capacity and skills, tiers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Query, Router

from fyr.accounts.choices import Role
from fyr.accounts.models import Team, User
from fyr.core.api import (
    actor,
    agent,
    expected_version,
    get_for_field,
    get_or_404,
    page_of,
    require_admin,
    require_full_agent,
)
from fyr.core.schemas import Id, PageParams
from fyr.core.typing import ApiRequest
from fyr.routing import services as routing
from fyr.routing.models import SkillRule
from fyr.routing.schemas import (
    AgentRoutingOut,
    AgentRoutingPage,
    AgentRoutingPatch,
    SkillRuleIn,
    SkillRuleOut,
    SkillRulePage,
    SkillRulePatch,
    TeamRoutingOut,
    TeamRoutingPage,
    TeamRoutingPatch,
    TierChangeIn,
)
from fyr.tickets.models import Ticket
from fyr.tickets.queries import get_ticket_for
from fyr.tickets.schemas import TicketOut

router = Router(tags=["Routing"])

BY_ID = ("id",)
BY_NAME = ("name", "id")


# --- skill rules -------------------------------------------------------------------------------


@router.get("/skill-rules", response=SkillRulePage)
def list_skill_rules(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The rules saying which skills a ticket needs, oldest first."""
    rules = SkillRule.objects.select_related("skill")
    return page_of(rules, ordering=BY_ID, cursor=page.cursor, limit=page.limit)


@router.post("/skill-rules", response={201: SkillRuleOut})
def create_skill_rule(request: ApiRequest, payload: SkillRuleIn) -> tuple[int, SkillRule]:
    """Administrators only; exactly one of `tag`, `ticket_type`, `language`."""
    require_admin(request)
    fields = payload.model_dump()
    fields["ticket_type"] = fields["ticket_type"] or ""
    return 201, routing.create_skill_rule(**fields)


@router.get("/skill-rules/{rule_id}", response=SkillRuleOut)
def get_skill_rule(request: ApiRequest, rule_id: Id) -> SkillRule:
    return get_or_404(SkillRule.objects.select_related("skill"), rule_id)


@router.patch("/skill-rules/{rule_id}", response=SkillRuleOut)
def update_skill_rule(request: ApiRequest, rule_id: Id, payload: SkillRulePatch) -> SkillRule:
    """Administrators only; the rule must still have exactly one condition."""
    rule = get_or_404(SkillRule.objects.select_related("skill"), rule_id)
    require_admin(request)
    return routing.update_skill_rule(rule, **payload.model_dump(exclude_unset=True))


@router.delete("/skill-rules/{rule_id}", response={204: None})
def delete_skill_rule(request: ApiRequest, rule_id: Id) -> tuple[int, None]:
    """Administrators only."""
    rule = get_or_404(SkillRule.objects.all(), rule_id)
    require_admin(request)
    routing.delete_skill_rule(rule)
    return 204, None


# --- teams and agents --------------------------------------------------------------------------


@router.get("/routing/teams", response=TeamRoutingPage)
def list_team_modes(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Each team's assignment mode, by name."""
    return page_of(Team.objects.all(), ordering=BY_NAME, cursor=page.cursor, limit=page.limit)


@router.patch("/routing/teams/{team_id}", response=TeamRoutingOut)
def set_team_mode(request: ApiRequest, team_id: Id, payload: TeamRoutingPatch) -> Team:
    """Administrators only. A routed mode hands out the team's waiting tickets at once."""
    team = get_or_404(Team.objects.all(), team_id)
    require_admin(request)
    return routing.set_assignment_mode(team, payload.assignment_mode)


@router.get("/routing/agents", response=AgentRoutingPage)
def list_agents(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Agents who can be routed work (active, not light), with availability, capacity, skills."""
    return page_of(_agents(), ordering=BY_NAME, cursor=page.cursor, limit=page.limit)


@router.patch("/routing/agents/{user_id}", response=AgentRoutingOut)
def update_agent(request: ApiRequest, user_id: Id, payload: AgentRoutingPatch) -> User:
    """Administrators only: capacity (`max_open_tickets`, null for no limit) and skills.
    Availability is each agent's own (`PATCH /me`)."""
    user = get_or_404(_agents(), user_id)
    require_admin(request)
    sent = payload.model_dump(exclude_unset=True)
    if "max_open_tickets" in sent:
        routing.set_capacity(user, sent["max_open_tickets"])
    if "skills" in sent:
        routing.set_skills(user, sent["skills"])
    return get_or_404(_agents(), user_id)


def _agents() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=(Role.AGENT, Role.ADMIN)).prefetch_related(
        "skills"
    )


# --- tiers -------------------------------------------------------------------------------------


@router.post("/tickets/{ticket_id}/escalate", response=TicketOut)
def escalate(request: ApiRequest, ticket_id: Id, payload: TierChangeIn) -> Ticket:
    """Raise the ticket to a higher tier (and team) with a reason; 422 without one."""
    return _change_tier(request, ticket_id, payload, routing.escalate)


@router.post("/tickets/{ticket_id}/de-escalate", response=TicketOut)
def de_escalate(request: ApiRequest, ticket_id: Id, payload: TierChangeIn) -> Ticket:
    """Return the ticket to a lower tier (and team) with a reason."""
    return _change_tier(request, ticket_id, payload, routing.de_escalate)


def _change_tier(request: ApiRequest, ticket_id: int, payload: TierChangeIn, change: Any) -> Ticket:
    ticket = get_ticket_for(agent(request), ticket_id)
    require_full_agent(request)
    team = None
    if payload.team_id is not None:
        team = get_for_field(Team.objects.all(), payload.team_id, "team_id")
    # The ticket as changed, even if it moved to a team the caller cannot see.
    changed: Ticket = change(
        ticket,
        actor=actor(request),
        tier=payload.tier,
        team=team,
        reason=payload.reason,
        expected_version=expected_version(request, payload.version),
    )
    return changed
