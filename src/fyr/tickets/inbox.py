"""The desk inbox's reads: built-in views, their counts, filters, sorts and one keyset page.

Everything starts from ``visible_tickets(user)`` so a view can never show more than the agent may
see. Counts are one SQL aggregate for all views; a page is one query plus one tag prefetch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from fyr.core.pagination import Page, paginate
from fyr.customers.choices import IdentityKind
from fyr.customers.models import ContactIdentity
from fyr.tickets.choices import UNSOLVED, EventKind, Status
from fyr.tickets.models import Attachment, Message, Tag, Ticket, TicketEvent
from fyr.tickets.queries import visible_tickets

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from fyr.accounts.models import User

PAGE_SIZE = 50


@dataclass(frozen=True)
class InboxView:
    key: str
    label: StrOrPromise


VIEWS: tuple[InboxView, ...] = (
    InboxView("mine", _("My tickets")),
    InboxView("unassigned", _("Unassigned")),
    InboxView("open", _("Open")),
    InboxView("pending", _("Pending")),
    InboxView("solved", _("Solved")),
    InboxView("all", _("All tickets")),
)
VIEW_KEYS = tuple(v.key for v in VIEWS)
DEFAULT_VIEW = "mine"

#: Sort keys and their keyset orderings; each ends in the unique ``id``.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "updated": ("-updated_at", "-id"),
    "created": ("-created_at", "-id"),
    "priority": ("-priority_rank", "-updated_at", "-id"),
}
SORT_LABELS = {
    "updated": _("Last updated"),
    "created": _("Created"),
    "priority": _("Priority"),
}


def view_condition(user: User, view: str) -> Q:
    """The filter that defines a built-in view, on top of what ``user`` may see."""
    if view == "mine":
        return Q(assignee=user, status__in=UNSOLVED)
    if view == "unassigned":
        team_ids = user.team_ids
        return Q(assignee__isnull=True, status__in=UNSOLVED) & (
            Q(team_id__in=team_ids) | Q(team__isnull=True)
        )
    if view == "open":
        return Q(status__in=(Status.NEW, Status.OPEN))
    if view == "pending":
        return Q(status__in=(Status.PENDING, Status.ON_HOLD))
    if view == "solved":
        return Q(status__in=(Status.SOLVED, Status.CLOSED))
    if view == "all":
        return Q()
    raise ValueError(f"unknown inbox view {view!r}")


#: Views whose size is counted in the sidebar. Counting "solved" and "all" would read every
#: ticket ever handled on each page view; the unsolved views are read through the status index.
COUNTED_VIEWS = ("mine", "unassigned", "open", "pending")


def view_counts(user: User) -> dict[str, int | None]:
    """How many tickets each unsolved view holds, as one SQL aggregate; ``None`` for the rest."""
    aggregates = {key: Count("id", filter=view_condition(user, key)) for key in COUNTED_VIEWS}
    counts: dict[str, int | None] = dict.fromkeys(VIEW_KEYS)
    counts.update(visible_tickets(user).filter(status__in=UNSOLVED).aggregate(**aggregates))
    return counts


@dataclass(frozen=True)
class InboxFilters:
    """Optional narrowing of a view; empty strings mean "any"."""

    status: str = ""
    priority: str = ""
    team: str = ""  # a team id or "none"
    assignee: str = ""  # an agent id, "me" or "none"
    tag: str = ""
    channel: str = ""

    @property
    def active(self) -> bool:
        return any((self.status, self.priority, self.team, self.assignee, self.tag, self.channel))


def apply_filters(tickets: QuerySet[Ticket], filters: InboxFilters, user: User) -> QuerySet[Ticket]:
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.team == "none":
        tickets = tickets.filter(team__isnull=True)
    elif filters.team:
        tickets = tickets.filter(team_id=int(filters.team))
    if filters.assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif filters.assignee == "me":
        tickets = tickets.filter(assignee=user)
    elif filters.assignee:
        tickets = tickets.filter(assignee_id=int(filters.assignee))
    if filters.tag:
        tickets = tickets.filter(ticket_tags__tag__name=filters.tag)
    if filters.channel:
        tickets = tickets.filter(channel=filters.channel)
    return tickets


#: What an inbox row shows; loading only these keeps a 50-row page cheap to build.
INBOX_COLUMNS = (
    "id",
    "number",
    "subject",
    "status",
    "priority",
    "priority_rank",
    "channel",
    "updated_at",
    "created_at",
    "requester__id",
    "requester__name",
    "organization__id",
    "organization__name",
    "assignee__id",
    "assignee__name",
    "team__id",
    "team__name",
)


def inbox_page(
    user: User,
    *,
    view: str,
    filters: InboxFilters,
    sort: str = "updated",
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> Page[Ticket]:
    """One page of a view: tickets with requester, organization, assignee, team and tags."""
    tickets = visible_tickets(user).filter(view_condition(user, view))
    tickets = apply_filters(tickets, filters, user)
    first_email = ContactIdentity.objects.filter(
        contact=OuterRef("requester_id"), kind=IdentityKind.EMAIL
    ).order_by("created_at", "id")
    tickets = (
        tickets.select_related("requester", "organization", "assignee", "team")
        .only(*INBOX_COLUMNS)
        .annotate(requester_email=Subquery(first_email.values("value")[:1]))
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    )
    return paginate(tickets, ordering=ORDERINGS[sort], cursor=cursor, limit=limit)


def requester_tickets(user: User, ticket: Ticket, *, limit: int = 10) -> list[Ticket]:
    """The requester's other tickets the agent may see, most recent first (the customer panel)."""
    return list(
        visible_tickets(user)
        .filter(requester_id=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One item of a ticket's timeline: a message (with attachments) or a compact event."""

    at: datetime
    message: Message | None = None
    event: TicketEvent | None = None
    files: tuple[Attachment, ...] = ()


#: Events already visible as their message in the timeline.
MESSAGE_EVENTS = (EventKind.MESSAGE_RECEIVED, EventKind.REPLY_SENT, EventKind.NOTE_ADDED)


def timeline(ticket: Ticket) -> list[TimelineEntry]:
    """Messages (with their files) and events interleaved by time, in three queries.

    Files are grouped by hand rather than with ``prefetch_related``: Django's prefetch builds a
    queryset per message, which cost more than the rest of a long ticket's timeline.
    """
    files: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in Attachment.objects.filter(message__ticket=ticket).select_related("file"):
        files[attachment.message_id].append(attachment)
    messages = ticket.messages.select_related("author_agent", "author_contact").order_by(
        "created_at", "id"
    )
    entries = [
        TimelineEntry(at=m.created_at, message=m, files=tuple(files.get(m.pk, ())))
        for m in messages
    ]
    changes = (
        ticket.events.exclude(kind__in=MESSAGE_EVENTS)
        .select_related("actor_agent", "actor_contact")
        .order_by("created_at", "id")
    )
    entries.extend(TimelineEntry(at=e.created_at, event=e) for e in changes)
    entries.sort(key=lambda entry: (entry.at, 0 if entry.event is not None else 1))
    return entries


def changes_since(
    ticket: Ticket, since: datetime | None, *, exclude_agent: User
) -> list[TicketEvent]:
    """What others changed on ``ticket`` after ``since`` (shown when an edit was stale)."""
    events = ticket.events.exclude(kind__in=MESSAGE_EVENTS).select_related(
        "actor_agent", "actor_contact"
    )
    if since is not None:
        events = events.filter(created_at__gt=since)
    return list(events.exclude(actor_agent=exclude_agent).order_by("-created_at", "-id")[:10])
