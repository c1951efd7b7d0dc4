"""Webhook calls a rule asks for: signed, sent from a task, retried with back-off, and never to
an address inside the network unless the installation allows it.

The request is ``POST`` with a JSON body ``{"event", "ticket", "rule", "delivery"}`` and the
headers ``X-Fyr-Timestamp`` (Unix seconds) and ``X-Fyr-Signature: sha256=<hex>``, the
HMAC-SHA256 of ``f"{timestamp}.{body}"`` under the webhook's secret: a receiver recomputes it
and refuses old timestamps, so a captured request cannot be replayed later.

Server-side request forgery is what a webhook invites (a rule pointed at the database server or
the cloud metadata address). So the host is resolved here, every address it resolves to must be
public (``WEBHOOK_ALLOW_PRIVATE`` lifts that), and the connection goes to the checked address
itself: a DNS answer that changes between the check and the connect (rebinding) cannot slip in.
Redirects are not followed (a redirect would need the same check), the timeout is short, and
only ``http`` and ``https`` are spoken.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from fyr.core import clock
from fyr.rules.choices import DeliveryState
from fyr.rules.models import Webhook, WebhookDelivery
from fyr.tickets.choices import EventKind
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket

#: Seconds to wait before each retry; after the last the delivery is marked failed.
RETRY_DELAYS = (60, 300, 1800)
TIMEOUT_SECONDS = 5.0
#: How much of an answer is kept in the delivery log.
KEEP_ANSWER = 500


class Refused(Exception):
    """The URL may not be called (bad scheme, private address): a permanent failure."""


class TryAgain(Exception):
    """A failure that may pass (timeout, refused connection, a 5xx or 429 answer)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256(secret, ``timestamp.body``)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (and the tests): constant-time comparison of the signature."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


# --- preparing a delivery (inside the rule's transaction) --------------------------------------


def ticket_summary(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "type": ticket.type,
        "channel": ticket.channel,
        "tier": ticket.tier,
        "team_id": ticket.team_id,
        "assignee_id": ticket.assignee_id,
        "requester_id": ticket.requester_id,
        "organization_id": ticket.organization_id,
        "version": ticket.version,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }


def prepare(
    ticket: Ticket, webhook_id: int, *, rule: Mapping[str, Any], event: str
) -> WebhookDelivery | None:
    """The delivery row for one call (``None`` when the webhook is gone or switched off); the
    payload is fixed now, so retries send what was true when the rule fired."""
    webhook = Webhook.objects.filter(pk=webhook_id, active=True).first()
    if webhook is None:
        return None
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, ticket=ticket, rule=dict(rule), event=event
    )
    delivery.payload = {
        "event": event,
        "ticket": ticket_summary(ticket),
        "rule": dict(rule),
        "delivery": delivery.pk,
    }
    delivery.save(update_fields=["payload"])
    return delivery


def enqueue(delivery_id: int) -> None:
    from fyr.rules.tasks import deliver_webhook

    deliver_webhook.enqueue(delivery_id)


# --- one attempt (in the task) -----------------------------------------------------------------


def attempt(delivery_id: int) -> int | None:
    """Try one delivery; the seconds until the next attempt, or ``None`` when done (delivered,
    failed for good, or taken by another run)."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state__in=[DeliveryState.PENDING, DeliveryState.RETRYING]
    ).update(state=DeliveryState.SENDING, last_attempt_at=clock.now())
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    attempts = delivery.attempts + 1
    try:
        answer = post(delivery.webhook, delivery.payload)
    except Refused as exc:
        _finish(delivery, attempts, DeliveryState.FAILED, error=str(exc))
        return None
    except TryAgain as exc:
        if attempts > len(RETRY_DELAYS):
            error = _("%(error)s (gave up after %(n)s attempts)") % {"error": exc, "n": attempts}
            _finish(delivery, attempts, DeliveryState.FAILED, error=error)
            return None
        _finish(delivery, attempts, DeliveryState.RETRYING, error=str(exc))
        return RETRY_DELAYS[attempts - 1]
    _finish(delivery, attempts, DeliveryState.DELIVERED, status=answer.status)
    return None


def _finish(
    delivery: WebhookDelivery, attempts: int, state: str, *, error: str = "", status: Any = None
) -> None:
    status = status if status is not None else _status_of(error)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=state, attempts=attempts, error=error[:2000], response_status=status
    )
    if state == DeliveryState.RETRYING or delivery.ticket_id is None:
        return
    from fyr.tickets import services as tickets

    rule = delivery.rule or {}
    actor = Actor.of_rule(rule.get("kind", "webhook"), rule.get("id"), rule.get("name", ""))
    kind = (
        EventKind.WEBHOOK_CALLED if state == DeliveryState.DELIVERED else EventKind.WEBHOOK_FAILED
    )
    data: dict[str, Any] = {
        "webhook": {"id": delivery.webhook_id, "name": delivery.webhook.name},
        "delivery": delivery.pk,
        "attempts": attempts,
    }
    if status is not None:
        data["status"] = status
    if error:
        data["error"] = error[:500]
    tickets.record_rule_outcome(delivery.ticket_id, kind, actor=actor, **data)


def _status_of(error: str) -> int | None:
    prefix = error.split(" ", 1)[0]
    return int(prefix) if prefix.isdigit() and len(prefix) == 3 else None


def post(webhook: Webhook, payload: Mapping[str, Any]) -> Answer:
    """Send ``payload`` signed to ``webhook.url``; ``Refused`` or ``TryAgain`` unless 2xx."""
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Fyr-Webhook/1",
        "X-Fyr-Timestamp": timestamp,
        "X-Fyr-Signature": sign(webhook.secret, timestamp, body),
        "X-Fyr-Delivery": str(payload.get("delivery", "")),
    }
    return send(webhook.url, body, headers)


def send(url: str, body: bytes, headers: Mapping[str, str]) -> Answer:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(_("Only http and https URLs can be called"))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise Refused(_("The URL's port is not valid")) from exc
    address = checked_address(parts.hostname, port)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = _connection(parts.scheme, parts.hostname, port, address)
    try:
        connection.request("POST", path, body=body, headers=dict(headers))
        response = connection.getresponse()
        text = response.read(KEEP_ANSWER).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        raise TryAgain(str(exc) or type(exc).__name__) from exc
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return Answer(response.status, text)
    message = f"{response.status} {response.reason}".strip()
    if response.status >= 500 or response.status in (408, 429):
        raise TryAgain(message)
    # 3xx (not followed) and other 4xx: the receiver will not take it however often we try.
    raise Refused(message)


def checked_address(host: str, port: int) -> tuple[Any, ...]:
    """The first address ``host`` resolves to, after checking that every one may be called."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TryAgain(_("The host %(host)s cannot be resolved") % {"host": host}) from exc
    if not found:
        raise TryAgain(_("The host %(host)s cannot be resolved") % {"host": host})
    for _family, _type, _proto, _name, sockaddr in found:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if not settings.WEBHOOK_ALLOW_PRIVATE and not is_public(ip):
            raise Refused(
                _("%(host)s resolves to %(ip)s, an address webhooks may not call")
                % {"host": host, "ip": ip}
            )
    return found[0]


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Not private, loopback, link-local, multicast, reserved or unspecified (an IPv4 address
    mapped into IPv6 is judged as the IPv4 address it is)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _connection(
    scheme: str, host: str, port: int, address: tuple[Any, ...]
) -> http.client.HTTPConnection:
    family, _type, proto, _name, sockaddr = address
    if scheme == "https":
        return _PinnedHTTPS(host, port, family, proto, sockaddr)
    return _PinnedHTTP(host, port, family, proto, sockaddr)


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an already-checked address (the Host header still names the host)."""

    def __init__(self, host: str, port: int, family: int, proto: int, sockaddr: Any) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._pinned = (family, proto, sockaddr)

    def connect(self) -> None:
        family, proto, sockaddr = self._pinned
        sock = socket.socket(family, socket.SOCK_STREAM, proto)
        sock.settimeout(self.timeout)
        try:
            sock.connect(sockaddr)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class _PinnedHTTPS(_PinnedHTTP):
    """HTTPS to the checked address, verifying the certificate for the URL's host name."""

    default_port = 443

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def next_attempt_at(delay: int) -> Any:
    return clock.now() + timedelta(seconds=delay)
