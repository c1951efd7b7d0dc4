"""Mail the portal sends to customers, each in the customer's language when Fyr knows it."""

from __future__ import annotations

from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fyr.customers.models import Contact
from fyr.portal.queries import agent_display_name, customer_status
from fyr.tickets.models import Message, Ticket


def company_name() -> str:
    return getattr(settings, "COMPANY_NAME", "Fyr")


def language_for(contact: Contact | None) -> str:
    language = (contact.language if contact is not None else "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def ticket_url(ticket: Ticket) -> str:
    return settings.BASE_URL + reverse("portal:ticket", args=[ticket.number])


def _message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def _send(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    language: str,
    automatic: bool = False,
) -> str:
    """Render ``portal/email/<template>.{txt,html}`` and send it; returns the Message-ID."""
    context = {"company_name": company_name(), **context}
    message_id = _message_id()
    with translation.override(language):
        text = render_to_string(f"portal/email/{template}.txt", context)
        html = render_to_string(f"portal/email/{template}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id, "Content-Language": language}
        # RFC 3834: machine-made mail, so auto-responders do not answer it.
        | ({"Auto-Submitted": "auto-generated"} if automatic else {}),
    )
    email.attach_alternative(html, "text/html")
    email.send()
    return message_id


def send_request_confirmation(*, ticket: Ticket, address: str) -> str:
    language = language_for(ticket.requester)
    with translation.override(language):
        subject = _("[#%(number)s] We have received your request: %(subject)s") % {
            "number": ticket.number,
            "subject": ticket.subject,
        }
    return _send(
        to=address,
        subject=subject,
        template="confirmation",
        context={
            "ticket": ticket,
            "name": ticket.requester.name,
            "sign_in_url": settings.BASE_URL + reverse("portal:sign_in"),
            "ticket_url": ticket_url(ticket),
        },
        language=language,
        automatic=True,
    )


def send_sign_in_link(*, contact: Contact, address: str, url: str) -> str:
    language = language_for(contact)
    with translation.override(language):
        subject = _("Your sign-in link for %(company)s") % {"company": company_name()}
    return _send(
        to=address,
        subject=subject,
        template="sign_in_link",
        context={
            "name": contact.name,
            "url": url,
            "minutes": max(1, settings.PORTAL_LINK_MAX_AGE // 60),
        },
        language=language,
        automatic=True,
    )


def send_reply_notification(*, message: Message, address: str) -> str:
    """An agent's public reply, by mail, with a link to the ticket in the portal."""
    ticket = message.ticket
    language = language_for(ticket.requester)
    with translation.override(language):
        subject = _("[#%(number)s] New reply: %(subject)s") % {
            "number": ticket.number,
            "subject": ticket.subject,
        }
        status = customer_status(ticket.status)
        agent_name = agent_display_name(message)
    return _send(
        to=address,
        subject=subject,
        template="reply",
        context={
            "ticket": ticket,
            "message": message,
            "name": ticket.requester.name,
            "agent_name": agent_name,
            "status": status,
            "attachment_count": message.attachments.count(),
            "ticket_url": ticket_url(ticket),
        },
        language=language,
    )
