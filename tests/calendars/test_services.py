"""Saving calendars: validation by field path, one default, the schedule cache forgotten."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from fyr.accounts import services as accounts
from fyr.calendars import hours, services
from fyr.calendars.models import Calendar, OpeningPeriod, SpecialDay
from fyr.mail.models import Mailbox
from tests.calendars.conftest import office_input

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


def errors_of(call, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


def test_a_calendar_is_saved_with_its_periods_and_special_days(db):
    calendar = services.create_calendar(
        office_input(
            special_days=[
                services.SpecialDayIn(date(2026, 12, 23), "Lillejul"),
                services.SpecialDayIn(date(2026, 11, 28), "", False, time(10), time(14)),
            ]
        )
    )

    assert calendar.is_default  # the first calendar
    assert OpeningPeriod.objects.filter(calendar=calendar).count() == 10
    assert list(SpecialDay.objects.values_list("date", "closed", "opens")) == [
        (date(2026, 11, 28), False, time(10)),
        (date(2026, 12, 23), True, None),
    ]


def test_a_new_default_replaces_the_old_one(office):
    other = services.create_calendar(office_input("Jour", is_default=True))

    office.refresh_from_db()
    assert (office.is_default, other.is_default) == (False, True)
    services.update_calendar(office, office_input(is_default=True))
    assert list(Calendar.objects.filter(is_default=True)) == [office]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "kontoret"}, "name"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"holiday_country": "QQ"}, "holiday_country"),
        ({"holiday_country": "", "holiday_subdivision": "BY"}, "holiday_subdivision"),
        ({"holiday_country": "SE", "holiday_subdivision": "BY"}, "holiday_subdivision"),
        ({"periods": []}, "periods"),
        ({"periods": [services.PeriodIn(0, time(9), time(9))]}, "periods.0.closes"),
        ({"periods": [services.PeriodIn(8, time(9), time(10))]}, "periods.0.weekday"),
        (
            {
                "periods": [
                    services.PeriodIn(0, time(0), time(0)),
                    services.PeriodIn(0, time(23), time(0)),
                ]
            },
            "periods.1",
        ),
        (
            {"special_days": [services.SpecialDayIn(date(2026, 1, 2), closed=False)]},
            "special_days.0.closes",
        ),
        (
            {
                "special_days": [
                    services.SpecialDayIn(date(2026, 1, 2), "", False, time(8), time(12)),
                    services.SpecialDayIn(date(2026, 1, 2)),
                ]
            },
            "special_days.1",
        ),
        (
            {"special_days": [services.SpecialDayIn(date(2026, 1, 2), "", True, time(8), None)]},
            "special_days.0.closed",
        ),
    ],
)
def test_invalid_calendars_name_the_field(office, changes, field):
    before = list(Calendar.objects.values_list("name", "time_zone"))

    errors = errors_of(services.create_calendar, office_input(**{"name": "Ny", **changes}))

    assert field in errors, errors
    assert list(Calendar.objects.values_list("name", "time_zone")) == before


def test_a_region_of_the_country_is_accepted(db):
    calendar = services.create_calendar(
        office_input(holiday_country="de", holiday_subdivision="by")
    )

    assert (calendar.holiday_country, calendar.holiday_subdivision) == ("DE", "BY")


def test_periods_that_touch_are_fine(db):
    services.create_calendar(
        office_input(
            periods=[
                services.PeriodIn(0, time(8), time(12)),
                services.PeriodIn(0, time(12), time(0)),
            ]
        )
    )


def test_saving_forgets_the_cached_schedule(office):
    assert hours.schedule_for(None).is_open(MONDAY_10)

    services.update_calendar(office, office_input(periods=[services.PeriodIn(1, time(8), time(9))]))

    assert not hours.schedule_for(None).is_open(MONDAY_10)


def test_schedules_follow_teams_and_mailboxes_and_fall_back_to_the_default(office, support):
    night = services.create_calendar(
        office_input("Natt", periods=[services.PeriodIn(0, time(22), time(0))])
    )
    billing = accounts.get_or_create_team("Billing")
    support.calendar = night
    support.save()
    mailbox = Mailbox.objects.create(address="natt@fyr.test", calendar=night)
    hours.forget()

    assert hours.schedule_for(night.pk).is_open(MONDAY_10) is False
    assert hours.schedule_for(office.pk).is_open(MONDAY_10) is True
    assert hours.schedule_for_team(support.pk) is hours.schedule_for(night.pk)
    assert hours.schedule_for_team(billing.pk) is hours.schedule_for(office.pk)
    assert hours.schedule_for_team(None) is hours.schedule_for(office.pk)
    assert hours.schedule_for_mailbox(mailbox.pk, billing.pk) is hours.schedule_for(night.pk)
    assert hours.schedule_for_mailbox(None, billing.pk) is hours.schedule_for(office.pk)


def test_without_a_default_business_time_is_calendar_time(db, support):
    assert hours.schedule_for(None) is hours.ALWAYS_OPEN
    assert hours.schedule_for_team(support.pk) is hours.ALWAYS_OPEN
    assert not hours.calendars_exist()


def test_deleting_a_calendar_moves_its_teams_to_the_default(office, support):
    night = services.create_calendar(
        office_input("Natt", periods=[services.PeriodIn(0, time(22), time(0))])
    )
    support.calendar = night
    support.save()

    services.delete_calendar(night)

    support.refresh_from_db()
    assert support.calendar is None
    assert hours.schedule_for_team(support.pk).is_open(MONDAY_10)


def test_deleting_the_default_leaves_calendar_time(office):
    services.delete_calendar(office)

    assert hours.schedule_for(None) is hours.ALWAYS_OPEN


def test_schedules_are_loaded_once_per_cache_period(office, django_assert_num_queries):
    hours.schedule_for(None)

    with django_assert_num_queries(0):
        for _ in range(100):
            hours.schedule_for_team(1).add(MONDAY_10, timedelta(hours=3))


def test_the_business_minute_helpers_use_the_calendar(office):
    schedule = hours.schedule_for(office.pk)
    friday = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)  # 16:30 in Stockholm

    assert hours.add_business_minutes(schedule, friday, 60) == datetime(
        2026, 11, 23, 7, 30, tzinfo=UTC
    )
    assert hours.business_minutes_between(schedule, friday, MONDAY_10) == 30 + 120
