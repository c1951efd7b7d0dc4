"""Desk views of the email channel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from fyr.core.typing import AgentRequest
from fyr.mail.models import InboundMail
from fyr.tickets import storage
from fyr.tickets.queries import visible_tickets


@login_required
def original(request: AgentRequest, pk: int) -> HttpResponse:
    """The mail behind a message exactly as it arrived (.eml), for an agent who may see the
    ticket: the full original, quoted history and all, and the evidence when parsing erred."""
    row = (
        InboundMail.objects.select_related("raw")
        .filter(message__pk=pk, message__ticket__in=visible_tickets(request.user))
        .first()
    )
    if row is None:
        raise Http404(_("No original mail is kept for this message"))
    return raw_mail_response(row, f"message-{pk}.eml")


def raw_mail_response(row: InboundMail, filename: str) -> HttpResponse:
    """A kept mail as a download the browser never renders (it may be hostile)."""
    response = HttpResponse(storage.read(row.raw), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
