"""Placeholders render whitelisted ticket data in a sandbox and refuse everything else."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fyr.customers import services as customers
from fyr.macros.placeholders import PLACEHOLDERS, placeholders_in, render, validate
from fyr.tickets import services as tickets
from fyr.tickets.events import Actor
from tests.conftest import inbound_email


@pytest.fixture
def tagged(ticket, agent):
    agent.signature = "Agnes på Support\n08-123 45 67"
    agent.save(update_fields=["signature"])
    return ticket


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ ticket.subject }}", "Fel på fakturan"),
        ("{{ ticket.status }}", "New"),
        ("{{ ticket.priority }}", "Normal"),
        ("{{ ticket.channel }}", "Email"),
        ("{{ ticket.tier }}", "1"),
        ("{{ contact.name }}", "Karin Kund"),
        ("{{ contact.first_name }}", "Karin"),
        ("{{ contact.email }}", "karin@acme.se"),
        ("{{ organization.name }}", "Acme AB"),
        ("{{ organization.support_plan }}", ""),
        ("{{ agent.name }}", "Agnes Agent"),
        ("{{ agent.first_name }}", "Agnes"),
        ("{{ agent.email }}", "agent@fyr.test"),
        ("{{ agent.signature }}", "Agnes på Support\n08-123 45 67"),
        ("{{ team.name }}", "Support"),
        ("{{ team.email }}", ""),
        ("{{ company.name }}", "Fyr"),
    ],
)
def test_each_placeholder_renders_its_value(tagged, agent, text, expected):
    validate(text)
    assert render(text, ticket=tagged, agent=agent) == expected


def test_ticket_number_created_and_url(ticket, agent, settings):
    settings.BASE_URL = "https://support.example.se"
    text = "{{ ticket.number }} {{ ticket.created }} {{ ticket.url }}"

    rendered = render(text, ticket=ticket, agent=agent)

    number, created, url = rendered.split(" ")
    assert number == str(ticket.number)
    assert created == timezone.localtime(ticket.created_at).date().isoformat()
    assert url == f"https://support.example.se/portal/tickets/{ticket.number}/"


def test_ticket_type_renders_its_label(ticket, agent):
    tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"type": "incident"})
    ticket.refresh_from_db()
    assert render("{{ ticket.type }}", ticket=ticket) == "Incident"


def test_every_listed_placeholder_validates_and_renders(ticket, agent):
    for name, description in PLACEHOLDERS:
        validate("{{ " + name + " }}")
        render("{{ " + name + " }}", ticket=ticket, agent=agent)
        assert str(description)


def test_swedish_first_name(db, support, agent):
    customers.create_contact(name="Åsa Öberg-Ängström", email="asa@example.se")
    ticket = tickets.receive(inbound_email("asa@example.se", team_id=support.pk)).ticket

    rendered = render("Hej {{ contact.first_name }}!", ticket=ticket, agent=agent)

    assert rendered == "Hej Åsa!"


def test_missing_values_render_empty(db, agent):
    ticket = tickets.receive(inbound_email("nobody@example.se", name="")).ticket
    assert ticket.organization_id is None and ticket.team_id is None

    text = "[{{ organization.name }}|{{ team.name }}|{{ contact.first_name }}|{{ agent.name }}]"

    assert render(text, ticket=ticket) == "[|||]"


def test_default_filter_fills_a_missing_value(db):
    ticket = tickets.receive(inbound_email("nobody@example.se", name="")).ticket
    text = 'Hej {{ contact.first_name|default("du") }}!'
    validate(text)
    assert render(text, ticket=ticket) == "Hej du!"


def test_if_blocks_and_filters(ticket, agent):
    text = (
        "{% if organization.name %}Till {{ organization.name|upper }}{% else %}Hej{% endif %}"
        "{% if ticket.priority == 'Urgent' %}!{% endif %}"
    )
    validate(text)
    assert render(text, ticket=ticket, agent=agent) == "Till ACME AB"


def test_plain_text_is_kept_as_written(ticket):
    text = "Hej!\n\nPris: 100 kr & moms <ingår>.\n"
    validate(text)
    assert render(text, ticket=ticket) == text


def test_no_html_escaping(ticket, agent):
    agent.name = "Per <Bolaget> & Co"
    agent.save(update_fields=["name"])
    assert render("{{ agent.name }}", ticket=ticket, agent=agent) == "Per <Bolaget> & Co"


@pytest.mark.parametrize(
    "text", ["{{ contact.firstname }}", "{{ ticket.requester }}", "{{ user.name }}", "{{ ticket }}"]
)
def test_unknown_placeholder_refused(text):
    with pytest.raises(ValidationError) as caught:
        validate(text)
    assert caught.value.code == "unknown_placeholder"


def test_unknown_placeholder_message_names_it():
    with pytest.raises(ValidationError) as caught:
        validate("Hej {{ contact.firstname }} och {{ agent.nickname }}")
    assert caught.value.messages == [
        "Unknown placeholder: {{ contact.firstname }}, {{ agent.nickname }}."
    ]


def test_unknown_placeholder_renders_empty(ticket):
    assert render("Hej {{ contact.firstname }}!", ticket=ticket) == "Hej !"


@pytest.mark.parametrize("text", ["{{ ticket.number ", "{% if %}", "{% endif %}", "{{ }}"])
def test_bad_syntax_refused(text, ticket):
    with pytest.raises(ValidationError) as caught:
        validate(text)
    assert caught.value.code == "syntax"
    with pytest.raises(ValidationError):
        render(text, ticket=ticket)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ticket.__class__ }}",
        "{{ ticket.__class__.__mro__ }}",
        "{{ ticket.number.__class__ }}",
        "{{ ticket['number'] }}",
        "{{ ticket.subject.upper() }}",
        "{{ ticket.items }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ 'x' * 1000000000 }}",
        "{{ 9 ** 9 ** 9 }}",
        "{% for i in range(10) %}x{% endfor %}",
        "{% set x = 1 %}",
        "{{ cycler }}",
        "{{ lipsum() }}",
        "{{ ticket.subject|attr('__class__') }}",
        "{{ ticket.subject|replace('a', 'aaaa') }}",
        "{{ ticket.subject|format(ticket) }}",
        "{% include 'base.html' %}",
        "{% macro m() %}{% endmacro %}",
        "{{ ticket.subject is defined }}",
        "{{ ticket.subject|default(ticket.number) }}",
    ],
)
def test_escapes_refused_by_validate(text):
    with pytest.raises(ValidationError):
        validate(text)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ticket.__class__ }}",
        "{{ ticket.__dict__ }}",
        "{{ ticket.items }}",
        "{{ contact.__init__ }}",
    ],
)
def test_escapes_harmless_at_render(text, ticket):
    """Attribute escapes that pass the structure check (a stored, never-validated text) render
    as nothing: the sandbox sees only namespaces of plain values."""
    assert render(text, ticket=ticket) == ""


def test_constructs_refused_at_render_too(ticket):
    with pytest.raises(ValidationError):
        render("{{ 'x' * 1000000000 }}", ticket=ticket)
    with pytest.raises(ValidationError):
        render("{% for i in range(10) %}x{% endfor %}", ticket=ticket)
    with pytest.raises(ValidationError):
        render("{{ ticket.number.__class__ }}", ticket=ticket)


def test_placeholders_in_names_groups_used():
    text = "{{ contact.first_name }} {% if team.name %}{{ agent.name }}{% endif %} {{ x.y }}"
    assert placeholders_in(text) == {"contact", "team", "agent"}


def test_render_reads_only_groups_used(ticket, django_assert_num_queries):
    ticket = type(ticket).objects.get(pk=ticket.pk)  # no cached relations
    with django_assert_num_queries(0):
        render("Ärende {{ ticket.number }}: {{ ticket.subject }}", ticket=ticket)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ticket.subject|truncate('a') }}",
        "{{ ticket.subject|upper(1) }}",
        "{{ ticket.subject|default(1, 2, 3, 4) }}",
        "{{ (((((((((((((((((((((((((((((((((((" * 40 + "1" + ")" * 1400 + " }}",
    ],
)
def test_filters_with_wrong_arguments_refused(text, ticket):
    with pytest.raises(ValidationError):
        validate(text)
    with pytest.raises(ValidationError):
        render(text, ticket=ticket)


def test_truncate_and_trim(ticket):
    text = "{{ ticket.subject|truncate(3) }}|{{ ticket.subject|truncate(3, end='.') }}"
    validate(text)
    assert render(text, ticket=ticket) == "Fel…|Fel."
