"""SLA policies, their targets, and each ticket's SLA clocks.

A policy's conditions pick the tickets it covers (the first active policy in position order that
matches); its targets say how long each metric may take, in business or calendar time. A ticket's
``SlaClock`` rows hold the running state: how much of the target is used, when it is due, and
how it ended. ``fyr.sla.clocks`` keeps them in step with the ticket's events; ``fyr.sla.sweep``
records warnings and breaches as they come due.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.sla.choices import ClockState, Metric, Outcome


class SlaPolicy(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Each key narrows the policy to tickets whose field is one of the listed values; a missing
    # or empty key matches every ticket. Keys: priority, type, channel, organization (ids),
    # support_plan, tags (any of). Validated by ``fyr.sla.services``.
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    warn_before_minutes = models.PositiveIntegerField(
        _("warn before a breach (minutes)"), default=30
    )
    # Lists of {"action": Escalation, "team": id, "tier": n}; run on the warning / on the breach.
    on_warning = models.JSONField(_("on warning"), default=list, blank=True)
    on_breach = models.JSONField(_("on breach"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class SlaTarget(models.Model):
    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    minutes = models.PositiveIntegerField(_("minutes"))
    business_hours = models.BooleanField(_("in business hours"), default=True)

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [
            models.UniqueConstraint(fields=["policy", "metric"], name="unique_sla_target"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="sla_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.minutes} min"


class SlaClock(models.Model):
    """One SLA target running on one ticket (a ticket has one per metric and, for next reply,
    one per customer message that waits for an answer).

    Time used so far is ``used_seconds`` (counted up to ``running_since``) plus the open time
    since ``running_since`` while running. ``due_at``/``warn_at`` are set only while running.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_clocks"
    )
    policy = models.ForeignKey(
        SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="clocks"
    )
    metric = models.CharField(max_length=20, choices=Metric.choices)
    target_minutes = models.PositiveIntegerField()
    business_hours = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=ClockState.choices)
    started_at = models.DateTimeField()
    running_since = models.DateTimeField(null=True, blank=True)
    used_seconds = models.BigIntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "metric"], name="slaclock_ticket"),
            # The sweep's two questions, each answered from a small partial index.
            models.Index(
                fields=["warn_at"],
                name="slaclock_to_warn",
                condition=Q(state=ClockState.RUNNING, warned_at__isnull=True),
            ),
            models.Index(
                fields=["due_at"],
                name="slaclock_to_breach",
                condition=Q(state=ClockState.RUNNING, breached_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} on #{self.ticket_id}"

    @property
    def outcome(self) -> Outcome:
        if self.state == ClockState.CANCELLED:
            return Outcome.CANCELLED
        if self.breached_at is not None:
            return Outcome.BREACHED
        if self.state == ClockState.STOPPED:
            return Outcome.MET
        if self.state == ClockState.PAUSED:
            return Outcome.PAUSED
        return Outcome.RUNNING
