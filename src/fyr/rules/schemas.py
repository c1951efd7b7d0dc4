"""API schemas of triggers, automations and webhooks.

Conditions and actions are typed loosely here (their values depend on the field or action) and
checked by the rules' one validator, which reports each problem at its exact location.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from fyr.core.schemas import NonBlank, Omittable, Paged


class RuleConditionIn(Schema):
    field: str = Field(..., max_length=200, description="e.g. `ticket.status`, `time.created`")
    operator: str = Field(..., max_length=30, description="e.g. `is`, `contains`, `gte`")
    value: Any = Field(None, description="Depends on the field; left out for `is_set` etc.")
    business: bool = Field(False, description="Time conditions: count business hours only.")


class RuleConditionsIn(Schema):
    all: list[RuleConditionIn] = Field([], description="Every one must hold.")
    any: list[RuleConditionIn] = Field([], description="If not empty, at least one must hold.")


class RuleActionIn(Schema):
    type: str = Field(..., max_length=30, description="e.g. `set_assignee`, `add_tags`, `notify`")
    value: Any = Field(None, description="Setters and tag actions: the value or tag names.")
    to: str | None = Field(None, max_length=20, description="`notify`: whom to email.")
    team: int | None = Field(None, description="`notify`: this team, not the ticket's.")
    subject: str | None = Field(None, max_length=300, description="`notify`: the subject.")
    body: str | None = Field(None, max_length=20000, description="Notes, replies, mails.")
    webhook: int | None = Field(None, description="`webhook`: the webhook's id.")


class AutomationOut(Schema):
    id: int
    name: str
    description: str
    active: bool
    position: int
    conditions: dict[str, Any]
    actions: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime


class TriggerOut(AutomationOut):
    run_on: list[str]


class TriggerPage(Paged):
    items: list[TriggerOut]


class AutomationPage(Paged):
    items: list[AutomationOut]


class AutomationIn(Schema):
    name: NonBlank = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    active: bool = True
    position: int | None = Field(None, ge=0, le=1_000_000)
    conditions: RuleConditionsIn | None = Field(None, description="Left out: every ticket.")
    actions: list[RuleActionIn]


class TriggerIn(AutomationIn):
    run_on: list[str] = Field(
        ..., description="`created`, `updated`, `customer_message`, `agent_message`"
    )


class AutomationPatch(Schema):
    name: Omittable[NonBlank] = Field(None, max_length=200)
    description: Omittable[str] = Field(None, max_length=5000)
    active: Omittable[bool] = None
    position: Omittable[int] = Field(None, ge=0, le=1_000_000)
    conditions: Omittable[RuleConditionsIn] = None
    actions: Omittable[list[RuleActionIn]] = None


class TriggerPatch(AutomationPatch):
    run_on: Omittable[list[str]] = None


class WebhookIn(Schema):
    name: NonBlank = Field(..., max_length=200)
    url: str = Field(..., max_length=2000)
    secret: str = Field("", max_length=200, description="Empty: a random one is made.")
    active: bool = True


class WebhookPatch(Schema):
    name: Omittable[NonBlank] = Field(None, max_length=200)
    url: Omittable[str] = Field(None, max_length=2000)
    secret: Omittable[str] = Field(None, max_length=200)
    active: Omittable[bool] = None


class WebhookOut(Schema):
    id: int
    name: str
    url: str
    secret: str
    active: bool
    created_at: datetime


class WebhookPage(Paged):
    items: list[WebhookOut]


class WebhookDeliveryOut(Schema):
    id: int
    ticket_id: int | None
    event: str
    rule: dict[str, Any]
    state: str
    attempts: int
    response_status: int | None
    error: str
    created_at: datetime
    last_attempt_at: datetime | None


class WebhookDeliveryPage(Paged):
    items: list[WebhookDeliveryOut]
