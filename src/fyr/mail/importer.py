"""Bringing an old shared inbox into Fyr: ``.eml`` files, a folder of them, a Maildir or an mbox.

Mail is taken in the order it was written (its Date header), so a conversation builds up as it
happened; each mail goes through the same ``ingest`` as live mail, dated by its Date header.
Reading is two passes: the first collects only dates (headers), the second reads one mail at a
time, so an import of a large mailbox never holds it in memory.
"""

from __future__ import annotations

import mailbox as stdlib_mailbox
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path

from django.utils.translation import gettext as _

from fyr.mail import services
from fyr.mail.choices import MailSource
from fyr.mail.models import Mailbox

_NO_DATE = datetime.max.replace(tzinfo=UTC)


@dataclass
class ImportSummary:
    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    quarantined: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        c = self.counts
        lines = [
            _("%(n)s mails read") % {"n": self.total},
            _("%(n)s new tickets") % {"n": c["new_ticket"]},
            _("%(n)s added to existing tickets") % {"n": c["added"]},
            _("%(n)s already in Fyr (skipped)") % {"n": c["duplicate"]},
            _("%(n)s bounces") % {"n": c["bounce"]},
            _("%(n)s ignored (sent from our own addresses)") % {"n": c["ignored"]},
            _("%(n)s quarantined") % {"n": c["quarantined"]},
        ]
        lines += [f"  {ref}: {reason}" for ref, reason in self.quarantined[:50]]
        return lines


@dataclass(frozen=True)
class _Item:
    date: datetime
    ref: str
    read: Callable[[], bytes]


def collect(path: Path) -> list[_Item]:
    """Every mail under ``path``, oldest first (mail without a usable Date last, in file order)."""
    items = list(_items(path))
    return sorted(items, key=lambda item: item.date)


def _items(path: Path) -> Iterator[_Item]:
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            yield from _from_mailbox(stdlib_mailbox.Maildir(path, factory=None, create=False), path)
            return
        for file in sorted(
            p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
        ):
            yield from _items(file)
        return
    if not path.is_file():
        raise FileNotFoundError(_("%(path)s is not a file or folder") % {"path": path})
    with path.open("rb") as handle:
        start = handle.read(5)
    if start == b"From ":
        yield from _from_mailbox(stdlib_mailbox.mbox(path, factory=None, create=False), path)
    else:
        yield _Item(_date_of(_head(path)), str(path), path.read_bytes)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(64 * 1024)


def _from_mailbox(box: stdlib_mailbox.Mailbox, path: Path) -> Iterator[_Item]:  # type: ignore[type-arg]
    for key in box.iterkeys():
        head = box.get_bytes(key)[: 64 * 1024]
        yield _Item(_date_of(head), f"{path}:{key}", partial(box.get_bytes, key))


def _date_of(head: bytes) -> datetime:
    try:
        value = BytesHeaderParser(policy=compat32).parsebytes(head).get("Date")
        if not value:
            return _NO_DATE
        parsed = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return _NO_DATE
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def import_mail(
    path: Path,
    *,
    mailbox: Mailbox | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    items = collect(path)
    summary = ImportSummary(total=len(items))
    for done, item in enumerate(items, start=1):
        result = services.ingest(
            item.read(),
            source=MailSource.IMPORT,
            mailbox=mailbox,
            source_ref=item.ref,
            use_date_header=True,
        )
        if result.created_ticket:
            summary.counts["new_ticket"] += 1
        elif result.state == "processed":
            summary.counts["added"] += 1
        else:
            summary.counts[result.state] += 1
        if result.state == "quarantined":
            summary.quarantined.append((item.ref, result.reason))
        if progress is not None:
            progress(done, len(items))
    return summary
