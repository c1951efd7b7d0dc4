"""A ticket's SLA clocks, kept in step with its events.

Registered as a ticket-change observer: after every saved change that can move a clock (a new
ticket, a customer message, a public reply, a status, priority, type, tag, team or requester
change) the ticket's clocks are brought up to date, inside the change's transaction.

The rules, in the glossary's terms:
- **first response** runs from the ticket's creation to the first public reply by an agent;
- **next reply** runs from a customer message that arrives after the first response to the
  next public reply (one clock per such wait);
- **resolution** runs from creation until the ticket is solved; reopening resumes it;
- every clock pauses while the ticket is pending or on hold, and stops when it is solved
  (a reply clock still running then counts as answered);
- a target counts business time on the calendar of the ticket's team (``fyr.calendars``), or
  calendar time;
- when the ticket's fields change so that another policy (or another target) applies, running
  clocks keep the time they used and get the new target: a priority raised mid-way makes the
  deadline nearer, as agreed with the customer; a policy that no longer covers the ticket
  cancels its clocks;
- a clock is met if it stopped before its deadline; breached otherwise (``fyr.sla.sweep``
  records the breach when the deadline passes, before anyone reacts).

``Ticket.sla_due_at`` holds the nearest deadline of the running clocks (for the inbox's sort and
countdown); it is not a version of the ticket, so it is written without a new version.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from fyr.calendars import hours
from fyr.core.clock import now as clock_now
from fyr.sla.choices import ClockState, Metric
from fyr.sla.models import SlaClock
from fyr.sla.policies import Policy, Target, active_policies, policy_for
from fyr.tickets.choices import EventKind, Status
from fyr.tickets.models import Ticket

if TYPE_CHECKING:
    from fyr.tickets.hooks import Change
    from fyr.tickets.models import TicketEvent

log = logging.getLogger(__name__)

#: Event kinds after which a ticket's clocks may have to move; any other change costs nothing.
RELEVANT = frozenset(
    {
        EventKind.CREATED,
        EventKind.MESSAGE_RECEIVED,
        EventKind.REPLY_SENT,
        EventKind.STATUS_CHANGED,
        EventKind.REOPENED,
        EventKind.PRIORITY_CHANGED,
        EventKind.TYPE_CHANGED,
        EventKind.TAGS_CHANGED,
        EventKind.TEAM_CHANGED,
        EventKind.REQUESTER_CHANGED,
        EventKind.MERGED_INTO,
    }
)

#: Changes after which the ticket may match another policy.
REMATCH = frozenset(
    {
        EventKind.CREATED,
        EventKind.PRIORITY_CHANGED,
        EventKind.TYPE_CHANGED,
        EventKind.TAGS_CHANGED,
        EventKind.REQUESTER_CHANGED,
        EventKind.TEAM_CHANGED,
    }
)

PAUSED_STATUSES = (Status.PENDING, Status.ON_HOLD)
DONE_STATUSES = (Status.SOLVED, Status.CLOSED)
OPEN_STATES = (ClockState.RUNNING, ClockState.PAUSED)


def on_change(change: Change) -> None:
    """The observer: bring the changed ticket's clocks up to date."""
    if not change.kinds & RELEVANT:
        return
    policies = active_policies()
    if not policies:
        # No policy, no clock: deactivating or deleting a policy cancels its clocks.
        return
    ticket = change.ticket
    # Read even for a new ticket: a trigger's change to it was observed (one level deeper)
    # before this, and may have started its clocks already.
    clocks = list(SlaClock.objects.filter(ticket=ticket))
    Clocks(ticket, clocks, policy_for(ticket, policies)).follow(change.events).save()


class Clocks:
    """One ticket's clocks while a change is applied to them; ``save`` writes what moved."""

    def __init__(self, ticket: Ticket, clocks: list[SlaClock], policy: Policy | None) -> None:
        self.ticket = ticket
        self.clocks = clocks
        self.policy = policy
        self.changed: dict[int, SlaClock] = {}
        self.new: list[SlaClock] = []
        self._schedules: dict[bool, hours.Schedule] = {}

    # --- reading -------------------------------------------------------------------------------

    def open(self, metric: str) -> list[SlaClock]:
        return [c for c in self._all() if c.metric == metric and c.state in OPEN_STATES]

    def _all(self) -> list[SlaClock]:
        return [*self.clocks, *self.new]

    def schedule(self, business_hours: bool) -> hours.Schedule:
        if business_hours not in self._schedules:
            self._schedules[business_hours] = (
                hours.schedule_for_team(self.ticket.team_id)
                if business_hours
                else hours.ALWAYS_OPEN
            )
        return self._schedules[business_hours]

    # --- following a change --------------------------------------------------------------------

    def follow(self, events: Iterable[TicketEvent]) -> Clocks:
        events = list(events)
        created = any(e.kind == EventKind.CREATED for e in events)
        for event in events:
            at = _moment(event)
            if event.kind == EventKind.MESSAGE_RECEIVED and not created:
                self._customer_wrote(at)
            elif event.kind == EventKind.REPLY_SENT and event.actor_agent_id is not None:
                self._agent_replied(at)  # a person's answer; a rule's notice answers nothing
            elif event.kind in (EventKind.STATUS_CHANGED, EventKind.REOPENED):
                self._status_became(str(event.data.get("after")), at)
        self._settle()
        return self

    def _customer_wrote(self, at: datetime) -> None:
        ticket = self.ticket
        if ticket.first_responded_at is None or self.open(Metric.NEXT_REPLY):
            return  # still waiting for the first response, or already waiting for a reply
        target = self.policy.target(Metric.NEXT_REPLY) if self.policy else None
        if target is not None:
            self._start(Metric.NEXT_REPLY, target, at)

    def _agent_replied(self, at: datetime) -> None:
        for clock in [*self.open(Metric.FIRST_RESPONSE), *self.open(Metric.NEXT_REPLY)]:
            self._stop(clock, at)

    def _status_became(self, status: str, at: datetime) -> None:
        for clock in self._all():
            if status in PAUSED_STATUSES and clock.state == ClockState.RUNNING:
                self._pause(clock, at)
            elif status in DONE_STATUSES and clock.state in OPEN_STATES:
                self._stop(clock, at)
            elif status in (Status.NEW, Status.OPEN) and clock.state == ClockState.PAUSED:
                self._resume(clock, at)

    def _settle(self) -> None:
        """Make the clocks agree with the policy that now covers the ticket: start what should
        run and does not, then give every open clock its current target (or cancel it)."""
        ticket, policy = self.ticket, self.policy
        if policy is not None and ticket.status not in DONE_STATUSES:
            self._start_missing(policy)
        for clock in self._all():
            if clock.state not in OPEN_STATES:
                continue
            target = policy.target(clock.metric) if policy else None
            if target is None:
                self._cancel(clock)
            elif (
                clock.policy_id != policy.id  # type: ignore[union-attr]
                or clock.target_minutes != target.minutes
                or clock.business_hours != target.business_hours
            ):
                self._retarget(clock, policy, target)  # type: ignore[arg-type]
        if ticket.status in PAUSED_STATUSES:
            for clock in self._all():
                if clock.state == ClockState.RUNNING:
                    self._pause(clock, clock_now())

    def _start_missing(self, policy: Policy) -> None:
        ticket = self.ticket
        started = {c.metric for c in self._all() if c.state != ClockState.CANCELLED}
        first = policy.target(Metric.FIRST_RESPONSE)
        if first and ticket.first_responded_at is None and Metric.FIRST_RESPONSE not in started:
            self._start(Metric.FIRST_RESPONSE, first, ticket.created_at)
        resolution = policy.target(Metric.RESOLUTION)
        if resolution and not self.open(Metric.RESOLUTION):
            stopped = [
                c
                for c in self._all()
                if c.metric == Metric.RESOLUTION and c.state == ClockState.STOPPED
            ]
            if stopped:
                self._resume(stopped[-1], clock_now())  # reopened: it goes on where it stopped
            elif Metric.RESOLUTION not in started:
                self._start(Metric.RESOLUTION, resolution, ticket.created_at)
        reply = policy.target(Metric.NEXT_REPLY)
        last_customer = ticket.last_customer_message_at
        waiting = (
            ticket.first_responded_at is not None
            and last_customer is not None
            and last_customer > (ticket.last_agent_message_at or _EPOCH)
        )
        if reply and waiting and not self.open(Metric.NEXT_REPLY):
            assert last_customer is not None
            if not any(
                c.metric == Metric.NEXT_REPLY and c.started_at >= last_customer for c in self._all()
            ):
                self._start(Metric.NEXT_REPLY, reply, last_customer)

    # --- moving one clock ----------------------------------------------------------------------

    def _start(self, metric: str, target: Target, at: datetime) -> None:
        clock = SlaClock(
            ticket=self.ticket,
            policy_id=self.policy.id if self.policy else None,
            metric=metric,
            target_minutes=target.minutes,
            business_hours=target.business_hours,
            state=ClockState.RUNNING,
            started_at=at,
            running_since=at,
        )
        self._plan(clock)
        self.new.append(clock)

    def _pause(self, clock: SlaClock, at: datetime) -> None:
        if clock.breached_at is None and clock.due_at is not None and at > clock.due_at:
            clock.breached_at = clock.due_at  # keep the exact moment it ran out
        clock.used_seconds = self._used(clock, at)
        clock.state = ClockState.PAUSED
        clock.running_since = clock.due_at = clock.warn_at = None
        self._touch(clock)

    def _resume(self, clock: SlaClock, at: datetime) -> None:
        clock.state = ClockState.RUNNING
        clock.running_since = at
        clock.stopped_at = None
        self._plan(clock)
        self._touch(clock)

    def _stop(self, clock: SlaClock, at: datetime) -> None:
        late = clock.due_at is not None and at > clock.due_at
        clock.used_seconds = self._used(clock, at)
        if clock.breached_at is None and (late or clock.used_seconds > clock.target_minutes * 60):
            clock.breached_at = clock.due_at or at
        clock.state = ClockState.STOPPED
        clock.stopped_at = at
        clock.running_since = clock.due_at = clock.warn_at = None
        self._touch(clock)

    def _cancel(self, clock: SlaClock) -> None:
        clock.state = ClockState.CANCELLED
        clock.stopped_at = clock_now()
        clock.running_since = clock.due_at = clock.warn_at = None
        self._touch(clock)

    def _retarget(self, clock: SlaClock, policy: Policy, target: Target) -> None:
        if clock.state == ClockState.RUNNING:
            # Count the time used so far on the old calendar, then go on with the new target.
            now = clock_now()
            clock.used_seconds = self._used(clock, now)
            clock.running_since = now
        clock.policy_id = policy.id
        clock.target_minutes = target.minutes
        clock.business_hours = target.business_hours
        clock.warned_at = None if clock.breached_at is None else clock.warned_at
        if clock.state == ClockState.RUNNING:
            self._plan(clock)
        self._touch(clock)

    def _used(self, clock: SlaClock, at: datetime) -> int:
        if clock.state != ClockState.RUNNING or clock.running_since is None:
            return clock.used_seconds
        spent = self.schedule(clock.business_hours).between(clock.running_since, at)
        return clock.used_seconds + int(spent.total_seconds())

    def _plan(self, clock: SlaClock) -> None:
        """Set the deadline and the warning time of a running clock."""
        assert clock.running_since is not None
        left = timedelta(minutes=clock.target_minutes) - timedelta(seconds=clock.used_seconds)
        if left > timedelta(0):
            try:
                clock.due_at = self.schedule(clock.business_hours).add(clock.running_since, left)
            except ValueError:  # a calendar without open time in years: count calendar time
                log.warning("SLA clock on ticket %s: its calendar is never open", self.ticket.pk)
                clock.due_at = hours.ALWAYS_OPEN.add(clock.running_since, left)
        else:  # already used up: overdue since it ran out (or, not known, since it resumed)
            clock.due_at = clock.breached_at or clock.running_since
        warn_before = self.policy.warn_before if self.policy else timedelta(0)
        clock.warn_at = clock.due_at - warn_before

    def _touch(self, clock: SlaClock) -> None:
        if clock.pk is not None:
            self.changed[clock.pk] = clock

    # --- writing -------------------------------------------------------------------------------

    def save(self) -> None:
        if self.new:
            SlaClock.objects.bulk_create(self.new)
        if self.changed:
            SlaClock.objects.bulk_update(list(self.changed.values()), CLOCK_FIELDS)
        due = min(
            (c.due_at for c in self._all() if c.state == ClockState.RUNNING and c.due_at),
            default=None,
        )
        if due != self.ticket.sla_due_at:
            Ticket.objects.filter(pk=self.ticket.pk).update(sla_due_at=due)
            self.ticket.sla_due_at = due


CLOCK_FIELDS = [
    "policy",
    "target_minutes",
    "business_hours",
    "state",
    "running_since",
    "used_seconds",
    "due_at",
    "warn_at",
    "warned_at",
    "breached_at",
    "stopped_at",
]

_EPOCH = datetime.min.replace(tzinfo=UTC)


def _moment(event: TicketEvent) -> datetime:
    """When an event happened for the customer: a message's own time (an imported mail keeps
    its date), otherwise the event's."""
    message = event.message if event.message_id else None
    return message.created_at if message is not None else event.created_at
