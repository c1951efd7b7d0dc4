"""Mail the portal sends to customers, each in the customer's language when Fyr knows it."""

from __future__ import annotations

from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from fyr.customers.models import Contact
from fyr.mail import notify
from fyr.mail.notify import language_for
from fyr.portal.queries import agent_display_name, customer_status
from fyr.tickets.models import Message, Ticket


def _message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def _send(
    *,
    to: str,
    key: str,
    context: dict[str, Any],
    language: str,
    ticket: Ticket | None = None,
    automatic: bool = False,
) -> str:
    """Fill in the editable template ``key`` and send it; returns the Message-ID."""
    rendered = notify.render(key, language=language, context=context)
    if rendered is None:
        raise LookupError(f"no email template {key!r}")
    subject = rendered.subject
    if ticket is not None:
        subject = notify.with_ticket_token(subject, ticket.number)
    message_id = _message_id()
    email = EmailMultiAlternatives(
        subject=subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id, "Content-Language": rendered.language}
        # RFC 3834: machine-made mail, so auto-responders do not answer it.
        | ({"Auto-Submitted": "auto-generated"} if automatic else {}),
    )
    email.attach_alternative(rendered.html, "text/html")
    email.send()
    return message_id


def send_request_confirmation(*, ticket: Ticket, address: str) -> str:
    return _send(
        to=address,
        key="received",
        context=notify.ticket_context(ticket),
        language=language_for(ticket.requester),
        ticket=ticket,
        automatic=True,
    )


def send_sign_in_link(*, contact: Contact, address: str, url: str) -> str:
    return _send(
        to=address,
        key="sign_in",
        context={
            "contact": {"name": contact.name},
            "link": url,
            "minutes": max(1, settings.PORTAL_LINK_MAX_AGE // 60),
        },
        language=language_for(contact),
        automatic=True,
    )


def send_reply_notification(*, message: Message, address: str) -> str:
    """An agent's public reply, by mail, with a link to the ticket in the portal."""
    ticket = message.ticket
    language = language_for(ticket.requester)
    with translation.override(language):
        status = str(customer_status(ticket.status))
        agent_name = agent_display_name(message)
    return _send(
        to=address,
        key="reply",
        context={
            **notify.ticket_context(ticket),
            "agent": agent_name,
            "message": message.body_text,
            "status": status,
            "attachments": message.attachments.count(),
        },
        language=language,
        ticket=ticket,
    )
