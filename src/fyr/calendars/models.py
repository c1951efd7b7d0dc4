"""Business-hours calendars: weekly opening periods, a time zone, public holidays, special days."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Calendar(models.Model):
    """When support is open: used for SLA targets in business time, automations and what
    customers are told. A team or a mailbox points at one; the default serves the rest."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Stockholm")
    holiday_country = models.CharField(
        _("public holidays of"),
        max_length=2,
        blank=True,
        default="SE",
        help_text=_("Country whose public holidays are closed days; empty for none"),
    )
    holiday_subdivision = models.CharField(_("region"), max_length=64, blank=True)
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("business-hours calendar")
        verbose_name_plural = _("business-hours calendars")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="calendars_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OpeningPeriod(models.Model):
    """One open period on a weekday (several a day: closed for lunch)."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="periods")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening period")
        verbose_name_plural = _("opening periods")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class SpecialDay(models.Model):
    """A date that differs from the week: closed (a company day off) or open with its own
    hours (a Saturday sale, a holiday staffed anyway)."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="special_days")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        ordering = ["date", "opens"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}".strip()
