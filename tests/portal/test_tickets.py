from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fyr.customers import services as customers
from fyr.customers.models import Organization
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, MessageKind, Status
from fyr.tickets.inbound import InboundAttachment
from fyr.tickets.models import Attachment, Message, Ticket, TicketEvent
from tests.portal.conftest import signed_in, web_request


def ticket_url(ticket: Ticket) -> str:
    return reverse("portal:ticket", args=[ticket.number])


def test_my_tickets_shows_own_and_shared_organization_tickets_but_not_others(
    client, customer, stranger, acme
):
    Organization.objects.filter(pk=acme.pk).update(shares_tickets=True)
    customers.create_contact(name="Olle Kollega", email="olle@acme.se")
    mine = web_request(subject="Min egen fråga")
    colleagues = web_request("olle@acme.se", subject="Kollegans fråga")
    others = web_request("sven@other.se", subject="Någon annans fråga")

    response = signed_in(client, customer).get(reverse("portal:tickets"))

    assert response.status_code == 200
    shown = [row["ticket"].pk for row in response.context["rows"]]
    assert sorted(shown) == sorted([mine.pk, colleagues.pk])
    content = response.content.decode()
    assert "Min egen fråga" in content
    assert "Kollegans fråga" in content
    assert "from Olle Kollega" in content
    assert "Någon annans fråga" not in content
    assert others.pk not in shown


def test_my_tickets_leaves_out_colleagues_when_organization_does_not_share(client, customer):
    customers.create_contact(name="Olle Kollega", email="olle@acme.se")
    mine = web_request()
    web_request("olle@acme.se", subject="Kollegans fråga")
    response = signed_in(client, customer).get(reverse("portal:tickets"))
    assert [row["ticket"].pk for row in response.context["rows"]] == [mine.pk]
    assert b"Kollegans fr" not in response.content


def test_status_is_shown_in_customer_words(client, customer, agent):
    ticket = web_request()
    tickets.reply(ticket, author=agent, body="Kan du skicka ordernumret?", status=Status.PENDING)
    response = signed_in(client, customer).get(reverse("portal:tickets"))
    assert [row["status"] for row in response.context["rows"]] == ["Awaiting your reply"]
    assert b"Awaiting your reply" in response.content
    assert b"Pending" not in response.content


def test_my_tickets_pages_with_a_cursor(client, customer, django_assert_max_num_queries):
    made = [web_request(subject=f"Fråga {n}") for n in range(23)]
    signed_in(client, customer)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("portal:tickets"))
    assert len(first.context["rows"]) == 20
    cursor = first.context["next_cursor"]
    assert cursor
    second = client.get(reverse("portal:tickets"), {"cursor": cursor})
    seen = [r["ticket"].pk for r in first.context["rows"]] + [
        r["ticket"].pk for r in second.context["rows"]
    ]
    assert sorted(seen) == sorted(t.pk for t in made)
    assert second.context["next_cursor"] is None


def test_bad_cursor_shows_first_page_with_a_message(customer_client, customer):
    web_request()
    response = customer_client.get(reverse("portal:tickets"), {"cursor": "garbage!"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1
    assert b"The cursor is not valid" in response.content


def test_ticket_page_shows_public_replies_but_never_notes_or_agent_emails(
    customer_client, web_ticket, agent
):
    tickets.add_note(web_ticket, author=agent, body="HEMLIG: kunden verkar irriterad")
    tickets.reply(web_ticket, author=agent, body="Paketet är på väg!")

    response = customer_client.get(ticket_url(web_ticket))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Var är mitt paket?" in content
    assert "Paketet är på väg!" in content
    assert "HEMLIG" not in content
    assert "agent@fyr.test" not in content
    assert "Agnes Agent" not in content
    assert [e["author"] for e in response.context["conversation"]] == ["Karin Kund", "Agnes"]
    assert "Ticket created" not in content
    assert "kvitto.pdf" in content


def test_ticket_page_shows_agent_without_name_as_customer_service(
    customer_client, web_ticket, agent
):
    type(agent).objects.filter(pk=agent.pk).update(name="")
    agent.refresh_from_db()
    tickets.reply(web_ticket, author=agent, body="Hej!")
    response = customer_client.get(ticket_url(web_ticket))
    assert response.context["conversation"][-1]["author"] == "Customer service"
    assert b"agent@fyr.test" not in response.content


def test_other_customer_gets_404_for_my_ticket_and_my_attachment(client, web_ticket, stranger):
    attachment = Attachment.objects.get()
    signed_in(client, stranger)
    assert client.get(ticket_url(web_ticket)).status_code == 404
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404
    before = Message.objects.count()
    response = client.post(ticket_url(web_ticket), {"message": "Jag kapar ärendet"})
    assert response.status_code == 404
    assert Message.objects.count() == before


def test_attachment_of_an_internal_note_is_not_downloadable(customer_client, web_ticket, agent):
    tickets.add_note(
        web_ticket,
        author=agent,
        body="intern",
        attachments=(InboundAttachment("intern.txt", "text/plain", b"hemligt"),),
    )
    note_attachment = Attachment.objects.get(message__kind=MessageKind.NOTE)
    url = reverse("portal:attachment", args=[note_attachment.pk])
    assert customer_client.get(url).status_code == 404


def test_attachment_downloads_as_a_file(customer_client, web_ticket):
    attachment = Attachment.objects.get()
    response = customer_client.get(reverse("portal:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kvitto.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 kvitto"


def test_signed_out_visitor_cannot_download_attachments(client, web_ticket):
    attachment = Attachment.objects.get()
    response = client.get(reverse("portal:attachment", args=[attachment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:sign_in"))


def test_reply_threads_into_the_ticket_and_reopens_a_solved_one(
    customer_client, web_ticket, agent, django_capture_on_commit_callbacks
):
    tickets.reply(web_ticket, author=agent, body="Löst!", status=Status.SOLVED)
    upload = SimpleUploadedFile("foto.jpg", b"\xff\xd8 jpeg", content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = customer_client.post(
            ticket_url(web_ticket), {"message": "Nej, det är inte löst.", "attachments": [upload]}
        )

    assert response.status_code == 302
    assert response["Location"] == ticket_url(web_ticket)
    web_ticket.refresh_from_db()
    assert web_ticket.status == Status.OPEN
    assert Ticket.objects.count() == 1
    last = web_ticket.messages.order_by("-id").first()
    assert last.body_text == "Nej, det är inte löst."
    assert last.author_contact_id == web_ticket.requester_id
    assert list(last.attachments.values_list("filename", flat=True)) == ["foto.jpg"]
    assert TicketEvent.objects.filter(ticket=web_ticket, kind=EventKind.REOPENED).count() == 1


def test_reply_to_a_closed_ticket_opens_a_follow_up_and_says_its_number(
    customer_client, web_ticket, agent
):
    actor = tickets.Actor.of_agent(agent)
    tickets.change_ticket(web_ticket, actor=actor, changes={"status": Status.SOLVED})
    tickets.change_ticket(web_ticket, actor=actor, changes={"status": Status.CLOSED})
    page = customer_client.get(ticket_url(web_ticket))
    assert b"This ticket is closed" in page.content

    response = customer_client.post(ticket_url(web_ticket), {"message": "Samma problem igen."})

    follow_up = Ticket.objects.exclude(pk=web_ticket.pk).get()
    assert follow_up.follow_up_of_id == web_ticket.pk
    assert response["Location"] == ticket_url(follow_up)
    shown = customer_client.get(response["Location"])
    assert f"we opened a new ticket #{follow_up.number}".encode() in shown.content
    web_ticket.refresh_from_db()
    assert web_ticket.status == Status.CLOSED


def test_empty_reply_shows_an_error_and_changes_nothing(customer_client, web_ticket):
    before = web_ticket.version
    response = customer_client.post(ticket_url(web_ticket), {"message": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["message"] == [
        "Please write a message or attach a file."
    ]
    web_ticket.refresh_from_db()
    assert web_ticket.version == before
    assert web_ticket.messages.count() == 1


def test_ticket_page_query_budget(
    customer_client, web_ticket, agent, django_assert_max_num_queries
):
    for n in range(5):
        tickets.reply(web_ticket, author=agent, body=f"Svar {n}")
    with django_assert_max_num_queries(10):
        response = customer_client.get(ticket_url(web_ticket))
    assert len(response.context["conversation"]) == 6


def test_portal_pages_refuse_framing(customer_client, web_ticket):
    response = customer_client.get(ticket_url(web_ticket))
    assert response["X-Frame-Options"] == "DENY"


def test_pages_speak_the_customer_language_until_the_visitor_chooses(customer_client, customer):
    customers.update_contact(customer, language="sv")
    assert b'<html lang="sv">' in customer_client.get(reverse("portal:tickets")).content
    customer_client.post("/i18n/setlang/", {"language": "en", "next": "/portal/tickets/"})
    assert b'<html lang="en">' in customer_client.get(reverse("portal:tickets")).content


def test_reply_on_a_merged_ticket_lands_in_the_ticket_it_was_merged_into(
    customer_client, web_ticket, agent
):
    target = web_request(subject="Samma ärende")
    tickets.merge_tickets(web_ticket, target, actor=tickets.Actor.of_agent(agent))
    page = customer_client.get(ticket_url(web_ticket))
    assert f'combined with <a href="{ticket_url(target)}">ticket #{target.number}'.encode() in (
        page.content
    )

    response = customer_client.post(ticket_url(web_ticket), {"message": "Något nytt?"})

    assert response["Location"] == ticket_url(target)
    assert Ticket.objects.count() == 2
    assert target.messages.order_by("-id").first().body_text == "Något nytt?"
    shown = customer_client.get(response["Location"])
    assert f"now part of ticket #{target.number}".encode() in shown.content
