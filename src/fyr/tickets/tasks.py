"""Background work of the core: delivering replies through the channel's adapter."""

from __future__ import annotations

import logging
from datetime import timedelta

from django_tasks import task

from fyr.core import clock
from fyr.tickets import channels, services

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
