"""Shared fixtures: persona agents and customers, so permission matrices stay cheap to write.

Personas (Healthchecks' habit): ``admin``; ``agent`` and ``colleague`` in team Support;
``light_agent`` (light role) in Support; ``outsider``, an agent in team Billing only;
``customer``, a contact at Acme; ``stranger``, a contact at another organization.
"""

from __future__ import annotations

import pytest

from fyr.accounts import services as accounts
from fyr.accounts.choices import Role
from fyr.accounts.models import Team, User
from fyr.core import configcache
from fyr.customers import services as customers
from fyr.customers.models import Contact, Organization
from fyr.tickets import services as tickets
from fyr.tickets.choices import Channel
from fyr.tickets.inbound import Inbound
from fyr.tickets.models import Ticket

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Run tasks at once after commit, keep attachments in a temporary directory."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.LANGUAGE_CODE = "en"
    configcache.clear()  # rules cached by an earlier test belong to a rolled-back database


@pytest.fixture
def support(db) -> Team:
    return accounts.get_or_create_team("Support")


@pytest.fixture
def billing(db) -> Team:
    return accounts.get_or_create_team("Billing")


def make_agent(email: str, name: str, role: str, teams: list[Team]) -> User:
    return accounts.create_agent(email=email, name=name, role=role, password=PASSWORD, teams=teams)


@pytest.fixture
def admin(db) -> User:
    return make_agent("admin@fyr.test", "Astrid Admin", Role.ADMIN, [])


@pytest.fixture
def agent(support) -> User:
    return make_agent("agent@fyr.test", "Agnes Agent", Role.AGENT, [support])


@pytest.fixture
def colleague(support) -> User:
    return make_agent("colleague@fyr.test", "Kalle Kollega", Role.AGENT, [support])


@pytest.fixture
def light_agent(support) -> User:
    return make_agent("light@fyr.test", "Lisa Light", Role.LIGHT, [support])


@pytest.fixture
def outsider(billing) -> User:
    return make_agent("outsider@fyr.test", "Otto Outsider", Role.AGENT, [billing])


@pytest.fixture
def acme(db) -> Organization:
    return customers.create_organization(name="Acme AB", domains=["acme.se"])


@pytest.fixture
def customer(acme) -> Contact:
    return customers.create_contact(name="Karin Kund", email="karin@acme.se")


@pytest.fixture
def stranger(db) -> Contact:
    other = customers.create_organization(name="Other AB", domains=["other.se"])
    return customers.create_contact(name="Sven Stranger", email="sven@other.se", organization=other)


def inbound_email(
    sender: str = "karin@acme.se",
    text: str = "Hej! Min faktura stämmer inte.",
    *,
    subject: str = "Fel på fakturan",
    external_id: str | None = None,
    name: str = "",
    **kwargs,
) -> Inbound:
    return Inbound(
        channel=Channel.EMAIL,
        sender=customers.Identity("email", sender, name),
        subject=subject,
        text=text,
        external_id=external_id,
        **kwargs,
    )


@pytest.fixture
def ticket(customer, support) -> Ticket:
    """A new email ticket from ``customer`` in the Support team."""
    received = tickets.receive(inbound_email(team_id=support.pk, external_id="<t1@acme.se>"))
    return received.ticket
