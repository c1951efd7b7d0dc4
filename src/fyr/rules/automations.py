"""The automation sweep: every minute, each active automation over the tickets not yet closed.

Scale (100k open tickets): each automation's conditions become one SQL filter where they can
(field comparisons, tags, time conditions as timestamp bounds); only what SQL cannot decide
exactly (business hours, text compared with Unicode case folding, custom fields) is checked in
Python, and only on the SQL candidates, fetched in keyset batches. Business-hour conditions are
narrowed in SQL with calendar time first: open time never exceeds elapsed time, so "at least N
business hours since" implies "at least N hours since".

Once per ticket: an ``AutomationRun`` row is written in the firing's transaction (its unique key
also stops two workers firing twice). While it exists the automation skips the ticket; each
sweep deletes the rows of tickets that no longer pass the SQL filter, so a ticket that stops
matching and matches again later (pending a second time) gets the automation again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from fyr.rules import actions
from fyr.rules import conditions as c
from fyr.rules.models import AutomationRun
from fyr.rules.services import ActiveRule, active_automations
from fyr.tickets.choices import EventKind, Status
from fyr.tickets.models import Ticket, TicketEvent, TicketTag

log = logging.getLogger(__name__)

BATCH = 500
#: Firings per automation per sweep: a new rule matching 100k tickets works through them over
#: a few minutes instead of holding the worker for one long sweep.
MAX_FIRINGS = 2000

STATUS_CHANGED_AT = "rules_status_changed_at"

_TIME_COLUMNS = {
    "time.created": "created_at",
    "time.updated": "updated_at",
    "time.status_changed": STATUS_CHANGED_AT,
    "time.customer_message": "last_customer_message_at",
    "time.agent_message": "last_agent_message_at",
    "time.sla_due": "sla_due_at",
}

_TICKET_COLUMNS = {
    "ticket.status": "status",
    "ticket.priority": "priority",
    "ticket.type": "type",
    "ticket.channel": "channel",
    "ticket.team": "team_id",
    "ticket.assignee": "assignee_id",
    "ticket.tier": "tier",
    "ticket.subject": "subject",
    "organization.id": "organization_id",
    "organization.vip": "organization__vip",
    "organization.support_plan": "organization__support_plan",
    "contact.vip": "requester__vip",
    "contact.language": "requester__language",
}


def run_automations(now: datetime) -> dict[str, int]:
    """The periodic job: fire every active automation on the tickets it matches."""
    fired = {}
    for automation in active_automations():
        try:
            fired[automation.name] = run_one(automation, now)
        except Exception:
            log.exception("automation %s (%s) failed", automation.id, automation.name)
    return fired


def run_one(automation: ActiveRule, now: datetime) -> int:
    sql, leftover = split(automation.conditions, now)
    matching = _base(automation.conditions).filter(sql)
    # Re-arm: tickets that no longer pass the filter may get this automation again later.
    AutomationRun.objects.filter(automation_id=automation.id).exclude(
        ticket_id__in=matching.values("pk")
    ).delete()
    fresh = matching.exclude(
        Exists(AutomationRun.objects.filter(automation_id=automation.id, ticket=OuterRef("pk")))
    )
    fresh, light = _for_checking(fresh, leftover)
    count = 0
    last = 0
    while count < MAX_FIRINGS:
        batch = list(fresh.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            break
        last = batch[-1].pk
        for ticket in batch:
            if leftover and not c.matches(leftover, SweepFacts(ticket, now), now):
                continue
            if fire(automation, Ticket.objects.get(pk=ticket.pk) if light else ticket):
                count += 1
                if count >= MAX_FIRINGS:
                    break
    return count


def fire(automation: ActiveRule, ticket: Ticket) -> bool:
    """Record the run and carry out the actions; ``False`` if another worker fired it first.

    Actions that cannot be carried out now (a deactivated agent) are logged and rolled back, but
    the run stays recorded so the automation does not retry the ticket every minute."""
    try:
        with transaction.atomic():
            AutomationRun.objects.create(automation_id=automation.id, ticket=ticket)
            actions.run_logged("automation", automation, ticket, event="automation")
    except IntegrityError:
        return False
    return True


def _base(conditions: Mapping[str, Any]) -> QuerySet[Ticket]:
    tickets = Ticket.objects.exclude(status=Status.CLOSED)
    if any(cond["field"] == "time.status_changed" for cond in c.conditions_of(conditions)):
        changed = (
            TicketEvent.objects.filter(
                ticket=OuterRef("pk"),
                kind__in=[EventKind.STATUS_CHANGED, EventKind.REOPENED],
            )
            .order_by()
            .values("ticket")
            .annotate(at=Max("created_at"))
            .values("at")
        )
        tickets = tickets.annotate(**{STATUS_CHANGED_AT: Coalesce(Subquery(changed), "created_at")})
    return tickets


def _for_checking(
    tickets: QuerySet[Ticket], leftover: Mapping[str, Any]
) -> tuple[QuerySet[Ticket], bool]:
    """The candidates with what the Python-side conditions read and no more (no query per
    ticket; thousands of candidates a business-hours check turns down cost little), and
    whether they are partial rows (the few that fire are then loaded whole)."""
    needed = c.sources(leftover) if leftover else set()
    if needed <= {"ticket", "time"}:
        columns = {"id", "team_id"}
        for condition in c.conditions_of(leftover):
            columns.add(_column_of(condition["field"]))
        return tickets.only(*(col for col in columns if col != STATUS_CHANGED_AT)), True
    if "contact" in needed:
        tickets = tickets.select_related("requester").prefetch_related("requester__identities")
    if "organization" in needed:
        tickets = tickets.select_related("organization")
    if "tags" in needed:
        tickets = tickets.prefetch_related("tags")
    return tickets, False


def _column_of(name: str) -> str:
    if name in _TIME_COLUMNS:
        return _TIME_COLUMNS[name]
    if name.startswith(c.CUSTOM_PREFIX):
        return "custom_fields"
    if name == "ticket.sla_due":
        return "sla_due_at"
    return _TICKET_COLUMNS.get(name, "id")


# --- conditions as SQL -------------------------------------------------------------------------


def split(conditions: Mapping[str, Any], now: datetime) -> tuple[Q, dict[str, list[Any]]]:
    """The SQL filter for ``conditions`` and what is left to check in Python (empty if none).

    The filter is exact for what it fully decides and a superset (a narrowing) for the rest.
    """
    sql = Q()
    leftover: dict[str, list[Any]] = {"all": [], "any": []}
    for condition in conditions.get("all", []):
        q, exact = to_sql(condition, now)
        if q is not None:
            sql &= q
        if not exact:
            leftover["all"].append(condition)
    alternatives = conditions.get("any", [])
    if alternatives:
        parts = [to_sql(condition, now) for condition in alternatives]
        if all(q is not None for q, _exact in parts):
            either = Q()
            for q, _exact in parts:
                either |= q  # type: ignore[operator]
            sql &= either
        if not all(exact for _q, exact in parts):
            leftover["any"] = list(alternatives)
    return sql, (leftover if leftover["all"] or leftover["any"] else {})


def to_sql(condition: Mapping[str, Any], now: datetime) -> tuple[Q | None, bool]:
    """``(Q or None, exact)``: the filter for one condition, ``None`` when SQL cannot narrow it,
    and whether the filter decides it fully."""
    name, operator = condition["field"], condition["operator"]
    value: Any = condition.get("value")
    if name in _TIME_COLUMNS:
        return _time(name, operator, value, bool(condition.get("business")), now)
    if name == "ticket.tags":
        has = Exists(TicketTag.objects.filter(ticket=OuterRef("pk"), tag__name=value))
        return (Q(has) if operator == c.CONTAINS else ~Q(has)), True
    if name == "ticket.sla_due":
        if operator == c.IS_SET:
            return Q(sla_due_at__isnull=False), True
        if operator == c.NOT_SET:
            return Q(sla_due_at__isnull=True), True
        return Q(sla_due_at__lte=now + timedelta(hours=value)), True
    column = _TICKET_COLUMNS.get(name)
    if column is None:
        return None, False  # custom fields, contact email and domain: checked in Python
    spec = c.field_spec(name)
    assert spec is not None
    if spec.kind == c.TEXT:
        return _text(column, operator, value), False  # re-checked with Unicode case folding
    return _plain(column, operator, value), True


def _plain(column: str, operator: str, value: Any) -> Q:
    if operator == c.IS_SET:
        return Q(**{f"{column}__isnull": False})
    if operator == c.NOT_SET:
        return Q(**{f"{column}__isnull": True})
    if operator in (c.IN, c.NOT_IN):
        values = [v for v in value if v is not None]
        q = Q(**{f"{column}__in": values})
        if None in value:
            q |= Q(**{f"{column}__isnull": True})
        return q if operator == c.IN else ~q
    if operator == c.GTE:
        return Q(**{f"{column}__gte": value})
    if operator == c.LTE:
        return Q(**{f"{column}__lte": value})
    q = Q(**{f"{column}__isnull": True}) if value is None else Q(**{column: value})
    return q if operator == c.IS else ~q


def _text(column: str, operator: str, value: Any) -> Q | None:
    if operator == c.IS_SET:
        return ~Q(**{column: ""}) & Q(**{f"{column}__isnull": False})
    if operator == c.NOT_SET:
        return Q(**{column: ""}) | Q(**{f"{column}__isnull": True})
    if operator == c.CONTAINS:
        return Q(**{f"{column}__icontains": value})
    if operator == c.IS:
        return Q(**{f"{column}__iexact": value})
    return None  # negations: SQL's case rules may differ from Python's; no narrowing


def _time(name: str, operator: str, value: Any, business: bool, now: datetime) -> tuple[Q, bool]:
    column = _TIME_COLUMNS[name]
    if name == "time.sla_due":  # hours until the deadline
        bound = now + timedelta(hours=value)
        lookup = "lte" if operator == c.LTE else "gte"
        return Q(**{f"{column}__{lookup}": bound}), True
    bound = now - timedelta(hours=value)
    if operator == c.GTE:  # at least N hours ago: at or before the bound
        return Q(**{f"{column}__lte": bound}), not business
    if business:  # at most N business hours: calendar time cannot narrow it
        return Q(**{f"{column}__isnull": False}), False
    return Q(**{f"{column}__gte": bound}), True


class SweepFacts(c.Facts):
    """A candidate ticket's facts for the Python-side conditions, time fields included."""

    def __init__(self, ticket: Ticket, now: datetime) -> None:
        super().__init__(ticket)
        self.now = now

    def tags(self) -> set[str]:
        return {tag.name for tag in self.ticket.tags.all()}

    def hours_since(self, name: str, business: bool) -> float | None:
        at = getattr(self.ticket, _TIME_COLUMNS[name], None)
        if at is None:
            return None
        if name == "time.sla_due":
            return (at - self.now).total_seconds() / 3600
        if not business:
            return (self.now - at).total_seconds() / 3600
        from fyr.calendars.hours import schedule_for_team

        open_time = schedule_for_team(self.ticket.team_id).between(at, self.now)
        return open_time.total_seconds() / 3600
