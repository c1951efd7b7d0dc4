"""The desk's rule form: name and switches as a Django form, conditions and actions as rows.

Rows arrive as parallel lists (``cond_field``, ``cond_operator``, ``cond_value`` …, one entry per
row, every input present in every row so the lists stay aligned). Each row's text is turned into
the JSON the API takes (ids from names, lists from commas, numbers, yes/no), and the result goes
through the same validator as every other door; its errors come back on their rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fyr.rules import conditions as c
from fyr.rules.actions import SETTERS
from fyr.rules.choices import ActionKind, Recipients, RunOn
from fyr.rules.conditions import RuleError

_YES = {"yes", "true", "1", "ja", "y"}
_NO = {"no", "false", "0", "nej", "n"}


class RuleForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


class TriggerForm(RuleForm):
    run_on = forms.MultipleChoiceField(
        label=gettext_lazy("Runs when"),
        choices=RunOn.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the rule validator says what is missing, with the other errors
    )


class WebhookForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    url = forms.CharField(label=gettext_lazy("URL"), max_length=2000)
    secret = forms.CharField(
        label=gettext_lazy("Signing secret"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Leave empty to get a random one (or to keep the current one)."),
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


@dataclass
class ConditionRow:
    group: str = "all"
    field: str = ""
    operator: str = ""
    value: str = ""
    business: bool = False
    errors: list[str] = dataclass_field(default_factory=list)


@dataclass
class ActionRow:
    type: str = ""
    value: str = ""
    to: str = ""
    subject: str = ""
    body: str = ""
    webhook: str = ""
    errors: list[str] = dataclass_field(default_factory=list)


# --- from the POST to JSON ---------------------------------------------------------------------


def _column(data: QueryDict, name: str, length: int) -> list[str]:
    values = data.getlist(name)
    return [*values, *[""] * (length - len(values))][:length]


def condition_rows(data: QueryDict) -> list[ConditionRow]:
    fields = data.getlist("cond_field")
    n = len(fields)
    groups, operators = _column(data, "cond_group", n), _column(data, "cond_operator", n)
    values, business = _column(data, "cond_value", n), _column(data, "cond_business", n)
    return [
        ConditionRow(
            group="any" if groups[i] == "any" else "all",
            field=fields[i].strip(),
            operator=operators[i].strip(),
            value=values[i],
            business=business[i] == "business",
        )
        for i in range(n)
        if fields[i].strip()
    ]


def action_rows(data: QueryDict) -> list[ActionRow]:
    types = data.getlist("action_type")
    n = len(types)
    columns = {
        name: _column(data, f"action_{name}", n)
        for name in ("value", "to", "subject", "body", "webhook")
    }
    return [
        ActionRow(
            type=types[i].strip(),
            value=columns["value"][i],
            to=columns["to"][i],
            subject=columns["subject"][i],
            body=columns["body"][i],
            webhook=columns["webhook"][i],
        )
        for i in range(n)
        if types[i].strip()
    ]


def conditions_json(
    rows: Sequence[ConditionRow],
) -> tuple[dict[str, Any], dict[tuple[str, int], int]]:
    """The conditions JSON, and which row each (group, index) came from."""
    data: dict[str, list[dict[str, Any]]] = {"all": [], "any": []}
    where: dict[tuple[str, int], int] = {}
    for number, row in enumerate(rows):
        condition: dict[str, Any] = {"field": row.field, "operator": row.operator}
        if row.operator not in c.NO_VALUE:
            condition["value"] = _condition_value(row.field, row.operator, row.value)
        if row.business:
            condition["business"] = True
        where[(row.group, len(data[row.group]))] = number
        data[row.group].append(condition)
    return data, where


def _condition_value(name: str, operator: str, text: str) -> Any:
    spec = c.field_spec(name)
    if spec is None:
        return text
    if spec.kind == c.TIME or operator == c.WITHIN_HOURS:
        return _number(text)
    kind = spec.value_kind if spec.kind == c.CHANGE else spec.kind
    if operator in (c.IN, c.NOT_IN):
        return [_single(name, kind, part) for part in text.split(",") if part.strip()]
    return _single(name, kind, text)


def _single(name: str, kind: str, text: str) -> Any:
    text = text.strip()
    if kind == c.REF:
        return _ref(name, text)
    if kind == c.NUMBER:
        return int(text) if text.isdigit() else text
    if kind == c.BOOL:
        lowered = text.lower()
        return True if lowered in _YES else False if lowered in _NO else text
    return text


def _number(text: str) -> Any:
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _ref(name: str, text: str) -> Any:
    """An id from what an admin types: an id, a team's or organization's name, an agent's
    email or name; "" or "none" is no one."""
    if not text or text.lower() in ("none", "-", _("none").lower()):
        return None
    if text.isdigit():
        return int(text)
    from fyr.accounts.models import Team, User
    from fyr.customers.models import Organization

    if name.endswith("team"):
        found = Team.objects.filter(name__iexact=text).values_list("pk", flat=True).first()
    elif name.endswith("assignee"):
        users = User.objects.filter(is_active=True)
        found = (
            users.filter(email__iexact=text).values_list("pk", flat=True).first()
            or users.filter(name__iexact=text).values_list("pk", flat=True).first()
        )
    else:
        found = Organization.objects.filter(name__iexact=text).values_list("pk", flat=True).first()
    return found if found is not None else text


def actions_json(rows: Sequence[ActionRow]) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = []
    for row in rows:
        action: dict[str, Any] = {"type": row.type}
        if row.type in SETTERS:
            field_name = "ticket." + SETTERS[ActionKind(row.type)]
            kind = c.NUMBER if row.type == ActionKind.SET_TIER else c.REF
            if row.type in (ActionKind.SET_TEAM, ActionKind.SET_ASSIGNEE, ActionKind.SET_TIER):
                action["value"] = _single(field_name, kind, row.value)
            else:
                action["value"] = row.value.strip()
        elif row.type in (ActionKind.ADD_TAGS, ActionKind.REMOVE_TAGS):
            action["value"] = [part.strip() for part in row.value.split(",") if part.strip()]
        elif row.type == ActionKind.WEBHOOK:
            action["webhook"] = int(row.webhook) if row.webhook.isdigit() else row.webhook
        else:
            if row.type == ActionKind.NOTIFY:
                action["to"] = row.to
                team = _single("ticket.team", c.REF, row.value)
                if team is not None:
                    action["team"] = team
                action["subject"] = row.subject
            action["body"] = row.body
        actions.append(action)
    return actions


def place_errors(
    errors: Sequence[RuleError],
    *,
    form: forms.Form,
    conditions: Sequence[ConditionRow],
    where: Mapping[tuple[str, int], int],
    actions: Sequence[ActionRow],
) -> list[str]:
    """Put each validation error on its row or form field; what fits nowhere is returned."""
    general: list[str] = []
    for error in errors:
        path = error.path
        if path[:1] == ("conditions",) and len(path) >= 3 and (path[1], path[2]) in where:
            conditions[where[(str(path[1]), int(path[2]))]].errors.append(error.message)
        elif path[:1] == ("actions",) and len(path) >= 2 and isinstance(path[1], int):
            actions[path[1]].errors.append(error.message)
        elif path and str(path[0]) in form.fields:
            form.add_error(str(path[0]), error.message)
        elif path[:1] == ("conditions",):
            general.append(_("Conditions: %(error)s") % {"error": error.message})
        elif path[:1] == ("actions",):
            general.append(_("Actions: %(error)s") % {"error": error.message})
        else:
            general.append(error.message)
    return general


# --- from JSON to rows (editing a saved rule) --------------------------------------------------


def rows_of(
    conditions: Mapping[str, Any], actions: Sequence[Mapping[str, Any]]
) -> tuple[list[ConditionRow], list[ActionRow]]:
    condition_list = [
        ConditionRow(
            group=group,
            field=cond["field"],
            operator=cond["operator"],
            value=_text(cond["field"], cond.get("value")),
            business=bool(cond.get("business")),
        )
        for group, _index, cond in c.iter_conditions(conditions)
    ]
    action_list = []
    for action in actions:
        row = ActionRow(
            type=action["type"],
            to=action.get("to", ""),
            subject=action.get("subject", ""),
            body=action.get("body", ""),
            webhook=str(action.get("webhook", "")),
        )
        if "value" in action:
            name = "ticket." + SETTERS.get(action["type"], "tags")
            row.value = _text(name, action["value"])
        elif "team" in action:
            row.value = _text("ticket.team", action["team"])
        action_list.append(row)
    return condition_list, action_list


def _text(name: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(name, v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    spec = c.field_spec(name)
    kind = (spec.value_kind if spec.kind == c.CHANGE else spec.kind) if spec else ""
    if kind == c.REF and isinstance(value, int):
        return _ref_name(name, value)
    return str(value)


def _ref_name(name: str, pk: int) -> str:
    from fyr.accounts.models import Team, User
    from fyr.customers.models import Organization

    if name.endswith("team"):
        found = Team.objects.filter(pk=pk).values_list("name", flat=True).first()
    elif name.endswith("assignee"):
        found = User.objects.filter(pk=pk).values_list("email", flat=True).first()
    else:
        found = Organization.objects.filter(pk=pk).values_list("name", flat=True).first()
    return found or str(pk)


def describe_action(action: Mapping[str, Any]) -> str:
    """An action as the rule list shows it, with names rather than ids."""
    label = str(ActionKind(action["type"]).label)
    if "value" in action:
        name = "ticket." + SETTERS.get(action["type"], "tags")
        return f"{label}: {_text(name, action['value'])}"
    if action["type"] == ActionKind.NOTIFY:
        whom = str(Recipients(action["to"]).label)
        if "team" in action:
            whom += f" ({_text('ticket.team', action['team'])})"
        return f"{label}: {whom}"
    if action["type"] == ActionKind.WEBHOOK:
        from fyr.rules.models import Webhook

        found = Webhook.objects.filter(pk=action["webhook"]).values_list("name", flat=True).first()
        return f"{label}: {found or action['webhook']}"
    return label


def describe_condition(condition: Mapping[str, Any]) -> str:
    """A condition as the rule list shows it, with names rather than ids."""
    shown = dict(condition)
    if "value" in shown:
        shown["value"] = _text(condition["field"], condition["value"])
    return c.describe(shown)
