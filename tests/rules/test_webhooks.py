"""Webhooks: refused inside the network by default; signed, delivered and retried otherwise."""

from __future__ import annotations

import http.server
import ipaddress
import json
import threading

import pytest

from fyr.rules import services as rules
from fyr.rules import webhooks
from fyr.rules.choices import DeliveryState
from fyr.rules.models import Webhook, WebhookDelivery
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind
from tests.conftest import inbound_email
from tests.rules.conftest import events_of

SECRET = "s3cret-s3cret-s3cret"


class Receiver:
    """A real HTTP server on 127.0.0.1 answering with ``statuses`` in turn (then 200)."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook?x=1"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(statuses=()):
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _hook_trigger(make_trigger, url):
    webhook = rules.create_webhook(name="CRM", url=url, secret=SECRET)
    trigger = make_trigger([{"type": "webhook", "webhook": webhook.pk}], name="Tell the CRM")
    return webhook, trigger


def _receive(capture):
    with capture(execute=True):
        return tickets.receive(inbound_email(subject="Hook me")).ticket


def test_loopback_is_refused_by_default(
    customer, receiver, make_trigger, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook, _trigger = _hook_trigger(make_trigger, server.url)
    ticket = _receive(django_capture_on_commit_callbacks)
    assert server.requests == []
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.state == DeliveryState.FAILED
    assert "127.0.0.1" in delivery.error
    [failed] = events_of(ticket, EventKind.WEBHOOK_FAILED)
    assert failed.data["webhook"]["id"] == webhook.pk


def test_signed_delivery_reaches_a_local_server(
    settings, customer, receiver, make_trigger, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    server = receiver()
    webhook, trigger = _hook_trigger(make_trigger, server.url)
    ticket = _receive(django_capture_on_commit_callbacks)
    [request] = server.requests
    headers, body = request["headers"], request["body"]
    timestamp = headers["X-Fyr-Timestamp"]
    assert webhooks.verify(SECRET, timestamp, body, headers["X-Fyr-Signature"])
    assert not webhooks.verify("another secret", timestamp, body, headers["X-Fyr-Signature"])
    payload = json.loads(body)
    assert payload["event"] == "ticket.created"
    assert payload["ticket"]["number"] == ticket.number
    assert payload["rule"] == {"kind": "trigger", "id": trigger.pk, "name": "Tell the CRM"}
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert (delivery.state, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)
    [called] = events_of(ticket, EventKind.WEBHOOK_CALLED)
    assert called.data["rule"]["id"] == trigger.pk


def test_signature_is_hmac_sha256_of_timestamp_and_body():
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"123.{}", hashlib.sha256).hexdigest()
    assert webhooks.sign("k", "123", b"{}") == f"sha256={expected}"


def test_server_errors_are_retried_then_delivered(
    settings, customer, receiver, make_trigger, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    server = receiver([500, 503])
    webhook, _trigger = _hook_trigger(make_trigger, server.url)
    ticket = _receive(django_capture_on_commit_callbacks)
    assert len(server.requests) == 3
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert (delivery.state, delivery.attempts) == ("delivered", 3)
    assert len(events_of(ticket, EventKind.WEBHOOK_CALLED)) == 1


def test_gives_up_after_the_last_retry(
    settings, customer, receiver, make_trigger, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    server = receiver([500] * 10)
    webhook, _trigger = _hook_trigger(make_trigger, server.url)
    ticket = _receive(django_capture_on_commit_callbacks)
    assert len(server.requests) == len(webhooks.RETRY_DELAYS) + 1
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert (delivery.state, delivery.response_status) == ("failed", 500)
    [failed] = events_of(ticket, EventKind.WEBHOOK_FAILED)
    assert failed.data["attempts"] == 4


def test_client_errors_are_not_retried(
    settings, customer, receiver, make_trigger, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    server = receiver([404])
    webhook, _trigger = _hook_trigger(make_trigger, server.url)
    _receive(django_capture_on_commit_callbacks)
    assert len(server.requests) == 1
    assert WebhookDelivery.objects.get(webhook=webhook).state == "failed"


def test_redirects_are_not_followed(settings, receiver):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    server = receiver([302])
    with pytest.raises(webhooks.Refused):
        webhooks.send(server.url, b"{}", {})
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "224.0.0.1",
        "0.0.0.0",
        "240.0.0.1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "fc00::1",
    ],
)
def test_private_addresses_are_not_public(address):
    assert not webhooks.is_public(ipaddress.ip_address(address))


def test_public_addresses_are_public():
    assert webhooks.is_public(ipaddress.ip_address("93.184.216.34"))
    assert webhooks.is_public(ipaddress.ip_address("2606:2800:220:1::1"))


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "http:///x"])
def test_other_schemes_are_refused(url):
    with pytest.raises(webhooks.Refused):
        webhooks.send(url, b"{}", {})


def test_a_name_resolving_to_loopback_is_refused(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(webhooks.Refused):
        webhooks.checked_address("localhost", 80)


def test_webhook_validation(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        rules.create_webhook(name=" ", url="javascript:alert(1)", secret="short")
    assert set(info.value.message_dict) == {"name", "url", "secret"}
    webhook = rules.create_webhook(name="CRM", url="https://crm.example.com/hook")
    assert len(webhook.secret) >= 32


def test_a_webhook_in_use_cannot_be_deleted(db, make_trigger):
    from django.core.exceptions import ValidationError

    webhook = rules.create_webhook(name="CRM", url="https://crm.example.com/hook")
    make_trigger([{"type": "webhook", "webhook": webhook.pk}], name="Uses it")
    with pytest.raises(ValidationError):
        rules.delete_webhook(webhook)
    assert Webhook.objects.filter(pk=webhook.pk).exists()
