from __future__ import annotations

from fyr.customers import services as customers
from fyr.customers.models import ContactIdentity
from fyr.portal.adapter import adapter
from fyr.tickets import channels
from fyr.tickets import services as tickets
from fyr.tickets.choices import Channel, DeliveryStatus, EventKind
from fyr.tickets.models import TicketEvent


def test_portal_adapter_is_registered_for_web_and_as_fallback(db):
    assert channels.adapter_for(Channel.WEB) is adapter
    assert channels.adapter_for("carrier-pigeon") is adapter


def test_agent_reply_emails_the_customer_with_a_portal_link(
    web_ticket, agent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = tickets.reply(web_ticket, author=agent, body="Paketet kommer i morgon.")

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["karin@acme.se"]
    assert f"[#{web_ticket.number}]" in mail.subject
    assert "Paketet kommer i morgon." in mail.body
    assert f"https://help.example.com/portal/tickets/{web_ticket.number}/" in mail.body
    assert "Agnes" in mail.body
    assert "agent@fyr.test" not in mail.body
    assert mail.from_email == "Fyr <support@localhost>"
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert "Paketet kommer i morgon." in html
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.SENT
    assert message.external_id == mail.extra_headers["Message-ID"]


def test_agent_reply_on_a_channel_without_adapter_reaches_the_customer_by_mail(
    customer, agent, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = tickets.open_ticket(
        actor=tickets.Actor.of_agent(agent),
        requester=customer,
        subject="Samtal om fakturan",
        body="Kunden ringde om fakturan.",
        channel=Channel.PHONE,
        from_requester=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        tickets.reply(ticket, author=agent, body="Vi har krediterat fakturan.")
    assert [m.to for m in mailoutbox] == [["karin@acme.se"]]
    assert f"[#{ticket.number}]" in mailoutbox[0].subject


def test_reply_to_customer_without_email_is_recorded_as_failed(
    agent, mailoutbox, django_capture_on_commit_callbacks
):
    caller = customers.create_contact(name="Telefon Tina", phone="070-123 45 67")
    ticket = tickets.open_ticket(
        actor=tickets.Actor.of_agent(agent),
        requester=caller,
        subject="Samtal",
        body="Tina ringde.",
        channel=Channel.PHONE,
        from_requester=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = tickets.reply(ticket, author=agent, body="Vi ringer upp.")
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.FAILED
    assert "no email address" in message.delivery_error
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.DELIVERY_FAILED).count() == 1
    assert mailoutbox == []
    assert not ContactIdentity.objects.filter(contact=caller, kind="email").exists()


def test_reply_mail_is_written_in_the_customer_language(
    web_ticket, agent, mailoutbox, django_capture_on_commit_callbacks
):
    customers.update_contact(web_ticket.requester, language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        tickets.reply(web_ticket, author=agent, body="Hej!")
    assert mailoutbox[0].extra_headers["Content-Language"] == "sv"


def test_reply_mail_falls_back_to_the_site_language(
    web_ticket, agent, mailoutbox, django_capture_on_commit_callbacks
):
    assert web_ticket.requester.language == ""
    with django_capture_on_commit_callbacks(execute=True):
        tickets.reply(web_ticket, author=agent, body="Hej!")
    assert mailoutbox[0].extra_headers["Content-Language"] == "en"


def test_the_reply_notification_is_the_administrators_template(
    web_ticket, agent, mailoutbox, django_capture_on_commit_callbacks
):
    from fyr.mail import services as mail
    from tests.mail.factories import general_template

    template = general_template("reply", "en")
    mail.save_template(
        template,
        subject="{{ agent }} answered",
        body="{{ message }}\n-- {{ company }}, ticket {{ ticket.number }}: {{ link }}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        tickets.reply(web_ticket, author=agent, body="Paketet kommer i morgon.")

    sent = mailoutbox[0]
    assert sent.subject == f"Agnes answered [#{web_ticket.number}]"  # agents show first names
    assert sent.body == (
        f"Paketet kommer i morgon.\n-- Fyr, ticket {web_ticket.number}: "
        f"https://help.example.com/portal/tickets/{web_ticket.number}/\n"
    )
    html, _type = sent.alternatives[0]
    assert f'href="https://help.example.com/portal/tickets/{web_ticket.number}/"' in html
