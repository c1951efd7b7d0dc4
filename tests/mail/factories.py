"""Building raw mails for tests, as a mail program would send them."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime

from fyr.core import clock


def make_mail(
    *,
    sender: str = "Karin Kund <karin@acme.se>",
    to: str = "support@fyr.test",
    subject: str = "Fel på fakturan",
    text: str = "Hej! Min faktura stämmer inte.",
    html: str | None = None,
    message_id: str | None = "<m1@acme.se>",
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    date=None,
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(date or clock.now())
    if message_id:
        mail["Message-ID"] = message_id
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
    if references:
        mail["References"] = references
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        if maintype == "text":
            mail.add_attachment(data.decode(), subtype=subtype, filename=filename)
        else:
            mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(mail)


def dsn(*, original_message_id: str, recipient: str, status: str = "5.1.1") -> bytes:
    """A standard delivery status notification (RFC 3464) as Postfix sends it."""
    return (
        "From: MAILER-DAEMON@mx.acme.se (Mail Delivery System)\r\n"
        "To: support@fyr.test\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@mx.acme.se>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n"
        "--B\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        "\r\n"
        "--B\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.acme.se\r\n"
        "\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        "Action: failed\r\n"
        f"Status: {status}\r\n"
        f"Diagnostic-Code: smtp; 550 {status} <{recipient}>: Recipient address rejected\r\n"
        "\r\n"
        "--B\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        f"Message-ID: <{original_message_id}>\r\n"
        "Subject: Re: Fel på fakturan\r\n"
        "\r\n"
        "--B--\r\n"
    ).encode()


def committed(call, *args, **kwargs):
    """Run ``call`` and then what it scheduled for after commit (deliveries, confirmations), as
    a real commit would: tests run inside a transaction that never commits."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(*args, **kwargs)


def general_template(key: str, language: str):
    """The general (not per-mailbox) template, saved: a transactional test earlier in the same
    worker may have flushed the rows the migration made."""
    from fyr.mail import services

    template = services.template_for(key, language)
    if template.pk is None:
        template.save()
    return template
