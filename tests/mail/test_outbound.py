"""Agents' replies as mail: threaded, signed, with attachments; retried when the server is down,
failed with the server's answer when it refuses."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail as django_mail

from fyr.accounts.models import User
from fyr.mail import outbound, services
from fyr.mail.choices import MailSource
from fyr.mail.models import Mailbox
from fyr.tickets import services as tickets
from fyr.tickets.choices import DeliveryStatus, EventKind
from fyr.tickets.inbound import InboundAttachment
from tests.mail.factories import committed, make_mail


@pytest.fixture
def mailbox(support) -> Mailbox:
    return services.save_mailbox(
        Mailbox(
            address="support@fyr.test",
            name="Fyr Support",
            team=support,
            signature="Fyr AB · 08-123 45 67",
            auto_reply=False,
        )
    )


@pytest.fixture
def mail_ticket(mailbox):
    raw = make_mail(message_id="<q1@acme.se>", references="<older@acme.se>")
    return services.ingest(raw, source=MailSource.IMAP).ticket


def test_a_reply_goes_out_threaded_from_the_mailbox(mail_ticket, agent, mailbox):
    User.objects.filter(pk=agent.pk).update(signature="Agnes, kundtjänst")
    agent.refresh_from_db()

    reply = committed(
        tickets.reply,
        mail_ticket,
        author=agent,
        body="Hej Karin, fakturan är rättad.",
        attachments=[InboundAttachment("faktura.pdf", "application/pdf", b"%PDF-1.4 ny")],
    )

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    sent = django_mail.outbox[-1]
    assert sent.from_email == "Fyr Support <support@fyr.test>"
    assert sent.to == ["karin@acme.se"]
    assert sent.subject == f"Re: Fel på fakturan [#{mail_ticket.number}]"
    assert sent.extra_headers["Message-ID"] == f"<{reply.external_id}>"
    assert reply.external_id == f"fyr.{mail_ticket.number}.{reply.pk}@fyr.test"
    assert sent.extra_headers["In-Reply-To"] == "<q1@acme.se>"
    assert sent.extra_headers["References"] == "<older@acme.se> <q1@acme.se>"
    assert "Hej Karin, fakturan är rättad." in sent.body
    assert sent.body.endswith("-- \nAgnes, kundtjänst\n\nFyr AB · 08-123 45 67\n")
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and "fakturan är rättad" in html and "Agnes, kundtjänst" in html
    assert [(name, data) for name, data, _type in sent.attachments] == [
        ("faktura.pdf", b"%PDF-1.4 ny")
    ]


def test_a_rules_notice_is_marked_auto_generated_and_a_persons_reply_is_not(mail_ticket, agent):
    from fyr.tickets.events import Actor

    committed(tickets.reply, mail_ticket, author=agent, body="Hej!")
    assert django_mail.outbox[-1].extra_headers["Auto-Submitted"] == "no"
    rule = Actor.of_rule("automation", 1, "Påminnelse")
    committed(tickets.apply_rule, mail_ticket, actor=rule, reply="Vi väntar på ditt svar.")
    notice = django_mail.outbox[-1]
    assert "Vi väntar på ditt svar." in notice.body
    assert notice.extra_headers["Auto-Submitted"] == "auto-generated"  # RFC 3834: no loops


def test_the_customers_answer_to_the_reply_threads_back(mail_ticket, agent):
    reply = committed(tickets.reply, mail_ticket, author=agent, body="Prova igen.")
    reply.refresh_from_db()
    answer = services.ingest(
        make_mail(
            message_id="<a2@acme.se>", subject="Re: ...", in_reply_to=f"<{reply.external_id}>"
        ),
        source=MailSource.IMAP,
    )
    assert answer.ticket.pk == mail_ticket.pk


class FailingConnection:
    """An SMTP connection whose server answers with ``errors`` in turn, then accepts."""

    def __init__(self, errors, sent):
        self.errors = errors
        self.sent = sent

    def send_messages(self, messages):
        self.sent.append(messages[0].extra_headers["Message-ID"])
        if self.errors:
            raise self.errors.pop(0)
        return 1


@pytest.fixture
def smtp_answers(monkeypatch):
    """Set the answers the mail server gives; returns the Message-IDs it was offered."""
    sent: list[str] = []
    errors: list[Exception] = []
    monkeypatch.setattr(outbound, "get_connection", lambda: FailingConnection(errors, sent))
    return errors, sent


def test_a_temporary_failure_is_retried_and_then_sent(mail_ticket, agent, smtp_answers):
    errors, sent = smtp_answers
    errors.append(smtplib.SMTPResponseException(451, b"4.3.0 Try again later"))

    reply = committed(tickets.reply, mail_ticket, author=agent, body="Svar")

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    assert reply.delivery_attempts == 1
    assert len(sent) == 2 and sent[0] == sent[1]  # the same Message-ID both times


def test_a_refusal_marks_the_reply_failed_with_the_servers_answer(mail_ticket, agent, smtp_answers):
    errors, sent = smtp_answers
    errors.append(smtplib.SMTPRecipientsRefused({"karin@acme.se": (550, b"5.1.1 User unknown")}))

    reply = committed(tickets.reply, mail_ticket, author=agent, body="Svar")

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert reply.delivery_error == "550 5.1.1 User unknown"
    assert len(sent) == 1
    assert mail_ticket.events.filter(kind=EventKind.DELIVERY_FAILED).count() == 1


def test_a_server_that_stays_down_fails_after_the_last_attempt(mail_ticket, agent, smtp_answers):
    errors, sent = smtp_answers
    errors.extend(ConnectionRefusedError("Connection refused") for _ in range(10))

    reply = committed(tickets.reply, mail_ticket, author=agent, body="Svar")

    reply.refresh_from_db()
    attempts = len(tickets.DELIVERY_RETRY_DELAYS) + 1
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert (reply.delivery_attempts, len(sent)) == (attempts, attempts)
    assert reply.delivery_error == f"Connection refused (gave up after {attempts} attempts)"


# --- against a real SMTP server (aiosmtpd) -------------------------------------------------------


def test_a_reply_arrives_at_a_real_smtp_server_as_a_proper_mail(
    mail_ticket, agent, smtp_server, settings
):
    from fyr.mail import parsing
    from tests.mail.servers import use_smtp_server

    use_smtp_server(settings, smtp_server)
    reply = committed(
        tickets.reply,
        mail_ticket,
        author=agent,
        body="Hej Karin! Fakturan för mars är rättad – se bilagan.",
        attachments=[InboundAttachment("Kvitto för mars.pdf", "application/pdf", b"%PDF-1.4 k")],
    )

    mail_from, rcpt_tos, raw = smtp_server.wait_for(1)[0]
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    assert (mail_from, rcpt_tos) == ("support@fyr.test", ["karin@acme.se"])
    parsed = parsing.parse(raw)
    assert parsed.message_id == reply.external_id
    assert parsed.in_reply_to == ("q1@acme.se",)
    assert parsed.references == ("older@acme.se", "q1@acme.se")
    assert parsed.subject == f"Re: Fel på fakturan [#{mail_ticket.number}]"
    assert "Fakturan för mars är rättad – se bilagan." in parsed.text
    assert "Fakturan för mars är rättad" in parsed.html
    assert [(a.filename, a.data) for a in parsed.attachments] == [
        ("Kvitto för mars.pdf", b"%PDF-1.4 k")
    ]


class Refusing:
    """An aiosmtpd handler that answers RCPT TO with a fixed code."""

    def __init__(self, answer: str):
        self.answer = answer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return self.answer


@pytest.fixture
def refusing_server(settings):
    from aiosmtpd.controller import Controller

    from tests.mail.servers import SmtpServer, free_port, use_smtp_server

    started = []

    def start(answer: str):
        port = free_port()
        controller = Controller(Refusing(answer), hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        use_smtp_server(settings, SmtpServer(port))

    yield start
    for controller in started:
        controller.stop()


def test_a_real_servers_refusal_is_kept_on_the_reply(mail_ticket, agent, refusing_server):
    refusing_server("550 5.1.1 <karin@acme.se>: Recipient address rejected: User unknown")

    reply = committed(tickets.reply, mail_ticket, author=agent, body="Svar")

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert reply.delivery_error == (
        "550 5.1.1 <karin@acme.se>: Recipient address rejected: User unknown"
    )


def test_a_real_servers_temporary_refusal_is_retried(mail_ticket, agent, refusing_server):
    refusing_server("451 4.7.1 Greylisted, try again later")

    reply = committed(tickets.reply, mail_ticket, author=agent, body="Svar")

    reply.refresh_from_db()
    attempts = len(tickets.DELIVERY_RETRY_DELAYS) + 1
    assert (reply.delivery_status, reply.delivery_attempts) == (DeliveryStatus.FAILED, attempts)
    assert reply.delivery_error.startswith("451 4.7.1 Greylisted, try again later")
