from __future__ import annotations

import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fyr.customers.models import Contact, ContactIdentity
from fyr.tickets.choices import Channel, Direction
from fyr.tickets.models import Attachment, Message, Ticket

FORM = {
    "name": "Nils Nilsson",
    "email": "Nils@Example.se",
    "subject": "Trasig laddare",
    "message": "Laddaren slutade fungera efter en vecka.",
    "website": "",
}


def test_site_root_leads_to_the_portal(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home") == "/portal/"


def test_the_request_page_shows_the_contact_form(client, db):
    response = client.get(reverse("portal:new_request"))
    assert response.status_code == 200
    assert b'name="email"' in response.content
    assert b'name="website"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_form_creates_ticket_and_contact_and_sends_one_confirmation(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:new_request"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:thanks")

    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.WEB
    assert ticket.subject == "Trasig laddare"
    assert ticket.requester.name == "Nils Nilsson"
    assert ticket.requester.language == "en"
    identity = ContactIdentity.objects.get(contact=ticket.requester)
    assert (identity.kind, identity.value) == ("email", "nils@example.se")
    message = Message.objects.get()
    assert message.direction == Direction.INBOUND
    assert message.body_text == FORM["message"]
    assert message.external_id  # a fresh uuid, so the path stays idempotent

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["nils@example.se"]
    assert f"[#{ticket.number}]" in mail.subject
    assert f"#{ticket.number}" in mail.body
    assert "https://help.example.com/portal/sign-in/" in mail.body

    thanks = client.get(reverse("portal:thanks"))
    assert f"#{ticket.number}".encode() in thanks.content


def test_form_finds_existing_contact_instead_of_creating_one(
    client, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:new_request"), {**FORM, "email": "KARIN@acme.se"})
    assert Contact.objects.count() == 1
    assert Ticket.objects.get().requester_id == customer.pk
    assert mailoutbox[0].to == ["karin@acme.se"]


def test_form_keeps_attachments(client, db, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("bild.png", b"\x89PNG fake", content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:new_request"), {**FORM, "attachments": [upload]})
    attachment = Attachment.objects.get()
    assert attachment.filename == "bild.png"
    assert attachment.message.ticket == Ticket.objects.get()


def test_honeypot_answers_like_success_but_creates_nothing(
    client, db, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.WARNING, logger="fyr.portal.views"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("portal:new_request"), {**FORM, "website": "http://spam"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:thanks")
    assert client.get(reverse("portal:thanks")).status_code == 200
    assert Ticket.objects.count() == 0
    assert Contact.objects.count() == 0
    assert mailoutbox == []
    assert "honeypot" in caplog.text


def test_bad_email_shows_error_and_keeps_what_was_typed(client, db, mailoutbox):
    response = client.post(reverse("portal:new_request"), {**FORM, "email": "nils-at-example"})
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    content = response.content.decode()
    assert 'value="nils-at-example"' in content
    assert 'value="Trasig laddare"' in content
    assert FORM["message"] in content
    assert Ticket.objects.count() == 0
    assert mailoutbox == []


def test_empty_message_shows_error_and_keeps_what_was_typed(client, db):
    response = client.post(reverse("portal:new_request"), {**FORM, "message": "   "})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["message"]
    content = response.content.decode()
    assert 'value="Nils@Example.se"' in content
    assert 'value="Nils Nilsson"' in content
    assert Ticket.objects.count() == 0


def test_dangerous_attachment_is_refused_with_a_reason(client, db):
    upload = SimpleUploadedFile("faktura.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("portal:new_request"), {**FORM, "attachments": [upload]})
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [
        "Files of type .exe cannot be attached"
    ]
    assert Ticket.objects.count() == 0


def test_contact_form_refuses_a_post_without_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("portal:new_request"), FORM)
    assert response.status_code == 403
    assert Ticket.objects.count() == 0
