"""``fyr periodic``: run the periodic jobs (SLA sweep, automations, routing) once or every N s."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from fyr.core import periodic


class Command(BaseCommand):
    help = "Run the periodic jobs once, or every --every seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="keep running at this interval"
        )
        parser.add_argument("--only", metavar="JOB", help="only this job")

    def handle(self, *args: Any, **options: Any) -> None:
        every: int = options["every"]
        only: str | None = options["only"]
        if every < 0:
            raise CommandError("--every must be 0 or more seconds")
        if only is not None and only not in periodic.names():
            raise CommandError(f"no periodic job {only!r}; there are {', '.join(periodic.names())}")
        if not every:
            outcomes = periodic.run_all(only)
            for outcome in outcomes:
                self.stdout.write(f"{outcome.name}: {'ok' if outcome.ok else 'FAILED'}")
            if not all(outcome.ok for outcome in outcomes):
                raise CommandError("some periodic jobs failed (see the log)")
            return
        signal.signal(signal.SIGTERM, _exit)
        while True:
            started = time.monotonic()
            periodic.run_all(only)
            close_old_connections()
            time.sleep(max(0.0, every - (time.monotonic() - started)))


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)
