"""Business-time arithmetic against a minute-by-minute oracle.

The oracle knows nothing of intervals or UTC offsets: it walks UTC minutes, reads the local wall
clock and asks whether that wall time lies in a period of that local date (special day, else
closed on a public or de-facto holiday, else the weekday's periods). Every boundary in the
generated calendars is a whole minute and every DST change is on a whole hour, so a minute is
open exactly when its first instant is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fyr.calendars.hours import Schedule

MINUTE = timedelta(minutes=1)
RANGE_START = datetime(2025, 1, 1, tzinfo=UTC)
RANGE_MINUTES = 3 * 366 * 24 * 60

#: Local dates worth landing near: DST weekends, midsommar, jul, nyår, påsk.
INTERESTING = [
    date(2025, 3, 30),
    date(2025, 10, 26),
    date(2026, 3, 29),
    date(2026, 10, 25),
    date(2027, 3, 28),
    date(2027, 10, 31),
    date(2025, 6, 20),
    date(2026, 6, 19),
    date(2027, 6, 25),
    date(2025, 12, 24),
    date(2026, 12, 24),
    date(2026, 12, 31),
    date(2026, 4, 3),
    # Chile changes its clocks at midnight (America/Santiago)
    date(2025, 4, 6),
    date(2025, 9, 7),
    date(2026, 4, 5),
]

#: Minutes of the day that touch DST changes or common hours; drawn often.
SPECIAL_MINUTES = [0, 60, 120, 150, 180, 240, 480, 720, 780, 1020, 1380, 1440]


def to_time(minute: int) -> time:
    return time(0) if minute == 1440 else time(minute // 60, minute % 60)


@st.composite
def day_periods(draw: st.DrawFn, max_periods: int = 3) -> list[tuple[time, time]]:
    """Up to ``max_periods`` disjoint periods (lunch breaks), a close at 24:00 as 00:00."""
    count = draw(st.integers(0, max_periods))
    minute = st.one_of(st.sampled_from(SPECIAL_MINUTES), st.integers(0, 1440))
    points = draw(st.lists(minute, min_size=2 * count, max_size=2 * count, unique=True))
    points.sort()
    return [(to_time(a), to_time(b)) for a, b in zip(points[::2], points[1::2], strict=True)]


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    time_zone = draw(st.sampled_from(["Europe/Stockholm"] * 4 + ["UTC", "America/Santiago"]))
    weekly = {day: draw(day_periods()) for day in range(7)}
    assume(any(weekly.values()))
    special_dates = draw(
        st.lists(
            st.one_of(
                st.sampled_from(INTERESTING),
                st.dates(date(2025, 1, 1), date(2027, 12, 31)),
            ),
            max_size=4,
            unique=True,
        )
    )
    special = {day: draw(day_periods(max_periods=2)) for day in special_dates}
    country = draw(st.sampled_from(["SE", "SE", "SE", "", "DE"]))
    subdivision = "BY" if country == "DE" else ""
    return Schedule(
        time_zone=time_zone,
        weekly=weekly,
        holiday_country=country,
        holiday_subdivision=subdivision,
        special=special,
    )


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """A whole minute in 2025–2027, half the time within three days of an interesting date."""
    if draw(st.booleans()):
        day = draw(st.sampled_from(INTERESTING))
        base = datetime.combine(day, time(0), tzinfo=UTC)
        return base + MINUTE * draw(st.integers(-3 * 1440, 3 * 1440))
    return RANGE_START + MINUTE * draw(st.integers(0, RANGE_MINUTES))


class Oracle:
    """The slow, obvious reading of a schedule."""

    def __init__(self, schedule: Schedule) -> None:
        self.s = schedule
        self.tz = ZoneInfo(schedule.time_zone)
        self.closed: dict[int, set[date]] = {}

    def holiday(self, day: date) -> bool:
        if not self.s.holiday_country:
            return False
        if day.year not in self.closed:
            found = holidays.country_holidays(
                self.s.holiday_country,
                subdiv=self.s.holiday_subdivision or None,
                years=day.year,
                categories=("public", "de_facto")
                if self.s.holiday_country == "SE"
                else ("public",),
            )
            self.closed[day.year] = set(found)
        return day in self.closed[day.year]

    def periods(self, day: date) -> list[tuple[time, time]]:
        if day in self.s.special:
            return list(self.s.special[day])
        if self.holiday(day):
            return []
        return list(self.s.weekly.get(day.weekday(), ()))

    def is_open(self, at: datetime) -> bool:
        wall = at.astimezone(self.tz)
        clock = wall.time().replace(tzinfo=None)
        return any(
            opens <= clock and (closes == time(0) or clock < closes)
            for opens, closes in self.periods(wall.date())
        )

    def add(self, start: datetime, minutes: int) -> datetime:
        at = start
        while minutes > 0:
            if self.is_open(at):
                minutes -= 1
            at += MINUTE
        return at

    def between(self, start: datetime, end: datetime) -> int:
        count, at = 0, start
        while at < end:
            count += self.is_open(at)
            at += MINUTE
        return count

    def next_open(self, at: datetime) -> datetime:
        while not self.is_open(at):
            at += MINUTE
        return at


ORACLE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@ORACLE
@given(schedule=schedules(), start=instants(), minutes=st.integers(0, 3 * 5 * 9 * 60))
def test_add_matches_the_oracle(schedule, start, minutes):
    assume(any(schedule.weekly.get(d) for d in range(5)))  # open time within a few weeks

    expected = Oracle(schedule).add(start, minutes)

    assert schedule.add(start, timedelta(minutes=minutes)) == expected


@ORACLE
@given(schedule=schedules(), start=instants(), span=st.integers(0, 21 * 1440))
def test_between_matches_the_oracle(schedule, start, span):
    end = start + MINUTE * span

    assert schedule.between(start, end) == MINUTE * Oracle(schedule).between(start, end)


@ORACLE
@given(schedule=schedules(), at=instants(), seconds=st.integers(0, 59))
def test_is_open_and_next_open_match_the_oracle(schedule, at, seconds):
    assume(any(schedule.weekly.get(d) for d in range(5)))
    oracle = Oracle(schedule)

    assert schedule.is_open(at) == oracle.is_open(at)
    assert schedule.next_open(at) == oracle.next_open(at)
    # inside a minute: the same answer as at its start, or the instant itself when open
    inside = at + timedelta(seconds=seconds)
    assert schedule.is_open(inside) == oracle.is_open(at)
    if oracle.is_open(at):
        assert schedule.next_open(inside) == inside


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    schedule=schedules(),
    start=instants(),
    seconds=st.integers(0, 10**6),
    microseconds=st.integers(0, 999_999),
)
def test_between_undoes_add(schedule, start, seconds, microseconds):
    assume(any(schedule.weekly.get(d) for d in range(5)))
    duration = timedelta(seconds=seconds, microseconds=microseconds)

    end = schedule.add(start, duration)

    assert schedule.between(start, end) == duration
    assert end >= start
