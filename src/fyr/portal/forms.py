"""Portal forms: they parse and validate; the services do the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fyr.tickets.inbound import InboundAttachment
from fyr.tickets.storage import check_upload

MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked against the upload rules."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("You can attach at most %(count)s files") % {"count": MAX_FILES}
            )
        errors: list[ValidationError] = []
        cleaned = []
        for item in files:
            try:
                cleaned.append(super().clean(item, initial))
                check_upload(item.name or "", item.size or 0)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return cleaned


def to_inbound(files: list[UploadedFile]) -> tuple[InboundAttachment, ...]:
    return tuple(
        InboundAttachment(
            filename=f.name or "attachment",
            content_type=f.content_type or "application/octet-stream",
            data=f.read(),
        )
        for f in files
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=320,
        help_text=_("We will answer you here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    message = forms.CharField(
        label=_("How can we help?"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachments = MultipleFileField(label=_("Attachments"))
    # A trap for bots: hidden from people (and from screen readers), so only a bot fills it in.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        # While the subject is typed, htmx fetches help-centre articles that may answer it.
        self.fields["subject"].widget.attrs.update(
            {
                "hx-get": reverse("portal:suggest_articles"),
                "hx-trigger": "keyup changed delay:300ms, paste delay:300ms",
                "hx-target": "#article-suggestions",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "aria-controls": "article-suggestions",
                "autocomplete": "off",
            }
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_message(self) -> str:
        message = self.cleaned_data["message"]
        if not message.strip():
            raise ValidationError(_("Please write a message."))
        return message


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=320,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Your reply"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("message") or "").strip() and not cleaned.get("attachments"):
            if "message" not in self.errors:
                self.add_error("message", _("Please write a message or attach a file."))
        return cleaned
