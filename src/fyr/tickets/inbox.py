"""The desk inbox's reads: built-in views, their counts, filters, sorts and one keyset page.

Everything starts from ``visible_tickets(user)`` so a view can never show more than the agent may
see. Counts are one SQL aggregate for all views; a page is one query plus one tag prefetch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.core.pagination import (
    Page,
    after_cursor,
    decode_cursor,
    next_cursor,
    order_keys,
    paginate,
)
from fyr.core.templatetags.desk import time_ago_formatter
from fyr.customers.choices import IdentityKind
from fyr.customers.models import ContactIdentity
from fyr.sla.templatetags.sla import sla_countdown
from fyr.tickets.choices import UNSOLVED, EventKind, Priority, Status
from fyr.tickets.models import Attachment, Message, Ticket, TicketEvent, TicketTag
from fyr.tickets.queries import timeline_messages, visible_tickets

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
    "sla": ("sla_due_at", "id"),  # nearest SLA deadline first; tickets without one last
}
SORT_LABELS = {
    "updated": _("Last updated"),
    "created": _("Created"),
    "priority": _("Priority"),
    "sla": _("SLA deadline"),
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


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One inbox row, ready to show. Read as plain values and labelled in one pass: building
    and rendering 50 model instances with four related objects each cost most of the page."""

    pk: int
    number: int
    subject: str
    status: str
    status_label: str
    priority: str
    priority_label: str
    channel: str
    requester: str  # the name, else the first email address
    organization: str  # "" when none
    assignee: str  # "—" when none
    team: str  # "—" when none
    created_at: datetime
    updated_at: datetime
    updated: str  # the "updated" cell's ``<time>`` (safe HTML)
    tags: tuple[str, ...]
    sla_due_at: datetime | None = None
    sla: str = ""  # the SLA countdown's ``<time>`` (safe HTML), "" without a running target

    def __getitem__(self, key: str) -> Any:
        # The template engine tries ``row[key]`` before ``row.key``: answer it at once rather
        # than through a TypeError for each of a page's few hundred lookups.
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    @property
    def number_text(self) -> str:
        """The number as text: rendering an int goes through number formatting each time."""
        return str(self.number)


#: What an inbox row reads; ``id`` and the sort fields are also the keyset's.
INBOX_VALUES = (
    "id",
    "number",
    "subject",
    "status",
    "priority",
    "priority_rank",
    "channel",
    "updated_at",
    "created_at",
    "sla_due_at",
    "requester_id",
    "requester__name",
    "organization__name",
    "assignee__name",
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
) -> Page[InboxRow]:
    """One page of a view: rows with requester, organization, assignee, team and tags, in two
    queries (the tickets with what they show, then their tag names; a third for the email of
    requesters without a name).

    The page's tickets are chosen in a subquery on the ticket table alone and only those are
    joined to their requester, organization, assignee and team: joining every ticket of the
    view before sorting read the whole contact table on each page view.
    """
    ordering = ORDERINGS[sort]
    tickets = visible_tickets(user).filter(view_condition(user, view))
    tickets = apply_filters(tickets, filters, user)
    keys = order_keys(Ticket, ordering)
    window = after_cursor(tickets, ordering=ordering, cursor=cursor).order_by(*keys)
    values = list(
        Ticket.objects.filter(pk__in=window[: limit + 1].values("pk"))
        .values(*INBOX_VALUES)
        .order_by(*keys)
    )
    return Page(
        items=inbox_rows(values[:limit]),
        next_cursor=next_cursor(values, ordering=ordering, limit=limit),
    )


def inbox_rows(values: list[dict[str, Any]]) -> list[InboxRow]:
    """Label the rows of ``inbox_page`` in one pass, with their tag names (one query) and, for
    requesters without a name, their first email address (one query, when there are any)."""
    tags: dict[int, list[str]] = defaultdict(list)
    if values:
        names = TicketTag.objects.filter(ticket_id__in=[v["id"] for v in values])
        for ticket_id, name in names.order_by("tag__name").values_list("ticket_id", "tag__name"):
            tags[ticket_id].append(name)
    emails: dict[int, str] = {}
    unnamed = {v["requester_id"] for v in values if not v["requester__name"]}
    if unnamed:
        identities = ContactIdentity.objects.filter(contact_id__in=unnamed, kind=IdentityKind.EMAIL)
        for contact_id, value in identities.order_by("-created_at", "-id").values_list(
            "contact_id", "value"
        ):
            emails[contact_id] = value  # the oldest is read last and stays
    status_labels = {value: str(label) for value, label in Status.choices}
    priority_labels = {value: str(label) for value, label in Priority.choices}
    time_ago = time_ago_formatter(timezone.now())
    return [
        InboxRow(
            pk=v["id"],
            number=v["number"],
            subject=v["subject"],
            status=v["status"],
            status_label=status_labels.get(v["status"], v["status"]),
            priority=v["priority"],
            priority_label=priority_labels.get(v["priority"], v["priority"]),
            channel=v["channel"],
            requester=v["requester__name"] or emails.get(v["requester_id"], ""),
            organization=v["organization__name"] or "",
            assignee=v["assignee__name"] or "—",
            team=v["team__name"] or "—",
            created_at=v["created_at"],
            updated_at=v["updated_at"],
            updated=time_ago(v["updated_at"]),
            tags=tuple(tags.get(v["id"], ())),
            sla_due_at=v["sla_due_at"],
            sla=sla_countdown(v["sla_due_at"]) if v["sla_due_at"] else "",
        )
        for v in values
    ]


def requester_tickets(user: User, ticket: Ticket, *, limit: int = 10) -> list[Ticket]:
    """The requester's other tickets the agent may see, most recent first (the customer panel)."""
    return list(
        visible_tickets(user)
        .filter(requester_id=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .only("id", "number", "subject", "status", "created_at")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One item of a ticket's timeline: a message (with attachments) or a compact event."""

    at: datetime
    message: Message | None = None
    event: TicketEvent | None = None
    files: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Timeline:
    """A window of a ticket's timeline, oldest first; ``earlier`` is the cursor of the messages
    before it (``None`` when it starts at the beginning of the conversation)."""

    entries: list[TimelineEntry]
    earlier: str | None = None


#: Events already visible as their message in the timeline.
MESSAGE_EVENTS = (EventKind.MESSAGE_RECEIVED, EventKind.REPLY_SENT, EventKind.NOTE_ADDED)

#: Messages a ticket page shows at once; earlier ones load on request ("Load earlier messages").
TIMELINE_PAGE = 40

#: Newest first: the keyset of the timeline's pages, walked backwards from the latest message.
NEWEST_FIRST = ("-created_at", "-id")


def timeline(
    ticket: Ticket, *, before: str | None = None, limit: int | None = TIMELINE_PAGE
) -> Timeline:
    """The latest ``limit`` messages before the cursor ``before`` (all with ``limit=None``), with
    their files and the events of the same stretch of time, interleaved by time: three queries.

    Raises ``InvalidCursor`` for a cursor that is not one. Files are grouped by hand rather than
    with ``prefetch_related``: Django's prefetch builds a queryset per message, which cost more
    than the rest of a long ticket's timeline.
    """
    messages = timeline_messages(ticket).prefetch_related(None)
    if limit is None:
        page = Page(items=list(messages.order_by(*NEWEST_FIRST)), next_cursor=None)
    else:
        page = paginate(messages, ordering=NEWEST_FIRST, cursor=before, limit=limit)
    shown = page.items[::-1]
    files: dict[int, list[Attachment]] = defaultdict(list)
    if shown:
        attachments = Attachment.objects.filter(message_id__in=[m.pk for m in shown])
        for attachment in attachments.select_related("file").order_by("id"):
            files[attachment.message_id].append(attachment)
    entries = [
        TimelineEntry(at=m.created_at, message=m, files=tuple(files.get(m.pk, ()))) for m in shown
    ]
    # The events between this window's first message and the next window's: each event shows
    # in exactly one window, and the first window (no cursor) shows every later event.
    changes = ticket.events.exclude(kind__in=MESSAGE_EVENTS)
    if page.next_cursor is not None:
        changes = changes.filter(created_at__gte=shown[0].created_at)
    if before is not None:
        changes = changes.filter(created_at__lt=decode_cursor(before, Message, NEWEST_FIRST)[0])
    changes = changes.select_related("actor_agent", "actor_contact").order_by("created_at", "id")
    entries.extend(TimelineEntry(at=e.created_at, event=e) for e in changes)
    entries.sort(key=lambda entry: (entry.at, 0 if entry.event is not None else 1))
    return Timeline(entries=entries, earlier=page.next_cursor)


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
