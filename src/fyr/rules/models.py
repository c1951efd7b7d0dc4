"""Triggers, automations, webhooks and what they did.

Conditions and actions are JSON checked by one validator (``fyr.rules.conditions`` and
``fyr.rules.actions``) before any save, so a stored rule is always one Fyr can run. Rows are
written by ``fyr.rules.services`` only, which also drops the per-process cache of active rules.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.rules.choices import DeliveryState


def _empty_conditions() -> dict[str, list[object]]:
    return {"all": [], "any": []}


class Rule(models.Model):
    """What triggers and automations share: a name, an order, conditions and actions."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    conditions = models.JSONField(_("conditions"), default=_empty_conditions)
    actions = models.JSONField(_("actions"), default=list)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Trigger(Rule):
    """Runs on a ticket change of the kinds in ``run_on`` (``RunOn`` values)."""

    run_on = models.JSONField(_("runs on"), default=list)

    class Meta(Rule.Meta):
        verbose_name = _("trigger")
        verbose_name_plural = _("triggers")


class Automation(Rule):
    """Runs every minute over open tickets; fires once per ticket while the ticket matches."""

    class Meta(Rule.Meta):
        verbose_name = _("automation")
        verbose_name_plural = _("automations")


class AutomationRun(models.Model):
    """An automation fired on a ticket. While this row exists the automation does not fire on
    the ticket again; the sweep deletes it once the ticket stops matching, so a ticket that
    matches again later (pending a second time) gets the automation again."""

    automation = models.ForeignKey(Automation, on_delete=models.CASCADE, related_name="runs")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    fired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["automation", "ticket"], name="unique_automation_run")
        ]


class Webhook(models.Model):
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=2000)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        help_text=_("Requests carry X-Fyr-Signature: sha256=HMAC(secret, timestamp.body)"),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One webhook call a rule asked for, with every attempt's outcome; the body is kept so a
    retry sends exactly what the first attempt sent (with a fresh timestamp and signature)."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.JSONField(default=dict)
    event = models.CharField(max_length=50)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["webhook", "-created_at"], name="webhookdelivery_recent")]
