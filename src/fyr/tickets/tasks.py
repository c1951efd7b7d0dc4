"""Background work of the core: delivering replies through the channel's adapter."""

from __future__ import annotations

import logging

from django_tasks import task

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
    except Exception as exc:
        log.exception("delivery of message %s failed", message_id)
        services.record_delivery(message, external_id=None, error=str(exc) or type(exc).__name__)
        return "failed"
    services.record_delivery(message, external_id=external_id)
    return "sent"
