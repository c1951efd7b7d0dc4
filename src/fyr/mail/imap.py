"""Fetching mail from IMAP mailboxes.

For each message, in UID order: take it in (``services.ingest``, which commits), then flag it
``\\Seen`` or move it to the archive folder, then record its UID as done. A crash between any two
steps loses nothing (the message is still on the server, unflagged or unrecorded) and stores
nothing twice (taking the same mail in again is a duplicate by its Message-ID). A database error
stops the fetch with the message left as it was; a message that cannot be read is quarantined by
``ingest`` and does not hold up the ones after it.

Two workers never fetch the same mailbox at once: each fetch claims a lease on the mailbox's
``ImapState`` first (see ``services``).
"""

from __future__ import annotations

import imaplib
import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from fyr.mail import services
from fyr.mail.choices import ImapSecurity, InboundState, MailSource
from fyr.mail.models import Mailbox

log = logging.getLogger(__name__)

#: Seconds to wait for the IMAP server before giving up on a connection or a command.
TIMEOUT = 60
SEEN = b"\\Seen"
DELETED = b"\\Deleted"


class FetchFailed(Exception):
    """Why a fetch could not go on, in words for the admin (kept as ``last_error``)."""


@dataclass
class FetchResult:
    """What one fetch of one mailbox did."""

    mailbox: str
    fetched: int = 0
    new_tickets: int = 0
    replies: int = 0
    duplicates: int = 0
    quarantined: int = 0
    bounces: int = 0
    ignored: int = 0
    errors: list[str] = field(default_factory=list)
    #: Another worker was fetching this mailbox, so this one did nothing.
    busy: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, ingested: services.Ingested) -> None:
        self.fetched += 1
        if ingested.duplicate:
            self.duplicates += 1
        elif ingested.state == InboundState.PROCESSED:
            if ingested.created_ticket:
                self.new_tickets += 1
            else:
                self.replies += 1
        elif ingested.state == InboundState.QUARANTINED:
            self.quarantined += 1
        elif ingested.state == InboundState.BOUNCE:
            self.bounces += 1
        elif ingested.state == InboundState.IGNORED:
            self.ignored += 1

    def summary(self) -> str:
        if self.busy:
            return _("%(mailbox)s: another worker is fetching it right now") % {
                "mailbox": self.mailbox
            }
        counts = ", ".join(
            [
                ngettext("%(n)d fetched", "%(n)d fetched", self.fetched) % {"n": self.fetched},
                ngettext("%(n)d new ticket", "%(n)d new tickets", self.new_tickets)
                % {"n": self.new_tickets},
                ngettext("%(n)d reply", "%(n)d replies", self.replies) % {"n": self.replies},
                ngettext("%(n)d duplicate", "%(n)d duplicates", self.duplicates)
                % {"n": self.duplicates},
                ngettext("%(n)d quarantined", "%(n)d quarantined", self.quarantined)
                % {"n": self.quarantined},
                ngettext("%(n)d bounce", "%(n)d bounces", self.bounces) % {"n": self.bounces},
                ngettext("%(n)d ignored", "%(n)d ignored", self.ignored) % {"n": self.ignored},
            ]
        )
        line = f"{self.mailbox}: {counts}"
        if self.errors:
            line += "; " + _("error: %(error)s") % {"error": "; ".join(self.errors)}
        return line


def imap_mailboxes() -> list[Mailbox]:
    """Active mailboxes with IMAP settings, the ones a scheduled fetch reads."""
    return list(
        Mailbox.objects.filter(is_active=True).exclude(imap_host="").exclude(imap_username="")
    )


def fetch_all() -> list[FetchResult]:
    """Fetch every active mailbox that has IMAP settings; one failing does not stop the rest."""
    results = []
    for mailbox in imap_mailboxes():
        try:
            results.append(fetch_mailbox(mailbox))
        except DatabaseError as exc:
            log.exception("fetching %s failed on the database", mailbox.address)
            results.append(FetchResult(mailbox.address, errors=[str(exc)]))
    return results


def fetch_mailbox(mailbox: Mailbox, *, batch: int = 50, limit: int | None = None) -> FetchResult:
    """Take in the mail that arrived in ``mailbox``'s IMAP folder since the last fetch (at most
    ``limit`` messages, read ``batch`` at a time)."""
    result = FetchResult(mailbox.address)
    lease = services.claim_imap(mailbox)
    if lease is None:
        result.busy = True
        return result
    error = ""
    try:
        with _connection(mailbox) as client:
            _fetch(client, mailbox, lease, result, batch=batch, limit=limit)
    except FetchFailed as exc:
        error = str(exc)
    except DatabaseError as exc:
        log.exception("database error while fetching %s", mailbox.address)
        error = _("The database failed while taking in mail: %(error)s") % {"error": exc}
    except (OSError, imaplib.IMAP4.abort) as exc:
        error = _("The connection to the IMAP server broke: %(error)s") % {"error": _said(exc)}
    except imaplib.IMAP4.error as exc:  # a NO or BAD answer (imapclient's errors are these)
        error = _("The IMAP server answered with an error: %(error)s") % {"error": _said(exc)}
    finally:
        # Also when stopped by a signal (SystemExit), so the next fetch need not wait for the
        # lease to run out.
        if error:
            result.errors.append(error)
            log.warning("fetching %s: %s", mailbox.address, error)
        try:
            services.release_imap(lease, error=error)
        except DatabaseError:
            log.exception("could not release the IMAP lease of %s", mailbox.address)
    return result


@contextmanager
def _connection(mailbox: Mailbox) -> Iterator[IMAPClient]:
    """A logged-in connection. TLS certificates are always verified (against the system's
    certificate authorities); ``none`` is for a server on a trusted network only."""
    server = f"{mailbox.imap_host}:{mailbox.imap_port}"
    security = mailbox.imap_security
    try:
        client = IMAPClient(
            mailbox.imap_host,
            port=mailbox.imap_port,
            ssl=security == ImapSecurity.TLS,
            ssl_context=ssl.create_default_context() if security == ImapSecurity.TLS else None,
            timeout=TIMEOUT,
        )
    except (OSError, imaplib.IMAP4.error) as exc:
        raise FetchFailed(
            _("Could not connect to %(server)s: %(error)s")
            % {"server": server, "error": _said(exc)}
        ) from exc
    try:
        if security == ImapSecurity.STARTTLS:
            if not client.has_capability("STARTTLS"):
                raise FetchFailed(
                    _("%(server)s does not offer STARTTLS; the password was not sent")
                    % {"server": server}
                )
            try:
                client.starttls(ssl.create_default_context())
            except (OSError, imaplib.IMAP4.error) as exc:
                raise FetchFailed(
                    _("STARTTLS with %(server)s failed: %(error)s")
                    % {"server": server, "error": _said(exc)}
                ) from exc
        try:
            client.login(mailbox.imap_username, mailbox.imap_password)
        except LoginError as exc:
            raise FetchFailed(
                _("%(server)s refused the login of %(user)s: %(error)s")
                % {"server": server, "user": mailbox.imap_username, "error": _said(exc)}
            ) from exc
        yield client
    finally:
        with suppress(Exception):  # the connection may be gone already; nothing is left to do
            client.logout()


def _fetch(
    client: IMAPClient,
    mailbox: Mailbox,
    lease: services.ImapLease,
    result: FetchResult,
    *,
    batch: int,
    limit: int | None,
) -> None:
    folder = mailbox.imap_folder or "INBOX"
    try:
        selected = client.select_folder(folder)
    except imaplib.IMAP4.error as exc:
        raise FetchFailed(
            _("The folder %(folder)s could not be opened: %(error)s")
            % {"folder": folder, "error": _said(exc)}
        ) from exc
    uidvalidity = int(selected[b"UIDVALIDITY"])
    if (lease.folder, lease.uidvalidity) != (folder, uidvalidity):
        if lease.uidvalidity is not None:
            log.info(
                "%s: folder %s has a new UIDVALIDITY (%s, was %s): reading it again",
                mailbox.address,
                folder,
                uidvalidity,
                lease.uidvalidity,
            )
        if not services.restart_imap(lease, folder=folder, uidvalidity=uidvalidity):
            raise FetchFailed(_("Another worker took over this mailbox"))

    archive = mailbox.imap_archive_folder.strip()
    if archive == folder:
        archive = ""
    if archive and not client.folder_exists(archive):
        client.create_folder(archive)
    can_move = client.has_capability("MOVE")

    # "UID n:*" always matches the highest UID, even below n: keep only the new ones.
    uids = sorted(
        uid for uid in client.search(["UID", f"{lease.last_uid + 1}:*"]) if uid > lease.last_uid
    )
    if limit is not None:
        uids = uids[:limit]
    for start in range(0, len(uids), max(batch, 1)):
        chunk = uids[start : start + batch]
        fetched = client.fetch(chunk, ["BODY.PEEK[]"])
        for uid in chunk:
            raw = fetched.get(uid, {}).get(b"BODY[]")
            if raw is None:  # expunged by someone else since the search: nothing to take in
                log.info("%s: UID %s vanished before it was read", mailbox.address, uid)
            else:
                ingested = services.ingest(
                    bytes(raw),
                    source=MailSource.IMAP,
                    mailbox=mailbox,
                    source_ref=f"{folder}:{uidvalidity}:{uid}",
                )
                result.count(ingested)
                _done_with(client, uid, archive=archive, can_move=can_move)
            if not services.advance_imap(lease, uid):
                raise FetchFailed(_("Another worker took over this mailbox"))


def _done_with(client: IMAPClient, uid: int, *, archive: str, can_move: bool) -> None:
    """Mark a message taken in: read, or moved to the archive folder."""
    if not archive:
        client.add_flags([uid], [SEEN], silent=True)
    elif can_move:
        client.move([uid], archive)
    else:
        client.copy([uid], archive)
        client.add_flags([uid], [SEEN, DELETED], silent=True)
        if client.has_capability("UIDPLUS"):
            client.uid_expunge([uid])
        else:
            client.expunge()


def _said(exc: BaseException) -> str:
    """An exception as a short line for an admin (imaplib's come as bytes reprs)."""
    text = str(exc) or type(exc).__name__
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text.strip()
