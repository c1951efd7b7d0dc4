"""Observers of ticket changes: what they are given, in which order, and how nesting stops."""

from __future__ import annotations

import pytest

from fyr.tickets import hooks
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, Priority
from fyr.tickets.events import Actor
from tests.conftest import inbound_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def observed():
    """Register test observers; restore the registered ones afterwards."""
    saved = list(hooks._observers)
    yield hooks.observe
    hooks._observers[:] = saved


def test_an_observer_gets_each_saved_change_with_its_events(observed, customer, agent):
    seen = []
    observed("test", lambda change: seen.append((change.created, sorted(change.kinds))), order=99)
    ticket = tickets.receive(inbound_email()).ticket
    tickets.reply(ticket, author=agent, body="Hej!")
    assert seen == [
        (True, [EventKind.CREATED, EventKind.MESSAGE_RECEIVED]),
        (False, [EventKind.REPLY_SENT, EventKind.STATUS_CHANGED]),
    ]


def test_observers_run_in_order_and_a_change_they_make_is_observed_one_level_deeper(
    observed, customer, agent
):
    calls = []

    def first(change):
        calls.append(("first", hooks.depth(), sorted(change.kinds)))
        if EventKind.CREATED in change.kinds:
            rule = Actor.of_rule("test", 1, "Raise")
            tickets.change_ticket(change.ticket, actor=rule, changes={"priority": Priority.HIGH})

    observed("second", lambda change: calls.append(("second", hooks.depth(), [])), order=20)
    observed("first", first, order=10)
    ticket = tickets.receive(inbound_email()).ticket
    assert calls == [
        ("first", 1, [EventKind.CREATED, EventKind.MESSAGE_RECEIVED]),
        ("first", 2, [EventKind.PRIORITY_CHANGED]),
        ("second", 2, []),
        ("second", 1, []),
    ]
    event = ticket.events.get(kind=EventKind.PRIORITY_CHANGED)
    assert event.data["rule"] == {"kind": "test", "id": 1, "name": "Raise"}
    assert ticket.priority == Priority.HIGH  # the caller's instance sees the nested change


def test_a_chain_of_changes_stops_at_the_maximum_depth(observed, customer, agent):
    depths = []

    def ping_pong(change):
        depths.append(hooks.depth())
        new = Priority.HIGH if change.ticket.priority != Priority.HIGH else Priority.LOW
        tickets.change_ticket(change.ticket, actor=Actor.system(), changes={"priority": new})

    observed("loop", ping_pong, order=1)
    tickets.receive(inbound_email())
    assert depths == list(range(1, hooks.MAX_DEPTH + 2))


def test_a_mail_to_agents_is_recorded_once_sent_and_retried_when_the_server_fails(
    customer, agent, mailoutbox, monkeypatch, settings
):
    """``notify_agents``: the ticket says who was mailed; a failing server is tried again later
    when the task backend can wait (the database backend), and given up after the last try."""
    from fyr.tickets import tasks

    ticket = tickets.receive(inbound_email()).ticket
    mail = {"to": [agent.email], "subject": "SLA", "body": "Ärendet väntar"}
    rule = {"kind": "sla", "id": 7, "name": "Standard"}
    assert tasks.notify_agents.call(ticket.pk, mail, rule) == "sent"
    assert [m.to for m in mailoutbox] == [[agent.email]]
    event = ticket.events.get(kind=EventKind.NOTIFICATION_SENT)
    assert (event.data["to"], event.data["rule"]["name"]) == ([agent.email], "Standard")

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(tasks, "send_mail", refuse)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert tasks.notify_agents.call(ticket.pk, mail, rule) == "deferred"
    assert tasks.notify_agents.call(ticket.pk, mail, rule, len(tasks.NOTIFY_RETRY_DELAYS)) == (
        "failed"
    )
    assert ticket.events.filter(kind=EventKind.NOTIFICATION_SENT).count() == 1
