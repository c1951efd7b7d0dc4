"""The desk's SLA policy form: the same ``PolicyInput`` the API builds, from checkboxes and rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fyr.accounts.models import Team
from fyr.customers.models import Organization
from fyr.sla import services
from fyr.sla.choices import Escalation, Metric
from fyr.sla.models import SlaPolicy
from fyr.sla.services import PolicyInput, TargetInput
from fyr.tickets.choices import Channel, Priority, TicketType

UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}
UNIT_CHOICES = [("minutes", _("minutes")), ("hours", _("hours")), ("days", _("days"))]
NOTIFY_CHOICES = [
    (Escalation.NOTIFY_ASSIGNEE, Escalation.NOTIFY_ASSIGNEE.label),
    (Escalation.NOTIFY_TEAM_LEADS, Escalation.NOTIFY_TEAM_LEADS.label),
    (Escalation.RAISE_PRIORITY, Escalation.RAISE_PRIORITY.label),
]
TIER_CHOICES = [("", _("Keep the tier")), ("2", _("Tier 2")), ("3", _("Tier 3"))]


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    priority = forms.MultipleChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    type = forms.MultipleChoiceField(
        label=_("Type"),
        choices=TicketType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channel = forms.MultipleChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organizations = forms.CharField(
        label=_("Organizations"),
        required=False,
        help_text=_("Names, separated by commas"),
    )
    support_plans = forms.CharField(
        label=_("Support plans"), required=False, help_text=_("Separated by commas")
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Any of these tags; separated by commas")
    )
    warn_before_minutes = forms.IntegerField(
        label=_("Warn this many minutes before a breach"), min_value=0, initial=30
    )
    warning_actions = forms.MultipleChoiceField(
        label=_("On a warning"),
        choices=NOTIFY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    breach_actions = forms.MultipleChoiceField(
        label=_("On a breach"),
        choices=NOTIFY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    breach_team = forms.ModelChoiceField(
        label=_("On a breach, move to team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=_("Keep the team"),
    )
    breach_tier = forms.ChoiceField(
        label=_("On a breach, escalate to"), choices=TIER_CHOICES, required=False
    )

    def __init__(self, *args: Any, policy: SlaPolicy | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        for metric in Metric:
            self.fields[f"{metric.value}_amount"] = forms.IntegerField(
                label=metric.label, min_value=1, required=False
            )
            self.fields[f"{metric.value}_unit"] = forms.ChoiceField(
                label=_("unit"), choices=UNIT_CHOICES, initial="hours"
            )
            self.fields[f"{metric.value}_business"] = forms.BooleanField(
                label=_("in business hours"), required=False, initial=True
            )
        if policy is not None and not self.is_bound:
            self.initial.update(initial_for(policy))

    def target_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"{m.value}_amount"], self[f"{m.value}_unit"], self[f"{m.value}_business"])
            for m in Metric
        ]

    def clean_organizations(self) -> list[int]:
        names = _words(self.cleaned_data["organizations"])
        found = dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))
        missing = [n for n in names if n not in found]
        if missing:
            raise ValidationError(
                _("No organization is called %(names)s") % {"names": ", ".join(missing)}
            )
        return [found[n] for n in names]

    def to_input(self) -> PolicyInput:
        data = self.cleaned_data
        targets = [
            TargetInput(
                m.value,
                data[f"{m.value}_amount"] * UNITS[data[f"{m.value}_unit"]],
                data[f"{m.value}_business"],
            )
            for m in Metric
            if data.get(f"{m.value}_amount")
        ]
        on_breach: list[dict[str, Any]] = [{"action": a} for a in data["breach_actions"]]
        if data.get("breach_team"):
            on_breach.append({"action": Escalation.MOVE_TO_TEAM, "team": data["breach_team"].pk})
        if data.get("breach_tier"):
            on_breach.append({"action": Escalation.SET_TIER, "tier": int(data["breach_tier"])})
        return PolicyInput(
            name=data["name"],
            description=data["description"],
            is_active=data["is_active"],
            conditions={
                "priority": data["priority"],
                "type": data["type"],
                "channel": data["channel"],
                "organization": data["organizations"],
                "support_plan": _words(data["support_plans"]),
                "tags": _words(data["tags"]),
            },
            targets=targets,
            warn_before_minutes=data["warn_before_minutes"],
            on_warning=[{"action": a} for a in data["warning_actions"]],
            on_breach=on_breach,
        )

    def save(self) -> SlaPolicy | None:
        """The saved policy, or ``None`` with the service's objections added to the form."""
        try:
            if self.policy is None:
                return services.create_policy(self.to_input())
            return services.update_policy(self.policy, self.to_input())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(_FORM_FIELD.get(field), messages)
            return None


#: Where the service's objections show on the form.
_FORM_FIELD = {
    "name": "name",
    "warn_before_minutes": "warn_before_minutes",
    "on_warning": "warning_actions",
    "on_breach": "breach_actions",
}


def initial_for(policy: SlaPolicy) -> dict[str, Any]:
    conditions = policy.conditions or {}
    org_names = Organization.objects.filter(pk__in=conditions.get("organization", [])).values_list(
        "name", flat=True
    )
    initial: dict[str, Any] = {
        "name": policy.name,
        "description": policy.description,
        "is_active": policy.is_active,
        "priority": conditions.get("priority", []),
        "type": conditions.get("type", []),
        "channel": conditions.get("channel", []),
        "organizations": ", ".join(org_names),
        "support_plans": ", ".join(conditions.get("support_plan", [])),
        "tags": ", ".join(conditions.get("tags", [])),
        "warn_before_minutes": policy.warn_before_minutes,
        "warning_actions": [a["action"] for a in policy.on_warning],
        "breach_actions": [
            a["action"] for a in policy.on_breach if a["action"] in dict(NOTIFY_CHOICES)
        ],
    }
    for action in policy.on_breach:
        if action["action"] == Escalation.MOVE_TO_TEAM:
            initial["breach_team"] = action.get("team")
        elif action["action"] == Escalation.SET_TIER:
            initial["breach_tier"] = str(action.get("tier"))
    for target in policy.targets.all():
        minutes = target.minutes
        unit = next(u for u in ("days", "hours", "minutes") if minutes % UNITS[u] == 0)
        initial[f"{target.metric}_amount"] = minutes // UNITS[unit]
        initial[f"{target.metric}_unit"] = unit
        initial[f"{target.metric}_business"] = target.business_hours
    return initial
