"""/api/v1/sla-policies and the SLA targets in a ticket's JSON."""

from __future__ import annotations

from datetime import timedelta

from fyr.sla.models import SlaPolicy
from tests.api.conftest import field_errors

POLICY = {
    "name": "Guld",
    "conditions": {"priority": ["high", "urgent"]},
    "targets": [
        {"metric": "first_response", "minutes": 60, "business_hours": False},
        {"metric": "resolution", "minutes": 480},
    ],
    "warn_before_minutes": 15,
    "on_breach": [{"action": "raise_priority"}],
}


def test_an_admin_creates_reads_changes_and_deletes_a_policy(admin_api):
    created = admin_api.post("/sla-policies", POLICY)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["conditions"] == {"priority": ["high", "urgent"]}
    assert body["targets"] == [
        {"metric": "first_response", "minutes": 60, "business_hours": False},
        {"metric": "resolution", "minutes": 480, "business_hours": True},
    ]
    assert body["on_breach"] == [{"action": "raise_priority"}]
    pk = body["id"]
    assert admin_api.get(f"/sla-policies/{pk}").json() == body

    patched = admin_api.patch(f"/sla-policies/{pk}", {"is_active": False, "name": "Guld 2"})
    assert patched.status_code == 200
    assert (patched.json()["is_active"], patched.json()["name"]) == (False, "Guld 2")
    assert patched.json()["targets"] == body["targets"]

    replaced = admin_api.put(f"/sla-policies/{pk}", {**POLICY, "targets": POLICY["targets"][:1]})
    assert [t["metric"] for t in replaced.json()["targets"]] == ["first_response"]

    assert admin_api.delete(f"/sla-policies/{pk}").status_code == 204
    assert not SlaPolicy.objects.exists()


def test_invalid_policies_are_refused_with_the_field_named(admin_api):
    no_targets = admin_api.post("/sla-policies", {**POLICY, "targets": []})
    assert no_targets.status_code == 422
    assert "targets" in field_errors(no_targets)
    bad_priority = admin_api.post("/sla-policies", {**POLICY, "conditions": {"priority": ["asap"]}})
    assert bad_priority.status_code == 422
    assert "conditions" in field_errors(bad_priority)
    no_team = admin_api.post(
        "/sla-policies", {**POLICY, "on_breach": [{"action": "move_to_team", "team": 999}]}
    )
    assert "on_breach" in field_errors(no_team)
    admin_api.post("/sla-policies", POLICY)
    twice = admin_api.post("/sla-policies", POLICY)
    assert "name" in field_errors(twice)
    assert SlaPolicy.objects.count() == 1


def test_agents_read_policies_but_only_admins_write(agent_api, admin_api):
    assert agent_api.post("/sla-policies", POLICY).status_code == 403
    pk = admin_api.post("/sla-policies", POLICY).json()["id"]
    assert agent_api.get("/sla-policies").json()["items"][0]["id"] == pk
    assert agent_api.delete(f"/sla-policies/{pk}").status_code == 403
    assert agent_api.get("/sla-policies/999").status_code == 404


def test_the_order_decides_which_policy_applies(admin_api):
    first = admin_api.post("/sla-policies", {**POLICY, "name": "A"}).json()["id"]
    second = admin_api.post("/sla-policies", {**POLICY, "name": "B"}).json()["id"]
    response = admin_api.put("/sla-policies/order", {"ids": [second, first]})
    assert response.json() == [second, first]
    assert [p["id"] for p in admin_api.get("/sla-policies").json()["items"]] == [second, first]
    assert admin_api.put("/sla-policies/order", {"ids": [12345]}).status_code == 422


def test_a_ticket_carries_its_sla_targets_and_tier(admin_api, agent_api, ticket):
    from fyr.sla.clocks import Clocks
    from fyr.sla.models import SlaClock
    from fyr.sla.policies import policy_for

    admin_api.post("/sla-policies", {**POLICY, "conditions": {}})
    Clocks(ticket, [], policy_for(ticket)).follow(()).save()  # the policy came after the ticket
    body = agent_api.get(f"/tickets/{ticket.pk}").json()
    assert body["tier"] == 1
    first = SlaClock.objects.get(ticket=ticket, metric="first_response")
    assert [(t["metric"], t["status"]) for t in body["sla"]] == [
        ("first_response", "running"),
        ("resolution", "running"),
    ]
    assert body["sla"][0]["policy"] == "Guld"
    assert body["sla"][0]["due_at"].startswith(
        (first.started_at + timedelta(minutes=60)).isoformat()[:16]
    )
    listed = agent_api.get("/tickets").json()["items"][0]
    assert listed["sla"] == body["sla"]
    assert listed["sla_due_at"] == body["sla_due_at"] is not None
