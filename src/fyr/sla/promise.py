"""What customers are told about the first answer: "we answer within 4 hours (in our opening
hours)", from the first-response target that runs on their ticket."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fyr.calendars.display import InLanguage
from fyr.sla.choices import ClockState, Metric
from fyr.sla.models import SlaClock

if TYPE_CHECKING:
    from fyr.tickets.models import Ticket


def duration_words(minutes: int) -> str:
    """ "2 days", "4 hours", "1 hour 30 minutes", "45 minutes" in the active language."""
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    if rest:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", rest) % {"n": rest})
    return " ".join(parts)


def promise_context(ticket: Ticket) -> dict[str, object]:
    """``answer_within`` for a notification about ``ticket``; empty without a running
    first-response target (then nothing is promised)."""
    clock = (
        SlaClock.objects.filter(
            ticket=ticket, metric=Metric.FIRST_RESPONSE, state=ClockState.RUNNING
        )
        .only("target_minutes", "business_hours")
        .first()
    )
    if clock is None:
        return {}
    minutes, business = clock.target_minutes, clock.business_hours

    def text() -> str:
        words = duration_words(minutes)
        return _("%(time)s (counted in our opening hours)") % {"time": words} if business else words

    return {"answer_within": InLanguage(text)}
