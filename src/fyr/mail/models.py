"""The email channel's own records: mailboxes, what was fetched from where, every raw mail kept
(so nothing is lost and the original can always be opened), templates for notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.mail.choices import ImapSecurity, InboundState, MailSource, TemplateKey


class Mailbox(models.Model):
    """An address customers write to (support@company.se) and replies go out from."""

    address = models.EmailField(_("address"), unique=True)
    name = models.CharField(
        _("sender name"), max_length=200, blank=True, help_text=_("Shown as the sender of replies")
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailboxes",
        help_text=_("New tickets from this mailbox go to this team"),
    )
    calendar = models.ForeignKey(
        "calendars.Calendar",
        verbose_name=_("business hours"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailboxes",
        help_text=_("Opening hours told to customers; the team's calendar when empty"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_default = models.BooleanField(
        _("default for outgoing mail"),
        default=False,
        help_text=_("Replies on tickets that did not arrive by email are sent from this mailbox"),
    )
    signature = models.TextField(
        _("signature"), blank=True, help_text=_("Added below the agent's own signature")
    )
    auto_reply = models.BooleanField(
        _("send an automatic confirmation"),
        default=True,
        help_text=_("Confirm new tickets to the customer with the 'ticket received' template"),
    )

    imap_host = models.CharField(_("IMAP server"), max_length=253, blank=True)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=10, choices=ImapSecurity.choices, default=ImapSecurity.TLS
    )
    imap_username = models.CharField(_("IMAP user name"), max_length=320, blank=True)
    imap_password = models.CharField(_("IMAP password"), max_length=500, blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=200, default="INBOX")
    imap_archive_folder = models.CharField(
        _("move fetched mail to"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to mark fetched mail as read and leave it where it is"),
    )

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address

    @property
    def fetches_by_imap(self) -> bool:
        return bool(self.imap_host and self.imap_username)


class ImapState(models.Model):
    """How far a mailbox's IMAP folder has been read. UIDs are only meaningful together with
    the folder's UIDVALIDITY: when the server changes it, reading starts over (and Message-IDs
    keep what was already stored from being stored twice)."""

    mailbox = models.OneToOneField(Mailbox, on_delete=models.CASCADE, related_name="imap_state")
    folder = models.CharField(max_length=200)
    uidvalidity = models.BigIntegerField(null=True)
    last_uid = models.BigIntegerField(default=0)
    last_fetch_at = models.DateTimeField(null=True)
    last_error = models.TextField(blank=True)
    #: While set and in the future, one worker is fetching this mailbox and no other may; the
    #: exact value is that worker's token (it renews the lease as it goes). A worker that dies
    #: leaves it to run out.
    lease_until = models.DateTimeField(null=True, blank=True)


class InboundMail(models.Model):
    """One raw mail as it arrived, whatever became of it. The bytes are kept (as a stored file)
    so a message can be opened in its original form and a quarantined one re-processed."""

    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_mails"
    )
    source = models.CharField(_("received by"), max_length=10, choices=MailSource.choices)
    source_ref = models.CharField(_("source reference"), max_length=500, blank=True)
    raw = models.ForeignKey(
        "tickets.StoredFile", on_delete=models.PROTECT, related_name="inbound_mails"
    )
    mail_id = models.CharField(_("Message-ID"), max_length=500, blank=True)
    sender = models.CharField(_("sender"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=InboundState.choices)
    reason = models.TextField(_("reason"), blank=True)
    message = models.ForeignKey(
        "tickets.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_mails",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("incoming mail")
        verbose_name_plural = _("incoming mails")
        indexes = [
            models.Index(fields=["state", "-received_at", "-id"], name="inboundmail_state"),
            models.Index(fields=["mail_id"], name="inboundmail_mailid"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


class MessageReference(models.Model):
    """A Message-ID that a stored mail refers to (In-Reply-To/References). Lets an original that
    arrives after its reply find the ticket the reply already opened."""

    message = models.ForeignKey(
        "tickets.Message", on_delete=models.CASCADE, related_name="mail_references"
    )
    ref = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["ref"], name="messagereference_ref")]
        constraints = [
            models.UniqueConstraint(fields=["message", "ref"], name="unique_message_reference")
        ]


class AutoReplyLog(models.Model):
    """Automatic mails sent to an address: the rate limit that keeps two robots from talking
    to each other forever."""

    address = models.CharField(max_length=320)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    template = models.CharField(max_length=30, choices=TemplateKey.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address", "sent_at"], name="autoreplylog_address")]


class EmailTemplate(models.Model):
    """An editable customer notification, one per template and language, and optionally one
    for a particular mailbox, which then replaces the general one for mail to that mailbox."""

    key = models.CharField(_("template"), max_length=30, choices=TemplateKey.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    mailbox = models.ForeignKey(
        Mailbox,
        verbose_name=_("mailbox"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="templates",
        help_text=_("Empty: used for every mailbox without its own"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders, written as {{ name }}: ticket.number, ticket.subject, contact.name, "
            "company, link (the ticket in the portal) and sign_in_link; a new reply also has "
            "agent, message, status and attachments (how many); the sign-in link has link and "
            "minutes."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"],
                condition=models.Q(mailbox__isnull=True),
                name="unique_email_template",
            ),
            models.UniqueConstraint(
                fields=["key", "language", "mailbox"],
                condition=models.Q(mailbox__isnull=False),
                name="unique_mailbox_email_template",
            ),
        ]

    def __str__(self) -> str:
        owner = f", {self.mailbox}" if self.mailbox_id else ""
        return f"{self.get_key_display()} ({self.language}{owner})"
