"""The observer: free for changes that cannot matter, one decision for those that do."""

from __future__ import annotations

import pytest

from fyr.accounts.choices import AssignmentMode
from fyr.routing import loads
from fyr.routing import services as routing
from fyr.routing.models import AgentLoad
from fyr.tickets import hooks
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind
from fyr.tickets.events import Actor
from fyr.tickets.hooks import Change
from tests.routing.conftest import arrive, make_agents


def test_a_message_on_an_assigned_ticket_costs_routing_no_query(
    routed, customer, django_assert_num_queries
):
    make_agents(routed, 2)
    ticket = arrive(routed)
    assert ticket.assignee_id is not None
    message_received = ticket.events.get(kind=EventKind.MESSAGE_RECEIVED)
    routing.team_modes()  # cached, as it is in a running process

    change = Change(ticket, Actor.system(), (message_received,))

    with django_assert_num_queries(0):
        loads.on_ticket_change(change)
        routing.on_ticket_change(change)


def test_an_unrelated_change_in_a_manual_team_costs_no_query(
    support, agent, customer, django_assert_num_queries
):
    ticket = arrive(support)
    tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"assignee": agent})
    tickets.change_ticket(
        ticket, actor=Actor.of_agent(agent), changes={"tags": ["x"], "priority": "high"}
    )
    events = tuple(
        ticket.events.filter(kind__in=[EventKind.TAGS_CHANGED, EventKind.PRIORITY_CHANGED])
    )

    change = Change(ticket, Actor.of_agent(agent), events)

    with django_assert_num_queries(0):
        loads.on_ticket_change(change)
        routing.on_ticket_change(change)


def test_an_assignment_costs_one_query_for_the_load_in_a_manual_team(
    support, agent, customer, django_assert_num_queries
):
    ticket = arrive(support)
    tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"assignee": agent})
    events = tuple(ticket.events.filter(kind=EventKind.ASSIGNEE_CHANGED))
    routing.team_modes()

    change = Change(ticket, Actor.of_agent(agent), events)

    with django_assert_num_queries(1):
        loads.on_ticket_change(change)
        routing.on_ticket_change(change)


def test_choosing_among_many_agents_is_one_query(routed, django_assert_num_queries, customer):
    make_agents(routed, 30, capacity=5)
    ticket = arrive(routed)
    for mode in (AssignmentMode.ROUND_ROBIN, AssignmentMode.LEAST_OPEN):
        with django_assert_num_queries(1):
            assert routing.choose_agent(ticket, mode=mode) is not None
    routing.required_skills(tags=[], ticket_type="", language="")  # rules cached, as in a process
    with django_assert_num_queries(2):
        assert routing.choose_agent(ticket, mode=AssignmentMode.SKILLS) is not None


@pytest.fixture
def assigning_trigger(agent):
    """An observer like a trigger (order 10) that assigns every new ticket to ``agent``."""

    def assign(change):
        if change.created and change.ticket.assignee_id is None:
            tickets.change_ticket(change.ticket, actor=Actor.system(), changes={"assignee": agent})

    hooks.observe("test.trigger", assign, order=10)
    yield
    hooks._observers[:] = [entry for entry in hooks._observers if entry[1] != "test.trigger"]


def test_a_trigger_assigning_a_new_ticket_counts_once(assigning_trigger, routed, agent, customer):
    ticket = arrive(routed)

    assert ticket.assignee_id == agent.pk
    assert AgentLoad.objects.get(user=agent).open_work == 1
