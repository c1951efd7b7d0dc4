"""The SLA policies API: administrators script their service levels here."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router

from fyr.core.api import get_or_404, page_of, require_admin
from fyr.core.schemas import Id, PageParams
from fyr.core.typing import ApiRequest
from fyr.sla import services
from fyr.sla.models import SlaPolicy
from fyr.sla.schemas import OrderIn, PolicyIn, PolicyOut, PolicyPage, PolicyPatch
from fyr.sla.services import PolicyInput, TargetInput

router = Router(tags=["SLA"])


def _policies() -> Any:
    return SlaPolicy.objects.prefetch_related("targets")


def _input(payload: PolicyIn) -> PolicyInput:
    data = payload.model_dump()
    return PolicyInput(
        name=data["name"],
        description=data["description"],
        is_active=data["is_active"],
        conditions={k: v for k, v in data["conditions"].items() if v},
        targets=[
            TargetInput(t["metric"], t["minutes"], t["business_hours"]) for t in data["targets"]
        ],
        warn_before_minutes=data["warn_before_minutes"],
        on_warning=[{k: v for k, v in a.items() if v is not None} for a in data["on_warning"]],
        on_breach=[{k: v for k, v in a.items() if v is not None} for a in data["on_breach"]],
    )


def _as_payload(policy: SlaPolicy) -> dict[str, Any]:
    return PolicyOut.from_orm(policy).model_dump(exclude={"id", "position"})


@router.get("/sla-policies", response=PolicyPage)
def list_policies(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """SLA policies in the order they are tried (the first that matches a ticket applies)."""
    return page_of(_policies(), ordering=("position", "id"), cursor=page.cursor, limit=page.limit)


@router.post("/sla-policies", response={201: PolicyOut})
def create_policy(request: ApiRequest, payload: PolicyIn) -> tuple[int, SlaPolicy]:
    """Administrators only. A new policy goes last in the order."""
    require_admin(request)
    policy = services.create_policy(_input(payload))
    return 201, get_or_404(_policies(), policy.pk)


@router.put("/sla-policies/order", response=list[int])
def reorder_policies(request: ApiRequest, payload: OrderIn) -> list[int]:
    """Administrators only: the new order, first match first; returns the ids in order."""
    require_admin(request)
    services.reorder(payload.ids)
    return list(SlaPolicy.objects.order_by("position", "id").values_list("id", flat=True))


@router.get("/sla-policies/{policy_id}", response=PolicyOut)
def get_policy(request: ApiRequest, policy_id: Id) -> SlaPolicy:
    return get_or_404(_policies(), policy_id)


@router.put("/sla-policies/{policy_id}", response=PolicyOut)
def replace_policy(request: ApiRequest, policy_id: Id, payload: PolicyIn) -> SlaPolicy:
    require_admin(request)
    policy = get_or_404(SlaPolicy.objects.all(), policy_id)
    services.update_policy(policy, _input(payload))
    return get_or_404(_policies(), policy_id)


@router.patch("/sla-policies/{policy_id}", response=PolicyOut)
def update_policy(request: ApiRequest, policy_id: Id, payload: PolicyPatch) -> SlaPolicy:
    require_admin(request)
    policy = get_or_404(_policies(), policy_id)
    merged = {**_as_payload(policy), **payload.model_dump(exclude_unset=True)}
    services.update_policy(policy, _input(PolicyIn(**merged)))
    return get_or_404(_policies(), policy_id)


@router.delete("/sla-policies/{policy_id}", response={204: None})
def delete_policy(request: ApiRequest, policy_id: Id) -> tuple[int, None]:
    """Administrators only. The clocks it ran on open tickets are cancelled."""
    require_admin(request)
    services.delete_policy(get_or_404(SlaPolicy.objects.all(), policy_id))
    return 204, None
