from __future__ import annotations

import pytest
from django.test import Client

from fyr.customers.models import Contact
from fyr.customers.services import Identity
from fyr.portal import services
from fyr.tickets import services as tickets
from fyr.tickets.choices import Channel
from fyr.tickets.inbound import Inbound, InboundAttachment
from fyr.tickets.models import Ticket


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = "https://help.example.com"


def signed_in(client: Client, contact: Contact) -> Client:
    session = client.session
    session[services.SESSION_KEY] = contact.pk
    session.save()
    return client


@pytest.fixture
def customer_client(client, customer) -> Client:
    return signed_in(client, customer)


def web_request(
    contact_email: str = "karin@acme.se",
    *,
    subject: str = "Leveransen är sen",
    text: str = "Var är mitt paket?",
    attachments: tuple[InboundAttachment, ...] = (),
    name: str = "",
) -> Ticket:
    received = tickets.receive(
        Inbound(
            channel=Channel.WEB,
            sender=Identity("email", contact_email, name),
            subject=subject,
            text=text,
            attachments=attachments,
        )
    )
    return received.ticket


@pytest.fixture
def web_ticket(customer) -> Ticket:
    """A portal ticket from ``customer`` with an attachment on the first message."""
    return web_request(
        attachments=(InboundAttachment("kvitto.pdf", "application/pdf", b"%PDF-1.4 kvitto"),)
    )
