"""Background work of the portal: mail that must not hold up the customer's request."""

from __future__ import annotations

from django_tasks import task

from fyr.portal import mail
from fyr.tickets.models import Ticket


@task()
def send_request_confirmation(ticket_id: int, address: str) -> str:
    """Tell the customer their request arrived, with its number and how to follow it."""
    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    if ticket is None:
        return "skipped"
    return mail.send_request_confirmation(ticket=ticket, address=address)
