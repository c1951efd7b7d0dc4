"""Opening hours in words, for customers (auto-replies, the portal) and the desk's preview."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from fyr.calendars import hours
from fyr.calendars.hours import Period, Schedule
from fyr.core import clock

_MIDNIGHT = time(0)

_Render = Callable[[], str]


def _clock(value: time, closing: bool = False) -> str:
    if closing and value == _MIDNIGHT:
        return "24:00"
    return f"{value:%H:%M}"


def periods_text(periods: tuple[Period, ...]) -> str:
    """``08:00–12:00, 13:00–17:00``."""
    return ", ".join(f"{_clock(o)}–{_clock(c, closing=True)}" for o, c in periods)


def describe(schedule: Schedule, language: str | None = None) -> str:
    """The weekly hours in one line, consecutive days with the same hours joined:
    ``Mon–Fri 08:00–12:00, 13:00–17:00; Sat 10:00–14:00``. Weekday names come from Django's
    own catalogue in ``language`` (Swedish: ``mån–fre``)."""
    if schedule.always_open:
        return _with(language, lambda: _("around the clock"))
    groups: list[tuple[int, int, tuple[Period, ...]]] = []
    for day in range(7):
        periods = schedule.weekly.get(day, ())
        if groups and groups[-1][2] == periods and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, periods)
        else:
            groups.append((day, day, periods))

    def render() -> str:
        parts = []
        for first, last, periods in groups:
            if not periods:
                continue
            days = str(WEEKDAYS_ABBR[first])
            if last > first:
                joiner = "–" if last > first + 1 else ", "
                days += joiner + str(WEEKDAYS_ABBR[last])
            parts.append(f"{days} {periods_text(periods)}")
        return "; ".join(parts)

    return _with(language, render)


def describe_instant(schedule: Schedule, at: datetime, language: str | None = None) -> str:
    """An instant as the calendar's clock shows it: ``Monday 23 November 08:00``."""
    local = at.astimezone(schedule.tz)
    return _with(
        language,
        lambda: (
            _("%(day)s at %(time)s")
            % {"day": formats.date_format(local, "l j F"), "time": f"{local:%H:%M}"}
        ),
    )


@dataclass(frozen=True)
class ClosedDay:
    """A date in the preview: a holiday (``hours`` empty: closed) or a special day."""

    date: date
    name: str
    kind: str  # "holiday" or "special"
    hours: str  # "" when closed all day


def closed_days(
    schedule: Schedule,
    start: date,
    days: int = 366,
    language: str | None = None,
    special_names: Mapping[date, str] | None = None,
) -> list[ClosedDay]:
    """Holidays and special days from ``start`` on, in date order. A special day replaces a
    holiday on the same date (open anyway, or closed) and is named by ``special_names``."""
    found: list[ClosedDay] = []
    language = language or translation.get_language()
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day in schedule.special:
            periods = schedule.special[day]
            label = (special_names or {}).get(day) or schedule.holiday_name(day, language) or ""
            found.append(ClosedDay(day, label, "special", periods_text(periods)))
            continue
        name = schedule.holiday_name(day, language)
        if name is not None:
            found.append(ClosedDay(day, name, "holiday", ""))
    return found


def _with(language: str | None, render: _Render) -> str:
    if not language:
        return render()
    with translation.override(language):
        return render()


class InLanguage:
    """Text computed when a template shows it, so it comes out in the language the template
    renders in (a notification is rendered inside ``translation.override``)."""

    def __init__(self, render: _Render) -> None:
        self._render = render

    def __str__(self) -> str:
        return self._render()

    def __bool__(self) -> bool:
        return bool(self._render())


def opening_context(
    *, team_id: int | None, mailbox_id: int | None = None, now: datetime | None = None
) -> dict[str, object]:
    """``opening_hours``, ``open_now`` and ``next_opening`` for a customer writing to a team or
    mailbox; empty when no calendar is configured (then nothing is said about hours)."""
    if not hours.calendars_exist():
        return {}
    schedule = hours.schedule_for_mailbox(mailbox_id, team_id)
    if schedule.always_open:
        return {}
    at = now or clock.now()
    open_now = schedule.is_open(at)

    def upcoming() -> str:
        try:
            return "" if open_now else describe_instant(schedule, schedule.next_open(at))
        except ValueError:
            return ""

    return {
        "opening_hours": InLanguage(lambda: describe(schedule)),
        "open_now": open_now,
        "next_opening": InLanguage(upcoming),
    }
