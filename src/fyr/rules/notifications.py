"""Mails a rule sends to agents ("unassigned for an hour: tell the team lead").

The recipients and the text are settled when the rule fires (inside its transaction, from the
ticket as the rule saw it); the mail itself leaves from a task after commit, plain text from
``DEFAULT_FROM_EMAIL``, and the ticket records ``NOTIFICATION_SENT`` once it went out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fyr.rules.choices import Recipients

if TYPE_CHECKING:
    from fyr.tickets.models import Ticket


def recipients(ticket: Ticket, to: str, team_id: int | None = None) -> list[str]:
    """Email addresses of the active agents ``to`` names for ``ticket`` (may be none); a team
    means ``team_id``'s when given, else the ticket's."""
    from fyr.accounts.models import TeamMembership, User

    if to == Recipients.ASSIGNEE:
        if ticket.assignee_id is None:
            return []
        users = User.objects.filter(pk=ticket.assignee_id)
    else:
        team_id = team_id if team_id is not None else ticket.team_id
        if team_id is None:
            return []
        members = TeamMembership.objects.filter(team_id=team_id)
        if to == Recipients.TEAM_LEADS:
            members = members.filter(is_lead=True)
        users = User.objects.filter(pk__in=members.values("user_id"))
    return sorted(users.filter(is_active=True).values_list("email", flat=True))


def prepare(ticket: Ticket, action: Mapping[str, Any]) -> dict[str, Any] | None:
    """The mail ``action`` asks for, rendered now; ``None`` when nobody is there to tell."""
    from fyr.macros import placeholders
    from fyr.tickets.services import one_line

    to = recipients(ticket, action["to"], action.get("team"))
    if not to:
        return None
    return {
        "to": to,
        "subject": one_line(placeholders.render(action["subject"], ticket=ticket), 300),
        "body": placeholders.render(action["body"], ticket=ticket),
    }


def enqueue(ticket_id: int, mail: Mapping[str, Any], rule: Mapping[str, Any]) -> None:
    from fyr.tickets.tasks import notify_agents

    notify_agents.enqueue(ticket_id, dict(mail), dict(rule))
