"""``fyr fetchmail``: fetch IMAP mail now, or every N seconds (what the background worker runs)."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils.translation import gettext as _

from fyr.mail import imap
from fyr.mail.models import Mailbox

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Fetch mail from the IMAP mailboxes once, or every --every seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mailbox", metavar="ADDRESS", help="only this mailbox")
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="keep fetching at this interval"
        )
        parser.add_argument("--limit", type=int, default=None, help="at most this many messages")

    def handle(self, *args: Any, **options: Any) -> None:
        every: int = options["every"]
        if every < 0:
            raise CommandError("--every must be 0 or more seconds")
        if not every:
            results = self.fetch(options["mailbox"], options["limit"])
            for result in results:
                self.stdout.write(result.summary())
            if any(not result.ok for result in results):
                raise CommandError(_("Fetching failed for some mailboxes"))
            return
        # A stop request (SIGTERM from `fyr serve`/`fyr worker`, or a service manager) ends the
        # loop through the fetch's own clean-up, so the mailbox's lease is given back at once.
        signal.signal(signal.SIGTERM, _exit)
        while True:
            started = time.monotonic()
            try:
                for result in self.fetch(options["mailbox"], options["limit"]):
                    if result.fetched or result.errors:
                        self.stdout.write(result.summary())
            except CommandError as exc:
                self.stderr.write(str(exc))
            except Exception:  # the database is down, say: the loop goes on and tries again
                log.exception("fetching mail failed")
            close_old_connections()
            time.sleep(max(0.0, every - (time.monotonic() - started)))

    def fetch(self, address: str | None, limit: int | None) -> list[imap.FetchResult]:
        if not address:
            return (
                imap.fetch_all()
                if limit is None
                else [imap.fetch_mailbox(m, limit=limit) for m in imap.imap_mailboxes()]
            )
        mailbox = Mailbox.objects.filter(address=address.strip().lower()).first()
        if mailbox is None:
            raise CommandError(_("No mailbox %(address)s") % {"address": address})
        if not mailbox.fetches_by_imap:
            raise CommandError(
                _("The mailbox %(address)s has no IMAP settings") % {"address": mailbox.address}
            )
        return [imap.fetch_mailbox(mailbox, limit=limit)]


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)
