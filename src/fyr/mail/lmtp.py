"""An LMTP server (RFC 2033) the local MTA (Postfix' ``lmtp:inet:127.0.0.1:2424``) delivers to.

Only addresses of active mailboxes are accepted (a plus address ``support+1234@`` counts as its
base address); the rest are refused at RCPT so the MTA bounces them. After DATA the mail is taken
in once (``services.ingest``) and, as LMTP requires, one reply goes back for each accepted
recipient. A database failure answers 451 so the MTA keeps the mail and tries again; a mail that
cannot be read is still 250, because it is kept in quarantine; a duplicate is 250 too.

aiosmtpd's ``LMTP`` class sends a single reply after DATA, as SMTP does; the handler returns one
line per recipient instead, which is the exchange RFC 2033 section 4.2 describes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from asgiref.sync import sync_to_async
from django.db import close_old_connections

from fyr.mail import services
from fyr.mail.choices import MailSource

log = logging.getLogger(__name__)

#: The largest mail accepted: well above the attachment limit once base64 has grown it.
DATA_SIZE_LIMIT = 64 * 1024 * 1024

ACCEPTED = "250 2.1.5 OK"
UNKNOWN = "550 5.1.1 unknown mailbox"
TRY_AGAIN = "451 4.3.0 try again later"

T = TypeVar("T")


async def _in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run database work off the event loop, on a fresh connection that is closed afterwards
    (a long-running server must not hold a connection the database has dropped)."""

    def run() -> T:
        close_old_connections()
        try:
            return function(*args, **kwargs)
        finally:
            close_old_connections()

    return await sync_to_async(run, thread_sensitive=False)()


class Handler:
    """aiosmtpd's handler hooks for RCPT and DATA."""

    async def handle_RCPT(
        self, server: LMTP, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        try:
            mailbox = await _in_thread(services.mailbox_for, [address])
        except Exception:
            log.exception("looking up the LMTP recipient %s failed", address)
            return TRY_AGAIN
        if mailbox is None:
            return UNKNOWN
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return ACCEPTED

    async def handle_DATA(self, server: LMTP, session: Any, envelope: Any) -> str:
        raw = envelope.original_content
        if raw is None:
            content = envelope.content
            raw = (
                content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
            )
        recipients = list(envelope.rcpt_tos)
        try:
            ingested = await _in_thread(
                services.ingest, bytes(raw), source=MailSource.LMTP, recipients=recipients
            )
        except Exception:
            # ingest only raises when the database fails: the MTA keeps the mail and retries.
            log.exception("taking in an LMTP delivery failed")
            status = TRY_AGAIN
        else:
            status = "250 2.0.0 OK" + (" (duplicate)" if ingested.duplicate else "")
        # One reply per accepted recipient, in RCPT order (RFC 2033 section 4.2).
        return "\r\n".join(f"{status} <{recipient}>" for recipient in recipients)


class _TolerantLMTP(LMTP):
    """RFC 5321 caps a line at 1,000 bytes, but real mail (HTML on one line, sloppy mailers) has
    longer ones; an MTA that passed such a mail on must not have it refused at Fyr's door."""

    line_length_limit = 1024 * 1024


def _protocol(handler: Handler) -> LMTP:
    return _TolerantLMTP(
        handler,
        data_size_limit=DATA_SIZE_LIMIT,
        enable_SMTPUTF8=True,
        decode_data=False,
        ident="Fyr LMTP",
    )


class LmtpController(Controller):
    """The server on a thread of its own (``start()``/``stop()``), for tests and embedding."""

    def __init__(self, hostname: str = "127.0.0.1", port: int = 2424) -> None:
        super().__init__(Handler(), hostname=hostname, port=port)

    def factory(self) -> LMTP:
        return _protocol(self.handler)


async def serve(host: str = "127.0.0.1", port: int = 2424) -> None:
    """Serve LMTP until cancelled (``fyr lmtp``)."""
    handler = Handler()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _protocol(handler), host, port)
    log.info("LMTP server listening on %s:%s", host, port)
    async with server:
        await server.serve_forever()
