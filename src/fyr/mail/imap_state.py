"""What an IMAP fetch changes about a mailbox's ``ImapState``: the lease that keeps a second
worker out, how far the folder has been read, and the outcome admins see.

(These are state changes and belong with the other writes of the email channel in
``services.py``; they live here for now so the fetcher could be written beside it.)

The lease is a conditional UPDATE (``… WHERE lease_until IS NULL OR lease_until < now``): of two
workers, exactly one gets the row. Its exact ``lease_until`` value is the holder's token: every
later write is conditional on it, so a worker that lost its lease (it stalled for longer than
``LEASE``, another took over) can no longer move ``last_uid`` backwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from fyr.core import clock
from fyr.mail.models import ImapState, Mailbox

#: How long a claim lasts without being renewed. The fetcher renews it with every message, so
#: this only has to outlast one message; a worker that is killed blocks the mailbox this long.
LEASE = timedelta(minutes=2)


@dataclass
class Lease:
    """A worker's claim on one mailbox's IMAP state, with the state as it was read."""

    state_id: int
    until: datetime
    folder: str
    uidvalidity: int | None
    last_uid: int


def state_of(mailbox: Mailbox) -> ImapState:
    """The mailbox's IMAP state, created on first use."""
    try:
        with transaction.atomic():
            state, _created = ImapState.objects.get_or_create(
                mailbox=mailbox, defaults={"folder": mailbox.imap_folder}
            )
    except IntegrityError:  # another worker created it at the same moment
        state = ImapState.objects.get(mailbox=mailbox)
    return state


def claim(mailbox: Mailbox) -> Lease | None:
    """Take the mailbox for one fetch, or ``None`` while another worker holds it."""
    state = state_of(mailbox)
    now = clock.now()
    until = now + LEASE
    taken = (
        ImapState.objects.filter(pk=state.pk)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=until)
    )
    if not taken:
        return None
    state.refresh_from_db(fields=["folder", "uidvalidity", "last_uid"])
    return Lease(state.pk, until, state.folder, state.uidvalidity, state.last_uid)


def _held(lease: Lease):
    return ImapState.objects.filter(pk=lease.state_id, lease_until=lease.until)


def start_over(lease: Lease, *, folder: str, uidvalidity: int) -> bool:
    """The folder is another one, or its UIDVALIDITY changed: its UIDs mean something new, so
    reading starts again from the first message. ``False`` when the lease was lost."""
    if not _held(lease).update(folder=folder, uidvalidity=uidvalidity, last_uid=0):
        return False
    lease.folder, lease.uidvalidity, lease.last_uid = folder, uidvalidity, 0
    return True


def advance(lease: Lease, uid: int) -> bool:
    """Record that everything up to ``uid`` is taken in and flagged, and renew the lease.
    ``False`` when the lease was lost (another worker now owns the mailbox: stop)."""
    until = clock.now() + LEASE
    if not _held(lease).update(last_uid=uid, lease_until=until):
        return False
    lease.until, lease.last_uid = until, uid
    return True


def renew(lease: Lease) -> bool:
    until = clock.now() + LEASE
    if not _held(lease).update(lease_until=until):
        return False
    lease.until = until
    return True


def release(lease: Lease, *, error: str = "") -> None:
    """End the fetch: when it ran, what went wrong (empty when nothing did), lease given back."""
    _held(lease).update(last_fetch_at=clock.now(), last_error=error[:4000], lease_until=None)
