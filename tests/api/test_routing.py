"""/api/v1/me availability, skill rules, teams' modes, agents' capacity, escalations."""

from __future__ import annotations

import pytest

from fyr.accounts.choices import AssignmentMode, Availability
from fyr.accounts.models import Team, User
from fyr.routing import services as routing
from fyr.routing.models import SkillRule
from fyr.tickets.choices import EventKind
from fyr.tickets.models import TicketEvent
from tests.api.conftest import field_errors, snapshot


def test_an_agent_sets_their_availability(agent_api, agent):
    response = agent_api.patch("/me", {"availability": "online"})

    assert response.status_code == 200
    assert response.json()["availability"] == "online"
    agent.refresh_from_db()
    assert agent.availability == Availability.ONLINE


def test_an_unknown_availability_is_422(agent_api, agent):
    response = agent_api.patch("/me", {"availability": "asleep"})

    assert response.status_code == 422
    assert "availability" in field_errors(response)
    agent.refresh_from_db()
    assert agent.availability == Availability.OFFLINE


def test_coming_online_through_the_api_takes_a_waiting_ticket(agent_api, agent, ticket, support):
    routing.set_assignment_mode(support, AssignmentMode.ROUND_ROBIN)
    ticket.refresh_from_db()
    assert ticket.assignee_id is None

    agent_api.patch("/me", {"availability": "online"})

    ticket.refresh_from_db()
    assert ticket.assignee_id == agent.pk


def test_admin_manages_skill_rules(admin_api):
    created = admin_api.post("/skill-rules", {"skill": "Invoicing", "tag": "Faktura"})

    assert created.status_code == 201
    rule_id = created.json()["id"]
    assert created.json() == {
        "id": rule_id,
        "skill": "Invoicing",
        "tag": "faktura",
        "ticket_type": None,
        "language": "",
    }
    changed = admin_api.patch(f"/skill-rules/{rule_id}", {"language": "EN"})
    assert changed.json()["tag"] == "" and changed.json()["language"] == "en"
    assert admin_api.get("/skill-rules").json()["items"] == [changed.json()]
    assert admin_api.get(f"/skill-rules/{rule_id}").json() == changed.json()
    deleted = admin_api.client.delete(f"/api/v1/skill-rules/{rule_id}", headers={})
    assert deleted.status_code == 204
    assert not SkillRule.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"skill": "X"},
        {"skill": "X", "tag": "a", "language": "sv"},
        {"skill": "X", "ticket_type": "nonsense"},
        {"skill": " ", "tag": "a"},
        {"skill": "X", "language": "much-too-long"},
    ],
)
def test_a_bad_skill_rule_is_422(admin_api, body):
    response = admin_api.post("/skill-rules", body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]
    assert not SkillRule.objects.exists()


def test_agents_cannot_write_skill_rules(agent_api, admin_api):
    rule = routing.create_skill_rule(skill="X", tag="a")

    assert agent_api.post("/skill-rules", {"skill": "X", "tag": "b"}).status_code == 403
    assert agent_api.patch(f"/skill-rules/{rule.pk}", {"tag": "c"}).status_code == 403
    assert agent_api.client.delete(f"/api/v1/skill-rules/{rule.pk}").status_code == 403
    assert list(SkillRule.objects.values_list("tag", flat=True)) == ["a"]
    assert agent_api.get("/skill-rules").status_code == 200


def test_admin_sets_a_teams_assignment_mode(admin_api, agent_api, support):
    response = admin_api.patch(f"/routing/teams/{support.pk}", {"assignment_mode": "least_open"})

    assert response.json() == {"id": support.pk, "name": "Support", "assignment_mode": "least_open"}
    assert Team.objects.get(pk=support.pk).assignment_mode == AssignmentMode.LEAST_OPEN
    assert routing.team_modes() == {support.pk: "least_open"}
    denied = agent_api.patch(f"/routing/teams/{support.pk}", {"assignment_mode": "manual"})
    assert denied.status_code == 403
    listed = agent_api.get("/routing/teams").json()["items"]
    assert listed == [{"id": support.pk, "name": "Support", "assignment_mode": "least_open"}]


def test_admin_sets_capacity_and_skills(admin_api, agent):
    response = admin_api.patch(
        f"/routing/agents/{agent.pk}", {"max_open_tickets": 4, "skills": ["English", "Billing"]}
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": agent.pk,
        "name": "Agnes Agent",
        "availability": "offline",
        "max_open_tickets": 4,
        "skills": ["Billing", "English"],
    }
    unlimited = admin_api.patch(f"/routing/agents/{agent.pk}", {"max_open_tickets": None})
    assert unlimited.json()["max_open_tickets"] is None
    assert unlimited.json()["skills"] == ["Billing", "English"]
    bad = admin_api.patch(f"/routing/agents/{agent.pk}", {"max_open_tickets": -1})
    assert bad.status_code == 422


def test_agents_cannot_set_capacity(agent_api, agent):
    response = agent_api.patch(f"/routing/agents/{agent.pk}", {"max_open_tickets": 100})

    assert response.status_code == 403
    assert User.objects.get(pk=agent.pk).max_open_tickets is None


def test_escalate_a_ticket(agent_api, ticket, billing):
    response = agent_api.post(
        f"/tickets/{ticket.pk}/escalate",
        {"tier": 2, "team_id": billing.pk, "reason": "Refund over 10 000 kr"},
    )

    assert response.status_code == 200
    assert (response.json()["tier"], response.json()["team_id"]) == (2, billing.pk)
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ESCALATED)
    assert event.data["reason"] == "Refund over 10 000 kr"
    back = agent_api.post(f"/tickets/{ticket.pk}/de-escalate", {"tier": 1, "reason": "Done"})
    assert back.status_code == 404  # the ticket is Billing's now: the agent no longer sees it


def test_escalation_without_a_reason_is_422_and_changes_nothing(agent_api, ticket):
    before = snapshot()

    missing = agent_api.post(f"/tickets/{ticket.pk}/escalate", {"tier": 2})
    blank = agent_api.post(f"/tickets/{ticket.pk}/escalate", {"tier": 2, "reason": "  "})
    lower = agent_api.post(f"/tickets/{ticket.pk}/de-escalate", {"tier": 1, "reason": "x"})
    stale = agent_api.post(
        f"/tickets/{ticket.pk}/escalate", {"tier": 2, "reason": "x", "version": 99}
    )
    bad_team = agent_api.post(
        f"/tickets/{ticket.pk}/escalate", {"tier": 2, "reason": "x", "team_id": 999999}
    )

    assert [r.status_code for r in (missing, blank, lower, stale, bad_team)] == [
        422,
        422,
        422,
        409,
        422,
    ]
    assert "reason" in field_errors(missing)
    assert "tier" in field_errors(lower)
    assert "team_id" in field_errors(bad_team)
    assert snapshot() == before


def test_light_agents_and_outsiders_cannot_escalate(light_api, as_persona, ticket, outsider):
    before = snapshot()

    light = light_api.post(f"/tickets/{ticket.pk}/escalate", {"tier": 2, "reason": "x"})
    outsider = as_persona("outsider").post(
        f"/tickets/{ticket.pk}/escalate", {"tier": 2, "reason": "x"}
    )

    assert (light.status_code, outsider.status_code) == (403, 404)
    assert snapshot() == before
