"""Desk forms: inbox filters, bulk actions, in-place ticket edits and the composer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fyr.accounts.choices import Role
from fyr.accounts.models import Team, User
from fyr.tickets import storage
from fyr.tickets.choices import Channel, Priority, Status, TicketType
from fyr.tickets.inbound import InboundAttachment
from fyr.tickets.inbox import DEFAULT_VIEW, ORDERINGS, SORT_LABELS, VIEWS, InboxFilters
from fyr.tickets.models import Ticket
from fyr.tickets.queries import visible_tickets
from fyr.tickets.services import normalize_tag

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def assignable_agents() -> QuerySet[User]:
    """Agents who may be given tickets: active, not light agents."""
    return User.objects.filter(is_active=True).exclude(role=Role.LIGHT).order_by("name", "id")


def _agents(agents: list[User] | None) -> list[User]:
    return list(assignable_agents().only("id", "name", "email")) if agents is None else agents


def _any(label: StrOrPromise) -> list[tuple[str, StrOrPromise]]:
    return [("", label)]


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """``form.fields[name]``, declared above as a ``ChoiceField``, to set its ``choices``."""
    return cast(forms.ChoiceField, form.fields[name])


class InboxFilterForm(forms.Form):
    view = forms.ChoiceField(
        label=_("View"), required=False, choices=[(v.key, v.label) for v in VIEWS]
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORT_LABELS.items()))
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, agents: list[User] | None = None, **kwargs: Any) -> None:
        """``agents``: ``assignable_agents()`` when the caller has read them already."""
        super().__init__(*args, **kwargs)
        _choice_field(self, "status").choices = _any(_("Any status")) + list(Status.choices)
        _choice_field(self, "priority").choices = _any(_("Any priority")) + list(Priority.choices)
        _choice_field(self, "channel").choices = _any(_("Any channel")) + list(Channel.choices)
        _choice_field(self, "team").choices = (
            _any(_("Any team"))
            + [("none", _("No team"))]
            + [(str(t.pk), t.name) for t in Team.objects.order_by("name")]
        )
        _choice_field(self, "assignee").choices = (
            _any(_("Anyone"))
            + [("me", _("Me")), ("none", _("Unassigned"))]
            + [(str(a.pk), a.name or a.email) for a in _agents(agents)]
        )

    def clean_tag(self) -> str:
        return normalize_tag(self.cleaned_data.get("tag") or "")

    @property
    def view_key(self) -> str:
        return (self.is_valid() and self.cleaned_data.get("view")) or DEFAULT_VIEW

    @property
    def sort_key(self) -> str:
        sort = self.is_valid() and self.cleaned_data.get("sort")
        return sort if sort in ORDERINGS else "updated"

    def filters(self) -> InboxFilters:
        if not self.is_valid():
            return InboxFilters()
        data = self.cleaned_data
        return InboxFilters(
            status=data["status"],
            priority=data["priority"],
            team=data["team"],
            assignee=data["assignee"],
            tag=data["tag"],
            channel=data["channel"],
        )


class BulkAction(models.TextChoices):
    ASSIGN = "assign", _("Assign")
    STATUS = "status", _("Set status")
    TAG = "tag", _("Add tag")


class BulkForm(forms.Form):
    tickets: forms.ModelMultipleChoiceField[Ticket] = forms.ModelMultipleChoiceField(
        label=_("Tickets"),
        queryset=None,
        to_field_name="number",
        error_messages={"required": _("Select at least one ticket")},
    )
    action = forms.ChoiceField(label=_("Action"), choices=BulkAction.choices)
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)

    def __init__(
        self, *args: Any, user: User, agents: list[User] | None = None, **kwargs: Any
    ) -> None:
        """``agents``: ``assignable_agents()`` when the caller has read them already."""
        super().__init__(*args, **kwargs)
        self.user = user
        tickets = cast("forms.ModelMultipleChoiceField[Ticket]", self.fields["tickets"])
        tickets.queryset = visible_tickets(user).order_by("-updated_at", "-id")
        _choice_field(self, "status").choices = _any("—") + list(Status.choices)
        _choice_field(self, "assignee").choices = (
            _any("—")
            + [("me", _("Me")), ("none", _("Nobody"))]
            + [(str(a.pk), a.name or a.email) for a in _agents(agents)]
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        action = data.get("action")
        if action == BulkAction.ASSIGN:
            choice = data.get("assignee")
            if not choice:
                self.add_error("assignee", _("Choose whom to assign the tickets to"))
            elif choice == "me":
                data["agent"] = self.user
            elif choice == "none":
                data["agent"] = None
            else:
                data["agent"] = assignable_agents().filter(pk=int(choice)).first()
        elif action == BulkAction.STATUS and not data.get("status"):
            self.add_error("status", _("Choose a status"))
        elif action == BulkAction.TAG:
            data["tag"] = normalize_tag(data.get("tag") or "")
            if not data["tag"]:
                self.add_error("tag", _("Write the tag to add"))
        return data


class TicketEditForm(forms.Form):
    """In-place edits of a ticket's fields; only the fields posted are changed."""

    EDITABLE = ("subject", "status", "priority", "type", "assignee", "team", "tier", "tags")

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices, required=False)
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Assignee"), queryset=None, required=False, empty_label=_("Unassigned")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.order_by("name"), required=False, empty_label="—"
    )
    tier = forms.TypedChoiceField(
        label=_("Support tier"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas or spaces"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = cast("forms.ModelChoiceField[User]", self.fields["assignee"])
        assignee.queryset = assignable_agents()

    def posted_fields(self) -> list[str]:
        return [name for name in self.EDITABLE if name in self.data]

    def clean_subject(self) -> str:
        subject = (self.cleaned_data.get("subject") or "").strip()
        if "subject" in self.data and not subject:
            raise ValidationError(_("A ticket needs a subject"))
        return subject

    def changes(self) -> dict[str, Any]:
        """The posted fields as ``change_ticket`` wants them."""
        result: dict[str, Any] = {}
        for name in self.posted_fields():
            value = self.cleaned_data.get(name)
            if name == "tags":
                value = [t for t in (value or "").replace(",", " ").split() if t]
            elif name in ("status", "priority", "type", "tier") and value in ("", None):
                continue
            result[name] = value
        return result

    @classmethod
    def initial_for(cls, ticket: Any, tag_names: list[str]) -> dict[str, Any]:
        return {
            "version": ticket.version,
            "seen": ticket.updated_at,
            "subject": ticket.subject,
            "status": ticket.status,
            "priority": ticket.priority,
            "type": ticket.type,
            "assignee": ticket.assignee_id,
            "team": ticket.team_id,
            "tier": ticket.tier,
            "tags": " ".join(tag_names),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ComposerKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Internal note")


class ComposerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(
        label=_("Message type"), choices=ComposerKind.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea)
    attachments = MultipleFileField(label=_("Attach files"), required=False)
    send_as = forms.ChoiceField(
        required=False,
        choices=[
            ("", "—"),
            (Status.OPEN, Status.OPEN.label),
            (Status.PENDING, Status.PENDING.label),
            (Status.SOLVED, Status.SOLVED.label),
        ],
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not user.can_reply:
            # Light agents are offered notes only; a forged "reply" still reaches the service,
            # which refuses it, so the refusal is the service's and the same in every front door.
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = ComposerKind.NOTE
        else:
            self.fields["kind"].initial = ComposerKind.REPLY

    def clean_attachments(self) -> list[InboundAttachment]:
        result: list[InboundAttachment] = []
        for upload in self.cleaned_data.get("attachments") or []:
            storage.check_upload(upload.name, upload.size)
            result.append(
                InboundAttachment(
                    filename=upload.name,
                    content_type=upload.content_type or "application/octet-stream",
                    data=upload.read(),
                )
            )
        return result

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("body") or "").strip() and not data.get("attachments"):
            self.add_error("body", _("The message is empty"))
        return data
