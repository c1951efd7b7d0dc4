"""Who a portal visitor is, for feedback and deflection, without storing who they are.

A signed-in customer is ``c:<hash of the contact id>`` (the same person on every device); anyone
else is ``s:<hash of a random id kept in their session>``. The session is created when needed.
The random id (not the session key itself) is hashed because Django rotates the session key at
sign-in, while the session's data stays: the visitor stays the same person across that step.
Keys are keyed hashes (HMAC with the secret key), so they cannot be turned back into an id.
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.http import HttpRequest

from fyr.portal.services import session_contact

SESSION_VISITOR = "kb_visitor"


def _digest(kind: str, value: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"kb-visitor:{kind}:{value}".encode(), "sha256")
    return f"{kind}:{mac.hexdigest()[:48]}"


def contact_key(contact_id: int) -> str:
    """The visitor key of a signed-in contact (what ``visitor_key`` gives for them)."""
    return _digest("c", str(contact_id))


def visitor_key(request: HttpRequest) -> str:
    """A stable, non-reversible id of the portal visitor making ``request``."""
    contact = session_contact(request)
    if contact is not None:
        return contact_key(contact.pk)
    token = request.session.get(SESSION_VISITOR)
    if not isinstance(token, str):
        token = secrets.token_hex(16)
        request.session[SESSION_VISITOR] = token  # saved (and the cookie set) by the middleware
    return _digest("s", token)
