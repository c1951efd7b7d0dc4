"""An admin sets up business hours in the desk: a lunch break added with "+ Add period", the
region select following the country, the closed-day preview."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fyr.calendars.models import Calendar
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_creates_a_calendar_with_a_lunch_break(page, admin):
    page.goto("/desk/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/desk/settings/calendars/")
    page.get_by_role("link", name="New calendar").click()
    page.get_by_label("Name", exact=True).fill("Kontoret")
    monday = page.locator('tr[data-formset="day0"]')
    monday.locator('input[name="day0-0-closes"]').fill("12:00")
    monday.get_by_role("button", name="+ Add period").click()
    monday.locator('input[name="day0-1-opens"]').fill("13:00")
    monday.locator('input[name="day0-1-closes"]').fill("17:00")

    page.get_by_label("Public holidays of").select_option("DE")
    expect(page.get_by_label("Region")).to_contain_text("Bayern")
    page.get_by_label("Public holidays of").select_option("SE")
    expect(page.locator("#closed-preview")).to_contain_text(re.compile("Midsommarafton|Midsummer"))
    page.screenshot(path="/tmp/cal-form.png", full_page=True)
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/desk/settings/calendars/$"))
    expect(page.locator(".calendars-table")).to_contain_text(
        "Mon 08:00–12:00, 13:00–17:00; Tue–Fri 08:00–17:00"
    )
    page.screenshot(path="/tmp/cal-list.png", full_page=True)
    calendar = Calendar.objects.get()
    assert (calendar.holiday_country, calendar.is_default) == ("SE", True)
