"""``{% opening_hours_notice %}``: the portal tells customers when support is open."""

from __future__ import annotations

from typing import Any

from django import template

from fyr.calendars.display import opening_context

register = template.Library()


@register.inclusion_tag("calendars/partials/_opening_hours.html")
def opening_hours_notice(ticket_number: int | None = None) -> dict[str, Any]:
    """Opening hours of the team handling ``ticket_number`` (the default calendar before a
    ticket exists); nothing when no calendar is configured."""
    team_id = None
    if ticket_number:
        from fyr.tickets.models import Ticket

        team_id = (
            Ticket.objects.filter(number=ticket_number).values_list("team_id", flat=True).first()
        )
    return opening_context(team_id=team_id)
