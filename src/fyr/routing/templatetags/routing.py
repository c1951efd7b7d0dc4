"""Template helpers for routing's partials, which pages of other apps include."""

from __future__ import annotations

from django import template

from fyr.routing.forms import TierForm
from fyr.tickets.models import Ticket

register = template.Library()


@register.simple_tag
def tier_form(ticket: Ticket, form: TierForm | None = None) -> TierForm:
    """The escalate / de-escalate form: the one posted back with its errors, or a new one
    proposing the next tier up (or down from the top)."""
    if isinstance(form, TierForm):
        return form
    return TierForm(initial={"tier": ticket.tier + 1 if ticket.tier < 3 else 2})
