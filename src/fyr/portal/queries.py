"""What a signed-in customer may see. Every portal read starts here; anything else is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from fyr.customers.models import Contact
from fyr.tickets.choices import MessageKind, Status
from fyr.tickets.models import Attachment, Message, Ticket

#: The status a customer sees: what it means for them, not how the desk works it.
CUSTOMER_STATUS = {
    Status.NEW: _("Open"),
    Status.OPEN: _("Open"),
    Status.PENDING: _("Awaiting your reply"),
    Status.ON_HOLD: _("Open"),
    Status.SOLVED: _("Solved"),
    Status.CLOSED: _("Closed"),
}


def customer_status(status: str) -> str:
    return str(CUSTOMER_STATUS.get(Status(status), _("Open")))


def tickets_for(contact: Contact) -> QuerySet[Ticket]:
    """The contact's own tickets, plus their organization's when it shares tickets."""
    condition = Q(requester_id=contact.pk)
    organization = contact.organization
    if organization is not None and organization.shares_tickets:
        condition |= Q(organization_id=organization.pk)
    return Ticket.objects.filter(condition)


def get_ticket_for_contact(contact: Contact, number: int) -> Ticket:
    ticket = (
        tickets_for(contact)
        .select_related("requester", "follow_up_of", "merged_into")
        .filter(number=number)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def public_messages(ticket: Ticket) -> QuerySet[Message]:
    """Only what was said to or by the customer: never notes, system messages or events."""
    return (
        ticket.messages.filter(kind=MessageKind.REPLY)
        .select_related("author_agent", "author_contact")
        .prefetch_related("attachments__file")
        .order_by("created_at", "id")
    )


def get_attachment_for_contact(contact: Contact, pk: int) -> Attachment:
    """An attachment of a public message on a ticket the contact may see, else 404."""
    attachment = (
        Attachment.objects.select_related("file", "message")
        .filter(
            pk=pk,
            message__kind=MessageKind.REPLY,
            message__ticket__in=tickets_for(contact),
        )
        .first()
    )
    if attachment is None:
        raise Http404("No such attachment")
    return attachment


def agent_display_name(message: Message) -> str:
    """An agent is shown to customers by first name only, never by email address."""
    agent = message.author_agent
    first = (agent.name if agent is not None else "").strip().split(" ")[0]
    return first or str(_("Customer service"))
