"""``POST /api/v1/inbound/email``: raw MIME from a mail provider's inbound webhook.

Authenticated by a shared secret (``FYR_INBOUND_EMAIL_SECRET``), sent as the header
``X-Fyr-Inbound-Secret`` or, for providers that cannot set headers, as ``?secret=``. The body is
the mail itself (``Content-Type: message/rfc822`` or any other). The answer says what became of
it; a mail that cannot be parsed is still accepted (and quarantined), so the provider does not
retry it forever.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, APIKeyQuery

from fyr.mail import services
from fyr.mail.choices import MailSource
from fyr.mail.models import Mailbox

router = Router(tags=["inbound email"])


def _matches(key: str | None) -> bool:
    secret = settings.INBOUND_EMAIL_SECRET
    return bool(secret and key and hmac.compare_digest(key.encode(), secret.encode()))


class SecretHeader(APIKeyHeader):
    param_name = "X-Fyr-Inbound-Secret"

    def authenticate(self, request: HttpRequest, key: str | None) -> bool | None:
        return True if _matches(key) else None


class SecretQuery(APIKeyQuery):
    param_name = "secret"

    def authenticate(self, request: HttpRequest, key: str | None) -> bool | None:
        return True if _matches(key) else None


class InboundOut(Schema):
    state: str
    duplicate: bool
    ticket: int | None = None
    created_ticket: bool = False
    reason: str = ""


@router.post(
    "/inbound/email",
    response={202: InboundOut},
    auth=[SecretHeader(), SecretQuery()],
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The raw mail (any content type; message/rfc822 is usual)",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
def inbound_email(request: HttpRequest, mailbox: str = "") -> tuple[int, InboundOut]:
    """Take one raw mail. ``mailbox`` (an address) says which mailbox it came to; without it the
    mail's recipients decide."""
    raw = request.body
    if not raw.strip():
        raise HttpError(400, _("The request body must be the raw mail"))
    box = None
    if mailbox:
        box = Mailbox.objects.filter(address__iexact=mailbox.strip(), is_active=True).first()
        if box is None:
            raise HttpError(
                422, _("No active mailbox has the address %(address)s") % {"address": mailbox}
            )
    result = services.ingest(raw, source=MailSource.HTTP, mailbox=box)
    return 202, InboundOut(
        state=result.state,
        duplicate=result.duplicate,
        ticket=result.ticket.number if result.ticket else None,
        created_ticket=result.created_ticket,
        reason=result.reason,
    )
