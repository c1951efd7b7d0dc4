"""Mail that leaves Fyr: agents' replies on email tickets (the channel adapter) and automatic
confirmations from editable templates.

A reply is threaded for the customer's mail program (In-Reply-To and References from the mail it
answers, the ticket token ``[#1234]`` in the subject) and for Fyr (its Message-ID is stored, so
the customer's answer and any bounce find the ticket). The Message-ID is made from the message's
own id, so a retry sends the same one and the customer never sees two different mails.
"""

from __future__ import annotations

import smtplib
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from fyr.mail import notify
from fyr.mail.choices import TemplateKey
from fyr.mail.models import Mailbox, MessageReference
from fyr.tickets import storage
from fyr.tickets.channels import RetryLater
from fyr.tickets.choices import Channel, Direction
from fyr.tickets.models import Message, Ticket

#: References kept on a reply: the root and the nearest ones are what mail programs use.
MAX_REFERENCES = 20


class NoRecipient(Exception):
    """The ticket's customer has no email address to write to."""


class EmailAdapter:
    """The channel adapter for ``email``: one agent reply becomes one mail."""

    def deliver(self, message: Message) -> str:
        ticket = message.ticket
        answered = _last_inbound_mail(ticket)
        to = _recipient(ticket, answered)
        mailbox = mailbox_of(ticket, answered)
        message_id = outbound_message_id(message, mailbox)
        headers = {
            "Message-ID": f"<{message_id}>",
            "X-Fyr-Ticket": str(ticket.number),
            # A person's answer, or a rule's notice (RFC 3834: so auto-responders stay quiet)
            "Auto-Submitted": "no" if message.author_agent_id else "auto-generated",
            **_thread_headers(answered),
        }
        text, html = _bodies(message, mailbox)
        mail = EmailMultiAlternatives(
            subject=reply_subject(ticket),
            body=text,
            from_email=_from_address(mailbox),
            to=[to],
            reply_to=[mailbox.address] if mailbox else None,
            headers=headers,
        )
        mail.attach_alternative(html, "text/html")
        for attachment in message.attachments.select_related("file"):
            mail.attach(attachment.filename, storage.read(attachment.file), attachment.content_type)
        _send(mail)
        return message_id


adapter = EmailAdapter()


def _send(mail: EmailMultiAlternatives) -> None:
    """Send, telling temporary failures (retry later) from permanent ones (the server's answer
    is kept on the message)."""
    try:
        get_connection().send_messages([mail])
    except smtplib.SMTPRecipientsRefused as exc:
        answers = [_answer(code, text) for code, text in exc.recipients.values()]
        if all(400 <= code < 500 for code, _text in exc.recipients.values()):
            raise RetryLater("; ".join(answers)) from exc
        raise RuntimeError("; ".join(answers)) from exc
    except smtplib.SMTPResponseException as exc:
        answer = _answer(exc.smtp_code, exc.smtp_error)
        if 400 <= exc.smtp_code < 500:
            raise RetryLater(answer) from exc
        raise RuntimeError(answer) from exc
    except (TimeoutError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
        raise RetryLater(str(exc) or type(exc).__name__) from exc
    except OSError as exc:  # connection refused, DNS failure: the server may come back
        raise RetryLater(str(exc) or type(exc).__name__) from exc


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _domain(mailbox: Mailbox | None) -> str:
    """The domain our Message-IDs are made under: the sending mailbox's, else the default's."""
    address = mailbox.address if mailbox else parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def outbound_message_id(message: Message, mailbox: Mailbox | None) -> str:
    """The same id every time this message is sent (retries), unique across installations by
    the domain and the ticket number."""
    return f"fyr.{message.ticket.number}.{message.pk}@{_domain(mailbox)}"


def reply_subject(ticket: Ticket) -> str:
    subject = notify.with_ticket_token(ticket.subject, ticket.number)
    return subject if subject.lower().startswith(("re:", "sv:")) else f"Re: {subject}"


def _thread_headers(answered: Message | None) -> dict[str, str]:
    """In-Reply-To and References that put our mail under the customer's in their program."""
    if answered is None or not answered.external_id:
        return {}
    return {
        "In-Reply-To": f"<{answered.external_id}>",
        "References": " ".join(f"<{ref}>" for ref in _references_of(answered)),
    }


def _last_inbound_mail(ticket: Ticket) -> Message | None:
    return (
        ticket.messages.filter(channel=Channel.EMAIL, direction=Direction.INBOUND, kind="reply")
        .order_by("-created_at", "-id")
        .first()
    )


def _recipient(ticket: Ticket, answered: Message | None) -> str:
    if answered is not None and answered.author_contact_id == ticket.requester_id:
        sender = parseaddr(str(answered.metadata.get("from", "")))[1]
        if sender:
            return sender
    address = ticket.requester.email
    if not address:
        raise NoRecipient(_("The customer has no email address"))
    return address


def mailbox_of(ticket: Ticket, answered: Message | None = None) -> Mailbox | None:
    """The mailbox the customer wrote to; else the team's; else the default one."""
    mailbox_id = answered.metadata.get("mailbox") if answered is not None else None
    candidates = Mailbox.objects.filter(is_active=True)
    if mailbox_id:
        found = candidates.filter(pk=mailbox_id).first()
        if found is not None:
            return found
    if ticket.team_id:
        found = candidates.filter(team_id=ticket.team_id).order_by("-is_default", "pk").first()
        if found is not None:
            return found
    return candidates.order_by("-is_default", "pk").first()


def _from_address(mailbox: Mailbox | None) -> str:
    if mailbox is None:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((mailbox.name or settings.COMPANY_NAME, mailbox.address))


def _references_of(answered: Message) -> list[str]:
    """The answered mail's own References plus its id: the chain mail programs thread by."""
    stored = list(
        MessageReference.objects.filter(message=answered)
        .order_by("-id")
        .values_list("ref", flat=True)
    )
    # MessageReference holds the nearest first; References go oldest first.
    chain = [*reversed(stored), answered.external_id or ""]
    chain = [ref for ref in dict.fromkeys(chain) if ref]
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    return chain


def _bodies(message: Message, mailbox: Mailbox | None) -> tuple[str, str]:
    signatures = [
        s.strip()
        for s in (
            message.author_agent.signature if message.author_agent else "",
            mailbox.signature if mailbox else "",
        )
        if s and s.strip()
    ]
    text = message.body_text.rstrip()
    html = message.body_html
    if signatures:
        text += "\n\n-- \n" + "\n\n".join(signatures)
        html += (
            '<div class="signature"><br>-- <br>'
            + "".join(linebreaks(escape(signature)) for signature in signatures)
            + "</div>"
        )
    return text + "\n", f"<!DOCTYPE html><html><body>{html}</body></html>"


# --- automatic confirmations from editable templates -------------------------------------------


def send_confirmation(ticket: Ticket, address: str, key: str = TemplateKey.RECEIVED) -> str | None:
    """The automatic mail confirming a new ticket, in the customer's language, threaded under
    the customer's mail and marked ``Auto-Submitted: auto-replied`` (RFC 3834)."""
    answered = _last_inbound_mail(ticket)
    mailbox = mailbox_of(ticket, answered)
    rendered = notify.render(
        key,
        language=notify.language_for(ticket.requester),
        context=notify.ticket_context(ticket, mailbox),
        mailbox=mailbox,
    )
    if rendered is None:
        return None
    message_id = f"fyr.{ticket.number}.auto.{key}@{_domain(mailbox)}"
    headers = {
        "Message-ID": f"<{message_id}>",
        "Auto-Submitted": "auto-replied",
        "X-Auto-Response-Suppress": "All",
        "Precedence": "auto_reply",
        "X-Fyr-Ticket": str(ticket.number),
        "Content-Language": rendered.language,
        **_thread_headers(answered),
    }
    mail = EmailMultiAlternatives(
        subject=notify.with_ticket_token(rendered.subject, ticket.number),
        body=rendered.text,
        from_email=_from_address(mailbox),
        to=[address],
        reply_to=[mailbox.address] if mailbox else None,
        headers=headers,
    )
    mail.attach_alternative(rendered.html, "text/html")
    _send(mail)
    return message_id
