"""The desk's business-hours pages: admins only; the form refuses what the service refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from fyr.calendars.models import Calendar, OpeningPeriod, SpecialDay
from fyr.core import clock


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(week: dict[int, list[tuple[str, str]]], special=(), **fields) -> dict[str, str]:
    data = {
        "name": "Kontoret",
        "time_zone": "Europe/Stockholm",
        "holiday_country": "SE",
        "holiday_subdivision": "",
        **fields,
    }
    for day in range(7):
        rows = week.get(day, [])
        data.update(management(f"day{day}", len(rows)))
        for index, (opens, closes) in enumerate(rows):
            data[f"day{day}-{index}-opens"] = opens
            data[f"day{day}-{index}-closes"] = closes
    data.update(management("special", len(special)))
    for index, row in enumerate(special):
        for key, value in row.items():
            data[f"special-{index}-{key}"] = value
    return data


LUNCH = {day: [("08:00", "12:00"), ("13:00", "17:00")] for day in range(5)}


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_agents_may_not_see_the_pages(client, agent):
    client.force_login(agent)

    assert client.get(reverse("desk:calendars")).status_code == 403
    response = client.post(reverse("desk:calendar_new"), form_data(LUNCH))
    assert response.status_code == 403
    assert not Calendar.objects.exists()


def test_a_new_calendar_starts_as_an_office_week(admin_client):
    page = admin_client.get(reverse("desk:calendar_new")).content.decode()

    assert 'name="day0-0-opens"' in page and 'value="08:00"' in page
    assert 'name="day5-TOTAL_FORMS" value="0"' in page
    assert 'name="is_default" id="id_is_default" checked' in page  # the first calendar
    assert "Julafton" in page or "Christmas Eve" in page  # the preview


def test_an_admin_creates_a_calendar_with_lunch_and_a_special_day(admin_client):
    special = [
        {
            "date": "2026-12-27",
            "name": "Mellandagsrea",
            "closed": "open",
            "opens": "10:00",
            "closes": "14:00",
        }
    ]

    response = admin_client.post(
        reverse("desk:calendar_new"), form_data(LUNCH, special, is_default="on")
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    calendar = Calendar.objects.get()
    assert calendar.is_default
    assert OpeningPeriod.objects.filter(calendar=calendar, weekday=0).count() == 2
    assert list(SpecialDay.objects.values_list("date", "closed", "opens", "closes")) == [
        (date(2026, 12, 27), False, time(10), time(14))
    ]
    listing = admin_client.get(reverse("desk:calendars")).content.decode()
    assert "Mon–Fri 08:00–12:00, 13:00–17:00" in listing


def test_overlapping_periods_are_shown_on_their_row(admin_client):
    week = {0: [("08:00", "12:00"), ("11:00", "13:00")]}

    response = admin_client.post(reverse("desk:calendar_new"), form_data(week))

    assert response.status_code == 400
    assert "overlaps 08:00–12:00" in response.content.decode()
    assert not Calendar.objects.exists()


def test_a_calendar_without_periods_is_refused(admin_client):
    response = admin_client.post(reverse("desk:calendar_new"), form_data({}))

    assert response.status_code == 400
    assert "at least one opening period" in response.content.decode()


def test_removed_and_blank_rows_are_left_out_and_edits_replace_the_week(admin_client):
    admin_client.post(reverse("desk:calendar_new"), form_data(LUNCH, is_default="on"))
    calendar = Calendar.objects.get()
    data = form_data({0: [("09:00", "10:00"), ("10:00", "11:00")], 1: [("", "")]}, name="Nytt")
    data["day0-1-DELETE"] = "on"

    response = admin_client.post(reverse("desk:calendar", args=[calendar.pk]), data)

    assert response.status_code == 302
    assert list(OpeningPeriod.objects.values_list("weekday", "opens")) == [(0, time(9))]
    calendar.refresh_from_db()
    assert (calendar.name, calendar.is_default) == ("Nytt", False)


def test_an_unknown_region_is_refused(admin_client):
    response = admin_client.post(
        reverse("desk:calendar_new"), form_data(LUNCH, holiday_subdivision="BY")
    )

    assert response.status_code == 400
    assert not Calendar.objects.exists()


def test_deleting_a_calendar(admin_client):
    admin_client.post(reverse("desk:calendar_new"), form_data(LUNCH))
    calendar = Calendar.objects.get()

    response = admin_client.post(reverse("desk:calendar_delete", args=[calendar.pk]))

    assert response.status_code == 302
    assert not Calendar.objects.exists()


def test_the_region_select_follows_the_country(admin_client):
    page = admin_client.get(reverse("desk:calendar_regions"), {"holiday_country": "DE"})

    assert 'value="BY"' in page.content.decode()
    assert "Bayern" in page.content.decode()


def test_the_preview_lists_holidays_and_special_days(admin_client):
    special = [
        {
            "date": "2026-12-24",
            "name": "Julafton öppet",
            "closed": "open",
            "opens": "09:00",
            "closes": "12:00",
        },
        {"date": "2026-12-23", "name": "Lillejul", "closed": "closed"},
    ]
    admin_client.post(reverse("desk:calendar_new"), form_data(LUNCH, special))
    calendar = Calendar.objects.get()

    with clock.at(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)):
        page = admin_client.get(
            reverse("desk:calendar_preview"),
            {"calendar": calendar.pk, "holiday_country": "SE", "holiday_subdivision": ""},
        ).content.decode()

    assert "Lillejul" in page
    assert "Julafton öppet" in page and "09:00–12:00" in page
    assert "Midsommarafton" in page or "Midsummer Eve" in page
    assert "2027-06-25" in page  # within the next 12 months
    assert "2027-12-24" not in page


def test_half_filled_rows_are_refused_not_dropped(admin_client):
    week = {**LUNCH, 5: [("10:00", "")]}
    special = [{"name": "Inventering", "closed": "closed"}]

    response = admin_client.post(reverse("desk:calendar_new"), form_data(week, special))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Give both the opening and the closing time" in page
    assert "Give the date" in page
    assert not Calendar.objects.exists()
