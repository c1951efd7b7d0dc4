"""Ticket endpoints: list, open, read, change, converse, audit trail."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from ninja import Query, Router

from fyr.accounts.models import Team, User
from fyr.core.api import (
    actor,
    agent,
    errors_on,
    expected_version,
    get_for_field,
    page_of,
    require_full_agent,
)
from fyr.core.schemas import Id, PageParams
from fyr.core.typing import ApiRequest
from fyr.customers import services as customers
from fyr.customers.models import Contact
from fyr.sla.queries import with_clocks
from fyr.tickets import services
from fyr.tickets.choices import Channel
from fyr.tickets.models import Message, Ticket
from fyr.tickets.queries import get_ticket_for, timeline_messages, visible_contacts, visible_tickets
from fyr.tickets.schemas import (
    EventPage,
    MessageIn,
    MessageOut,
    MessagePage,
    TicketFilters,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatch,
    TicketSort,
)

router = Router(tags=["tickets"])

SORTS: dict[TicketSort, tuple[str, ...]] = {
    TicketSort.UPDATED_DESC: ("-updated_at", "-id"),
    TicketSort.UPDATED: ("updated_at", "id"),
    TicketSort.CREATED_DESC: ("-created_at", "-id"),
    TicketSort.CREATED: ("created_at", "id"),
    TicketSort.PRIORITY_DESC: ("-priority_rank", "-updated_at", "-id"),
    TicketSort.SLA_DUE: ("sla_due_at", "id"),
}
OLDEST_FIRST = ("created_at", "id")
OPEN_FIELDS = {
    "subject",
    "body",
    "body_html",
    "internal",
    "priority",
    "type",
    "tags",
    "custom_fields",
}


@router.get("/tickets", response=TicketPage)
def list_tickets(request: ApiRequest, filters: Query[TicketFilters]) -> dict[str, Any]:
    """Tickets you may see, newest change first unless `sort` says otherwise."""
    tickets = _filtered(visible_tickets(agent(request)), filters, agent(request))
    tickets = with_clocks(
        tickets.select_related("requester").prefetch_related("tags", "requester__identities")
    )
    return page_of(
        tickets, ordering=SORTS[filters.sort], cursor=filters.cursor, limit=filters.limit
    )


@router.post("/tickets", response={201: TicketOut})
def create_ticket(request: ApiRequest, payload: TicketIn) -> tuple[int, Ticket]:
    """Open a ticket; the first message is the requester's unless `author` is `agent`."""
    require_full_agent(request)
    fields = payload.model_dump(include=OPEN_FIELDS)
    with transaction.atomic():  # a requester created for a ticket that fails is rolled back
        ticket = services.open_ticket(
            actor=actor(request),
            requester=_requester(request, payload),
            channel=Channel.API,
            from_requester=payload.author == "requester",
            team=_team_for(payload.team_id),
            assignee=_agent_for(payload.assignee_id),
            **fields,
        )
    return 201, ticket


@router.get("/tickets/{ticket_id}", response=TicketOut)
def get_ticket(request: ApiRequest, ticket_id: Id) -> Ticket:
    return get_ticket_for(agent(request), ticket_id)


@router.patch("/tickets/{ticket_id}", response=TicketOut)
def update_ticket(request: ApiRequest, ticket_id: Id, payload: TicketPatch) -> Ticket:
    """Change only the fields sent. A stale `version` (or `If-Match`) answers 409."""
    ticket = get_ticket_for(agent(request), ticket_id)
    require_full_agent(request)
    sent = payload.model_dump(exclude_unset=True)
    version = expected_version(request, sent.pop("version", None))
    changes = _resolved(request, sent)
    if changes:
        services.change_ticket(
            ticket, actor=actor(request), changes=changes, expected_version=version
        )
    return ticket


@router.get("/tickets/{ticket_id}/messages", response=MessagePage)
def list_messages(request: ApiRequest, ticket_id: Id, page: Query[PageParams]) -> dict[str, Any]:
    """The conversation, oldest first, internal notes included, with attachment metadata."""
    ticket = get_ticket_for(agent(request), ticket_id)
    return page_of(
        timeline_messages(ticket), ordering=OLDEST_FIRST, cursor=page.cursor, limit=page.limit
    )


@router.post("/tickets/{ticket_id}/messages", response={201: MessageOut})
def add_message(request: ApiRequest, ticket_id: Id, payload: MessageIn) -> tuple[int, Message]:
    """A public reply to the customer, or an internal note with `internal: true`."""
    user = agent(request)
    ticket = get_ticket_for(user, ticket_id)
    version = expected_version(request, payload.version)
    if not payload.internal:
        message = services.reply(
            ticket,
            author=user,
            body=payload.body,
            body_html=payload.body_html,
            status=payload.status,
            expected_version=version,
        )
    else:
        message = services.add_note(
            ticket,
            author=user,
            body=payload.body,
            body_html=payload.body_html,
            status=payload.status,
            expected_version=version,
        )
    return 201, message


@router.get("/tickets/{ticket_id}/events", response=EventPage)
def list_events(request: ApiRequest, ticket_id: Id, page: Query[PageParams]) -> dict[str, Any]:
    """The ticket's audit trail, oldest first."""
    ticket = get_ticket_for(agent(request), ticket_id)
    return page_of(ticket.events.all(), ordering=OLDEST_FIRST, cursor=page.cursor, limit=page.limit)


# --- helpers -----------------------------------------------------------------------------------


def _filtered(tickets: QuerySet[Ticket], filters: TicketFilters, user: User) -> QuerySet[Ticket]:
    if filters.status:
        tickets = tickets.filter(status__in=filters.status)
    if filters.priority is not None:
        tickets = tickets.filter(priority=filters.priority)
    if filters.team is not None:
        tickets = tickets.filter(team_id=filters.team)
    if filters.assignee == "me":
        tickets = tickets.filter(assignee=user)
    elif filters.assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif filters.assignee is not None:
        tickets = tickets.filter(assignee_id=int(filters.assignee))
    if filters.requester is not None:
        tickets = tickets.filter(requester_id=filters.requester)
    if filters.tag:
        tickets = tickets.filter(ticket_tags__tag__name=services.normalize_tag(filters.tag))
    if filters.updated_since is not None:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        # In UTC: a far-off offset (-19:40 is valid ISO 8601) is beyond what PostgreSQL accepts.
        tickets = tickets.filter(updated_at__gte=since.astimezone(UTC))
    return tickets


def _requester(request: ApiRequest, payload: TicketIn) -> Contact:
    if payload.requester_id is not None:
        return get_for_field(visible_contacts(agent(request)), payload.requester_id, "requester_id")
    assert payload.requester is not None  # the schema requires one of the two
    with errors_on("requester"):
        return customers.identify(
            customers.Identity("email", payload.requester.email, payload.requester.name)
        )


def _agent_for(pk: int | None) -> User | None:
    if pk is None:
        return None
    return get_for_field(User.objects.filter(is_active=True), pk, "assignee_id")


def _team_for(pk: int | None) -> Team | None:
    return None if pk is None else get_for_field(Team.objects.all(), pk, "team_id")


def _resolved(request: ApiRequest, sent: dict[str, Any]) -> dict[str, Any]:
    """The patch with ids replaced by the objects ``change_ticket`` takes."""
    changes = dict(sent)
    if "assignee_id" in changes:
        changes["assignee"] = _agent_for(changes.pop("assignee_id"))
    if "team_id" in changes:
        changes["team"] = _team_for(changes.pop("team_id"))
    if "requester_id" in changes:
        contacts = visible_contacts(agent(request))
        changes["requester"] = get_for_field(contacts, changes.pop("requester_id"), "requester_id")
    return changes
