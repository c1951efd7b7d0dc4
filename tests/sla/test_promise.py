"""What the confirmation mail promises: the first-response target of the ticket's SLA."""

from __future__ import annotations

import importlib

import pytest

from fyr.mail import notify
from fyr.mail.defaults import DEFAULT_TEMPLATES
from fyr.mail.models import EmailTemplate
from fyr.sla.clocks import Clocks
from fyr.sla.policies import policy_for
from fyr.sla.promise import duration_words
from tests.sla.conftest import policy

pytestmark = pytest.mark.django_db


def received(language: str) -> EmailTemplate:
    subject, body = DEFAULT_TEMPLATES[("received", language)]
    return EmailTemplate(key="received", language=language, subject=subject, body=body)


def start_clocks(ticket) -> None:
    Clocks(ticket, [], policy_for(ticket)).follow(()).save()


def test_the_confirmation_promises_the_first_response_target(ticket):
    policy(first_response=(4 * 60, True))
    start_clocks(ticket)
    context = notify.ticket_context(ticket)
    swedish = notify.render_template(received("sv"), context).text
    english = notify.render_template(received("en"), context).text
    assert "Du får ett första svar inom 4 timmar (räknat i våra öppettider)." in swedish
    assert "You will have a first answer within 4 hours (counted in our opening hours)." in english


def test_a_calendar_time_target_is_promised_as_it_is_and_no_target_promises_nothing(ticket):
    text = notify.render_template(received("en"), notify.ticket_context(ticket)).text
    assert "first answer" not in text
    policy(first_response=90)
    start_clocks(ticket)
    text = notify.render_template(received("en"), notify.ticket_context(ticket)).text
    assert "You will have a first answer within 1 hour 30 minutes." in text


def test_the_migration_brings_stored_confirmations_as_shipped_up_to_date():
    from django.apps import apps

    migration = importlib.import_module("fyr.mail.migrations.0007_received_opening_hours")
    EmailTemplate.objects.filter(key="received").delete()
    subject, body = DEFAULT_TEMPLATES[("received", "en")]
    shipped = body.replace(migration.LINES["en"][1], "")
    assert shipped != body
    EmailTemplate.objects.create(key="received", language="en", subject=subject, body=shipped)
    EmailTemplate.objects.create(key="received", language="sv", subject="Egen", body="Egen text")
    migration.add_opening_hours(apps, None)
    migration.add_opening_hours(apps, None)  # twice changes nothing more
    assert EmailTemplate.objects.get(key="received", language="en").body == body
    assert EmailTemplate.objects.get(key="received", language="sv").body == "Egen text"  # kept


def test_durations_in_words():
    assert duration_words(2 * 24 * 60) == "2 days"
    assert duration_words(60) == "1 hour"
    assert duration_words(45) == "45 minutes"
