"""/api/v1/me and /api/v1/teams."""

from __future__ import annotations

from fyr.accounts.models import Team
from tests.api.conftest import field_errors, snapshot


def test_me_describes_the_caller(agent_api, agent, support):
    response = agent_api.get("/me")

    assert response.json() == {
        "id": agent.pk,
        "email": "agent@fyr.test",
        "name": "Agnes Agent",
        "role": "agent",
        "availability": "offline",
        "language": "",
        "team_ids": [support.pk],
    }


def test_teams_list_member_ids(agent_api, agent, colleague, support, billing, outsider):
    response = agent_api.get("/teams")

    assert response.json() == {
        "items": [
            {
                "id": billing.pk,
                "name": "Billing",
                "description": "",
                "email": "",
                "member_ids": [outsider.pk],
            },
            {
                "id": support.pk,
                "name": "Support",
                "description": "",
                "email": "",
                "member_ids": sorted([agent.pk, colleague.pk]),
            },
        ],
        "next_cursor": None,
    }


def test_admin_creates_team(admin_api):
    response = admin_api.post("/teams", {"name": "Sälj", "email": "Salj@fyr.test"})

    assert response.status_code == 201
    team = Team.objects.get(pk=response.json()["id"])
    assert (team.name, team.email) == ("Sälj", "salj@fyr.test")
    assert response.json()["member_ids"] == []


def test_duplicate_or_bad_team_is_422(admin_api, support):
    before = snapshot()

    duplicate = admin_api.post("/teams", {"name": "support"})
    bad_email = admin_api.post("/teams", {"name": "Sälj", "email": "nope"})
    blank = admin_api.post("/teams", {"name": "  "})

    assert field_errors(duplicate) == {"name": "A team called support already exists"}
    assert set(field_errors(bad_email)) == {"email"}
    assert set(field_errors(blank)) == {"name"}
    assert snapshot() == before
