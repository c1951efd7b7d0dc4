"""The portal's channel adapter: agents' replies on web tickets (and on any channel without an
adapter of its own) reach the customer as a mail with a link to the ticket in the portal."""

from __future__ import annotations

from fyr.portal import mail
from fyr.tickets.models import Message


class NoEmailAddress(Exception):
    """The requester has no email identity, so the reply cannot be sent."""


class PortalNotificationAdapter:
    def deliver(self, message: Message) -> str | None:
        requester = message.ticket.requester
        address = requester.email
        if not address:
            raise NoEmailAddress(f"contact {requester.pk} has no email address")
        return mail.send_reply_notification(message=message, address=address)


adapter = PortalNotificationAdapter()
