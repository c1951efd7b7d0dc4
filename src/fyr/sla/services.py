"""SLA policies: saved, reordered and deleted here, validated the same way for the desk and the API.

A changed, deactivated or deleted policy is applied again to the tickets whose clocks it runs
(a background task, a batch at a time): new targets move their deadlines, a policy that no longer
covers them cancels their clocks. New and changed policies reach other tickets at their next
change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fyr.accounts.models import Team
from fyr.core import clock
from fyr.customers.models import Organization
from fyr.sla import policies
from fyr.sla.choices import ClockState, Escalation, Metric
from fyr.sla.models import SlaClock, SlaPolicy, SlaTarget
from fyr.tickets.choices import Channel, Priority, TicketType
from fyr.tickets.models import Ticket
from fyr.tickets.services import normalize_tag

#: Longest target accepted: a year of minutes.
MAX_MINUTES = 366 * 24 * 60


@dataclass(frozen=True)
class TargetInput:
    metric: str
    minutes: int
    business_hours: bool = True


@dataclass(frozen=True)
class PolicyInput:
    """Everything a policy is; the desk form and the API both build one."""

    name: str
    description: str = ""
    is_active: bool = True
    conditions: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    targets: Sequence[TargetInput] = ()
    warn_before_minutes: int = 30
    on_warning: Sequence[Mapping[str, Any]] = ()
    on_breach: Sequence[Mapping[str, Any]] = ()


def create_policy(data: PolicyInput) -> SlaPolicy:
    last = SlaPolicy.objects.order_by("-position").values_list("position", flat=True).first()
    return _save(SlaPolicy(position=(last or 0) + 1), data)


def update_policy(policy: SlaPolicy, data: PolicyInput) -> SlaPolicy:
    return _save(policy, data)


def delete_policy(policy: SlaPolicy) -> None:
    with transaction.atomic():
        affected = _tickets_with_open_clocks(policy.pk)
        policy.delete()
        policies.forget()
        _resync_later(affected)


def reorder(ids: Sequence[int]) -> None:
    """Put the policies in the order of ``ids`` (first match wins); others keep their order
    after them."""
    with transaction.atomic():
        known = list(SlaPolicy.objects.order_by("position", "id").values_list("id", flat=True))
        if set(ids) - set(known):
            raise ValidationError({"ids": _("Unknown SLA policy in the new order")})
        order = [*dict.fromkeys(ids), *(pk for pk in known if pk not in ids)]
        rows = [SlaPolicy(pk=pk, position=index + 1) for index, pk in enumerate(order)]
        SlaPolicy.objects.bulk_update(rows, ["position"])
        policies.forget()


def _save(policy: SlaPolicy, data: PolicyInput) -> SlaPolicy:
    clean = validate(data, policy)
    with transaction.atomic():
        existed = policy.pk is not None
        policy.name = clean.name
        policy.description = clean.description
        policy.is_active = clean.is_active
        policy.conditions = dict(clean.conditions)
        policy.warn_before_minutes = clean.warn_before_minutes
        policy.on_warning = [dict(a) for a in clean.on_warning]
        policy.on_breach = [dict(a) for a in clean.on_breach]
        policy.updated_at = clock.now()
        policy.save()
        SlaTarget.objects.filter(policy=policy).delete()
        SlaTarget.objects.bulk_create(
            SlaTarget(
                policy=policy, metric=t.metric, minutes=t.minutes, business_hours=t.business_hours
            )
            for t in clean.targets
        )
        policies.forget()
        if existed:
            _resync_later(_tickets_with_open_clocks(policy.pk))
    return policy


def validate(data: PolicyInput, policy: SlaPolicy | None = None) -> PolicyInput:
    """``data`` with its values normalised, or a ``ValidationError`` naming each bad field."""
    errors: dict[str, list[str]] = {}
    name = (data.name or "").strip()
    if not name:
        errors.setdefault("name", []).append(_("A policy needs a name"))
    elif (
        SlaPolicy.objects.filter(name=name)
        .exclude(pk=(policy.pk if policy else None) or 0)
        .exists()
    ):
        errors.setdefault("name", []).append(_("There is already a policy with this name"))
    conditions = _conditions(data.conditions, errors)
    targets = _targets(data.targets, errors)
    if not 0 <= data.warn_before_minutes <= MAX_MINUTES:
        errors.setdefault("warn_before_minutes", []).append(
            _("The warning comes 0 to %(max)s minutes before the deadline") % {"max": MAX_MINUTES}
        )
    on_warning = _escalations(data.on_warning, "on_warning", errors)
    on_breach = _escalations(data.on_breach, "on_breach", errors)
    if errors:
        raise ValidationError(errors)
    return PolicyInput(
        name=name,
        description=(data.description or "").strip(),
        is_active=data.is_active,
        conditions=conditions,
        targets=targets,
        warn_before_minutes=data.warn_before_minutes,
        on_warning=on_warning,
        on_breach=on_breach,
    )


_CHOICES = {
    "priority": set(Priority.values),
    "type": set(TicketType.values),
    "channel": set(Channel.values),
}


def _conditions(
    raw: Mapping[str, Sequence[Any]], errors: dict[str, list[str]]
) -> dict[str, list[Any]]:
    clean: dict[str, list[Any]] = {}
    for key, values in (raw or {}).items():
        if key not in policies.CONDITION_KEYS:
            errors.setdefault("conditions", []).append(
                _("Unknown condition %(key)s; conditions are %(keys)s")
                % {"key": key, "keys": ", ".join(policies.CONDITION_KEYS)}
            )
            continue
        if not isinstance(values, list | tuple):
            errors.setdefault("conditions", []).append(
                _("The condition %(key)s is a list of values") % {"key": key}
            )
            continue
        if key in _CHOICES:
            wrong = [v for v in values if v not in _CHOICES[key]]
            if wrong:
                errors.setdefault("conditions", []).append(
                    _("Unknown %(key)s: %(values)s")
                    % {"key": key, "values": ", ".join(map(str, wrong))}
                )
            items: list[Any] = sorted(set(values))
        elif key == "organization":
            try:
                ids = sorted({int(v) for v in values})
            except (TypeError, ValueError):
                ids = []
                errors.setdefault("conditions", []).append(_("Organizations are given by id"))
            valid = [i for i in ids if 0 < i < 2**63]  # others name nothing (and overflow SQL)
            found = set(Organization.objects.filter(pk__in=valid).values_list("pk", flat=True))
            if set(ids) - found:
                errors.setdefault("conditions", []).append(
                    _("Unknown organization: %(ids)s")
                    % {"ids": ", ".join(str(i) for i in sorted(set(ids) - found))}
                )
            items = ids
        else:  # support plans and tags: free text, compared as given (tags in their normal form)
            texts = [str(v).strip() for v in values if str(v).strip()]
            items = sorted({normalize_tag(t) for t in texts} if key == "tags" else set(texts))
        if items:
            clean[key] = items
    return clean


def _targets(raw: Iterable[TargetInput], errors: dict[str, list[str]]) -> list[TargetInput]:
    clean: dict[str, TargetInput] = {}
    for target in raw:
        if target.metric not in Metric.values:
            errors.setdefault("targets", []).append(
                _("Unknown metric %(metric)s") % {"metric": target.metric}
            )
        elif target.metric in clean:
            errors.setdefault("targets", []).append(
                _("%(metric)s has two targets") % {"metric": Metric(target.metric).label}
            )
        elif not 1 <= target.minutes <= MAX_MINUTES:
            errors.setdefault("targets", []).append(
                _("A target is 1 to %(max)s minutes") % {"max": MAX_MINUTES}
            )
        else:
            clean[target.metric] = target
    if not clean and "targets" not in errors:
        errors["targets"] = [_("A policy needs at least one target")]
    return [clean[m] for m in Metric.values if m in clean]


def _escalations(
    raw: Iterable[Mapping[str, Any]], key: str, errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    clean: list[dict[str, Any]] = []
    for action in raw:
        name = action.get("action")
        if name not in Escalation.values:
            errors.setdefault(key, []).append(_("Unknown escalation %(action)s") % {"action": name})
        elif name == Escalation.MOVE_TO_TEAM:
            team = action.get("team")
            if not isinstance(team, int) or not Team.objects.filter(pk=team).exists():
                errors.setdefault(key, []).append(_("Moving a ticket needs an existing team"))
            else:
                clean.append({"action": name, "team": team})
        elif name == Escalation.SET_TIER:
            if action.get("tier") not in (2, 3):
                errors.setdefault(key, []).append(_("Escalation goes to tier 2 or 3"))
            else:
                clean.append({"action": name, "tier": action["tier"]})
        else:
            clean.append({"action": name})
    return clean


# --- applying a changed policy to its tickets --------------------------------------------------


def _tickets_with_open_clocks(policy_id: int) -> list[int]:
    return sorted(
        set(
            SlaClock.objects.filter(
                policy_id=policy_id, state__in=(ClockState.RUNNING, ClockState.PAUSED)
            ).values_list("ticket_id", flat=True)
        )
    )


def _resync_later(ticket_ids: list[int]) -> None:
    if not ticket_ids:
        return

    def enqueue() -> None:
        from fyr.sla.tasks import resync_tickets

        for start in range(0, len(ticket_ids), RESYNC_BATCH):
            resync_tickets.enqueue(ticket_ids[start : start + RESYNC_BATCH])

    transaction.on_commit(enqueue)


RESYNC_BATCH = 500


def resync(ticket_ids: Sequence[int]) -> int:
    """Bring these tickets' clocks in line with the policies as they are now."""
    from fyr.sla.clocks import Clocks

    done = 0
    for ticket_id in ticket_ids:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
            if ticket is None:
                continue
            clocks = list(SlaClock.objects.filter(ticket=ticket))
            Clocks(ticket, clocks, policies.policy_for(ticket)).follow(()).save()
            done += 1
    return done
