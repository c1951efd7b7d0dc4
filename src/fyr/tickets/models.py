"""Tickets, their messages and attachments, tags, and the append-only event trail.

The event trail (``TicketEvent``) is the timeline, the audit log and the only source of metrics.
Rows here are written by ``fyr.tickets.services`` and ``fyr.tickets.events`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.tickets.choices import (
    PRIORITY_RANK,
    ActorKind,
    Channel,
    DeliveryStatus,
    Direction,
    EventKind,
    MessageKind,
    Priority,
    Status,
    TicketType,
)


class Counter(models.Model):
    """Named gap-free counters (ticket numbers), incremented under a row lock."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    number = models.BigIntegerField(_("number"), unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    priority_rank = models.PositiveSmallIntegerField(default=PRIORITY_RANK[Priority.NORMAL])
    type = models.CharField(
        _("type"), max_length=10, choices=TicketType.choices, default=TicketType.QUESTION
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    requester = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    organization = models.ForeignKey(
        "customers.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    tier = models.PositiveSmallIntegerField(
        _("support tier"), default=1, choices=[(1, "1"), (2, "2"), (3, "3")]
    )
    tags = models.ManyToManyField(Tag, through="TicketTag", related_name="tickets", blank=True)
    custom_fields = models.JSONField(_("custom fields"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_tickets"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    last_customer_message_at = models.DateTimeField(null=True, blank=True)
    last_agent_message_at = models.DateTimeField(null=True, blank=True)
    sla_due_at = models.DateTimeField(
        _("next SLA deadline"), null=True, blank=True
    )  # the earliest running SLA clock's due time, kept by ``fyr.sla``

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        # Composite indexes for the inbox's filters and sorts: (filter columns…, sort, id).
        indexes = [
            models.Index(fields=["status", "-updated_at", "-id"], name="ticket_status_upd"),
            models.Index(fields=["team", "status", "-updated_at", "-id"], name="ticket_team_upd"),
            models.Index(
                fields=["assignee", "status", "-updated_at", "-id"], name="ticket_assignee_upd"
            ),
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_created"),
            models.Index(
                fields=["status", "-priority_rank", "-updated_at", "-id"],
                name="ticket_status_prio",
            ),
            models.Index(
                fields=["team", "status", "-priority_rank", "-updated_at", "-id"],
                name="ticket_team_prio",
            ),
            models.Index(fields=["requester", "-created_at"], name="ticket_requester"),
            models.Index(fields=["organization", "-created_at"], name="ticket_org"),
            models.Index(fields=["-updated_at", "-id"], name="ticket_updated"),
            models.Index(fields=["-solved_at"], name="ticket_solved"),
            models.Index(fields=["status", "sla_due_at", "id"], name="ticket_status_sla"),
            models.Index(fields=["team", "status", "sla_due_at", "id"], name="ticket_team_sla"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"


class TicketTag(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="ticket_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="ticket_tags")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "tag"], name="unique_ticket_tag")]
        indexes = [models.Index(fields=["tag", "ticket"], name="tickettag_tag")]


class Message(models.Model):
    """One message in a ticket's conversation: a customer's mail or chat line, a reply, a note."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=MessageKind.choices, default=MessageKind.REPLY)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    author_contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(
        blank=True, help_text="Safe HTML to show: sanitised, or made from the plain text."
    )
    quoted_html = models.TextField(
        blank=True,
        help_text="Safe HTML of the quoted history and signature folded away below the message.",
    )
    external_id = models.CharField(max_length=500, null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    delivery_status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.NONE, blank=True
    )
    delivery_error = models.TextField(blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=Q(external_id__isnull=False),
                name="unique_message_external_id",
            )
        ]
        indexes = [models.Index(fields=["ticket", "created_at", "id"], name="message_ticket")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on #{self.ticket_id}"

    @property
    def author_kind(self) -> str:
        if self.author_agent_id:
            return ActorKind.AGENT
        if self.author_contact_id:
            return ActorKind.CONTACT
        return ActorKind.SYSTEM


class StoredFile(models.Model):
    """File content kept once per SHA-256 under the data directory, however often it is attached."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.sha256

    @property
    def relative_path(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255)
    content_id = models.CharField(max_length=255, blank=True)
    inline = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    @property
    def size(self) -> int:
        return self.file.size


class TicketEvent(models.Model):
    """An append-only record of one change to a ticket: who, what, before and after, when."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "created_at", "id"], name="event_ticket"),
            models.Index(fields=["kind", "created_at"], name="event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on #{self.ticket_id}"
