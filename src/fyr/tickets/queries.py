"""Permission-scoped querysets: what a given agent may see. Every read path starts here."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from fyr.accounts.models import User
from fyr.customers.models import Contact, Organization
from fyr.tickets.models import Message, Ticket


def visible_tickets(user: User) -> QuerySet[Ticket]:
    """Admins see every ticket; agents and light agents see their teams' tickets, tickets
    assigned to them, and tickets not yet given to any team (the shared triage queue)."""
    tickets = Ticket.objects.all()
    if not user.is_active:
        return tickets.none()
    if user.is_admin:
        return tickets
    team_ids = user.team_ids
    return tickets.filter(Q(team_id__in=team_ids) | Q(assignee=user) | Q(team__isnull=True))


def get_ticket_for(user: User, pk: int) -> Ticket:
    """The ticket if ``user`` may see it, else 404 (a hidden ticket is indistinguishable)."""
    ticket = (
        visible_tickets(user)
        .select_related("requester", "organization", "assignee", "team")
        .filter(pk=pk)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def timeline_messages(ticket: Ticket) -> QuerySet[Message]:
    return (
        ticket.messages.select_related("author_agent", "author_contact")
        .prefetch_related("attachments__file")
        .order_by("created_at", "id")
    )


def visible_contacts(user: User) -> QuerySet[Contact]:
    """Every agent may look up customers: they need context to help whoever writes in."""
    if not user.is_active:
        return Contact.objects.none()
    return Contact.objects.filter(merged_into__isnull=True)


def visible_organizations(user: User) -> QuerySet[Organization]:
    if not user.is_active:
        return Organization.objects.none()
    return Organization.objects.all()
