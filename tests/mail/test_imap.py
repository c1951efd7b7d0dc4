"""Fetching mail by IMAP from a real Dovecot: order, flags, archive folder, UIDVALIDITY, errors,
the lease, and a fetcher killed halfway through 1,000 messages."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from fyr import cli
from fyr.mail import imap, services
from fyr.mail.choices import ImapSecurity, InboundState, MailSource
from fyr.mail.models import ImapState, InboundMail
from fyr.tickets.models import Message, Ticket
from tests.mail.servers import Dovecot, free_port, start_dovecot

SEEN = b"\\Seen"


def mail(
    n: int,
    *,
    subject: str | None = None,
    reply_to: int | None = None,
    sender: str = "karin@acme.se",
    domain: str = "acme.se",
) -> bytes:
    """A plain mail with Message-ID <n@domain>, optionally answering <reply_to@domain>."""
    message = EmailMessage()
    message["From"] = f"Karin Kund <{sender}>"
    message["To"] = "support@fyr.test"
    message["Subject"] = subject or (f"Re: Ärende {reply_to}" if reply_to else f"Ärende {n}")
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = f"<{n}@{domain}>"
    if reply_to is not None:
        message["In-Reply-To"] = f"<{reply_to}@{domain}>"
        message["References"] = f"<{reply_to}@{domain}>"
    message.set_content(f"Meddelande nummer {n}.\n")
    return bytes(message)


def uids_and_flags(server: Dovecot, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
    with server.client() as client:
        client.select_folder(folder, readonly=True)
        return dict(client.get_flags(client.search("ALL")))


def test_fetch_creates_tickets_in_uid_order(imap_mailbox, imap_server):
    imap_server.append("INBOX", [mail(1), mail(2, reply_to=1), mail(3, sender="ola@acme.se")])
    uids = sorted(uids_and_flags(imap_server))

    result = imap.fetch_mailbox(imap_mailbox)

    assert (result.fetched, result.new_tickets, result.replies, result.errors) == (3, 2, 1, [])
    assert list(Ticket.objects.order_by("number").values_list("subject", flat=True)) == [
        "Ärende 1",
        "Ärende 3",
    ]
    assert list(Message.objects.order_by("id").values_list("external_id", flat=True)) == [
        "1@acme.se",
        "2@acme.se",
        "3@acme.se",
    ]
    state = ImapState.objects.get(mailbox=imap_mailbox)
    refs = list(InboundMail.objects.order_by("id").values_list("source", "source_ref"))
    assert refs == [(MailSource.IMAP, f"INBOX:{state.uidvalidity}:{uid}") for uid in uids]
    assert (state.last_uid, state.last_error, state.lease_until) == (uids[-1], "", None)
    assert state.last_fetch_at is not None


def test_second_fetch_fetches_nothing_new_then_only_what_arrived(imap_mailbox, imap_server):
    imap_server.append("INBOX", [mail(1), mail(2)])
    imap.fetch_mailbox(imap_mailbox)

    # "UID n:*" still matches the last message on the server: it must not be taken again.
    again = imap.fetch_mailbox(imap_mailbox)
    imap_server.append("INBOX", [mail(3)])
    third = imap.fetch_mailbox(imap_mailbox)

    assert (again.fetched, again.duplicates) == (0, 0)
    assert (third.fetched, third.new_tickets) == (1, 1)
    assert InboundMail.objects.count() == 3


def test_fetched_mail_is_flagged_seen_and_left_in_the_folder(imap_mailbox, imap_server):
    imap_server.append("INBOX", [mail(1), mail(2)])

    imap.fetch_mailbox(imap_mailbox)

    flags = uids_and_flags(imap_server)
    assert len(flags) == 2
    assert all(SEEN in f for f in flags.values())


def test_mail_already_read_in_webmail_is_still_fetched(imap_mailbox, imap_server):
    imap_server.append("INBOX", [mail(1)], flags=(SEEN,))

    result = imap.fetch_mailbox(imap_mailbox)

    assert result.new_tickets == 1


def test_fetched_mail_moves_to_the_archive_folder(imap_mailbox, imap_server):
    imap_mailbox.imap_archive_folder = "Fyr-arkiv"
    imap_mailbox.save()
    imap_server.append("INBOX", [mail(1), mail(2), mail(3)])

    result = imap.fetch_mailbox(imap_mailbox)

    assert result.fetched == 3
    assert uids_and_flags(imap_server) == {}
    assert len(uids_and_flags(imap_server, "Fyr-arkiv")) == 3


def test_without_move_the_archive_is_a_copy_and_an_expunge(db, support):
    server = start_dovecot(capabilities="IMAP4rev1 LITERAL+ SASL-IR UIDPLUS IDLE")
    try:
        with server.client() as client:
            assert not client.has_capability("MOVE")
        server.append("INBOX", [mail(1), mail(2)])
        mailbox = services.save_mailbox(
            _imap_mailbox(server, address="arkiv@fyr.test", archive="Archive")
        )

        result = imap.fetch_mailbox(mailbox)

        assert (result.fetched, result.errors) == (2, [])
        assert uids_and_flags(server) == {}
        assert len(uids_and_flags(server, "Archive")) == 2
    finally:
        server.stop()


def test_a_new_uidvalidity_reads_the_folder_again_without_duplicates(imap_mailbox, imap_server):
    imap_mailbox.imap_folder = "Support"
    imap_mailbox.save()
    imap_server.append("Support", [mail(1), mail(2)])
    imap.fetch_mailbox(imap_mailbox)
    before = ImapState.objects.get(mailbox=imap_mailbox).uidvalidity
    # The folder is recreated (a server migration does this): same mail, new UIDVALIDITY.
    with imap_server.client() as client:
        client.delete_folder("Support")
    imap_server.append("Support", [mail(1), mail(2), mail(3)])

    result = imap.fetch_mailbox(imap_mailbox)

    state = ImapState.objects.get(mailbox=imap_mailbox)
    assert state.uidvalidity != before
    assert (result.fetched, result.duplicates, result.new_tickets) == (3, 2, 1)
    assert Message.objects.count() == 3
    assert all(SEEN in f for f in uids_and_flags(imap_server, "Support").values())


def test_unreadable_mail_is_quarantined_and_the_next_ones_are_taken_in(imap_mailbox, imap_server):
    outlook_msg = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not a MIME mail\r\n"
    imap_server.append("INBOX", [mail(1), outlook_msg, mail(2)])

    result = imap.fetch_mailbox(imap_mailbox)

    assert (result.fetched, result.new_tickets, result.quarantined) == (3, 2, 1)
    quarantined = InboundMail.objects.get(state=InboundState.QUARANTINED)
    assert quarantined.mailbox == imap_mailbox
    assert all(SEEN in f for f in uids_and_flags(imap_server).values())


def test_a_database_error_stops_the_fetch_with_the_message_left_unflagged(
    imap_mailbox, imap_server, monkeypatch
):
    imap_server.append("INBOX", [mail(1), mail(2), mail(3)])
    first, second, third = sorted(uids_and_flags(imap_server))
    real_ingest = services.ingest

    def failing_on_the_second(raw, **kwargs):
        if b"<2@acme.se>" in raw:
            raise DatabaseError("disk I/O error")
        return real_ingest(raw, **kwargs)

    monkeypatch.setattr(services, "ingest", failing_on_the_second)
    result = imap.fetch_mailbox(imap_mailbox)

    state = ImapState.objects.get(mailbox=imap_mailbox)
    flags = uids_and_flags(imap_server)
    assert (result.fetched, state.last_uid) == (1, first)
    assert "disk I/O error" in state.last_error
    assert (SEEN in flags[first], SEEN in flags[second], SEEN in flags[third]) == (
        True,
        False,
        False,
    )

    monkeypatch.setattr(services, "ingest", real_ingest)
    again = imap.fetch_mailbox(imap_mailbox)

    assert (again.fetched, again.new_tickets, again.replies) == (2, 2, 0)
    assert ImapState.objects.get(mailbox=imap_mailbox).last_error == ""


def test_limit_and_batch_take_the_oldest_first(imap_mailbox, imap_server):
    imap_server.append("INBOX", [mail(n) for n in range(1, 6)])

    first = imap.fetch_mailbox(imap_mailbox, batch=2, limit=3)
    rest = imap.fetch_mailbox(imap_mailbox, batch=2)

    assert (first.fetched, rest.fetched) == (3, 2)
    assert list(Message.objects.order_by("id").values_list("external_id", flat=True)) == [
        f"{n}@acme.se" for n in range(1, 6)
    ]


def test_connection_refused_is_recorded_for_the_admin(imap_mailbox):
    imap_mailbox.imap_port = free_port()  # nothing listens there
    imap_mailbox.save()

    result = imap.fetch_mailbox(imap_mailbox)

    state = ImapState.objects.get(mailbox=imap_mailbox)
    assert not result.ok
    assert state.last_error.startswith(f"Could not connect to 127.0.0.1:{imap_mailbox.imap_port}")
    assert "refused" in state.last_error.lower()
    assert (state.last_uid, state.lease_until) == (0, None)


def test_a_wrong_password_is_recorded_for_the_admin(imap_mailbox, imap_server):
    imap_server.append("INBOX", [mail(1)])
    imap_mailbox.imap_password = "wrong"
    imap_mailbox.save()

    result = imap.fetch_mailbox(imap_mailbox)

    state = ImapState.objects.get(mailbox=imap_mailbox)
    assert result.fetched == 0
    assert state.last_error.startswith(
        f"127.0.0.1:{imap_server.port} refused the login of {imap_server.user}"
    )
    assert Message.objects.count() == 0


@pytest.mark.parametrize("security", [ImapSecurity.TLS, ImapSecurity.STARTTLS])
def test_tls_certificates_are_verified(imap_mailbox, imap_server, monkeypatch, security):
    imap_mailbox.imap_security = security
    imap_mailbox.imap_port = (
        imap_server.tls_port if security == ImapSecurity.TLS else imap_server.port
    )
    imap_mailbox.save()
    imap_server.append("INBOX", [mail(1)])

    untrusted = imap.fetch_mailbox(imap_mailbox)
    # Trusting the server's self-signed certificate the way an admin would: system-wide.
    monkeypatch.setenv("SSL_CERT_FILE", str(imap_server.cert))
    trusted = imap.fetch_mailbox(imap_mailbox)

    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.errors[0]
    assert (trusted.fetched, trusted.errors) == (1, [])


def test_starttls_refuses_to_log_in_without_it(db, support):
    server = start_dovecot(capabilities="IMAP4rev1 LITERAL+ AUTH=PLAIN", ssl=False)
    try:
        mailbox = services.save_mailbox(_imap_mailbox(server, address="tls@fyr.test"))
        mailbox.imap_security = ImapSecurity.STARTTLS
        mailbox.save()
        logins = server.log().count("Login:")

        result = imap.fetch_mailbox(mailbox)

        assert result.errors == [
            f"127.0.0.1:{server.port} does not offer STARTTLS; the password was not sent"
        ]
        assert server.log().count("Login:") == logins
    finally:
        server.stop()


def test_the_lease_keeps_a_second_fetch_out_until_released_or_run_out(imap_mailbox, imap_server):
    imap_server.append("INBOX", [mail(1)])
    lease = services.claim_imap(imap_mailbox)
    assert lease is not None

    busy = imap.fetch_mailbox(imap_mailbox)
    assert services.claim_imap(imap_mailbox) is None
    # The holder died: once its lease has run out, the next fetch takes over.
    ImapState.objects.filter(pk=lease.state_id).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    after = imap.fetch_mailbox(imap_mailbox)

    assert (busy.busy, busy.fetched) == (True, 0)
    assert (after.busy, after.fetched) == (False, 1)
    # The old holder can no longer write: its token is gone.
    assert services.advance_imap(lease, 999) is False
    assert ImapState.objects.get(pk=lease.state_id).last_uid != 999


def test_fetch_all_reads_only_active_mailboxes_with_imap_settings(imap_mailbox, imap_server):
    services.save_mailbox(_imap_mailbox(imap_server, address="off@fyr.test", active=False))
    services.save_mailbox(_imap_mailbox(imap_server, address="lmtp@fyr.test", host=""))
    imap_server.append("INBOX", [mail(1)])

    results = imap.fetch_all()

    assert [(r.mailbox, r.fetched) for r in results] == [("support@fyr.test", 1)]


def test_fetchmail_command_prints_a_summary_per_mailbox(imap_mailbox, imap_server, capsys):
    imap_server.append("INBOX", [mail(1), mail(2, reply_to=1)])

    call_command("fetchmail", "--mailbox", "Support@fyr.test")

    assert capsys.readouterr().out.strip() == (
        "support@fyr.test: 2 fetched, 1 new ticket, 1 reply, 0 duplicates, 0 quarantined, "
        "0 bounces, 0 ignored"
    )


def test_the_background_processes_include_a_fetcher_unless_disabled(settings):
    settings.FETCH_MAIL_INTERVAL = 60
    assert cli._fetcher_command()[-3:] == ["fetchmail", "--every", "60"]
    settings.FETCH_MAIL_INTERVAL = 0
    assert cli._fetcher_command() is None


def _imap_mailbox(
    server: Dovecot,
    *,
    address: str,
    archive: str = "",
    active: bool = True,
    host: str = "127.0.0.1",
):
    from fyr.mail.models import Mailbox

    return Mailbox(
        address=address,
        is_active=active,
        auto_reply=False,
        imap_host=host,
        imap_port=server.port,
        imap_security=ImapSecurity.NONE,
        imap_username=server.user,
        imap_password=server.password,
        imap_archive_folder=archive,
    )


# --- a fetcher killed in the middle of 1,000 messages ------------------------------------------

KILL_TEST_MESSAGES = 1000


class _Database:
    """A database of its own for the subprocesses (pytest-django's test database lives in a
    transaction they cannot see): a SQLite file, or a new PostgreSQL database when the suite runs
    on PostgreSQL."""

    def __init__(self, tmp_path: Path) -> None:
        base = os.environ.get("FYR_DATABASE_URL", "")
        self.postgres = base.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            from urllib.parse import urlsplit, urlunsplit

            parts = urlsplit(base)
            self.name = f"fyr_kill_{os.getpid()}"
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
            # Commits need not wait for the disk: the test kills the client, not the server.
            self._admin(f'ALTER DATABASE "{self.name}" SET synchronous_commit = off')
        else:
            self.path = tmp_path / "kill.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def execute(self, sql: str) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url) as conn:
                conn.execute(sql)
            return
        with sqlite3.connect(self.path, timeout=10) as conn:
            conn.execute(sql)

    def query(self, sql: str) -> tuple:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url) as conn:
                return conn.execute(sql).fetchone()
        with sqlite3.connect(self.path, timeout=10) as conn:
            return conn.execute(sql).fetchone()

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def test_killing_the_fetcher_midway_through_1000_messages_stores_each_exactly_once(
    tmp_path, dovecot
):
    database = _Database(tmp_path)
    env = {
        **os.environ,
        "FYR_DATABASE_URL": database.url,
        "FYR_DATA_DIR": str(tmp_path / "data"),
        "FYR_LANGUAGE": "en",
        "FYR_LOG_LEVEL": "WARNING",
    }
    fyr = [sys.executable, "-m", "fyr.cli"]
    try:
        # The database is migrated and given its mailbox while the mails are appended.
        setup = subprocess.Popen(
            [
                *fyr,
                "shell",
                "-c",
                "from django.core.management import call_command; "
                "call_command('migrate', verbosity=0); "
                "from fyr.mail.models import Mailbox; Mailbox.objects.create("
                f"address='support@fyr.test', auto_reply=False, imap_host='127.0.0.1', "
                f"imap_port={dovecot.port}, imap_security='none', "
                f"imap_username='{dovecot.user}', imap_password='{dovecot.password}')",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        dovecot.reset()
        # 1,000 mails, every fifth a reply to the one before it.
        dovecot.append(
            "INBOX",
            [
                mail(n, reply_to=n - 1 if n % 5 == 0 else None, domain="kill.test")
                for n in range(1, KILL_TEST_MESSAGES + 1)
            ],
        )
        assert setup.wait(timeout=120) == 0
        stored = "SELECT count(*) FROM mail_inboundmail"

        started = time.monotonic()
        fetcher = subprocess.Popen(
            [*fyr, "fetchmail"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        while database.query(stored)[0] < 300:
            assert fetcher.poll() is None, fetcher.communicate()
            assert time.monotonic() - started < 60, "the fetcher is too slow"
            time.sleep(0.05)
        # A second fetcher while the first holds the lease stays out.
        second = subprocess.run(
            [*fyr, "fetchmail"], env=env, capture_output=True, text=True, timeout=60
        )
        fetcher.send_signal(signal.SIGKILL)
        fetcher.wait()
        at_kill = database.query(stored)[0]
        assert second.stdout.strip() == "support@fyr.test: another worker is fetching it right now"
        assert 300 <= at_kill < KILL_TEST_MESSAGES
        # Nobody released the dead fetcher's lease: let it run out (as two minutes would).
        database.execute("UPDATE mail_imapstate SET lease_until = NULL")

        rerun = subprocess.run(
            [*fyr, "fetchmail"], env=env, capture_output=True, text=True, timeout=120
        )
        elapsed = time.monotonic() - started

        assert rerun.returncode == 0, rerun.stderr
        assert database.query(
            "SELECT count(*), count(DISTINCT external_id) FROM tickets_message"
        ) == (KILL_TEST_MESSAGES, KILL_TEST_MESSAGES)
        assert database.query("SELECT count(*), count(DISTINCT mail_id) FROM mail_inboundmail") == (
            KILL_TEST_MESSAGES,
            KILL_TEST_MESSAGES,
        )
        assert database.query("SELECT count(*) FROM tickets_ticket") == (800,)
        flags = uids_and_flags(dovecot)
        assert len(flags) == KILL_TEST_MESSAGES
        assert all(SEEN in f for f in flags.values())
        assert database.query("SELECT last_uid FROM mail_imapstate") == (max(flags),)
        print(f"kill test: {at_kill} stored at the kill, {elapsed:.1f} s from the first fetch")
    finally:
        database.drop()
