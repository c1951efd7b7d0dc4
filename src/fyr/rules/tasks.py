"""Background work of rules: webhook calls (retried with back-off). Mails to agents go out
through the core's ``fyr.tickets.tasks.notify_agents``."""

from __future__ import annotations

import logging

from django_tasks import task

from fyr.rules import webhooks

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
