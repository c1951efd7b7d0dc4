"""/api/v1/triggers, /automations and /webhooks: agents read rules, administrators write them."""

from __future__ import annotations

import pytest

from fyr.rules.models import Automation, Trigger, Webhook
from fyr.tickets import services as tickets
from tests.conftest import inbound_email

TRIGGER = {
    "name": "Invoices",
    "run_on": ["created"],
    "conditions": {
        "all": [{"field": "ticket.subject", "operator": "contains", "value": "faktura"}]
    },
    "actions": [{"type": "add_tags", "value": ["billing"]}],
}
AUTOMATION = {
    "name": "Stale pending",
    "conditions": {
        "all": [
            {"field": "ticket.status", "operator": "is", "value": "pending"},
            {"field": "time.status_changed", "operator": "gte", "value": 120},
        ]
    },
    "actions": [{"type": "set_status", "value": "solved"}],
}


def test_admin_creates_a_trigger_that_then_runs(admin_api, customer):
    response = admin_api.post("/triggers", TRIGGER)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["conditions"] == {
        "all": [{"field": "ticket.subject", "operator": "contains", "value": "faktura"}],
        "any": [],
    }
    assert body["actions"] == [{"type": "add_tags", "value": ["billing"]}]
    assert (body["run_on"], body["position"], body["active"]) == (["created"], 0, True)
    ticket = tickets.receive(inbound_email(subject="Faktura saknas")).ticket
    assert list(ticket.tags.values_list("name", flat=True)) == ["billing"]


def test_errors_are_located_in_the_body(admin_api):
    bad = {
        **TRIGGER,
        "run_on": ["sometimes"],
        "conditions": {"all": [{"field": "ticket.status", "operator": "is", "value": "nope"}]},
        "actions": [{"type": "set_assignee", "value": 999999}, {"type": "explode"}],
    }
    response = admin_api.post("/triggers", bad)
    assert response.status_code == 422
    locs = [item["loc"] for item in response.json()["detail"]]
    assert ["body", "payload", "run_on"] in locs
    assert ["body", "payload", "conditions", "all", 0, "value"] in locs
    assert ["body", "payload", "actions", 0, "value"] in locs
    assert ["body", "payload", "actions", 1, "type"] in locs
    assert not Trigger.objects.exists()


def test_placeholders_are_checked(admin_api):
    bad = {**TRIGGER, "actions": [{"type": "add_note", "body": "Hej {{ contact.nonsense }}"}]}
    response = admin_api.post("/triggers", bad)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "actions", 0, "body"]


def test_agents_read_but_do_not_write(agent_api, light_api, admin_api):
    created = admin_api.post("/triggers", TRIGGER).json()
    assert agent_api.get("/triggers").json()["items"][0]["id"] == created["id"]
    assert light_api.get(f"/triggers/{created['id']}").status_code == 200
    assert agent_api.post("/triggers", TRIGGER).status_code == 403
    assert agent_api.patch(f"/triggers/{created['id']}", {"active": False}).status_code == 403
    assert agent_api.delete(f"/triggers/{created['id']}").status_code == 403
    assert Trigger.objects.get().active is True


def test_patch_put_and_delete_a_trigger(admin_api):
    created = admin_api.post("/triggers", TRIGGER).json()
    path = f"/triggers/{created['id']}"
    patched = admin_api.patch(path, {"active": False, "name": "Fakturor"})
    assert patched.status_code == 200
    assert (patched.json()["active"], patched.json()["name"]) == (False, "Fakturor")
    assert patched.json()["actions"] == TRIGGER["actions"]
    bad = admin_api.patch(path, {"actions": []})
    assert bad.status_code == 422
    assert Trigger.objects.get().actions == TRIGGER["actions"]
    replaced = admin_api.put(path, {**TRIGGER, "run_on": ["updated"]})
    assert replaced.status_code == 200 and replaced.json()["run_on"] == ["updated"]
    assert admin_api.delete(path).status_code == 204
    assert admin_api.get(path).status_code == 404


def test_triggers_list_in_position_order_and_pages(admin_api):
    for name in ("B", "A", "C"):
        admin_api.post("/triggers", {**TRIGGER, "name": name})
    first = admin_api.get("/triggers", {"limit": 2}).json()
    assert [t["name"] for t in first["items"]] == ["B", "A"]
    rest = admin_api.get("/triggers", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [t["name"] for t in rest["items"]] == ["C"] and rest["next_cursor"] is None


def test_automations_crud(admin_api, agent_api):
    response = admin_api.post("/automations", AUTOMATION)
    assert response.status_code == 201, response.json()
    path = f"/automations/{response.json()['id']}"
    assert agent_api.get(path).json()["conditions"]["all"][1]["value"] == 120
    bad = admin_api.patch(
        path, {"conditions": {"all": [{"field": "change.status", "operator": "changed"}]}}
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "payload", "conditions", "all", 0, "field"]
    assert admin_api.patch(path, {"position": 5}).json()["position"] == 5
    assert admin_api.delete(path).status_code == 204
    assert not Automation.objects.exists()


def test_webhooks_are_for_admins(admin_api, agent_api):
    response = admin_api.post("/webhooks", {"name": "CRM", "url": "https://crm.example.com/h"})
    assert response.status_code == 201
    assert len(response.json()["secret"]) >= 32
    webhook_id = response.json()["id"]
    assert agent_api.get("/webhooks").status_code == 403
    assert agent_api.get(f"/webhooks/{webhook_id}").status_code == 403
    bad = admin_api.patch(f"/webhooks/{webhook_id}", {"url": "gopher://x"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "payload", "url"]
    deliveries = admin_api.get(f"/webhooks/{webhook_id}/deliveries")
    assert deliveries.json() == {"items": [], "next_cursor": None}
    assert admin_api.delete(f"/webhooks/{webhook_id}").status_code == 204
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "actions",
    [
        [{"type": "set_tier", "value": True}],
        [{"type": "notify", "to": "everyone", "subject": "x", "body": "y"}],
        [{"type": "add_tags", "value": [1, {}]}],
        [{"type": "webhook", "webhook": 123}],
    ],
)
def test_bad_actions_are_422(admin_api, actions):
    assert admin_api.post("/triggers", {**TRIGGER, "actions": actions}).status_code == 422
