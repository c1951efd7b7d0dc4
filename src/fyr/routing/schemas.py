"""API schemas for routing: skill rules, teams' modes, agents' capacity, escalations."""

from __future__ import annotations

from ninja import Field, Schema

from fyr.accounts.choices import AssignmentMode, Availability
from fyr.accounts.models import User
from fyr.core.schemas import Id, NonBlank, Omittable, Paged
from fyr.routing.models import SkillRule
from fyr.tickets.choices import TicketType


class SkillRuleOut(Schema):
    id: int
    skill: str
    tag: str
    ticket_type: TicketType | None
    language: str

    @staticmethod
    def resolve_skill(obj: SkillRule) -> str:
        return obj.skill.name

    @staticmethod
    def resolve_ticket_type(obj: SkillRule) -> str | None:
        return obj.ticket_type or None


class SkillRulePage(Paged):
    items: list[SkillRuleOut]


class SkillRuleIn(Schema):
    """A ticket needs `skill` when it has `tag`, is of `ticket_type`, or its requester's
    language is `language` (`en` also matches `en-GB`): give exactly one condition."""

    skill: NonBlank = Field(..., max_length=100, description="Created if new.")
    tag: str = Field("", max_length=100)
    ticket_type: TicketType | None = None
    language: str = Field("", max_length=8)


class SkillRulePatch(Schema):
    """Only the fields sent change; sending a condition replaces the rule's condition."""

    skill: Omittable[NonBlank] = Field(None, max_length=100)
    tag: Omittable[str] = Field(None, max_length=100)
    ticket_type: Omittable[TicketType] = None
    language: Omittable[str] = Field(None, max_length=8)


class TeamRoutingOut(Schema):
    id: int
    name: str
    assignment_mode: AssignmentMode


class TeamRoutingPage(Paged):
    items: list[TeamRoutingOut]


class TeamRoutingPatch(Schema):
    assignment_mode: AssignmentMode


class AgentRoutingOut(Schema):
    id: int
    name: str
    availability: Availability
    max_open_tickets: int | None = Field(..., description="Capacity; null is no limit.")
    skills: list[str]

    @staticmethod
    def resolve_skills(obj: User) -> list[str]:
        return sorted(skill.name for skill in obj.skills.all())


class AgentRoutingPage(Paged):
    items: list[AgentRoutingOut]


class AgentRoutingPatch(Schema):
    max_open_tickets: int | None = Field(None, ge=0, le=32767, description="null: no limit.")
    skills: Omittable[list[NonBlank]] = Field(None, description="Replaces the agent's skills.")


class TierChangeIn(Schema):
    tier: int = Field(..., ge=1, le=3)
    team_id: Id | None = Field(None, description="Move the ticket to this team too.")
    reason: NonBlank = Field(..., max_length=1000, description="Why; shown in the timeline.")
    version: int | None = Field(None, description="The version you last read.")
