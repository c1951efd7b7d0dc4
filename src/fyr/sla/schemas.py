"""The SLA API's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from fyr.core.schemas import Id, Paged
from fyr.sla.choices import Escalation, Metric, Outcome
from fyr.sla.models import SlaClock, SlaPolicy


class TargetSchema(Schema):
    metric: Metric
    minutes: int = Field(..., ge=1, le=366 * 24 * 60)
    business_hours: bool = True


class EscalationSchema(Schema):
    action: Escalation
    team: int | None = Field(None, ge=1, le=2**63 - 1, description="For `move_to_team`.")
    tier: Literal[2, 3] | None = Field(None, description="For `set_tier`.")


class ConditionsSchema(Schema):
    """Each list narrows the policy to tickets with one of its values; omitted: any."""

    priority: list[str] = []
    type: list[str] = []
    channel: list[str] = []
    organization: list[Id] = []
    support_plan: list[str] = []
    tags: list[str] = []


class PolicyIn(Schema):
    name: str = Field(..., max_length=100)
    description: str = ""
    is_active: bool = True
    conditions: ConditionsSchema = ConditionsSchema()
    targets: list[TargetSchema]
    warn_before_minutes: int = Field(30, ge=0, le=366 * 24 * 60)
    on_warning: list[EscalationSchema] = []
    on_breach: list[EscalationSchema] = []


class PolicyPatch(Schema):
    name: str | None = Field(None, max_length=100)
    description: str | None = None
    is_active: bool | None = None
    conditions: ConditionsSchema | None = None
    targets: list[TargetSchema] | None = None
    warn_before_minutes: int | None = Field(None, ge=0, le=366 * 24 * 60)
    on_warning: list[EscalationSchema] | None = None
    on_breach: list[EscalationSchema] | None = None


class PolicyOut(Schema):
    id: int
    name: str
    description: str
    position: int
    is_active: bool
    conditions: dict[str, list[Any]]
    targets: list[TargetSchema]
    warn_before_minutes: int
    on_warning: list[dict[str, Any]]
    on_breach: list[dict[str, Any]]

    @staticmethod
    def resolve_targets(obj: SlaPolicy) -> list[dict[str, Any]]:
        return [
            {"metric": t.metric, "minutes": t.minutes, "business_hours": t.business_hours}
            for t in obj.targets.all()
        ]


class PolicyPage(Paged):
    items: list[PolicyOut]


class OrderIn(Schema):
    ids: list[int] = Field(..., description="Policy ids, first match first.")


class SlaTargetOut(Schema):
    """One SLA target on a ticket: its deadline and how it stands."""

    metric: Metric
    policy: str | None
    target_minutes: int
    business_hours: bool
    status: Outcome
    started_at: datetime
    due_at: datetime | None = Field(None, description="While running.")
    breached_at: datetime | None = None
    stopped_at: datetime | None = None

    @staticmethod
    def resolve_policy(obj: SlaClock) -> str | None:
        return obj.policy.name if obj.policy else None

    @staticmethod
    def resolve_status(obj: SlaClock) -> Outcome:
        return obj.outcome
