"""Calendars for the tests: a Swedish office Mon–Fri 08:00–17:00 with lunch 12–13."""

from __future__ import annotations

from datetime import time

import pytest

from fyr.calendars import services
from fyr.calendars.models import Calendar

LUNCH = ((time(8), time(12)), (time(13), time(17)))


def office_input(name: str = "Kontoret", **changes) -> services.CalendarIn:
    periods = [services.PeriodIn(day, o, c) for day in range(5) for o, c in LUNCH]
    fields = {"name": name, "periods": periods, **changes}
    return services.CalendarIn(**fields)


@pytest.fixture
def office(db) -> Calendar:
    return services.create_calendar(office_input())
