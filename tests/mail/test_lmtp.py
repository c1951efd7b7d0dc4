"""Delivery over LMTP with a real client (``smtplib.LMTP``) to the server on a thread."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator

import pytest
from django.db import DatabaseError

from fyr.mail import imap, services
from fyr.mail.choices import InboundState, MailSource
from fyr.mail.lmtp import LmtpController
from fyr.mail.models import InboundMail, Mailbox
from fyr.tickets.models import Message
from tests.mail.servers import free_port
from tests.mail.test_imap import mail


@pytest.fixture
def lmtp_port(transactional_db) -> Iterator[int]:
    """The LMTP server runs its database work on other threads: the test's data is committed."""
    controller = LmtpController(port=free_port())
    controller.start()
    yield controller.port
    controller.stop()


@pytest.fixture
def mailbox(transactional_db) -> Mailbox:
    services.save_mailbox(Mailbox(address="closed@fyr.test", is_active=False))
    return services.save_mailbox(Mailbox(address="support@fyr.test", auto_reply=False))


def lmtp(port: int) -> smtplib.LMTP:
    client = smtplib.LMTP("127.0.0.1", port)
    client.ehlo_or_helo_if_needed()  # LHLO
    return client


def test_a_delivery_is_accepted_and_taken_in(lmtp_port, mailbox):
    with lmtp(lmtp_port) as client:
        refused = client.sendmail("karin@acme.se", ["support@fyr.test"], mail(1))

    assert refused == {}
    row = InboundMail.objects.get()
    assert (row.source, row.state, row.mailbox) == (
        MailSource.LMTP,
        InboundState.PROCESSED,
        mailbox,
    )
    assert row.message.ticket.subject == "Ärende 1"


def test_unknown_and_inactive_recipients_are_rejected(lmtp_port, mailbox):
    with lmtp(lmtp_port) as client:
        client.mail("karin@acme.se")
        unknown = client.rcpt("nobody@fyr.test")
        inactive = client.rcpt("closed@fyr.test")
        other_domain = client.rcpt("support@elsewhere.test")

    assert unknown == inactive == other_domain == (550, b"5.1.1 unknown mailbox")
    assert InboundMail.objects.count() == 0


def test_each_accepted_recipient_gets_its_own_reply_after_data(lmtp_port, mailbox):
    with lmtp(lmtp_port) as client:
        client.mail("karin@acme.se")
        assert client.rcpt("support@fyr.test") == (250, b"2.1.5 OK")
        assert client.rcpt("nobody@fyr.test")[0] == 550
        assert client.rcpt("Support+42@fyr.test") == (250, b"2.1.5 OK")  # a plus address
        first = client.data(mail(1))
        second = client.getreply()
        # Nothing is left unread: the next command's answer is its own.
        after = client.noop()

    assert first == (250, b"2.0.0 OK <support@fyr.test>")
    assert second == (250, b"2.0.0 OK <Support+42@fyr.test>")
    assert after[0] == 250
    assert Message.objects.count() == 1


def test_the_same_mail_delivered_twice_is_stored_once(lmtp_port, mailbox):
    with lmtp(lmtp_port) as client:
        client.sendmail("karin@acme.se", ["support@fyr.test"], mail(1))
        client.mail("karin@acme.se")
        client.rcpt("support@fyr.test")
        again = client.data(mail(1))

    assert again == (250, b"2.0.0 OK (duplicate) <support@fyr.test>")
    assert (InboundMail.objects.count(), Message.objects.count()) == (1, 1)


def test_unreadable_mail_is_accepted_into_quarantine(lmtp_port, mailbox):
    with lmtp(lmtp_port) as client:
        refused = client.sendmail(
            "karin@acme.se", ["support@fyr.test"], b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 junk\r\n"
        )

    assert refused == {}
    assert InboundMail.objects.get().state == InboundState.QUARANTINED


def test_a_database_error_asks_the_mta_to_try_again(lmtp_port, mailbox, monkeypatch):
    def broken(raw, **kwargs):
        raise DatabaseError("could not connect to server")

    monkeypatch.setattr(services, "ingest", broken)
    with lmtp(lmtp_port) as client:
        client.mail("karin@acme.se")
        client.rcpt("support@fyr.test")
        client.rcpt("support+7@fyr.test")
        first = client.data(mail(1))
        second = client.getreply()

    assert first == (451, b"4.3.0 try again later <support@fyr.test>")
    assert second == (451, b"4.3.0 try again later <support+7@fyr.test>")
    assert InboundMail.objects.count() == 0


def test_the_same_mail_by_lmtp_and_by_imap_is_stored_once(lmtp_port, imap_mailbox, imap_server):
    with lmtp(lmtp_port) as client:
        client.sendmail("karin@acme.se", ["support@fyr.test"], mail(1))
    imap_server.append("INBOX", [mail(1)])

    result = imap.fetch_mailbox(imap_mailbox)

    assert (result.fetched, result.duplicates) == (1, 1)
    assert list(InboundMail.objects.values_list("source", flat=True)) == [MailSource.LMTP]
    assert Message.objects.count() == 1


def test_a_mail_with_a_line_longer_than_rfc_5321_allows_is_accepted(lmtp_port, mailbox):
    raw = (
        "From: Karin <karin@acme.se>\r\nTo: support@fyr.test\r\nSubject: Lång rad\r\n"
        "Message-ID: <long@acme.se>\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n<p>" + "lång rad " * 2000 + "</p>\r\n"
    ).encode()
    assert max(len(line) for line in raw.splitlines()) > 1000
    client = lmtp(lmtp_port)
    client.sendmail("karin@acme.se", [mailbox.address], raw)
    client.quit()

    assert Message.objects.get().external_id == "long@acme.se"
