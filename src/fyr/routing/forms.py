"""Desk forms for routing: availability, tier changes, and the settings page's rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fyr.accounts.choices import AssignmentMode, Availability
from fyr.accounts.models import Team
from fyr.tickets.choices import TicketType


class AvailabilityForm(forms.Form):
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)


class TierForm(forms.Form):
    """Escalate or de-escalate: the direction follows from the tier chosen. Its ids are its
    own (``tier-…``): the ticket page's property form has a tier field too."""

    tier = forms.TypedChoiceField(
        label=_("Tier"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=_("(keep the team)"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the ticket changes tier")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "tier-%s")
        super().__init__(*args, **kwargs)


class TeamModeForm(forms.Form):
    assignment_mode = forms.ChoiceField(label=_("Assignment"), choices=AssignmentMode.choices)


class AgentRoutingForm(forms.Form):
    max_open_tickets = forms.IntegerField(
        label=_("Capacity"), required=False, min_value=0, max_value=32767
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=2000,
        help_text=_("Separate skills with commas"),
    )

    def skill_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["skills"].split(",") if name.strip()]


class SkillRuleForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), max_length=100)
    tag = forms.CharField(label=_("Tag"), max_length=100, required=False)
    ticket_type = forms.ChoiceField(
        label=_("Type"), choices=[("", "—"), *TicketType.choices], required=False
    )
    language = forms.CharField(label=_("Requester's language"), max_length=8, required=False)
