"""The desk's business-hours pages (administrators): list, create, edit, delete, and the
region and closed-day previews the form reloads with htmx."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fyr.calendars import display, hours, services
from fyr.calendars.forms import CalendarEditor, CalendarForm
from fyr.calendars.models import Calendar
from fyr.core import clock
from fyr.core.decorators import admin_required

PREVIEW_DAYS = 366


@admin_required
@require_GET
def calendar_list(request: HttpRequest) -> HttpResponse:
    calendars = Calendar.objects.prefetch_related("periods", "special_days").annotate(
        team_count=Count("teams", distinct=True), mailbox_count=Count("mailboxes", distinct=True)
    )
    rows = [(c, display.describe(hours.schedule_of(c))) for c in calendars]
    return render(request, "calendars/calendar_list.html", {"rows": rows})


@admin_required
@require_http_methods(["GET", "POST"])
def calendar_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@admin_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = get_object_or_404(
        Calendar.objects.prefetch_related("periods", "special_days"), pk=pk
    )
    return _edit(request, calendar)


def _edit(request: HttpRequest, calendar: Calendar | None) -> HttpResponse:
    editor = CalendarEditor(request.POST if request.method == "POST" else None, calendar)
    if request.method == "POST":
        saved = editor.save()
        if saved is not None:
            messages.success(request, _("Calendar %(name)s saved") % {"name": saved.name})
            return redirect("desk:calendars")
    context = {
        "editor": editor,
        "calendar": calendar,
        "preview": _preview(calendar, editor.form),
    }
    status = 400 if editor.has_errors else 200
    return render(request, "calendars/calendar_form.html", context, status=status)


@admin_required
@require_POST
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = get_object_or_404(Calendar, pk=pk)
    services.delete_calendar(calendar)
    messages.success(request, _("Calendar %(name)s deleted") % {"name": calendar.name})
    return redirect("desk:calendars")


@admin_required
@require_GET
def calendar_regions(request: HttpRequest) -> HttpResponse:
    """The region select for the chosen country (htmx swaps it in when the country changes)."""
    form = CalendarForm(initial={"holiday_country": request.GET.get("holiday_country", "")})
    return render(request, "calendars/partials/_region.html", {"form": form})


@admin_required
@require_GET
def calendar_preview(request: HttpRequest) -> HttpResponse:
    """Closed days of the next 12 months for the chosen country and region, with the saved
    special days of the calendar being edited."""
    calendar = None
    if request.GET.get("calendar", "").isdigit():
        calendar = (
            Calendar.objects.prefetch_related("periods", "special_days")
            .filter(pk=int(request.GET["calendar"]))
            .first()
        )
    form = CalendarForm(request.GET)
    return render(
        request, "calendars/partials/_preview.html", {"preview": _preview(calendar, form)}
    )


def _preview(calendar: Calendar | None, form: CalendarForm) -> dict[str, object]:
    source = form.data if form.is_bound else form.initial
    country = str(source.get("holiday_country", "") or "").upper()
    region = str(source.get("holiday_subdivision", "") or "")
    if country not in services.holiday_countries():
        country, region = "", ""
    if region not in services.holiday_countries().get(country, ()):
        region = ""
    saved = hours.schedule_of(calendar) if calendar is not None else None
    schedule = hours.Schedule(
        time_zone=saved.time_zone if saved else "UTC",
        holiday_country=country,
        holiday_subdivision=region,
        special=saved.special if saved else {},
    )
    names = {d.date: d.name for d in calendar.special_days.all()} if calendar else {}
    today = timezone.localdate(clock.now())
    return {
        "days": display.closed_days(schedule, today, PREVIEW_DAYS, special_names=names),
        "start": today,
        "end": date.fromordinal(today.toordinal() + PREVIEW_DAYS - 1),
        "calendar": calendar,
    }
