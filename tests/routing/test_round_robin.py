"""Round robin: turns in order, spread evenly, only to agents who may take work."""

from __future__ import annotations

from collections import Counter

from fyr.accounts.choices import Availability, Role
from fyr.routing import services as routing
from fyr.tickets.choices import EventKind
from fyr.tickets.models import Ticket, TicketEvent
from tests.routing.conftest import arrive, make_agents


def test_new_ticket_is_assigned_by_the_router(routed, customer):
    (only,) = make_agents(routed, 1)

    ticket = arrive(routed)

    ticket.refresh_from_db()
    assert ticket.assignee_id == only.pk
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ASSIGNEE_CHANGED)
    assert event.actor_agent is None
    assert event.data["rule"] == {"kind": "routing", "id": routed.pk, "name": "Round robin"}
    assert event.data["after"] == only.pk


def test_round_robin_spreads_tickets_evenly_while_agents_go_offline(routed, customer):
    agents = make_agents(routed, 4)

    for _ in range(10):
        arrive(routed)
    routing.set_availability(agents[3], Availability.OFFLINE)
    for _ in range(9):
        arrive(routed)

    counts = Counter(Ticket.objects.values_list("assignee_id", flat=True))
    assert sum(counts.values()) == 19
    assert None not in counts
    first_three = [counts[a.pk] for a in agents[:3]]
    assert max(first_three) - min(first_three) <= 1
    assert counts[agents[3].pk] in (2, 3)  # its turns before going offline, none after


def test_round_robin_gives_turns_in_order_never_assigned_first(routed, customer):
    agents = make_agents(routed, 3)

    assigned = [arrive(routed).assignee_id for _ in range(6)]

    first = assigned[:3]
    assert sorted(first) == sorted(a.pk for a in agents)
    assert assigned[3:] == first


def test_light_inactive_and_unavailable_agents_never_get_work(routed, customer, light_agent):
    light_agent.availability = Availability.ONLINE
    light_agent.save()
    inactive, away, offline = make_agents(routed, 3)
    inactive.is_active = False
    inactive.save()
    routing.set_availability(away, Availability.AWAY)
    routing.set_availability(offline, Availability.OFFLINE)

    ticket = arrive(routed)

    ticket.refresh_from_db()
    assert ticket.assignee_id is None
    assert light_agent.role == Role.LIGHT


def test_a_manual_team_is_not_routed(support, customer):
    make_agents(support, 2)

    ticket = arrive(support)

    assert ticket.assignee_id is None
