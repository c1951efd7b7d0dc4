"""The triggers, automations and webhooks API: agents read rules, administrators write them.

Rules are validated by the same validator as the desk's form; each problem is a 422 item whose
``loc`` points into the body (``["body", "payload", "conditions", "all", 0, "value"]``).
Webhooks (which hold signing secrets) are for administrators only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ninja import Query, Router
from ninja.errors import ValidationError as NinjaValidationError

from fyr.core.api import get_or_404, page_of, require_admin
from fyr.core.schemas import Id, PageParams
from fyr.core.typing import ApiRequest
from fyr.rules import services as rules
from fyr.rules.conditions import RuleInvalid
from fyr.rules.models import Automation, Trigger, Webhook
from fyr.rules.schemas import (
    AutomationIn,
    AutomationOut,
    AutomationPage,
    AutomationPatch,
    TriggerIn,
    TriggerOut,
    TriggerPage,
    TriggerPatch,
    WebhookDeliveryPage,
    WebhookIn,
    WebhookOut,
    WebhookPage,
    WebhookPatch,
)

router = Router(tags=["Triggers and automations"])

BY_POSITION = ("position", "id")


@contextmanager
def _located() -> Iterator[None]:
    """A rule's validation errors as ninja's 422 items, located in the request body."""
    try:
        yield
    except RuleInvalid as exc:
        raise NinjaValidationError(
            [
                {"type": "value_error", "loc": ["body", "payload", *e.path], "msg": e.message}
                for e in exc.errors
            ]
        ) from exc


def _rule_fields(payload: Any, *, partial: bool) -> dict[str, Any]:
    data: dict[str, Any] = payload.model_dump(exclude_unset=partial)
    if "conditions" in data and data["conditions"] is not None:
        data["conditions"] = {
            group: [_condition(c) for c in data["conditions"].get(group, [])]
            for group in ("all", "any")
        }
    if "actions" in data and data["actions"] is not None:
        data["actions"] = [{k: v for k, v in a.items() if v is not None} for a in data["actions"]]
    return data


def _condition(condition: dict[str, Any]) -> dict[str, Any]:
    """``business: false`` is the default and not stored; ``value: null`` is kept (it means
    "no assignee" for id fields)."""
    return {k: v for k, v in condition.items() if k != "business" or v}


# --- triggers ----------------------------------------------------------------------------------


@router.get("/triggers", response=TriggerPage)
def list_triggers(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Triggers in the order they run."""
    return page_of(
        Trigger.objects.all(), ordering=BY_POSITION, cursor=page.cursor, limit=page.limit
    )


@router.post("/triggers", response={201: TriggerOut})
def create_trigger(request: ApiRequest, payload: TriggerIn) -> tuple[int, Trigger]:
    """Administrators only. Without `position` the trigger runs last."""
    require_admin(request)
    with _located():
        return 201, rules.create_trigger(**_rule_fields(payload, partial=False))


@router.get("/triggers/{trigger_id}", response=TriggerOut)
def get_trigger(request: ApiRequest, trigger_id: Id) -> Trigger:
    return get_or_404(Trigger.objects.all(), trigger_id)


@router.put("/triggers/{trigger_id}", response=TriggerOut)
def replace_trigger(request: ApiRequest, trigger_id: Id, payload: TriggerIn) -> Trigger:
    trigger = get_or_404(Trigger.objects.all(), trigger_id)
    require_admin(request)
    fields = _rule_fields(payload, partial=False)
    if fields["position"] is None:
        fields.pop("position")
    with _located():
        return rules.update_rule(trigger, **fields)


@router.patch("/triggers/{trigger_id}", response=TriggerOut)
def update_trigger(request: ApiRequest, trigger_id: Id, payload: TriggerPatch) -> Trigger:
    """Change only the fields sent."""
    trigger = get_or_404(Trigger.objects.all(), trigger_id)
    require_admin(request)
    with _located():
        return rules.update_rule(trigger, **_rule_fields(payload, partial=True))


@router.delete("/triggers/{trigger_id}", response={204: None})
def delete_trigger(request: ApiRequest, trigger_id: Id) -> tuple[int, None]:
    trigger = get_or_404(Trigger.objects.all(), trigger_id)
    require_admin(request)
    rules.delete_rule(trigger)
    return 204, None


# --- automations -------------------------------------------------------------------------------


@router.get("/automations", response=AutomationPage)
def list_automations(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Automations in the order they run each minute."""
    return page_of(
        Automation.objects.all(), ordering=BY_POSITION, cursor=page.cursor, limit=page.limit
    )


@router.post("/automations", response={201: AutomationOut})
def create_automation(request: ApiRequest, payload: AutomationIn) -> tuple[int, Automation]:
    require_admin(request)
    with _located():
        return 201, rules.create_automation(**_rule_fields(payload, partial=False))


@router.get("/automations/{automation_id}", response=AutomationOut)
def get_automation(request: ApiRequest, automation_id: Id) -> Automation:
    return get_or_404(Automation.objects.all(), automation_id)


@router.put("/automations/{automation_id}", response=AutomationOut)
def replace_automation(request: ApiRequest, automation_id: Id, payload: AutomationIn) -> Automation:
    automation = get_or_404(Automation.objects.all(), automation_id)
    require_admin(request)
    fields = _rule_fields(payload, partial=False)
    if fields["position"] is None:
        fields.pop("position")
    with _located():
        return rules.update_rule(automation, **fields)


@router.patch("/automations/{automation_id}", response=AutomationOut)
def update_automation(
    request: ApiRequest, automation_id: Id, payload: AutomationPatch
) -> Automation:
    automation = get_or_404(Automation.objects.all(), automation_id)
    require_admin(request)
    with _located():
        return rules.update_rule(automation, **_rule_fields(payload, partial=True))


@router.delete("/automations/{automation_id}", response={204: None})
def delete_automation(request: ApiRequest, automation_id: Id) -> tuple[int, None]:
    automation = get_or_404(Automation.objects.all(), automation_id)
    require_admin(request)
    rules.delete_rule(automation)
    return 204, None


# --- webhooks ----------------------------------------------------------------------------------


@router.get("/webhooks", response=WebhookPage)
def list_webhooks(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Administrators only (webhooks carry their signing secrets)."""
    require_admin(request)
    return page_of(Webhook.objects.all(), ordering=("id",), cursor=page.cursor, limit=page.limit)


@router.post("/webhooks", response={201: WebhookOut})
def create_webhook(request: ApiRequest, payload: WebhookIn) -> tuple[int, Webhook]:
    require_admin(request)
    return 201, rules.create_webhook(**payload.model_dump())


@router.get("/webhooks/{webhook_id}", response=WebhookOut)
def get_webhook(request: ApiRequest, webhook_id: Id) -> Webhook:
    require_admin(request)
    return get_or_404(Webhook.objects.all(), webhook_id)


@router.patch("/webhooks/{webhook_id}", response=WebhookOut)
def update_webhook(request: ApiRequest, webhook_id: Id, payload: WebhookPatch) -> Webhook:
    require_admin(request)
    webhook = get_or_404(Webhook.objects.all(), webhook_id)
    return rules.update_webhook(webhook, **payload.model_dump(exclude_unset=True))


@router.delete("/webhooks/{webhook_id}", response={204: None})
def delete_webhook(request: ApiRequest, webhook_id: Id) -> tuple[int, None]:
    require_admin(request)
    rules.delete_webhook(get_or_404(Webhook.objects.all(), webhook_id))
    return 204, None


@router.get("/webhooks/{webhook_id}/deliveries", response=WebhookDeliveryPage)
def list_deliveries(request: ApiRequest, webhook_id: Id, page: Query[PageParams]) -> dict[str, Any]:
    """The webhook's calls, newest first: state, attempts, the receiver's answer."""
    require_admin(request)
    webhook = get_or_404(Webhook.objects.all(), webhook_id)
    return page_of(
        webhook.deliveries.all(), ordering=("-id",), cursor=page.cursor, limit=page.limit
    )
