"""Business-time arithmetic: when is support open, and how much open time lies between instants.

SLA clocks, automations ("unassigned for 1 business hour") and what customers are told all ask
the same questions thousands of times a minute, so a ``Schedule`` is built once from a calendar's
rows and answers from per-date interval lists it computes lazily and keeps.

Semantics, which the minute-by-minute oracle in the tests encodes:

- An instant is open when its **local wall-clock reading** (in the calendar's time zone) falls
  inside one of the periods of that local date: ``opens <= wall time < closes``; a period closing
  at 00:00 closes at midnight at the end of the day. A day's periods are converted to UTC per
  date, so an 08:00–17:00 day is 9 hours on both sides of a DST change.
- Daylight saving: on the spring day the missing hour (02:00–03:00 in Europe/Stockholm) is never
  shown by a clock, so a period 02:00–04:00 is one hour long. On the autumn day the repeated hour
  is shown twice and is open both times when its wall time lies in a period: 00:00–03:00 is four
  hours; a period starting inside the repeated hour (02:30–04:00) is open for both passes of
  02:30–03:00 and closed in between (wall 02:00–02:30 the second time), 2 h in all.
- Which days are closed: a date with ``special`` entries uses exactly those (an empty tuple is a
  closed day, several periods allowed); otherwise a public holiday (see ``HOLIDAY_CATEGORIES``)
  is closed; otherwise the weekday's periods apply.
- Assumption about time zones: at most one UTC-offset change within about 30 hours, and a clock
  set back never crosses into the previous date except at midnight (true for every zone in use;
  Chile's midnight changes included).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from fyr.core import configcache

if TYPE_CHECKING:
    from fyr.calendars.models import Calendar

Period = tuple[time, time]
Interval = tuple[datetime, datetime]

#: ``holidays`` categories that close a day. Sweden's de-facto holidays (midsommarafton,
#: julafton, nyårsafton) are not public holidays in law, but the Annual Leave Act treats them as
#: Sundays and nearly every Swedish company is closed, so they close the day; countries that do
#: not define the category just use their public holidays. Admins open such a day with a special
#: day.
HOLIDAY_CATEGORIES = ("public", "de_facto")

#: How far ``add``/``next_open`` look for open time before giving up.
SEARCH_DAYS = 800

_DAY = timedelta(days=1)
_MARGIN = timedelta(hours=3)
_ZERO = timedelta(0)
_MIDNIGHT = time(0)


def _span(period: Period) -> tuple[timedelta, timedelta]:
    """A period as offsets from local midnight; closing at 00:00 means the end of the day."""
    opens, closes = period
    start = timedelta(hours=opens.hour, minutes=opens.minute, seconds=opens.second)
    end = (
        _DAY
        if closes == _MIDNIGHT
        else timedelta(hours=closes.hour, minutes=closes.minute, seconds=closes.second)
    )
    return start, end


@functools.lru_cache(maxsize=256)
def holiday_dates(
    country: str, subdivision: str, year: int, language: str | None = None
) -> Mapping[date, str]:
    """The closed holidays of one country (and region) in one year, looked up once per year;
    named in ``language`` (a Django language code) when the country has it, else in its own."""
    cls = holidays_lib.country_holidays(country, subdiv=subdivision or None, years=())
    supported = getattr(cls, "supported_categories", ("public",))
    categories = tuple(c for c in HOLIDAY_CATEGORIES if c in supported) or ("public",)
    found = holidays_lib.country_holidays(
        country,
        subdiv=subdivision or None,
        years=year,
        categories=categories,
        language=_holiday_language(cls, language),
    )
    return dict(found.items())


def _holiday_language(cls: object, language: str | None) -> str | None:
    supported: tuple[str, ...] = getattr(cls, "supported_languages", ())
    default: str | None = getattr(cls, "default_language", None)
    if not language:
        return default
    for code in (language, language.replace("-", "_"), "en_US" if language[:2] == "en" else ""):
        if code in supported:
            return code
    return default


class Schedule:
    """A calendar's opening hours as arithmetic; immutable once built.

    ``weekly`` maps a weekday (Monday 0) to its periods; ``special`` maps a date to the periods
    that replace that date's (empty: closed). Per-date UTC intervals are computed on first use
    and kept, so ``add`` and ``between`` cost O(days spanned).
    """

    def __init__(
        self,
        *,
        time_zone: str = "UTC",
        weekly: Mapping[int, Sequence[Period]] | None = None,
        holiday_country: str = "",
        holiday_subdivision: str = "",
        special: Mapping[date, Sequence[Period]] | None = None,
        always_open: bool = False,
    ) -> None:
        self.tz = ZoneInfo(time_zone)
        self.time_zone = time_zone
        self.weekly: dict[int, tuple[Period, ...]] = {
            day: tuple(sorted(periods)) for day, periods in (weekly or {}).items() if periods
        }
        self.holiday_country = holiday_country
        self.holiday_subdivision = holiday_subdivision
        self.special: dict[date, tuple[Period, ...]] = {
            day: tuple(sorted(periods)) for day, periods in (special or {}).items()
        }
        self.always_open = always_open
        self._days: dict[date, tuple[Interval, ...]] = {}

    def __repr__(self) -> str:
        if self.always_open:
            return "Schedule(always open)"
        return f"Schedule({self.time_zone}, {self.holiday_country or 'no holidays'})"

    # -- questions -------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        if self.always_open:
            return True
        at = _utc(at)
        return any(s <= at < e for s, e in self._day(self._local_date(at)))

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the next opening. ValueError when none is near."""
        at = _utc(at)
        if self.always_open:
            return at
        first = next(self._intervals_from(at), None)
        if first is None:
            raise self._never_open(at)
        return first[0]

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant when ``duration`` of open time has passed since ``start``; counting
        begins at the next opening when ``start`` is closed. A zero duration is ``start``."""
        if duration < _ZERO:
            raise ValueError("Business time to add must not be negative.")
        start = _utc(start)
        if self.always_open or duration == _ZERO:
            return start + duration
        remaining = duration
        for s, e in self._intervals_from(start):
            span = e - s
            if span >= remaining:
                return s + remaining
            remaining -= span
        raise self._never_open(start)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Open time in ``[start, end)``; nothing when ``end <= start``."""
        start, end = _utc(start), _utc(end)
        if end <= start:
            return _ZERO
        if self.always_open:
            return end - start
        total = _ZERO
        day = self._step(self._local_date(start), -1)
        last = self._local_date(end)
        while True:
            for s, e in self._day(day):
                s, e = max(s, start), min(e, end)
                if e > s:
                    total += e - s
            if day >= last:
                return total
            day += _DAY

    def periods_on(self, day: date) -> tuple[Period, ...]:
        """The wall-clock periods of a local date, after special days and holidays."""
        if self.always_open:
            return ((_MIDNIGHT, _MIDNIGHT),)
        if day in self.special:
            return self.special[day]
        if self.holiday_country and day in holiday_dates(
            self.holiday_country, self.holiday_subdivision, day.year
        ):
            return ()
        return self.weekly.get(day.weekday(), ())

    def holiday_name(self, day: date, language: str | None = None) -> str | None:
        """The name of the holiday closing ``day``, in ``language`` when the country has it."""
        if not self.holiday_country:
            return None
        return holiday_dates(
            self.holiday_country, self.holiday_subdivision, day.year, language
        ).get(day)

    # -- machinery ---------------------------------------------------------------------------

    def _local_date(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    def _intervals_from(self, at: datetime) -> Iterator[Interval]:
        """Open intervals (or their rest) after ``at``, in order; stops after ``SEARCH_DAYS``
        days without open time."""
        day = self._step(self._local_date(at), -1)
        idle = 0
        while idle < SEARCH_DAYS and day < date.max:
            found = False
            for s, e in self._day(day):
                if e > at:
                    found = True
                    yield max(s, at), e
            idle = 0 if found else idle + 1
            day += _DAY

    @staticmethod
    def _step(day: date, days: int) -> date:
        """``day`` moved by ``days``, kept within the dates Python has."""
        try:
            return day + timedelta(days=days)
        except OverflowError:
            return date.min if days < 0 else date.max

    def _day(self, day: date) -> tuple[Interval, ...]:
        cached = self._days.get(day)
        if cached is None:
            try:
                cached = self._compute_day(day)
            except OverflowError:  # the first or last days Python can represent
                cached = ()
            self._days[day] = cached
        return cached

    def _compute_day(self, day: date) -> tuple[Interval, ...]:
        """UTC intervals whose wall-clock reading lies in the date's periods.

        Around the date the UTC offset is constant or changes once; within a stretch of
        constant offset the wall clock runs with UTC, so each period is one interval there.
        """
        periods = self.periods_on(day)
        if not periods:
            return ()
        midnight = datetime.combine(day, _MIDNIGHT)
        lo = midnight.replace(tzinfo=self.tz).astimezone(UTC) - _MARGIN
        hi = (midnight + _DAY).replace(tzinfo=self.tz, fold=1).astimezone(UTC) + _MARGIN
        found: list[Interval] = []
        for seg_start, seg_end, offset in self._segments(lo, hi):
            base = (midnight - offset).replace(tzinfo=UTC)
            for period in periods:
                opens, closes = _span(period)
                s, e = max(base + opens, seg_start), min(base + closes, seg_end)
                if e > s:
                    found.append((s, e))
        return _merge(found)

    def _segments(self, lo: datetime, hi: datetime) -> list[tuple[datetime, datetime, timedelta]]:
        """``[lo, hi)`` cut where the UTC offset changes (at most once), with each offset."""
        first, last = self._offset(lo), self._offset(hi)
        if first == last:
            return [(lo, hi, first)]
        low, high = int(lo.timestamp()), int(hi.timestamp())  # offset(low)=first, (high)=last
        while high - low > 1:
            mid = (low + high) // 2
            if self._offset(datetime.fromtimestamp(mid, UTC)) == first:
                low = mid
            else:
                high = mid
        change = datetime.fromtimestamp(high, UTC)
        return [(lo, change, first), (change, hi, last)]

    def _offset(self, at: datetime) -> timedelta:
        return at.astimezone(self.tz).utcoffset() or _ZERO

    def _never_open(self, at: datetime) -> ValueError:
        return ValueError(
            f"The calendar has no open time within {SEARCH_DAYS} days after {at:%Y-%m-%d}; "
            "give it opening hours."
        )


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("Business-time arithmetic needs aware datetimes.")
    return at.astimezone(UTC)


def _merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    merged: list[Interval] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return tuple(merged)


ALWAYS_OPEN = Schedule(always_open=True)


def add_business_minutes(schedule: Schedule, start: datetime, minutes: int) -> datetime:
    return schedule.add(start, timedelta(minutes=minutes))


def business_minutes_between(schedule: Schedule, start: datetime, end: datetime) -> int:
    """Whole open minutes in ``[start, end)`` (rounded down)."""
    return int(schedule.between(start, end) // timedelta(minutes=1))


# -- from the database ---------------------------------------------------------------------

CACHE_KEY = "calendars:schedules"


class _Loaded:
    """Every calendar's schedule plus who uses which, loaded together (calendars are few)."""

    def __init__(self) -> None:
        from fyr.accounts.models import Team
        from fyr.calendars.models import Calendar
        from fyr.mail.models import Mailbox

        calendars = list(Calendar.objects.prefetch_related("periods", "special_days"))
        self.by_id = {c.pk: schedule_of(c) for c in calendars}
        default = next((c.pk for c in calendars if c.is_default), None)
        self.default = self.by_id[default] if default is not None else ALWAYS_OPEN
        self.any = bool(calendars)
        self.team: dict[int, int] = {}
        self.mailbox: dict[int, int] = {}
        if calendars:  # one query in all while nothing is configured
            self.team = dict(
                Team.objects.filter(calendar__isnull=False).values_list("id", "calendar")
            )
            self.mailbox = dict(
                Mailbox.objects.filter(calendar__isnull=False).values_list("id", "calendar")
            )

    def get(self, calendar_id: int | None) -> Schedule:
        if calendar_id is None:
            return self.default
        return self.by_id.get(calendar_id, self.default)


def schedule_of(calendar: Calendar) -> Schedule:
    """The schedule of a ``Calendar`` row (periods and special days prefetched or not);
    shared with an equal earlier one so its per-date cache survives configcache reloads."""
    periods: dict[int, list[Period]] = {}
    for p in calendar.periods.all():
        periods.setdefault(p.weekday, []).append((p.opens, p.closes))
    special: dict[date, list[Period]] = {}
    for d in calendar.special_days.all():
        day = special.setdefault(d.date, [])
        if not d.closed and d.opens is not None and d.closes is not None:
            day.append((d.opens, d.closes))
    return _shared(
        calendar.time_zone,
        _freeze(periods),
        calendar.holiday_country,
        calendar.holiday_subdivision,
        _freeze(special),
    )


def _freeze(mapping: Mapping[Any, list[Period]]) -> tuple[Any, ...]:
    return tuple(sorted((key, tuple(sorted(value))) for key, value in mapping.items()))


@functools.lru_cache(maxsize=64)
def _shared(
    time_zone: str,
    weekly: tuple[Any, ...],
    country: str,
    subdivision: str,
    special: tuple[Any, ...],
) -> Schedule:
    return Schedule(
        time_zone=time_zone,
        weekly=dict(weekly),
        holiday_country=country,
        holiday_subdivision=subdivision,
        special=dict(special),
    )


def _loaded() -> _Loaded:
    return configcache.get(CACHE_KEY, _Loaded)


def schedule_for(calendar_id: int | None) -> Schedule:
    """The calendar's schedule; the default calendar's for None (or a calendar gone), and
    calendar time (``ALWAYS_OPEN``) when there is no default."""
    return _loaded().get(calendar_id)


def schedule_for_team(team_id: int | None) -> Schedule:
    """The team's calendar, else the default calendar, else calendar time."""
    loaded = _loaded()
    return loaded.get(loaded.team.get(team_id) if team_id is not None else None)


def schedule_for_mailbox(mailbox_id: int | None, team_id: int | None) -> Schedule:
    """What a customer writing to a mailbox is told: its calendar, else the team's, else the
    default."""
    loaded = _loaded()
    if mailbox_id is not None and mailbox_id in loaded.mailbox:
        return loaded.get(loaded.mailbox[mailbox_id])
    return schedule_for_team(team_id)


def calendars_exist() -> bool:
    """Whether any calendar is configured (customers are told opening hours only then)."""
    return _loaded().any


def forget() -> None:
    """Called by the services that save calendars (and teams' or mailboxes' calendar)."""
    configcache.forget(CACHE_KEY)
