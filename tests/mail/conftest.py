"""Fixtures for the email channel's tests: a real Dovecot, a real SMTP server.

``dovecot`` is one server per test process (xdist workers each start their own, on free ports in
their own directories); ``imap_server`` hands it to a test with its folders emptied.
``smtp_server`` is an aiosmtpd server that keeps what it receives; ``use_smtp_server(settings,
smtp_server)`` (in ``tests.mail.servers``) points Django's mail at it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fyr.mail.choices import ImapSecurity
from fyr.mail.models import Mailbox
from tests.mail.servers import Dovecot, SmtpServer, start_dovecot, start_smtp


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = start_dovecot()  # fails (never skips) when Dovecot is not installed
    yield server
    server.stop()


@pytest.fixture
def imap_server(dovecot: Dovecot) -> Dovecot:
    dovecot.reset()
    return dovecot


@pytest.fixture
def imap_mailbox(db, imap_server: Dovecot, support) -> Mailbox:
    """support@fyr.test, fetched from the test Dovecot over plain IMAP on 127.0.0.1."""
    return Mailbox.objects.create(
        address="support@fyr.test",
        name="Support",
        team=support,
        auto_reply=False,
        imap_host="127.0.0.1",
        imap_port=imap_server.port,
        imap_security=ImapSecurity.NONE,
        imap_username=imap_server.user,
        imap_password=imap_server.password,
    )


@pytest.fixture(scope="session")
def _smtp() -> Iterator[SmtpServer]:
    server, controller = start_smtp()
    yield server
    controller.stop()


@pytest.fixture
def smtp_server(_smtp: SmtpServer) -> SmtpServer:
    """A real SMTP server on 127.0.0.1:``.port``; ``.messages`` lists (mail_from, rcpt_tos,
    raw bytes) received during this test."""
    _smtp.clear()
    return _smtp
