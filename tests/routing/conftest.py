"""Routing fixtures: a routed team of online agents, and tickets arriving in it."""

from __future__ import annotations

import itertools

import pytest

from fyr.accounts import services as accounts
from fyr.accounts.choices import AssignmentMode, Availability, Role
from fyr.accounts.models import Team, User
from fyr.routing import services as routing
from fyr.tickets import services as tickets
from fyr.tickets.models import Ticket
from tests.conftest import inbound_email

_numbers = itertools.count(1)


def make_agents(
    team: Team, count: int, *, online: bool = True, capacity: int | None = None
) -> list[User]:
    start = next(_numbers) * 1000
    users = []
    for n in range(start, start + count):
        user = accounts.create_agent(
            email=f"a{n}@fyr.test",
            name=f"Agent {n}",
            role=Role.AGENT,
            password=None,  # no usable password: hashing one is slow
            teams=[team],
        )
        user.max_open_tickets = capacity
        user.availability = Availability.ONLINE if online else Availability.OFFLINE
        user.save(update_fields=["max_open_tickets", "availability"])
        users.append(user)
    return users


def arrive(team: Team, *, sender: str = "karin@acme.se", subject: str = "Hjälp") -> Ticket:
    """A new email ticket in ``team`` (routed by the observer as it is saved)."""
    n = next(_numbers)
    return tickets.receive(
        inbound_email(sender, subject=f"{subject} {n}", team_id=team.pk, external_id=f"<r{n}@x>")
    ).ticket


@pytest.fixture
def routed(support) -> Team:
    """Support in round robin."""
    return routing.set_assignment_mode(support, AssignmentMode.ROUND_ROBIN)
