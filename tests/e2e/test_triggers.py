"""An admin creates a trigger in the desk; a new ticket matching it is assigned and tagged."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fyr.rules.models import Trigger
from fyr.tickets.models import Ticket
from tests.conftest import PASSWORD, inbound_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_creates_a_trigger_and_a_new_ticket_follows_it(page, admin, agent, customer):
    from fyr.tickets import services

    page.goto("/desk/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/desk/settings/triggers/")
    page.get_by_role("link", name="New trigger").click()
    page.get_by_label("Name").fill("Invoices to Agnes")
    expect(page.get_by_label("Ticket created")).to_be_checked()

    condition = page.locator('[data-rows="conditions"] [data-row]').first
    condition.locator('select[name="cond_field"]').select_option("ticket.subject")
    condition.locator('select[name="cond_operator"]').select_option("contains")
    condition.locator('input[name="cond_value"]').fill("faktura")

    actions = page.locator('[data-rows="actions"] [data-row]')
    actions.nth(0).locator('select[name="action_type"]').select_option("set_assignee")
    expect(actions.nth(0).locator('textarea[name="action_body"]')).to_be_hidden()
    actions.nth(0).locator('input[name="action_value"]').fill(agent.email)
    page.get_by_role("button", name="Add action").click()
    actions.nth(1).locator('select[name="action_type"]').select_option("add_tags")
    actions.nth(1).locator('input[name="action_value"]').fill("billing")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/desk/settings/triggers/$"))
    expect(page.locator(".rules-table")).to_contain_text("Invoices to Agnes")
    trigger = Trigger.objects.get()
    assert trigger.run_on == ["created"]

    ticket = services.receive(inbound_email(subject="Fakturan för mars är fel")).ticket

    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.assignee_id == agent.pk
    assert list(ticket.tags.values_list("name", flat=True)) == ["billing"]
    other = services.receive(inbound_email(subject="Lösenordet", external_id="<pw@acme.se>"))
    assert other.ticket.assignee_id is None


def test_an_invalid_trigger_shows_the_error_on_its_row(page, admin):
    page.goto("/desk/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/desk/settings/triggers/new/")
    page.get_by_label("Name").fill("Broken")
    condition = page.locator('[data-rows="conditions"] [data-row]').first
    condition.locator('select[name="cond_field"]').select_option("ticket.status")
    condition.locator('input[name="cond_value"]').fill("sleeping")
    action = page.locator('[data-rows="actions"] [data-row]').first
    action.locator('select[name="action_type"]').select_option("add_note")
    action.locator('textarea[name="action_body"]').fill("Hej {{ contact.shoe_size }}")
    page.get_by_role("button", name="Save").click()

    expect(condition.locator(".field-errors")).to_contain_text("Use one of")
    expect(page.locator('[data-rows="actions"] .field-errors')).to_contain_text("placeholder")
    assert not Trigger.objects.exists()
