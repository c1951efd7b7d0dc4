"""Administrators' mail pages (Django's admin): mailboxes, templates, the quarantine; and the
desk's download of a message's original mail."""

from __future__ import annotations

import pytest
from django.test import Client

from fyr.mail import parsing, services
from fyr.mail.choices import InboundState, MailSource
from fyr.mail.models import EmailTemplate, InboundMail, Mailbox
from fyr.tickets.models import Message
from tests.mail.factories import general_template, make_mail


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mailbox(support):
    return services.save_mailbox(
        Mailbox(
            address="support@fyr.test",
            team=support,
            auto_reply=False,
            imap_host="imap.fyr.test",
            imap_username="support",
            imap_password="hemligt",
        )
    )


def mailbox_form(mailbox, **changes):
    data = {
        "address": mailbox.address,
        "name": "Fyr Support",
        "team": mailbox.team_id,
        "is_active": "on",
        "signature": "",
        "auto_reply": "on",
        "imap_host": mailbox.imap_host,
        "imap_port": "993",
        "imap_security": "tls",
        "imap_username": mailbox.imap_username,
        "imap_password": "",
        "imap_folder": "INBOX",
        "imap_archive_folder": "",
        "templates-TOTAL_FORMS": "0",
        "templates-INITIAL_FORMS": "0",
        "templates-MIN_NUM_FORMS": "0",
        "templates-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_an_admin_adds_a_mailbox_and_the_address_is_normalised(admin, support):
    response = logged_in(admin).post(
        "/admin/mail/mailbox/add/",
        mailbox_form(Mailbox(address="Kundtjanst@Fyr.TEST", team=support), imap_host=""),
    )
    assert response.status_code == 302, response.content[:2000]
    assert Mailbox.objects.get().address == "kundtjanst@fyr.test"


def test_saving_a_mailbox_with_an_empty_password_keeps_the_stored_one(admin, mailbox):
    response = logged_in(admin).post(
        f"/admin/mail/mailbox/{mailbox.pk}/change/", mailbox_form(mailbox, name="Nytt namn")
    )
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.name, mailbox.imap_password) == ("Nytt namn", "hemligt")


def test_the_password_is_never_shown_on_the_page(admin, mailbox):
    page = logged_in(admin).get(f"/admin/mail/mailbox/{mailbox.pk}/change/")
    assert page.status_code == 200
    assert b"hemligt" not in page.content


def test_an_agent_cannot_open_the_mail_admin(agent, mailbox):
    response = logged_in(agent).get("/admin/mail/mailbox/")
    assert response.status_code == 302  # to the admin login
    assert "/admin/login/" in response["Location"]


def test_a_template_with_an_error_is_shown_back_with_the_reason(admin, db):
    template = general_template("received", "sv")
    response = logged_in(admin).post(
        f"/admin/mail/emailtemplate/{template.pk}/change/",
        {"subject": "Hej {% if %}", "body": "Text"},
    )
    assert response.status_code == 200
    assert b"The template has an error" in response.content
    template.refresh_from_db()
    assert "{% if" not in template.subject


def test_the_general_templates_cannot_be_deleted(admin, db):
    template = general_template("received", "sv")
    response = logged_in(admin).post(
        f"/admin/mail/emailtemplate/{template.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert EmailTemplate.objects.filter(pk=template.pk).exists()


def test_quarantined_mail_is_processed_again_from_the_admin(admin, mailbox, monkeypatch):
    real_parse = parsing.parse
    monkeypatch.setattr(parsing, "parse", lambda raw: (_ for _ in ()).throw(ValueError("bug")))
    row = services.ingest(make_mail(), source=MailSource.HTTP).inbound_mail
    monkeypatch.setattr(parsing, "parse", real_parse)
    client = logged_in(admin)

    listing = client.get("/admin/mail/inboundmail/?state__exact=quarantined")
    assert b"ValueError: bug" in listing.content
    response = client.post(
        "/admin/mail/inboundmail/",
        {"action": "process_again", "_selected_action": [row.pk]},
        follow=True,
    )

    assert b"1 mail processed." in response.content
    assert InboundMail.objects.get().state == InboundState.PROCESSED
    assert Message.objects.count() == 1


def test_an_admin_downloads_the_raw_mail_and_an_agent_cannot(admin, agent, mailbox):
    raw = make_mail()
    row = services.ingest(raw, source=MailSource.HTTP).inbound_mail
    url = f"/admin/mail/inboundmail/{row.pk}/raw/"

    response = logged_in(admin).get(url)
    assert response.status_code == 200
    assert response.content == raw
    assert response["Content-Type"] == "application/octet-stream"
    assert logged_in(agent).get(url).status_code == 302


def test_an_agent_downloads_the_original_of_a_message_on_a_ticket_they_see(
    agent, outsider, mailbox
):
    raw = make_mail()
    message = services.ingest(raw, source=MailSource.HTTP).message
    url = f"/desk/messages/{message.pk}/original/"

    response = logged_in(agent).get(url)
    assert response.status_code == 200
    assert b"".join(response) == raw
    assert response["Content-Disposition"] == f'attachment; filename="message-{message.pk}.eml"'
    assert logged_in(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_ticket_page_shows_folded_quotes_and_the_original_link(agent, mailbox):
    text = "Tack!\n\nDen 3 mars 2025 kl. 10:15 skrev Fyr <support@fyr.test>:\n> Gammalt svar\n"
    message = services.ingest(make_mail(text=text), source=MailSource.HTTP).message

    page = logged_in(agent).get(f"/desk/tickets/{message.ticket.number}/")

    content = page.content.decode()
    assert '<details class="msg-quoted">' in content
    assert "Gammalt svar" in content
    assert f"/desk/messages/{message.pk}/original/" in content


def test_an_original_with_an_id_out_of_range_is_a_404(agent):
    assert logged_in(agent).get("/desk/messages/511076619795305319047/original/").status_code == 404


def test_admins_reach_the_administration_pages_from_the_settings_and_agents_do_not(admin, agent):
    assert b'href="/desk/settings/"' in logged_in(admin).get("/desk/").content
    assert b'href="/admin/"' in logged_in(admin).get("/desk/settings/").content
    assert b'href="/desk/settings/"' not in logged_in(agent).get("/desk/").content
    assert logged_in(agent).get("/desk/settings/").status_code == 403


def test_quarantined_mail_is_discarded_from_the_admin_and_its_bytes_kept(admin, mailbox):
    row = services.ingest(b"\x00 not a mail", source=MailSource.HTTP).inbound_mail
    assert row.state == InboundState.QUARANTINED

    response = logged_in(admin).post(
        "/admin/mail/inboundmail/",
        {"action": "discard", "_selected_action": [row.pk]},
        follow=True,
    )

    assert b"1 discarded." in response.content
    row.refresh_from_db()
    assert row.state == InboundState.IGNORED
    assert (
        logged_in(admin).get(f"/admin/mail/inboundmail/{row.pk}/raw/").content == b"\x00 not a mail"
    )
