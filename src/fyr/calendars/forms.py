"""The desk's calendar form: settings, a formset of periods per weekday, special days.

The forms only parse; ``services.check`` validates, and its errors (keyed ``periods.3.closes``)
are put back on the row they name, so the form and the API refuse the same things.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from fyr.calendars import services
from fyr.calendars.models import Calendar

_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def country_choices() -> list[tuple[str, object]]:
    names = services.country_names()
    ordered = sorted(names.items(), key=lambda item: item[1])
    return [("", _("No public holidays")), *((code, f"{name} ({code})") for code, name in ordered)]


def region_choices(country: str) -> list[tuple[str, object]]:
    return [("", _("The whole country")), *services.subdivision_names(country).items()]


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="Europe/Stockholm")
    holiday_country = forms.ChoiceField(
        label=_("Public holidays of"),
        required=False,
        initial="SE",
        help_text=_(
            "Public holidays are closed days. In Sweden midsommarafton, julafton and nyårsafton "
            "are closed too; open any of them with a special day."
        ),
    )
    holiday_subdivision = forms.ChoiceField(label=_("Region"), required=False)
    is_default = forms.BooleanField(
        label=_("Default calendar (for teams and mailboxes without their own)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(z, z) for z in sorted(services.time_zones())]  # type: ignore[attr-defined]
        self.fields["holiday_country"].choices = country_choices()  # type: ignore[attr-defined]
        country = (self.data.get("holiday_country") if self.is_bound else None) or self.initial.get(
            "holiday_country", self.fields["holiday_country"].initial
        )
        self.fields["holiday_subdivision"].choices = region_choices(country or "")  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    """A period; a row left (or made) blank is no period."""

    opens = forms.TimeField(label=_("Opens"), widget=_TIME, required=False)
    closes = forms.TimeField(
        label=_("Closes"),
        widget=_TIME,
        required=False,
        help_text=_("00:00 is midnight at the end of the day"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get("opens") is not None, data.get("closes") is not None]
        if any(filled) and not all(filled) and not self.has_error("opens"):
            if not self.has_error("closes"):
                raise ValidationError(_("Give both the opening and the closing time"))
        return data

    @property
    def is_blank(self) -> bool:
        return self.cleaned_data.get("opens") is None and self.cleaned_data.get("closes") is None


class SpecialDayForm(forms.Form):
    """A special day; a row without a date is left out."""

    date = forms.DateField(label=_("Date"), widget=_DATE, required=False)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    closed = forms.TypedChoiceField(
        label=_("Hours"),
        choices=[("closed", _("Closed all day")), ("open", _("Open"))],
        coerce=lambda value: value == "closed",
        initial="closed",
    )
    opens = forms.TimeField(label=_("Opens"), widget=_TIME, required=False)
    closes = forms.TimeField(label=_("Closes"), widget=_TIME, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") is None and not self.has_error("date"):
            if data.get("name") or data.get("opens") or data.get("closes"):
                raise ValidationError(_("Give the date"))
        return data

    @property
    def is_blank(self) -> bool:
        return self.cleaned_data.get("date") is None


PeriodFormSet = formset_factory(PeriodForm, extra=0, can_delete=True, max_num=48)
SpecialDayFormSet = formset_factory(
    SpecialDayForm, extra=0, can_delete=True, max_num=services.MAX_SPECIAL_DAYS
)

#: New calendars start as an office: Monday to Friday 08:00–17:00.
NEW_WEEK = {day: [{"opens": time(8), "closes": time(17)}] if day < 5 else [] for day in range(7)}


class CalendarEditor:
    """The whole page's forms, bound or not, and the service call with errors put back."""

    def __init__(self, data: Any = None, calendar: Calendar | None = None) -> None:
        self.calendar = calendar
        initial, week, special = self._initial(calendar)
        self.form = CalendarForm(data, initial=initial)
        self.days = [
            (str(WEEKDAYS[day]), PeriodFormSet(data, initial=week[day], prefix=f"day{day}"))
            for day in range(7)
        ]
        self.special = SpecialDayFormSet(data, initial=special, prefix="special")
        self._period_rows: list[forms.Form] = []
        self._special_rows: list[forms.Form] = []

    @staticmethod
    def _initial(
        calendar: Calendar | None,
    ) -> tuple[dict[str, Any], dict[int, list[dict[str, Any]]], list[dict[str, Any]]]:
        if calendar is None:
            first = not Calendar.objects.exists()
            initial = {
                "time_zone": "Europe/Stockholm",
                "holiday_country": "SE",
                "is_default": first,
            }
            return initial, NEW_WEEK, []
        week: dict[int, list[dict[str, Any]]] = {day: [] for day in range(7)}
        for p in calendar.periods.all():
            week[p.weekday].append({"opens": p.opens, "closes": p.closes})
        special = [
            {
                "date": d.date,
                "name": d.name,
                "closed": "closed" if d.closed else "open",
                "opens": d.opens,
                "closes": d.closes,
            }
            for d in calendar.special_days.all()
        ]
        initial = {
            "name": calendar.name,
            "time_zone": calendar.time_zone,
            "holiday_country": calendar.holiday_country,
            "holiday_subdivision": calendar.holiday_subdivision,
            "is_default": calendar.is_default,
        }
        return initial, week, special

    def save(self) -> Calendar | None:
        """The saved calendar, or None with every error on the form or row it concerns."""
        formsets: list[BaseFormSet[Any]] = [formset for _label, formset in self.days]
        if not self.form.is_valid() or not all(f.is_valid() for f in [*formsets, self.special]):
            return None
        data = self._input()
        try:
            if self.calendar is None:
                return services.create_calendar(data)
            return services.update_calendar(self.calendar, data)
        except ValidationError as exc:
            self._put_back(exc)
            return None

    def _input(self) -> services.CalendarIn:
        periods = []
        for day, (_label, formset) in enumerate(self.days):
            for form in _kept(formset):
                self._period_rows.append(form)
                periods.append(
                    services.PeriodIn(day, form.cleaned_data["opens"], form.cleaned_data["closes"])
                )
        special_days = []
        for form in _kept(self.special):
            self._special_rows.append(form)
            special_days.append(
                services.SpecialDayIn(
                    date=form.cleaned_data["date"],
                    name=form.cleaned_data["name"],
                    closed=form.cleaned_data["closed"],
                    opens=form.cleaned_data["opens"],
                    closes=form.cleaned_data["closes"],
                )
            )
        data = self.form.cleaned_data
        return services.CalendarIn(
            name=data["name"],
            time_zone=data["time_zone"],
            holiday_country=data["holiday_country"],
            holiday_subdivision=data["holiday_subdivision"],
            is_default=data["is_default"],
            periods=periods,
            special_days=special_days,
        )

    def _put_back(self, exc: ValidationError) -> None:
        for path, messages in exc.message_dict.items():
            head, _dot, rest = path.partition(".")
            index, _dot, field = rest.partition(".")
            rows = {"periods": self._period_rows, "special_days": self._special_rows}.get(head)
            for message in messages:
                if rows is not None and index.isdigit() and int(index) < len(rows):
                    row = rows[int(index)]
                    row.add_error(field if field in row.fields else None, message)
                elif head in self.form.fields:
                    self.form.add_error(head, message)
                else:
                    self.form.add_error(None, message)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or any(formset.total_error_count() for _label, formset in self.days)
            or self.special.total_error_count()
        )


def _kept(formset: BaseFormSet[Any]) -> list[forms.Form]:
    """The rows filled in and not marked for removal, in page order (blank rows are none)."""
    return [
        form
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE", False)
        and not getattr(form, "is_blank", False)
    ]
