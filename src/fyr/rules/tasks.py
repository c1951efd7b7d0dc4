"""Background work of rules: webhook calls (retried with back-off) and mails to agents."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from fyr.rules import webhooks
from fyr.tickets.choices import EventKind
from fyr.tickets.events import Actor

log = logging.getLogger(__name__)


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at a webhook delivery. Safe to run twice: only the run that claims the
    delivery (a conditional UPDATE) calls the URL."""
    delay = webhooks.attempt(delivery_id)
    if delay is None:
        return "done"
    log.info("webhook delivery %s will be retried in %ss", delivery_id, delay)
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=webhooks.next_attempt_at(delay)).enqueue(delivery_id)
    else:  # a backend without delays (the tests' immediate one) retries at once
        deliver_webhook.enqueue(delivery_id)
    return "retry"


@task()
def send_notification(ticket_id: int, mail: dict[str, Any], rule: dict[str, Any]) -> str:
    """Mail agents about a ticket as a rule said, then note on the ticket that it went out."""
    from fyr.tickets import services as tickets

    send_mail(mail["subject"], mail["body"], settings.DEFAULT_FROM_EMAIL, mail["to"])
    actor = Actor.of_rule(rule.get("kind", "rule"), rule.get("id"), rule.get("name", ""))
    tickets.record_rule_outcome(
        ticket_id, EventKind.NOTIFICATION_SENT, actor=actor, to=mail["to"], subject=mail["subject"]
    )
    return "sent"
