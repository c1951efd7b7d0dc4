"""What a rule does when it fires: the action list's validation and its execution.

Actions are a JSON list, e.g. ``[{"type": "set_assignee", "value": 7}, {"type": "add_tags",
"value": ["billing"]}, {"type": "notify", "to": "team_leads", "subject": "…", "body": "…"}]``.
``validate`` checks every action (ids exist, texts' placeholders are known) when a rule is
saved. ``run`` turns the list into one ticket change through ``tickets.services.apply_rule``
(so the firing is one version with a ``RULE_FIRED`` event and every event names the rule) and
leaves mails to agents and webhook calls to tasks after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fyr.rules.choices import ActionKind, Recipients
from fyr.rules.conditions import RuleError, RuleInvalid
from fyr.tickets.choices import Priority, Status, TicketType

if TYPE_CHECKING:
    from fyr.rules.services import ActiveRule
    from fyr.tickets.events import Actor
    from fyr.tickets.models import Ticket

log = logging.getLogger(__name__)

MAX_ACTIONS = 30
MAX_TEXT = 20_000

#: Actions that set one ticket field, with the ``change_ticket`` field each sets.
SETTERS = {
    ActionKind.SET_STATUS: "status",
    ActionKind.SET_PRIORITY: "priority",
    ActionKind.SET_TYPE: "type",
    ActionKind.SET_TEAM: "team",
    ActionKind.SET_TIER: "tier",
    ActionKind.SET_ASSIGNEE: "assignee",
}

_KEYS: dict[str, set[str]] = {
    **{kind: {"type", "value"} for kind in SETTERS},
    ActionKind.ADD_TAGS: {"type", "value"},
    ActionKind.REMOVE_TAGS: {"type", "value"},
    ActionKind.ADD_NOTE: {"type", "body"},
    ActionKind.EMAIL_CUSTOMER: {"type", "body"},
    ActionKind.NOTIFY: {"type", "to", "team", "subject", "body"},
    ActionKind.WEBHOOK: {"type", "webhook"},
}


def validate(data: Any) -> list[dict[str, Any]]:
    """The actions in stored form, or ``RuleInvalid`` naming each problem by its index."""
    if not isinstance(data, list):
        raise RuleInvalid([RuleError((), _("Actions are a list"))])
    if not data:
        raise RuleInvalid([RuleError((), _("A rule needs at least one action"))])
    if len(data) > MAX_ACTIONS:
        raise RuleInvalid([RuleError((), _("At most %(n)s actions") % {"n": MAX_ACTIONS})])
    errors: list[RuleError] = []
    cleaned = []
    for index, item in enumerate(data):
        action = _validate_action(item, (index,), errors)
        if action is not None:
            cleaned.append(action)
    if errors:
        raise RuleInvalid(errors)
    return cleaned


def _validate_action(
    item: Any, path: tuple[str | int, ...], errors: list[RuleError]
) -> dict[str, Any] | None:
    if not isinstance(item, Mapping) or item.get("type") not in ActionKind.values:
        allowed = ", ".join(ActionKind.values)
        errors.append(
            RuleError((*path, "type"), _("Use one of these types: %(types)s") % {"types": allowed})
        )
        return None
    kind = ActionKind(item["type"])
    for key in sorted(set(item) - _KEYS[kind]):
        errors.append(RuleError((*path, key), _("Unknown key for this action")))
    before = len(errors)
    action: dict[str, Any] = {"type": kind.value}
    if kind in SETTERS:
        action["value"] = _setter_value(kind, item.get("value"), (*path, "value"), errors)
    elif kind in (ActionKind.ADD_TAGS, ActionKind.REMOVE_TAGS):
        action["value"] = _tags(item.get("value"), (*path, "value"), errors)
    elif kind == ActionKind.WEBHOOK:
        action["webhook"] = _webhook(item.get("webhook"), (*path, "webhook"), errors)
    else:
        if kind == ActionKind.NOTIFY:
            if item.get("to") not in Recipients.values:
                errors.append(
                    RuleError(
                        (*path, "to"),
                        _("Use one of: %(values)s") % {"values": ", ".join(Recipients.values)},
                    )
                )
            action["to"] = item.get("to")
            if item.get("team") is not None:
                action["team"] = _setter_value(
                    ActionKind.SET_TEAM, item["team"], (*path, "team"), errors
                )
            action["subject"] = _text(item.get("subject"), (*path, "subject"), errors, 300)
        action["body"] = _text(item.get("body"), (*path, "body"), errors, MAX_TEXT)
    return action if len(errors) == before else None


def _setter_value(
    kind: str, value: Any, path: tuple[str | int, ...], errors: list[RuleError]
) -> Any:
    choices: dict[str, Any] = {
        ActionKind.SET_STATUS: Status,
        ActionKind.SET_PRIORITY: Priority,
        ActionKind.SET_TYPE: TicketType,
    }
    if kind in choices:
        allowed = choices[kind].values
        if value not in allowed:
            errors.append(RuleError(path, _("Use one of: %(v)s") % {"v": ", ".join(allowed)}))
        return value
    if kind == ActionKind.SET_TIER:
        if isinstance(value, bool) or value not in (1, 2, 3):
            errors.append(RuleError(path, _("The support tier is 1, 2 or 3")))
        return value
    if value is None:
        return None  # unassign, or no team
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
        errors.append(RuleError(path, _("Give an id (a positive whole number) or null")))
        return value
    if kind == ActionKind.SET_TEAM:
        from fyr.accounts.models import Team

        if not Team.objects.filter(pk=value).exists():
            errors.append(RuleError(path, _("There is no team with id %(id)s") % {"id": value}))
        return value
    from fyr.accounts.choices import Role
    from fyr.accounts.models import User

    if not User.objects.filter(pk=value, is_active=True).exclude(role=Role.LIGHT).exists():
        errors.append(RuleError(path, _("There is no active agent with id %(id)s") % {"id": value}))
    return value


def _tags(value: Any, path: tuple[str | int, ...], errors: list[RuleError]) -> list[str]:
    from fyr.tickets.services import normalize_tag

    if isinstance(value, str):
        value = [value]
    names = (
        [normalize_tag(v) for v in value if isinstance(v, str)] if isinstance(value, list) else []
    )
    names = list(dict.fromkeys(n for n in names if n))
    if not names or len(names) != len(value) or len(names) > 50:
        errors.append(RuleError(path, _("Give one to 50 tag names")))
    return names


def _webhook(value: Any, path: tuple[str | int, ...], errors: list[RuleError]) -> Any:
    from fyr.rules.models import Webhook

    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
        errors.append(RuleError(path, _("Give a webhook's id")))
    elif not Webhook.objects.filter(pk=value).exists():
        errors.append(RuleError(path, _("There is no webhook with id %(id)s") % {"id": value}))
    return value


def _text(value: Any, path: tuple[str | int, ...], errors: list[RuleError], limit: int) -> str:
    from fyr.macros import placeholders

    if not isinstance(value, str) or not value.strip():
        errors.append(RuleError(path, _("Write a text")))
        return ""
    if len(value) > limit:
        errors.append(RuleError(path, _("At most %(n)s characters") % {"n": limit}))
        return value
    try:
        placeholders.validate(value)
    except ValidationError as exc:
        errors.append(RuleError(path, " ".join(exc.messages)))
    return value


# --- execution ---------------------------------------------------------------------------------


def run(ticket: Ticket, actions: Sequence[Mapping[str, Any]], *, actor: Actor, event: str) -> None:
    """Carry out ``actions`` on ``ticket`` as one change made by ``actor`` (a rule).

    Raises ``ValidationError`` when the ticket cannot take them now (an agent deactivated since
    the rule was saved, a status the ticket cannot move to); the caller rolls the firing back.
    """
    from fyr.macros import placeholders
    from fyr.tickets import services as tickets

    changes: dict[str, Any] = {}
    add: list[str] = []
    remove: list[str] = []
    notes: list[str] = []
    replies: list[str] = []
    later: list[Mapping[str, Any]] = []
    for action in actions:
        kind = action["type"]
        if kind in SETTERS:
            changes[SETTERS[kind]] = _resolve(kind, action["value"])
        elif kind == ActionKind.ADD_TAGS:
            add.extend(action["value"])
        elif kind == ActionKind.REMOVE_TAGS:
            remove.extend(action["value"])
        elif kind == ActionKind.ADD_NOTE:
            notes.append(placeholders.render(action["body"], ticket=ticket))
        elif kind == ActionKind.EMAIL_CUSTOMER:
            replies.append(placeholders.render(action["body"], ticket=ticket))
        else:
            later.append(action)
    tickets.apply_rule(
        ticket,
        actor=actor,
        changes=changes,
        add_tags=add,
        remove_tags=remove,
        note="\n\n".join(notes),
        reply="\n\n".join(replies),
    )
    for action in later:
        _schedule(ticket, action, actor=actor, event=event)


def run_logged(kind: str, rule: ActiveRule, ticket: Ticket, *, event: str) -> None:
    """``run`` the rule's actions in a savepoint; a rule that cannot act now (its agent was
    deactivated, a status the ticket cannot take) or fails is logged and rolled back, and the
    surrounding change (a customer's message, an automation's run) is kept all the same."""
    from fyr.tickets.events import Actor

    actor = Actor.of_rule(kind, rule.id, rule.name)
    try:
        with transaction.atomic():
            run(ticket, rule.actions, actor=actor, event=event)
    except (ValidationError, PermissionDenied) as exc:
        log.warning(
            "%s %s (%s) could not act on ticket %s: %s",
            kind,
            rule.id,
            rule.name,
            ticket.pk,
            "; ".join(getattr(exc, "messages", [str(exc)])),
        )
    except Exception:
        log.exception("%s %s (%s) failed on ticket %s", kind, rule.id, rule.name, ticket.pk)


def _resolve(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == ActionKind.SET_TEAM:
        from fyr.accounts.models import Team

        team = Team.objects.filter(pk=value).first()
        if team is None:
            raise ValidationError(_("The rule's team no longer exists"))
        return team
    if kind == ActionKind.SET_ASSIGNEE:
        from fyr.accounts.models import User

        user = User.objects.filter(pk=value).first()
        if user is None:
            raise ValidationError(_("The rule's agent no longer exists"))
        return user
    return value


def _schedule(ticket: Ticket, action: Mapping[str, Any], *, actor: Actor, event: str) -> None:
    """Mails to agents and webhook calls leave after commit, from tasks (ids, not objects)."""
    from fyr.rules import notifications, webhooks

    rule = actor.rule.as_data() if actor.rule else {}
    if action["type"] == ActionKind.NOTIFY:
        mail = notifications.prepare(ticket, action)
        if mail is not None:
            transaction.on_commit(lambda: notifications.enqueue(ticket.pk, mail, rule))
        return
    delivery = webhooks.prepare(ticket, action["webhook"], rule=rule, event=event)
    if delivery is not None:
        delivery_id = delivery.pk
        transaction.on_commit(lambda: webhooks.enqueue(delivery_id))
