"""Escalation and de-escalation: a reason is required, one versioned change, one event."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fyr.accounts.choices import AssignmentMode
from fyr.routing import services as routing
from fyr.tickets.choices import EventKind
from fyr.tickets.events import Actor
from fyr.tickets.models import TicketEvent
from fyr.tickets.services import StaleVersion
from tests.routing.conftest import make_agents


def test_escalating_moves_team_and_tier_in_one_change_with_the_reason(ticket, agent, billing):
    version = ticket.version

    routing.escalate(
        ticket, actor=Actor.of_agent(agent), tier=2, team=billing, reason="Needs  invoice access"
    )

    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team_id, ticket.version) == (2, billing.pk, version + 1)
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ESCALATED)
    assert event.actor_agent == agent
    assert event.data == {
        "before": 1,
        "after": 2,
        "reason": "Needs invoice access",
        "team": billing.pk,
        "team_name": "Billing",
    }
    assert not TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TIER_CHANGED).exists()
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TEAM_CHANGED).count() == 1


def test_de_escalating_records_its_own_event(ticket, agent, support):
    routing.escalate(ticket, actor=Actor.of_agent(agent), tier=3, reason="Bug")

    routing.de_escalate(ticket, actor=Actor.of_agent(agent), tier=1, reason="Fixed; answer it")

    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.DE_ESCALATED)
    assert (event.data["before"], event.data["after"], event.data["team"]) == (3, 1, support.pk)
    assert event.data["reason"] == "Fixed; answer it"


@pytest.mark.parametrize(
    ("tier", "reason", "field"),
    [(2, "", "reason"), (2, "   ", "reason"), (1, "why", "tier"), (4, "why", "tier")],
)
def test_escalation_needs_a_reason_and_a_higher_tier(ticket, agent, tier, reason, field):
    events = TicketEvent.objects.count()

    with pytest.raises(ValidationError) as raised:
        routing.escalate(ticket, actor=Actor.of_agent(agent), tier=tier, reason=reason)

    assert field in raised.value.message_dict
    ticket.refresh_from_db()
    assert (ticket.tier, TicketEvent.objects.count()) == (1, events)


def test_de_escalation_goes_down(ticket, agent):
    with pytest.raises(ValidationError):
        routing.de_escalate(ticket, actor=Actor.of_agent(agent), tier=1, reason="why")


def test_a_stale_version_is_refused(ticket, agent):
    with pytest.raises(StaleVersion):
        routing.escalate(
            ticket, actor=Actor.of_agent(agent), tier=2, reason="x", expected_version=0
        )


def test_light_agents_cannot_escalate(ticket, light_agent):
    with pytest.raises(PermissionDenied):
        routing.escalate(ticket, actor=Actor.of_agent(light_agent), tier=2, reason="x")


def test_escalating_into_a_routed_team_assigns_there(ticket, agent, billing):
    routing.set_assignment_mode(billing, AssignmentMode.ROUND_ROBIN)
    (second_line,) = make_agents(billing, 1)

    routing.escalate(ticket, actor=Actor.of_agent(agent), tier=2, team=billing, reason="Tier 2")

    ticket.refresh_from_db()
    assert ticket.assignee_id == second_line.pk
    routed = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ASSIGNEE_CHANGED)
    assert routed.data["rule"]["kind"] == "routing"
