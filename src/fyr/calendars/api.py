"""The business hours API: administrators script their calendars; every agent may read them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from ninja import Query, Router
from ninja.errors import ValidationError as NinjaValidationError

from fyr.calendars import services
from fyr.calendars.models import Calendar
from fyr.calendars.schemas import CalendarIn, CalendarOut, CalendarPage, CalendarPatch
from fyr.core.api import get_or_404, page_of, require_admin
from fyr.core.schemas import Id, PageParams
from fyr.core.typing import ApiRequest

router = Router(tags=["Business hours"])


def _calendars() -> QuerySet[Calendar]:
    return Calendar.objects.prefetch_related("periods", "special_days")


@contextmanager
def _located() -> Iterator[None]:
    """The service's field paths (``periods.2.closes``) as ninja locations
    (``["body", "payload", "periods", 2, "closes"]``)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise NinjaValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["body", "payload", *(_step(p) for p in path.split("."))],
                    "msg": str(message),
                }
                for path, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from exc


def _step(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def _input(data: dict[str, Any]) -> services.CalendarIn:
    return services.CalendarIn(
        name=data["name"],
        time_zone=data["time_zone"],
        holiday_country=data["holiday_country"],
        holiday_subdivision=data["holiday_subdivision"],
        is_default=data["is_default"],
        periods=[services.PeriodIn(**p) for p in data["periods"]],
        special_days=[services.SpecialDayIn(**d) for d in data["special_days"]],
    )


@router.get("/calendars", response=CalendarPage)
def list_calendars(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Business-hours calendars by name."""
    return page_of(_calendars(), ordering=("name", "id"), cursor=page.cursor, limit=page.limit)


@router.post("/calendars", response={201: CalendarOut})
def create_calendar(request: ApiRequest, payload: CalendarIn) -> tuple[int, Calendar]:
    """Administrators only. The first calendar becomes the default."""
    require_admin(request)
    with _located():
        calendar = services.create_calendar(_input(payload.model_dump()))
    return 201, get_or_404(_calendars(), calendar.pk)


@router.get("/calendars/{calendar_id}", response=CalendarOut)
def get_calendar(request: ApiRequest, calendar_id: Id) -> Calendar:
    return get_or_404(_calendars(), calendar_id)


@router.put("/calendars/{calendar_id}", response=CalendarOut)
def replace_calendar(request: ApiRequest, calendar_id: Id, payload: CalendarIn) -> Calendar:
    """Administrators only: periods and special days are replaced by those sent."""
    require_admin(request)
    calendar = get_or_404(Calendar.objects.all(), calendar_id)
    with _located():
        services.update_calendar(calendar, _input(payload.model_dump()))
    return get_or_404(_calendars(), calendar_id)


@router.patch("/calendars/{calendar_id}", response=CalendarOut)
def update_calendar(request: ApiRequest, calendar_id: Id, payload: CalendarPatch) -> Calendar:
    """Administrators only: change the fields sent; a list sent replaces the whole list."""
    require_admin(request)
    calendar = get_or_404(_calendars(), calendar_id)
    current = CalendarIn.model_validate(CalendarOut.from_orm(calendar).model_dump()).model_dump()
    with _located():
        services.update_calendar(
            calendar, _input({**current, **payload.model_dump(exclude_unset=True)})
        )
    return get_or_404(_calendars(), calendar_id)


@router.delete("/calendars/{calendar_id}", response={204: None})
def delete_calendar(request: ApiRequest, calendar_id: Id) -> tuple[int, None]:
    """Administrators only. Teams and mailboxes using it fall back to the default calendar."""
    require_admin(request)
    services.delete_calendar(get_or_404(Calendar.objects.all(), calendar_id))
    return 204, None
