"""``fyr import-mail PATH [--mailbox ADDRESS]``: bring an old shared inbox into Fyr."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fyr.mail.importer import import_mail
from fyr.mail.models import Mailbox


class Command(BaseCommand):
    help = "Import mail from an .eml file, a folder of them, a Maildir or an mbox, oldest first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--mailbox", help="the mailbox address the mail was sent to")

    def handle(self, *args: Any, path: Path, mailbox: str | None, **options: Any) -> None:
        box = None
        if mailbox:
            box = Mailbox.objects.filter(address__iexact=mailbox.strip()).first()
            if box is None:
                raise CommandError(f"no mailbox has the address {mailbox}")
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        bar = _ProgressBar(self.stderr)
        summary = import_mail(path, mailbox=box, progress=bar.update)
        bar.finish()
        for line in summary.lines():
            self.stdout.write(line)


class _ProgressBar:
    """``[#####-----] 512/1000  85/s`` on a terminal; a line every 10 % otherwise."""

    def __init__(self, out: Any, width: int = 30) -> None:
        self.out = out
        self.width = width
        self.started = time.monotonic()
        self.shown = 0.0
        self.tty = (hasattr(out, "isatty") and out.isatty()) or sys.stderr.isatty()
        self.last_tenth = -1

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        rate = done / max(now - self.started, 1e-6)
        if self.tty:
            if now - self.shown < 0.1 and done != total:
                return
            self.shown = now
            filled = int(self.width * done / max(total, 1))
            bar = "#" * filled + "-" * (self.width - filled)
            self.out.write(f"\r[{bar}] {done}/{total}  {rate:.0f}/s", ending="")
            self.out.flush()
        else:
            tenth = 10 * done // max(total, 1)
            if tenth != self.last_tenth:
                self.last_tenth = tenth
                self.out.write(f"{done}/{total}  {rate:.0f}/s")

    def finish(self) -> None:
        if self.tty:
            self.out.write("")
