"""Customer notifications from editable templates (``EmailTemplate``): the confirmation of a
new ticket, the notice of a reply on a ticket that did not come by email, the portal's sign-in
link. Administrators edit the text (Swedish and English, optionally per mailbox); the HTML part
is that text in Fyr's mail layout, with links made clickable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from fyr.calendars.display import opening_context
from fyr.customers.models import Contact
from fyr.mail.models import EmailTemplate, Mailbox
from fyr.sla.promise import promise_context
from fyr.tickets.models import Ticket


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    language: str


def language_for(contact: Contact | None) -> str:
    """The customer's language when Fyr knows it and speaks it, else the site's."""
    language = (contact.language if contact is not None else "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def check_template(subject: str, body: str) -> None:
    """Refuse a template that does not render, saying where."""
    for field, source in (("subject", subject), ("body", body)):
        try:
            Template(source)
        except TemplateSyntaxError as exc:
            raise ValidationError(
                {field: _("The template has an error: %(error)s") % {"error": exc}}
            ) from exc


def with_ticket_token(subject: str, number: int) -> str:
    """The subject with ``[#1234]``, by which a customer's answer finds its ticket."""
    token = f"[#{number}]"
    return subject if token in subject else f"{subject} {token}"


def render(
    key: str, *, language: str, context: dict[str, Any], mailbox: Mailbox | None = None
) -> Rendered | None:
    """The template ``key`` filled in, or ``None`` when there is none at all."""
    from fyr.mail.services import template_for

    template = template_for(key, language, mailbox)
    if template is None:
        return None
    return render_template(template, context)


def render_template(template: EmailTemplate, context: dict[str, Any]) -> Rendered:
    values = Context({"company": settings.COMPANY_NAME, **context}, autoescape=False)
    with translation.override(template.language):
        subject = " ".join(Template(template.subject).render(values).split())
        text = Template(template.body).render(values).strip() + "\n"
    body = mark_safe(linebreaks(urlize(escape(text), nofollow=True)))  # escaped first
    html = render_to_string(
        "mail/email/notification.html",
        {"body": body, "company": settings.COMPANY_NAME, "language": template.language},
    )
    return Rendered(subject=subject, text=text, html=html, language=template.language)


def ticket_context(ticket: Ticket, mailbox: Mailbox | None = None) -> dict[str, Any]:
    """What every ticket notification can say: the ticket, the customer, links to the portal,
    and (when a calendar is configured) ``opening_hours``, ``open_now``, ``next_opening`` of the
    mailbox's or the team's calendar, and (when an SLA target runs) ``answer_within``."""
    return {
        "ticket": {"number": ticket.number, "subject": ticket.subject},
        "contact": {"name": ticket.requester.name},
        "link": settings.BASE_URL + reverse("portal:ticket", args=[ticket.number]),
        "sign_in_link": settings.BASE_URL + reverse("portal:sign_in"),
        **opening_context(team_id=ticket.team_id, mailbox_id=mailbox.pk if mailbox else None),
        **promise_context(ticket),
    }
