"""Random ticket lives against a minute-by-minute oracle of the SLA rules (calendar time).

Each step happens some minutes after the previous one: the customer writes, an agent replies,
or the status moves (pending, on hold, open, solved). The oracle walks the same steps and counts,
for first response and resolution, the minutes the clock ran; the clocks must agree on the
deadline of a running clock and on met/breached of a stopped one.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fyr.core import clock
from fyr.sla.choices import ClockState, Metric
from fyr.sla.models import SlaClock, SlaPolicy
from fyr.tickets import services as tickets
from fyr.tickets.choices import Status
from fyr.tickets.events import Actor
from fyr.tickets.inbound import ThreadHints
from fyr.tickets.models import Ticket
from tests.conftest import inbound_email
from tests.sla.conftest import T0, policy

FIRST, RESOLUTION = 60, 240
STEPS = st.lists(
    st.tuples(
        st.integers(1, 90),
        st.sampled_from(["customer", "reply", "pending", "on_hold", "open", "solved"]),
    ),
    max_size=8,
)


class Oracle:
    """The rules, minute by minute: a clock runs while the ticket is new/open and not done."""

    def __init__(self) -> None:
        self.status = Status.NEW
        self.used = {Metric.FIRST_RESPONSE: 0, Metric.RESOLUTION: 0}
        self.done = {Metric.FIRST_RESPONSE: False, Metric.RESOLUTION: False}
        self.late = {Metric.FIRST_RESPONSE: False, Metric.RESOLUTION: False}

    def target(self, metric: str) -> int:
        return FIRST if metric == Metric.FIRST_RESPONSE else RESOLUTION

    def wait(self, minutes: int) -> None:
        for metric in self.used:
            if not self.done[metric] and self.status in (Status.NEW, Status.OPEN):
                self.used[metric] += minutes

    def stop(self, metric: str) -> None:
        if not self.done[metric]:
            self.done[metric] = True
            self.late[metric] = self.used[metric] > self.target(metric)


def _act(ticket: Ticket, action: str, agent, oracle: Oracle) -> None:
    if action == "customer":
        tickets.receive(inbound_email(text="Hallå?", thread=ThreadHints(ticket_id=ticket.pk)))
        if oracle.status in (Status.PENDING, Status.ON_HOLD, Status.SOLVED):
            if oracle.status == Status.SOLVED:
                oracle.done[Metric.RESOLUTION] = False  # reopened: the clock goes on
            oracle.status = Status.OPEN
    elif action == "reply":
        tickets.reply(ticket, author=agent, body="Svar")
        oracle.stop(Metric.FIRST_RESPONSE)
        if oracle.status == Status.NEW:
            oracle.status = Status.OPEN
    else:
        if action == oracle.status or (oracle.status == Status.NEW and action == "open"):
            return
        tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": action})
        if oracle.status == Status.SOLVED:
            oracle.done[Metric.RESOLUTION] = False  # reopened by the agent: it goes on
        oracle.status = Status(action)
        if action == Status.SOLVED:
            oracle.stop(Metric.FIRST_RESPONSE)
            oracle.stop(Metric.RESOLUTION)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_clocks_agree_with_the_oracle(steps, customer, agent):
    if not SlaPolicy.objects.exists():  # examples share the test's database
        policy(first_response=FIRST, resolution=RESOLUTION, warn=0)
    SlaClock.objects.all().delete()
    Ticket.objects.all().delete()
    with clock.at(T0):
        ticket = tickets.receive(inbound_email()).ticket
    oracle, minute = Oracle(), 0
    for gap, action in steps:
        oracle.wait(gap)
        minute += gap
        with clock.at(T0 + timedelta(minutes=minute)):
            _act(ticket, action, agent, oracle)
    now = T0 + timedelta(minutes=minute)
    for metric in (Metric.FIRST_RESPONSE, Metric.RESOLUTION):
        found = SlaClock.objects.get(ticket=ticket, metric=metric)
        left = oracle.target(metric) - oracle.used[metric]
        if oracle.done[metric]:
            assert found.state == ClockState.STOPPED
            assert (found.breached_at is not None) == oracle.late[metric]
        elif oracle.status in (Status.NEW, Status.OPEN):
            assert found.state == ClockState.RUNNING
            if left > 0:
                assert found.due_at == now + timedelta(minutes=left)
            else:  # ran out at some earlier moment (pauses since do not move it)
                assert found.due_at <= now + timedelta(minutes=left)
        else:
            assert found.state == ClockState.PAUSED
            assert found.used_seconds == oracle.used[metric] * 60
