"""Reads for the desk's review of bot answers (agents only; customers never list turns)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from fyr.bot import conf
from fyr.bot.models import BotTurn

#: The review page's filters.
ALL, LOW_CONFIDENCE, HANDED_OVER, UNREVIEWED, BAD = "", "low", "handover", "unreviewed", "bad"
SHOWS = (ALL, LOW_CONFIDENCE, HANDED_OVER, UNREVIEWED, BAD)
NEWEST_FIRST = ("-created_at", "-id")


def turns(
    *, show: str = ALL, since: date | None = None, until: date | None = None
) -> QuerySet[BotTurn]:
    """Bot answers, newest first, filtered: ``since``/``until`` are local days, inclusive."""
    rows = BotTurn.objects.select_related("conversation", "conversation__ticket", "reviewed_by")
    if show == LOW_CONFIDENCE:
        rows = rows.filter(confidence__lt=conf.min_confidence())
    elif show == HANDED_OVER:
        rows = rows.filter(handover=True)
    elif show == UNREVIEWED:
        rows = rows.filter(verdict="")
    elif show == BAD:
        rows = rows.filter(verdict="bad")
    zone = timezone.get_current_timezone()
    if since is not None:
        rows = rows.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        rows = rows.filter(created_at__lte=datetime.combine(until, time.max, tzinfo=zone))
    return rows
