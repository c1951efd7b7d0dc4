"""Running triggers on every saved ticket change (the ``fyr.tickets.hooks`` observer).

Termination, which the tests check with triggers that feed each other:

- **A trigger fires at most once per event.** The set of triggers that fired is kept for the
  whole chain a change by a person, a channel or a task sets off (the observer's first level);
  a trigger that fired anywhere in the chain is not considered again in it. So a chain has at
  most as many firings as there are active triggers.
- A trigger never reacts to a change it made itself.
- **Nothing runs deeper than ``MAX_CHAIN`` levels**: a trigger's change is observed one level
  deeper (``hooks.depth()``); below this level triggers no longer react at all.

Order: triggers run in position order on the change's events. After one fires, the ones after it
see the ticket as that trigger left it (its actions also form a change of their own, on which
the remaining triggers run one level deeper, as "ticket updated").

Cost: the active triggers come from ``configcache`` (no query with none, or when none wants this
kind of change); conditions read only the facts they name, cheapest first.
"""

from __future__ import annotations

from contextvars import ContextVar

from fyr.core import clock
from fyr.rules import actions
from fyr.rules.choices import RunOn
from fyr.rules.conditions import ChangeFacts, matches
from fyr.rules.services import ActiveRule, active_triggers
from fyr.tickets import hooks
from fyr.tickets.choices import EventKind

#: Levels of changes triggers react to: the change that started the chain (level 1) and two
#: levels of triggers reacting to triggers.
MAX_CHAIN = 3

_fired: ContextVar[set[int] | None] = ContextVar("fyr_triggers_fired", default=None)


def run_kinds(change: hooks.Change) -> set[str]:
    """What kind of change this is, in ``RunOn`` terms (a new ticket with its first message is
    both "created" and "message from the customer")."""
    kinds = change.kinds
    found = {RunOn.CREATED.value if change.created else RunOn.UPDATED.value}
    if EventKind.MESSAGE_RECEIVED in kinds:
        found.add(RunOn.CUSTOMER_MESSAGE)
    if change.actor.agent is not None and kinds & {EventKind.REPLY_SENT, EventKind.NOTE_ADDED}:
        found.add(RunOn.AGENT_MESSAGE)
    return found


def on_change(change: hooks.Change) -> None:
    """The observer: fire the active triggers that match this change."""
    triggers = active_triggers()
    if not triggers or hooks.depth() > MAX_CHAIN:
        return
    kinds = run_kinds(change)
    candidates = [t for t in triggers if t.run_on & kinds]
    if not candidates:
        return
    fired = _fired.get()
    token = None
    if fired is None or hooks.depth() == 1:
        fired = set()
        token = _fired.set(fired)
    try:
        _run(candidates, change, kinds, fired)
    finally:
        if token is not None:
            _fired.reset(token)


def _run(
    candidates: list[ActiveRule], change: hooks.Change, kinds: set[str], fired: set[int]
) -> None:
    own = change.actor.rule
    event = _event_name(kinds)
    facts = ChangeFacts(change.ticket, change.events)
    now = clock.now()
    for trigger in candidates:
        if trigger.id in fired:
            continue
        if own is not None and own.kind == "trigger" and own.id == trigger.id:
            continue
        if not matches(trigger.conditions, facts, now):
            continue
        fired.add(trigger.id)
        fire(trigger, change, event)
        # The ticket changed: later triggers read it afresh (tags, assignee…).
        facts = ChangeFacts(change.ticket, change.events)


def fire(trigger: ActiveRule, change: hooks.Change, event: str) -> None:
    """Carry out one trigger's actions; one that cannot act is logged and skipped, and the
    change that set it off (a customer's message) is saved all the same."""
    actions.run_logged("trigger", trigger, change.ticket, event=event)


def _event_name(kinds: set[str]) -> str:
    """The ``event`` a webhook payload names."""
    for kind in (RunOn.CREATED, RunOn.CUSTOMER_MESSAGE, RunOn.AGENT_MESSAGE, RunOn.UPDATED):
        if kind in kinds:
            return f"ticket.{kind}"
    return "ticket.updated"
