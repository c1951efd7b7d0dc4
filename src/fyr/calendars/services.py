"""Saving business-hours calendars: one validated call for a calendar with its periods and
special days, used by the desk form and the API alike.

Errors are a ``ValidationError`` keyed by field path (``name``, ``periods.2.closes``,
``special_days.0``) so each front door can point at the row that is wrong.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time

import holidays as holidays_lib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fyr.calendars import display, hours
from fyr.calendars.models import Calendar, OpeningPeriod, SpecialDay, Weekday

#: Records one error: ``fail(field_path, message)``.
FailFn = Callable[[str, str], None]

MAX_PERIODS = 200
MAX_SPECIAL_DAYS = 2000
_MIDNIGHT = time(0)


@dataclass(frozen=True)
class PeriodIn:
    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class SpecialDayIn:
    """A date that differs from the week: ``closed``, or open ``opens``–``closes`` (one row per
    period; several rows for one date make several periods)."""

    date: date
    name: str = ""
    closed: bool = True
    opens: time | None = None
    closes: time | None = None


@dataclass(frozen=True)
class CalendarIn:
    name: str
    periods: Sequence[PeriodIn]
    time_zone: str = "Europe/Stockholm"
    holiday_country: str = "SE"
    holiday_subdivision: str = ""
    #: None: unchanged on update; on create, default only when it is the first calendar.
    is_default: bool | None = None
    special_days: Sequence[SpecialDayIn] = field(default_factory=tuple)


# -- choices shared by the form, the API and validation ---------------------------------------


@functools.cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def holiday_countries() -> dict[str, tuple[str, ...]]:
    """Country code -> its subdivision codes, as the ``holidays`` package supports them."""
    return {
        code: tuple(subdivisions)
        for code, subdivisions in holidays_lib.list_supported_countries(
            include_aliases=False
        ).items()
    }


@functools.cache
def country_names() -> dict[str, str]:
    from holidays.registry import COUNTRIES

    names = {entry[1]: _spaced(entry[0]) for entry in COUNTRIES.values()}
    return {code: names.get(code, code) for code in holiday_countries()}


@functools.cache
def subdivision_names(country: str) -> dict[str, str]:
    """Subdivision code -> a readable label (the package's own name when it has one)."""
    if country not in holiday_countries():
        return {}
    entity = holidays_lib.country_holidays(country, years=())
    aliases: dict[str, str] = getattr(entity, "subdivisions_aliases", {}) or {}
    named: dict[str, str] = {}
    for alias, code in aliases.items():
        named.setdefault(code, alias)
    return {
        code: f"{code} – {named[code]}" if code in named else code
        for code in holiday_countries()[country]
    }


def _spaced(class_name: str) -> str:
    """``UnitedKingdom`` -> ``United Kingdom``."""
    out = ""
    for index, char in enumerate(class_name):
        if char.isupper() and index and not class_name[index - 1].isupper():
            out += " "
        out += char
    return out


# -- validation -----------------------------------------------------------------------------


def check(data: CalendarIn, *, instance: Calendar | None = None) -> CalendarIn:
    """``data`` cleaned (name trimmed, country upper-cased), or a ValidationError naming every
    problem by its field path."""
    errors: dict[str, list[str]] = {}

    def fail(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    name = data.name.strip()
    if not name:
        fail("name", _("Give the calendar a name"))
    elif len(name) > 100:
        fail("name", _("A name can be at most 100 characters"))
    else:
        others = Calendar.objects.filter(name__iexact=name)
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        if others.exists():
            fail("name", _("Another calendar is called %(name)s") % {"name": name})
    if data.time_zone not in time_zones():
        fail("time_zone", _("%(zone)s is not a time zone") % {"zone": data.time_zone})
    country = data.holiday_country.strip().upper()
    subdivision = _region_code(country, data.holiday_subdivision.strip())
    if country and country not in holiday_countries():
        fail(
            "holiday_country",
            _("Public holidays are not known for the country code %(code)s") % {"code": country},
        )
    elif subdivision and not country:
        fail("holiday_subdivision", _("Choose a country before a region"))
    elif subdivision and subdivision not in holiday_countries()[country]:
        fail(
            "holiday_subdivision",
            _("%(region)s is not a region of %(country)s")
            % {"region": subdivision, "country": country},
        )
    _check_periods(data.periods, fail)
    _check_special_days(data.special_days, fail)
    if errors:
        raise ValidationError(errors)
    return CalendarIn(
        name=name,
        periods=tuple(data.periods),
        time_zone=data.time_zone,
        holiday_country=country,
        holiday_subdivision=subdivision,
        is_default=data.is_default,
        special_days=tuple(
            SpecialDayIn(
                date=d.date,
                name=d.name.strip(),
                closed=d.closed,
                opens=d.opens,
                closes=d.closes,
            )
            for d in data.special_days
        ),
    )


def _region_code(country: str, region: str) -> str:
    """The package's spelling of a region code given in any case (``by`` -> ``BY``)."""
    for code in holiday_countries().get(country, ()):
        if code.casefold() == region.casefold():
            return code
    return region


def _span_error(opens: time | None, closes: time | None) -> str | None:
    if opens is None or closes is None:
        return _("Give both the opening and the closing time")
    if closes != _MIDNIGHT and closes <= opens:
        return _("Closes must be after opens (00:00 means midnight at the end of the day)")
    return None


def _end(closes: time) -> tuple[int, int, int, int]:
    """A closing time as a sortable value; 00:00 is the end of the day."""
    if closes == _MIDNIGHT:
        return (24, 0, 0, 0)
    return (closes.hour, closes.minute, closes.second, closes.microsecond)


def _start(opens: time) -> tuple[int, int, int, int]:
    return (opens.hour, opens.minute, opens.second, opens.microsecond)


def _overlaps(rows: Iterable[tuple[int, time, time]], key: str, fail: FailFn) -> None:
    """Refuse periods of one day that overlap (touching is fine: they read as one)."""
    previous: tuple[int, time, time] | None = None
    for row in sorted(rows, key=lambda r: (_start(r[1]), _end(r[2]))):
        if previous is not None and _start(row[1]) < _end(previous[2]):
            fail(
                f"{key}.{row[0]}",
                _("%(this)s overlaps %(other)s on the same day")
                % {"this": _hhmm(row[1], row[2]), "other": _hhmm(previous[1], previous[2])},
            )
        if previous is None or _end(row[2]) > _end(previous[2]):
            previous = row


def _hhmm(opens: time, closes: time) -> str:
    return display.periods_text(((opens, closes),))


def _check_periods(periods: Sequence[PeriodIn], fail: FailFn) -> None:
    if not periods:
        fail("periods", _("A calendar needs at least one opening period"))
        return
    if len(periods) > MAX_PERIODS:
        fail("periods", _("At most %(n)s opening periods") % {"n": MAX_PERIODS})
        return
    by_day: dict[int, list[tuple[int, time, time]]] = {}
    for index, period in enumerate(periods):
        if period.weekday not in Weekday.values:
            fail(f"periods.{index}.weekday", _("A weekday is 0 (Monday) to 6 (Sunday)"))
            continue
        problem = _span_error(period.opens, period.closes)
        if problem:
            fail(f"periods.{index}.closes", problem)
            continue
        by_day.setdefault(period.weekday, []).append((index, period.opens, period.closes))
    for rows in by_day.values():
        _overlaps(rows, "periods", fail)


def _check_special_days(days: Sequence[SpecialDayIn], fail: FailFn) -> None:
    if len(days) > MAX_SPECIAL_DAYS:
        fail("special_days", _("At most %(n)s special days") % {"n": MAX_SPECIAL_DAYS})
        return
    by_date: dict[date, list[tuple[int, SpecialDayIn]]] = {}
    for index, day in enumerate(days):
        if len(day.name.strip()) > 100:
            fail(f"special_days.{index}.name", _("A name can be at most 100 characters"))
        if not day.closed:
            problem = _span_error(day.opens, day.closes)
            if problem:
                fail(f"special_days.{index}.closes", problem)
                continue
        elif day.opens is not None or day.closes is not None:
            fail(
                f"special_days.{index}.closed",
                _("A day closed all day has no opening hours: choose open or clear the times"),
            )
            continue
        by_date.setdefault(day.date, []).append((index, day))
    for rows in by_date.values():
        if len(rows) > 1 and any(day.closed for _index, day in rows):
            fail(
                f"special_days.{rows[1][0]}",
                _("%(date)s is listed as closed and also with other rows")
                % {"date": rows[0][1].date.isoformat()},
            )
            continue
        spans = [(index, day.opens, day.closes) for index, day in rows]
        _overlaps(
            [
                (index, opens, closes)
                for index, opens, closes in spans
                if opens is not None and closes is not None
            ],
            "special_days",
            fail,
        )


# -- writes ---------------------------------------------------------------------------------


def create_calendar(data: CalendarIn) -> Calendar:
    """A new calendar; the first one becomes the default unless ``is_default=False`` says
    otherwise (so business time means something once a calendar exists)."""
    data = check(data)
    with transaction.atomic():
        is_default = data.is_default or (data.is_default is None and not Calendar.objects.exists())
        if is_default:
            Calendar.objects.filter(is_default=True).update(is_default=False)
        calendar = Calendar.objects.create(
            name=data.name,
            time_zone=data.time_zone,
            holiday_country=data.holiday_country,
            holiday_subdivision=data.holiday_subdivision,
            is_default=is_default,
        )
        _write_rows(calendar, data)
    hours.forget()
    return calendar


def update_calendar(calendar: Calendar, data: CalendarIn) -> Calendar:
    """Replace a calendar's settings, periods and special days. Marking it default unmarks the
    previous default; unmarking the default leaves none (teams without a calendar then count
    calendar time); ``is_default=None`` leaves it as it is."""
    data = check(data, instance=calendar)
    with transaction.atomic():
        if data.is_default:
            Calendar.objects.filter(is_default=True).exclude(pk=calendar.pk).update(
                is_default=False
            )
        calendar.name = data.name
        calendar.time_zone = data.time_zone
        calendar.holiday_country = data.holiday_country
        calendar.holiday_subdivision = data.holiday_subdivision
        if data.is_default is not None:
            calendar.is_default = data.is_default
        calendar.save()
        calendar.periods.all().delete()
        calendar.special_days.all().delete()
        _write_rows(calendar, data)
    hours.forget()
    return calendar


def delete_calendar(calendar: Calendar) -> None:
    """Delete a calendar. Teams and mailboxes using it fall back to the default calendar (their
    foreign keys are SET_NULL), so deleting is never blocked; the desk says who is affected."""
    with transaction.atomic():
        calendar.delete()
    hours.forget()


def _write_rows(calendar: Calendar, data: CalendarIn) -> None:
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(calendar=calendar, weekday=p.weekday, opens=p.opens, closes=p.closes)
        for p in data.periods
    )
    SpecialDay.objects.bulk_create(
        SpecialDay(
            calendar=calendar,
            date=d.date,
            name=d.name,
            closed=d.closed,
            opens=d.opens,
            closes=d.closes,
        )
        for d in data.special_days
    )
