"""The desk's trigger, automation and webhook pages (administrators only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fyr.rules import services as rules
from fyr.rules.models import Automation, Trigger, Webhook


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def trigger_post(**overrides):
    data = {
        "name": "Invoices",
        "active": "on",
        "run_on": ["created"],
        "cond_group": ["all", "any"],
        "cond_field": ["ticket.subject", "ticket.priority"],
        "cond_operator": ["contains", "in"],
        "cond_value": ["faktura", "high, urgent"],
        "cond_business": ["calendar", "calendar"],
        "action_type": ["set_assignee", "add_tags", ""],
        "action_value": ["agent@fyr.test", "billing, money", ""],
        "action_to": ["assignee", "assignee", "assignee"],
        "action_subject": ["", "", ""],
        "action_body": ["", "", ""],
        "action_webhook": ["", "", ""],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "name", ["desk:triggers", "desk:trigger_new", "desk:automations", "desk:webhooks"]
)
def test_pages_are_for_admins(client, agent, admin, name):
    client.force_login(agent)
    assert client.get(reverse(name)).status_code == 403
    client.force_login(admin)
    assert client.get(reverse(name)).status_code == 200


def test_admin_creates_a_trigger_from_rows(admin_client, agent):
    response = admin_client.post(reverse("desk:trigger_new"), trigger_post())
    assert response.status_code == 302
    trigger = Trigger.objects.get()
    assert trigger.run_on == ["created"]
    assert trigger.conditions == {
        "all": [{"field": "ticket.subject", "operator": "contains", "value": "faktura"}],
        "any": [{"field": "ticket.priority", "operator": "in", "value": ["high", "urgent"]}],
    }
    assert trigger.actions == [
        {"type": "set_assignee", "value": agent.pk},
        {"type": "add_tags", "value": ["billing", "money"]},
    ]
    page = admin_client.get(reverse("desk:trigger", args=[trigger.pk])).content.decode()
    assert 'value="agent@fyr.test"' in page and 'value="high, urgent"' in page


def test_invalid_rows_show_their_errors_and_nothing_is_saved(admin_client):
    data = trigger_post(
        cond_value=["faktura", "high, extreme"],
        action_value=["nobody@fyr.test", "billing", ""],
        run_on=[],
    )
    response = admin_client.post(reverse("desk:trigger_new"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count('class="rule-row has-error"') == 2
    assert "Use one of: low, normal, high, urgent" in page
    assert "Give an id" in page
    assert "Choose one or more of" in page
    assert not Trigger.objects.exists()


def test_admin_edits_toggles_moves_and_deletes(admin_client, agent):
    first = rules.create_trigger(
        name="First",
        run_on=["created"],
        conditions={},
        actions=[{"type": "add_tags", "value": "a"}],
    )
    second = rules.create_trigger(
        name="Second",
        run_on=["created"],
        conditions={},
        actions=[{"type": "add_tags", "value": "b"}],
    )
    url = reverse("desk:trigger", args=[first.pk])
    assert admin_client.post(url, trigger_post(name="Renamed")).status_code == 302
    first.refresh_from_db()
    assert first.name == "Renamed" and first.actions[0]["type"] == "set_assignee"
    admin_client.post(reverse("desk:rule_toggle", args=["trigger", first.pk]))
    first.refresh_from_db()
    assert first.active is False
    admin_client.post(reverse("desk:rule_move", args=["trigger", second.pk]), {"direction": "up"})
    assert list(Trigger.objects.order_by("position").values_list("name", flat=True)) == [
        "Second",
        "Renamed",
    ]
    admin_client.post(reverse("desk:rule_delete", args=["trigger", first.pk]))
    assert list(Trigger.objects.values_list("name", flat=True)) == ["Second"]
    assert admin_client.post(reverse("desk:rule_toggle", args=["nonsense", 1])).status_code == 404


def test_admin_creates_an_automation_with_business_hours(admin_client):
    data = {
        "name": "Nudge",
        "active": "on",
        "cond_group": ["all", "all"],
        "cond_field": ["ticket.assignee", "time.created"],
        "cond_operator": ["not_set", "gte"],
        "cond_value": ["", "1,5"],
        "cond_business": ["calendar", "business"],
        "action_type": ["notify"],
        "action_value": [""],
        "action_to": ["team_leads"],
        "action_subject": ["Unassigned #{{ ticket.number }}"],
        "action_body": ["Please look"],
        "action_webhook": [""],
    }
    response = admin_client.post(reverse("desk:automation_new"), data)
    assert response.status_code == 302, response.content.decode()
    automation = Automation.objects.get()
    assert automation.conditions["all"][1] == {
        "field": "time.created",
        "operator": "gte",
        "value": 1.5,
        "business": True,
    }
    assert admin_client.get(reverse("desk:automations")).content.decode().count("Nudge") >= 1


def test_admin_creates_and_edits_a_webhook(admin_client):
    response = admin_client.post(
        reverse("desk:webhook_new"), {"name": "CRM", "url": "ftp://x", "active": "on"}
    )
    assert response.status_code == 422
    assert not Webhook.objects.exists()
    response = admin_client.post(
        reverse("desk:webhook_new"),
        {"name": "CRM", "url": "https://crm.example.com/h", "active": "on"},
    )
    webhook = Webhook.objects.get()
    assert response.status_code == 302
    secret = webhook.secret
    admin_client.post(
        reverse("desk:webhook", args=[webhook.pk]),
        {"name": "CRM 2", "url": "https://crm.example.com/h2", "secret": ""},
    )
    webhook.refresh_from_db()
    assert (webhook.name, webhook.secret, webhook.active) == ("CRM 2", secret, False)
    page = admin_client.get(reverse("desk:webhook", args=[webhook.pk])).content.decode()
    assert "No calls yet" in page
