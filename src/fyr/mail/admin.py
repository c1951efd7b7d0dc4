"""Where administrators set up mailboxes and templates and look after the quarantine.

Saving goes through ``fyr.mail.services`` like every other change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fyr.calendars import hours as calendar_hours
from fyr.mail import services
from fyr.mail.choices import InboundState
from fyr.mail.models import EmailTemplate, InboundMail, Mailbox
from fyr.mail.notify import check_template
from fyr.mail.views import raw_mail_response

_GENERAL_FIELDS = ("address", "name", "team", "calendar", "is_active", "is_default")
_REPLY_FIELDS = ("signature", "auto_reply")
_IMAP_FIELDS = (
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_username",
    "imap_password",
    "imap_folder",
    "imap_archive_folder",
)


class MailboxForm(forms.ModelForm):
    imap_password = forms.CharField(
        label=_("IMAP password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored password"),
    )

    class Meta:
        model = Mailbox
        fields = (*_GENERAL_FIELDS, *_REPLY_FIELDS, *_IMAP_FIELDS)

    def clean_imap_password(self) -> str:
        value: str = self.cleaned_data.get("imap_password") or ""
        return value or (self.instance.imap_password if self.instance.pk else "")


class TemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["key", "language", "mailbox", "subject", "body"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_template(data.get("subject", ""), data.get("body", ""))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return data


class MailboxTemplateInline(admin.StackedInline):
    model = EmailTemplate
    form = TemplateForm
    fields = ["key", "language", "subject", "body"]
    extra = 0
    verbose_name = _("template of this mailbox")
    verbose_name_plural = _("templates of this mailbox (replace the general ones)")


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    inlines = [MailboxTemplateInline]
    list_display = ["address", "name", "team", "is_active", "is_default", "inbound", "last_fetch"]
    list_select_related = ["team", "imap_state"]
    fieldsets = [
        (None, {"fields": _GENERAL_FIELDS}),
        (_("Replies and confirmations"), {"fields": _REPLY_FIELDS}),
        (
            _("Fetching by IMAP (leave empty when mail is delivered by LMTP or HTTP)"),
            {"fields": _IMAP_FIELDS},
        ),
    ]

    @admin.display(description=_("inbound"))
    def inbound(self, obj: Mailbox) -> str:
        return str(_("IMAP")) if obj.fetches_by_imap else str(_("LMTP or HTTP"))

    @admin.display(description=_("last fetch"))
    def last_fetch(self, obj: Mailbox) -> str:
        state = getattr(obj, "imap_state", None)
        if state is None or state.last_fetch_at is None:
            return "–"
        if state.last_error:
            return f"{state.last_fetch_at:%Y-%m-%d %H:%M}: {state.last_error[:120]}"
        return f"{state.last_fetch_at:%Y-%m-%d %H:%M}"

    def save_model(self, request: HttpRequest, obj: Mailbox, form: Any, change: bool) -> None:
        services.save_mailbox(obj)
        calendar_hours.forget()  # fyr.calendars caches which calendar a mailbox uses


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    """The general templates (one per language, made by a migration) can be edited, not
    deleted; a mailbox's own ones can be added and deleted."""

    form = TemplateForm
    list_display = ["key", "language", "mailbox", "subject", "updated_at"]
    list_filter = ["key", "language", "mailbox"]
    list_select_related = ["mailbox"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["key", "language", "mailbox"] if obj is not None and obj.mailbox_id is None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            obj is not None
            and obj.mailbox_id is not None
            and super().has_delete_permission(request, obj)
        )

    def save_model(self, request: HttpRequest, obj: EmailTemplate, form: Any, change: bool) -> None:
        services.save_template(obj, subject=obj.subject, body=obj.body)


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """Every mail received, with the quarantine (``state = quarantined``) one filter away."""

    list_display = ["received_at", "state", "source", "sender", "subject", "short_reason"]
    list_filter = ["state", "source", "mailbox"]
    search_fields = ["=sender", "=mail_id"]
    show_full_result_count = False
    actions = ["process_again", "discard"]
    readonly_fields = [
        "received_at",
        "state",
        "reason",
        "source",
        "source_ref",
        "mailbox",
        "sender",
        "subject",
        "mail_id",
        "message",
        "processed_at",
        "original",
    ]
    exclude = ["raw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("reason"))
    def short_reason(self, obj: InboundMail) -> str:
        return obj.reason[:160]

    @admin.display(description=_("original"))
    def original(self, obj: InboundMail) -> str:
        url = reverse("admin:mail_inboundmail_raw", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the mail as it arrived (.eml)"))

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "<int:pk>/raw/",
                self.admin_site.admin_view(self.raw_view),
                name="mail_inboundmail_raw",
            )
        ]
        return own + super().get_urls()

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        row = get_object_or_404(InboundMail.objects.select_related("raw"), pk=pk)
        return raw_mail_response(row, f"mail-{row.pk}.eml")

    @admin.action(description=_("Process the selected quarantined mail again"))
    def process_again(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        done = failed = 0
        for row in queryset.filter(state=InboundState.QUARANTINED):
            result = services.reprocess(row)
            if result.state == InboundState.QUARANTINED:
                failed += 1
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(n)s mail processed.", "%(n)s mails processed.", done) % {"n": done},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(n)s mail still cannot be processed.",
                    "%(n)s mails still cannot be processed.",
                    failed,
                )
                % {"n": failed},
                messages.WARNING,
            )

    @admin.action(description=_("Discard the selected quarantined mail"))
    def discard(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        rows = list(queryset.filter(state=InboundState.QUARANTINED))
        for row in rows:
            services.discard(row)
        self.message_user(request, _("%(n)s discarded.") % {"n": len(rows)}, messages.SUCCESS)
