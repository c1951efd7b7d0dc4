"""The inbox counts an SLA deadline down in the browser, and shows it overdue once it passes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from fyr.sla import services
from fyr.sla.services import PolicyInput, TargetInput
from tests.conftest import PASSWORD, inbound_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_inbox_countdown_ticks_and_turns_overdue(page, agent, customer, support):
    from fyr.tickets import services as tickets

    services.create_policy(
        PolicyInput(name="Snabb", targets=[TargetInput("first_response", 90, False)])
    )
    ticket = tickets.receive(inbound_email(team_id=support.pk, external_id="<sla@x>")).ticket
    page.clock.install()
    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/desk/?view=open&sort=sla")
    countdown = page.locator(f'tr[data-number="{ticket.number}"] time.sla')
    expect(countdown).to_have_text("in 1 h 29 min")
    page.clock.fast_forward(int(timedelta(minutes=80).total_seconds() * 1000))
    expect(countdown).to_have_class("sla sla-soon")
    page.clock.fast_forward(int(timedelta(minutes=40).total_seconds() * 1000))
    expect(countdown).to_contain_text("overdue")
    expect(countdown).to_have_class("sla sla-overdue")
