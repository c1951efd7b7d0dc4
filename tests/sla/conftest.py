from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from fyr.calendars.models import Calendar, OpeningPeriod
from fyr.core import clock
from fyr.sla import services
from fyr.sla.services import PolicyInput, TargetInput

#: A Tuesday morning in winter (UTC+1 in Stockholm), well inside office hours.
T0 = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)


def policy(name="Standard", *, conditions=None, warn=15, on_warning=(), on_breach=(), **targets):
    """``targets`` as metric=minutes (calendar time) or metric=(minutes, business_hours)."""
    items = []
    for metric, value in targets.items():
        minutes, business = value if isinstance(value, tuple) else (value, False)
        items.append(TargetInput(metric, minutes, business))
    return services.create_policy(
        PolicyInput(
            name=name,
            conditions=conditions or {},
            targets=items,
            warn_before_minutes=warn,
            on_warning=list(on_warning),
            on_breach=list(on_breach),
        )
    )


@pytest.fixture
def office_hours(db):
    """Mon–Fri 08:00–17:00 Stockholm time, Swedish holidays; the default calendar."""
    calendar = Calendar.objects.create(name="Kontoret", is_default=True)
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(calendar=calendar, weekday=day, opens=time(8), closes=time(17))
        for day in range(5)
    )
    from fyr.calendars import hours

    hours.forget()
    return calendar


@pytest.fixture
def at():
    """``with at(minutes)``: run at T0 + that many minutes."""
    from datetime import timedelta

    def run_at(minutes: float):
        return clock.at(T0 + timedelta(minutes=minutes))

    return run_at
