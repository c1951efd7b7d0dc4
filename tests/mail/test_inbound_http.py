"""POST /api/v1/inbound/email: raw MIME from a provider's webhook, behind a shared secret."""

from __future__ import annotations

import pytest
from django.test import Client

from fyr.mail import services
from fyr.mail.models import InboundMail, Mailbox
from fyr.tickets.models import Message
from tests.mail.factories import make_mail

URL = "/api/v1/inbound/email"


@pytest.fixture
def secret(settings):
    settings.INBOUND_EMAIL_SECRET = "s3cret-hemlighet"
    return settings.INBOUND_EMAIL_SECRET


@pytest.fixture
def mailbox(support):
    return services.save_mailbox(
        Mailbox(address="support@fyr.test", team=support, auto_reply=False)
    )


def post(raw: bytes, **extra):
    return Client().post(URL, data=raw, content_type="message/rfc822", **extra)


def test_a_mail_with_the_secret_header_opens_a_ticket(secret, mailbox):
    response = post(make_mail(), headers={"X-Fyr-Inbound-Secret": secret})

    assert response.status_code == 202
    body = response.json()
    assert (body["state"], body["duplicate"], body["created_ticket"]) == ("processed", False, True)
    assert Message.objects.get().ticket.number == body["ticket"]
    assert InboundMail.objects.get().source == "http"


def test_the_secret_may_come_as_a_query_parameter(secret, mailbox):
    response = Client().post(
        f"{URL}?secret={secret}&mailbox=support@fyr.test",
        data=make_mail(),
        content_type="text/plain",
    )
    assert response.status_code == 202


def test_the_same_mail_posted_twice_is_stored_once(secret, mailbox):
    post(make_mail(), headers={"X-Fyr-Inbound-Secret": secret})
    second = post(make_mail(), headers={"X-Fyr-Inbound-Secret": secret})
    assert second.status_code == 202
    assert second.json()["duplicate"] is True
    assert Message.objects.count() == 1


@pytest.mark.parametrize("given", [None, "fel", ""])
def test_a_wrong_or_missing_secret_is_refused_and_nothing_stored(secret, mailbox, given):
    headers = {} if given is None else {"X-Fyr-Inbound-Secret": given}
    response = post(make_mail(), headers=headers)
    assert response.status_code == 401
    assert InboundMail.objects.count() == 0


def test_the_endpoint_is_off_without_a_configured_secret(settings, mailbox):
    settings.INBOUND_EMAIL_SECRET = ""
    response = post(make_mail(), headers={"X-Fyr-Inbound-Secret": ""})
    assert response.status_code == 401


def test_an_empty_body_is_a_400_with_a_message(secret):
    response = post(b"  ", headers={"X-Fyr-Inbound-Secret": secret})
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body must be the raw mail"


def test_an_unknown_mailbox_is_a_422(secret, mailbox):
    response = Client().post(
        f"{URL}?mailbox=nobody@fyr.test",
        data=make_mail(),
        content_type="message/rfc822",
        headers={"X-Fyr-Inbound-Secret": secret},
    )
    assert response.status_code == 422
    assert InboundMail.objects.count() == 0


def test_garbage_is_accepted_into_quarantine_not_refused(secret, mailbox):
    response = post(b"\x00\x01\x02 garbage", headers={"X-Fyr-Inbound-Secret": secret})
    assert response.status_code == 202
    assert response.json()["state"] == "quarantined"
    assert InboundMail.objects.get().state == "quarantined"
