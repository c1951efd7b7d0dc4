"""Template filters for SLA deadlines: durations and countdowns agents read at a glance."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fyr.core import clock
from fyr.sla.models import SlaClock
from fyr.sla.queries import ticket_clocks
from fyr.tickets.models import Ticket

register = template.Library()


def duration_text(minutes: int) -> str:
    """ "2 d 3 h", "1 h 5 min", "45 min": the two largest units, for targets and countdowns."""
    minutes = max(0, int(minutes))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)s d") % {"n": days})
    if hours:
        parts.append(_("%(n)s h") % {"n": hours})
    if mins and not days:
        parts.append(_("%(n)s min") % {"n": mins})
    return " ".join(parts[:2]) or _("%(n)s min") % {"n": 0}


@register.filter
def sla_minutes(minutes: int) -> str:
    return duration_text(minutes)


@register.filter
def sla_countdown(due: datetime | None) -> SafeString | str:
    """ "in 1 h 20 min", or "12 min overdue" in the alarm style; the exact time as a tooltip."""
    if due is None:
        return ""
    left = due - clock.now()
    minutes = int(abs(left) // timedelta(minutes=1))
    iso = due.isoformat()
    if left < timedelta(0):
        text = _("%(time)s overdue") % {"time": duration_text(minutes)}
        return format_html('<time class="sla sla-overdue" datetime="{}">{}</time>', iso, text)
    css = "sla sla-soon" if left <= timedelta(hours=1) else "sla"
    text = _("in %(time)s") % {"time": duration_text(minutes)}
    return format_html('<time class="{}" datetime="{}">{}</time>', css, iso, text)


@register.simple_tag
def sla_clocks(ticket: Ticket) -> list[SlaClock]:
    """The ticket's SLA targets to show (one query; prefetched ones are used as they are)."""
    return ticket_clocks(ticket)
