"""``fyr lmtp``: the LMTP server a local MTA delivers incoming mail to."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fyr.mail import lmtp


class Command(BaseCommand):
    help = "Receive mail over LMTP from the local mail server (e.g. Postfix)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2424)

    def handle(self, *args: Any, **options: Any) -> None:
        # aiosmtpd logs every command of every session at INFO: keep its warnings only.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.stdout.write(f"LMTP on {options['host']}:{options['port']}")
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_run(options["host"], options["port"]))


async def _run(host: str, port: int) -> None:
    task = asyncio.ensure_future(lmtp.serve(host, port))
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await task
