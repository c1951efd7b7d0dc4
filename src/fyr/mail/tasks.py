"""Background work of the email channel. Tasks take ids and are safe to run twice."""

from __future__ import annotations

import logging

from django_tasks import task

from fyr.mail import outbound, services
from fyr.tickets.channels import RetryLater
from fyr.tickets.models import Ticket

log = logging.getLogger(__name__)


@task()
def send_confirmation(ticket_id: int, address: str) -> str:
    """The automatic 'we have received your request' mail for a ticket opened by email."""
    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    if ticket is None:
        return "gone"
    if not services.claim_auto_reply(ticket, address):
        return "held back"
    try:
        sent = outbound.send_confirmation(ticket, address)
    except (RetryLater, RuntimeError) as exc:
        # A confirmation is a courtesy: it is not retried, so a flaky server never sends two.
        log.warning("confirmation for ticket %s to %s not sent: %s", ticket.number, address, exc)
        return "failed"
    return "sent" if sent else "no template"
