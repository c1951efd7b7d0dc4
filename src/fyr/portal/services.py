"""The portal's behaviour: requests and replies from customers, and sign-in by one-time link.

Customers are contacts, never desk users: a signed-in customer is ``portal_contact_id`` in the
session and nothing else. Every ticket change goes through ``fyr.tickets.services.receive``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Sequence
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from fyr.core import clock
from fyr.customers import services as customers
from fyr.customers.choices import IdentityKind
from fyr.customers.models import Contact
from fyr.knowledge import services as knowledge
from fyr.portal.models import PortalLoginToken
from fyr.tickets import services as tickets
from fyr.tickets.choices import Channel
from fyr.tickets.inbound import Inbound, InboundAttachment, ThreadHints
from fyr.tickets.models import Ticket

log = logging.getLogger(__name__)

SESSION_KEY = "portal_contact_id"

#: At most this many sign-in links per contact within one link lifetime (no mail bombing).
MAX_LINKS_PER_WINDOW = 5


# --- requests and replies ----------------------------------------------------------------------


def submit_request(
    *,
    name: str,
    email: str,
    subject: str,
    text: str,
    attachments: Sequence[InboundAttachment] = (),
    language: str = "",
    visitor: str = "",
) -> tickets.Received:
    """A new request from the contact form; the customer gets a confirmation mail after commit.

    ``visitor`` is the help centre's key for this browser (``knowledge.visitors.visitor_key``):
    articles it opened from a suggestion in the last 24 hours are marked as not having
    deflected this request, so the self-service ratio counts only real deflections."""
    with transaction.atomic():
        received = tickets.receive(
            Inbound(
                channel=Channel.WEB,
                sender=customers.Identity(IdentityKind.EMAIL, email, name.strip()),
                subject=subject.strip(),
                text=text,
                external_id=str(uuid.uuid4()),
                attachments=tuple(attachments),
            )
        )
        contact = received.ticket.requester
        if not contact.language and language in dict(settings.LANGUAGES):
            # Remember the language the customer wrote in, for every mail that follows.
            customers.update_contact(contact, language=language)
        if visitor:
            knowledge.mark_request_sent(visitor=visitor, contact=contact, ticket=received.ticket)
        address = customers.normalize(IdentityKind.EMAIL, email)
        ticket_id = received.ticket.pk
        transaction.on_commit(lambda: _enqueue_confirmation(ticket_id, address))
    return received


def _enqueue_confirmation(ticket_id: int, address: str) -> None:
    from fyr.portal.tasks import send_request_confirmation

    send_request_confirmation.enqueue(ticket_id, address)


def reply_as_customer(
    *,
    contact: Contact,
    ticket: Ticket,
    text: str,
    attachments: Sequence[InboundAttachment] = (),
) -> tickets.Received:
    """A customer's reply from the ticket page. The caller has checked ``ticket`` is theirs.

    A solved ticket reopens; a closed one gets a linked follow-up (``received.created_ticket``).
    """
    email = contact.email
    if not email:
        raise ValidationError(
            _("We have no email address for you; please write to us through the form.")
        )
    return tickets.receive(
        Inbound(
            channel=Channel.WEB,
            sender=customers.Identity(IdentityKind.EMAIL, email, contact.name),
            text=text,
            external_id=str(uuid.uuid4()),
            attachments=tuple(attachments),
            thread=ThreadHints(ticket_id=ticket.pk),
        )
    )


# --- sign-in by one-time link --------------------------------------------------------------------


class TokenProblem(Enum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


class InvalidToken(Exception):
    def __init__(self, problem: TokenProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def sign_in_url(raw: str) -> str:
    return settings.BASE_URL + reverse("portal:sign_in_confirm", args=[raw])


def issue_login_token(*, contact: Contact) -> str:
    """Create a one-time token for ``contact`` and return it; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    now = clock.now()
    PortalLoginToken.objects.create(
        contact=contact,
        token_sha256=_digest(raw),
        created_at=now,
        expires_at=now + timedelta(seconds=settings.PORTAL_LINK_MAX_AGE),
    )
    return raw


def request_sign_in_link(*, email: str) -> None:
    """Mail a sign-in link if ``email`` belongs to a contact; says nothing either way.

    The caller answers the same for known and unknown addresses (no account enumeration). The
    mail goes out directly after commit, not through a task: a task would store the raw token.
    """
    try:
        contact = customers.find_contact(IdentityKind.EMAIL, email)
    except ValidationError:
        return
    if contact is None:
        log.info("portal sign-in requested for an unknown address")
        return
    contact = _current(contact)
    window_start = clock.now() - timedelta(seconds=settings.PORTAL_LINK_MAX_AGE)
    recent = PortalLoginToken.objects.filter(contact=contact, created_at__gte=window_start)
    if recent.count() >= MAX_LINKS_PER_WINDOW:
        log.warning("portal sign-in links for contact %s throttled", contact.pk)
        return
    address = customers.normalize(IdentityKind.EMAIL, email)
    with transaction.atomic():
        raw = issue_login_token(contact=contact)
        contact_id = contact.pk
        transaction.on_commit(
            lambda: _mail_sign_in_link(contact_id, address, sign_in_url(raw)), robust=True
        )


def _mail_sign_in_link(contact_id: int, address: str, url: str) -> None:
    from fyr.portal import mail

    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is not None:
        mail.send_sign_in_link(contact=contact, address=address, url=url)


def check_login_token(raw: str) -> PortalLoginToken:
    """The token behind ``raw`` if it can still sign someone in; ``InvalidToken`` says why not."""
    token = (
        PortalLoginToken.objects.select_related("contact").filter(token_sha256=_digest(raw)).first()
    )
    if token is None:
        raise InvalidToken(TokenProblem.UNKNOWN)
    if token.used_at is not None:
        raise InvalidToken(TokenProblem.USED)
    if token.expires_at <= clock.now():
        raise InvalidToken(TokenProblem.EXPIRED)
    return token


def redeem_login_token(raw: str) -> Contact:
    """Use up a token (once, even under concurrent clicks) and return its contact."""
    token = check_login_token(raw)
    now = clock.now()
    claimed = PortalLoginToken.objects.filter(
        pk=token.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not claimed:
        raise InvalidToken(TokenProblem.USED)
    return _current(token.contact)


def _current(contact: Contact) -> Contact:
    """Follow merges to the contact that lives on."""
    seen = {contact.pk}
    while contact.merged_into_id is not None and contact.merged_into_id not in seen:
        seen.add(contact.merged_into_id)
        contact = Contact.objects.get(pk=contact.merged_into_id)
    return contact


# --- the portal session ----------------------------------------------------------------------------


def start_session(request: HttpRequest, contact: Contact) -> None:
    """Sign ``contact`` in: a new session key (no fixation), then the contact's id."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = contact.pk


def end_session(request: HttpRequest) -> None:
    """Sign the customer out; a desk login in the same browser is left alone."""
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def session_contact(request: HttpRequest) -> Contact | None:
    contact_id = request.session.get(SESSION_KEY)
    if not isinstance(contact_id, int):
        return None
    contact = (
        Contact.objects.select_related("organization")
        .prefetch_related("identities")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        request.session.pop(SESSION_KEY, None)
        return None
    if contact.merged_into_id is not None:
        contact = _current(contact)
        request.session[SESSION_KEY] = contact.pk
    return contact
