"""The macro editor's form: plain fields in, the services' values out, their errors back in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from fyr.accounts.models import Team, User
from fyr.macros import services
from fyr.macros.choices import ASSIGN_TO_ME, Visibility
from fyr.macros.models import Macro
from fyr.tickets.choices import Priority, TicketType

KEEP = ""  # "leave this field as it is" in every change select
UNASSIGN = "none"


def _keep(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [(KEEP, _("— leave as it is —")), *choices]


def _tags(text: str) -> list[str]:
    return [part for part in (p.strip() for p in text.replace("\n", ",").split(",")) if part]


class MacroForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=500,
        required=False,
        help_text=_("When to use it; shown in the composer's list."),
    )
    visibility = forms.ChoiceField(label=_("Who can use it"), choices=Visibility.choices)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        help_text=_("For a team macro: the team whose members see it."),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=services.MAX_TEXT,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        help_text=_("Goes into the composer, where the agent edits it before sending."),
    )
    internal = forms.BooleanField(label=_("Add the text as an internal note"), required=False)
    status = forms.ChoiceField(label=_("Set status"), required=False)
    priority = forms.ChoiceField(
        label=_("Set priority"), required=False, choices=_keep(Priority.choices)
    )
    type = forms.ChoiceField(label=_("Set type"), required=False, choices=_keep(TicketType.choices))
    tier = forms.TypedChoiceField(
        label=_("Set support tier"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_keep([(1, "1"), (2, "2"), (3, "3")]),
    )
    move_to_team = forms.ModelChoiceField(
        label=_("Move to team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=_("— leave as it is —"),
    )
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    add_tags = forms.CharField(
        label=_("Add tags"), required=False, help_text=_("Separated by commas.")
    )
    remove_tags = forms.CharField(
        label=_("Remove tags"), required=False, help_text=_("Separated by commas.")
    )
    active = forms.BooleanField(label=_("Active (offered in the composer)"), required=False)

    def __init__(self, *args: Any, user: User, macro: Macro | None = None, **kwargs: Any) -> None:
        if macro is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(macro)
        kwargs.setdefault("initial", {"active": True, "visibility": Visibility.PERSONAL})
        super().__init__(*args, **kwargs)
        self.user = user
        self.macro = macro
        self._choices("status").choices = _keep(
            [(s.value, s.label) for s in services.SETTABLE_STATUSES]
        )
        agents = User.objects.filter(is_active=True).exclude(role="light").order_by("name")
        self._choices("assignee").choices = _keep(
            [
                (ASSIGN_TO_ME, _("The agent using the macro")),
                (UNASSIGN, _("Nobody (unassign)")),
                *[(str(a.pk), str(a)) for a in agents.only("pk", "name", "email")],
            ]
        )
        if not user.is_admin:
            # Agents keep personal macros only (the services refuse the others in any case).
            del self.fields["visibility"]
            del self.fields["team"]
        if user.is_light:
            for name in self.change_fields:
                del self.fields[name]

    change_fields = (
        "status",
        "priority",
        "type",
        "tier",
        "move_to_team",
        "assignee",
        "add_tags",
        "remove_tags",
    )

    def _choices(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        for field in ("status", "priority", "type"):
            if data.get(field):
                changes[field] = data[field]
        if data.get("tier") is not None:
            changes["tier"] = data["tier"]
        if data.get("move_to_team") is not None:
            changes["team"] = data["move_to_team"].pk
        assignee = data.get("assignee") or KEEP
        if assignee == ASSIGN_TO_ME:
            changes["assignee"] = ASSIGN_TO_ME
        elif assignee == UNASSIGN:
            changes["assignee"] = None
        elif assignee.isdigit():
            changes["assignee"] = int(assignee)
        for field in ("add_tags", "remove_tags"):
            if _tags(data.get(field) or ""):
                changes[field] = _tags(data[field])
        return changes

    def save(self) -> Macro | None:
        """Create or update through the services; their refusals become form errors."""
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "description": data.get("description") or "",
            "visibility": data.get("visibility") or Visibility.PERSONAL,
            "team": data.get("team"),
            "text": data.get("text") or "",
            "internal": bool(data.get("internal")),
            "changes": self.changes(),
            "active": bool(data.get("active")),
        }
        try:
            if self.macro is None:
                return services.create_macro(by=self.user, **values)
            return services.update_macro(self.macro, by=self.user, **values)
        except ValidationError as exc:
            self._add_service_errors(exc)
        except PermissionDenied as exc:
            self.add_error(None, str(exc))
        return None

    def _add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, messages in exc.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


def initial_for(macro: Macro) -> dict[str, Any]:
    changes = macro.changes
    assignee = changes.get("assignee", KEEP) if "assignee" in changes else KEEP
    return {
        "name": macro.name,
        "description": macro.description,
        "visibility": macro.visibility,
        "team": macro.team_id,
        "text": macro.text,
        "internal": macro.internal,
        "status": changes.get("status", KEEP),
        "priority": changes.get("priority", KEEP),
        "type": changes.get("type", KEEP),
        "tier": changes.get("tier", KEEP),
        "move_to_team": changes.get("team"),
        "assignee": UNASSIGN if assignee is None else str(assignee),
        "add_tags": ", ".join(changes.get("add_tags", [])),
        "remove_tags": ", ".join(changes.get("remove_tags", [])),
        "active": macro.active,
    }


class PreviewForm(forms.Form):
    text = forms.CharField(required=False, strip=False, max_length=services.MAX_TEXT)
    preview_ticket = forms.IntegerField(
        label=_("Preview with ticket number"), required=False, min_value=1, max_value=2**63 - 1
    )
