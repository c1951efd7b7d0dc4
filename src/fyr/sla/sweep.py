"""The minute's SLA sweep: warnings and breaches as their times come, and the policies' escalations.

Only clocks that cross a line since the last sweep are read, through two small partial indexes
(running clocks not yet warned, by warning time; running clocks not yet breached, by deadline),
so the sweep costs the same with 100 or 100,000 open tickets; the crossings are written in bulk,
a batch at a time. Escalation actions (raise the priority, move the ticket) are ticket changes
like any other and go through ``fyr.tickets.services`` one ticket at a time, only for policies
that have them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from fyr.core import clock
from fyr.sla import escalation
from fyr.sla.choices import ClockState
from fyr.sla.models import SlaClock
from fyr.sla.policies import active_policies
from fyr.tickets import events, realtime
from fyr.tickets.choices import EventKind
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket

BATCH = 1000


@dataclass
class SweepResult:
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0
    tickets: set[int] = field(default_factory=set)


def sweep(now: datetime | None = None) -> SweepResult:
    """Record every warning and breach due by ``now`` (the periodic job's entry)."""
    now = now or clock.now()
    result = SweepResult()
    for kind in (EventKind.SLA_WARNING, EventKind.SLA_BREACHED):
        while True:
            with transaction.atomic():
                done = _one_batch(kind, now, result)
            if done < BATCH:
                break
    return result


def _due(kind: EventKind, now: datetime) -> Q:
    if kind == EventKind.SLA_WARNING:
        # A clock whose warning and deadline both passed unseen is recorded as breached only.
        return Q(state=ClockState.RUNNING, warned_at__isnull=True, warn_at__lte=now) & Q(
            due_at__gt=now
        )
    return Q(state=ClockState.RUNNING, breached_at__isnull=True, due_at__lte=now)


def _one_batch(kind: EventKind, now: datetime, result: SweepResult) -> int:
    query = (
        SlaClock.objects.select_for_update(skip_locked=True)
        .filter(_due(kind, now))
        .order_by("due_at" if kind == EventKind.SLA_BREACHED else "warn_at")
        .values("id", "ticket_id", "policy_id", "metric", "due_at")
    )
    rows: list[dict[str, Any]] = [dict(row) for row in query[:BATCH]]
    if not rows:
        return 0
    ids = [row["id"] for row in rows]
    if kind == EventKind.SLA_WARNING:
        SlaClock.objects.filter(pk__in=ids).update(warned_at=now)
    else:
        SlaClock.objects.filter(pk__in=ids).update(breached_at=F("due_at"))
    names = {policy.id: policy.name for policy in active_policies()}
    by_policy: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_policy[row["policy_id"]].append(row)
    for policy_id, crossing in by_policy.items():
        actor = Actor.of_rule("sla", policy_id, names.get(policy_id or 0, "SLA"))
        events.record_each(
            kind,
            actor,
            (
                (row["ticket_id"], {"metric": row["metric"], "due": row["due_at"].isoformat()})
                for row in crossing
            ),
        )
    ticket_ids = sorted({row["ticket_id"] for row in rows})
    # The timeline shows the new events: a new version (agents' pages refresh), not "updated".
    Ticket.objects.filter(pk__in=ticket_ids).update(version=F("version") + 1)
    transaction.on_commit(lambda: _push(ticket_ids))
    if kind == EventKind.SLA_WARNING:
        result.warnings += len(rows)
    else:
        result.breaches += len(rows)
    result.tickets.update(ticket_ids)
    result.escalations += escalation.run(kind, rows)
    return len(rows)


def _push(ticket_ids: list[int]) -> None:
    for ticket_id in ticket_ids:
        realtime.ticket_changed(ticket_id)
