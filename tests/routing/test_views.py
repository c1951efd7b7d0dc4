"""The desk: availability in the top bar, the tier form on the ticket page, the settings page."""

from __future__ import annotations

import pytest

from fyr.accounts.choices import AssignmentMode, Availability
from fyr.accounts.models import Team, User
from fyr.routing import services as routing
from fyr.routing.models import SkillRule
from fyr.tickets.choices import EventKind
from fyr.tickets.events import Actor
from fyr.tickets.models import TicketEvent


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_the_top_bar_shows_the_availability_switch(agent_client, agent):
    page = agent_client.get("/desk/").content.decode()

    assert 'id="availability-select"' in page
    assert '<option value="offline" selected>' in page


def test_setting_availability_without_javascript_redirects_back(agent_client, agent):
    response = agent_client.post(
        "/desk/availability/", {"availability": "online", "next": "/desk/contacts/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/desk/contacts/"
    agent.refresh_from_db()
    assert agent.availability == Availability.ONLINE


def test_setting_availability_with_htmx_returns_the_switch(agent_client, agent):
    response = agent_client.post(
        "/desk/availability/",
        {"availability": "away", "next": "https://evil.example/"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert '<option value="away" selected>' in response.content.decode()
    agent.refresh_from_db()
    assert agent.availability == Availability.AWAY


def test_an_offsite_next_is_not_followed(agent_client):
    response = agent_client.post(
        "/desk/availability/", {"availability": "away", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/desk/"


def test_the_ticket_page_has_the_tier_form(agent_client, ticket):
    page = agent_client.get(f"/desk/tickets/{ticket.number}/").content.decode()

    assert 'id="ticket-tier"' in page
    assert 'name="reason"' in page


def test_escalating_from_the_ticket_page_shows_in_the_timeline(agent_client, agent, ticket):
    response = agent_client.post(
        f"/desk/tickets/{ticket.number}/tier/", {"tier": "2", "team": "", "reason": "Needs tier 2"}
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.tier == 2
    page = agent_client.get(f"/desk/tickets/{ticket.number}/").content.decode()
    assert "Agnes Agent escalated the ticket from tier 1 to 2: Needs tier 2" in page
    routing.de_escalate(ticket, actor=Actor.of_agent(agent), tier=1, reason="Back")
    page = agent_client.get(f"/desk/tickets/{ticket.number}/").content.decode()
    assert "returned the ticket from tier 2 to 1: Back" in page


def test_a_tier_change_without_reason_shows_the_error(agent_client, ticket):
    response = agent_client.post(
        f"/desk/tickets/{ticket.number}/tier/",
        {"tier": "2", "team": "", "reason": " "},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Say why the ticket changes tier" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.tier == 1
    assert not TicketEvent.objects.filter(kind=EventKind.ESCALATED).exists()


def test_escalating_to_another_team_leaves_for_the_inbox(agent_client, ticket, billing):
    response = agent_client.post(
        f"/desk/tickets/{ticket.number}/tier/",
        {"tier": "2", "team": str(billing.pk), "reason": "Billing question"},
        headers={"HX-Request": "true"},
    )

    assert response["HX-Redirect"] == "/desk/"
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team_id) == (2, billing.pk)


def test_light_agents_see_no_tier_form(client, light_agent, ticket):
    client.force_login(light_agent)

    page = client.get(f"/desk/tickets/{ticket.number}/").content.decode()
    posted = client.post(f"/desk/tickets/{ticket.number}/tier/", {"tier": "2", "reason": "x"})

    assert 'id="ticket-tier"' not in page
    assert posted.status_code == 302
    ticket.refresh_from_db()
    assert ticket.tier == 1


def test_the_settings_page_is_for_admins(agent_client):
    assert agent_client.get("/desk/settings/routing/").status_code == 403


def test_admin_configures_routing(admin_client, support, agent, ticket):
    page = admin_client.get("/desk/settings/routing/")
    assert page.status_code == 200
    assert "Agnes Agent" in page.content.decode()
    assert page.context["teams"][0].waiting == 1  # Support's unassigned ticket

    admin_client.post(f"/desk/settings/routing/teams/{support.pk}/", {"assignment_mode": "skills"})
    admin_client.post(
        f"/desk/settings/routing/agents/{agent.pk}/",
        {"max_open_tickets": "3", "skills": "English, Invoicing"},
    )
    admin_client.post(
        "/desk/settings/routing/rules/", {"skill": "English", "language": "en", "tag": ""}
    )

    assert Team.objects.get(pk=support.pk).assignment_mode == AssignmentMode.SKILLS
    agent = User.objects.get(pk=agent.pk)
    assert agent.max_open_tickets == 3
    assert sorted(agent.skills.values_list("name", flat=True)) == ["English", "Invoicing"]
    rule = SkillRule.objects.get()
    assert (rule.skill.name, rule.language) == ("English", "en")
    admin_client.post(f"/desk/settings/routing/rules/{rule.pk}/delete/")
    assert not SkillRule.objects.exists()


def test_a_bad_skill_rule_is_shown_with_its_error(admin_client):
    response = admin_client.post(
        "/desk/settings/routing/rules/", {"skill": "English", "language": "en", "tag": "x"}
    )

    assert response.status_code == 400
    assert "Give exactly one condition" in response.content.decode()
    assert 'value="English"' in response.content.decode()
    assert not SkillRule.objects.exists()
