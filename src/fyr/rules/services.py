"""Saving triggers, automations and webhooks, and reading the active rules fast.

Every save goes through the validators (``conditions.validate``, ``actions.validate``), so an
invalid rule cannot be stored whichever door it comes through (desk form, API, shell). The
active rules are read on every ticket change through ``fyr.core.configcache``; every save here
forgets that cache.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fyr.core import clock, configcache
from fyr.rules import actions as rule_actions
from fyr.rules import conditions as rule_conditions
from fyr.rules.choices import RunOn
from fyr.rules.conditions import AUTOMATION, TRIGGER, RuleError, RuleInvalid
from fyr.rules.models import Automation, Trigger, Webhook

TRIGGERS_KEY = "rules:triggers"
AUTOMATIONS_KEY = "rules:automations"

R = TypeVar("R", Trigger, Automation)

#: Sources in the order their facts cost to read: conditions are checked cheapest first, so a
#: trigger that fails on the ticket's status never loads the contact.
_COST = {"ticket": 0, "change": 0, "message": 0, "time": 1, "tags": 2, "organization": 3}


@dataclass(frozen=True)
class ActiveRule:
    """An active rule as the observer and the sweep use it: plain data, cheap to keep."""

    id: int
    name: str
    conditions: dict[str, list[dict[str, Any]]]
    actions: list[dict[str, Any]]
    run_on: frozenset[str] = frozenset()


def _cheapest_first(conditions: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    def cost(condition: Mapping[str, Any]) -> int:
        spec = rule_conditions.field_spec(condition["field"])
        return _COST.get(spec.source, 4) if spec else 9

    return {group: sorted(conditions.get(group, []), key=cost) for group in ("all", "any")}


def active_triggers() -> list[ActiveRule]:
    """Active triggers in position order: one query per process every ``TTL_SECONDS``."""

    def load() -> list[ActiveRule]:
        rows = Trigger.objects.filter(active=True).order_by("position", "id")
        return [
            ActiveRule(
                r.pk, r.name, _cheapest_first(r.conditions), list(r.actions), frozenset(r.run_on)
            )
            for r in rows
        ]

    return configcache.get(TRIGGERS_KEY, load)


def active_automations() -> list[ActiveRule]:
    def load() -> list[ActiveRule]:
        rows = Automation.objects.filter(active=True).order_by("position", "id")
        return [
            ActiveRule(r.pk, r.name, _cheapest_first(r.conditions), list(r.actions)) for r in rows
        ]

    return configcache.get(AUTOMATIONS_KEY, load)


# --- triggers and automations ------------------------------------------------------------------


def validate_run_on(value: Any) -> list[str]:
    if not isinstance(value, list) or not value or any(v not in RunOn.values for v in value):
        raise RuleInvalid(
            [
                RuleError(
                    ("run_on",),
                    _("Choose one or more of: %(v)s") % {"v": ", ".join(RunOn.values)},
                )
            ]
        )
    return [v for v in RunOn.values if v in value]


def check_rule(
    scope: str, conditions: Any, actions: Any, run_on: Any = None, *, only: Any = None
) -> dict[str, Any]:
    """Validate a rule's parts (``only`` those named, else all) at once; ``RuleInvalid`` paths
    start with the part's name (``("conditions", "all", 0, "value")``, ``("actions", 1,
    "body")``, ``("run_on",)``)."""
    errors: list[RuleError] = []
    cleaned: dict[str, Any] = {}
    parts: list[tuple[str, Any]] = [
        ("conditions", lambda: rule_conditions.validate(conditions, scope=scope)),
        ("actions", lambda: rule_actions.validate(actions)),
    ]
    if scope == TRIGGER:
        parts.insert(0, ("run_on", lambda: validate_run_on(run_on)))
    for name, check in parts:
        if only is not None and name not in only:
            continue
        try:
            cleaned[name] = check()
        except RuleInvalid as exc:
            errors.extend(
                RuleError(e.path if e.path[:1] == (name,) else (name, *e.path), e.message)
                for e in exc.errors
            )
    if errors:
        raise RuleInvalid(errors)
    return cleaned


def _check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise RuleInvalid([RuleError(("name",), _("A rule needs a name"))])
    if len(name) > 200:
        raise RuleInvalid([RuleError(("name",), _("At most 200 characters"))])
    return name


def create_trigger(
    *,
    name: str,
    run_on: Sequence[str],
    conditions: Any,
    actions: Any,
    active: bool = True,
    description: str = "",
    position: int | None = None,
) -> Trigger:
    return _create(
        Trigger,
        TRIGGER,
        name=name,
        conditions=conditions,
        actions=actions,
        active=active,
        description=description,
        position=position,
        run_on=list(run_on),
    )


def create_automation(
    *,
    name: str,
    conditions: Any,
    actions: Any,
    active: bool = True,
    description: str = "",
    position: int | None = None,
) -> Automation:
    return _create(
        Automation,
        AUTOMATION,
        name=name,
        conditions=conditions,
        actions=actions,
        active=active,
        description=description,
        position=position,
    )


def _create(model: type[R], scope: str, *, position: int | None, **fields: Any) -> R:
    name = _check_name(fields.pop("name"))
    checked = check_rule(
        scope, fields.pop("conditions"), fields.pop("actions"), fields.get("run_on")
    )
    with transaction.atomic():
        if position is None:
            highest = model.objects.aggregate(top=Max("position"))["top"]
            position = 0 if highest is None else highest + 1
        rule = model.objects.create(name=name, position=position, **{**fields, **checked})
        _forget(model)
    return rule


def update_rule(rule: R, **changes: Any) -> R:
    """Change the fields given (``name``, ``active``, ``description``, ``position``,
    ``conditions``, ``actions``, and ``run_on`` for triggers)."""
    allowed = {"name", "active", "description", "position", "conditions", "actions"}
    scope = TRIGGER if isinstance(rule, Trigger) else AUTOMATION
    if scope == TRIGGER:
        allowed.add("run_on")
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown rule fields: {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = _check_name(changes["name"])
    # Only the parts sent are checked: switching off a rule whose agent has since left must
    # still work (its actions are checked again when they are edited, and skipped when run).
    checked = check_rule(
        scope,
        changes.get("conditions"),
        changes.get("actions"),
        changes.get("run_on"),
        only=set(changes),
    )
    for key, value in {**changes, **checked}.items():
        setattr(rule, key, value)
    rule.updated_at = clock.now()
    with transaction.atomic():
        rule.save()
        _forget(type(rule))
    return rule


def set_active(rule: R, active: bool) -> R:
    """Switch a rule on or off without checking it again (switching off must always work)."""
    type(rule).objects.filter(pk=rule.pk).update(active=active, updated_at=clock.now())
    rule.active = active
    _forget(type(rule))
    return rule


def move(rule: R, *, offset: int) -> None:
    """Move a rule up (``-1``) or down (``1``) in the order by swapping with its neighbour."""
    model = type(rule)
    ordered = list(model.objects.order_by("position", "id").values_list("pk", flat=True))
    index = ordered.index(rule.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    with transaction.atomic():
        for position, pk in enumerate(ordered):
            model.objects.filter(pk=pk).exclude(position=position).update(position=position)
        _forget(model)


def delete_rule(rule: Trigger | Automation) -> None:
    model = type(rule)
    with transaction.atomic():
        rule.delete()
        _forget(model)


def _forget(model: type[Trigger] | type[Automation]) -> None:
    configcache.forget(TRIGGERS_KEY if model is Trigger else AUTOMATIONS_KEY)


# --- webhooks ----------------------------------------------------------------------------------


def _check_webhook(name: str, url: str, secret: str) -> dict[str, str]:
    from urllib.parse import urlsplit

    from fyr.tickets.services import one_line

    errors: dict[str, str] = {}
    name = one_line(name, 200)
    if not name:
        errors["name"] = _("A webhook needs a name")
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        errors["url"] = _("Give an http:// or https:// URL")
    if len(secret) > 200:
        errors["secret"] = _("At most 200 characters")
    elif secret and len(secret) < 16:
        errors["secret"] = _("Use at least 16 characters, or leave it empty to get one")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "url": url, "secret": secret or secrets.token_urlsafe(32)}


def create_webhook(*, name: str, url: str, secret: str = "", active: bool = True) -> Webhook:
    """A webhook; an empty ``secret`` gets a random one (shown to admins to set up the
    receiver)."""
    return Webhook.objects.create(**_check_webhook(name, url, secret), active=active)


def update_webhook(webhook: Webhook, **changes: Any) -> Webhook:
    unknown = set(changes) - {"name", "url", "secret", "active"}
    if unknown:
        raise ValueError(f"unknown webhook fields: {sorted(unknown)}")
    checked = _check_webhook(
        changes.get("name", webhook.name),
        changes.get("url", webhook.url),
        changes.get("secret", webhook.secret),
    )
    for key in changes:
        setattr(webhook, key, checked.get(key, changes[key]))
    webhook.save()
    return webhook


def delete_webhook(webhook: Webhook) -> None:
    """Delete a webhook that no rule calls (a rule calling it would fail validation later)."""
    users = [
        rule.name
        for model in (Trigger, Automation)
        for rule in model.objects.all()
        if any(a.get("webhook") == webhook.pk for a in rule.actions)
    ]
    if users:
        raise ValidationError(
            _("Rules still call this webhook: %(names)s") % {"names": ", ".join(users)}
        )
    webhook.delete()
