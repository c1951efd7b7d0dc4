"""What customers are told: opening hours in the confirmation mail and on the portal."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.urls import reverse

from fyr.calendars import hours, services
from fyr.calendars.display import describe, opening_context
from fyr.calendars.hours import Schedule
from fyr.core import clock
from fyr.mail import notify
from fyr.mail.defaults import DEFAULT_TEMPLATES
from fyr.mail.models import EmailTemplate
from fyr.portal.views import LAST_REQUEST_KEY
from tests.calendars.conftest import office_input

SATURDAY = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def received(language: str) -> EmailTemplate:
    subject, body = DEFAULT_TEMPLATES[("received", language)]
    return EmailTemplate(key="received", language=language, subject=subject, body=body)


def test_describe_joins_days_with_the_same_hours():
    schedule = Schedule(
        time_zone="Europe/Stockholm",
        weekly={
            **{day: [(time(8), time(12)), (time(13), time(17))] for day in range(5)},
            5: [(time(10), time(0))],
        },
    )

    assert describe(schedule, "en") == "Mon–Fri 08:00–12:00, 13:00–17:00; Sat 10:00–24:00"
    assert describe(schedule, "sv") == "mån–fre 08:00–12:00, 13:00–17:00; lör 10:00–24:00"


def test_two_days_apart_are_listed_not_ranged():
    schedule = Schedule(weekly={0: [(time(9), time(10))], 1: [(time(9), time(10))]})

    assert describe(schedule, "en") == "Mon, Tue 09:00–10:00"


def test_the_confirmation_says_when_we_are_open_and_when_we_answer(office, ticket):
    with clock.at(SATURDAY):
        context = notify.ticket_context(ticket)
    english = notify.render_template(received("en"), context).text
    swedish = notify.render_template(received("sv"), context).text

    assert (
        "We are open Mon–Fri 08:00–12:00, 13:00–17:00. We are closed right now and will "
        "answer when we open on Monday 23 November at 08:00." in english
    )
    assert "Vi har öppet mån–fre 08:00–12:00, 13:00–17:00. Just nu har vi stängt" in swedish
    assert "måndag 23 november" in swedish


def test_while_open_the_confirmation_only_gives_the_hours(office, ticket):
    with clock.at(MONDAY_10):
        text = notify.render_template(received("en"), notify.ticket_context(ticket)).text

    assert "We are open Mon–Fri" in text
    assert "closed right now" not in text


def test_without_calendars_nothing_is_said_about_hours(ticket):
    context = notify.ticket_context(ticket)

    assert "opening_hours" not in context
    assert "We are open" not in notify.render_template(received("en"), context).text


def test_a_teams_calendar_wins_over_the_default(office, ticket, support):
    night = services.create_calendar(
        office_input("Natt", periods=[services.PeriodIn(5, time(22), time(0))])
    )
    support.calendar = night
    support.save()
    hours.forget()

    assert str(opening_context(team_id=support.pk, now=SATURDAY)["opening_hours"]) == (
        "Sat 22:00–24:00"
    )


def test_the_portal_shows_the_hours_on_the_form_and_the_thanks_page(office, client, ticket):
    with clock.at(SATURDAY):
        form = client.get(reverse("portal:new_request"))
        session = client.session
        session[LAST_REQUEST_KEY] = ticket.number
        session.save()
        thanks = client.get(reverse("portal:thanks"))

    for page in (form, thanks):
        assert "We are open Mon–Fri 08:00–12:00, 13:00–17:00." in page.content.decode()
        assert "Monday 23 November at 08:00" in page.content.decode()


def test_the_portal_says_nothing_without_calendars(db, client):
    assert "We are open" not in client.get(reverse("portal:new_request")).content.decode()
