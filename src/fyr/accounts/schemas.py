"""API schemas for agents and teams."""

from ninja import Field, Schema

from fyr.accounts.choices import Availability, Role
from fyr.accounts.models import Team, User
from fyr.core.schemas import NonBlank, Paged


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: Role
    availability: Availability
    language: str
    team_ids: list[int]

    @staticmethod
    def resolve_team_ids(obj: User) -> list[int]:
        return sorted(m.team_id for m in obj.memberships.all())


class MePatch(Schema):
    availability: Availability = Field(..., description="Only online agents are routed work.")


class TeamOut(Schema):
    id: int
    name: str
    description: str
    email: str
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj: Team) -> list[int]:
        return sorted(m.user_id for m in obj.memberships.all())


class TeamPage(Paged):
    items: list[TeamOut]


class TeamIn(Schema):
    name: NonBlank = Field(..., max_length=100)
    description: str = ""
    email: str = Field("", description="Address the team's mail arrives at, if any.")
