"""Everything that changes a ticket. Desk, API, portal, channels and tasks all call these.

Rules a reader can rely on:
- every change records a ``TicketEvent`` and bumps ``Ticket.version``;
- a caller that passes ``expected_version`` gets ``StaleVersion`` instead of overwriting a change
  it has not seen (two agents never overwrite each other);
- pushes and delivery tasks go out after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fyr.core import clock, rows
from fyr.customers import services as customers
from fyr.customers.models import Contact
from fyr.tickets import events, hooks, html, realtime, storage
from fyr.tickets.choices import (
    PRIORITY_RANK,
    TRANSITIONS,
    Channel,
    DeliveryStatus,
    Direction,
    EventKind,
    MessageKind,
    Priority,
    Status,
    TicketType,
)
from fyr.tickets.events import Actor
from fyr.tickets.inbound import Inbound, InboundAttachment
from fyr.tickets.models import Attachment, Counter, Message, Tag, Ticket, TicketTag

if TYPE_CHECKING:
    from fyr.accounts.models import Team, User

__all__ = [
    "Actor",
    "InvalidChange",
    "Received",
    "StaleVersion",
    "add_note",
    "bulk_update",
    "change_ticket",
    "merge_contacts",
    "merge_tickets",
    "open_ticket",
    "receive",
    "record_bounce",
    "reply",
]


class StaleVersion(Exception):
    """The ticket changed since the caller read it (HTTP 409)."""

    def __init__(self, ticket: Ticket) -> None:
        super().__init__(
            _("Ticket #%(number)s was changed by someone else (now version %(version)s)")
            % {"number": ticket.number, "version": ticket.version}
        )
        self.ticket = ticket


class InvalidChange(ValidationError):
    """A change that is not allowed in the ticket's state (e.g. reopening a closed ticket)."""


@dataclass(frozen=True)
class Received:
    ticket: Ticket
    message: Message
    created_ticket: bool
    duplicate: bool = False


# --- the one entry for every channel -----------------------------------------------------------


def receive(inbound: Inbound) -> Received:
    """Take one incoming message from any channel into the right ticket, exactly once.

    Idempotent on ``(channel, external_id)``: a message seen before returns the earlier result.
    """
    if inbound.external_id:
        seen = _already_received(inbound)
        if seen is not None:
            return seen
    try:
        with transaction.atomic():
            # Inside the transaction: a new contact and its ticket are one commit, not two.
            contact = customers.identify(inbound.sender)
            return _receive_locked(inbound, contact)
    except IntegrityError:
        # A concurrent delivery of the same message won the race for the unique external id.
        seen = _already_received(inbound) if inbound.external_id else None
        if seen is None:
            raise
        return seen


def _already_received(inbound: Inbound) -> Received | None:
    # A narrow probe first (hand-written SQL: see fyr.core.rows): almost every message is new,
    # and loading a message with its ticket costs Django many times what the lookup costs.
    found = rows.scalar(
        f"SELECT id FROM {rows.table(Message)} WHERE channel = %s AND external_id = %s LIMIT 1",
        [inbound.channel, inbound.external_id],
    )
    if found is None:
        return None
    message = Message.objects.select_related("ticket").get(pk=found)
    return Received(message.ticket, message, created_ticket=False, duplicate=True)


def _receive_locked(inbound: Inbound, contact: Contact) -> Received:
    actor = Actor.of_contact(contact)
    ticket = _thread(inbound, contact)
    created = False
    received_at = inbound.received_at or clock.now()
    if ticket is None or ticket.status == Status.CLOSED:
        ticket = _create_ticket(
            subject=inbound.subject or html.preview(inbound.text, 80) or _("(no subject)"),
            channel=inbound.channel,
            requester=contact,
            actor=actor,
            team_id=inbound.team_id,
            follow_up_of=ticket,
            created_at=received_at,
            first_message_at=received_at,
        )
        created = True
    message = _add_message(
        ticket,
        kind=MessageKind.REPLY,
        direction=Direction.INBOUND,
        channel=inbound.channel,
        author_contact=contact,
        subject=inbound.subject,
        text=inbound.text,
        raw_html=inbound.html,
        quoted_text=inbound.quoted_text,
        quoted_html=inbound.quoted_html,
        external_id=inbound.external_id,
        attachments=inbound.attachments,
        metadata=inbound.metadata,
        created_at=received_at,
    )
    events.record(ticket, EventKind.MESSAGE_RECEIVED, actor, message=message)
    ticket.last_customer_message_at = message.created_at
    if not created and ticket.status == Status.SOLVED:
        # Reopen rate counts these: a solved ticket the customer was not done with.
        _set_status(ticket, Status.OPEN, actor, kind=EventKind.REOPENED)
    elif not created and ticket.status in (Status.PENDING, Status.ON_HOLD):
        _set_status(ticket, Status.OPEN, actor)
    # A new ticket was written whole, message included: nothing is left to save.
    _saved(ticket, actor, written=created)
    return Received(ticket, message, created_ticket=created)


def _thread(inbound: Inbound, contact: Contact) -> Ticket | None:
    """The existing ticket this message continues, locked for update; never by subject alone."""
    hints = inbound.thread
    # Ids first (narrow reads, hand-written: see fyr.core.rows), the one locked ticket last:
    # building the queries cost Django far more than the database, and this runs per message.
    found: tuple[Any, ...] | None = None
    if hints.ticket_id is not None:
        found = _ticket_ids("id = %s", hints.ticket_id)
    if found is None and hints.reply_to:
        refs = list(hints.reply_to)
        found = rows.one(
            f"SELECT t.id, t.merged_into_id, t.requester_id FROM {rows.table(Message)} m"
            f" JOIN {rows.table(Ticket)} t ON t.id = m.ticket_id"
            f" WHERE m.channel = %s AND m.external_id IN ({', '.join(['%s'] * len(refs))})"
            " ORDER BY m.created_at DESC, m.id DESC LIMIT 1",
            [inbound.channel, *refs],
        )
    if found is None and hints.ticket_number is not None:
        candidate = _ticket_ids("number = %s", hints.ticket_number)
        if candidate is not None and _takes_part(candidate[0], candidate[2], contact):
            found = candidate
    while found is not None and found[1] is not None:
        found = _ticket_ids("id = %s", found[1])
    if found is None:
        return None
    return rows.get(Ticket, found[0], for_update=True)


def _ticket_ids(where: str, value: int) -> tuple[Any, ...] | None:
    """``(id, merged_into_id, requester_id)`` of the ticket ``where`` picks."""
    return rows.one(
        f"SELECT id, merged_into_id, requester_id FROM {rows.table(Ticket)} WHERE {where}",
        [value],
    )


def _takes_part(ticket_id: int, requester_id: int, contact: Contact) -> bool:
    if requester_id == contact.pk:
        return True
    return Message.objects.filter(ticket_id=ticket_id, author_contact=contact).exists()


# --- tickets opened by agents or the API -------------------------------------------------------


def open_ticket(
    *,
    actor: Actor,
    requester: Contact,
    subject: str,
    body: str,
    body_html: str = "",
    channel: str = Channel.DESK,
    from_requester: bool = False,
    internal: bool = False,
    priority: str = Priority.NORMAL,
    type: str = TicketType.QUESTION,
    team: Team | None = None,
    assignee: User | None = None,
    tags: Sequence[str] = (),
    custom_fields: Mapping[str, Any] | None = None,
    attachments: Sequence[InboundAttachment] = (),
) -> Ticket:
    """Open a ticket for ``requester``.

    ``from_requester`` records the first message as the customer's (a phone call or a forwarded
    mail logged by an agent); otherwise it is the agent's public reply, or a note if ``internal``.
    """
    if not subject.strip():
        raise ValidationError({"subject": _("A ticket needs a subject")})
    if not (body.strip() or body_html.strip()):
        raise ValidationError({"body": _("A ticket needs a first message")})
    _ensure_may_write(actor, internal=internal or from_requester)
    with transaction.atomic():
        ticket = _create_ticket(
            subject=subject,
            channel=channel,
            requester=requester,
            actor=actor,
            team_id=team.pk if team else None,
            priority=Priority(priority),
            type=TicketType(type),
        )
        if from_requester:
            message = _add_message(
                ticket,
                kind=MessageKind.REPLY,
                direction=Direction.INBOUND,
                channel=channel,
                author_contact=requester,
                text=body,
                raw_html=body_html,
                attachments=attachments,
            )
            events.record(ticket, EventKind.MESSAGE_RECEIVED, actor, message=message)
            ticket.last_customer_message_at = message.created_at
        else:
            _write_agent_message(
                ticket, actor, body, body_html, internal=internal, attachments=attachments
            )
        if assignee is not None:
            _set_assignee(ticket, assignee, actor)
        if tags:
            _set_tags(ticket, tags, actor)
        if custom_fields:
            _set_custom_fields(ticket, dict(custom_fields), actor)
        _saved(ticket, actor)
    return ticket


def _next_number() -> int:
    """The next ticket number, gap-free: one ``UPDATE … RETURNING`` on the counter row, which
    also holds the row lock until the ticket is committed (SQLite 3.35+, PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Counter._meta.db_table} SET value = value + 1 WHERE name = %s RETURNING value",
            ["ticket"],
        )
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    highest = Ticket.objects.order_by("-number").values_list("number", flat=True).first()
    Counter.objects.get_or_create(name="ticket", defaults={"value": highest or 0})
    return _next_number()


def _create_ticket(
    *,
    subject: str,
    channel: str,
    requester: Contact,
    actor: Actor,
    team_id: int | None = None,
    follow_up_of: Ticket | None = None,
    priority: Priority = Priority.NORMAL,
    type: TicketType = TicketType.QUESTION,
    created_at: Any = None,
    first_message_at: Any = None,
) -> Ticket:
    """A new ticket's row and ``created`` event. With ``first_message_at`` (a ticket a received
    message opens) the row is inserted as version 1 already holding what that message sets, so
    the change ends with ``_saved(..., written=True)`` and no UPDATE; otherwise the caller's
    closing save makes it version 1."""
    now = created_at or clock.now()
    whole = first_message_at is not None
    ticket = Ticket(
        number=_next_number(),
        subject=one_line(subject, 300),
        channel=channel,
        requester=requester,
        organization_id=requester.organization_id,
        team_id=team_id,
        priority=priority,
        priority_rank=PRIORITY_RANK[priority],
        type=type,
        follow_up_of=follow_up_of,
        created_at=now,
        updated_at=clock.now() if whole else now,
        last_customer_message_at=first_message_at,
        version=1 if whole else 0,
    )
    rows.insert(ticket)
    events.defer(ticket)  # every caller ends the change with ``_saved``
    events.record(
        ticket,
        EventKind.CREATED,
        actor,
        channel=channel,
        follow_up_of=follow_up_of.number if follow_up_of else None,
    )
    if follow_up_of is not None:
        events.record(follow_up_of, EventKind.FOLLOW_UP_CREATED, actor, follow_up=ticket.number)
        _bump(follow_up_of.pk)
    return ticket


# --- replies and notes -------------------------------------------------------------------------


def reply(
    ticket: Ticket,
    *,
    author: User,
    body: str,
    body_html: str = "",
    attachments: Sequence[InboundAttachment] = (),
    status: str | None = None,
    expected_version: int | None = None,
) -> Message:
    """A public reply to the customer, optionally setting the status in the same change."""
    actor = Actor.of_agent(author)
    _ensure_may_write(actor, internal=False)
    with _changing(ticket, expected_version, actor) as locked:
        if locked.status == Status.CLOSED:
            raise InvalidChange(_("A closed ticket cannot be answered; open a follow-up instead"))
        message = _write_agent_message(
            locked, actor, body, body_html, internal=False, attachments=attachments
        )
        if status is not None:
            _set_status(locked, Status(status), actor)
        elif locked.status == Status.NEW:
            _set_status(locked, Status.OPEN, actor)
    _sync(ticket, locked)
    return message


def add_note(
    ticket: Ticket,
    *,
    author: User,
    body: str,
    body_html: str = "",
    attachments: Sequence[InboundAttachment] = (),
    status: str | None = None,
    expected_version: int | None = None,
) -> Message:
    """An internal note: never shown or sent to the customer. Like a reply it may set the
    status in the same change (a note, then "on hold"); light agents add notes only."""
    actor = Actor.of_agent(author)
    _ensure_may_write(actor, internal=True)
    if status is not None:
        _ensure_may_edit(actor)
    with _changing(ticket, expected_version, actor) as locked:
        message = _write_agent_message(
            locked, actor, body, body_html, internal=True, attachments=attachments
        )
        if status is not None:
            _set_status(locked, Status(status), actor)
    _sync(ticket, locked)
    return message


def _write_agent_message(
    ticket: Ticket,
    actor: Actor,
    body: str,
    body_html: str,
    *,
    internal: bool,
    attachments: Sequence[InboundAttachment] = (),
) -> Message:
    if not (body.strip() or body_html.strip() or attachments):
        raise ValidationError({"body": _("The message is empty")})
    message = _add_message(
        ticket,
        kind=MessageKind.NOTE if internal else MessageKind.REPLY,
        direction=Direction.OUTBOUND,
        channel=ticket.channel,
        author_agent=actor.agent,
        text=body,
        raw_html=body_html,
        attachments=attachments,
        delivery_status=DeliveryStatus.NONE if internal else DeliveryStatus.QUEUED,
    )
    if internal:
        events.record(ticket, EventKind.NOTE_ADDED, actor, message=message)
        return message
    events.record(ticket, EventKind.REPLY_SENT, actor, message=message)
    ticket.last_agent_message_at = message.created_at
    if ticket.first_responded_at is None:
        ticket.first_responded_at = message.created_at
    message_id = message.pk
    transaction.on_commit(lambda: _enqueue_delivery(message_id))
    return message


def _enqueue_delivery(message_id: int) -> None:
    from fyr.tickets.tasks import deliver_message

    deliver_message.enqueue(message_id)


def _add_message(
    ticket: Ticket,
    *,
    kind: MessageKind,
    direction: Direction,
    channel: str,
    text: str,
    raw_html: str = "",
    quoted_text: str = "",
    quoted_html: str = "",
    subject: str = "",
    author_contact: Contact | None = None,
    author_agent: User | None = None,
    external_id: str | None = None,
    attachments: Iterable[InboundAttachment] = (),
    metadata: Mapping[str, Any] | None = None,
    delivery_status: str = DeliveryStatus.NONE,
    created_at: Any = None,
) -> Message:
    safe_html = html.sanitize(raw_html)
    message = Message(
        ticket=ticket,
        kind=kind,
        direction=direction,
        channel=channel,
        author_contact=author_contact,
        author_agent=author_agent,
        subject=one_line(subject, 300),
        body_text=text if text.strip() else html.to_text(safe_html),
        body_html=safe_html or html.text_to_html(text),
        quoted_html=html.sanitize(quoted_html) or html.text_to_html(quoted_text),
        external_id=external_id,
        metadata=dict(metadata or {}),
        delivery_status=delivery_status,
        created_at=created_at or clock.now(),
    )
    rows.insert(message)  # on every message's path: see fyr.core.rows
    rows.insert_many(
        [
            Attachment(
                message=message,
                file=storage.store(item.data),
                filename=(item.filename or "attachment")[:255],
                content_type=(item.content_type or "application/octet-stream")[:255],
                content_id=item.content_id[:255],
                inline=item.inline,
            )
            for item in attachments
        ]
    )
    return message


def claim_delivery(message_id: int) -> Message | None:
    """Take a queued reply for sending (``queued`` → ``sending``), or ``None`` if another run
    already took it: a conditional UPDATE, atomic on every database, so a reply goes out once."""
    claimed = Message.objects.filter(pk=message_id, delivery_status=DeliveryStatus.QUEUED).update(
        delivery_status=DeliveryStatus.SENDING
    )
    if not claimed:
        return None
    return Message.objects.select_related("ticket", "ticket__requester", "author_agent").get(
        pk=message_id
    )


#: How often a reply is tried before it is marked failed, and the wait before each retry.
DELIVERY_RETRY_DELAYS = (60, 300, 900, 3600)


def defer_delivery(message: Message, *, error: str) -> int | None:
    """A temporary failure: put the reply back in the queue and return the seconds to wait
    before the next attempt, or mark it failed (and return ``None``) after the last one."""
    attempts = message.delivery_attempts + 1
    if attempts > len(DELIVERY_RETRY_DELAYS):
        Message.objects.filter(pk=message.pk).update(delivery_attempts=attempts)
        record_delivery(
            message,
            external_id=None,
            error=_("%(error)s (gave up after %(n)s attempts)") % {"error": error, "n": attempts},
        )
        return None
    Message.objects.filter(pk=message.pk, delivery_status=DeliveryStatus.SENDING).update(
        delivery_status=DeliveryStatus.QUEUED,
        delivery_error=error[:2000],
        delivery_attempts=attempts,
    )
    _bump(message.ticket_id)
    return DELIVERY_RETRY_DELAYS[attempts - 1]


def record_delivery(message: Message, *, external_id: str | None, error: str = "") -> None:
    """Called by the delivery task with what the channel adapter reported."""
    if error:
        Message.objects.filter(pk=message.pk).update(
            delivery_status=DeliveryStatus.FAILED, delivery_error=error[:2000]
        )
        events.record(
            message.ticket, EventKind.DELIVERY_FAILED, Actor.system(), message=message, error=error
        )
        _bump(message.ticket_id)
        return
    changes: dict[str, Any] = {"delivery_status": DeliveryStatus.SENT, "delivery_error": ""}
    if external_id and not message.external_id:
        changes["external_id"] = external_id
    Message.objects.filter(pk=message.pk).update(**changes)


def record_bounce(
    original: Message,
    *,
    text: str,
    error: str,
    permanent: bool,
    external_id: str | None = None,
) -> Message:
    """A delivery failure reported later by the receiving side (a bounce mail): shown on the
    ticket as a system message; a permanent one marks the reply failed with the server's answer.
    Neither reopens the ticket nor counts as the customer's message."""
    message = _add_message(
        original.ticket,
        kind=MessageKind.SYSTEM,
        direction=Direction.INBOUND,
        channel=original.channel,
        text=text,
        external_id=external_id,
        metadata={"bounce_of": original.pk, "permanent": permanent},
    )
    if permanent:
        Message.objects.filter(pk=original.pk).update(
            delivery_status=DeliveryStatus.FAILED, delivery_error=error[:2000]
        )
    events.record(
        original.ticket,
        EventKind.DELIVERY_FAILED,
        Actor.system(),
        message=original,
        error=error,
        permanent=permanent,
    )
    _bump(original.ticket_id)
    return message


# --- field changes -----------------------------------------------------------------------------


def change_ticket(
    ticket: Ticket,
    *,
    actor: Actor,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> Ticket:
    """Apply several field changes as one versioned change (the API's PATCH, the desk's edits).

    ``changes`` holds only the fields to change: ``subject``, ``status``, ``priority``, ``type``,
    ``assignee`` (User or None), ``team`` (Team or None), ``tier``, ``tags`` (names, replacing),
    ``custom_fields`` (merged; a None value removes a key), ``requester`` (Contact).
    A ``reason`` makes a tier change an escalation (``fyr.routing``): an ``escalated`` or
    ``de_escalated`` event carrying it, instead of ``tier_changed``.
    """
    unknown = set(changes) - set(_SETTERS)
    if unknown:
        raise ValueError(f"unknown ticket fields: {sorted(unknown)}")
    _ensure_may_edit(actor)
    with transaction.atomic():
        locked = _locked(ticket, expected_version)
        changed = [
            _set_tier(locked, value, actor, reason=reason)
            if name == "tier" and reason
            else _SETTERS[name](locked, value, actor)
            for name, value in changes.items()
        ]
        if any(changed):  # nothing changed: no event, so no new version either
            _saved(locked, actor)
    _sync(ticket, locked)
    return ticket


def bulk_update(
    tickets: Iterable[Ticket], *, actor: Actor, changes: Mapping[str, Any]
) -> list[Ticket]:
    """The same change on many tickets, each its own versioned change with its own events."""
    return [change_ticket(t, actor=actor, changes=changes) for t in tickets]


def add_tags(ticket: Ticket, names: Sequence[str], *, actor: Actor) -> Ticket:
    return _edit_tags(ticket, actor, lambda current: [*current, *names])


def remove_tags(ticket: Ticket, names: Sequence[str], *, actor: Actor) -> Ticket:
    drop = {normalize_tag(n) for n in names}
    return _edit_tags(ticket, actor, lambda current: [n for n in current if n not in drop])


def _edit_tags(ticket: Ticket, actor: Actor, edit: Callable[[list[str]], list[str]]) -> Ticket:
    """Add or remove tags against the tags as they are under the lock, so that two agents
    tagging at once both keep their tags."""
    _ensure_may_edit(actor)
    with transaction.atomic():
        locked = _locked(ticket, None)
        current = list(locked.tags.values_list("name", flat=True))
        if _set_tags(locked, edit(current), actor):
            _saved(locked, actor)
    _sync(ticket, locked)
    return ticket


# Each setter records its event and returns whether it changed anything.


def _set_status(
    ticket: Ticket, status: Status, actor: Actor, *, kind: EventKind = EventKind.STATUS_CHANGED
) -> bool:
    status = Status(status)
    before = ticket.status
    if status == before:
        return False
    if status not in TRANSITIONS[before]:
        raise InvalidChange(
            _("A ticket cannot go from %(before)s to %(after)s")
            % {"before": Status(before).label, "after": status.label}
        )
    now = clock.now()
    ticket.status = status
    if status == Status.SOLVED:
        ticket.solved_at = now
    elif status == Status.CLOSED:
        ticket.closed_at = now
        ticket.solved_at = ticket.solved_at or now
    else:
        ticket.solved_at = None
    events.record(ticket, kind, actor, before=before, after=status.value)
    return True


def _set_priority(ticket: Ticket, value: str, actor: Actor) -> bool:
    priority = Priority(value)
    if priority == ticket.priority:
        return False
    events.record(
        ticket, EventKind.PRIORITY_CHANGED, actor, before=ticket.priority, after=priority.value
    )
    ticket.priority = priority
    ticket.priority_rank = PRIORITY_RANK[priority]
    return True


def _set_type(ticket: Ticket, value: str, actor: Actor) -> bool:
    ticket_type = TicketType(value)
    if ticket_type == ticket.type:
        return False
    events.record(
        ticket, EventKind.TYPE_CHANGED, actor, before=ticket.type, after=ticket_type.value
    )
    ticket.type = ticket_type
    return True


def one_line(text: str, limit: int) -> str:
    """``text`` with all whitespace runs (newlines too) as single spaces: a subject travels in
    mail headers, where a line break is refused."""
    return " ".join((text or "").split())[:limit]


def _set_subject(ticket: Ticket, value: str, actor: Actor) -> bool:
    subject = one_line(value, 300)
    if not subject:
        raise ValidationError({"subject": _("A ticket needs a subject")})
    if subject == ticket.subject:
        return False
    events.record(ticket, EventKind.SUBJECT_CHANGED, actor, before=ticket.subject, after=subject)
    ticket.subject = subject
    return True


def _set_assignee(ticket: Ticket, user: User | None, actor: Actor) -> bool:
    if user is not None and not user.is_active:
        raise ValidationError({"assignee": _("%(name)s is not an active agent") % {"name": user}})
    if user is not None and user.is_light:
        raise ValidationError({"assignee": _("Light agents cannot be assigned tickets")})
    new_id = user.pk if user else None
    if new_id == ticket.assignee_id:
        return False
    events.record(
        ticket,
        EventKind.ASSIGNEE_CHANGED,
        actor,
        before=ticket.assignee_id,
        after=new_id,
        name=str(user) if user else None,
    )
    ticket.assignee = user
    if user is not None and ticket.team_id is not None:
        if not user.memberships.filter(team_id=ticket.team_id).exists():
            # Assigning outside the team moves the ticket to one of the assignee's teams.
            membership = user.memberships.select_related("team").first()
            if membership is not None:
                _set_team(ticket, membership.team, actor)
    return True


def _set_team(ticket: Ticket, team: Team | None, actor: Actor) -> bool:
    new_id = team.pk if team else None
    if new_id == ticket.team_id:
        return False
    events.record(
        ticket,
        EventKind.TEAM_CHANGED,
        actor,
        before=ticket.team_id,
        after=new_id,
        name=str(team) if team else None,
    )
    ticket.team = team
    if ticket.assignee_id is not None and team is not None:
        if not team.memberships.filter(user_id=ticket.assignee_id).exists():
            events.record(
                ticket, EventKind.ASSIGNEE_CHANGED, actor, before=ticket.assignee_id, after=None
            )
            ticket.assignee = None
    return True


def _set_tier(ticket: Ticket, value: int, actor: Actor, *, reason: str = "") -> bool:
    tier = int(value)
    if tier not in (1, 2, 3):
        raise ValidationError({"tier": _("The support tier is 1, 2 or 3")})
    if tier == ticket.tier:
        return False
    if reason:
        kind = EventKind.ESCALATED if tier > ticket.tier else EventKind.DE_ESCALATED
        team = ticket.team if ticket.team_id else None
        events.record(
            ticket,
            kind,
            actor,
            before=ticket.tier,
            after=tier,
            reason=reason,
            team=team.pk if team else None,
            team_name=str(team) if team else None,
        )
    else:
        events.record(ticket, EventKind.TIER_CHANGED, actor, before=ticket.tier, after=tier)
    ticket.tier = tier
    return True


def normalize_tag(name: str) -> str:
    return "-".join(name.strip().lower().split())[:100]


def _set_tags(ticket: Ticket, names: Sequence[str], actor: Actor) -> bool:
    wanted = sorted({normalize_tag(n) for n in names if normalize_tag(n)})
    current = sorted(ticket.tags.values_list("name", flat=True)) if ticket.pk else []
    if wanted == current:
        return False
    existing = {t.name: t for t in Tag.objects.filter(name__in=wanted)}
    for name in wanted:
        if name not in existing:
            existing[name], _created = Tag.objects.get_or_create(name=name)
    TicketTag.objects.filter(ticket=ticket).exclude(tag__name__in=wanted).delete()
    have = set(current)
    TicketTag.objects.bulk_create(
        TicketTag(ticket=ticket, tag=existing[name]) for name in wanted if name not in have
    )
    events.record(ticket, EventKind.TAGS_CHANGED, actor, before=current, after=wanted)
    return True


def _set_custom_fields(ticket: Ticket, values: Mapping[str, Any], actor: Actor) -> bool:
    merged = dict(ticket.custom_fields)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[str(key)[:100]] = value
    if merged == ticket.custom_fields:
        return False
    events.record(
        ticket, EventKind.FIELDS_CHANGED, actor, before=ticket.custom_fields, after=merged
    )
    ticket.custom_fields = merged
    return True


def _set_requester(ticket: Ticket, contact: Contact, actor: Actor) -> bool:
    if contact.pk == ticket.requester_id:
        return False
    events.record(
        ticket,
        EventKind.REQUESTER_CHANGED,
        actor,
        before=ticket.requester_id,
        after=contact.pk,
        name=str(contact),
    )
    ticket.requester = contact
    ticket.organization_id = contact.organization_id
    return True


def _apply_status(ticket: Ticket, value: str, actor: Actor) -> bool:
    return _set_status(ticket, Status(value), actor)


_SETTERS: dict[str, Any] = {
    "subject": _set_subject,
    "status": _apply_status,
    "priority": _set_priority,
    "type": _set_type,
    "assignee": _set_assignee,
    "team": _set_team,
    "tier": _set_tier,
    "tags": _set_tags,
    "custom_fields": _set_custom_fields,
    "requester": _set_requester,
}


# --- rules (triggers, automations) -------------------------------------------------------------


def apply_rule(
    ticket: Ticket,
    *,
    actor: Actor,
    changes: Mapping[str, Any] | None = None,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    note: str = "",
    reply: str = "",
) -> Ticket:
    """What a trigger or automation does to a ticket, as one change whose first event is
    ``RULE_FIRED`` (every event names the rule through ``actor.rule``).

    Its note and reply have no agent author. The reply goes out through the channel adapter like
    any reply but is not a first response nor an agent's message: SLA clocks and metrics count
    people's answers, not automatic notices.
    """
    if actor.rule is None:
        raise ValueError("apply_rule needs a rule's actor (Actor.of_rule)")
    changes = dict(changes or {})
    unknown = set(changes) - set(_SETTERS)
    if unknown:
        raise ValueError(f"unknown ticket fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(ticket, None)
        events.record(locked, EventKind.RULE_FIRED, actor)
        if note.strip():
            message = _add_message(
                locked,
                kind=MessageKind.NOTE,
                direction=Direction.OUTBOUND,
                channel=locked.channel,
                text=note,
            )
            events.record(locked, EventKind.NOTE_ADDED, actor, message=message)
        if reply.strip():
            if locked.status == Status.CLOSED:
                raise InvalidChange(_("A closed ticket cannot be answered"))
            message = _add_message(
                locked,
                kind=MessageKind.REPLY,
                direction=Direction.OUTBOUND,
                channel=locked.channel,
                text=reply,
                delivery_status=DeliveryStatus.QUEUED,
            )
            events.record(locked, EventKind.REPLY_SENT, actor, message=message)
            message_id = message.pk
            transaction.on_commit(lambda: _enqueue_delivery(message_id))
        for name, value in changes.items():
            _SETTERS[name](locked, value, actor)
        if add_tags or remove_tags:
            drop = {normalize_tag(n) for n in remove_tags}
            current = list(locked.tags.values_list("name", flat=True))
            kept = [n for n in [*current, *add_tags] if normalize_tag(n) not in drop]
            _set_tags(locked, kept, actor)
        _saved(locked, actor)
    _sync(ticket, locked)
    return ticket


def record_rule_outcome(ticket_id: int, kind: EventKind, *, actor: Actor, **data: Any) -> None:
    """An event about work a rule set off that finished later (a webhook answered, a mail to
    agents went out). The ticket itself did not change, so no observer runs; agents see it."""
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        return
    events.record(ticket, kind, actor, **data)
    events.take_unsaved(ticket)
    _bump(ticket_id)


# --- merges ------------------------------------------------------------------------------------


def merge_tickets(source: Ticket, target: Ticket, *, actor: Actor) -> Ticket:
    """Fold ``source`` into ``target``: its messages move over and ``source`` is closed."""
    _ensure_may_edit(actor)
    if source.pk == target.pk:
        raise InvalidChange(_("A ticket cannot be merged into itself"))
    if target.status == Status.CLOSED:
        raise InvalidChange(_("A ticket cannot be merged into a closed ticket"))
    with transaction.atomic():
        locked = {
            t.pk: t
            for t in Ticket.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
        }
        src, dst = locked[source.pk], locked[target.pk]
        moved = Message.objects.filter(ticket=src).update(ticket=dst)
        tag_names = [
            *src.tags.values_list("name", flat=True),
            *dst.tags.values_list("name", flat=True),
        ]
        _set_tags(dst, tag_names, actor)
        events.record(dst, EventKind.MERGED_FROM, actor, source=src.number, messages=moved)
        events.record(src, EventKind.MERGED_INTO, actor, target=dst.number)
        src.merged_into = dst
        if src.status != Status.CLOSED:
            if src.status != Status.SOLVED:
                _set_status(src, Status.SOLVED, actor)
            _set_status(src, Status.CLOSED, actor)
        _saved(src, actor)
        _saved(dst, actor)
    _sync(source, src)
    _sync(target, dst)
    return target


def merge_contacts(source: Contact, target: Contact, *, actor: Actor) -> Contact:
    """Make ``source`` and ``target`` one customer: identities, tickets and messages move over."""
    _ensure_may_edit(actor)
    with transaction.atomic():
        customers.move_identities(source, target)
        moved = list(Ticket.objects.select_for_update().filter(requester=source))
        Ticket.objects.filter(pk__in=[t.pk for t in moved]).update(
            requester=target,
            organization_id=target.organization_id,
            version=F("version") + 1,
            updated_at=clock.now(),
        )
        Message.objects.filter(author_contact=source).update(author_contact=target)
        events.record_many(
            moved,
            EventKind.REQUESTER_CHANGED,
            actor,
            before=source.pk,
            after=target.pk,
            name=str(target),
            reason="contact_merge",
        )
    for ticket in moved:
        realtime.ticket_changed(ticket.pk)
    return target


# --- helpers -----------------------------------------------------------------------------------


def _locked(ticket: Ticket, expected_version: int | None) -> Ticket:
    """The ticket's row, locked for this transaction; ``StaleVersion`` if it moved on."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(locked)
    return locked


@contextmanager
def _changing(ticket: Ticket, expected_version: int | None, actor: Actor) -> Iterator[Ticket]:
    """Lock the ticket, refuse a stale version, and save + bump the version on success."""
    with transaction.atomic():
        locked = _locked(ticket, expected_version)
        yield locked
        _saved(locked, actor)


def _bump(ticket_id: int) -> None:
    """A new version for a change recorded without loading the ticket (a delivery failure,
    a follow-up note on a closed ticket), pushed to agents after commit."""
    Ticket.objects.filter(pk=ticket_id).update(version=F("version") + 1, updated_at=clock.now())
    transaction.on_commit(lambda: realtime.ticket_changed(ticket_id))


def _saved(ticket: Ticket, actor: Actor, *, written: bool = False) -> None:
    """Save a changed ticket as a new version and let the observers (SLA clocks, routing,
    triggers) react to it; ``written``: the change inserted the ticket as this version already
    (a ticket a received message opened), so only the observers are left."""
    if not written:
        ticket.version += 1
        ticket.updated_at = clock.now()
        rows.update(ticket)
    ticket_id = ticket.pk
    transaction.on_commit(lambda: realtime.ticket_changed(ticket_id))
    hooks.notify(hooks.Change(ticket, actor, events.take_unsaved(ticket)))


def _sync(original: Ticket, locked: Ticket) -> None:
    """Let the caller's instance see the saved state without another query."""
    if original is not locked:
        original.__dict__.update(
            {k: v for k, v in locked.__dict__.items() if not k.startswith("_")}
        )
        original._state = locked._state


def _ensure_may_write(actor: Actor, *, internal: bool) -> None:
    agent = actor.agent
    if agent is None:
        return
    if not agent.is_active:
        raise PermissionDenied(_("This account is deactivated"))
    if not internal and not agent.can_reply:
        raise PermissionDenied(_("Light agents can only add internal notes"))


def _ensure_may_edit(actor: Actor) -> None:
    agent = actor.agent
    if agent is not None and not agent.can_reply:
        raise PermissionDenied(_("Light agents cannot change tickets"))
