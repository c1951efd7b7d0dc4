"""/api/v1/calendars: admins script business hours, agents read them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fyr.calendars.models import Calendar
from fyr.core import clock
from tests.api.conftest import field_errors

OFFICE = {
    "name": "Kontoret",
    "time_zone": "Europe/Stockholm",
    "holiday_country": "SE",
    "periods": [
        {"weekday": day, "opens": opens, "closes": closes}
        for day in range(5)
        for opens, closes in (("08:00", "12:00"), ("13:00", "17:00"))
    ],
    "special_days": [
        {"date": "2026-12-23", "name": "Lillejulafton", "closed": True},
        {"date": "2026-12-27", "closed": False, "opens": "10:00", "closes": "14:00"},
    ],
}


def test_an_admin_creates_reads_changes_and_deletes_a_calendar(admin_api):
    with clock.at(datetime(2026, 11, 21, 9, 0, tzinfo=UTC)):  # a Saturday
        created = admin_api.post("/calendars", OFFICE)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["is_default"] is True  # the first calendar
    assert body["periods"][:2] == [
        {"weekday": 0, "opens": "08:00:00", "closes": "12:00:00"},
        {"weekday": 0, "opens": "13:00:00", "closes": "17:00:00"},
    ]
    assert body["special_days"][1] == {
        "date": "2026-12-27",
        "name": "",
        "closed": False,
        "opens": "10:00:00",
        "closes": "14:00:00",
    }
    pk = body["id"]

    patched = admin_api.patch(f"/calendars/{pk}", {"name": "Kontor", "holiday_country": "no"})
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["name"], patched.json()["holiday_country"]) == ("Kontor", "NO")
    assert patched.json()["periods"] == body["periods"]

    replaced = admin_api.put(f"/calendars/{pk}", {**OFFICE, "special_days": []})
    assert replaced.status_code == 200
    assert replaced.json()["special_days"] == []
    assert replaced.json()["name"] == "Kontoret"

    assert admin_api.delete(f"/calendars/{pk}").status_code == 204
    assert not Calendar.objects.exists()


def test_open_now_and_next_opening_are_reported(admin_api):
    pk = admin_api.post("/calendars", OFFICE).json()["id"]

    with clock.at(datetime(2026, 11, 21, 9, 0, tzinfo=UTC)):  # Saturday
        closed = admin_api.get(f"/calendars/{pk}").json()
    with clock.at(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)):  # Monday 10:00 in Stockholm
        open_ = admin_api.get(f"/calendars/{pk}").json()

    assert (closed["open_now"], closed["next_opening"]) == (False, "2026-11-23T07:00:00Z")
    assert (open_["open_now"], open_["next_opening"]) == (True, "2026-11-23T09:00:00Z")


def test_only_one_calendar_is_the_default(admin_api):
    first = admin_api.post("/calendars", OFFICE).json()
    second = admin_api.post("/calendars", {**OFFICE, "name": "Jour", "is_default": True}).json()

    assert second["is_default"] is True
    assert admin_api.get(f"/calendars/{first['id']}").json()["is_default"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Europe/Atlantis"}, "time_zone"),
        ({"holiday_country": "XX"}, "holiday_country"),
        ({"holiday_subdivision": "ZZ"}, "holiday_subdivision"),
        ({"periods": []}, "periods"),
        ({"periods": [{"weekday": 0, "opens": "17:00", "closes": "08:00"}]}, "periods.closes"),
        ({"periods": [{"weekday": 7, "opens": "08:00", "closes": "17:00"}]}, "periods.weekday"),
        ({"periods": [{"weekday": 0, "opens": "08:00+01:00", "closes": "17:00"}]}, "periods.opens"),
        (
            {
                "periods": [
                    {"weekday": 0, "opens": "08:00", "closes": "12:00"},
                    {"weekday": 0, "opens": "11:00", "closes": "00:00"},
                ]
            },
            "periods",
        ),
        ({"special_days": [{"date": "2026-12-27", "closed": False}]}, "special_days.closes"),
        (
            {
                "special_days": [
                    {"date": "2026-12-27"},
                    {"date": "2026-12-27", "closed": False, "opens": "10:00", "closes": "11:00"},
                ]
            },
            "special_days",
        ),
    ],
)
def test_invalid_calendars_are_refused_with_the_field_named(admin_api, change, field):
    response = admin_api.post("/calendars", {**OFFICE, **change})

    assert response.status_code == 422, response.json()
    assert field in field_errors(response)
    assert not Calendar.objects.exists()


def test_an_overlap_points_at_the_row(admin_api):
    periods = [
        {"weekday": 0, "opens": "08:00", "closes": "12:00"},
        {"weekday": 1, "opens": "08:00", "closes": "12:00"},
        {"weekday": 0, "opens": "11:00", "closes": "13:00"},
    ]

    response = admin_api.post("/calendars", {**OFFICE, "periods": periods})

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "payload", "periods", 2]]
    assert "overlaps 08:00–12:00" in response.json()["detail"][0]["msg"]


def test_a_duplicate_name_is_refused(admin_api):
    admin_api.post("/calendars", OFFICE)

    response = admin_api.post("/calendars", {**OFFICE, "name": "kontoret"})

    assert response.status_code == 422
    assert "name" in field_errors(response)


def test_agents_read_but_only_admins_write(admin_api, agent_api, light_api):
    pk = admin_api.post("/calendars", OFFICE).json()["id"]

    assert agent_api.get("/calendars").json()["items"][0]["id"] == pk
    assert light_api.get(f"/calendars/{pk}").status_code == 200
    assert agent_api.post("/calendars", {**OFFICE, "name": "Annan"}).status_code == 403
    assert agent_api.patch(f"/calendars/{pk}", {"name": "Annan"}).status_code == 403
    assert agent_api.put(f"/calendars/{pk}", OFFICE).status_code == 403
    assert agent_api.delete(f"/calendars/{pk}").status_code == 403
    assert list(Calendar.objects.values_list("name", flat=True)) == ["Kontoret"]


def test_the_list_is_paginated(admin_api):
    for n in range(3):
        admin_api.post("/calendars", {**OFFICE, "name": f"K{n}"})

    first = admin_api.get("/calendars", {"limit": 2}).json()
    second = admin_api.get("/calendars", {"limit": 2, "cursor": first["next_cursor"]}).json()

    assert [c["name"] for c in first["items"] + second["items"]] == ["K0", "K1", "K2"]
    assert second["next_cursor"] is None


def test_an_unknown_calendar_is_404(admin_api):
    assert admin_api.get("/calendars/999").status_code == 404
    assert admin_api.delete("/calendars/999").status_code == 404
