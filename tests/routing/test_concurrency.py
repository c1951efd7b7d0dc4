"""Tickets routed at the same moment on PostgreSQL: the team lock serialises the decisions,
so an agent's last free slot is given once."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from fyr.accounts import services as accounts
from fyr.accounts.choices import AssignmentMode, Availability, Role
from fyr.accounts.models import Team
from fyr.core import configcache
from fyr.customers import services as customers
from fyr.routing import services as routing
from fyr.tickets import services as tickets
from fyr.tickets.models import Ticket
from tests.conftest import inbound_email

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
    ),
]


def test_tickets_routed_at_once_never_exceed_capacity():
    team = accounts.create_team(name="Parallel")  # manual while the tickets arrive
    agents = []
    for n in range(2):
        agent = accounts.create_agent(
            email=f"p{n}@fyr.test", name=f"P{n}", role=Role.AGENT, teams=[team]
        )
        routing.set_capacity(agent, 1)
        routing.set_availability(agent, Availability.ONLINE)
        agents.append(agent)
    customers.create_contact(name="Kund", email="kund@example.se")
    waiting = [
        tickets.receive(
            inbound_email("kund@example.se", team_id=team.pk, external_id=f"<p{n}@x>")
        ).ticket
        for n in range(4)
    ]
    Team.objects.filter(pk=team.pk).update(assignment_mode=AssignmentMode.LEAST_OPEN)
    configcache.clear()
    barrier = threading.Barrier(len(waiting))
    errors: list[BaseException] = []

    def route(ticket: Ticket) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                routing.route(ticket)
                time.sleep(0.2)  # hold the transaction open: a racing decision would overlap
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=route, args=(t,)) for t in waiting]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [Ticket.objects.filter(assignee=a).count() for a in agents] == [1, 1]
    assert Ticket.objects.filter(assignee__isnull=True).count() == 2
