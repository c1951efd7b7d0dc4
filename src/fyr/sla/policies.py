"""Which SLA policy covers a ticket: the active policies, cached, and the first one that matches.

Policies are read on every ticket change that can move a clock (every incoming message among
them), so they are kept in memory as plain frozen values (``fyr.core.configcache``) and matching
reads nothing from the database unless a policy's conditions need it: a ticket's tags, or its
organization's support plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from fyr.core import configcache
from fyr.customers.models import Organization
from fyr.sla.choices import Metric
from fyr.sla.models import SlaPolicy

if TYPE_CHECKING:
    from fyr.tickets.models import Ticket

CACHE_KEY = "sla:policies"

#: The ticket fields a policy's conditions may name, and how each is read from a ticket.
TICKET_FIELDS: dict[str, Callable[[Ticket], Any]] = {
    "priority": lambda t: t.priority,
    "type": lambda t: t.type,
    "channel": lambda t: t.channel,
    "organization": lambda t: t.organization_id,
}
CONDITION_KEYS = (*TICKET_FIELDS, "support_plan", "tags")


@dataclass(frozen=True)
class Target:
    minutes: int
    business_hours: bool

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Policy:
    id: int
    name: str
    conditions: dict[str, frozenset[Any]]
    targets: dict[str, Target]
    warn_before: timedelta
    on_warning: tuple[dict[str, Any], ...]
    on_breach: tuple[dict[str, Any], ...]

    def target(self, metric: str) -> Target | None:
        return self.targets.get(metric)


def active_policies() -> tuple[Policy, ...]:
    return configcache.get(CACHE_KEY, _load)


def forget() -> None:
    configcache.forget(CACHE_KEY)


def _load() -> tuple[Policy, ...]:
    rows = SlaPolicy.objects.filter(is_active=True).prefetch_related("targets")
    return tuple(
        Policy(
            id=row.pk,
            name=row.name,
            conditions={
                key: frozenset(values)
                for key, values in (row.conditions or {}).items()
                if key in CONDITION_KEYS and values
            },
            targets={
                t.metric: Target(t.minutes, t.business_hours)
                for t in row.targets.all()
                if t.metric in Metric.values
            },
            warn_before=timedelta(minutes=row.warn_before_minutes),
            on_warning=tuple(row.on_warning or ()),
            on_breach=tuple(row.on_breach or ()),
        )
        for row in rows.order_by("position", "id")
    )


class _Facts:
    """What matching needs beyond the ticket row, read at most once and only when asked."""

    def __init__(self, ticket: Ticket) -> None:
        self.ticket = ticket
        self._tags: frozenset[str] | None = None
        self._plan: str | None = None

    @property
    def tags(self) -> frozenset[str]:
        if self._tags is None:
            ticket = self.ticket
            self._tags = (
                frozenset(ticket.tags.values_list("name", flat=True)) if ticket.pk else frozenset()
            )
        return self._tags

    @property
    def support_plan(self) -> str:
        if self._plan is None:
            org_id = self.ticket.organization_id
            plan = (
                Organization.objects.filter(pk=org_id)
                .values_list("support_plan", flat=True)
                .first()
                if org_id
                else None
            )
            self._plan = plan or ""
        return self._plan


def _matches(policy: Policy, facts: _Facts) -> bool:
    for key, allowed in policy.conditions.items():
        if key == "tags":
            if not allowed & facts.tags:
                return False
        elif key == "support_plan":
            if facts.support_plan not in allowed:
                return False
        elif TICKET_FIELDS[key](facts.ticket) not in allowed:
            return False
    return True


def policy_for(ticket: Ticket, policies: tuple[Policy, ...] | None = None) -> Policy | None:
    """The first active policy, in position order, whose conditions all hold for ``ticket``."""
    facts = _Facts(ticket)
    for policy in active_policies() if policies is None else policies:
        if _matches(policy, facts):
            return policy
    return None
