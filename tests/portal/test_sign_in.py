from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fyr.core import clock
from fyr.portal import services
from fyr.portal.models import PortalLoginToken

SENT = b"If we know this address, we've sent a link"


def request_link(client: Client, email: str, capture, **extra: str):
    with capture(execute=True):
        return client.post(reverse("portal:sign_in"), {"email": email, **extra})


def link_in(mail) -> str:
    match = re.search(r"https://help\.example\.com(/portal/sign-in/[^/\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def page_text(response, email: str) -> str:
    """The page without what legitimately differs: the address typed and the CSRF token."""
    content = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)


def test_known_email_gets_a_one_time_link(
    client, customer, mailoutbox, django_capture_on_commit_callbacks
):
    response = request_link(client, "Karin@Acme.se", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert SENT in response.content
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["karin@acme.se"]
    token = PortalLoginToken.objects.get()
    assert token.contact == customer
    assert token.used_at is None
    assert timedelta(minutes=29) < token.expires_at - token.created_at <= timedelta(minutes=30)
    raw = link_in(mailoutbox[0]).split("/")[-2]
    assert raw not in token.token_sha256  # only the hash is stored


def test_unknown_email_gets_the_same_answer_and_no_mail(
    client, customer, mailoutbox, django_capture_on_commit_callbacks
):
    known = request_link(client, "karin@acme.se", django_capture_on_commit_callbacks)
    mailoutbox.clear()
    unknown = request_link(client, "nobody@acme.se", django_capture_on_commit_callbacks)
    assert unknown.status_code == known.status_code == 200
    assert page_text(unknown, "nobody@acme.se") == page_text(known, "karin@acme.se")
    assert mailoutbox == []
    assert PortalLoginToken.objects.count() == 1


def test_link_signs_in_once(client, customer, mailoutbox, django_capture_on_commit_callbacks):
    request_link(client, "karin@acme.se", django_capture_on_commit_callbacks)
    path = link_in(mailoutbox[0])
    key_before = client.session.session_key

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:tickets")
    assert client.session[services.SESSION_KEY] == customer.pk
    assert client.session.session_key != key_before
    assert PortalLoginToken.objects.get().used_at is not None

    other = Client()
    again = other.post(path)
    assert again.status_code == 410
    assert b"already been used" in again.content
    assert services.SESSION_KEY not in other.session


def test_opening_the_link_does_not_use_it_up(
    client, customer, mailoutbox, django_capture_on_commit_callbacks
):
    request_link(client, "karin@acme.se", django_capture_on_commit_callbacks)
    path = link_in(mailoutbox[0])
    scanner = Client()
    for _ in range(3):
        page = scanner.get(path)
        assert page.status_code == 200
        assert b'method="post"' in page.content
    assert PortalLoginToken.objects.get().used_at is None
    assert services.SESSION_KEY not in scanner.session
    assert client.post(path).status_code == 302


def test_expired_link_fails_with_a_clear_message(client, customer):
    with clock.at(timezone.now() - timedelta(minutes=31)):
        raw = services.issue_login_token(contact=customer)
    path = reverse("portal:sign_in_confirm", args=[raw])
    assert b"has expired" in client.get(path).content
    response = client.post(path)
    assert response.status_code == 410
    assert b"has expired" in response.content
    assert services.SESSION_KEY not in client.session
    assert PortalLoginToken.objects.get().used_at is None


def test_unknown_link_fails_with_a_clear_message(client, db):
    response = client.post(reverse("portal:sign_in_confirm", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert b"is not valid" in response.content
    assert services.SESSION_KEY not in client.session


def test_sign_in_returns_to_a_safe_next_page(
    client, customer, mailoutbox, django_capture_on_commit_callbacks
):
    request_link(
        client, "karin@acme.se", django_capture_on_commit_callbacks, next="/portal/tickets/7/"
    )
    response = client.post(link_in(mailoutbox[0]))
    assert response["Location"] == "/portal/tickets/7/"


def test_sign_in_ignores_a_next_page_on_another_site(
    client, customer, mailoutbox, django_capture_on_commit_callbacks
):
    request_link(
        client, "karin@acme.se", django_capture_on_commit_callbacks, next="https://evil.example/x"
    )
    assert "portal_next" not in client.session
    response = client.post(link_in(mailoutbox[0]))
    assert response["Location"] == reverse("portal:tickets")


def test_protected_page_sends_visitor_to_sign_in_and_back(client, db):
    response = client.get(reverse("portal:tickets"))
    assert response.status_code == 302
    assert response["Location"] == "/portal/sign-in/?next=%2Fportal%2Ftickets%2F"
    page = client.get(response["Location"])
    assert b'name="next" value="/portal/tickets/"' in page.content
    evil = client.get(reverse("portal:sign_in") + "?next=//evil.example/")
    assert evil.context["form"]["next"].value() == ""


def test_sign_out_needs_post_and_forgets_the_customer(customer_client, customer):
    assert customer_client.get(reverse("portal:sign_out")).status_code == 405
    assert customer_client.session[services.SESSION_KEY] == customer.pk
    response = customer_client.post(reverse("portal:sign_out"))
    assert response.status_code == 302
    assert services.SESSION_KEY not in customer_client.session
    assert customer_client.get(reverse("portal:tickets")).status_code == 302


def test_sign_in_links_are_throttled_per_contact(
    client, customer, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(services.MAX_LINKS_PER_WINDOW + 2):
        response = request_link(client, "karin@acme.se", django_capture_on_commit_callbacks)
        assert SENT in response.content
    assert len(mailoutbox) == services.MAX_LINKS_PER_WINDOW
    assert PortalLoginToken.objects.count() == services.MAX_LINKS_PER_WINDOW


def test_portal_session_is_not_a_desk_login(customer_client):
    assert "_auth_user_id" not in customer_client.session
