"""Background work of the core: delivering replies through the channel's adapter, and mailing
agents about a ticket (what triggers, automations and SLA escalations ask for)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from fyr.core import clock
from fyr.tickets import channels, services
from fyr.tickets.choices import EventKind
from fyr.tickets.events import Actor

log = logging.getLogger(__name__)


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbound reply. Safe to run twice: only the run that claims the queued message
    (a conditional UPDATE, atomic on every database) sends it."""
    message = services.claim_delivery(message_id)
    if message is None:
        return "skipped"
    adapter = channels.adapter_for(message.ticket.channel)
    if adapter is None:
        services.record_delivery(message, external_id=None)
        return "no-adapter"
    try:
        external_id = adapter.deliver(message)
    except channels.RetryLater as exc:
        log.warning("delivery of message %s deferred: %s", message_id, exc)
        delay = services.defer_delivery(message, error=str(exc) or type(exc).__name__)
        if delay is None:
            return "failed"
        _retry(message_id, delay)
        return "deferred"
    except Exception as exc:
        log.exception("delivery of message %s failed", message_id)
        services.record_delivery(message, external_id=None, error=str(exc) or type(exc).__name__)
        return "failed"
    services.record_delivery(message, external_id=external_id)
    return "sent"


def _retry(message_id: int, delay: int) -> None:
    if deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=clock.now() + timedelta(seconds=delay)).enqueue(message_id)
    else:  # a backend without delays (the tests' immediate one) retries at once
        deliver_message.enqueue(message_id)


#: Waits before each new attempt at a mail to agents whose sending failed (then it is given up).
NOTIFY_RETRY_DELAYS = (60, 300, 1800)


@task()
def notify_agents(
    ticket_id: int, mail: dict[str, Any], rule: dict[str, Any], attempt: int = 0
) -> str:
    """Mail agents about a ticket (``mail``: to, subject, body) as a rule, an automation or an
    SLA policy said (``rule``: kind, id, name), then record ``notification_sent`` on the ticket.
    A mail server that fails is tried again after 1, 5 and 30 minutes; then the loss is logged."""
    try:
        send_mail(mail["subject"], mail["body"], settings.DEFAULT_FROM_EMAIL, list(mail["to"]))
    except Exception:
        if attempt < len(NOTIFY_RETRY_DELAYS) and notify_agents.get_backend().supports_defer:
            log.warning("mail to agents about ticket %s failed; trying again", ticket_id)
            later = clock.now() + timedelta(seconds=NOTIFY_RETRY_DELAYS[attempt])
            notify_agents.using(run_after=later).enqueue(ticket_id, mail, rule, attempt + 1)
            return "deferred"
        log.exception("mail to agents about ticket %s given up", ticket_id)
        return "failed"
    actor = Actor.of_rule(rule.get("kind", "rule"), rule.get("id"), rule.get("name", ""))
    services.record_rule_outcome(
        ticket_id, EventKind.NOTIFICATION_SENT, actor=actor, to=mail["to"], subject=mail["subject"]
    )
    return "sent"
