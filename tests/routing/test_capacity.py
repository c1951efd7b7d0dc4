"""Capacity and the waiting queue: never above capacity, VIPs first when room frees."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fyr.accounts.choices import AssignmentMode, Availability
from fyr.core import clock, configcache
from fyr.customers import services as customers
from fyr.routing import services as routing
from fyr.routing.models import AgentLoad
from fyr.tickets import services as tickets
from fyr.tickets.choices import Status
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket
from tests.routing.conftest import arrive, make_agents


def open_work(user) -> int:
    return Ticket.objects.filter(assignee=user, status__in=routing.OPEN_WORK).count()


def test_least_open_fills_the_least_loaded_agent_up_to_capacity(support, customer):
    busy, idle = make_agents(support, 2, capacity=2)
    first = arrive(support)  # still manual: assigned by hand
    tickets.change_ticket(first, actor=Actor.system(), changes={"assignee": busy})
    routing.set_assignment_mode(support, AssignmentMode.LEAST_OPEN)

    rest = [arrive(support) for _ in range(4)]

    # 0 < 1; then 1 = 1 and busy never had a routed ticket (its turn is oldest); then only idle
    assert [t.assignee_id for t in rest] == [idle.pk, busy.pk, idle.pk, None]
    assert (open_work(busy), open_work(idle)) == (2, 2)


def test_solving_a_ticket_hands_the_agent_a_waiting_one(routed, customer):
    (agent,) = make_agents(routed, 1, capacity=1)
    working = arrive(routed)
    queued = arrive(routed)
    assert queued.assignee_id is None

    tickets.change_ticket(working, actor=Actor.of_agent(agent), changes={"status": Status.SOLVED})

    queued.refresh_from_db()
    assert queued.assignee_id == agent.pk


def test_a_freed_slot_goes_to_the_vip_before_older_tickets(routed, customer):
    (agent,) = make_agents(routed, 1, capacity=1)
    working = arrive(routed)
    older = arrive(routed)
    vip = customers.create_contact(name="Vip", email="vip@example.se")
    vip.vip = True
    vip.save()
    newer_vip = arrive(routed, sender="vip@example.se")

    tickets.change_ticket(working, actor=Actor.of_agent(agent), changes={"status": Status.SOLVED})

    assert list(Ticket.objects.filter(assignee=agent, status=Status.NEW)) == [newer_vip]
    older.refresh_from_db()
    assert older.assignee_id is None


def test_pending_tickets_do_not_count_as_open_work(routed, customer):
    (agent,) = make_agents(routed, 1, capacity=1)
    working = arrive(routed)
    queued = arrive(routed)

    tickets.change_ticket(working, actor=Actor.of_agent(agent), changes={"status": Status.PENDING})

    queued.refresh_from_db()
    assert queued.assignee_id == agent.pk


def test_coming_online_takes_waiting_tickets_vip_first_then_sla_then_oldest(routed, acme):
    (agent,) = make_agents(routed, 1, online=False, capacity=3)
    plain = customers.create_contact(name="Plain", email="plain@example.se")
    vip_person = customers.create_contact(name="Vip", email="vip@example.se")
    vip_person.vip = True
    vip_person.save()
    acme.vip = True
    acme.save()
    now = clock.now()
    old = arrive(routed, sender="plain@example.se")
    soon_due = arrive(routed, sender="plain@example.se")
    Ticket.objects.filter(pk=soon_due.pk).update(sla_due_at=now + timedelta(hours=1))
    vip_contact = arrive(routed, sender="vip@example.se")
    vip_org = arrive(routed, sender="someone@acme.se")
    assert plain.vip is False

    routing.set_availability(agent, Availability.ONLINE)

    assigned = set(Ticket.objects.filter(assignee=agent).values_list("pk", flat=True))
    assert assigned == {vip_contact.pk, vip_org.pk, soon_due.pk}
    old.refresh_from_db()
    assert old.assignee_id is None


def test_unassigning_by_hand_routes_to_someone_else(routed, customer):
    first, second = make_agents(routed, 2)
    ticket = arrive(routed)
    holder = first if ticket.assignee_id == first.pk else second
    other = second if holder is first else first

    tickets.change_ticket(ticket, actor=Actor.of_agent(holder), changes={"assignee": None})

    ticket.refresh_from_db()
    assert ticket.assignee_id == other.pk


steps = st.lists(
    st.one_of(
        st.tuples(st.just("arrive"), st.integers(0, 0)),
        st.tuples(st.just("solve"), st.integers(0, 50)),
        st.tuples(st.just("online"), st.integers(0, 3)),
        st.tuples(st.just("offline"), st.integers(0, 3)),
        st.tuples(st.just("capacity"), st.integers(0, 3)),
        st.tuples(st.just("sweep"), st.integers(0, 0)),
    ),
    min_size=5,
    max_size=25,
)


class _Rollback(Exception):
    pass


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    capacities=st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=4, max_size=4),
    mode=st.sampled_from([AssignmentMode.ROUND_ROBIN, AssignmentMode.LEAST_OPEN]),
    script=steps,
    data=st.data(),
)
def test_capacity_is_never_exceeded(routed, customer, capacities, mode, script, data):
    """Random arrivals, solves, availability and capacity changes: after every step no agent
    has more open work than their capacity, unless they had it before the step (a lowered
    capacity takes nothing away); and nothing waits while an agent has room."""
    try:
        with transaction.atomic():  # each example starts from the same empty team
            run_script(routed, capacities, mode, script, data.draw)
            raise _Rollback
    except _Rollback:
        pass
    configcache.clear()


def run_script(team, capacities, mode, script, draw) -> None:
    routing.set_assignment_mode(team, mode)
    agents = make_agents(team, 4)
    for agent, capacity in zip(agents, capacities, strict=True):
        routing.set_capacity(agent, capacity)
    for action, n in script:
        before = {a.pk: open_work(a) for a in agents}
        agent = agents[n % 4]
        if action == "arrive":
            arrive(team)
        elif action == "solve":
            mine = list(
                Ticket.objects.filter(status__in=routing.OPEN_WORK, assignee__isnull=False)
                .select_related("assignee")
                .order_by("pk")
            )
            if mine:
                chosen = mine[n % len(mine)]
                tickets.change_ticket(
                    chosen, actor=Actor.of_agent(chosen.assignee), changes={"status": Status.SOLVED}
                )
        elif action == "online":
            routing.set_availability(agent, Availability.ONLINE)
        elif action == "offline":
            routing.set_availability(agent, Availability.OFFLINE)
        elif action == "capacity":
            routing.set_capacity(agent, draw(st.one_of(st.none(), st.integers(0, 3))))
        else:
            routing.assign_all_waiting(clock.now())
        assert_invariants(team, agents, before, action)


def assert_invariants(team, agents, before, action) -> None:
    for a in agents:
        a.refresh_from_db()
        stored = AgentLoad.objects.filter(user=a).values_list("open_work", flat=True).first()
        assert (stored or 0) == open_work(a), (action, a)  # the kept load is the true count
        if a.max_open_tickets is not None:
            assert open_work(a) <= max(a.max_open_tickets, before[a.pk]), (action, a)
    room = [
        a
        for a in agents
        if a.availability == Availability.ONLINE
        and (a.max_open_tickets is None or open_work(a) < a.max_open_tickets)
    ]
    assert not (routing.waiting(team.pk).exists() and room), (action, room)


def test_a_fixed_script_keeps_the_invariants(routed, customer):
    script = [
        ("arrive", 0),
        ("offline", 1),
        ("arrive", 0),
        ("capacity", 2),
        ("solve", 0),
        ("online", 1),
        ("arrive", 0),
        ("sweep", 0),
        ("solve", 1),
    ]
    run_script(routed, [1, 2, None, 0], AssignmentMode.LEAST_OPEN, script, lambda _s: 1)


def test_the_catch_up_repairs_loads_nobody_observed(routed, customer):
    first, second = make_agents(routed, 2, capacity=1)
    held = arrive(routed)
    holder = held.assignee
    Ticket.objects.filter(pk=held.pk).delete()  # not through the services: no observer saw it
    waiting = [arrive(routed), arrive(routed)]
    assert sorted(t.assignee_id is None for t in waiting) == [False, True]

    outcome = routing.catch_up(clock.now())

    assert outcome == {"loads_fixed": 1, "assigned": 1}
    assert AgentLoad.objects.get(user=holder).open_work == 1
    assert {open_work(first), open_work(second)} == {1}
