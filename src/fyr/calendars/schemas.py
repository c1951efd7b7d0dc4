"""The business-hours API's shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

from fyr.calendars import hours
from fyr.calendars.models import Calendar
from fyr.core import clock
from fyr.core.schemas import NonBlank, Omittable, Paged


def _wall_clock(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError(_("A wall-clock time has no UTC offset: the calendar's time zone applies"))
    return value


#: A local wall-clock time, "08:00"; the calendar's time zone gives it meaning.
WallTime = Annotated[dt.time, AfterValidator(_wall_clock)]


class PeriodSchema(Schema):
    weekday: int = Field(..., ge=0, le=6, description="0 Monday … 6 Sunday.")
    opens: WallTime
    closes: WallTime = Field(..., description="00:00 means midnight at the end of the day.")


class SpecialDaySchema(Schema):
    """A date that differs from the week: closed, or open `opens`–`closes` (send several rows
    for one date to give it several periods). It overrides public holidays."""

    date: dt.date
    name: str = Field("", max_length=100)
    closed: bool = True
    opens: WallTime | None = None
    closes: WallTime | None = None


class CalendarIn(Schema):
    name: NonBlank = Field(..., max_length=100)
    time_zone: str = Field("Europe/Stockholm", max_length=64, description="An IANA time zone.")
    holiday_country: str = Field(
        "SE",
        max_length=2,
        description="ISO code of the country whose public holidays close the day; empty for "
        "none. Swedish midsommarafton, julafton and nyårsafton count as closed.",
    )
    holiday_subdivision: str = Field("", max_length=64, description="Region code, optional.")
    is_default: bool | None = Field(
        None,
        description="The calendar of teams and mailboxes that name none (only one is). "
        "Omitted: unchanged; a new calendar is the default when it is the first.",
    )
    periods: list[PeriodSchema] = Field(..., max_length=200)
    special_days: list[SpecialDaySchema] = Field([], max_length=2000)


class CalendarPatch(Schema):
    name: Omittable[NonBlank] = Field(None, max_length=100)
    time_zone: Omittable[str] = Field(None, max_length=64)
    holiday_country: Omittable[str] = Field(None, max_length=2)
    holiday_subdivision: Omittable[str] = Field(None, max_length=64)
    is_default: Omittable[bool] = None
    periods: Omittable[list[PeriodSchema]] = Field(None, max_length=200)
    special_days: Omittable[list[SpecialDaySchema]] = Field(None, max_length=2000)


class CalendarOut(Schema):
    id: int
    name: str
    time_zone: str
    holiday_country: str
    holiday_subdivision: str
    is_default: bool
    periods: list[PeriodSchema]
    special_days: list[SpecialDaySchema]
    open_now: bool = Field(..., description="Whether the calendar is open at this moment.")
    next_opening: dt.datetime | None = Field(
        ..., description="Now when open, else the next opening; null when it never opens."
    )
    created_at: dt.datetime

    @staticmethod
    def resolve_periods(obj: Calendar) -> list[PeriodSchema]:
        return [
            PeriodSchema(weekday=p.weekday, opens=p.opens, closes=p.closes)
            for p in obj.periods.all()
        ]

    @staticmethod
    def resolve_special_days(obj: Calendar) -> list[SpecialDaySchema]:
        return [
            SpecialDaySchema(
                date=d.date, name=d.name, closed=d.closed, opens=d.opens, closes=d.closes
            )
            for d in obj.special_days.all()
        ]

    @staticmethod
    def resolve_open_now(obj: Calendar) -> bool:
        return hours.schedule_of(obj).is_open(clock.now())

    @staticmethod
    def resolve_next_opening(obj: Calendar) -> dt.datetime | None:
        try:
            return hours.schedule_of(obj).next_open(clock.now())
        except ValueError:
            return None


class CalendarPage(Paged):
    items: list[CalendarOut]
