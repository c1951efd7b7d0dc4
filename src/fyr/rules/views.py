"""The desk's settings pages for triggers, automations and webhooks (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fyr.core.decorators import admin_required
from fyr.rules import conditions as c
from fyr.rules import forms as rule_forms
from fyr.rules import services as rules
from fyr.rules.choices import ActionKind, Recipients, RunOn
from fyr.rules.conditions import RuleInvalid
from fyr.rules.models import Automation, Trigger, Webhook

#: Each rule kind's model, validation scope and url names.
KINDS: dict[str, dict[str, Any]] = {
    "trigger": {"model": Trigger, "scope": c.TRIGGER, "list": "desk:triggers"},
    "automation": {"model": Automation, "scope": c.AUTOMATION, "list": "desk:automations"},
}


def _model(kind: str) -> Any:
    if kind not in KINDS:
        raise Http404(kind)
    return KINDS[kind]["model"]


# --- lists -------------------------------------------------------------------------------------


@admin_required
def trigger_list(request: HttpRequest) -> HttpResponse:
    return _rule_list(request, "trigger")


@admin_required
def automation_list(request: HttpRequest) -> HttpResponse:
    return _rule_list(request, "automation")


def _rule_list(request: HttpRequest, kind: str) -> HttpResponse:
    model = KINDS[kind]["model"]
    items = [
        {
            "rule": rule,
            "conditions": [
                rule_forms.describe_condition(cond) for cond in c.conditions_of(rule.conditions)
            ],
            "actions": [rule_forms.describe_action(action) for action in rule.actions],
            "run_on": [str(RunOn(v).label) for v in getattr(rule, "run_on", [])],
        }
        for rule in model.objects.order_by("position", "id")
    ]
    return render(request, "rules/rule_list.html", {"kind": kind, "items": items})


@admin_required
@require_POST
def rule_toggle(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    rule = get_object_or_404(_model(kind), pk=pk)
    rules.set_active(rule, not rule.active)
    return redirect(KINDS[kind]["list"])


@admin_required
@require_POST
def rule_move(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    rule = get_object_or_404(_model(kind), pk=pk)
    rules.move(rule, offset=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(KINDS[kind]["list"])


@admin_required
@require_POST
def rule_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    rule = get_object_or_404(_model(kind), pk=pk)
    rules.delete_rule(rule)
    messages.success(request, _("%(name)s was deleted") % {"name": rule.name})
    return redirect(KINDS[kind]["list"])


# --- create and edit ---------------------------------------------------------------------------


@admin_required
def trigger_new(request: HttpRequest) -> HttpResponse:
    return _rule_form(request, "trigger", None)


@admin_required
def trigger_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_form(request, "trigger", get_object_or_404(Trigger, pk=pk))


@admin_required
def automation_new(request: HttpRequest) -> HttpResponse:
    return _rule_form(request, "automation", None)


@admin_required
def automation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_form(request, "automation", get_object_or_404(Automation, pk=pk))


def _rule_form(request: HttpRequest, kind: str, rule: Any) -> HttpResponse:
    form_class = rule_forms.TriggerForm if kind == "trigger" else rule_forms.RuleForm
    general: list[str] = []
    if request.method == "POST":
        form = form_class(request.POST)
        condition_rows = rule_forms.condition_rows(request.POST)
        action_rows = rule_forms.action_rows(request.POST)
        if form.is_valid():
            saved = _save(kind, rule, form, condition_rows, action_rows, general)
            if saved is not None:
                messages.success(request, _("%(name)s was saved") % {"name": saved.name})
                return redirect(KINDS[kind]["list"])
        status = 422
    else:
        initial: dict[str, Any] = {"active": True, "run_on": ["created"]}
        if rule is not None:
            initial = {
                "name": rule.name,
                "description": rule.description,
                "active": rule.active,
                "run_on": getattr(rule, "run_on", []),
            }
        form = form_class(initial=initial)
        condition_rows, action_rows = (
            rule_forms.rows_of(rule.conditions, rule.actions) if rule else ([], [])
        )
        status = 200
    context = {
        "kind": kind,
        "rule": rule,
        "form": form,
        "general_errors": general,
        "condition_rows": condition_rows or [rule_forms.ConditionRow()],
        "action_rows": action_rows or [rule_forms.ActionRow()],
        **_choices(KINDS[kind]["scope"]),
    }
    return render(request, "rules/rule_form.html", context, status=status)


def _save(
    kind: str,
    rule: Any,
    form: Any,
    condition_rows: list[rule_forms.ConditionRow],
    action_rows: list[rule_forms.ActionRow],
    general: list[str],
) -> Any:
    conditions, where = rule_forms.conditions_json(condition_rows)
    fields: dict[str, Any] = {
        **form.cleaned_data,
        "conditions": conditions,
        "actions": rule_forms.actions_json(action_rows),
    }
    try:
        if rule is not None:
            return rules.update_rule(rule, **fields)
        if kind == "trigger":
            return rules.create_trigger(**fields)
        return rules.create_automation(**fields)
    except RuleInvalid as exc:
        general.extend(
            rule_forms.place_errors(
                exc.errors,
                form=form,
                conditions=condition_rows,
                where=where,
                actions=action_rows,
            )
        )
    return None


def _choices(scope: str) -> dict[str, Any]:
    """What the rows' selects and suggestion lists offer."""
    from fyr.accounts.choices import Role
    from fyr.accounts.models import Team, User
    from fyr.customers.models import Organization

    fields = c.fields_for(scope)
    suggestions: dict[str, list[tuple[str, str]]] = {}
    for spec in fields:
        if spec.choices:
            suggestions[spec.name] = [(value, value) for value in spec.choices]
    teams = [(name, name) for name in Team.objects.values_list("name", flat=True)]
    agents = [
        (email, name)
        for email, name in User.objects.filter(is_active=True)
        .exclude(role=Role.LIGHT)
        .order_by("name")
        .values_list("email", "name")[:500]
    ]
    organizations = [
        (name, name) for name in Organization.objects.values_list("name", flat=True)[:500]
    ]
    for name in ("ticket.team", "change.team"):
        suggestions[name] = teams
    for name in ("ticket.assignee", "change.assignee"):
        suggestions[name] = agents
    suggestions["organization.id"] = organizations
    return {
        "fields": [
            {
                "name": spec.name,
                "label": spec.label,
                "operators": ",".join(c.OPERATORS[spec.kind]),
                "time": spec.kind == c.TIME,
            }
            for spec in fields
        ],
        "operators": list(c.OPERATOR_LABELS.items()),
        "suggestions": [
            {"id": "dl-" + name.replace(".", "-"), "field": name, "options": options}
            for name, options in suggestions.items()
        ],
        "action_kinds": ActionKind.choices,
        "action_suggestions": {
            "set_status": "dl-ticket-status",
            "set_priority": "dl-ticket-priority",
            "set_type": "dl-ticket-type",
            "set_team": "dl-ticket-team",
            "set_assignee": "dl-ticket-assignee",
        },
        "recipients": Recipients.choices,
        "webhooks": list(Webhook.objects.values_list("pk", "name")),
    }


# --- webhooks ----------------------------------------------------------------------------------


@admin_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    webhooks = Webhook.objects.order_by("name", "id")
    return render(request, "rules/webhook_list.html", {"webhooks": webhooks})


@admin_required
def webhook_new(request: HttpRequest) -> HttpResponse:
    return _webhook_form(request, None)


@admin_required
def webhook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _webhook_form(request, get_object_or_404(Webhook, pk=pk))


def _webhook_form(request: HttpRequest, webhook: Webhook | None) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = rule_forms.WebhookForm(request.POST)
        if form.is_valid():
            try:
                if webhook is None:
                    saved = rules.create_webhook(**form.cleaned_data)
                else:
                    data = dict(form.cleaned_data)
                    if not data["secret"]:
                        data.pop("secret")  # empty on edit: keep the secret
                    saved = rules.update_webhook(webhook, **data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            else:
                messages.success(request, _("%(name)s was saved") % {"name": saved.name})
                return redirect("desk:webhook", pk=saved.pk)
        status = 422
    else:
        initial: dict[str, Any] = {"active": True}
        if webhook is not None:
            initial = {"name": webhook.name, "url": webhook.url, "active": webhook.active}
        form = rule_forms.WebhookForm(initial=initial)
    deliveries = webhook.deliveries.select_related("ticket").order_by("-id")[:50] if webhook else []
    context = {"form": form, "webhook": webhook, "deliveries": deliveries}
    return render(request, "rules/webhook_form.html", context, status=status)


@admin_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk)
    try:
        rules.delete_webhook(webhook)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("desk:webhook", pk=pk)
    messages.success(request, _("%(name)s was deleted") % {"name": webhook.name})
    return redirect("desk:webhooks")
