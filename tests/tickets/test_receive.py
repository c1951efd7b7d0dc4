from __future__ import annotations

from fyr.tickets import services
from fyr.tickets.choices import Direction, EventKind, Status
from fyr.tickets.inbound import InboundAttachment, ThreadHints
from fyr.tickets.models import Message, Ticket, TicketEvent
from tests.conftest import inbound_email


def test_receive_creates_ticket_contact_message_and_events(db):
    result = services.receive(inbound_email("Nils <NILS@Example.se>", external_id="<a@x>"))
    assert result.created_ticket and not result.duplicate
    ticket = result.ticket
    assert ticket.status == Status.NEW
    assert ticket.requester.email == "nils@example.se"
    assert result.message.direction == Direction.INBOUND
    assert list(ticket.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.MESSAGE_RECEIVED,
    ]


def test_receive_is_idempotent_on_channel_and_external_id(db):
    first = services.receive(inbound_email(external_id="<same@x>"))
    again = services.receive(inbound_email(external_id="<same@x>"))
    assert again.duplicate and again.message.pk == first.message.pk
    assert Message.objects.count() == 1
    assert Ticket.objects.count() == 1


def test_reply_hint_threads_into_existing_ticket_and_reopens_solved(ticket, agent):
    services.reply(ticket, author=agent, body="Vi tittar på det.", status=Status.SOLVED)
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    result = services.receive(
        inbound_email(external_id="<t2@acme.se>", thread=ThreadHints(reply_to=("<t1@acme.se>",)))
    )
    assert result.ticket.pk == ticket.pk and not result.created_ticket
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.REOPENED).count() == 1


def test_ticket_number_token_from_another_sender_opens_new_ticket(ticket, stranger):
    result = services.receive(
        inbound_email("sven@other.se", thread=ThreadHints(ticket_number=ticket.number))
    )
    assert result.created_ticket and result.ticket.pk != ticket.pk


def test_message_to_closed_ticket_opens_linked_follow_up(ticket, agent):
    services.change_ticket(
        ticket, actor=services.Actor.of_agent(agent), changes={"status": "solved"}
    )
    services.change_ticket(
        ticket, actor=services.Actor.of_agent(agent), changes={"status": "closed"}
    )
    result = services.receive(
        inbound_email(thread=ThreadHints(ticket_number=ticket.number), external_id="<t3@x>")
    )
    assert result.created_ticket
    assert result.ticket.follow_up_of_id == ticket.pk


def test_attachments_are_deduplicated_by_content(db):
    blob = InboundAttachment("a.pdf", "application/pdf", b"%PDF-1.4 same")
    services.receive(inbound_email(external_id="<1@x>", attachments=(blob,)))
    services.receive(inbound_email(external_id="<2@x>", attachments=(blob,)))
    from fyr.tickets.models import Attachment, StoredFile

    assert Attachment.objects.count() == 2
    assert StoredFile.objects.count() == 1


def test_customer_reply_to_pending_ticket_opens_it_without_counting_a_reopen(ticket, agent):
    services.reply(ticket, author=agent, body="Kan du skicka fakturanumret?", status=Status.PENDING)
    services.receive(
        inbound_email(external_id="<t4@acme.se>", thread=ThreadHints(reply_to=("<t1@acme.se>",)))
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert not ticket.events.filter(kind=EventKind.REOPENED).exists()
    change = ticket.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert (change.actor_kind, change.data) == ("contact", {"before": "pending", "after": "open"})


def test_a_new_ticket_is_version_one(db):
    assert services.receive(inbound_email()).ticket.version == 1


def test_plain_text_is_stored_as_safe_html_with_links(db):
    message = services.receive(
        inbound_email(text="Se <b>https://example.se/faktura</b>\nTack!", external_id="<h@x>")
    ).message
    assert message.body_html == (
        'Se &lt;b&gt;<a href="https://example.se/faktura" rel="nofollow">'
        "https://example.se/faktura</a>&lt;/b&gt;<br>\nTack!"
    )
