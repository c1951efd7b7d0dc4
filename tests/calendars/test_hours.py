"""Business-time arithmetic on known Swedish days: weekends, eves, DST, special days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from fyr.calendars.hours import (
    ALWAYS_OPEN,
    Schedule,
    add_business_minutes,
    business_minutes_between,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEKDAYS_8_17 = {day: [(time(8), time(17))] for day in range(5)}
WITH_LUNCH = {day: [(time(8), time(12)), (time(13), time(17))] for day in range(5)}


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)  # type: ignore[misc]


def office(**kwargs) -> Schedule:
    return Schedule(
        time_zone="Europe/Stockholm",
        weekly=kwargs.pop("weekly", WEEKDAYS_8_17),
        holiday_country="SE",
        **kwargs,
    )


def test_friday_afternoon_plus_an_hour_is_monday_morning():
    result = add_business_minutes(office(), local(2026, 11, 20, 16, 30), 60)

    assert result == local(2026, 11, 23, 8, 30)
    assert result.tzinfo == UTC


def test_adding_from_a_closed_instant_counts_from_the_next_opening():
    assert add_business_minutes(office(), local(2026, 11, 21, 10, 0), 30) == local(
        2026, 11, 23, 8, 30
    )


def test_lunch_is_not_business_time():
    schedule = office(weekly=WITH_LUNCH)

    assert add_business_minutes(schedule, local(2026, 11, 23, 11, 30), 60) == local(
        2026, 11, 23, 13, 30
    )
    assert business_minutes_between(
        schedule, local(2026, 11, 23, 0, 0), local(2026, 11, 24, 0, 0)
    ) == (8 * 60)
    assert not schedule.is_open(local(2026, 11, 23, 12, 30))
    assert schedule.next_open(local(2026, 11, 23, 12, 30)) == local(2026, 11, 23, 13, 0)


def test_midsommarafton_and_midsommardagen_are_closed():
    """2026: midsommarafton Friday 19 June (de-facto closed), midsommardagen Saturday."""
    schedule = office()

    assert not schedule.is_open(local(2026, 6, 19, 10, 0))
    assert add_business_minutes(schedule, local(2026, 6, 18, 16, 30), 60) == local(
        2026, 6, 22, 8, 30
    )


def test_jul_closes_julafton_through_annandag_and_nyarsafton():
    """2026: julafton Thursday, juldagen Friday; nyårsafton Thursday, nyårsdagen Friday."""
    schedule = office()

    assert add_business_minutes(schedule, local(2026, 12, 23, 16, 0), 120) == local(
        2026, 12, 28, 9, 0
    )
    assert business_minutes_between(
        schedule, local(2026, 12, 21, 0, 0), local(2027, 1, 4, 0, 0)
    ) == (6 * 9 * 60)  # 21–23, 28–30 December
    assert schedule.holiday_name(date(2026, 12, 24)) == "Julafton"


def test_a_working_day_is_nine_hours_on_both_dst_sundays():
    every_day = {day: [(time(8), time(17))] for day in range(7)}
    schedule = Schedule(time_zone="Europe/Stockholm", weekly=every_day)

    for sunday in (date(2026, 3, 29), date(2026, 10, 25)):
        start = datetime.combine(sunday, time(0), tzinfo=STOCKHOLM)
        assert schedule.between(start, start + timedelta(days=1)) == timedelta(hours=9)
        assert schedule.add(start, timedelta(hours=1)) == datetime.combine(
            sunday, time(9), tzinfo=STOCKHOLM
        )


def test_the_missing_spring_hour_is_never_open():
    schedule = Schedule(time_zone="Europe/Stockholm", weekly={6: [(time(2), time(4))]})
    sunday = local(2026, 3, 29, 0, 0)

    assert schedule.between(sunday, sunday + timedelta(days=1)) == timedelta(hours=1)
    assert schedule.next_open(sunday) == local(2026, 3, 29, 3, 0)


def test_the_repeated_autumn_hour_is_open_twice():
    schedule = Schedule(time_zone="Europe/Stockholm", weekly={6: [(time(0), time(3))]})
    sunday = local(2026, 10, 25, 0, 0)

    assert schedule.between(sunday, sunday + timedelta(days=1)) == timedelta(hours=4)


def test_a_period_starting_in_the_repeated_hour_is_open_on_both_passes():
    schedule = Schedule(time_zone="Europe/Stockholm", weekly={6: [(time(2, 30), time(4))]})
    first_pass = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST

    assert schedule.between(local(2026, 10, 25, 0, 0), local(2026, 10, 26, 0, 0)) == timedelta(
        hours=2
    )
    assert schedule.is_open(first_pass)
    assert not schedule.is_open(first_pass + timedelta(minutes=30))  # 02:00 CET
    assert schedule.is_open(first_pass + timedelta(hours=1))  # 02:30 CET


def test_a_period_closing_at_midnight_runs_to_the_end_of_the_day():
    schedule = Schedule(time_zone="Europe/Stockholm", weekly={0: [(time(20), time(0))]})

    assert schedule.add(local(2026, 11, 23, 23, 0), timedelta(hours=1)) == local(2026, 11, 24, 0, 0)
    assert not schedule.is_open(local(2026, 11, 24, 0, 0))


def test_a_special_open_day_opens_a_saturday_and_a_holiday():
    saturday, national_day = date(2026, 11, 28), date(2026, 6, 6)
    schedule = office(
        special={
            saturday: [(time(10), time(12)), (time(13), time(14))],
            national_day: [(time(9), time(11))],
        }
    )

    assert schedule.is_open(local(2026, 11, 28, 11, 0))
    assert not schedule.is_open(local(2026, 11, 28, 12, 30))
    assert schedule.between(local(2026, 11, 28, 0, 0), local(2026, 11, 29, 0, 0)) == timedelta(
        hours=3
    )
    assert add_business_minutes(schedule, local(2026, 11, 27, 16, 30), 60) == local(
        2026, 11, 28, 10, 30
    )
    assert schedule.is_open(local(2026, 6, 6, 10, 0))  # a Saturday holiday, staffed anyway


def test_a_special_closed_day_closes_a_weekday():
    schedule = office(special={date(2026, 11, 23): []})

    assert not schedule.is_open(local(2026, 11, 23, 10, 0))
    assert add_business_minutes(schedule, local(2026, 11, 20, 16, 30), 60) == local(
        2026, 11, 24, 8, 30
    )


def test_zero_is_the_start_and_negative_is_refused():
    start = local(2026, 11, 21, 10, 0)  # a closed Saturday

    assert office().add(start, timedelta(0)) == start
    with pytest.raises(ValueError, match="negative"):
        office().add(start, timedelta(minutes=-1))


def test_a_calendar_that_never_opens_says_so():
    schedule = Schedule(time_zone="Europe/Stockholm", weekly={})

    with pytest.raises(ValueError, match="no open time"):
        schedule.add(local(2026, 11, 23, 10, 0), timedelta(minutes=1))
    with pytest.raises(ValueError, match="no open time"):
        schedule.next_open(local(2026, 11, 23, 10, 0))
    assert schedule.between(local(2026, 1, 1, 0, 0), local(2027, 1, 1, 0, 0)) == timedelta(0)


def test_between_is_empty_when_end_is_not_after_start():
    start = local(2026, 11, 23, 10, 0)

    assert office().between(start, start) == timedelta(0)
    assert office().between(start, start - timedelta(hours=1)) == timedelta(0)


def test_business_minutes_are_rounded_down():
    start = local(2026, 11, 23, 10, 0)

    assert business_minutes_between(office(), start, start + timedelta(seconds=119)) == 1


def test_always_open_is_calendar_time():
    start = datetime(2026, 12, 24, 18, 0, tzinfo=UTC)

    assert ALWAYS_OPEN.is_open(start)
    assert ALWAYS_OPEN.add(start, timedelta(days=2)) == start + timedelta(days=2)
    assert ALWAYS_OPEN.between(start, start + timedelta(hours=5)) == timedelta(hours=5)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        office().is_open(datetime(2026, 11, 23, 10, 0))


def test_without_holidays_a_holiday_is_a_working_day():
    schedule = Schedule(time_zone="Europe/Stockholm", weekly=WEEKDAYS_8_17)

    assert schedule.is_open(local(2026, 12, 24, 10, 0))


def test_the_ends_of_time_do_not_crash():
    """The first and last dates Python has count as closed; nothing overflows."""
    every_day = Schedule(weekly={day: [(time(8), time(17))] for day in range(7)})
    late = datetime(9999, 12, 30, 12, 0, tzinfo=UTC)
    early = datetime(1, 1, 1, 12, 0, tzinfo=UTC)

    assert every_day.is_open(late)
    with pytest.raises(ValueError, match="no open time"):
        every_day.add(late, timedelta(days=2))
    assert every_day.between(early, early + timedelta(days=2)) == timedelta(hours=9 + 4)
    assert every_day.next_open(early) == datetime(1, 1, 2, 8, 0, tzinfo=UTC)
