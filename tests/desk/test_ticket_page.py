from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fyr.tickets import services
from fyr.tickets.choices import MessageKind, Priority, Status
from fyr.tickets.events import Actor
from fyr.tickets.inbound import InboundAttachment
from fyr.tickets.models import Attachment, Message
from tests.conftest import inbound_email
from tests.desk.conftest import make_ticket


def page(client, ticket, **extra):
    return client.get(reverse("desk:ticket", args=[ticket.number]), **extra)


def test_ticket_page_shows_messages_notes_events_and_customer(
    client, agent, colleague, ticket, customer
):
    services.add_note(ticket, author=colleague, body="Secret <b>note</b>")
    services.change_ticket(ticket, actor=Actor.of_agent(colleague), changes={"status": Status.OPEN})
    other = make_ticket(None, subject="Earlier question", n=9)
    client.force_login(agent)
    html = page(client, ticket).content.decode()
    assert "Hej! Min faktura stämmer inte." in html
    assert "Secret &lt;b&gt;note&lt;/b&gt;" in html
    assert "msg-note" in html
    assert "Kalle Kollega changed status from New to Open" in html
    assert "karin@acme.se" in html and "Acme AB" in html
    assert f"#{other.number} Earlier question" in html


def test_outsider_gets_404(client, outsider, ticket):
    client.force_login(outsider)
    assert page(client, ticket).status_code == 404


def test_reply_posts_and_appears(client, agent, ticket):
    client.force_login(agent)
    response = client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {
            "kind": "reply",
            "body": "Vi har rättat fakturan.",
            "version": ticket.version,
            "send_as": "pending",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vi har rättat fakturan." in html and 'id="timeline"' in html
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    reply = ticket.messages.get(kind=MessageKind.REPLY, author_agent=agent)
    assert reply.body_text == "Vi har rättat fakturan."


def test_note_with_attachment_posts_and_appears(client, agent, ticket):
    client.force_login(agent)
    upload = SimpleUploadedFile("log.txt", b"trace", content_type="text/plain")
    response = client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {"kind": "note", "body": "Intern info", "version": ticket.version, "attachments": [upload]},
    )
    assert response.status_code == 302
    note = ticket.messages.get(kind=MessageKind.NOTE)
    assert note.body_text == "Intern info"
    assert [a.filename for a in note.attachments.all()] == ["log.txt"]
    assert "log.txt" in page(client, ticket).content.decode()


def test_dangerous_upload_is_refused_and_text_kept(client, agent, ticket):
    client.force_login(agent)
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {"kind": "note", "body": "Se bifogat", "version": ticket.version, "attachments": [upload]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Files of type .exe cannot be attached" in html and "Se bifogat" in html
    assert ticket.messages.count() == 1


def test_light_agent_is_offered_notes_only_and_public_reply_is_refused(client, light_agent, ticket):
    client.force_login(light_agent)
    html = page(client, ticket).content.decode()
    assert 'value="reply"' not in html
    version = ticket.version
    response = client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {"kind": "reply", "body": "Forged", "version": version, "send_as": "solved"},
        HTTP_HX_REQUEST="true",
    )
    assert "Light agents can only add internal notes" in response.content.decode()
    ticket.refresh_from_db()
    assert (ticket.version, ticket.status, ticket.messages.count()) == (version, Status.NEW, 1)


def test_light_agent_note_is_added(client, light_agent, ticket):
    client.force_login(light_agent)
    client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {"kind": "note", "body": "Jag vet svaret", "version": ticket.version},
    )
    assert ticket.messages.filter(kind=MessageKind.NOTE, author_agent=light_agent).count() == 1


def test_edit_in_place_changes_priority(client, agent, ticket):
    client.force_login(agent)
    response = client.post(
        reverse("desk:ticket_edit", args=[ticket.number]),
        {"priority": "high", "version": ticket.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Agnes Agent changed priority from Normal to High" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH


def test_stale_edit_shows_conflict_and_changes_nothing(client, agent, colleague, ticket):
    seen_version = ticket.version
    seen_at = ticket.updated_at
    services.change_ticket(
        ticket, actor=Actor.of_agent(colleague), changes={"status": Status.PENDING}
    )
    ticket.refresh_from_db()
    version_now = ticket.version
    client.force_login(agent)
    response = client.post(
        reverse("desk:ticket_edit", args=[ticket.number]),
        {"priority": "urgent", "version": seen_version, "seen": seen_at.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Someone else changed this ticket." in html
    assert "Kalle Kollega changed status from New to Pending" in html
    assert '<option value="urgent" selected>' in html  # the agent's choice is kept
    assert f'name="version" value="{version_now}"' in html
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.version, ticket.status) == (
        Priority.NORMAL,
        version_now,
        Status.PENDING,
    )


def test_stale_reply_keeps_text_and_sends_nothing(client, agent, colleague, ticket):
    seen_version = ticket.version
    services.add_note(ticket, author=colleague, body="x")
    client.force_login(agent)
    response = client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {"kind": "reply", "body": "Mitt svar", "version": seen_version},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Someone else changed this ticket" in html and "Mitt svar" in html
    assert not Message.objects.filter(author_agent=agent).exists()


def test_invalid_transition_shows_error(client, agent, ticket):
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": Status.SOLVED})
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": Status.CLOSED})
    ticket.refresh_from_db()
    client.force_login(agent)
    response = client.post(
        reverse("desk:ticket_edit", args=[ticket.number]),
        {"status": "open", "version": ticket.version},
    )
    assert response.status_code == 400
    assert "A ticket cannot go from Closed to Open" in response.content.decode()


def test_attachment_download_checks_permission(client, agent, outsider, customer, support):
    received = services.receive(
        inbound_email(
            team_id=support.pk,
            external_id="<att@x>",
            attachments=(InboundAttachment("faktura.pdf", "application/pdf", b"%PDF-1.4"),),
        )
    )
    attachment = Attachment.objects.get(message=received.message)
    url = reverse("desk:attachment", args=[attachment.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert response["Content-Disposition"] == 'attachment; filename="faktura.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_ticket_page_query_count_does_not_grow_with_messages(
    client, agent, colleague, ticket, django_assert_max_num_queries
):
    client.force_login(agent)
    for n in range(4):
        services.add_note(ticket, author=colleague, body=f"n{n}")
    with django_assert_max_num_queries(30):
        assert page(client, ticket).status_code == 200
    for n in range(55):
        services.add_note(
            ticket,
            author=colleague if n % 2 else agent,
            body=f"m{n}",
            attachments=(InboundAttachment(f"f{n}.txt", "text/plain", b"x%d" % n),),
        )
        if n % 10 == 0:
            services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"tier": 1 + n % 3})
    assert ticket.messages.count() == 60
    with django_assert_max_num_queries(30):
        assert page(client, ticket).status_code == 200


def test_note_sent_as_pending_sets_the_status(client, agent, ticket):
    client.force_login(agent)
    response = client.post(
        reverse("desk:ticket_compose", args=[ticket.number]),
        {"kind": "note", "body": "Väntar på svar", "version": ticket.version, "send_as": "pending"},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.messages.get(kind=MessageKind.NOTE).body_text == "Väntar på svar"
