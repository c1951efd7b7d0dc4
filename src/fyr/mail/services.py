"""Everything the email channel changes. IMAP, LMTP, the HTTP webhook and the importer all hand
raw bytes to ``ingest``; it keeps them, parses them and calls the core's one ``receive``.

Promises a reader can rely on:
- every raw mail is kept (``InboundMail`` with the bytes as a stored file) before anything else
  happens, so nothing is lost; one that cannot be parsed is quarantined with the reason;
- the same mail delivered twice (IMAP and LMTP, a retry, a re-import) is stored once: by its
  Message-ID, or by a digest of its bytes when it has none;
- ``ingest`` never raises for bad mail, only for a broken database, so a caller can go on with
  the next message (and an IMAP fetch leaves the message unflagged when it does raise).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fyr.core import clock, rows
from fyr.customers import services as customers
from fyr.customers.choices import IdentityKind
from fyr.customers.models import ContactIdentity
from fyr.customers.services import Identity
from fyr.mail import notify, parsing, quotes
from fyr.mail.choices import InboundState, TemplateKey
from fyr.mail.defaults import DEFAULT_TEMPLATES
from fyr.mail.models import (
    AutoReplyLog,
    EmailTemplate,
    ImapState,
    InboundMail,
    Mailbox,
    MessageReference,
)
from fyr.tickets import services as tickets
from fyr.tickets import storage
from fyr.tickets.choices import Channel, Direction
from fyr.tickets.inbound import Inbound, InboundAttachment, ThreadHints
from fyr.tickets.models import Message, Ticket

log = logging.getLogger(__name__)

#: At most this many automatic mails to one address per hour and per day: enough for a person
#: opening a few tickets, and a hard stop for two auto-responders answering each other.
AUTO_REPLY_LIMITS = ((timedelta(hours=1), 3), (timedelta(days=1), 10))

#: Local parts that are machines: never answered automatically.
_ROBOT_LOCAL_PARTS = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|notifications?)([+.-]|$)",
    re.IGNORECASE,
)
_SUBJECT_TOKEN = re.compile(r"\[#(\d{1,12})\]")
_PLUS_TOKEN = re.compile(r"^[^+@]+\+(\d{1,12})@")


@dataclass(frozen=True)
class Ingested:
    """What became of one raw mail."""

    state: str  # an InboundState, or "duplicate"
    inbound_mail: InboundMail | None = None
    ticket: Ticket | None = None
    message: Message | None = None
    created_ticket: bool = False
    reason: str = ""

    @property
    def duplicate(self) -> bool:
        return self.state == "duplicate"


def ingest(
    raw: bytes,
    *,
    source: str,
    mailbox: Mailbox | None = None,
    source_ref: str = "",
    recipients: Iterable[str] = (),
    use_date_header: bool = False,
) -> Ingested:
    """Take one raw mail into Fyr exactly once.

    ``recipients`` are envelope addresses (LMTP's RCPT TO) that pick the mailbox when
    ``mailbox`` is not given. ``use_date_header`` dates the message by its Date header (an
    import of old mail) instead of now.
    """
    try:
        parsed = parsing.parse(raw)
    except parsing.UnparseableMail as exc:
        return _quarantine(raw, source=source, mailbox=mailbox, ref=source_ref, reason=exc.reason)
    except Exception as exc:  # a parser bug must not lose the mail nor block the ones after it
        log.exception("parsing a mail from %s failed", source)
        reason = _("The mail could not be read: %(error)s") % {
            "error": f"{type(exc).__name__}: {exc}"
        }
        return _quarantine(raw, source=source, mailbox=mailbox, ref=source_ref, reason=reason)

    message_id = parsed.message_id or _digest_id(raw)
    if _seen(message_id):
        return Ingested(
            "duplicate", reason=_("Already received (Message-ID %(id)s)") % {"id": message_id}
        )
    mailbox = mailbox or mailbox_for(_addresses_of(parsed, recipients))
    try:
        return _ingest_parsed(
            raw, parsed, message_id, source, mailbox, source_ref, use_date_header=use_date_header
        )
    except Exception as exc:
        if isinstance(exc, DatabaseError):
            raise
        log.exception("taking in mail %s failed", message_id)
        reason = _("The mail could not be taken in: %(error)s") % {
            "error": f"{type(exc).__name__}: {exc}"
        }
        return _quarantine(
            raw, source=source, mailbox=mailbox, ref=source_ref, reason=reason, parsed=parsed
        )


def _ingest_parsed(
    raw: bytes,
    parsed: parsing.ParsedMail,
    message_id: str,
    source: str,
    mailbox: Mailbox | None,
    source_ref: str,
    *,
    use_date_header: bool,
) -> Ingested:
    sender = parsed.sender.email.strip().lower()
    keep = {
        "mailbox": mailbox,
        "source": source,
        "source_ref": source_ref[:500],
        "mail_id": message_id[:500],
        "sender": sender[:320],
        "subject": parsed.subject[:300],
    }
    ours = own_addresses()
    if sender and sender in ours:
        row = InboundMail.objects.create(
            **keep,
            raw=storage.store(raw),
            state=InboundState.IGNORED,
            reason=_("Sent from one of our own addresses (a loop)"),
            processed_at=clock.now(),
        )
        return Ingested(InboundState.IGNORED, row, reason=row.reason)
    if parsed.bounce is not None:
        return _take_bounce(parsed, {**keep, "raw": storage.store(raw)})
    if not sender:
        reason = _("The mail has no sender address to answer")
        return _quarantine(
            raw, source=source, mailbox=mailbox, ref=source_ref, reason=reason, parsed=parsed
        )
    try:
        address = customers.normalize(IdentityKind.EMAIL, sender)
    except ValidationError:
        reason = _("The sender address %(address)s is not valid") % {"address": sender[:200]}
        return _quarantine(
            raw, source=source, mailbox=mailbox, ref=source_ref, reason=reason, parsed=parsed
        )

    inbound = _inbound_of(parsed, message_id, mailbox, ours, use_date_header=use_date_header)
    with transaction.atomic():
        received = tickets.receive(inbound)
        if received.duplicate:
            return Ingested("duplicate", ticket=received.ticket, message=received.message)
        # Hand-written statements (``fyr.core.rows``) on this per-mail path: building each
        # query cost Django several times what running it costs the database.
        row = rows.insert(
            InboundMail(
                **keep,
                raw=storage.store(raw),
                state=InboundState.PROCESSED,
                message=received.message,
                processed_at=clock.now(),
            )
        )
        # Mail from an address proves it works again.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {rows.table(ContactIdentity)} SET failing_since = NULL,"
                " failure_reason = '' WHERE kind = %s AND value = %s"
                " AND failing_since IS NOT NULL",
                [IdentityKind.EMAIL.value, address],
            )
        refs = _references(parsed)
        if refs:
            MessageReference.objects.bulk_create(
                [MessageReference(message=received.message, ref=ref[:500]) for ref in refs],
                ignore_conflicts=True,
            )
        if received.created_ticket and should_auto_reply(parsed, mailbox, ours):
            ticket_id, address = received.ticket.pk, sender
            transaction.on_commit(lambda: _enqueue_confirmation(ticket_id, address))
    return Ingested(
        InboundState.PROCESSED,
        row,
        ticket=received.ticket,
        message=received.message,
        created_ticket=received.created_ticket,
    )


def _inbound_of(
    parsed: parsing.ParsedMail,
    message_id: str,
    mailbox: Mailbox | None,
    ours: set[str],
    *,
    use_date_header: bool,
) -> Inbound:
    text_split = quotes.split_text(parsed.text)
    html_split = quotes.split_html(parsed.html) if parsed.html.strip() else None
    attachments, skipped = _acceptable(parsed.attachments)
    metadata: dict[str, Any] = {
        "mailbox": mailbox.pk if mailbox else None,
        "from": _format(parsed.sender),
        "to": [_format(a) for a in parsed.to][:50],
        "cc": [_format(a) for a in parsed.cc][:50],
    }
    if parsed.auto_submitted:
        metadata["auto_submitted"] = parsed.auto_submitted
    if skipped:
        metadata["skipped_attachments"] = skipped
    if parsed.defects:
        metadata["defects"] = list(parsed.defects)[:20]
    received_at = parsed.date if use_date_header and parsed.date else None
    return Inbound(
        channel=Channel.EMAIL,
        sender=Identity(
            IdentityKind.EMAIL, parsed.sender.email, name=parsed.sender.name.strip()[:200]
        ),
        text=text_split.visible,
        quoted_text=text_split.folded if html_split is None else "",
        html=html_split.visible if html_split else "",
        quoted_html=html_split.folded if html_split else "",
        subject=parsed.subject or "",
        external_id=message_id[:500],
        attachments=tuple(attachments),
        thread=_thread_hints(parsed, message_id, ours),
        received_at=received_at,
        team_id=mailbox.team_id if mailbox else None,
        metadata=metadata,
    )


def _acceptable(
    attachments: Iterable[InboundAttachment],
) -> tuple[list[InboundAttachment], list[dict[str, Any]]]:
    """Attachments within the size limit; bigger ones stay in the kept original and are named
    on the message so the agent knows to open it."""
    limit = settings.ATTACHMENT_MAX_BYTES
    kept: list[InboundAttachment] = []
    skipped: list[dict[str, Any]] = []
    for item in attachments:
        if len(item.data) > limit:
            skipped.append({"filename": item.filename, "size": len(item.data)})
        else:
            kept.append(item)
    return kept, skipped


# --- threading ---------------------------------------------------------------------------------


def _references(parsed: parsing.ParsedMail) -> list[str]:
    """Every Message-ID this mail refers to, nearest first, without repeats."""
    ordered = [*parsed.in_reply_to, *reversed(parsed.references)]
    return list(dict.fromkeys(ref for ref in ordered if ref))


def _thread_hints(parsed: parsing.ParsedMail, message_id: str, ours: set[str]) -> ThreadHints:
    """Which ticket this mail continues. In order: a Message-ID it refers to; a stored reply that
    refers to this mail (the reply came first); the ticket token in the subject or in a plus
    address, which the core trusts only from someone taking part in that ticket. Never the
    subject alone."""
    refs = _references(parsed)
    ticket_id: int | None = None
    messages = rows.table(Message)
    if refs:  # hand-written (``fyr.core.rows``): two lookups for every mail
        ticket_id = rows.scalar(
            f"SELECT ticket_id FROM {messages} WHERE channel = %s"
            f" AND external_id IN ({', '.join(['%s'] * len(refs))})"
            " ORDER BY created_at DESC, id DESC LIMIT 1",
            [Channel.EMAIL.value, *refs],
        )
    if ticket_id is None:
        ticket_id = rows.scalar(
            f"SELECT m.ticket_id FROM {rows.table(MessageReference)} r"
            f" JOIN {messages} m ON m.id = r.message_id"
            " WHERE r.ref = %s AND m.channel = %s"
            " ORDER BY m.created_at, r.message_id LIMIT 1",
            [message_id, Channel.EMAIL.value],
        )
    return ThreadHints(ticket_id=ticket_id, ticket_number=_ticket_token(parsed, ours))


def _ticket_token(parsed: parsing.ParsedMail, ours: set[str]) -> int | None:
    match = _SUBJECT_TOKEN.search(parsed.subject)
    if match:
        return int(match.group(1))
    for address in [*(a.email for a in (*parsed.to, *parsed.cc)), *parsed.delivered_to]:
        plus = _PLUS_TOKEN.match(address.strip().lower())
        if plus and base_address(address) in ours:
            return int(plus.group(1))
    return None


# --- mailboxes and our own addresses -----------------------------------------------------------


def own_addresses() -> set[str]:
    """Addresses mail from which is never taken as a customer's (it would loop)."""
    with connection.cursor() as cursor:  # per mail: the query without Django's building
        cursor.execute(f"SELECT address FROM {rows.table(Mailbox)}")
        addresses = {address.lower() for (address,) in cursor.fetchall()}
    default = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    if default:
        addresses.add(default)
    return addresses


def mailbox_for(addresses: Iterable[str]) -> Mailbox | None:
    """The active mailbox a mail was sent to (plus addresses count as their base address)."""
    wanted = list(dict.fromkeys(base_address(address) for address in addresses if address))
    if not wanted:
        return None
    found = {
        m.address.lower(): m for m in Mailbox.objects.filter(is_active=True, address__in=wanted)
    }
    for address in wanted:
        if address in found:
            return found[address]
    return None


def _addresses_of(parsed: parsing.ParsedMail, recipients: Iterable[str]) -> list[str]:
    return [
        *recipients,
        *parsed.delivered_to,
        *(a.email for a in parsed.to),
        *(a.email for a in parsed.cc),
    ]


# --- bounces -----------------------------------------------------------------------------------


def _take_bounce(parsed: parsing.ParsedMail, keep: dict[str, Any]) -> Ingested:
    """A delivery failure: shown on the ticket whose reply bounced, the reply marked failed with
    the server's answer, the address marked failing. Never a new ticket, never answered."""
    bounce = parsed.bounce
    assert bounce is not None
    reason = bounce.diagnostic or bounce.status or _("Delivery failed")
    with transaction.atomic():
        original = None
        if bounce.original_message_id:
            original = (
                Message.objects.select_related("ticket")
                .filter(
                    channel=Channel.EMAIL,
                    external_id=bounce.original_message_id,
                    direction=Direction.OUTBOUND,
                )
                .first()
            )
        message = None
        if original is not None:
            message = tickets.record_bounce(
                original,
                text=_bounce_text(bounce, parsed),
                error=reason,
                permanent=bounce.permanent,
                external_id=(keep["mail_id"] or None),
            )
        if bounce.permanent:
            mark_failing(bounce.recipients, reason)
        row = InboundMail.objects.create(
            **keep,
            state=InboundState.BOUNCE,
            reason=reason[:2000],
            message=message,
            processed_at=clock.now(),
        )
    return Ingested(
        InboundState.BOUNCE,
        row,
        ticket=original.ticket if original else None,
        message=message,
        reason=reason,
    )


def _bounce_text(bounce: parsing.Bounce, parsed: parsing.ParsedMail) -> str:
    lines = [_("The reply could not be delivered.")]
    if bounce.recipients:
        lines.append(_("Recipient: %(to)s") % {"to": ", ".join(bounce.recipients)})
    if bounce.status:
        lines.append(_("Status: %(status)s") % {"status": bounce.status})
    if bounce.diagnostic:
        lines.append(_("Server's answer: %(answer)s") % {"answer": bounce.diagnostic})
    if parsed.text.strip():
        lines += ["", parsed.text.strip()[:4000]]
    return "\n".join(lines)


def mark_failing(addresses: Iterable[str], reason: str) -> int:
    """Mark email identities whose mail bounces hard; agents see it beside the address."""
    values = [a.strip().lower() for a in addresses if a.strip()]
    if not values:
        return 0
    return ContactIdentity.objects.filter(kind=IdentityKind.EMAIL, value__in=values).update(
        failing_since=clock.now(), failure_reason=reason[:500]
    )


# --- quarantine --------------------------------------------------------------------------------


def _quarantine(
    raw: bytes,
    *,
    source: str,
    mailbox: Mailbox | None,
    ref: str,
    reason: str,
    parsed: parsing.ParsedMail | None = None,
) -> Ingested:
    digest_id = _digest_id(raw)
    existing = InboundMail.objects.filter(
        mail_id=(parsed.message_id if parsed and parsed.message_id else digest_id),
        state=InboundState.QUARANTINED,
    ).first()
    if existing is not None:
        return Ingested("duplicate", existing, reason=existing.reason)
    row = InboundMail.objects.create(
        mailbox=mailbox,
        source=source,
        source_ref=ref[:500],
        raw=storage.store(raw),
        mail_id=(parsed.message_id if parsed and parsed.message_id else digest_id)[:500],
        sender=(parsed.sender.email if parsed else "")[:320],
        subject=(parsed.subject if parsed else "")[:300],
        state=InboundState.QUARANTINED,
        reason=reason[:4000],
    )
    log.warning("mail quarantined (%s): %s", source, reason)
    return Ingested(InboundState.QUARANTINED, row, reason=reason)


def reprocess(row: InboundMail) -> Ingested:
    """Try a quarantined mail again (after a fix, or a mailbox was added); on success the
    quarantine entry is replaced by the normal record."""
    if row.state != InboundState.QUARANTINED:
        raise tickets.InvalidChange(_("Only quarantined mail can be processed again"))
    raw = storage.read(row.raw)
    with transaction.atomic():
        # The entry steps aside so the mail is not taken for a duplicate of itself; if it fails
        # again, the rollback puts it back as it was.
        InboundMail.objects.filter(pk=row.pk).delete()
        result = ingest(raw, source=row.source, mailbox=row.mailbox, source_ref=row.source_ref)
        if result.state == InboundState.QUARANTINED:
            transaction.set_rollback(True)
    if result.state == InboundState.QUARANTINED:
        return Ingested(InboundState.QUARANTINED, row, reason=result.reason)
    return result


def discard(row: InboundMail) -> None:
    """An admin decided a quarantined mail is junk: it is marked ignored (the bytes stay)."""
    InboundMail.objects.filter(pk=row.pk, state=InboundState.QUARANTINED).update(
        state=InboundState.IGNORED, processed_at=clock.now()
    )


# --- automatic confirmations -------------------------------------------------------------------


def should_auto_reply(
    parsed: parsing.ParsedMail, mailbox: Mailbox | None, ours: set[str] | None = None
) -> bool:
    """RFC 3834's rules and then some: never answer a machine, a list or ourselves."""
    if mailbox is None or not mailbox.auto_reply:
        return False
    if parsed.auto_submitted or parsed.is_list or parsed.bounce is not None:
        return False
    address = parsed.sender.email.strip().lower()
    local = address.partition("@")[0]
    if ours is None:
        ours = own_addresses()
    return bool(address) and not _ROBOT_LOCAL_PARTS.match(local) and address not in ours


def within_rate_limit(address: str) -> bool:
    now = clock.now()
    for window, limit in AUTO_REPLY_LIMITS:
        if AutoReplyLog.objects.filter(address=address, sent_at__gte=now - window).count() >= limit:
            return False
    return True


def _enqueue_confirmation(ticket_id: int, address: str) -> None:
    from fyr.mail.tasks import send_confirmation

    send_confirmation.enqueue(ticket_id, address)


def claim_auto_reply(ticket: Ticket, address: str, key: str = TemplateKey.RECEIVED) -> bool:
    """Record an automatic mail about to go to ``address``; ``False`` when the rate limit
    (or an earlier confirmation of the same ticket) says not to send it."""
    with transaction.atomic():
        if AutoReplyLog.objects.filter(address=address, ticket=ticket, template=key).exists():
            return False
        if not within_rate_limit(address):
            log.info("automatic mail to %s held back by the rate limit", address)
            return False
        AutoReplyLog.objects.create(address=address, ticket=ticket, template=key)
    return True


def template_for(key: str, language: str, mailbox: Mailbox | None = None) -> EmailTemplate | None:
    """The mailbox's own template in the customer's language, else the general one; then the
    same in the default language; then Fyr's built-in text (never saved here)."""
    candidates = EmailTemplate.objects.filter(key=key).filter(
        Q(mailbox__isnull=True) | Q(mailbox=mailbox) if mailbox else Q(mailbox__isnull=True)
    )
    ranked = {(t.language, t.mailbox_id is not None): t for t in candidates}
    for wanted in (language, settings.LANGUAGE_CODE):
        for own in (True, False):
            if (wanted, own) in ranked:
                return ranked[(wanted, own)]
    for wanted in (language, settings.LANGUAGE_CODE, "en"):
        if (key, wanted) in DEFAULT_TEMPLATES:
            subject, body = DEFAULT_TEMPLATES[(key, wanted)]
            return EmailTemplate(key=key, language=wanted, subject=subject, body=body)
    return next(iter(ranked.values()), None)


def save_template(template: EmailTemplate, *, subject: str, body: str) -> EmailTemplate:
    """Change a notification template, checking that it still renders."""
    notify.check_template(subject, body)
    template.subject = subject
    template.body = body
    template.full_clean()
    template.save()
    return template


def save_mailbox(mailbox: Mailbox) -> Mailbox:
    """Create or change a mailbox; there is at most one default for outgoing mail."""
    with transaction.atomic():
        mailbox.address = mailbox.address.strip().lower()
        mailbox.full_clean()
        mailbox.save()
        if mailbox.is_default:
            Mailbox.objects.exclude(pk=mailbox.pk).filter(is_default=True).update(is_default=False)
    return mailbox


# --- IMAP fetch state --------------------------------------------------------------------------
# The lease that keeps a second worker out of a mailbox is a conditional UPDATE (``… WHERE
# lease_until IS NULL OR lease_until < now``): of two workers, exactly one gets the row. Its exact
# ``lease_until`` is the holder's token: every later write is conditional on it, so a worker that
# lost its lease (stalled longer than ``IMAP_LEASE``, another took over) can no longer move
# ``last_uid`` backwards.

#: How long a claim lasts without being renewed. The fetcher renews it with every message, so
#: this only has to outlast one message; a worker that is killed blocks the mailbox this long.
IMAP_LEASE = timedelta(minutes=2)


@dataclass
class ImapLease:
    """A worker's claim on one mailbox's IMAP state, with the state as it was read."""

    state_id: int
    until: datetime
    folder: str
    uidvalidity: int | None
    last_uid: int


def _imap_state_of(mailbox: Mailbox) -> ImapState:
    """The mailbox's IMAP state, created on first use."""
    try:
        with transaction.atomic():
            state, _created = ImapState.objects.get_or_create(
                mailbox=mailbox, defaults={"folder": mailbox.imap_folder}
            )
    except IntegrityError:  # another worker created it at the same moment
        state = ImapState.objects.get(mailbox=mailbox)
    return state


def claim_imap(mailbox: Mailbox) -> ImapLease | None:
    """Take the mailbox for one fetch, or ``None`` while another worker holds it."""
    state = _imap_state_of(mailbox)
    now = clock.now()
    until = now + IMAP_LEASE
    taken = (
        ImapState.objects.filter(pk=state.pk)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=until)
    )
    if not taken:
        return None
    state.refresh_from_db(fields=["folder", "uidvalidity", "last_uid"])
    return ImapLease(state.pk, until, state.folder, state.uidvalidity, state.last_uid)


def _imap_lease_held(lease: ImapLease):
    return ImapState.objects.filter(pk=lease.state_id, lease_until=lease.until)


def restart_imap(lease: ImapLease, *, folder: str, uidvalidity: int) -> bool:
    """The folder is another one, or its UIDVALIDITY changed: its UIDs mean something new, so
    reading starts again from the first message. ``False`` when the lease was lost."""
    if not _imap_lease_held(lease).update(folder=folder, uidvalidity=uidvalidity, last_uid=0):
        return False
    lease.folder, lease.uidvalidity, lease.last_uid = folder, uidvalidity, 0
    return True


def advance_imap(lease: ImapLease, uid: int) -> bool:
    """Record that everything up to ``uid`` is taken in and flagged, and renew the lease.
    ``False`` when the lease was lost (another worker now owns the mailbox: stop)."""
    until = clock.now() + IMAP_LEASE
    if not _imap_lease_held(lease).update(last_uid=uid, lease_until=until):
        return False
    lease.until, lease.last_uid = until, uid
    return True


def release_imap(lease: ImapLease, *, error: str = "") -> None:
    """End the fetch: when it ran, what went wrong (empty when nothing did), lease given back."""
    _imap_lease_held(lease).update(
        last_fetch_at=clock.now(), last_error=error[:4000], lease_until=None
    )


# --- small helpers -----------------------------------------------------------------------------


def _seen(message_id: str) -> bool:
    """Every mail ``ingest`` kept has a row, whatever became of it: one indexed probe."""
    found = rows.scalar(
        f"SELECT 1 FROM {rows.table(InboundMail)} WHERE mail_id = %s LIMIT 1", [message_id]
    )
    return found is not None


def _digest_id(raw: bytes) -> str:
    """A stable stand-in Message-ID for mail without one: the same bytes, the same id."""
    return f"sha256-{hashlib.sha256(raw).hexdigest()}@fyr.invalid"


def _format(address: parsing.Address) -> str:
    return f"{address.name} <{address.email}>" if address.name else address.email


def base_address(address: str) -> str:
    """``support+1234@fyr.se`` → ``support@fyr.se``: a plus address reaches its base mailbox."""
    local, at, domain = address.strip().lower().partition("@")
    return f"{local.split('+', 1)[0]}{at}{domain}"


__all__ = [
    "Ingested",
    "base_address",
    "discard",
    "ingest",
    "mailbox_for",
    "mark_failing",
    "own_addresses",
    "reprocess",
    "save_mailbox",
    "save_template",
    "should_auto_reply",
    "template_for",
]
